"""Shared fixtures: the built book, a local web server for it, Voila serving the exercise apps,
and headless Chromium driven by Playwright (Debian's /usr/bin/chromium, never a downloaded one)."""

from __future__ import annotations

import contextlib
import functools
import http.server
import json
import os
import shutil
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlparse

import pytest

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).resolve().parent / "fixtures"
CHROMIUM = os.environ.get("COURSE_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    # As root in a sandboxed machine, with no network beyond loopback: no sandbox, no GPU,
    # and none of Chromium's own background connections.
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    # Every host but this machine is unreachable, for every page and worker, without
    # intercepting requests (interception switches the browser's cache off). A request to
    # another host is still seen, and fails the test that watches the page.
    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
]
BUILD_FLAGS = ["--warningiserror", "--nitpick", "--keep-going"]


# The order in which the test files start (make test runs them on every core, one file per
# worker at a time, in this order): first the long browser walk-throughs that need no book, while
# the book builds in the background; then the long ones that need the book; then the many short
# files, which fill the workers' last minutes evenly. Within a file, tests keep their order.
LONG_WITHOUT_BOOK = ["test_apps_in_a_room_browser.py", "test_danish_apps_browser.py",
                     "test_debrief_browser.py", "test_committee_browser.py",
                     "test_short_exercises_browser.py", "test_diagnosis_browser.py",
                     "test_preheated_apps_browser.py", "test_debrief.py"]
LONG_WITH_BOOK = ["test_in_browser_exercises.py", "test_engine_on_browser_python.py",
                  "test_site_browser.py", "test_content.py", "test_runtime_without_pandas.py"]


def pytest_collection_modifyitems(items) -> None:
    order = {name: rank for rank, name in enumerate(LONG_WITHOUT_BOOK + LONG_WITH_BOOK)}
    last = len(order)
    items.sort(key=lambda item: order.get(item.path.name, last))   # sort is stable


@dataclass(frozen=True)
class Edition:
    """One language edition of the book: where its pages are and where the site holds it."""
    language: str
    source: Path        # the folder its table of contents names pages from
    toc: Path

    def page_source(self, docname: str) -> Path | None:
        for suffix in (".md", ".ipynb"):
            if (self.source / f"{docname}{suffix}").is_file():
                return self.source / f"{docname}{suffix}"
        return None


EDITIONS = {
    "en": Edition("en", ROOT, ROOT / "_toc.yml"),
    "da": Edition("da", ROOT / "book" / "da", ROOT / "_toc.da.yml"),
}


def toc_files(language: str = "en") -> list[str]:
    """Every page named in an edition's table of contents, as docnames (e.g.
    'book/chapters/02-co-creation' in English, 'chapters/02-co-creation' in Danish)."""
    import yaml

    toc = yaml.safe_load(EDITIONS[language].toc.read_text(encoding="utf-8"))
    files = [toc["root"]]

    def walk(entries):
        for entry in entries or []:
            if "file" in entry:
                files.append(entry["file"])
            walk(entry.get("sections"))
            walk(entry.get("chapters"))

    for part in toc.get("parts", []):
        walk(part.get("chapters"))
    return files


def site_pages(language: str) -> list[str]:
    """The pages of an edition in the built site, from the site's root ('da/chapters/x.html'):
    every table-of-contents entry, and Sphinx's search and index pages."""
    return [f"{language}/{name}.html" for name in [*toc_files(language), "search", "genindex"]]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class BuiltBook:
    html: Path          # the built site's folder
    log: str            # everything the build printed
    returncode: int
    seconds: float


def _book_build_folder(tmp_path_factory) -> Path:
    """Where this run builds the book: one folder for the whole run, shared by pytest-xdist's
    workers (their temporary folders sit side by side in the run's own), so that the book is
    built once however many workers use it."""
    base = tmp_path_factory.getbasetemp()
    return (base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base) / "book-build"


def _start_book_build(folder: Path) -> threading.Thread | None:
    """Start building both editions into `folder` in the background, unless another worker of
    this run already has: creating `started` is the claim (atomic), and `result.json`, written
    last and renamed into place, says the build has ended."""
    folder.mkdir(parents=True, exist_ok=True)
    try:
        os.close(os.open(folder / "started", os.O_CREAT | os.O_EXCL | os.O_WRONLY))
    except FileExistsError:
        return None

    def build() -> None:
        started = time.monotonic()
        try:
            result = subprocess.run(
                [sys.executable, str(ROOT / "tools" / "build_book.py"), "--output",
                 str(folder / "out"), *BUILD_FLAGS],
                capture_output=True, text=True, cwd=ROOT, timeout=2400)
            outcome = {"log": result.stdout + result.stderr, "returncode": result.returncode}
        except Exception as error:  # a timeout or a missing interpreter: the tests say so
            outcome = {"log": f"the build could not run: {error!r}", "returncode": -1}
        outcome["seconds"] = time.monotonic() - started
        partial = folder / "result.json.partial"
        partial.write_text(json.dumps(outcome), encoding="utf-8")
        partial.rename(folder / "result.json")

    thread = threading.Thread(target=build, name="book-build", daemon=True)
    thread.start()
    return thread


@pytest.fixture(scope="session", autouse=True)
def book_build_in_background(request, tmp_path_factory):
    """The book takes minutes to build: when any test of this run needs it, start it before
    the first test, so that it builds while the tests that need no book run. The worker that
    started it waits for it before it ends, whether or not its own tests used the book."""
    build = None
    if not os.environ.get("COURSE_TEST_SITE") and any(
            "built_book" in item.fixturenames for item in request.session.items):
        build = _start_book_build(_book_build_folder(tmp_path_factory))
    yield
    if build is not None:
        build.join()


@pytest.fixture(scope="session")
def built_book(tmp_path_factory) -> BuiltBook:
    """Both editions built strictly from the repository's files into a fresh folder (no
    cache), the way `make book` builds them; once per run, whichever worker asks first."""
    reuse = os.environ.get("COURSE_TEST_SITE")
    if reuse:   # while working on the browser tests only: a site built a moment ago
        log = (Path(reuse).parent / "build.log")
        return BuiltBook(Path(reuse), log.read_text() if log.exists() else "", 0, 0.0)
    folder = _book_build_folder(tmp_path_factory)
    _start_book_build(folder)   # already running, unless this is the first to need it
    result = folder / "result.json"
    deadline = time.monotonic() + 2700
    while not result.exists():
        if time.monotonic() > deadline:
            pytest.fail(f"the book's build did not end within 45 minutes ({folder})")
        time.sleep(1)
    outcome = json.loads(result.read_text(encoding="utf-8"))
    return BuiltBook(folder / "out" / "html", outcome["log"], outcome["returncode"],
                     outcome["seconds"])


@pytest.fixture(scope="session")
def site(built_book) -> Path:
    """The built site's folder (en/ and da/ in it); fails (does not skip) when the build
    failed."""
    assert built_book.returncode == 0, "the book did not build:\n" + built_book.log[-5000:]
    return built_book.html


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):  # keep test output readable
        pass


@pytest.fixture(scope="session")
def site_url(site) -> str:
    """The built site served on 127.0.0.1 for the browser tests."""
    port = free_port()
    handler = functools.partial(_QuietHandler, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", port), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{port}"
    server.shutdown()


@pytest.fixture(scope="session")
def voila_front_end() -> Path:
    """The course's front end for the apps in Voila, built as `make app` builds it (at once when
    it is up to date; one worker at a time otherwise); the template's static folder."""
    sys.path.insert(0, str(ROOT / "tools"))
    import build_browser  # tools/ is not a package; imported here, as Pyodide runs lack npm

    return build_browser.build_voila_front_end()


@contextlib.contextmanager
def running_voila(log: Path, **env: str):
    """Voila serving the apps/ folder on a free port of 127.0.0.1 from the repository's root
    (so it reads voila.py), as `make app` runs it, with `env` added to its environment; yields
    (process, url) once it answers, and stops it afterwards."""
    port = free_port()
    with log.open("w") as handle:
        process = subprocess.Popen(
            [str(Path(sys.executable).with_name("voila")), str(ROOT / "apps"), "--no-browser",
             f"--port={port}", "--Voila.ip=127.0.0.1", "--show_tracebacks=False"],
            stdout=handle, stderr=subprocess.STDOUT, cwd=ROOT,
            env={**os.environ, "COURSE_RENDER": "live", **env})
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 90
        while True:
            if process.poll() is not None:
                pytest.fail("Voila exited:\n" + log.read_text(errors="replace")[-3000:])
            try:
                urllib.request.urlopen(url, timeout=2)
                break
            except OSError:
                if time.monotonic() > deadline:
                    pytest.fail("Voila did not start:\n" + log.read_text(errors="replace")[-3000:])
                time.sleep(0.3)
        yield process, url
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()


@dataclass(frozen=True)
class VoilaServer:
    url: str
    log: Path           # everything Voila printed (kernels started, shut down, culled)


@pytest.fixture(scope="session")
def voila_server(tmp_path_factory, voila_front_end) -> VoilaServer:
    """Voila serving the apps/ folder on 127.0.0.1, as `make app` does (with the course's own
    front end)."""
    log = tmp_path_factory.mktemp("voila") / "voila.log"
    # Kernels left without a page are culled after 20 s here (900 s by default), so that a
    # test can see the culler work; a kernel whose page is open is never culled.
    with running_voila(log, COURSE_KERNEL_CULL_SECONDS="20") as (_, url):
        yield VoilaServer(url, log)


@pytest.fixture(scope="session")
def voila_url(voila_server) -> str:
    """Where the session's Voila serves the apps: {voila_url}/voila/render/<name>.ipynb."""
    return voila_server.url


@pytest.fixture(scope="session")
def browser():
    """Headless Debian Chromium. Missing Chromium is a failure, not a skip: CI installs it."""
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} not found: install Debian's chromium package (.ci/run does)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=CHROMIUM, headless=True,
                                              args=CHROMIUM_ARGS)
        yield instance
        instance.close()


@dataclass
class PageWatch:
    """What a page did that a test may want to forbid: console errors, failed requests,
    requests to other origins."""

    origin: str
    console_errors: list[str] = field(default_factory=list)
    failed_requests: list[str] = field(default_factory=list)
    foreign_requests: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)

    def attach(self, page) -> None:
        page.on("console", lambda msg: msg.type == "error" and self.console_errors.append(msg.text))
        page.on("pageerror", lambda error: self.page_errors.append(str(error)))
        page.on("requestfailed", lambda req: self.failed_requests.append(
            f"{req.url} ({req.failure})"))
        page.on("request", self._on_request)

    def _on_request(self, request) -> None:
        parsed = urlparse(request.url)
        if parsed.scheme in {"data", "blob", "about"}:
            return
        if f"{parsed.scheme}://{parsed.netloc}" != self.origin:
            self.foreign_requests.append(request.url)


@pytest.fixture
def new_page(browser):
    """Make a fresh page (own context, no cookies) with a PageWatch for a given origin."""
    contexts = []

    def make(origin: str):
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        contexts.append(context)
        page = context.new_page()
        watch = PageWatch(origin)
        watch.attach(page)
        # Block anything off the origin so a leak shows as a recorded request, not a hang.
        context.route("**/*", lambda route: route.abort()
                      if not route.request.url.startswith((origin, "data:", "blob:"))
                      else route.continue_())
        return page, watch

    yield make
    for context in contexts:
        context.close()


def axe_violations(page, exclude: list[str] | None = None,
                   include: list[str] | None = None) -> list[dict]:
    """Run axe-core (WCAG 2.0/2.1 A and AA rules) on the page, or on the parts of it that
    ``include`` selects (one app, say), leaving out what ``exclude`` selects; returns the
    violations."""
    # Imported here, not at the top: the engine's tests also run in Pyodide
    # (tests/pyodide/run.mjs), where this conftest must import without the browser tools.
    import axe_playwright_python

    page.add_script_tag(path=str(Path(axe_playwright_python.__file__).with_name("axe.min.js")))
    options = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}
    context = {}
    if include:
        context["include"] = [[selector] for selector in include]
    if exclude:
        context["exclude"] = [[selector] for selector in exclude]
    result = page.evaluate(
        "([context, options]) => axe.run(context || document, options)",
        [context or None, options])
    return [{"id": v["id"], "help": v["help"],
             "nodes": [n["target"] for n in v["nodes"]][:5]} for v in result["violations"]]


@pytest.fixture
def fixture_data(tmp_path, monkeypatch):
    """A copy of data/ the test may break; the engine reads it through COURSE_DATA_DIR."""
    target = tmp_path / "data"
    shutil.copytree(ROOT / "data", target)
    monkeypatch.setenv("COURSE_DATA_DIR", str(target))
    return target
