"""Benchmark the exercises that run in the reader's own browser (Pyodide in a Web Worker).

A built site is served gzip-compressed from 127.0.0.1 by a small server of this script's own,
every other host is unreachable, and headless Chromium opens each exercise page in each
edition and presses "Start the exercise here". Measured:

- seconds from pressing Start to the first usable control, cold (a fresh browser profile each
  run) and warm (a second start in the same profile after a page reload), median of --repeats;
- the stages from the page's performance marks (runtime ready, packages downloaded, imported,
  app built, first control), from pressing Start;
- bytes transferred for one cold exercise (the page, then everything Start loads, the worker's
  requests included), checked against the server's own count and the runtime manifest's
  transfer_bytes; and a reading page's weight (a chapter) beside an exercise page's before Start;
- the longest main-thread task while starting (long tasks and long animation frames, with the
  scripts they ran), the page's JavaScript heap and the browser's renderer memory after start;
- sorting only: click -> feedback for "Check this answer" (median of --clicks), and "See my
  results" -> the chart's SVG drawn.

    python tools/bench_browser.py [--site DIR] [--repeats N | --quick] [--exercises ...]

Results: a table on standard output and bench-results/browser.json.
"""

from __future__ import annotations

import argparse
import contextlib
import gzip
import hashlib
import http.server
import json
import os
import shutil
import socket
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import unquote, urlparse

import psutil

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "bench-results"
CHROMIUM = os.environ.get("COURSE_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update",
                 "--disable-sync",
                 # Only the site on loopback resolves. Playwright's request routing would block
                 # other hosts too, but it turns Chromium's HTTP cache off, and the warm start
                 # is a start from that cache.
                 "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1"]
VIEWPORT = {"width": 1280, "height": 900}

# The exercise pages by edition (tests/test_in_browser_exercises.py uses this list too).
PAGES = {
    ("en", "sorting"): "en/book/exercises/service-or-policy.html",
    ("da", "sorting"): "da/exercises/service-or-policy.html",
    ("en", "diagnosis"): "en/book/exercises/diagnose-a-case.html",
    ("da", "diagnosis"): "da/exercises/diagnose-a-case.html",
    ("en", "committee"): "en/book/exercises/design-a-committee.html",
    ("da", "committee"): "da/exercises/design-a-committee.html",
    ("en", "week"): "en/book/exercises/your-week.html",
    ("da", "week"): "da/exercises/your-week.html",
    ("en", "debrief"): "en/book/exercises/debrief.html",
    ("da", "debrief"): "da/exercises/debrief.html",
}
EXERCISES = ["sorting", "diagnosis", "committee", "week", "debrief"]
DEFAULT_EXERCISES = ["sorting", "diagnosis", "committee", "week"]
LANGUAGES = ["en", "da"]
READING_PAGE = "en/book/chapters/01-innovative-public-sector.html"
STAGES = ["runtime-ready", "downloaded", "imported", "app-built", "first-control"]

START_TIMEOUT_MS = 300_000     # a cold start on a busy two-core machine
STEP_TIMEOUT_MS = 60_000

# What the server compresses (by suffix), and the types the browser needs to be told: module
# scripts and streamed WebAssembly compilation refuse other types.
COMPRESSED = {".js", ".mjs", ".wasm", ".json", ".css", ".html", ".zip", ".whl", ".svg"}
CONTENT_TYPES = {
    ".html": "text/html; charset=utf-8", ".js": "text/javascript; charset=utf-8",
    ".mjs": "text/javascript; charset=utf-8", ".css": "text/css; charset=utf-8",
    ".json": "application/json", ".wasm": "application/wasm", ".zip": "application/zip",
    ".whl": "application/zip", ".svg": "image/svg+xml", ".png": "image/png",
    ".jpg": "image/jpeg", ".jpeg": "image/jpeg", ".gif": "image/gif", ".ico": "image/x-icon",
    ".woff": "font/woff", ".woff2": "font/woff2", ".ttf": "font/ttf", ".txt": "text/plain",
    ".inv": "application/octet-stream", ".pdf": "application/pdf",
}
# As GitHub Pages serves a site: every file fresh for ten minutes, then revalidated.
CACHE_CONTROL = "max-age=600"


# ---- serving ---------------------------------------------------------------------------------

class SiteFiles:
    """Every file of the site, read once, with its gzip form (level 6) for the compressible
    ones: compressing the 9 MB WebAssembly file on the first request would count in the first
    cold start."""

    def __init__(self, site: Path):
        self.site = site.resolve()
        self.plain: dict[str, bytes] = {}
        self.gzipped: dict[str, bytes] = {}
        self.etags: dict[str, str] = {}
        for path in self.site.rglob("*"):
            if not path.is_file() or "/." in "/" + path.relative_to(self.site).as_posix():
                continue
            key = "/" + path.relative_to(self.site).as_posix()
            data = path.read_bytes()
            self.plain[key] = data
            self.etags[key] = '"' + hashlib.sha256(data).hexdigest()[:16] + '"'
            if path.suffix in COMPRESSED:
                self.gzipped[key] = gzip.compress(data, compresslevel=6, mtime=0)

    def lookup(self, url_path: str) -> str | None:
        key = unquote(urlparse(url_path).path)
        if key.endswith("/"):
            key += "index.html"
        if key in self.plain:
            return key
        if key + "/index.html" in self.plain:
            return key + "/index.html"
        return None


class ServedLog:
    """What the server sent: (path, status, body bytes on the wire, uncompressed bytes)."""

    def __init__(self):
        self.lock = threading.Lock()
        self.items: list[tuple[str, int, int, int]] = []

    def add(self, path: str, status: int, sent: int, plain: int) -> None:
        with self.lock:
            self.items.append((path, status, sent, plain))

    def take(self) -> list[tuple[str, int, int, int]]:
        with self.lock:
            items, self.items = self.items, []
        return items


class GzipSiteHandler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"   # keep-alive, as a real host
    files: SiteFiles
    log: ServedLog

    def log_message(self, *args):
        pass

    def do_GET(self):  # noqa: N802 (http.server's naming)
        self._send(body=True)

    def do_HEAD(self):  # noqa: N802
        self._send(body=False)

    def _send(self, body: bool) -> None:
        key = self.files.lookup(self.path)
        if key is None:
            self.send_response(404)
            self.send_header("Content-Length", "0")
            self.end_headers()
            self.log.add(self.path, 404, 0, 0)
            return
        etag = self.files.etags[key]
        if self.headers.get("If-None-Match") == etag:
            self.send_response(304)
            self.send_header("ETag", etag)
            self.send_header("Cache-Control", CACHE_CONTROL)
            self.end_headers()
            self.log.add(key, 304, 0, 0)
            return
        plain = self.files.plain[key]
        compress = key in self.files.gzipped and "gzip" in self.headers.get("Accept-Encoding", "")
        content = self.files.gzipped[key] if compress else plain
        self.send_response(200)
        self.send_header("Content-Type",
                         CONTENT_TYPES.get(Path(key).suffix, "application/octet-stream"))
        self.send_header("Content-Length", str(len(content)))
        self.send_header("Cache-Control", CACHE_CONTROL)
        self.send_header("ETag", etag)
        if key in self.files.gzipped:
            self.send_header("Vary", "Accept-Encoding")
        if compress:
            self.send_header("Content-Encoding", "gzip")
        self.end_headers()
        if body:
            self.wfile.write(content)
        self.log.add(key, 200, len(content), len(plain))


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextlib.contextmanager
def serve(site: Path):
    files = SiteFiles(site)
    log = ServedLog()
    handler = type("Handler", (GzipSiteHandler,), {"files": files, "log": log})
    server = http.server.ThreadingHTTPServer(("127.0.0.1", free_port()), handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", log
    finally:
        server.shutdown()
        server.server_close()


# ---- in the page -----------------------------------------------------------------------------

# Before any page script: the main thread's long tasks and long animation frames (the latter
# name the script that ran), and the exercise's reported failures.
INIT_SCRIPT = """
(() => {
  window.__courseBench = { longTasks: [], frames: [], errors: [] };
  const bench = window.__courseBench;
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) {
      bench.longTasks.push({ start: e.startTime, duration: e.duration });
    }
  }).observe({ type: "longtask", buffered: true });
  try {
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) bench.frames.push({
        start: e.startTime, duration: e.duration, blocking: e.blockingDuration,
        scripts: e.scripts.map((s) => ({ invoker: s.invoker, type: s.invokerType,
          source: s.sourceURL, function: s.sourceFunctionName, position: s.sourceCharPosition,
          duration: s.duration, layout: s.forcedStyleAndLayoutDuration })) });
    }).observe({ type: "long-animation-frame", buffered: true });
  } catch (error) { /* an older Chromium: long tasks only */ }
  const original = console.error.bind(console);
  console.error = (...args) => {
    if (args[0] === "course exercise:") bench.errors.push(String(args[1]));
    original(...args);
  };
})();
"""

# Resolves with performance.now() at the first animation frame in which a control of the app
# (button, field, list) is on screen and enabled; or with the exercise's error.
FIRST_CONTROL_JS = """
async (timeout) => {
  const deadline = performance.now() + timeout;
  const ready = () => [...document.querySelectorAll(".course-browser-app button, "
    + ".course-browser-app select, .course-browser-app input, .course-browser-app textarea")]
    .some((el) => !el.disabled && el.checkVisibility());
  for (;;) {
    if (ready()) return { at: performance.now() };
    const errors = window.__courseBench.errors;
    if (errors.length) return { error: errors.join("; ") };
    if (performance.now() > deadline) return { error: "no control within the time allowed" };
    await new Promise((resolve) => requestAnimationFrame(resolve));
  }
}
"""

MARKS_JS = """
() => Object.fromEntries(performance.getEntriesByType("mark")
  .filter((m) => m.name.startsWith("course-")).map((m) => [m.name.slice(7), m.startTime]))
"""

IDLE_JS = "() => new Promise((resolve) => requestIdleCallback(resolve, { timeout: 3000 }))"

# Shared by the two sorting measurements: resolve when `test()` holds, checked on every change
# under the app, or give up after `timeout` ms.
UNTIL_JS = """
const until = (root, test, timeout) => new Promise((resolve, reject) => {
  if (test()) { resolve(performance.now()); return; }
  const timer = setTimeout(() => { observer.disconnect(); reject(new Error("timed out")); },
                           timeout);
  const observer = new MutationObserver(() => {
    if (!test()) return;
    const at = performance.now();
    clearTimeout(timer);
    observer.disconnect();
    resolve(at);
  });
  observer.observe(root, { subtree: true, childList: true, characterData: true, attributes: true });
});
"""

# One example of the sorting exercise: choose an answer (and wait until Python has seen it:
# the download links carry the answers), then time "Check this answer" until the example's
# feedback is there; then move to the next example.
CHECK_ONE_JS = "async ([choice, timeout]) => {" + UNTIL_JS + """
  const app = document.querySelector(".course-browser-app");
  const radios = app.querySelectorAll(".course-sort-choice input");
  const download = app.querySelector(".course-download-area");
  const before = download.innerHTML;
  radios[choice % radios.length].click();
  await until(app, () => download.innerHTML !== before, timeout);
  const area = app.querySelector(".course-example-feedback");
  const feedbackBefore = area.innerHTML;
  const clicked = performance.now();
  app.querySelector(".course-check").click();
  const shown = await until(app, () => area.querySelector(".course-feedback")
                                       && area.innerHTML !== feedbackBefore, timeout);
  await new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));
  const painted = performance.now();
  const name = app.querySelector(".course-example-name");
  const nameBefore = name ? name.textContent : "";
  const next = app.querySelector(".course-next");
  if (next && !next.disabled) {
    next.click();
    await until(app, () => { const now = app.querySelector(".course-example-name");
                             return now && now.textContent !== nameBefore; }, timeout);
  }
  return { dom: shown - clicked, painted: painted - clicked };
}
"""

RESULTS_CHART_JS = "async (timeout) => {" + UNTIL_JS + """
  const app = document.querySelector(".course-browser-app");
  const clicked = performance.now();
  app.querySelector(".course-see-results").click();
  // Python has made the chart's Vega-Lite spec; then vega-embed draws it in the page.
  const spec = await until(app, () => app.querySelector(".course-vega[data-vega-lite]"), timeout);
  const drawn = await until(app, () => { const svg = app.querySelector(".course-vega svg");
                                         return svg && svg.checkVisibility(); }, timeout);
  return { spec: spec - clicked, drawn: drawn - clicked };
}
"""


# ---- the browser -----------------------------------------------------------------------------

class Requests:
    """The page's finished requests (Playwright reports the worker's too, on the page), and
    any request to another host."""

    def __init__(self, page, base: str):
        self.base = base
        self.finished: list = []
        self.foreign: list[str] = []
        page.on("requestfinished", lambda request: self.finished.append(request))
        page.on("request", lambda request: None if request.url.startswith(
            (base, "data:", "blob:", "about:")) else self.foreign.append(request.url))

    def take(self) -> list[dict[str, object]]:
        finished, self.finished = self.finished, []
        rows = []
        for request in finished:
            sizes = request.sizes()
            rows.append({"path": urlparse(request.url).path, "type": request.resource_type,
                         "body": max(0, sizes["responseBodySize"]),
                         "headers": max(0, sizes["responseHeadersSize"])})
        return rows


def chromium_memory() -> dict[str, float]:
    """Memory of this run's Chromium (the children of this process): the largest renderer,
    which holds the exercise page and its dedicated worker, and all of Chromium together."""
    renderers, everything = [], []
    for process in psutil.Process().children(recursive=True):
        try:
            if "chrom" not in process.name():
                continue
            info = process.memory_full_info()
            everything.append(info)
            if "--type=renderer" in process.cmdline():
                renderers.append(info)
        except (psutil.NoSuchProcess, psutil.AccessDenied):
            continue
    biggest = max(renderers, key=lambda info: info.uss, default=None)
    mib = 1024 * 1024
    return {"renderer_rss_mib": round(biggest.rss / mib, 1) if biggest else None,
            "renderer_uss_mib": round(biggest.uss / mib, 1) if biggest else None,
            "renderers": len(renderers),
            "chromium_uss_mib": round(sum(info.uss for info in everything) / mib, 1)}


def worker_heap(page, cdp) -> dict[str, float] | None:
    """The worker's JavaScript heap (Pyodide's WebAssembly memory is an ArrayBuffer outside
    it), through a session attached to the worker's target from the page's CDP session."""
    replies: dict[int, dict] = {}

    def received(event):
        message = json.loads(event["message"])
        if "id" in message:
            replies[message["id"]] = message

    cdp.on("Target.receivedMessageFromTarget", received)
    try:
        targets = cdp.send("Target.getTargets")["targetInfos"]
        worker = next(t for t in targets if t["type"] == "worker")
        session = cdp.send("Target.attachToTarget", {"targetId": worker["targetId"],
                                                     "flatten": False})["sessionId"]
        cdp.send("Target.sendMessageToTarget", {"sessionId": session, "message": json.dumps(
            {"id": 1, "method": "Runtime.getHeapUsage"})})
        deadline = time.monotonic() + 10
        while 1 not in replies and time.monotonic() < deadline:
            page.wait_for_timeout(50)   # lets Playwright deliver the reply
        cdp.send("Target.detachFromTarget", {"sessionId": session})
    except Exception:  # noqa: BLE001 (an optional figure: a Chromium without it reports none)
        return None
    result = replies.get(1, {}).get("result")
    if not result:
        return None
    mib = 1024 * 1024
    return {key + "_mib": round(value / mib, 1) for key, value in result.items()}


def page_heap(cdp) -> dict[str, float]:
    cdp.send("Performance.enable")
    metrics = {m["name"]: m["value"] for m in cdp.send("Performance.getMetrics")["metrics"]}
    mib = 1024 * 1024
    return {"js_heap_used_mib": round(metrics["JSHeapUsedSize"] / mib, 1),
            "js_heap_total_mib": round(metrics["JSHeapTotalSize"] / mib, 1)}


@contextlib.contextmanager
def fresh_profile(playwright):
    """A browser with a new, empty profile (no cache, no saved work)."""
    profile = Path(tempfile.mkdtemp(prefix="course-bench-profile-"))
    context = playwright.chromium.launch_persistent_context(
        str(profile), executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS,
        viewport=VIEWPORT)
    context.add_init_script(INIT_SCRIPT)
    try:
        yield context
    finally:
        context.close()
        shutil.rmtree(profile, ignore_errors=True)


def start_and_wait(page) -> dict[str, object]:
    """Press Start; seconds to the first control, the stages, and the main thread's longest
    task while starting (from pressing Start until the worker has built the app)."""
    page.click(".course-browser-start")
    ready = page.evaluate(FIRST_CONTROL_JS, START_TIMEOUT_MS)
    if "error" in ready:
        return {"error": ready["error"]}
    page.wait_for_function("() => performance.getEntriesByName('course-app-built').length",
                           polling=100, timeout=STEP_TIMEOUT_MS)
    page.evaluate(IDLE_JS)
    marks = page.evaluate(MARKS_JS)
    pressed = marks["start-pressed"]
    bench = page.evaluate("window.__courseBench")
    settled = max(marks.values())
    during = [t for t in bench["longTasks"] if pressed <= t["start"] <= settled]
    longest = max(during, key=lambda t: t["duration"], default=None)
    result = {
        "first_control_s": round((ready["at"] - pressed) / 1000, 2),
        "stages_s": {name: round((marks[name] - pressed) / 1000, 2)
                     for name in STAGES if name in marks},
        "long_tasks": len(during),
        "long_tasks_total_ms": round(sum(t["duration"] for t in during)),
        "longest_task_ms": round(longest["duration"]) if longest else 0,
        "longest_task_at_s": round((longest["start"] - pressed) / 1000, 2) if longest else None,
        "longest_task_scripts": [],
        "longest_task_before_start_ms": round(max(
            (t["duration"] for t in bench["longTasks"] if t["start"] < pressed), default=0)),
    }
    if longest:
        # The long animation frame holding that task names the scripts it ran.
        frame = next((f for f in bench["frames"] if f["start"] <= longest["start"] + 1
                      and longest["start"] < f["start"] + f["duration"]), None)
        if frame:
            result["longest_task_scripts"] = [
                f"{Path(urlparse(s['source']).path).name or s['invoker']}"
                + (f" {s['function']}()" if s["function"] else "")
                + f" [{s['type']}: {s['invoker'].rsplit('/', 1)[-1][:40]}]"
                + f" {round(s['duration'])} ms"
                for s in sorted(frame["scripts"], key=lambda s: -s["duration"])[:3]]
    return result


def summed(rows: list[dict[str, object]]) -> dict[str, int]:
    return {"requests": len(rows), "body_bytes": sum(r["body"] for r in rows),
            "header_bytes": sum(r["headers"] for r in rows)}


def served_summary(items: list[tuple[str, int, int, int]]) -> dict[str, int]:
    return {"requests": len(items), "not_modified": sum(1 for i in items if i[1] == 304),
            "body_bytes": sum(i[2] for i in items), "plain_bytes": sum(i[3] for i in items)}


def runtime_manifest(site: Path) -> tuple[str, dict[str, object]]:
    manifests = sorted((site / "runtime").glob("*/manifest.json"))
    if not manifests:
        sys.exit(f"{site}: no runtime/<key>/manifest.json (is this a built site?)")
    path = manifests[-1]
    return "/" + path.parent.relative_to(site).as_posix() + "/", json.loads(path.read_text())


def measure_exercise(playwright, base: str, log: ServedLog, language: str, exercise: str,
                     repeats: int, clicks: int, runtime: tuple[str, dict]) -> dict[str, object]:
    url = f"{base}/{PAGES[(language, exercise)]}"
    runs: list[dict[str, object]] = []
    for run in range(repeats):
        figures: dict[str, object] = {}
        with fresh_profile(playwright) as context:
            page = context.pages[0] if context.pages else context.new_page()
            requests = Requests(page, base)
            errors: list[str] = []
            page.on("pageerror", lambda error: errors.append(str(error)))
            page.on("console", lambda m: m.type == "error" and errors.append(m.text))
            log.take()
            page.goto(url, wait_until="load")
            page.wait_for_load_state("networkidle")
            page_rows, page_served = requests.take(), log.take()

            cold = start_and_wait(page)
            figures["cold"] = cold
            if "error" in cold:
                figures["errors"] = errors
                runs.append(figures)
                continue
            page.wait_for_load_state("networkidle")
            start_rows, start_served = requests.take(), log.take()
            cdp = context.new_cdp_session(page)
            figures["memory"] = {**page_heap(cdp), "worker": worker_heap(page, cdp),
                                 **chromium_memory()}
            if run == 0:
                figures["bytes"] = bytes_figures(page_rows, page_served, start_rows,
                                                 start_served, runtime)

            # The same reader comes back: a reload, and Start again, from the browser's cache.
            page.reload(wait_until="load")
            page.wait_for_load_state("networkidle")
            requests.take(), log.take()
            warm = start_and_wait(page)
            page.wait_for_load_state("networkidle")
            warm_rows, warm_served = requests.take(), log.take()
            warm["served"] = served_summary(warm_served)
            warm["transferred_body_bytes"] = sum(r["body"] for r in warm_rows)
            figures["warm"] = warm

            if exercise == "sorting" and run == 0 and "error" not in warm:
                figures["interaction"] = measure_sorting(page, clicks)
            figures["foreign_requests"] = sorted(set(requests.foreign))
            figures["errors"] = errors
        runs.append(figures)
        status = (f"cold {cold.get('first_control_s', 'FAILED')} s, "
                  f"warm {figures.get('warm', {}).get('first_control_s', '-')} s")
        print(f"  {language} {exercise} run {run + 1}/{repeats}: {status}", flush=True)
    return summarise(language, exercise, runs)


def bytes_figures(page_rows, page_served, start_rows, start_served, runtime) -> dict[str, object]:
    prefix, manifest = runtime
    archives = {prefix + a["path"] for a in manifest["archives"]}
    seen = {r["path"] for r in start_rows}
    by_path_served = {i[0]: i[2] for i in start_served}
    # Requests whose size Playwright (CDP's encodedDataLength) and the server disagree on.
    differ = [f"{r['path'].rsplit('/', 1)[-1]}: browser {r['body']}, server "
              f"{by_path_served.get(r['path'])}" for r in start_rows
              if r["path"] in by_path_served and r["body"] != by_path_served[r["path"]]]
    start, before = summed(start_rows), summed(page_rows)
    return {
        "page_before_start": {**summed(page_rows), "served": served_summary(page_served)},
        "after_start": {**start, "served": served_summary(start_served),
                        "worker_archives_seen": f"{len(archives & seen)}/{len(archives)}",
                        "browser_and_server_differ": differ},
        "one_exercise_cold_bytes": (before["body_bytes"] + before["header_bytes"]
                                    + start["body_bytes"] + start["header_bytes"]),
        "manifest_transfer_bytes": manifest["transfer_bytes"],
    }


def measure_sorting(page, clicks: int) -> dict[str, object]:
    """Click -> feedback for "Check this answer" over `clicks` examples, then "See my results"
    -> the chart drawn."""
    times = []
    for index in range(clicks):
        times.append(page.evaluate(CHECK_ONE_JS, [index, STEP_TIMEOUT_MS]))
    chart = page.evaluate(RESULTS_CHART_JS, STEP_TIMEOUT_MS)
    dom = [t["dom"] for t in times]
    return {"clicks": clicks,
            "check_feedback_ms_median": round(statistics.median(dom)),
            "check_feedback_ms_min": round(min(dom)), "check_feedback_ms_max": round(max(dom)),
            "check_feedback_painted_ms_median": round(
                statistics.median(t["painted"] for t in times)),
            "results_chart_spec_ms": round(chart["spec"]),
            "results_chart_ms": round(chart["drawn"])}


def median(values):
    values = [v for v in values if v is not None]
    return round(statistics.median(values), 2) if values else None


def summarise(language: str, exercise: str, runs: list[dict[str, object]]) -> dict[str, object]:
    ok = [r for r in runs if "error" not in r["cold"]]
    warm_ok = [r for r in ok if "warm" in r and "error" not in r["warm"]]
    summary: dict[str, object] = {
        "language": language, "exercise": exercise, "page": PAGES[(language, exercise)],
        "runs": len(runs), "failed_runs": len(runs) - len(ok),
        "cold_first_control_s": median([r["cold"]["first_control_s"] for r in ok]),
        "warm_first_control_s": median([r["warm"]["first_control_s"] for r in warm_ok]),
        "cold_first_control_s_each": [r["cold"]["first_control_s"] for r in ok],
        "warm_first_control_s_each": [r["warm"]["first_control_s"] for r in warm_ok],
        "cold_stages_s": {s: median([r["cold"]["stages_s"].get(s) for r in ok]) for s in STAGES},
        "warm_stages_s": {s: median([r["warm"]["stages_s"].get(s) for r in warm_ok])
                          for s in STAGES},
        "longest_task_ms": max((r["cold"]["longest_task_ms"] for r in ok), default=None),
        "warm_longest_task_ms": max((r["warm"]["longest_task_ms"] for r in warm_ok), default=None),
        "runs_detail": runs,
    }
    if ok:
        summary["memory"] = ok[0]["memory"]
        summary["bytes"] = runs[0].get("bytes")
        summary["interaction"] = runs[0].get("interaction")
    return summary


def measure_reading(playwright, base: str, log: ServedLog, exercise_page: str) -> dict:
    """A chapter's weight beside an exercise page's before Start, each in a fresh profile."""
    result = {}
    for name, path in [("chapter", READING_PAGE), ("exercise_before_start", exercise_page)]:
        with fresh_profile(playwright) as context:
            page = context.pages[0] if context.pages else context.new_page()
            requests = Requests(page, base)
            log.take()
            page.goto(f"{base}/{path}", wait_until="load")
            page.wait_for_load_state("networkidle")
            rows, served = requests.take(), log.take()
            has_box = page.evaluate("() => !!document.querySelector('.course-browser-exercise')")
            result[name] = {"page": path, **summed(rows), "served": served_summary(served),
                            "start_box": has_box,
                            "runtime_files": sorted({r["path"].rsplit("/", 1)[-1] for r in rows
                                                     if "/runtime/" in r["path"]}),
                            "files": {r["path"]: r["body"] for r in rows
                                      if r["type"] != "document"}}
    chapter, exercise = result["chapter"], result["exercise_before_start"]

    def by_name(files):
        return {p.rsplit("/", 1)[-1].split("?")[0]: b for p, b in files.items()}

    extra = {name: size for name, size in by_name(exercise["files"]).items()
             if name not in by_name(chapter["files"])}
    result["exercise_extra_files"] = extra
    result["start_js_bytes"] = sum(b for p, b in exercise["files"].items()
                                   if p.endswith("/start.js"))
    return result


# ---- report ----------------------------------------------------------------------------------

def kib(value) -> str:
    return "-" if value is None else f"{value / 1024:,.0f} KiB"


def table(results: dict[str, object]) -> str:
    lines = []
    stages_title = "cold stages s (runtime, downloaded, imported, built, control)"
    head = (f"{'exercise':10} {'lang':4} {'cold s':>7} {'warm s':>7}  {stages_title:62}"
            f" {'longest task (max of runs)':>27}")
    lines += [head, "-" * len(head)]
    for item in results["exercises"]:
        stages = item["cold_stages_s"]
        stage_text = " / ".join("-" if stages.get(s) is None else f"{stages[s]:.1f}"
                                for s in STAGES)
        lines.append(f"{item['exercise']:10} {item['language']:4} "
                     f"{item['cold_first_control_s'] or '-':>7} "
                     f"{item['warm_first_control_s'] or '-':>7}  "
                     f"{stage_text:62} {str(item['longest_task_ms']) + ' ms':>27}"
                     + (f"  ({item['failed_runs']} of {item['runs']} runs failed)"
                        if item["failed_runs"] else ""))
    lines.append("")
    lines.append("warm stages s (runtime, downloaded, imported, built, control):")
    for item in results["exercises"]:
        stages = item["warm_stages_s"]
        lines.append(f"  {item['exercise']:10} {item['language']:3} " + " / ".join(
            "-" if stages.get(s) is None else f"{stages[s]:.1f}" for s in STAGES)
            + f"; longest task {item['warm_longest_task_ms']} ms"
            + (f"; first control, each run: cold {item['cold_first_control_s_each']}, warm "
               f"{item['warm_first_control_s_each']}" if item["runs"] > 1 else ""))
    lines.append("")
    for item in results["exercises"]:
        cold = (item["runs_detail"][0].get("cold") or {})
        if cold.get("longest_task_scripts"):
            lines.append(f"longest task, {item['exercise']} {item['language']} (first run): "
                         f"{cold['longest_task_ms']} ms at {cold['longest_task_at_s']} s "
                         "after Start: "
                         + "; ".join(cold["longest_task_scripts"]))
    lines.append("")
    lines.append("memory after a cold start (first run):")
    for item in results["exercises"]:
        memory = item.get("memory")
        if not memory:
            continue
        worker = memory.get("worker") or {}
        lines.append(f"  {item['exercise']:10} {item['language']:3} page JS heap "
                     f"{memory['js_heap_used_mib']} MiB; worker JS heap "
                     f"{worker.get('usedSize_mib', '-')} MiB (backing stores "
                     f"{worker.get('backingStorageSize_mib', '-')} MiB; Python's WebAssembly "
                     f"memory is counted only in the renderer's); renderer RSS "
                     f"{memory['renderer_rss_mib']} MiB, USS {memory['renderer_uss_mib']} MiB; "
                     f"all Chromium USS {memory['chromium_uss_mib']} MiB")
    lines.append("")
    lines.append("bytes for one exercise, cold (gzip from loopback; body + headers):")
    for item in results["exercises"]:
        figures = item.get("bytes")
        if not figures:
            continue
        before, after = figures["page_before_start"], figures["after_start"]
        lines.append(
            f"  {item['exercise']:10} {item['language']:3} page "
            f"{kib(before['body_bytes'] + before['header_bytes'])} ({before['requests']} requests)"
            f" + Start {kib(after['body_bytes'] + after['header_bytes'])} ({after['requests']}"
            f" requests, worker's archives seen {after['worker_archives_seen']})"
            f" = {kib(figures['one_exercise_cold_bytes'])}; server sent after Start "
            f"{kib(after['served']['body_bytes'])}; manifest transfer_bytes "
            f"{kib(figures['manifest_transfer_bytes'])}"
            + (f"; sizes differ: {', '.join(after['browser_and_server_differ'])}"
               if after["browser_and_server_differ"] else ""))
    for item in results["exercises"]:
        warm = (item["runs_detail"][0].get("warm") or {})
        if warm.get("served"):
            lines.append(f"  warm Start {item['exercise']} {item['language']} (after the reload): "
                         f"{warm['served']['requests']} requests reached the server "
                         f"({warm['served']['not_modified']} not modified), "
                         f"{kib(warm['transferred_body_bytes'])} transferred")
            break
    reading = results.get("reading")
    if reading:
        chapter, exercise = reading["chapter"], reading["exercise_before_start"]
        lines.append("")
        lines.append(f"reading page {chapter['page']}: {kib(chapter['body_bytes'])} "
                     f"({chapter['requests']} requests; start box: {chapter['start_box']}; "
                     f"runtime files: {chapter['runtime_files'] or 'none'})")
        lines.append(f"exercise page before Start {exercise['page']}: {kib(exercise['body_bytes'])}"
                     f" ({exercise['requests']} requests; runtime files: "
                     f"{exercise['runtime_files']}); start.js {reading['start_js_bytes']} bytes; "
                     f"files a chapter does not load: "
                     + ", ".join(f"{n} {b} B" for n, b in reading["exercise_extra_files"].items()))
    interactions = [i for i in results["exercises"] if i.get("interaction")]
    if interactions:
        lines.append("")
        for item in interactions:
            x = item["interaction"]
            lines.append(f"sorting {item['language']}: Check -> feedback median "
                         f"{x['check_feedback_ms_median']} ms over {x['clicks']} clicks "
                         f"(min {x['check_feedback_ms_min']}, max {x['check_feedback_ms_max']};"
                         f" painted {x['check_feedback_painted_ms_median']} ms); See my results"
                         f" -> chart drawn {x['results_chart_ms']} ms (its spec from Python "
                         f"after {x['results_chart_spec_ms']} ms)")
    problems = [f"{i['exercise']} {i['language']}: {r.get('errors') or r['cold'].get('error')}"
                for i in results["exercises"] for r in i["runs_detail"]
                if r.get("errors") or "error" in r["cold"]]
    foreign = sorted({u for i in results["exercises"] for r in i["runs_detail"]
                      for u in r.get("foreign_requests", [])})
    lines.append("")
    lines.append(f"requests to other hosts: {foreign or 'none'}")
    lines.append("errors: " + ("none" if not problems else ""))
    lines += [f"  {p}" for p in problems]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description="Measure the in-browser exercises of a built site in headless Chromium: "
                    "start time (cold, warm), stages, bytes, long tasks, memory, and (sorting) "
                    "click -> feedback. Serves the site gzip-compressed from 127.0.0.1; every "
                    "other host is blocked.")
    parser.add_argument("--site", type=Path, default=ROOT / "_build" / "html",
                        help="the built site (default: _build/html)")
    parser.add_argument("--repeats", type=int, default=3, metavar="N",
                        help="cold and warm starts per page; medians are reported (default 3)")
    parser.add_argument("--quick", action="store_true", help="one start per page (--repeats 1)")
    parser.add_argument("--exercises", nargs="+", default=DEFAULT_EXERCISES,
                        choices=EXERCISES, metavar="NAME",
                        help=f"of {', '.join(EXERCISES)} (default: all but debrief)")
    parser.add_argument("--languages", nargs="+", default=LANGUAGES, choices=LANGUAGES)
    parser.add_argument("--clicks", type=int, default=10,
                        help="sorting: 'Check this answer' clicks timed (default 10, at most 15)")
    parser.add_argument("--output", type=Path, default=RESULTS / "browser.json",
                        help="where the JSON goes (default: bench-results/browser.json)")
    args = parser.parse_args(argv)
    repeats = 1 if args.quick else args.repeats
    if repeats < 1 or not 1 <= args.clicks <= 15:
        parser.error("--repeats must be at least 1 and --clicks between 1 and 15")
    if not Path(CHROMIUM).exists():
        parser.error(f"{CHROMIUM} not found (set COURSE_CHROMIUM)")
    site = args.site.resolve()
    runtime = runtime_manifest(site)

    from playwright.sync_api import sync_playwright

    started = time.monotonic()
    results: dict[str, object] = {
        "site": str(site), "runtime": runtime[1]["key"], "pyodide": runtime[1]["pyodide"],
        "repeats": repeats, "cpus": os.cpu_count(), "load_average_before": os.getloadavg(),
        "cache_control": CACHE_CONTROL, "exercises": []}
    print(f"Serving {site} (gzip, precompressed) ...", flush=True)
    with serve(site) as (base, log), sync_playwright() as playwright:
        first_page = PAGES[(args.languages[0], args.exercises[0])]
        results["reading"] = measure_reading(playwright, base, log, first_page)
        for exercise in args.exercises:
            for language in args.languages:
                print(f"{language} {exercise}: {repeats} cold + warm start(s) ...", flush=True)
                results["exercises"].append(measure_exercise(
                    playwright, base, log, language, exercise, repeats, args.clicks, runtime))
    results["load_average_after"] = os.getloadavg()
    results["seconds"] = round(time.monotonic() - started)
    print()
    print(table(results))
    print(f"\nLoad average before / after: {results['load_average_before'][0]:.1f} / "
          f"{results['load_average_after'][0]:.1f} on {os.cpu_count()} CPUs; "
          f"{results['seconds']} s in all")
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(json.dumps(results, indent=1, default=str), encoding="utf-8")
    print(f"Full results: {args.output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
