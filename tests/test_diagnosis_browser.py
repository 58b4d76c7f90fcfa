"""The "Diagnose a case" app in Voilà and headless Chromium, used as a learner would: by mouse
and by keyboard, with hostile text typed in, downloading the summary, checked with axe-core."""

from __future__ import annotations

import re

import os
import statistics
import time
from pathlib import Path

import pytest

from conftest import axe_violations
from councillor_exercises.cases import load_case

pytestmark = pytest.mark.browser

APP = "diagnose-a-case.ipynb"
HOSTILE = '<script>window.__pwned=1</script><img src=x onerror="window.__pwned=1">'
FIRST_CONTROL = ".course-case-picker select"
SHOTS = Path(os.environ.get("COURSE_SCREENSHOTS", "/tmp/diagnose-a-case-screenshots"))


def open_app(page, voila_url) -> float:
    started = time.perf_counter()
    page.goto(f"{voila_url}/voila/render/{APP}")
    page.wait_for_selector(FIRST_CONTROL, timeout=60_000)
    return time.perf_counter() - started


def check(page, step: str, latencies: list[float]) -> None:
    """Click 'Check this step' and wait until that step's feedback is on screen."""
    started = time.perf_counter()
    page.click(".course-check")
    page.wait_for_selector(f".course-feedback-{step} .course-feedback", timeout=20_000)
    latencies.append(time.perf_counter() - started)


def assert_clean(page, watch) -> None:
    assert page.evaluate("window.__pwned") is None
    assert not watch.page_errors, watch.page_errors
    assert not watch.console_errors, watch.console_errors
    assert not watch.foreign_requests, watch.foreign_requests


def test_a_learner_completes_a_case_with_hostile_text_and_downloads_the_summary(
        voila_url, new_page):
    case = load_case("fjordby-climate")
    page, watch = new_page(voila_url)
    startup = open_app(page, voila_url)
    latencies: list[float] = []

    page.select_option(FIRST_CONTROL, label=f"{case.title} (Invented case)")
    page.click(".course-start")
    page.wait_for_selector(".course-type")
    assert "Invented case" in page.inner_text(".course-diagnosis")

    # 1. the kind of innovation, with hostile text as the 'why'
    page.click(".course-type label:has-text('Policy innovation')")
    page.fill(".course-type-why textarea", HOSTILE)
    check(page, "innovation_type", latencies)
    feedback = page.inner_text(".course-feedback-innovation_type")
    assert "Well spotted" in feedback and "shown as plain text" in feedback
    page.click(".course-next")

    # 2. actors and purposes
    page.select_option(".course-actor-citizens select", label="Involved for democracy (demokrati)")
    page.select_option(".course-actor-businesses select",
                       label="Involved for innovation")
    page.select_option(".course-actor-users select", label="Involved, no particular purpose")
    check(page, "actors", latencies)
    feedback = page.inner_text(".course-feedback-actors")
    assert "You leave out associations" in feedback and "little reason" in feedback
    page.click(".course-next")

    # 3. the phase
    page.click(".course-phase label:has-text('Co-design')")
    check(page, "phase", latencies)
    assert "Partly" in page.inner_text(".course-feedback-phase")
    page.click(".course-next")

    # 4. obstacles: choosing a line ticks the obstacle
    agenda = case.evidence_line("agenda")
    page.select_option(".course-line-meetings-not-made-for-new-thinking select",
                       label=f"Line {agenda.number}: {agenda.text}")
    page.wait_for_selector(".course-obstacle-meetings-not-made-for-new-thinking input:checked")
    check(page, "obstacles", latencies)
    assert f"line {agenda.number}" in page.inner_text(".course-feedback-obstacles")
    page.click(".course-next")

    # 5. the leadership tasks: hostile text, a 10,000-character answer, and one to compare
    page.fill(".course-task-problem-diagnosis textarea", "Most emissions are not ours to cut.")
    page.fill(".course-task-solution-strategy textarea", HOSTILE)
    long_text = "x" * 10_000
    page.fill(".course-task-mobilise-support textarea", long_text)
    check(page, "leadership", latencies)
    feedback = page.inner_text(".course-feedback-leadership")
    assert "10000 characters long; the limit is 2000" in feedback
    assert page.input_value(".course-task-mobilise-support textarea") == long_text
    page.wait_for_selector(".course-reveal-problem-diagnosis", state="visible")
    page.click(".course-tick-problem-diagnosis-0 input")
    page.wait_for_function(
        "() => document.querySelector('.course-feedback-leadership').innerText"
        ".includes('ticked 1 of 4')")
    page.click(".course-next")

    # 6. the summary: charts, the hostile text shown literally, the download
    page.wait_for_selector(".course-summary .course-chart", timeout=20_000)
    summary = page.inner_text(".course-summary")
    assert HOSTILE in summary
    assert page.locator(".course-summary img[src='x']").count() == 0
    assert page.locator("#diagnosis-steps-chart [role='img']").get_attribute("aria-label")
    with page.expect_download() as download_info:
        page.click(".course-summary a.course-download")
    download = download_info.value
    assert download.suggested_filename == "diagnosis-fjordby-climate.md"
    text = Path(download.path()).read_text(encoding="utf-8")
    assert text.startswith("# Diagnose a case: Fjordby: a CO2-neutral municipality?")
    assert "\\<script\\>window.\\_\\_pwned=1\\</script\\>" in text and "&lt;" not in text
    assert not re.search(r"(?<!\\)<script", text)
    assert "- [x] Says where the emissions come from" in text
    assert case.task_reading("problem-diagnosis").model_answer[:40] in text

    assert_clean(page, watch)
    violations = axe_violations(page)
    assert not violations, violations

    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / "summary-1280.png"), full_page=True)
    page.set_viewport_size({"width": 390, "height": 844})
    page.click(".course-previous")
    page.wait_for_selector(".course-step-5", state="visible")
    page.screenshot(path=str(SHOTS / "leadership-390.png"), full_page=True)
    assert page.input_value(".course-task-problem-diagnosis textarea").startswith("Most")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"the app is {width}px wide on a 390px screen"
    print(f"\n[diagnose-a-case] app start (goto -> first control): {startup:.2f} s; "
          f"check -> feedback: median {statistics.median(latencies):.3f} s "
          f"(n={len(latencies)}, max {max(latencies):.3f} s); screenshots in {SHOTS}")


def test_the_app_works_from_the_keyboard_and_tries_another_case(voila_url, new_page):
    page, watch = new_page(voila_url)
    open_app(page, voila_url)
    page.focus(FIRST_CONTROL)
    page.keyboard.press("End")               # the last case in the list
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Start this case"
    page.keyboard.press("Enter")
    page.wait_for_selector(".course-type")
    page.focus(".course-type input >> nth=0")
    page.keyboard.press("ArrowDown")         # radio buttons move with the arrow keys
    page.wait_for_timeout(300)
    assert page.is_checked(".course-type input >> nth=1")
    page.focus(".course-check")
    page.keyboard.press("Enter")
    page.wait_for_selector(".course-feedback-innovation_type .course-feedback")
    page.focus(".course-next")
    page.keyboard.press("Enter")
    page.wait_for_selector(".course-step-2", state="visible")
    page.focus(".course-another")
    page.keyboard.press("Enter")
    # It asks first; focus lands on the question, and the answer is given from the keyboard.
    page.wait_for_function("document.activeElement.hasAttribute('data-course-focus')")
    page.focus(".course-another-yes")
    page.keyboard.press("Enter")
    page.wait_for_selector(FIRST_CONTROL, state="visible")
    page.click(".course-start")
    page.wait_for_selector(".course-type")
    assert not page.is_checked(".course-type input >> nth=1")   # a fresh start
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / "step1-1280.png"))
    page.set_viewport_size({"width": 390, "height": 844})
    page.screenshot(path=str(SHOTS / "step1-390.png"))
    assert_clean(page, watch)
    violations = axe_violations(page)
    assert not violations, violations
