"""The explorers and the step animation: their data, and the pages in a browser.

The first part needs no browser: the runs an explorer ships (built by
``docs/_ext/book_explorer.py`` for the explorers of the chapters) are what
:func:`gdbook.descend` gives for the same settings, and the file is the same
bytes at every build. The second part drives the built book in headless
Chromium (the fixtures of ``test_browser.py``): a slider moved with the
keyboard redraws the run, the numbers shown are those of ``gdbook.descend``,
a reader without JavaScript sees the static figures and no controls, and
nothing logs an error, calls another host or fails axe-core.
"""

from __future__ import annotations

import gzip
import io
import json
import re
import sys
from pathlib import Path
from typing import Any

import numpy as np
import pytest
import test_browser
from conftest import DOCS, Build
from matplotlib.colors import to_hex
from PIL import Image
from test_browser import PAGE_BUDGET, Site, axe_violations, open_page

import gdbook
from gdbook import landscapes, optim, plot

sys.path.insert(0, str(DOCS / "_ext"))
# They live in docs/_ext.
import explorer_animation
import explorer_data
import explorer_spec

# The served book and the browser, the fixtures of test_browser.py.
site = test_browser.site
browser = test_browser.browser
MINUS = "\u2212"

CHAPTERS = sorted((DOCS / "chapters").glob("*.md"))
EXPLORER = re.compile(
    r"^:::\{explorer\} (\w+)\n((?::[\w-]+:.*\n)*)", re.MULTILINE | re.IGNORECASE
)
# The chapters that must have an explorer: the learning rate, the trap, efficiency.
WITH_EXPLORER = ("02-", "03-", "04-")
OUTCOME = re.compile(
    r": (global minimum|local minimum \d+|oscillating|diverged|descending|converged)"
)


def chapter_explorers() -> list[tuple[str, str, dict[str, str]]]:
    """(chapter, landscape, options) of every explorer directive in the chapters."""
    found = []
    for chapter in CHAPTERS:
        for match in EXPLORER.finditer(chapter.read_text(encoding="utf-8")):
            options = dict(
                re.findall(r"^:([\w-]+):[ \t]*(.*)$", match.group(2), re.MULTILINE)
            )
            found.append((chapter.stem, match.group(1), options))
    return found


def descend_one(data: dict[str, Any], setting: dict[str, float]) -> gdbook.Trajectory:
    """One run of an explorer's optimizer, computed on its own."""
    landscape = getattr(landscapes, data["landscape"])()
    hyper = {k: v for k, v in setting.items() if k != "start"}
    optimizer = getattr(optim, data["optimizer"])(**hyper)
    return gdbook.descend(landscape, optimizer, [setting["start"]], data["steps"])


def setting_of(data: dict[str, Any], index: list[int]) -> dict[str, float]:
    return {
        axis["name"]: axis["values"][i]
        for axis, i in zip(data["axes"], index, strict=True)
    }


def flat_index(data: dict[str, Any], index: list[int]) -> int:
    flat = 0
    for axis, i in zip(data["axes"], index, strict=True):
        flat = flat * len(axis["values"]) + i
    return flat


def check_run(data: dict[str, Any], index: list[int]) -> None:
    """The stored run at ``index`` is the run descend gives for its setting."""
    run = descend_one(data, setting_of(data, index))
    k = flat_index(data, index)
    runs = data["runs"]
    where = f"{data['optimizer']} at {setting_of(data, index)}"
    assert runs["outcome"][k] == str(run.outcome), where
    assert runs["settled"][k] == int(run.settled_step), where
    assert runs["diverged"][k] == int(run.diverged_step), where
    assert runs["minimum"][k] == int(run.minimum), where
    stored = np.array(runs["w"][k])
    assert 1 <= stored.size <= data["steps"] + 1, where
    expected = np.round(run.x[: stored.size, 0], data["decimals"])
    np.testing.assert_array_equal(stored, expected, err_msg=where)
    if run.settled_step >= 0:
        assert stored.size == run.settled_step + 1, where
    final = float(run.final_loss)
    assert runs["final_loss"][k] == pytest.approx(final, rel=1e-3, abs=1e-12), where


# -- The data, without a browser ---------------------------------------------


def test_the_chapters_have_explorers() -> None:
    stems = {stem for stem, _, _ in chapter_explorers()}
    for prefix in WITH_EXPLORER:
        assert any(s.startswith(prefix) for s in stems), f"no explorer in {prefix}*"


@pytest.mark.parametrize(
    ("stem", "landscape", "options"),
    chapter_explorers(),
    ids=[f"{s}-{i}" for i, (s, _, _) in enumerate(chapter_explorers())],
)
def test_chapter_explorer_data_matches_descend(
    stem: str, landscape: str, options: dict[str, str]
) -> None:
    """The first, last, initial and a middle setting of each chapter's grid."""
    del stem
    spec = explorer_spec.make_spec(landscape, options)
    data = explorer_data.explorer_data(spec)
    sizes = [len(a["values"]) for a in data["axes"]]
    assert len(data["runs"]["w"]) == int(np.prod(sizes))
    for index in (
        [0] * len(sizes),
        [n - 1 for n in sizes],
        data["initial"],
        [n // 3 for n in sizes],
    ):
        check_run(data, index)
    # Byte-reproducible: the same bytes from a second computation.
    first = explorer_data.dumps(data)
    assert explorer_data.dumps(explorer_data.explorer_data(spec)) == first
    assert json.loads(first) == data


def test_data_keeps_only_the_steps_that_draw_something() -> None:
    """A swinging run keeps one cycle; a settled one stops at its settled step."""
    spec = explorer_spec.make_spec(
        "book_curve",
        {"optimizer": "SGD", "lr": "0.1, 0.5", "start": "6.9", "steps": "400"},
    )
    data = explorer_data.explorer_data(spec)
    runs = data["runs"]
    assert runs["outcome"] == ["global minimum", "oscillating"]
    assert len(runs["w"][0]) == runs["settled"][0] + 1
    assert runs["period"][1] == 2
    swing = runs["w"][1]
    assert len(swing) < 60
    assert swing[-1] == swing[-3]
    check_run(data, [0, 0])
    check_run(data, [1, 0])


def test_diverging_runs_stop_before_diverging() -> None:
    spec = explorer_spec.make_spec(
        "quadratic",
        {"optimizer": "SGD", "lr": "0.5, 2.5", "start": "1.0", "steps": "2000"},
    )
    data = explorer_data.explorer_data(spec)
    runs = data["runs"]
    assert runs["outcome"][1] == "diverged"
    assert all(np.isfinite(runs["w"][1]))
    assert len(runs["w"][1]) < 50  # it leaves the plot long before it overflows
    assert runs["final_loss"][1] is None or np.isfinite(runs["final_loss"][1])
    check_run(data, [0, 0])


@pytest.mark.parametrize(
    ("text", "values"),
    [
        ("0.01:0.05:0.01", [0.01, 0.02, 0.03, 0.04, 0.05]),
        ("-1.2:-0.9:0.1", [-1.2, -1.1, -1.0, -0.9]),
        ("0, 0.5, 0.9", [0.0, 0.5, 0.9]),
        ("0.004 0.5", [0.004, 0.5]),
        ("0.08 .. 0.3 / 10 per decade", [0.1, 0.13, 0.16, 0.2, 0.25]),
    ],
)
def test_parse_grid(text: str, values: list[float]) -> None:
    assert explorer_spec.parse_grid(text, "lr") == values


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("0.01:0.05:0.015", "step"),
        ("fast", "numbers separated"),
        ("0.1, 0.1", "repeat"),
        ("0.1, inf", "finite"),
    ],
)
def test_parse_grid_rejects(text: str, message: str) -> None:
    with pytest.raises(ValueError, match=message) as info:
        explorer_spec.parse_grid(text, "lr")
    assert "lr=" in str(info.value)


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"optimizer": "SGD"}, "lr is required"),
        ({"optimizer": "SGD", "lr": "0.1", "beta": "0.9"}, "no hyperparameter beta"),
        ({"optimizer": "Nope", "lr": "0.1"}, "class of gdbook.optim"),
        ({"lr": "0.1, 0.2", "initial": "lr=0.3"}, "not within the values"),
        ({"lr": "0 .. 0.3 / 10 per decade"}, "> 0"),
        ({"lr": "0.1", "valley": "3"}, "near a listed minimum"),
        ({"lr": "-0.1"}, "lr"),
    ],
)
def test_bad_directive_options_are_errors(
    options: dict[str, str], message: str
) -> None:
    with pytest.raises(ValueError, match=message):
        explorer_data.explorer_data(explorer_spec.make_spec("book_curve", options))


def test_only_1d_landscapes() -> None:
    with pytest.raises(ValueError, match="1-d"):
        explorer_spec.make_spec("rosenbrock", {"lr": "0.001"})


def test_log_grids_are_even_on_their_scale() -> None:
    """Learning rates evenly spaced in log(lr), momenta in log(1 - beta)."""
    lrs = np.array(explorer_spec.parse_grid("0.003 .. 0.8 / 24 per decade", "lr"))
    ratios = lrs[1:] / lrs[:-1]
    assert np.all(np.abs(np.log10(ratios) - 1 / 24) < 0.5 / 24), ratios
    betas = np.array(explorer_spec.parse_grid("0 .. 0.95 / 10 per decade", "beta"))
    assert {0.0, 0.5, 0.8, 0.9, 0.95} <= set(betas)
    gaps = np.log10((1 - betas[:-1]) / (1 - betas[1:]))
    assert np.all(np.abs(gaps - 0.1) < 0.05), gaps
    # Ticks: a label at the track position of its value, ends labelled.
    ticks = dict(explorer_spec.axis_ticks(list(lrs), "log"))
    assert ticks[0.0] == f"{lrs[0]:g}"
    assert ticks[1.0] == f"{lrs[-1]:g}"
    where = {label: at for at, label in ticks.items()}
    k = list(lrs).index(0.1)
    assert where["0.1"] == pytest.approx(k / (len(lrs) - 1), abs=1e-4)


def test_marks_are_the_valleys_thresholds() -> None:
    """1/λ and 2/λ of the valley named by :valley:, from gdbook.theory."""
    spec = explorer_spec.make_spec(
        "book_curve",
        {"lr": "0.003 .. 0.8 / 24 per decade", "start": "6.9", "valley": "6"},
    )
    curve = landscapes.book_curve()
    two = float(gdbook.theory.stability_threshold(curve, [6.0]))
    assert dict(spec["marks"]) == {
        "1/λ": pytest.approx(two / 2, rel=5e-3),  # 3 significant digits
        "2/λ": pytest.approx(two, rel=5e-3),
    }


def test_animation_frames_follow_the_story() -> None:
    spec = explorer_spec.make_spec(
        "book_curve",
        {
            "optimizer": "HeavyBall",
            "lr": "0.1",
            "beta": "0.9",
            "steps": "300",
            "look": "farthest",
        },
        single=True,
    )
    made = explorer_animation.render_animation(spec)
    for mode in ("light", "dark"):
        for kind in ("still", "background"):
            with Image.open(io.BytesIO(made[mode][kind])) as image:
                assert image.mode == "P", (mode, kind)
                assert image.size == (750, 510)
    assert made["light"]["still"] != made["dark"]["still"]
    frames = made["frames"]
    n = len(frames["x"])
    assert len(frames["y"]) == len(frames["colour"]) == len(frames["ms"]) == n
    run = gdbook.descend(
        landscapes.book_curve(), optim.HeavyBall(lr=0.1, beta=0.9), [-0.9], 300
    )
    far = int(np.argmax(run.x[:, 0]))
    low, high = frames["look"]
    assert low <= far <= high
    ms = np.array(frames["ms"])
    # Slow where the text says to look, quick through the settling.
    assert ms[far] > 3 * np.median(ms[:low])
    assert ms[-5:].max() < ms[:low].min()
    assert frames["settled"] == int(run.settled_step)
    # The step colours, and the colour bar with them, span the steps played.
    assert frames["colour"][0] == to_hex(plot.STEP_CMAP(0.0))
    assert frames["colour"][-1] == to_hex(plot.STEP_CMAP(1.0))
    assert n < run.steps, "the animation stops soon after the run settles"
    assert made["size"] == [750, 510]
    assert "local minimum 3" in made["alt"]
    again = explorer_animation.render_animation(spec)
    assert again["light"]["still"] == made["light"]["still"]
    assert again["frames"] == frames


# -- The built book ------------------------------------------------------------


def explorer_pages(site: Site) -> list[str]:
    pages = [
        name
        for name in site.pages
        if name.startswith("chapters/")
        and 'class="explorer"' in (site.html / name).read_text(encoding="utf-8")
    ]
    for prefix in WITH_EXPLORER:
        assert any(p.startswith(f"chapters/{prefix}") for p in pages), prefix
    return pages


@pytest.mark.book
def test_built_data_matches_descend(book: Build) -> None:
    """Each JSON file the build wrote: a few of its runs against descend."""
    files = sorted((book.html / "_explorer").glob("*.json"))
    assert len(files) >= len(WITH_EXPLORER)
    for path in files:
        data = json.loads(path.read_bytes())
        assert explorer_data.dumps(data) == path.read_bytes()  # canonical form
        sizes = [len(a["values"]) for a in data["axes"]]
        check_run(data, data["initial"])
        check_run(data, [n - 1 for n in sizes])


def load_explorer(page: Any, index: int) -> Any:
    """Bring explorer ``index`` into view and wait until its runs are drawn."""
    root = page.locator(".explorer").nth(index)
    root.scroll_into_view_if_needed()
    root.locator(".explorer-path").wait_for(state="attached", timeout=15_000)
    return root


def json_of(site: Site, page_name: str, root: Any) -> dict[str, Any]:
    src = root.get_attribute("data-src")
    path = (site.html / page_name).parent / src
    return json.loads(path.resolve().read_bytes())


@pytest.mark.browser
def test_keyboard_moves_the_path(browser: Any, site: Site) -> None:
    """Focus a slider, press ArrowRight: the drawn path and the value change."""
    for name in explorer_pages(site):
        page, visit = open_page(browser, site.url(name))
        for i in range(page.locator(".explorer").count()):
            root = load_explorer(page, i)
            path = root.locator(".explorer-path")
            for slider in root.locator("input[type=range]").all():
                before = path.get_attribute("d")
                value = int(slider.get_attribute("value") or 0)
                slider.focus()
                key = (
                    "ArrowRight"
                    if value < int(slider.get_attribute("max"))
                    else "ArrowLeft"
                )
                page.keyboard.press(key)
                assert slider.evaluate("s => s.value") != str(value)
                # Each redraw makes a new path element: look it up afresh.
                page.wait_for_function(
                    "([r, d]) => r.querySelector('.explorer-path')"
                    ".getAttribute('d') !== d",
                    arg=[root.element_handle(), before],
                )
                values = slider.get_attribute("data-values").split()
                shown = values[int(slider.evaluate("s => s.value"))].replace("-", MINUS)
                assert slider.get_attribute("aria-valuetext").endswith(f"= {shown}")
                label = slider.evaluate("s => s.labels[0].textContent")
                assert label.strip(), f"{name}: a slider without a label"
        assert visit.console_errors == []
        page.context.close()


def shown_setting(root: Any, data: dict[str, Any]) -> dict[str, float]:
    """The setting the status line states, by the symbols of the axes."""
    status = root.locator(".explorer-status").inner_text()
    setting = {}
    for axis in data["axes"]:
        match = re.search(
            re.escape(axis["symbol"]) + f" = ({MINUS}?[\\d.e+-]+)", status
        )
        assert match, f"{axis['symbol']} missing from {status!r}"
        setting[axis["name"]] = float(match.group(1).replace(MINUS, "-"))
    return setting


@pytest.mark.browser
def test_numbers_shown_are_those_of_descend(browser: Any, site: Site) -> None:
    """For several settings of each explorer, the status line equals descend's run."""
    for name in explorer_pages(site):
        page, visit = open_page(browser, site.url(name))
        for i in range(page.locator(".explorer").count()):
            root = load_explorer(page, i)
            data = json_of(site, name, root)
            sliders = root.locator("input[type=range]").all()
            for presses in ("Home", "End", "Home+3", "End+4"):
                for slider in sliders:
                    slider.focus()
                    key, _, extra = presses.partition("+")
                    page.keyboard.press(key)
                    step = "ArrowRight" if key == "Home" else "ArrowLeft"
                    for _ in range(int(extra or 0)):
                        page.keyboard.press(step)
                status = root.locator(".explorer-status").inner_text()
                setting = shown_setting(root, data)
                run = descend_one(data, setting)
                where = f"{name}: {status}"
                outcome = OUTCOME.search(status)
                assert outcome, where
                assert outcome.group(1) == str(run.outcome), where
                settled = re.search(r"settled at step (\d+)", status)
                assert (int(settled.group(1)) if settled else -1) == int(
                    run.settled_step
                ), where
                if run.outcome == "diverged":
                    assert f"diverged at step {int(run.diverged_step)}" in status
                drawn = root.locator(".explorer-run circle:not(.explorer-start)")
                assert drawn.count() >= 1, where
        assert visit.console_errors == []
        page.context.close()


@pytest.mark.browser
def test_without_javascript_the_static_figures_show(browser: Any, site: Site) -> None:
    """No script: the chapter's figures are there, no explorer control is."""
    for name in explorer_pages(site):
        context = browser.new_context(
            viewport={"width": 412, "height": 860}, java_script_enabled=False
        )
        page = context.new_page()
        page.goto(site.url(name), wait_until="networkidle")
        assert page.locator(".explorer").count() >= 1
        for root in page.locator(".explorer").all():
            assert not root.is_visible()
        for control in page.locator(".explorer input, .step-animation-button").all():
            assert not control.is_visible(), name
        figures = page.locator("figure.gallery-figure img.only-light")
        assert figures.count() >= 1, name
        figures.first.scroll_into_view_if_needed()
        assert figures.first.is_visible()
        for still in page.locator("figure.step-animation img.only-light").all():
            still.scroll_into_view_if_needed()
            assert still.is_visible()
            assert still.evaluate("i => i.complete && i.naturalWidth > 0")
            assert still.get_attribute("src") != still.get_attribute("data-animation")
        context.close()


@pytest.mark.browser
def test_explorer_pages_are_clean_and_within_budget(browser: Any, site: Site) -> None:
    """Explorers loaded, animations played: no error, no other host, axe, 400 KB."""
    problems: dict[str, list[str]] = {}
    weights = {}
    for name in explorer_pages(site):
        page, visit = open_page(browser, site.url(name))
        for i in range(page.locator(".explorer").count()):
            root = load_explorer(page, i)
            root.locator("input[type=range]").first.focus()
            page.keyboard.press("ArrowRight")
        for figure in page.locator("figure.step-animation").all():
            figure.scroll_into_view_if_needed()
            figure.locator(".step-animation-button").click()
            figure.locator(".step-animation-steps circle").first.wait_for(
                state="attached"
            )
        page.evaluate("window.scrollTo(0, document.body.scrollHeight)")
        page.wait_for_load_state("networkidle")
        found = [f"console: {e}" for e in visit.console_errors]
        found += [f"failed request: {u}" for u in visit.failed]
        found += [f"request to another host: {u}" for u in visit.foreign]
        found += [f"axe: {v}" for v in axe_violations(page)]
        if found:
            problems[name] = found
        weights[name] = sum(
            min(len(r.body()), len(gzip.compress(r.body()))) for r in visit.responses
        )
        page.context.close()
    print({n: f"{w / 1024:.0f} KB" for n, w in weights.items()})
    assert problems == {}
    assert {n: w for n, w in weights.items() if w > PAGE_BUDGET} == {}


def animation_page(site: Site) -> str:
    names = [
        n
        for n in site.pages
        if "step-animation" in (site.html / n).read_text(encoding="utf-8")
        and n.startswith("chapters/")
    ]
    assert names, "no chapter has a step animation"
    return names[0]


@pytest.mark.browser
def test_animation_plays_in_view_and_respects_reduced_motion(
    browser: Any, site: Site
) -> None:
    """Fully in view it plays, unless the reader asked for reduced motion."""
    for motion in ("no-preference", "reduce"):
        context = browser.new_context(
            viewport={"width": 412, "height": 860}, reduced_motion=motion
        )
        page = context.new_page()
        page.goto(site.url(animation_page(site)), wait_until="networkidle")
        figure = page.locator("figure.step-animation").first
        figure.scroll_into_view_if_needed()
        page.wait_for_timeout(600)
        image = figure.locator("img.only-light")
        button = figure.locator(".step-animation-button")
        if motion == "reduce":
            assert button.inner_text() == "Play the steps"
            assert image.get_attribute("src") != image.get_attribute("data-background")
        else:
            assert button.inner_text() == "Pause"
            assert image.get_attribute("src") == image.get_attribute("data-background")
        context.close()


@pytest.mark.browser
def test_animation_controls_work_with_the_keyboard(browser: Any, site: Site) -> None:
    """Play/pause with Space, the step scrubber with the arrow keys, named."""
    context = browser.new_context(
        viewport={"width": 412, "height": 860}, reduced_motion="reduce"
    )
    page = context.new_page()
    page.goto(site.url(animation_page(site)), wait_until="networkidle")
    figure = page.locator("figure.step-animation").first
    figure.scroll_into_view_if_needed()
    button = figure.locator(".step-animation-button")
    scrubber = figure.locator(".step-animation-controls input[type=range]")
    counter = figure.locator(".step-animation-counter")
    frames = json.loads(
        figure.locator(".step-animation-frame").get_attribute("data-frames")
    )
    last = len(frames["x"]) - 1
    assert scrubber.evaluate("s => s.labels[0].textContent") == "Step"
    button.focus()
    page.keyboard.press("Space")
    assert button.inner_text() == "Pause"
    page.wait_for_timeout(400)
    page.keyboard.press("Space")
    assert button.inner_text() == "Play"
    scrubber.focus()
    page.keyboard.press("Home")
    assert counter.inner_text() == f"Step 0 / {last}"
    assert scrubber.get_attribute("aria-valuetext") == f"step 0 of {last}"
    for _ in range(3):
        page.keyboard.press("ArrowRight")
    assert counter.inner_text() == f"Step 3 / {last}"
    assert figure.locator(".step-animation-steps .step-animation-point").count() == 4
    page.keyboard.press("End")
    image = figure.locator("img.only-light")
    assert image.get_attribute("src") != image.get_attribute("data-background")
    # Slow where the chapter says to look: those steps last longest.
    low, high = frames["look"]
    assert low >= 0
    assert min(frames["ms"][low : high + 1]) > max(frames["ms"][:low])
    context.close()


def spec_of_page(name: str, index: int) -> dict[str, Any]:
    stem = Path(name).stem
    found = [(land, opts) for s, land, opts in chapter_explorers() if s == stem]
    land, options = found[index]
    return explorer_spec.make_spec(land, options)


# Every run of an explorer, by moving its sliders: what the page says of each.
ALL_RUNS = """(root, [count]) => {
  const sliders = [...root.querySelectorAll('input[type=range]')].reverse();
  const out = [];
  for (let index = 0; index < count; index += 1) {
    let flat = index;
    for (const s of sliders) {
      const n = Number(s.max) + 1;
      s.value = String(flat % n);
      flat = Math.floor(flat / n);
    }
    sliders[0].dispatchEvent(new Event('input'));
    out.push({
      status: root.querySelector('.explorer-status').textContent,
      label: root.querySelector('.explorer-minimum-label')?.dataset.outcome ?? null,
      off: root.querySelectorAll('.explorer-offplot').length,
    });
  }
  return out;
}"""


@pytest.mark.browser
def test_every_run_is_named_as_gdbook_names_it(browser: Any, site: Site) -> None:
    """Every grid point: the status and the minimum's label say Trajectory.outcome,
    and a run that leaves the plot is marked where it left."""
    for name in explorer_pages(site):
        page, visit = open_page(browser, site.url(name))
        for i in range(page.locator(".explorer").count()):
            root = load_explorer(page, i)
            data = json_of(site, name, root)
            spec = spec_of_page(name, i)
            outcomes = explorer_data.explorer_runs(spec).outcome.reshape(-1)
            seen = root.evaluate(ALL_RUNS, [len(outcomes)])
            view = data["view"]
            for k, (shown, outcome) in enumerate(zip(seen, outcomes, strict=True)):
                where = f"{name} run {k}: {shown['status']}"
                assert OUTCOME.search(shown["status"]).group(1) == outcome, where
                if "minimum" in outcome and shown["label"] is not None:
                    assert shown["label"] == outcome, where
                w = np.array(data["runs"]["w"][k])
                final = data["runs"]["final_w"][k]
                outside = np.any((w < view["x"][0]) | (w > view["x"][1])) or (
                    final is None or not view["x"][0] <= final <= view["x"][1]
                )
                if outside:
                    assert shown["off"] == 1, where
                    assert (
                        "off the plot" in shown["status"]
                        or "leaves the plot" in shown["status"]
                    ), where
        assert visit.console_errors == []
        page.context.close()


@pytest.mark.browser
def test_log_slider_ticks_and_marks_sit_at_their_values(
    browser: Any, site: Site
) -> None:
    """A tick labelled 0.1 sits under the thumb at η = 0.1; 2/λ between its neighbours."""
    name = next(n for n in explorer_pages(site) if n.startswith("chapters/02-"))
    page, visit = open_page(browser, site.url(name))
    root = load_explorer(page, 0)
    slider = root.locator("input[name=lr]")
    assert root.locator(".explorer-control[data-scale=log]").count() >= 1
    values = [float(v) for v in slider.get_attribute("data-values").split()]
    ticks = {t.inner_text(): t for t in root.locator(".explorer-tick").all()}
    assert {"0.1", "0.2"} <= set(ticks)

    def centre(locator: Any) -> float:
        box = locator.bounding_box()
        return box["x"] + box["width"] / 2

    box = slider.bounding_box()
    for label in ("0.1", "0.2"):
        k = values.index(float(label))
        thumb = box["x"] + 8 + k / (len(values) - 1) * (box["width"] - 16)
        assert abs(centre(ticks[label]) - thumb) < 3, label
    curve = landscapes.book_curve()
    two = float(gdbook.theory.stability_threshold(curve, [6.0]))
    marks = {m.inner_text(): m for m in root.locator(".explorer-mark").all()}
    assert set(marks) == {"1/λ", "2/λ"}
    for label, value in (("1/λ", two / 2), ("2/λ", two)):
        k = int(np.searchsorted(values, value))
        lo = box["x"] + 8 + (k - 1) / (len(values) - 1) * (box["width"] - 16)
        hi = box["x"] + 8 + k / (len(values) - 1) * (box["width"] - 16)
        assert lo - 1 <= centre(marks[label]) <= hi + 1, label
    described = slider.get_attribute("aria-describedby")
    assert "2/λ" in root.locator(f"#{described}").inner_text()
    assert visit.console_errors == []
    page.context.close()


@pytest.mark.browser
@pytest.mark.parametrize("width", [390, 1280])
def test_loss_panel_and_labels_clear_of_the_points(
    browser: Any, site: Site, width: int
) -> None:
    """The loss panel beside the path (under it on a phone); no label over a point."""
    for name in explorer_pages(site):
        context = browser.new_context(viewport={"width": width, "height": 900})
        page = context.new_page()
        page.goto(site.url(name), wait_until="networkidle")
        for i in range(page.locator(".explorer").count()):
            root = load_explorer(page, i)
            path = root.locator(".explorer-plot").bounding_box()
            loss = root.locator(".explorer-loss-plot").bounding_box()
            assert root.locator(".explorer-loss-line").get_attribute("d") != "M0,0"
            if width < 600:
                assert loss["y"] >= path["y"] + path["height"] - 1
            else:
                assert abs(loss["y"] - path["y"]) < 2
                assert loss["x"] > path["x"]
            for press in ("Home", "End", "PageUp"):
                for slider in root.locator("input[type=range]").all():
                    slider.focus()
                    page.keyboard.press(press)
                clash = root.evaluate(
                    """r => {
                      const boxes = [...r.querySelectorAll('.explorer-point')].map(p => p.getBoundingClientRect());
                      const texts = [...r.querySelectorAll('.explorer-path-svg text')];
                      const hit = (a, b) => a.left < b.right - 1 && b.left < a.right - 1 && a.top < b.bottom - 1 && b.top < a.bottom - 1;
                      return texts.filter(t => boxes.some(b => hit(t.getBoundingClientRect(), b))).map(t => t.textContent);
                    }"""
                )
                status = root.locator(".explorer-status").inner_text()
                assert clash == [], f"{name} at {width}px, {status}"
        context.close()
