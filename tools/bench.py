"""Benchmark the built site the way a reader meets it: build times, page weight, privacy,
errors, accessibility and Lighthouse scores, checked against the course's goals.

What it does (all on this machine, loopback only):
1. builds the book into a fresh temporary folder (clean build time), touches one page and
   builds again (rebuild time);
2. serves the site from 127.0.0.1 with gzip, as a web server would, and loads every page in
   headless Chromium with a cold cache: bytes transferred (gzip) and uncompressed, requests,
   requests to other origins, failed requests, console and page errors, cookies, and axe-core
   (WCAG 2.1 A/AA) violations;
3. runs Lighthouse (mobile) on the welcome page, a chapter and an exercise page (needs Node and
   `npm ci --prefix tools`, which this script runs when Lighthouse is missing);
4. counts references to other origins in the built files, and the words on each page;
5. opens each exercise app in Voila (apps/*.ipynb): seconds until its first control shows,
   console errors, requests to other origins, axe-core violations;
6. with --stock, does the same for the same pages built with the theme as shipped (without
   the course's _templates/, _static/ and theme settings) and for the apps in Voila's own
   "lab" template (without voila.py), for a side-by-side comparison;
7. load: N learners at once in one Voila work through "Service or policy?" (tools/bench_load.py):
   time to first control, click -> feedback, memory per kernel, kernels left after leaving.
   Without --learners, N steps up through 5, 10, 20, 30 while this machine keeps up.
8. first control: the committee and week apps (both languages) opened one at a time on a
   settled Voila, three times each, without and with preheated kernels (voila.py,
   COURSE_PREHEAT_KERNELS): median seconds from opening the address to the first control, and
   the memory the filled pool holds.

Usage: python tools/bench.py [--stock] [--no-apps] [--no-lighthouse] [--site DIR] [--runs N]
                             [--no-load | --load-only | --first-control-only] [--learners N]
                             [--load-examples K] [--load-cull-seconds S]
Results: a table on standard output and bench-results/bench.json. Exit status 1 when a goal
is missed.
"""

from __future__ import annotations

import argparse
import contextlib
import gzip
import http.server
import json
import mimetypes
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import asdict, dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlparse

import psutil
import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))
import bench_load  # noqa: E402 (tools/ is not a package)
from wordcount import (  # noqa: E402 (tools/ is not a package)
    count_words, page_words as source_words, reading_minutes, section_titles)

ROOT = Path(__file__).resolve().parents[1]
TOOLS = ROOT / "tools"
RESULTS = ROOT / "bench-results"
CHROMIUM = os.environ.get("COURSE_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update",
                 "--disable-sync"]
BUILD_FLAGS = ["--warningiserror", "--nitpick", "--keep-going"]
KIB = 1024

# The goals: each page, its own figures included.
GOALS = {
    "page_gzip_kib": 200,        # transferred, served gzip
    "page_plain_kib": 800,       # uncompressed
    "lighthouse_performance": 90,
    "lighthouse_accessibility": 100,
    "lighthouse_best-practices": 100,
    "lighthouse_seo": 100,
    "kernels_left_after_leaving": 0,   # load: kernels still running 10 s after pages closed
    "first_control_preheated_s": 3,    # committee and week, preheated: median s to first control
}
# Pages Lighthouse looks at: the welcome page, a chapter, an exercise page, in each edition
# (en/, da/), or in the stock build's single one (book/); those that exist are measured.
LIGHTHOUSE_PAGES = [f"{prefix}{page}" for prefix in ("en/book/", "da/", "book/")
                    for page in ("index.html", "chapters/01-innovative-public-sector.html",
                                 "exercises/diagnose-a-case.html")]
# The course's layer over the theme, removed for the --stock comparison.
COURSE_LAYER = ["_templates", "_static"]
COURSE_THEME_SETTINGS = ["templates_path", "html_css_files", "html_js_files", "html_context"]
COURSE_THEME_OPTIONS = ["use_fullscreen_button"]
COMPRESSIBLE = ("text/", "application/javascript", "application/json", "image/svg+xml",
                "application/xml")


# ---- building ------------------------------------------------------------------------------

@dataclass
class Build:
    html: Path
    seconds: float
    rebuild_seconds: float | None
    ok: bool
    log_tail: str


def jupyter_book() -> str:
    return str(Path(sys.executable).with_name("jupyter-book"))


def build(source: Path, out: Path, touch: str | None = None, editions: bool = False) -> Build:
    """Build `source` into `out` (clean), then optionally touch one page and build again. With
    ``editions``, build the course's two editions as `make book` does (tools/build_book.py)."""
    def run() -> tuple[float, subprocess.CompletedProcess]:
        started = time.monotonic()
        if editions:
            command = [sys.executable, str(TOOLS / "build_book.py"), "--output", str(out),
                       *BUILD_FLAGS]
        else:
            command = [jupyter_book(), "build", str(source), "--path-output", str(out),
                       *BUILD_FLAGS]
        result = subprocess.run(command, capture_output=True, text=True, cwd=source)
        return time.monotonic() - started, result

    seconds, result = run()
    rebuild = None
    if touch and (source / touch).is_file():
        (source / touch).touch()
        rebuild, result2 = run()
        result = result2 if result2.returncode else result
    html = out / "html" if editions else out / "_build" / "html"
    # --keep-going builds every page even when another author's page warns; count the site
    # as usable when its pages were written.
    ok = (html / "index.html").is_file()
    return Build(html, round(seconds, 1), round(rebuild, 1) if rebuild else None, ok,
                 (result.stdout + result.stderr)[-3000:])


def stock_source(target: Path) -> Path:
    """A copy of the repository's book sources without the course's layer over the theme."""
    ignore = shutil.ignore_patterns(".git", ".venv", "_build", "node_modules", "bench-results",
                                    ".pytest_cache", ".hypothesis", "__pycache__", *COURSE_LAYER)
    shutil.copytree(ROOT, target, ignore=ignore)
    config_path = target / "_config.yml"
    config = yaml.safe_load(config_path.read_text(encoding="utf-8"))
    sphinx_config = config.get("sphinx", {}).get("config", {})
    for key in COURSE_THEME_SETTINGS:
        sphinx_config.pop(key, None)
    for key in COURSE_THEME_OPTIONS:
        sphinx_config.get("html_theme_options", {}).pop(key, None)
    config_path.write_text(yaml.safe_dump(config, sort_keys=False, allow_unicode=True),
                           encoding="utf-8")
    return target


# ---- serving -------------------------------------------------------------------------------

class _Served:
    """What the server sent since the last reset: (path, bytes uncompressed, bytes sent)."""

    def __init__(self):
        self.lock = threading.Lock()
        self.items: list[tuple[str, int, int]] = []

    def add(self, path: str, plain: int, sent: int) -> None:
        with self.lock:
            self.items.append((path, plain, sent))

    def take(self) -> list[tuple[str, int, int]]:
        with self.lock:
            items, self.items = self.items, []
        return items


class GzipHandler(http.server.BaseHTTPRequestHandler):
    """A static file server that compresses text with gzip when the browser accepts it."""

    directory: Path
    served: _Served
    use_gzip = True
    _cache: dict[Path, bytes] = {}

    def log_message(self, *args):
        pass

    def do_GET(self):  # noqa: N802 (http.server's naming)
        self._send(body=True)

    def do_HEAD(self):  # noqa: N802
        self._send(body=False)

    def _send(self, body: bool) -> None:
        path = unquote(urlparse(self.path).path)
        target = (self.directory / path.lstrip("/")).resolve()
        if self.directory not in target.parents and target != self.directory:
            self.send_error(403)
            return
        if target.is_dir():
            target = target / "index.html"
        if not target.is_file():
            self.send_error(404)
            self.served.add(path, 0, 0)
            return
        data = target.read_bytes()
        kind = mimetypes.guess_type(target.name)[0] or "application/octet-stream"
        encoded = data
        compress = (self.use_gzip and "gzip" in self.headers.get("Accept-Encoding", "")
                    and kind.startswith(COMPRESSIBLE))
        if compress:
            if target not in self._cache:
                self._cache[target] = gzip.compress(data, compresslevel=6, mtime=0)
            encoded = self._cache[target]
        self.send_response(200)
        self.send_header("Content-Type", kind + ("; charset=utf-8" if kind.startswith("text/")
                                                 or kind.endswith("javascript") else ""))
        self.send_header("Content-Length", str(len(encoded)))
        self.send_header("Cache-Control", "max-age=600")
        if compress:
            self.send_header("Content-Encoding", "gzip")
            self.send_header("Vary", "Accept-Encoding")
        self.end_headers()
        if body:
            self.wfile.write(encoded)
        self.served.add(path, len(data), len(encoded))


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextlib.contextmanager
def serve(directory: Path, use_gzip: bool = True):
    served = _Served()
    handler = type("Handler", (GzipHandler,), {"directory": directory.resolve(),
                                               "served": served, "use_gzip": use_gzip,
                                               "_cache": {}})
    server = http.server.ThreadingHTTPServer(("127.0.0.1", free_port()), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", served
    finally:
        server.shutdown()
        server.server_close()


# ---- measuring pages in the browser ----------------------------------------------------------

@dataclass
class PageResult:
    page: str
    requests: int = 0
    plain_kib: float = 0.0
    gzip_kib: float = 0.0
    heaviest: list[str] = field(default_factory=list)
    foreign: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    cookies: int = 0
    axe: list[str] = field(default_factory=list)
    load_ms: int = 0


def site_pages(site: Path) -> list[str]:
    """Every page a reader can open (the theme's internal macro files are not pages)."""
    pages = []
    for path in sorted(site.rglob("*.html")):
        relative = path.relative_to(site).as_posix()
        if re.search(r"(^|/)_(static|sources|images)/", relative):
            continue
        text = path.read_text(encoding="utf-8", errors="replace")
        if 'http-equiv="Refresh"' in text or "http-equiv=\"refresh\"" in text:
            continue   # the root index.html only redirects to book/index.html
        pages.append(relative)
    return pages


def axe_script() -> Path:
    import axe_playwright_python
    return Path(axe_playwright_python.__file__).with_name("axe.min.js")


AXE_OPTIONS = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}


def measure_pages(base: str, served: _Served, pages: list[str]) -> list[PageResult]:
    from playwright.sync_api import sync_playwright

    results = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True,
                                             args=CHROMIUM_ARGS)
        for page_path in pages:
            result = PageResult(page_path)
            context = browser.new_context(viewport={"width": 1280, "height": 900})
            context.route("**/*", lambda route: route.abort()
                          if not route.request.url.startswith((base, "data:", "blob:"))
                          else route.continue_())
            page = context.new_page()
            page.on("console", lambda m, r=result: m.type == "error" and r.console_errors.append(m.text))
            page.on("pageerror", lambda e, r=result: r.page_errors.append(str(e)))
            page.on("requestfailed", lambda q, r=result: r.failed.append(f"{q.url} ({q.failure})"))
            page.on("response", lambda s, r=result: s.status >= 400 and r.failed.append(
                f"{s.url} ({s.status})"))
            page.on("request", lambda q, r=result: None if q.url.startswith(
                (base, "data:", "blob:", "about:")) else r.foreign.append(q.url))
            served.take()
            started = time.monotonic()
            page.goto(f"{base}/{page_path}", wait_until="load")
            page.wait_for_load_state("networkidle")
            result.load_ms = int((time.monotonic() - started) * 1000)
            items = served.take()
            result.requests = len(items)
            result.plain_kib = round(sum(i[1] for i in items) / KIB, 1)
            result.gzip_kib = round(sum(i[2] for i in items) / KIB, 1)
            result.heaviest = [f"{p} {s / KIB:.0f}/{g / KIB:.0f} KiB"
                               for p, s, g in sorted(items, key=lambda i: -i[2])[:4]]
            result.cookies = len(context.cookies())
            # What the page did, frozen before axe-core runs: axe fetches the style sheets
            # itself and resolves an @import against the page, which would count as a 404.
            seen = {key: list(getattr(result, key)) for key in
                    ["failed", "console_errors", "page_errors", "foreign"]}
            page.add_script_tag(path=str(axe_script()))
            violations = page.evaluate("(o) => axe.run(document, o)", AXE_OPTIONS)["violations"]
            result.axe = [f"{v['id']} ({len(v['nodes'])})" for v in violations]
            for key, value in seen.items():
                setattr(result, key, value)
            context.close()
            results.append(result)
        browser.close()
    return results


# ---- Lighthouse ----------------------------------------------------------------------------

def lighthouse_binary() -> Path | None:
    binary = TOOLS / "node_modules" / ".bin" / "lighthouse"
    if not binary.exists() and shutil.which("npm"):
        print("Installing Lighthouse for the benchmark (npm ci --prefix tools) ...", flush=True)
        subprocess.run(["npm", "ci", "--prefix", str(TOOLS), "--no-audit", "--no-fund"],
                       check=False, capture_output=True, text=True)
    return binary if binary.exists() else None


def lighthouse(binary: Path, url: str, runs: int = 1) -> dict[str, float]:
    """Lighthouse's mobile scores (0-100), the median of `runs` runs, and its key metrics."""
    categories = ["performance", "accessibility", "best-practices", "seo"]
    collected: list[dict[str, float]] = []
    for _ in range(runs):
        with tempfile.TemporaryDirectory() as folder:
            report = Path(folder) / "report.json"
            flags = " ".join(["--headless=new", *CHROMIUM_ARGS])
            result = subprocess.run(
                [str(binary), url, "--quiet", "--output=json", f"--output-path={report}",
                 f"--only-categories={','.join(categories)}", f"--chrome-flags={flags}",
                 "--form-factor=mobile", "--throttling-method=simulate"],
                capture_output=True, text=True, timeout=300,
                env={**os.environ, "CHROME_PATH": CHROMIUM})
            if not report.exists():
                raise RuntimeError(f"Lighthouse failed for {url}: {result.stderr[-1500:]}")
            data = json.loads(report.read_text(encoding="utf-8"))
        scores = {name: round((data["categories"][name]["score"] or 0) * 100)
                  for name in categories}
        audits = data["audits"]
        for metric in ["first-contentful-paint", "largest-contentful-paint", "total-blocking-time",
                       "cumulative-layout-shift", "speed-index"]:
            scores[metric] = audits[metric]["numericValue"]
        scores["failed_audits"] = sorted(
            key for key, audit in audits.items()
            if audit.get("score") is not None and audit["score"] < 1
            and audit.get("scoreDisplayMode") in {"binary", "numeric", "metricSavings"}
            and any(key in [ref["id"] for ref in data["categories"][c]["auditRefs"]
                            if ref.get("weight", 0) > 0] for c in categories))
        collected.append(scores)
    collected.sort(key=lambda s: s["performance"])
    return collected[len(collected) // 2]


# ---- the built files -----------------------------------------------------------------------

ADDRESS = re.compile(r"""(?:https?:)?//([a-z0-9.-]+\.[a-z]{2,})""", re.I)
FULL_ADDRESS = re.compile(r"""https?://([a-z0-9.-]+\.[a-z]{2,})""", re.I)
NAMESPACES = {"www.w3.org", "purl.org", "creativecommons.org/ns"}


class _LinkCounter(HTMLParser):
    """Sorts a page's addresses on other origins into links (a reader clicks them) and loads
    (the browser fetches them: script, stylesheet, image, frame, font)."""

    LOADS = {"script": "src", "img": "src", "iframe": "src", "source": "src", "audio": "src",
             "video": "src", "embed": "src", "object": "data"}

    def __init__(self):
        super().__init__()
        self.links: list[str] = []
        self.loads: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "a" and attrs.get("href", "") and ADDRESS.match(attrs["href"]):
            self.links.append(attrs["href"])
        elif tag == "link" and ADDRESS.match(attrs.get("href") or ""):
            self.loads.append(attrs["href"])
        elif tag in self.LOADS and ADDRESS.match(attrs.get(self.LOADS[tag]) or ""):
            self.loads.append(attrs[self.LOADS[tag]])


def third_party_references(site: Path) -> dict[str, object]:
    """Addresses on other origins in the built site: loaded (must be none), linked, and
    mentioned in scripts and styles (inert text, such as a library's licence header)."""
    loads, links, mentions = set(), set(), {}
    for path in site.rglob("*"):
        if path.suffix not in {".html", ".js", ".css"} or not path.is_file():
            continue
        if path.name.endswith(".map"):
            continue
        text = path.read_text(encoding="utf-8", errors="replace")
        if path.suffix == ".html":
            counter = _LinkCounter()
            counter.feed(text)
            loads.update(counter.loads)
            links.update(counter.links)
            for script in re.findall(r"<script[^>]*>(.*?)</script>", text, re.S):
                for host in FULL_ADDRESS.findall(script):
                    if host not in NAMESPACES:
                        mentions.setdefault(host, set()).add(path.relative_to(site).as_posix())
        else:
            for host in FULL_ADDRESS.findall(text):
                if host not in NAMESPACES:
                    mentions.setdefault(host, set()).add(path.relative_to(site).as_posix())
    return {"loaded": sorted(loads), "linked": len(links), "linked_hosts":
            sorted({urlparse(u if "//" in u else "//" + u).netloc for u in links}),
            "mentioned_in_code": {host: len(files) for host, files in sorted(mentions.items())}}


class _Words(HTMLParser):
    def __init__(self):
        super().__init__()
        self.depth = 0
        self.skip = 0
        self.words = 0

    def handle_starttag(self, tag, attrs):
        if tag == "article" or self.depth:
            self.depth += 1
        if self.depth and tag in {"script", "style", "svg"}:
            self.skip += 1

    def handle_endtag(self, tag):
        if self.depth and tag in {"script", "style", "svg"}:
            self.skip -= 1
        if self.depth:
            self.depth -= 1

    def handle_data(self, data):
        if self.depth and not self.skip:
            self.words += count_words(data)


def page_words(site: Path, page: str) -> int:
    counter = _Words()
    counter.feed((site / page).read_text(encoding="utf-8"))
    return counter.words


def missing_descriptions(site: Path, pages: list[str]) -> list[str]:
    missing = []
    for page in pages:
        text = (site / page).read_text(encoding="utf-8")
        match = re.search(r'<meta content="([^"]*)" name="description"', text) or re.search(
            r'<meta name="description" content="([^"]*)"', text)
        if not match or not match.group(1).strip():
            missing.append(page)
    return missing


# ---- the exercise apps in Voila ------------------------------------------------------------

def measure_apps(cwd: Path = ROOT) -> list[dict[str, object]]:
    """Each app in apps/ opened in Voila as a learner would: seconds until its first control
    shows, console errors, requests to other origins and axe violations. Voila reads voila.py
    (the course's template) from the folder it starts in: started elsewhere, it uses its own
    "lab" template, for the --stock comparison."""
    apps = sorted((ROOT / "apps").rglob("*.ipynb"))   # both languages: apps/ and apps/da/
    if not apps:
        return []
    from playwright.sync_api import sync_playwright

    port = free_port()
    voila = Path(sys.executable).with_name("voila")
    process = subprocess.Popen(
        [str(voila), str(ROOT / "apps"), "--no-browser", f"--port={port}",
         "--Voila.ip=127.0.0.1", "--show_tracebacks=False"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=cwd,
        env={**os.environ, "COURSE_RENDER": "live"})
    base = f"http://127.0.0.1:{port}"
    results = []
    try:
        import urllib.request
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                urllib.request.urlopen(base, timeout=2)
                break
            except OSError:
                time.sleep(0.3)
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True,
                                                 args=CHROMIUM_ARGS)
            for app in apps:
                try:
                    results.append(_measure_app(browser, base, app))
                except Exception as error:  # one broken app must not hide the others' figures
                    results.append({"app": app.relative_to(ROOT / "apps").as_posix(), "ready_s": None, "console_errors": [],
                                    "foreign": [], "axe": [], "error": str(error)[:300]})
            browser.close()
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
    return results


def _measure_app(browser, base: str, app: Path) -> dict[str, object]:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.route("**/*", lambda route: route.abort()
                  if not route.request.url.startswith((base, "data:", "blob:"))
                  else route.continue_())
    page = context.new_page()
    errors, foreign = [], []
    page.on("console", lambda m: m.type == "error" and errors.append(m.text))
    page.on("request", lambda q: None if q.url.startswith(
        (base, "data:", "blob:", "about:")) else foreign.append(q.url))
    started = time.monotonic()
    page.goto(f"{base}/voila/render/{app.relative_to(ROOT / 'apps').as_posix()}", wait_until="load",
              timeout=120000)
    # Ready: the first control a learner can use is on the screen.
    page.wait_for_function(
        "[...document.querySelectorAll('.jupyter-widgets button, .jupyter-widgets select, "
        ".jupyter-widgets input, .jupyter-widgets textarea')].some(el => el.checkVisibility())",
        timeout=120000)
    ready = time.monotonic() - started
    page.wait_for_load_state("networkidle")
    page.add_script_tag(path=str(axe_script()))
    violations = page.evaluate("(o) => axe.run(document, o)", AXE_OPTIONS)["violations"]
    context.close()
    return {"app": app.relative_to(ROOT / "apps").as_posix(), "ready_s": round(ready, 1), "console_errors": errors,
            "foreign": sorted(set(foreign)),
            "axe": [f"{v['id']} ({len(v['nodes'])})" for v in violations]}


# ---- first control, with and without preheated kernels ------------------------------------

# The apps the issue names (committee and week, in both languages), opened one at a time in a
# fresh browser context, FIRST_CONTROL_RUNS times each: once in a Voila that starts a kernel and
# runs the app for each page, once in one that preheats them (voila.py, COURSE_PREHEAT_KERNELS).
FIRST_CONTROL_APPS = ["design-a-committee.ipynb", "your-week.ipynb",
                      "da/design-a-committee.ipynb", "da/your-week.ipynb"]
FIRST_CONTROL_RUNS = 3
FIRST_CONTROL_POOL = 1
FIRST_CONTROL_JS = (
    "() => [...document.querySelectorAll('.jupyter-widgets button, .jupyter-widgets select, "
    ".jupyter-widgets input, .jupyter-widgets textarea')].some(el => el.checkVisibility())")
SETTLE_TIMEOUT_S = 240
# CPU seconds per second below which Voila and its kernels count as idle: a kernel starting or
# running an app takes a whole core; after a few dozen pages Voila itself keeps a few per cent
# busy (with 0.05, runs of 28 pages never settled).
QUIET_CPU_S = 0.15


def wait_until_settled(server: bench_load.Voila, kernels: int,
                       one_gone_of: set[int] = frozenset()) -> None:
    """Wait until `server` runs exactly `kernels` kernels, at least one of `one_gone_of` (the
    pool as the last page found it, one of which that page took) has ended, and Voila and its
    kernels have used no CPU for two seconds in a row: a preheated pool has been refilled and has
    run its apps, and the last page's kernel is gone. Each page then meets the server as the
    first learner of a quiet room would."""
    deadline = time.monotonic() + SETTLE_TIMEOUT_S
    quiet_polls = 0
    last_cpu = None
    while time.monotonic() < deadline:
        running = server.kernels()
        try:
            cpu = sum(sum(process.cpu_times()[:2])
                      for process in [psutil.Process(server.process.pid), *running])
        except psutil.NoSuchProcess:
            cpu = None
        settled = (len(running) == kernels
                   and not (one_gone_of and one_gone_of <= {k.pid for k in running})
                   and None not in (cpu, last_cpu) and cpu - last_cpu < QUIET_CPU_S)
        quiet_polls = quiet_polls + 1 if settled else 0
        if quiet_polls >= 2:
            return
        last_cpu = cpu
        time.sleep(1)
    raise RuntimeError(f"Voila did not settle with {kernels} idle kernels within "
                       f"{SETTLE_TIMEOUT_S} s (last seen: {len(running)} kernels, "
                       f"{None if None in (cpu, last_cpu) else round(cpu - last_cpu, 3)} CPU s "
                       f"in a second): " + server.log_tail())


def measure_first_control(preheat: int, apps: list[str] = FIRST_CONTROL_APPS,
                          runs: int = FIRST_CONTROL_RUNS) -> dict[str, object]:
    """Seconds from opening each app's address to its first control on the screen, `runs`
    times per app (median), each on a settled server; with `preheat`, Voila keeps that many
    preheated kernels for each of `apps` (COURSE_PREHEAT_KERNELS and COURSE_PREHEAT_APPS), and
    the memory of the filled pool is measured too (RSS of its kernels).

    Each run is measured twice: "cold", in a fresh browser context (a learner's first app on
    this device: Voila's 5 MB front end downloaded and compiled from nothing), and "warm", in a
    context that has opened the app once before (the same learner's next app of the session:
    the browser has Voila's front end in its cache, as it keeps it between apps)."""
    from playwright.sync_api import sync_playwright

    env = {"COURSE_PREHEAT_KERNELS": str(preheat), "COURSE_PREHEAT_APPS": ",".join(apps)}
    pooled = preheat * len(apps)
    server = bench_load.Voila(cull_seconds=900, env=env)
    results: dict[str, object] = {"preheat_kernels": preheat, "runs": runs, "apps": {},
                                  "load_average": [round(x, 2) for x in os.getloadavg()]}

    def first_control(context, app: str) -> float:
        """Open the app in a new page of `context`, wait for its first control, leave the page
        (which asks Voila to shut its kernel down) and wait for the server to settle."""
        pool = {kernel.pid for kernel in server.kernels()}
        page = context.new_page()
        started = time.perf_counter()
        page.goto(f"{server.base}/voila/render/{app}", wait_until="commit", timeout=120_000)
        page.wait_for_function(FIRST_CONTROL_JS, polling=50, timeout=120_000)
        seconds = round(time.perf_counter() - started, 2)
        # Leave the page as a learner does (a closed page's tab may go before its last request
        # does): the page then asks Voila to shut its kernel down.
        page.goto("about:blank")
        page.close()
        wait_until_settled(server, pooled, pool)
        return seconds

    try:
        server.start()
        wait_until_settled(server, pooled)
        if preheat:
            memory = server.memory()
            results["pool_memory"] = {
                "kernels": memory["kernels"],
                "kernel_rss_mib": [round(x) for x in memory["kernel_rss_mib"]],
                "kernels_rss_mib": round(sum(memory["kernel_rss_mib"])),
                "voila_rss_mib": round(memory["voila_rss_mib"])}
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True,
                                                 args=CHROMIUM_ARGS)
            viewport = {"viewport": {"width": 1280, "height": 900}}
            for app in apps:
                cold, warm = [], []
                returning = browser.new_context(**viewport)
                first_control(returning, app)          # the visit that fills its cache
                for _ in range(runs):
                    context = browser.new_context(**viewport)
                    cold.append(first_control(context, app))
                    context.close()
                    warm.append(first_control(returning, app))
                returning.close()
                results["apps"][app] = {"first_control_s": cold,
                                        "median_s": statistics.median(cold),
                                        "warm_first_control_s": warm,
                                        "warm_median_s": statistics.median(warm)}
            browser.close()
    finally:
        server.stop()
    return results


def first_control_table(results: list[dict[str, object]]) -> str:
    """The medians side by side, then each run's figures, the load and the pool's memory."""
    def name(result: dict[str, object]) -> str:
        kernels = result["preheat_kernels"]
        return f"preheated ({kernels} per app)" if kernels else "not preheated"

    def medians(figures: dict[str, object]) -> str:
        warm = figures.get("warm_median_s", "-")
        return f"{figures['median_s']} / {warm}"

    lines = [f"First control of an app (seconds from opening its address, median of "
             f"{results[0]['runs']}, one page at a time; cold: a browser's first app, "
             f"warm: an app opened before in that browser):",
             f"  {'app':30}" + "".join(f" | {name(r) + ' cold / warm':>36}" for r in results)]
    for app in results[0]["apps"]:
        lines.append(f"  {app:30}" + "".join(f" | {medians(r['apps'][app]):>36}"
                                             for r in results))
    for r in results:
        runs = "; ".join(f"{app} cold {figures['first_control_s']} warm "
                         f"{figures.get('warm_first_control_s')}"
                         for app, figures in r["apps"].items())
        lines.append(f"  {name(r)}: {runs}; load average at start {r['load_average']}")
        if "pool_memory" in r:
            memory = r["pool_memory"]
            lines.append(f"    pool filled: {memory['kernels']} kernels, "
                         f"{memory['kernels_rss_mib']} MiB RSS in all "
                         f"({memory['kernel_rss_mib']}); Voila itself "
                         f"{memory['voila_rss_mib']} MiB")
    return "\n".join(lines)


# ---- the whole run -------------------------------------------------------------------------

def measure_site(name: str, site: Path, use_lighthouse: bool, runs: int) -> dict[str, object]:
    pages = site_pages(site)
    with serve(site) as (base, served):
        results = measure_pages(base, served, pages)
        scores = {}
        binary = lighthouse_binary() if use_lighthouse else None
        if use_lighthouse and binary is None:
            print("Lighthouse is not available (needs Node and npm): skipped", file=sys.stderr)
        for page in LIGHTHOUSE_PAGES if binary else []:
            if (site / page).is_file():
                print(f"[{name}] Lighthouse {page} ...", flush=True)
                scores[page] = lighthouse(binary, f"{base}/{page}", runs)
    return {"pages": [asdict(r) for r in results], "lighthouse": scores,
            "third_party": third_party_references(site),
            "words": {page: page_words(site, page) for page in pages
                      if page.startswith(("book/", "en/book/", "da/")) and "/search" not in page
                      and "/genindex" not in page},
            "missing_description": missing_descriptions(site, pages)}


def goals_missed(site: dict[str, object]) -> list[str]:
    missed = []
    for page in site["pages"]:
        name = page["page"]
        if page["gzip_kib"] > GOALS["page_gzip_kib"]:
            missed.append(f"{name}: {page['gzip_kib']} KiB gzip > {GOALS['page_gzip_kib']}")
        if page["plain_kib"] > GOALS["page_plain_kib"]:
            missed.append(f"{name}: {page['plain_kib']} KiB plain > {GOALS['page_plain_kib']}")
        for key in ["foreign", "failed", "console_errors", "page_errors", "axe"]:
            if page[key]:
                missed.append(f"{name}: {key}: {page[key][:3]}")
        if page["cookies"]:
            missed.append(f"{name}: {page['cookies']} cookies")
    for page, scores in site["lighthouse"].items():
        for category in ["performance", "accessibility", "best-practices", "seo"]:
            goal = GOALS[f"lighthouse_{category}"]
            if scores[category] < goal:
                missed.append(f"{page}: Lighthouse {category} {scores[category]} < {goal}")
    if site["third_party"]["loaded"]:
        missed.append(f"loads from other origins: {site['third_party']['loaded'][:5]}")
    for page in site["missing_description"]:
        missed.append(f"{page}: no meta description")
    return missed


def summary_table(sites: dict[str, dict[str, object]]) -> str:
    names = list(sites)
    lines = []
    header = f"{'page':52}" + "".join(f" | {n + ' KiB plain/gzip, req':>26}" for n in names)
    lines += [header, "-" * len(header)]
    by_page = {n: {p["page"]: p for p in sites[n]["pages"]} for n in names}
    for page in by_page[names[0]]:
        row = f"{page[:52]:52}"
        for n in names:
            p = by_page[n].get(page)
            row += (f" | {p['plain_kib']:>8.0f} / {p['gzip_kib']:>6.0f}, {p['requests']:>3}"
                    if p else f" | {'-':>26}")
        lines.append(row)
    lines.append("")
    for n in names:
        pages = sites[n]["pages"]
        lines.append(
            f"{n}: pages {len(pages)}; largest {max(p['plain_kib'] for p in pages):.0f} KiB plain, "
            f"{max(p['gzip_kib'] for p in pages):.0f} KiB gzip; requests to other origins "
            f"{sum(len(p['foreign']) for p in pages)}; failed requests "
            f"{sum(len(p['failed']) for p in pages)}; console errors "
            f"{sum(len(p['console_errors']) for p in pages)}; page errors "
            f"{sum(len(p['page_errors']) for p in pages)}; cookies "
            f"{sum(p['cookies'] for p in pages)}; axe violations "
            f"{sum(len(p['axe']) for p in pages)} (on {sum(1 for p in pages if p['axe'])} pages)")
        for page, s in sites[n]["lighthouse"].items():
            lines.append(
                f"  Lighthouse {page}: performance {s['performance']}, accessibility "
                f"{s['accessibility']}, best practices {s['best-practices']}, SEO {s['seo']} "
                f"(FCP {s['first-contentful-paint'] / 1000:.1f} s, LCP "
                f"{s['largest-contentful-paint'] / 1000:.1f} s, TBT "
                f"{s['total-blocking-time']:.0f} ms, CLS {s['cumulative-layout-shift']:.3f})"
                + (f"; below 1: {', '.join(s['failed_audits'])}" if s["failed_audits"] else ""))
        third = sites[n]["third_party"]
        lines.append(f"  other origins: loaded {len(third['loaded'])}, links {third['linked']} "
                     f"to {', '.join(third['linked_hosts']) or 'none'}; named in code: "
                     + (", ".join(f"{h} ({c} files)" for h, c in third["mentioned_in_code"].items())
                        or "none"))
        if "build" in sites[n]:
            b = sites[n]["build"]
            lines.append(f"  build: clean {b['seconds']} s, rebuild after touching one page "
                         f"{b['rebuild_seconds']} s")
    return "\n".join(lines)


def run_load(args) -> dict[str, object]:
    print("Load: learners at once in one Voila ...", flush=True)
    return bench_load.run(learners=args.learners, examples=args.load_examples,
                          cull_seconds=args.load_cull_seconds,
                          log=lambda line: print(line, flush=True))


def run_first_control() -> list[dict[str, object]]:
    print("First control of the committee and week apps, without and with preheated "
          "kernels ...", flush=True)
    return [measure_first_control(0), measure_first_control(FIRST_CONTROL_POOL)]


def first_control_missed(results: list[dict[str, object]]) -> list[str]:
    goal = GOALS["first_control_preheated_s"]
    return [f"first control: {app} preheated: median {figures['median_s']} s > {goal} s"
            for result in results if result["preheat_kernels"]
            for app, figures in result["apps"].items() if figures["median_s"] > goal]


def save_part(part: str, figures, missed: list[str], prefix: str) -> int:
    """One measurement's figures into bench.json under `part`, beside the last full run's
    figures; its missed goals (lines starting with `prefix`) replace its earlier ones."""
    path = RESULTS / "bench.json"
    try:
        saved = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        saved = {}
    saved["goals"] = GOALS
    saved[part] = figures
    saved["missed"] = [line for line in saved.get("missed", [])
                       if not line.startswith(prefix)] + missed
    RESULTS.mkdir(exist_ok=True)
    path.write_text(json.dumps(saved, indent=1, default=str), encoding="utf-8")
    print(f"\nFull results: {path.relative_to(ROOT)}")
    return 1 if missed else 0


def first_control_only() -> int:
    """The first-control measurement alone: its figures go into bench.json beside the last full
    run's."""
    results = run_first_control()
    print("\n" + first_control_table(results))
    missed = first_control_missed(results)
    print("\nFirst-control goal: " + ("met" if not missed else f"{len(missed)} missed"))
    for line in missed:
        print("  - " + line)
    return save_part("first_control", results, missed, "first control: ")


def load_only(args) -> int:
    """The load benchmark alone: its figures go into bench.json beside the last full run's."""
    load = run_load(args)
    print("\n" + bench_load.table(load))
    missed = bench_load.goals_missed(load, GOALS["kernels_left_after_leaving"])
    print("\nLoad goals: " + ("all met" if not missed else f"{len(missed)} missed"))
    for line in missed:
        print("  - " + line)
    return save_part("load", load, missed, "load: ")


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--site", type=Path, help="measure this built site instead of building")
    parser.add_argument("--stock", action="store_true",
                        help="also build and measure the theme as shipped, for comparison")
    parser.add_argument("--no-apps", action="store_true",
                        help="skip opening the exercise apps in Voila")
    parser.add_argument("--no-lighthouse", action="store_true")
    parser.add_argument("--runs", type=int, default=1, help="Lighthouse runs per page (median)")
    load_group = parser.add_mutually_exclusive_group()
    load_group.add_argument("--no-load", action="store_true",
                            help="skip the load benchmark (many learners in one Voila)")
    load_group.add_argument("--load-only", action="store_true",
                            help="run only the load benchmark; its figures replace the 'load' "
                                 "part of bench-results/bench.json")
    load_group.add_argument("--first-control-only", action="store_true",
                            help="run only the first-control measurement (committee and week, "
                                 "without and with preheated kernels); its figures replace the "
                                 "'first_control' part of bench-results/bench.json")
    parser.add_argument("--learners", type=int, metavar="N",
                        help="load: this many learners at once (1-30) instead of stepping up "
                             "through 5, 10, 20, 30")
    parser.add_argument("--load-examples", type=int, default=bench_load.EXAMPLES, metavar="K",
                        help="load: examples each learner works through (default %(default)s)")
    parser.add_argument("--load-cull-seconds", type=int, default=bench_load.CULL_SECONDS,
                        metavar="S", help="load: COURSE_KERNEL_CULL_SECONDS for the run's Voila "
                                          "(default %(default)s)")
    args = parser.parse_args(argv)
    if args.learners is not None and not 1 <= args.learners <= bench_load.MAX_LEARNERS:
        parser.error(f"--learners must be between 1 and {bench_load.MAX_LEARNERS}")
    if args.load_examples < 1 or args.load_cull_seconds < 1:
        parser.error("--load-examples and --load-cull-seconds must be at least 1")
    if args.load_only:
        return load_only(args)
    if args.first_control_only:
        return first_control_only()

    sites: dict[str, dict[str, object]] = {}
    with tempfile.TemporaryDirectory(prefix="course-bench-") as scratch:
        scratch = Path(scratch)
        if args.site:
            targets = [("course", args.site, None)]
        else:
            print("Building the book (clean, then after touching one page) ...", flush=True)
            course = build(ROOT, scratch / "course",
                           touch="book/chapters/01-innovative-public-sector.md", editions=True)
            if not course.ok:
                print(course.log_tail, file=sys.stderr)
                return 2
            targets = [("course", course.html, course)]
            if args.stock:
                print("Building the same pages with the theme as shipped ...", flush=True)
                stock = build(stock_source(scratch / "stock-src"), scratch / "stock")
                if stock.ok:
                    targets.append(("stock", stock.html, stock))
                else:
                    print(stock.log_tail, file=sys.stderr)
        for name, html, built in targets:
            print(f"[{name}] loading every page in Chromium ...", flush=True)
            sites[name] = measure_site(name, html, not args.no_lighthouse, args.runs)
            if built:
                sites[name]["build"] = {"seconds": built.seconds,
                                        "rebuild_seconds": built.rebuild_seconds}
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "bench.json").write_text(json.dumps({"goals": GOALS, "sites": sites}, indent=1,
                                                   default=str), encoding="utf-8")
    if not args.no_apps:
        print("Opening each exercise app in Voila ...", flush=True)
    apps = {} if args.no_apps else {"course": measure_apps()}
    if apps and args.stock:
        with tempfile.TemporaryDirectory(prefix="course-bench-voila-") as elsewhere:
            apps["stock"] = measure_apps(Path(elsewhere))
    first_control = None if args.no_apps else run_first_control()
    load = None if args.no_load else run_load(args)

    print()
    print(summary_table(sites))
    words = sites["course"]["words"]
    print("\nWords per page (reading time at 200 words a minute):")
    for page, count in words.items():
        print(f"  {page:60} {count:>6}  ~{max(1, round(count / 200))} min")
    print("\nChapter text from the sources (tests/test_content.py checks the body's budget):")
    titles = section_titles(page.read_text(encoding="utf-8")
                            for page in (ROOT / "book").rglob("*.md"))
    for path in sorted((ROOT / "book" / "chapters").glob("*.md")):
        counted = source_words(path.read_text(encoding="utf-8"), titles)
        print(f"  {path.name:60} body {counted.body:>5} (~{reading_minutes(counted.body)} min), "
              f"dropdowns {counted.dropdowns:>5}")
    for name, results in apps.items():
        print(f"\nExercise apps in Voila ({name}"
              + (", the course's template" if name == "course" else ", Voila's lab template") + "):")
        for app in results:
            print(f"  {app['app']:28} ready in {app['ready_s']} s; console errors "
                  f"{len(app['console_errors'])}; requests to other origins "
                  f"{len(app['foreign'])}; axe violations {app['axe'] or 'none'}"
                  + (f"; FAILED: {app['error']}" if app.get("error") else ""))
    missed = goals_missed(sites["course"])
    for app in apps.get("course", []):
        for key in ["console_errors", "foreign", "axe"]:
            if app[key]:
                missed.append(f"app {app['app']}: {key}: {app[key][:3]}")
        if app.get("error"):
            missed.append(f"app {app['app']}: did not open: {app['error'][:120]}")
    if first_control:
        print("\n" + first_control_table(first_control))
        missed += first_control_missed(first_control)
    if load:
        print("\n" + bench_load.table(load))
        missed += bench_load.goals_missed(load, GOALS["kernels_left_after_leaving"])
    print("\nGoals: " + ("all met" if not missed else f"{len(missed)} missed"))
    for line in missed:
        print("  - " + line)
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "bench.json").write_text(json.dumps(
        {"goals": GOALS, "sites": sites, "apps": apps, "first_control": first_control,
         "load": load, "missed": missed}, indent=1, default=str), encoding="utf-8")
    print(f"\nFull results: {(RESULTS / 'bench.json').relative_to(ROOT)}")
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
