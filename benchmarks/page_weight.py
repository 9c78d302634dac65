"""Benchmark: what a reader downloads per page, and what Lighthouse makes of it.

Serves the built book (``docs/_build/html``) on 127.0.0.1 with gzip, as a web
host would, then:

- for every page, loads it in headless Chromium, scrolls to the end (so lazy
  figures load too) and adds up the bytes transferred, figures included, in
  light mode and in dark mode (each mode fetches its own figure variants);
- runs Lighthouse (npm ``lighthouse``, mobile, the default) on the index and
  one chapter: performance, accessibility, best practices and SEO scores.

Targets: <= 400 KB per chapter page; accessibility 100; performance >= 95.

Usage: ``python benchmarks/page_weight.py [--html DIR] [--no-lighthouse]``
(``nox -s bench-pages``, which builds the book first and installs Lighthouse).
"""

from __future__ import annotations

import argparse
import gzip
import http.server
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
from functools import partial
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = os.environ.get("GDBOOK_CHROMIUM", "/usr/bin/chromium")
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]
COMPRESSIBLE = {".html", ".css", ".js", ".json", ".svg", ".txt", ".xml", ".map"}
BUDGET_KB = 400


class GzipHandler(http.server.SimpleHTTPRequestHandler):
    """Static files, text ones gzipped when the client accepts it."""

    def log_message(self, fmt: str, *args: Any) -> None:
        del fmt, args

    def send_head(self) -> Any:
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            path = path / "index.html"
        gz = "gzip" in self.headers.get("Accept-Encoding", "")
        if not (gz and path.is_file() and path.suffix in COMPRESSIBLE):
            return super().send_head()
        body = gzip.compress(path.read_bytes(), compresslevel=9, mtime=0)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)
        return None


def serve(html: Path) -> tuple[http.server.ThreadingHTTPServer, str]:
    handler = partial(GzipHandler, directory=str(html))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}/"


def transferred(base: str, pages: list[str], mode: str) -> dict[str, tuple[int, int]]:
    """Per page: (bytes transferred in all, of which images), in ``mode``."""
    from playwright.sync_api import sync_playwright  # noqa: PLC0415 - heavy

    out = {}
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        for page_path in pages:
            context = browser.new_context(
                viewport={"width": 412, "height": 823}, color_scheme=mode
            )
            context.add_init_script(f"localStorage.setItem('theme', '{mode}')")
            page = context.new_page()
            cdp = context.new_cdp_session(page)
            cdp.send("Network.enable")
            sizes: dict[str, int] = {}
            kinds: dict[str, str] = {}
            cdp.on("Network.responseReceived", partial(_note, kinds, "type"))
            cdp.on(
                "Network.loadingFinished", partial(_note, sizes, "encodedDataLength")
            )
            page.goto(base + page_path, wait_until="networkidle")
            page.evaluate("window.scrollTo(0, document.body.scrollHeight)")
            page.wait_for_timeout(300)
            for _ in range(20):  # scroll down a screen at a time: lazy figures load
                page.mouse.wheel(0, 800)
                page.wait_for_timeout(50)
            page.wait_for_load_state("networkidle")
            total = sum(sizes.values())
            images = sum(v for k, v in sizes.items() if kinds.get(k) == "Image")
            out[page_path] = (total, images)
            context.close()
        browser.close()
    return out


def _note(into: dict[str, Any], key: str, event: dict[str, Any]) -> None:
    into[event["requestId"]] = event[key]


def lighthouse(url: str, prefix: Path) -> dict[str, float]:
    cli = prefix / "node_modules" / "lighthouse" / "cli" / "index.js"
    with tempfile.TemporaryDirectory() as tmp:
        report = Path(tmp) / "report.json"
        subprocess.run(
            [
                "node",
                str(cli),
                url,
                "--quiet",
                "--output=json",
                f"--output-path={report}",
                f"--chrome-flags=--headless {' '.join(ARGS)}",
            ],
            check=True,
            env=os.environ | {"CHROME_PATH": CHROMIUM},
        )
        data = json.loads(report.read_text())
    return {k: round(v["score"] * 100) for k, v in data["categories"].items()}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--html", type=Path, default=ROOT / "docs/_build/html")
    parser.add_argument("--no-lighthouse", action="store_true")
    parser.add_argument(
        "--lighthouse-prefix",
        type=Path,
        default=ROOT / ".nox" / "lighthouse",
        help="where npm installed lighthouse",
    )
    args = parser.parse_args()
    html: Path = args.html
    if not (html / "index.html").exists():
        print(f"no built book in {html}: run `nox -s docs` first", file=sys.stderr)
        return 2
    pages = sorted(
        p.relative_to(html).as_posix()
        for p in html.rglob("*.html")
        if not p.relative_to(html).parts[0].startswith(("_", "."))
    )
    server, base = serve(html)
    try:
        light = transferred(base, pages, "light")
        dark = transferred(base, pages, "dark")
        print(
            f"\nBytes transferred per page, gzip, figures included (budget {BUDGET_KB} KB for chapters)\n"
        )
        width = max(len(p) for p in pages)
        print(
            f"{'page':{width}}  {'light KB':>9}  {'images':>7}  {'dark KB':>8}  {'images':>7}"
        )
        over = []
        for p in pages:
            (lt, li), (dt, di) = light[p], dark[p]
            print(
                f"{p:{width}}  {lt / 1e3:9.1f}  {li / 1e3:7.1f}  {dt / 1e3:8.1f}  {di / 1e3:7.1f}"
            )
            if p.startswith("chapters/") and max(lt, dt) > BUDGET_KB * 1e3:
                over.append(p)
        print(f"\nChapter pages over budget: {', '.join(over) or 'none'}")
        if not args.no_lighthouse:
            if shutil.which("node") is None:
                print("node not found: Lighthouse skipped", file=sys.stderr)
                return 1
            chapters = [p for p in pages if p.startswith("chapters/")]
            chapter = max(chapters, key=lambda p: light[p][0])  # the heaviest
            print("\nLighthouse (mobile)")
            for p in ("index.html", chapter):
                scores = lighthouse(base + p, args.lighthouse_prefix)
                print(
                    f"  {p:{width}}  "
                    + "  ".join(f"{k} {v}" for k, v in scores.items())
                )
    finally:
        server.shutdown()
    return 0


if __name__ == "__main__":
    sys.exit(main())
