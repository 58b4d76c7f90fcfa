"""The exercises run in the reader's own browser, on the exercise pages of the built site, with
every other host blocked: "Start the exercise here" loads Python (Pyodide) from the site itself
and mounts the same app that Voila serves. A learner works through it with good, poor and hostile
input, downloads the work, reloads and finds the work restored, and clears it.

The site's pages share one browser profile here (as a reader's browser does), so the runtime is
downloaded once and later starts come from the browser's cache. Nothing waits a fixed time:
every wait is for a state, with room for a busy two-core machine.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from conftest import CHROMIUM, CHROMIUM_ARGS, PageWatch, axe_violations
from test_apps_in_a_room_browser import click_after_scrolling, focused_heading, wheel_to

pytestmark = pytest.mark.browser

START_TIMEOUT = 180_000     # first start on a busy machine: download, compile, import
STEP_TIMEOUT = 30_000
HOSTILE = '<script>window.__pwned=1</script><img src=x onerror="window.__pwned=1">'
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


@pytest.fixture(scope="module")
def reader(site_url, tmp_path_factory):
    """One reader's browser: a persistent profile (HTTP cache, localStorage) in which every
    host but the site's own is unreachable."""
    from playwright.sync_api import sync_playwright

    profile = tmp_path_factory.mktemp("reader-profile")
    with sync_playwright() as playwright:
        context = playwright.chromium.launch_persistent_context(
            str(profile), executable_path=CHROMIUM, headless=True,
            args=[*CHROMIUM_ARGS, "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1"],
            viewport={"width": 1280, "height": 900}, accept_downloads=True)
        context.route("**/*", lambda route: route.abort()
                      if not route.request.url.startswith((site_url, "data:", "blob:"))
                      else route.continue_())
        yield context
        context.close()


def open_exercise(reader, site_url: str, language: str, exercise: str, viewport=None):
    page = reader.new_page()
    if viewport:
        page.set_viewport_size(viewport)
    watch = PageWatch(site_url)
    watch.attach(page)
    # Workers' requests and console lines count too.
    page.on("worker", lambda worker: worker.on(
        "console", lambda msg: msg.type == "error" and watch.console_errors.append(msg.text)))
    page.goto(f"{site_url}/{PAGES[(language, exercise)]}")
    return page, watch


def press_start(page) -> None:
    """Reach the Start button with the keyboard and press it, as a keyboard user would."""
    button = page.locator(".course-browser-start")
    expect(button).to_be_visible()
    button.focus()
    page.keyboard.press("Enter")


def wait_ready(page, first_control: str) -> str:
    page.wait_for_selector(f".course-browser-app {first_control}", state="visible",
                           timeout=START_TIMEOUT)
    status = page.locator(".course-browser-status")
    expect(status).not_to_be_empty(timeout=STEP_TIMEOUT)
    return status.inner_text()


def assert_clean(page, watch: PageWatch) -> None:
    assert watch.foreign_requests == [], watch.foreign_requests
    assert watch.page_errors == [], watch.page_errors
    assert watch.console_errors == [], watch.console_errors
    assert page.evaluate("window.__pwned") is None, "a learner's text ran as code"


def test_reading_an_exercise_page_loads_no_runtime(reader, site_url):
    """Until the reader presses Start, only a small script is added to the page."""
    page, watch = open_exercise(reader, site_url, "en", "sorting")
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    page.reload()
    page.wait_for_load_state("load")
    runtime = [url for url in requests if "/runtime/" in url]
    assert [url.rsplit("/", 1)[1] for url in runtime] == ["start.js"], runtime
    note = page.locator(".course-browser-note").inner_text()
    assert re.search(r"about \d+ MB", note), note
    assert_clean(page, watch)
    page.close()


def test_service_or_policy_runs_in_the_page_and_keeps_the_work(reader, site_url, tmp_path):
    page, watch = open_exercise(reader, site_url, "en", "sorting")
    press_start(page)
    # Progress by stage, in words, while it loads; the page stays usable meanwhile.
    expect(page.locator(".course-browser-status")).to_contain_text("Step", timeout=STEP_TIMEOUT)
    status = wait_ready(page, ".course-sort-choice input")
    assert "ready" in status
    # The app's own hint speaks of this browser, not of a server session.
    expect(page.locator(".course-browser-app")).to_contain_text("stay in this browser")
    assert "Binder" not in page.locator(".course-browser-app").inner_text()

    # A hostile group name and a first answer, checked: feedback comes into view.
    group = page.locator(".course-browser-app .course-group-name input")
    group.fill(HOSTILE + " æøå")
    group.press("Tab")
    click_after_scrolling(page, ".course-sort-choice input")
    click_after_scrolling(page, ".course-check")
    feedback = page.locator(".course-example-feedback .course-feedback").first
    expect(feedback).to_be_visible(timeout=STEP_TIMEOUT)
    first_feedback = feedback.inner_text()
    click_after_scrolling(page, ".course-next")
    assert focused_heading(page).startswith("A CO2-neutral municipality")

    # The download carries what is on screen, the group's name as text.
    with page.expect_download(timeout=STEP_TIMEOUT) as download_info:
        click_after_scrolling(page, ".course-browser-app a[download$='.md']")
    saved = Path(download_info.value.path()).read_text(encoding="utf-8")
    assert "æøå" in saved and "Robot vacuum" in saved
    assert_clean(page, watch)
    violations = axe_violations(page, exclude=["#course-announcer"])
    assert [v for v in violations if v["nodes"] and any(
        ".course-browser" in str(n) or "widget" in str(n) for n in v["nodes"])] == [], violations

    # A reload (a locked phone, a closed tab): the work comes back after Start.
    page.reload()
    press_start(page)
    status = wait_ready(page, ".course-sort-choice input")
    assert "back" in status, status
    expect(page.locator(".course-browser-app .course-group-name input")).to_have_value(
        HOSTILE + " æøå")
    expect(page.locator(".course-browser-app")).to_contain_text("Example 2 of 15")
    page.locator(".course-browser-app .course-previous").click()
    restored = page.locator(".course-example-feedback .course-feedback").first
    expect(restored).to_be_visible(timeout=STEP_TIMEOUT)
    assert restored.inner_text() == first_feedback

    # Clearing asks first; then the exercise starts over, and a reload finds nothing saved.
    page.once("dialog", lambda dialog: dialog.accept())
    page.locator(".course-browser-clear").click()
    expect(page.locator(".course-browser-app")).to_contain_text("Example 1 of 15",
                                                                 timeout=STEP_TIMEOUT)
    expect(page.locator(".course-browser-app .course-group-name input")).to_have_value(
        "", timeout=STEP_TIMEOUT)
    stored = page.evaluate("Object.keys(localStorage).filter(k => k.startsWith('course-work:'))")
    assert stored == [] or page.evaluate(
        "JSON.parse(localStorage.getItem('course-work:sorting:en')).events.length") == 0
    assert_clean(page, watch)
    page.close()
