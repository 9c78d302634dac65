/* gdbook's explorers and step animations. Hand-written, no framework, nothing
   from another host. docs/_ext/book_explorer.py writes the markup and the
   runs (computed by gdbook when the book is built); docs/design.md says how.

   Explorer: a div.explorer[data-src], hidden until this script shows it, with
   one <input type="range"> per grid axis. The runs are fetched when the
   explorer comes near the screen (or is touched or focused), then every move
   of a slider redraws the run on the loss curve (an inline SVG) and says its
   outcome in the status line, an aria-live region.

   Step animation: figure.step-animation shows a still of the whole run; this
   script swaps in the animated PNG when the figure comes into view (not when
   the reader prefers reduced motion) and adds a button to play it again or
   stop it. */
"use strict";

(() => {
  const SVG = "http://www.w3.org/2000/svg";
  const reducedMotion = window.matchMedia("(prefers-reduced-motion: reduce)");

  function make(name, attrs, parent) {
    const node = document.createElementNS(SVG, name);
    for (const [key, value] of Object.entries(attrs || {})) {
      node.setAttribute(key, value);
    }
    if (parent) parent.appendChild(node);
    return node;
  }

  // A number as the book prints it: shortest form, with a real minus sign.
  const show = (value) => String(value).replace("-", "\u2212");
  const round = (value) => Math.round(value * 100) / 100;

  function niceTicks(low, high, count) {
    // At least `count` ticks where the range allows: a step of 1, 2, 2.5 or 5.
    const raw = (high - low) / Math.max(count + 1, 2);
    const magnitude = 10 ** Math.floor(Math.log10(raw));
    const step = [1, 2, 2.5, 5, 10].map((m) => m * magnitude).find((s) => s >= raw);
    const ticks = [];
    for (let v = Math.ceil(low / step - 1e-9) * step; v <= high + step * 1e-9; v += step) {
      ticks.push(Number(v.toFixed(10)));
    }
    const decimals = Math.max(0, -Math.floor(Math.log10(step) + 1e-9));
    return ticks.map((v) => [v, show((v + 0).toFixed(decimals))]);
  }

  function hexToRgb(hex) {
    const n = parseInt(hex.slice(1), 16);
    return [(n >> 16) & 255, (n >> 8) & 255, n & 255];
  }

  // The colour of a step, from the stops of gdbook.plot.STEP_CMAP.
  function stepColour(stops, fraction) {
    const f = Math.min(Math.max(fraction, 0), 1) * (stops.length - 1);
    const i = Math.min(Math.floor(f), stops.length - 2);
    const a = stops[i];
    const b = stops[i + 1];
    const rgb = a.map((c, k) => Math.round(c + (b[k] - c) * (f - i)));
    return `rgb(${rgb.join(",")})`;
  }

  function starPoints(x, y, r) {
    const points = [];
    for (let k = 0; k < 10; k += 1) {
      const radius = k % 2 ? r * 0.45 : r;
      const angle = -Math.PI / 2 + (k * Math.PI) / 5;
      points.push(`${round(x + radius * Math.cos(angle))},${round(y + radius * Math.sin(angle))}`);
    }
    return points.join(" ");
  }

  function outcomeKind(outcome) {
    if (outcome.startsWith("global")) return "global";
    if (outcome.startsWith("local")) return "local";
    return outcome;
  }

  // The run's result in words, as gdbook.plot.path_1d titles it.
  function result(runs, i, steps) {
    const outcome = runs.outcome[i];
    if (outcome === "diverged" && runs.diverged[i] >= 0) {
      return `diverged at step ${runs.diverged[i]}`;
    }
    if (runs.settled[i] >= 0) return `${outcome}, settled at step ${runs.settled[i]}`;
    if (outcome === "oscillating") return `oscillating, never settles in ${steps} steps`;
    if (outcome === "descending") return `descending, still on its way down after ${steps} steps`;
    return outcome;
  }

  class Explorer {
    constructor(root) {
      this.root = root;
      this.key = root.dataset.key;
      this.src = root.dataset.src;
      this.svg = root.querySelector("svg");
      this.plot = root.querySelector(".explorer-plot");
      this.status = root.querySelector(".explorer-status");
      this.sliders = [...root.querySelectorAll("input[type=range]")];
      this.data = null;
      this.width = 0;
      for (const slider of this.sliders) {
        slider.addEventListener("input", () => this.update());
      }
      root.hidden = false;
      this.lazyLoad();
    }

    lazyLoad() {
      const start = () => this.load();
      this.root.addEventListener("focusin", start, { once: true });
      this.root.addEventListener("pointerdown", start, { once: true });
      if ("IntersectionObserver" in window) {
        const observer = new IntersectionObserver(
          (entries) => {
            if (entries.some((e) => e.isIntersecting)) {
              observer.disconnect();
              start();
            }
          },
          { rootMargin: "300px 0px" },
        );
        observer.observe(this.root);
      } else {
        start();
      }
    }

    load() {
      if (this.loading) return;
      this.loading = true;
      if (window.location.protocol === "file:") {
        this.fail(
          "This explorer loads its runs from the web server, and a book opened " +
            "as a file has none: serve the folder (python -m http.server) or " +
            "use the figure above.",
        );
        return;
      }
      fetch(this.src)
        .then((response) => {
          if (!response.ok) throw new Error(`HTTP ${response.status}`);
          return response.json();
        })
        .then((data) => {
          this.data = data;
          this.stops = data.colours.steps.map(hexToRgb);
          this.root.classList.add("explorer-ready");
          if ("ResizeObserver" in window) {
            new ResizeObserver(() => this.draw()).observe(this.plot);
          }
          this.draw();
        })
        .catch((error) => this.fail(`The runs could not be loaded (${error.message}).`));
    }

    fail(message) {
      this.root.classList.add("explorer-failed");
      this.status.textContent = message;
    }

    // The index of the current run, row-major over the axes (last fastest).
    index() {
      let flat = 0;
      for (const axis of this.data.axes) {
        const slider = this.sliders.find((s) => s.name === axis.name);
        const i = slider ? Number(slider.value) : this.data.initial[this.data.axes.indexOf(axis)];
        flat = flat * axis.values.length + i;
      }
      return flat;
    }

    update() {
      for (const slider of this.sliders) {
        const values = slider.dataset.values.split(" ");
        const value = show(Number(values[Number(slider.value)]));
        const symbol = slider.labels[0].querySelector(".explorer-symbol").textContent;
        slider.setAttribute("aria-valuetext", `${symbol} = ${value}`);
        this.root.querySelector(`#${slider.id}-value`).textContent = value;
      }
      if (this.data) this.drawRun();
      else this.load();
    }

    draw() {
      const width = Math.round(this.plot.clientWidth);
      if (!width) return;
      if (width !== this.width) {
        this.width = width;
        this.drawFrame();
      }
      this.drawRun();
    }

    // The axes, the loss curve and the minima: redrawn when the width changes.
    drawFrame() {
      const { view, curve, minima, colours } = this.data;
      const width = this.width;
      // Taller on a phone, so the curve is not flattened into a strip.
      const height = Math.round(Math.min(Math.max(width * (width < 520 ? 0.8 : 0.56), 240), 400));
      this.height = height;
      const m = { left: 48, right: 12, top: 30, bottom: 40 };
      const [x0, x1] = view.x;
      const [y0, y1] = view.y;
      this.sx = (w) => m.left + ((w - x0) / (x1 - x0)) * (width - m.left - m.right);
      this.sy = (l) => m.top + ((y1 - l) / (y1 - y0)) * (height - m.top - m.bottom);
      const svg = this.svg;
      svg.replaceChildren();
      svg.setAttribute("viewBox", `0 0 ${width} ${height}`);
      svg.setAttribute("width", width);
      svg.setAttribute("height", height);
      const clip = `${this.key}-clip`;
      const defs = make("defs", {}, svg);
      make(
        "rect",
        { x: m.left, y: m.top, width: width - m.left - m.right, height: height - m.top - m.bottom },
        make("clipPath", { id: clip }, defs),
      );
      const axes = make("g", { class: "explorer-axes", "aria-hidden": "true" }, svg);
      const bottom = height - m.bottom;
      make("path", { d: `M${m.left},${m.top}V${bottom}H${width - m.right}`, class: "explorer-axis" }, axes);
      for (const [v, label] of niceTicks(x0, x1, Math.floor((width - 60) / 70))) {
        const x = round(this.sx(v));
        make("path", { d: `M${x},${bottom}v5`, class: "explorer-axis" }, axes);
        make("text", { x, y: bottom + 18, "text-anchor": "middle" }, axes).textContent = label;
      }
      for (const [v, label] of niceTicks(y0, y1, Math.floor((height - 70) / 45))) {
        const y = round(this.sy(v));
        make("path", { d: `M${m.left},${y}h-5`, class: "explorer-axis" }, axes);
        make("text", { x: m.left - 8, y: y + 4, "text-anchor": "end" }, axes).textContent = label;
      }
      const xLabel = make("text", { x: round((m.left + width - m.right) / 2), y: height - 4, "text-anchor": "middle", class: "explorer-axis-label" }, axes);
      xLabel.textContent = "w";
      const yLabel = make(
        "text",
        { transform: `translate(12 ${round((m.top + bottom) / 2)}) rotate(-90)`, "text-anchor": "middle", class: "explorer-axis-label" },
        axes,
      );
      yLabel.textContent = "L(w)";

      const plot = make("g", { "clip-path": `url(#${clip})`, "aria-hidden": "true" }, svg);
      const d = curve.y.map((l, i) => `${i ? "L" : "M"}${round(this.sx(curve.x0 + i * curve.dx))},${round(this.sy(l))}`);
      make("path", { d: d.join(""), class: "explorer-curve", stroke: colours.neutral }, plot);
      this.minima = minima.map(([w, l, kind]) => {
        const x = this.sx(w);
        const y = this.sy(l);
        return kind === "global"
          ? make("polygon", { points: starPoints(x, y, 9), class: "explorer-minimum", stroke: colours.neutral }, plot)
          : make("circle", { cx: round(x), cy: round(y), r: 5.5, class: "explorer-minimum", stroke: colours.neutral }, plot);
      });
      this.run = make("g", { class: "explorer-run" }, plot);
      this.title = make("text", { x: m.left + 2, y: 16, class: "explorer-outcome", "aria-hidden": "true" }, svg);
    }

    // A position's point on the curve, by interpolation between its samples.
    at(w) {
      const { x0, dx, y } = this.data.curve;
      const f = (w - x0) / dx;
      if (!(f >= 0 && f <= y.length - 1)) return null;
      const i = Math.min(Math.floor(f), y.length - 2);
      return [this.sx(w), this.sy(y[i] + (y[i + 1] - y[i]) * (f - i))];
    }

    drawRun() {
      if (!this.width) return;
      const { runs, steps, colours } = this.data;
      const i = this.index();
      const positions = runs.w[i];
      const kind = outcomeKind(runs.outcome[i]);
      const points = positions.map((w) => this.at(w));
      const run = this.run;
      run.replaceChildren();

      let d = "";
      let previous = null;
      for (const p of points) {
        if (p) d += `${previous ? "L" : "M"}${round(p[0])},${round(p[1])}`;
        previous = p;
      }
      const link = make("path", { d: d || "M0,0", class: "explorer-path", stroke: stepColour(this.stops, 0.5) }, run);
      link.dataset.run = String(i);
      points.forEach((p, t) => {
        if (p) make("circle", { cx: round(p[0]), cy: round(p[1]), r: 3.2, fill: stepColour(this.stops, t / steps) }, run);
      });
      const first = points[0];
      if (first) {
        make("circle", { cx: round(first[0]), cy: round(first[1]), r: 7, class: "explorer-start", stroke: stepColour(this.stops, 0) }, run);
      }
      const lastIndex = points.length - 1;
      const last = points[lastIndex];
      if (last) {
        const [x, y] = last.map(round);
        make("path", { d: `M${x - 5},${y - 5}L${x + 5},${y + 5}M${x - 5},${y + 5}L${x + 5},${y - 5}`, class: "explorer-end", stroke: stepColour(this.stops, lastIndex / steps) }, run);
      }
      this.minima.forEach((marker, k) => {
        const reached = k === runs.minimum[i];
        marker.setAttribute("fill", reached ? colours.outcome[kind] || colours.outcome.converged : "none");
        marker.classList.toggle("explorer-reached", reached);
      });
      // Name the minimum the run ended in, as the figures do ("local 3").
      const reached = this.data.minima[runs.minimum[i]];
      if (reached) {
        const x = this.sx(reached[0]);
        const y = this.sy(reached[1]);
        const below = y + 24 < this.height - 44;
        const label = make("text", { x: round(x), y: round(below ? y + 24 : y - 16), "text-anchor": "middle", class: "explorer-minimum-label" }, run);
        label.textContent = runs.outcome[i].replace(" minimum", "");
      }
      this.title.textContent = result(runs, i, steps);
      this.say(i);
    }

    say(i) {
      const { runs, axes, steps } = this.data;
      let flat = i;
      const setting = [];
      for (let a = axes.length - 1; a >= 0; a -= 1) {
        const n = axes[a].values.length;
        setting.unshift(`${axes[a].symbol} = ${show(axes[a].values[flat % n])}`);
        flat = Math.floor(flat / n);
      }
      let text = `${setting.join(", ")}: ${result(runs, i, steps)}`;
      if (runs.settled[i] >= 0) text += ` (of ${steps})`;
      const period = runs.period[i];
      if (period === 2) text += ", swinging between two points";
      else if (period > 2) text += `, cycling through ${period} points`;
      text += ".";
      if (runs.final_loss[i] !== null) {
        text += ` It ends at w = ${show(runs.final_w[i])}, loss ${show(runs.final_loss[i])}.`;
      }
      this.status.textContent = text;
      this.status.dataset.run = String(i);
    }
  }

  class StepAnimation {
    constructor(figure) {
      this.images = [...figure.querySelectorAll("img[data-animation]")];
      this.stills = this.images.map((img) => img.getAttribute("src"));
      this.duration = Number(this.images[0].dataset.duration) || 8000;
      this.plays = 0;
      this.playing = false;
      this.button = document.createElement("button");
      this.button.type = "button";
      this.button.className = "step-animation-button";
      this.button.addEventListener("click", () => (this.playing ? this.stop() : this.play()));
      figure.querySelector(".step-animation-frame").after(this.button);
      this.label();
      if (!reducedMotion.matches && "IntersectionObserver" in window) {
        const observer = new IntersectionObserver(
          (entries) => {
            if (entries.some((e) => e.isIntersecting)) {
              observer.disconnect();
              if (!this.plays) this.play();
            }
          },
          { threshold: 0.6 },
        );
        observer.observe(figure.querySelector(".step-animation-frame"));
      }
    }

    label() {
      this.button.textContent = this.playing ? "Stop" : this.plays ? "Play again" : "Play the steps";
    }

    play() {
      this.plays += 1;
      // A new address each time makes the browser start the animation over.
      const again = this.plays > 1 ? `?play=${this.plays}` : "";
      this.images.forEach((img) => {
        img.src = img.dataset.animation + again;
      });
      this.playing = true;
      this.label();
      clearTimeout(this.timer);
      this.timer = setTimeout(() => this.stop(), this.duration);
    }

    stop() {
      clearTimeout(this.timer);
      this.images.forEach((img, k) => {
        img.src = this.stills[k];
      });
      this.playing = false;
      this.label();
    }
  }

  for (const root of document.querySelectorAll(".explorer[data-src]")) new Explorer(root);
  for (const figure of document.querySelectorAll("figure.step-animation")) new StepAnimation(figure);
})();
