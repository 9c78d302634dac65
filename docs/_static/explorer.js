/* gdbook's explorers and step animations. Hand-written, no framework, nothing
   from another host. docs/_ext/book_explorer.py writes the markup and the
   runs (computed by gdbook when the book is built); docs/design.md says how.

   Explorer: a div.explorer[data-src], hidden until this script shows it, with
   one <input type="range"> per grid axis. The runs are fetched when the
   explorer comes near the screen (or is touched or focused), then every move
   of a slider redraws the run on the loss curve and the loss against the
   step (inline SVGs) and says its outcome, as gdbook's Trajectory.outcome
   names it, in the status line, an aria-live region. A run that leaves the
   plot is marked where it left, and the status says where it ended.

   Step animation: figure.step-animation shows a still of the whole run; this
   script adds a play/pause button and a step scrubber, and draws the steps
   up to the one shown over the figure's background, at the pace the build
   gave each step. It plays once the figure is fully in view, unless the
   reader prefers reduced motion or has already taken the controls. */
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

  // Where a run leaves the plotted range, and which way its end lies.
  function direction(view, w, loss) {
    if (w > view.x[1]) return "\u2192";
    if (w < view.x[0]) return "\u2190";
    if (loss !== null && loss > view.y[1]) return "\u2191";
    return "";
  }

  function xMark(x, y, r) {
    // A filled cross, as matplotlib's marker "X" draws the end of a run.
    const a = r * 0.35;
    const p = [[-r, -r + a], [-r + a, -r], [0, -a], [r - a, -r], [r, -r + a], [a, 0], [r, r - a], [r - a, r], [0, a], [-r + a, r], [-r, r - a], [-a, 0]];
    return p.map(([dx, dy]) => `${round(x + dx)},${round(y + dy)}`).join(" ");
  }

  class Explorer {
    constructor(root) {
      this.root = root;
      this.key = root.dataset.key;
      this.src = root.dataset.src;
      this.svg = root.querySelector(".explorer-path-svg");
      this.lossSvg = root.querySelector(".explorer-loss-svg");
      this.plot = root.querySelector(".explorer-plot");
      this.lossPlot = root.querySelector(".explorer-loss-plot");
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
          this.endColour = data.colours.steps[data.colours.steps.length - 1];
          this.root.style.setProperty("--explorer-end", this.endColour);
          this.root.classList.add("explorer-ready");
          if ("ResizeObserver" in window) {
            const observer = new ResizeObserver(() => this.draw());
            observer.observe(this.plot);
            observer.observe(this.lossPlot);
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
      this.data.axes.forEach((axis, a) => {
        const slider = this.sliders.find((s) => s.name === axis.name);
        const i = slider ? Number(slider.value) : this.data.initial[a];
        flat = flat * axis.values.length + i;
      });
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
      const lossWidth = Math.round(this.lossPlot.clientWidth);
      if (!width) return;
      if (width !== this.width || lossWidth !== this.lossWidth) {
        this.width = width;
        this.lossWidth = lossWidth;
        this.drawFrame();
        this.drawLossFrame();
      }
      this.drawRun();
    }

    // Axes with ticks in an SVG: returns the scales and the clipped plot group.
    axes(svg, width, height, x, y, labels, clipId) {
      const m = { left: 48, right: 12, top: 40, bottom: 40 };
      const sx = (v) => m.left + ((v - x[0]) / (x[1] - x[0])) * (width - m.left - m.right);
      const sy = (v) => m.top + ((y[1] - v) / (y[1] - y[0])) * (height - m.top - m.bottom);
      svg.replaceChildren();
      svg.setAttribute("viewBox", `0 0 ${width} ${height}`);
      svg.setAttribute("width", width);
      svg.setAttribute("height", height);
      const defs = make("defs", {}, svg);
      make(
        "rect",
        { x: m.left, y: m.top, width: width - m.left - m.right, height: height - m.top - m.bottom },
        make("clipPath", { id: clipId }, defs),
      );
      const axes = make("g", { class: "explorer-axes", "aria-hidden": "true" }, svg);
      const bottom = height - m.bottom;
      make("path", { d: `M${m.left},${m.top}V${bottom}H${width - m.right}`, class: "explorer-axis" }, axes);
      for (const [v, label] of niceTicks(x[0], x[1], Math.floor((width - 60) / 70))) {
        const px = round(sx(v));
        make("path", { d: `M${px},${bottom}v5`, class: "explorer-axis" }, axes);
        make("text", { x: px, y: bottom + 18, "text-anchor": "middle" }, axes).textContent = label;
      }
      for (const [v, label] of niceTicks(y[0], y[1], Math.floor((height - 80) / 45))) {
        const py = round(sy(v));
        make("path", { d: `M${m.left},${py}h-5`, class: "explorer-axis" }, axes);
        make("text", { x: m.left - 8, y: py + 4, "text-anchor": "end" }, axes).textContent = label;
      }
      make("text", { x: round((m.left + width - m.right) / 2), y: height - 4, "text-anchor": "middle", class: "explorer-axis-label" }, axes).textContent = labels[0];
      make(
        "text",
        { transform: `translate(12 ${round((m.top + bottom) / 2)}) rotate(-90)`, "text-anchor": "middle", class: "explorer-axis-label" },
        axes,
      ).textContent = labels[1];
      const plot = make("g", { "clip-path": `url(#${clipId})`, "aria-hidden": "true" }, svg);
      return { sx, sy, plot, m, bottom };
    }

    height(width) {
      // Taller on a phone, so the curve is not flattened into a strip.
      return Math.round(Math.min(Math.max(width * (width < 520 ? 0.8 : 0.62), 250), 420));
    }

    // The axes, the loss curve and the minima: redrawn when the width changes.
    drawFrame() {
      const { view, curve, minima, colours } = this.data;
      const width = this.width;
      const height = this.height(width);
      const frame = this.axes(this.svg, width, height, view.x, view.y, ["w", "L(w)"], `${this.key}-clip`);
      this.sx = frame.sx;
      this.sy = frame.sy;
      this.m = frame.m;
      this.plotHeight = height;
      const d = curve.y.map((l, i) => `${i ? "L" : "M"}${round(this.sx(curve.x0 + i * curve.dx))},${round(this.sy(l))}`);
      make("path", { d: d.join(""), class: "explorer-curve", stroke: colours.neutral }, frame.plot);
      this.minima = minima.map(([w, l, kind]) => {
        const x = this.sx(w);
        const y = this.sy(l);
        return kind === "global"
          ? make("polygon", { points: starPoints(x, y, 9), class: "explorer-minimum", stroke: colours.neutral }, frame.plot)
          : make("circle", { cx: round(x), cy: round(y), r: 5.5, class: "explorer-minimum", stroke: colours.neutral }, frame.plot);
      });
      this.run = make("g", { class: "explorer-run" }, frame.plot);
      this.labels = make("g", { class: "explorer-labels", "aria-hidden": "true" }, this.svg);
      this.title = make("text", { x: this.m.left, y: 16, class: "explorer-outcome", "aria-hidden": "true" }, this.svg);
    }

    drawLossFrame() {
      const { view, steps } = this.data;
      const width = this.lossWidth;
      if (!width) return;
      const height = Math.round(Math.min(this.height(this.width), Math.max(width * 0.7, 220)));
      const frame = this.axes(this.lossSvg, width, height, [0, steps], view.y, ["step", "L(w)"], `${this.key}-loss-clip`);
      this.lx = frame.sx;
      this.ly = frame.sy;
      this.lossRun = make("g", { class: "explorer-loss-run" }, frame.plot);
    }

    // The loss at w, by interpolation between the curve's samples (null off it).
    lossAt(w) {
      const { x0, dx, y } = this.data.curve;
      const f = (w - x0) / dx;
      if (!(f >= 0 && f <= y.length - 1)) return null;
      const i = Math.min(Math.floor(f), y.length - 2);
      return y[i] + (y[i + 1] - y[i]) * (f - i);
    }

    inView(w, loss) {
      const { view } = this.data;
      return loss !== null && w >= view.x[0] && w <= view.x[1] && loss >= view.y[0] && loss <= view.y[1];
    }

    drawRun() {
      if (!this.width) return;
      const { runs, steps, colours, view } = this.data;
      const i = this.index();
      const positions = runs.w[i];
      const losses = positions.map((w) => this.lossAt(w));
      const shown = positions.map((w, t) => this.inView(w, losses[t]));
      const points = positions.map((w, t) => (shown[t] ? [this.sx(w), this.sy(losses[t])] : null));
      const kind = outcomeKind(runs.outcome[i]);
      const run = this.run;
      run.replaceChildren();
      this.labels.replaceChildren();

      let d = "";
      let previous = null;
      for (const p of points) {
        if (p) d += `${previous ? "L" : "M"}${round(p[0])},${round(p[1])}`;
        previous = p;
      }
      const link = make("path", { d: d || "M0,0", class: "explorer-path", stroke: stepColour(this.stops, 0.5) }, run);
      link.dataset.run = String(i);
      points.forEach((p, t) => {
        if (p) make("circle", { cx: round(p[0]), cy: round(p[1]), r: 3.2, class: "explorer-point", fill: stepColour(this.stops, t / steps) }, run);
      });
      if (points[0]) {
        make("circle", { cx: round(points[0][0]), cy: round(points[0][1]), r: 7, class: "explorer-start", stroke: stepColour(this.stops, 0) }, run);
      }
      // The end: where gdbook says the run ended, crossed in the legend's colour.
      const finalW = runs.final_w[i];
      const finalLoss = finalW === null ? null : this.lossAt(finalW);
      const endShown = finalW !== null && this.inView(finalW, finalLoss);
      if (endShown) {
        make("polygon", { points: xMark(this.sx(finalW), this.sy(finalLoss), 6), class: "explorer-end", fill: this.endColour }, run);
      }
      // Off the plot: a mark on the edge where the run first left it.
      this.left = shown.indexOf(false);
      if (this.left < 0 && !endShown) this.left = positions.length;
      if (this.left >= 0) {
        const t = Math.min(this.left, positions.length - 1);
        const w = positions[t];
        const way = direction(view, endShown ? w : finalW ?? w, losses[t]) || direction(view, w, losses[t]);
        const [px0, px1] = [this.sx(view.x[0]), this.sx(view.x[1])];
        const [py0, py1] = [this.sy(view.y[1]), this.sy(view.y[0])];
        const x = Math.min(Math.max(this.sx(w), px0 + 7), px1 - 7);
        const y = losses[t] === null ? (py0 + py1) / 2 : Math.min(Math.max(this.sy(losses[t]), py0 + 7), py1 - 7);
        const tri = { "\u2192": [[7, 0], [-5, -7], [-5, 7]], "\u2190": [[-7, 0], [5, -7], [5, 7]], "\u2191": [[0, -7], [-7, 5], [7, 5]] }[way] || [[0, -7], [-7, 5], [7, 5]];
        make("polygon", { points: tri.map(([a, b]) => `${round(x + a)},${round(y + b)}`).join(" "), class: "explorer-offplot", fill: endShown ? colours.neutral : this.endColour }, run);
        const text = endShown
          ? `left the plot at step ${this.left}`
          : `${way} ends off the plot, w = ${finalW === null ? "not finite" : show(finalW)}`;
        const anchorRight = x > (px0 + px1) / 2;
        const label = make("text", { x: round(anchorRight ? px1 : px0), y: this.m.top - 8, "text-anchor": anchorRight ? "end" : "start", class: "explorer-offplot-label" }, this.labels);
        label.textContent = text;
      }
      // The minima on the run's way, numbered from its start as gdbook names
      // them: the one it ended in by its outcome, those it passed 1, 2, ...
      this.minima.forEach((marker, k) => {
        const reached = k === runs.minimum[i];
        marker.setAttribute("fill", reached ? colours.outcome[kind] || colours.outcome.converged : "none");
        marker.classList.toggle("explorer-reached", reached);
      });
      if (runs.settled[i] >= 0 && endShown) {
        const start = positions[0];
        if (runs.minimum[i] < 0) {
          make("circle", { cx: round(this.sx(finalW)), cy: round(this.sy(finalLoss)), r: 5.5, class: "explorer-minimum explorer-reached explorer-found", fill: colours.outcome[kind], stroke: colours.neutral }, run);
        }
        const named = [[finalW, finalLoss, runs.outcome[i].replace(" minimum", ""), true]];
        this.data.minima
          .filter(([w, , k]) => k === "local" && Math.min(start, finalW) <= w && w <= Math.max(start, finalW) && w !== this.data.minima[runs.minimum[i]]?.[0])
          .sort((a, b) => Math.abs(a[0] - start) - Math.abs(b[0] - start))
          .forEach(([w, l], n) => named.push([w, l, String(n + 1), false]));
        for (const [w, l, text, reached] of named) {
          const x = this.sx(w);
          const y = this.sy(l);
          if (!this.inView(w, l)) continue;
          const below = Math.min(y + 22, this.plotHeight - this.m.bottom - 4);
          const label = make("text", { x: round(x), y: round(below), "text-anchor": "middle", class: reached ? "explorer-minimum-label" : "explorer-minimum-number" }, run);
          label.textContent = text;
          if (reached) label.dataset.outcome = runs.outcome[i];
        }
      }
      this.title.textContent = result(runs, i, steps);
      this.drawLoss(i, losses);
      this.say(i);
    }

    // The loss against the step: the stored steps, then what gdbook says of
    // the rest (settled: flat; a cycle: repeated; left far behind: nothing).
    drawLoss(i, losses) {
      if (!this.lossRun) return;
      const { runs, steps } = this.data;
      const group = this.lossRun;
      group.replaceChildren();
      const values = [...losses];
      const period = runs.period[i];
      if (period > 0) {
        const cycle = values.slice(values.length - period);
        while (values.length <= steps) values.push(cycle[(values.length - (losses.length - period)) % period]);
      }
      let d = "";
      let previous = null;
      values.forEach((l, t) => {
        if (l !== null) d += `${previous === null ? "M" : "L"}${round(this.lx(t))},${round(this.ly(l))}`;
        previous = l;
      });
      make("path", { d: d || "M0,0", class: "explorer-loss-line", stroke: stepColour(this.stops, 0.5) }, group);
      losses.forEach((l, t) => {
        if (l !== null && t < 400) make("circle", { cx: round(this.lx(t)), cy: round(this.ly(l)), r: 2, fill: stepColour(this.stops, t / steps) }, group);
      });
      const last = losses.length - 1;
      if (runs.settled[i] >= 0 && runs.final_loss[i] !== null) {
        make("path", { d: `M${round(this.lx(last))},${round(this.ly(runs.final_loss[i]))}H${round(this.lx(steps))}`, class: "explorer-loss-rest", stroke: stepColour(this.stops, 1) }, group);
      }
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
      text += ".";
      if (this.left >= 0 && this.left < runs.w[i].length) text += ` It leaves the plot at step ${this.left}.`;
      if (runs.final_loss[i] !== null) {
        text += ` It ends at w = ${show(runs.final_w[i])}, loss ${show(runs.final_loss[i])}`;
        text += this.inView(runs.final_w[i], this.lossAt(runs.final_w[i])) ? "." : ", off the plot.";
      } else if (runs.outcome[i] === "diverged") {
        text += " Its position is no longer a finite number.";
      }
      this.status.textContent = text;
      this.status.dataset.run = String(i);
    }
  }

  class StepAnimation {
    constructor(figure) {
      this.frame = figure.querySelector(".step-animation-frame");
      this.data = JSON.parse(this.frame.dataset.frames);
      this.images = [...this.frame.querySelectorAll("img[data-background]")];
      this.stills = this.images.map((img) => img.getAttribute("src"));
      this.last = this.data.x.length - 1;
      this.k = this.last;
      this.playing = false;
      this.touched = false;
      const [w, h] = this.data.size;
      this.svg = make("svg", { class: "step-animation-steps", viewBox: `0 0 ${w} ${h}`, "aria-hidden": "true", focusable: "false" }, this.frame);
      const id = `step-animation-${document.querySelectorAll(".step-animation-controls").length}`;
      const controls = document.createElement("div");
      controls.className = "step-animation-controls";
      controls.innerHTML =
        `<button type="button" class="step-animation-button" aria-controls="${id}-step"></button>` +
        `<label for="${id}-step">Step</label>` +
        `<input type="range" id="${id}-step" min="0" max="${this.last}" step="1" value="${this.last}">` +
        `<output class="step-animation-counter" for="${id}-step" aria-hidden="true"></output>`;
      this.frame.after(controls);
      this.button = controls.querySelector("button");
      this.scrubber = controls.querySelector("input");
      this.counter = controls.querySelector("output");
      this.button.addEventListener("click", () => {
        this.touched = true;
        if (this.playing) this.pause();
        else this.play();
      });
      this.scrubber.addEventListener("input", () => {
        this.touched = true;
        const k = Number(this.scrubber.value);
        clearTimeout(this.timer);
        this.playing = false;
        this.show(k);
      });
      this.show(this.last);
      if (!reducedMotion.matches && "IntersectionObserver" in window) {
        const observer = new IntersectionObserver(
          (entries) => {
            if (entries.some((e) => e.intersectionRatio >= 0.99)) {
              observer.disconnect();
              if (!this.touched) this.play();
            }
          },
          { threshold: 0.99 },
        );
        observer.observe(this.frame);
      }
    }

    // Step k: the figure's background with the steps up to k; the last step
    // is the still, the whole run as the static figure draws it.
    show(k) {
      this.k = k;
      const still = k === this.last && !this.playing;
      this.images.forEach((img, n) => {
        const src = still ? this.stills[n] : img.dataset.background;
        if (img.getAttribute("src") !== src) img.src = src;
      });
      this.svg.replaceChildren();
      if (!still) this.drawSteps(k);
      this.scrubber.value = String(k);
      const words = `step ${k} of ${this.last}`;
      this.scrubber.setAttribute("aria-valuetext", words);
      this.counter.textContent = `Step ${k} / ${this.last}`;
      this.frame.classList.toggle("step-animation-look", k >= this.data.look[0] && k <= this.data.look[1]);
      this.button.textContent = this.playing ? "Pause" : k === this.last ? "Play the steps" : "Play";
    }

    drawSteps(k) {
      const { x, y, colour, markers, clip } = this.data;
      const group = make("g", {}, this.svg);
      make("rect", { x: clip[0], y: clip[1], width: clip[2], height: clip[3] }, make("clipPath", { id: "step-animation-clip" }, make("defs", {}, this.svg)));
      group.setAttribute("clip-path", "url(#step-animation-clip)");
      for (let t = 0; t < k; t += 1) {
        make("line", { x1: x[t], y1: y[t], x2: x[t + 1], y2: y[t + 1], stroke: colour[t], "stroke-width": markers.link, "stroke-opacity": 0.8 }, group);
      }
      for (let t = 0; t <= k; t += 1) {
        make("circle", { cx: x[t], cy: y[t], r: markers.point, fill: colour[t], class: "step-animation-point" }, group);
      }
      make("circle", { cx: x[0], cy: y[0], r: markers.start, fill: "none", stroke: colour[0], "stroke-width": markers.start_width }, group);
      make("polygon", { points: xMark(x[k], y[k], markers.end), fill: this.data.end_colour }, group);
    }

    play() {
      if (this.k >= this.last) this.k = 0;
      this.playing = true;
      this.show(this.k);
      this.tick();
    }

    tick() {
      clearTimeout(this.timer);
      this.timer = setTimeout(() => {
        if (!this.playing) return;
        if (this.k + 1 >= this.last) {
          this.playing = false;
          this.show(this.last);
          return;
        }
        this.show(this.k + 1);
        this.tick();
      }, this.data.ms[this.k]);
    }

    pause() {
      clearTimeout(this.timer);
      this.playing = false;
      this.show(this.k);
    }
  }

  for (const root of document.querySelectorAll(".explorer[data-src]")) new Explorer(root);
  for (const figure of document.querySelectorAll("figure.step-animation")) new StepAnimation(figure);
})();
