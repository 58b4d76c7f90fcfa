"""The two short exercises, "Service or policy?" and "Your week as a councillor", completed in
Voila in headless Chromium as a learner would: clicking and typing (hostile text included),
downloading the summary, with no console error, no request to another origin and no axe-core
WCAG 2.1 AA violation.

Set COURSE_SCREENSHOTS to a folder to keep screenshots at phone and laptop width.
"""

from __future__ import annotations

import os
import statistics
import time
from pathlib import Path

import pytest
from playwright.sync_api import expect

from conftest import axe_violations

pytestmark = pytest.mark.browser

HOSTILE = '<script>window.__pwned=1</script><img src=x onerror="window.__pwned=1">'
START_TIMEOUT = 60_000
SCREENSHOTS = os.environ.get("COURSE_SCREENSHOTS")


def screenshot(page, name: str) -> None:
    if not SCREENSHOTS:
        return
    folder = Path(SCREENSHOTS)
    folder.mkdir(parents=True, exist_ok=True)
    for width in (390, 1280):
        # Voila scrolls inside its own panel, so make the window as tall as the app instead.
        page.set_viewport_size({"width": width, "height": 900})
        page.wait_for_timeout(300)
        height = page.evaluate("document.querySelector('.course-short-app').scrollHeight")
        page.set_viewport_size({"width": width, "height": min(8000, height + 300)})
        page.wait_for_timeout(300)
        page.screenshot(path=str(folder / f"{name}-{width}.png"))
    page.set_viewport_size({"width": 1280, "height": 900})


def open_app(new_page, voila_url: str, notebook: str, first_control: str):
    page, watch = new_page(voila_url)
    started = time.perf_counter()
    page.goto(f"{voila_url}/voila/render/{notebook}")
    page.wait_for_selector(first_control, state="visible", timeout=START_TIMEOUT)
    print(f"\n{notebook}: app start (goto -> first control visible) "
          f"{time.perf_counter() - started:.2f} s")
    return page, watch


def timed_click(page, button: str, done: str, timings: list[float]) -> None:
    started = time.perf_counter()
    page.locator(button).filter(visible=True).first.click()
    page.wait_for_selector(done, state="visible", timeout=15_000)
    timings.append(time.perf_counter() - started)


def download_text(page, link_area: str) -> str:
    with page.expect_download() as info:
        page.locator(f"{link_area} a.course-download").filter(visible=True).first.click()
    return Path(info.value.path()).read_text(encoding="utf-8")


def assert_clean(page, watch) -> None:
    assert page.evaluate("window.__pwned") is None
    assert watch.page_errors == [], watch.page_errors
    assert watch.console_errors == [], watch.console_errors
    assert watch.foreign_requests == [], watch.foreign_requests
    violations = axe_violations(page)
    assert violations == [], violations


def test_service_or_policy_in_voila(new_page, voila_url):
    page, watch = open_app(new_page, voila_url, "service-or-policy.ipynb",
                           ".course-sort-choice input[type=radio]")
    from councillor_exercises import sorting

    examples = sorting.load_examples()
    settings = sorting.load_settings()
    timings: list[float] = []
    for number, example in enumerate(examples, start=1):
        page.wait_for_selector(f".course-progress:has-text('Example {number} of')")
        page.wait_for_selector(f".course-example-name:has-text(\"{example.name}\")")
        # The new example's choices, not yet answered, have replaced the previous ones.
        page.wait_for_function("document.querySelectorAll('.course-sort-choice input').length > 0 "
                               "&& !document.querySelector('.course-sort-choice input:checked')")
        choice = "service" if example.id == "rehabilitation-law" else example.answer
        page.get_by_role("radio", name=settings.label(choice), exact=True).check()
        timed_click(page, ".course-check",
                    f".course-example-feedback h3:has-text(\"{example.name}\")", timings)
        if number == 1:
            feedback = page.locator(".course-example-feedback").inner_text()
            assert "Well spotted" in feedback and "Facts and sources" in feedback
            screenshot(page, "service-or-policy-example")
        if example.id == "rehabilitation-law":
            feedback = page.locator(".course-example-feedback").inner_text()
            assert "Partial credit (0.5 of 1 point)" in feedback and "debatable" in feedback
        if number < len(examples):
            page.locator(".course-next").click()

    # Back one example and forward again: the answer is still there.
    page.locator(".course-previous").click()
    page.wait_for_selector(f".course-progress:has-text('Example {len(examples) - 1} of')")
    assert examples[-2].id == "rehabilitation-law"
    # The example's answers arrive just after its heading: wait for them, as a reader would.
    expect(page.get_by_role("radio", name=settings.label("service"), exact=True)).to_be_checked(
        timeout=15_000)

    timed_click(page, ".course-see-results", ".course-results-feedback .course-feedback", timings)
    results = page.locator(".course-results-feedback").inner_text()
    assert "You earned 14.5 of 15 points (97%)" in results
    page.wait_for_selector(".course-results-chart figure svg", state="attached", timeout=10_000)

    page.locator(".course-note textarea").fill(HOSTILE)
    timed_click(page, ".course-note-button", ".course-note-echo", timings)
    assert page.locator(".course-note-echo").inner_text() == HOSTILE
    screenshot(page, "service-or-policy-results")

    summary = download_text(page, ".course-download-area")
    assert summary.startswith("# Service or policy? My sorting")
    assert "You earned 14.5 of 15 points" in summary
    assert "\\<script\\>" in summary and "<script>" not in summary and "&lt;" not in summary
    print(f"service-or-policy: click -> feedback, median {statistics.median(timings) * 1000:.0f} ms "
          f"over {len(timings)} clicks (max {max(timings) * 1000:.0f} ms)")
    assert_clean(page, watch)


def test_your_week_in_voila(new_page, voila_url):
    page, watch = open_app(new_page, voila_url, "your-week.ipynb", ".course-hours input")
    timings: list[float] = []

    def hours(activity: str, value: str) -> None:
        page.locator(f".course-hours-{activity} input").fill(value)

    hours("papers-and-cases", "8")
    hours("committee-and-council-meetings", "5")
    hours("party-group", "2,5")
    hours("citizens-associations-businesses", "2")
    hours("thematic-policy-work", "1")
    hours("boards", "-3")
    hours("courses-and-other", HOSTILE)
    timed_click(page, ".course-check-week", ".course-week-feedback .course-problem", timings)
    problems = page.locator(".course-week-feedback").inner_text()
    assert "is negative" in problems and HOSTILE[:30] in problems
    assert page.locator(".course-hours-courses-and-other input").input_value() == HOSTILE

    hours("boards", "1")
    hours("courses-and-other", "")
    timed_click(page, ".course-check-week", ".course-week-charts figure", timings)
    reading = page.locator(".course-week-feedback").inner_text()
    assert "Your week: 19.5 hours of council work" in reading
    assert "close to the 18 hours a week that Danish councillors reported on average in 2021" \
        in reading
    assert page.locator(".course-week-charts figure").count() == 3
    assert "Kommunalpolitisk Barometer 2021" in page.locator(".course-week-charts").inner_text()
    screenshot(page, "your-week-profile")

    page.locator(".course-next").filter(visible=True).click()
    page.wait_for_selector(".course-step-choice input[type=radio]", state="visible")
    blocks = page.locator(".course-advice-block")
    assert blocks.count() == 3
    blocks.nth(0).get_by_role("radio").first.check()
    blocks.nth(2).get_by_role("radio").nth(2).check()
    own = page.locator(".course-own-knowledge-over-representativeness textarea")
    own.fill("x" * 10_000)
    timed_click(page, ".course-check-plan", ".course-plan-feedback .course-problem", timings)
    assert "10000 characters long; the limit is 2000" in \
        page.locator(".course-plan-feedback").inner_text()
    assert len(own.input_value()) == 10_000

    own.fill(HOSTILE)
    for item in ("what", "when", "who"):
        page.locator(f".course-check-knowledge-over-representativeness-{item} input").check()
    timed_click(page, ".course-check-plan",
                ".course-plan-feedback h3:has-text('Your action plan')", timings)
    page.wait_for_selector(".course-plan-feedback:has-text('Steps ready: 3 of 3')")
    plan_feedback = page.locator(".course-plan-feedback").inner_text()
    assert HOSTILE in plan_feedback
    screenshot(page, "your-week-plan")

    plan = download_text(page, ".course-download-area")
    assert plan.startswith("# My week as a councillor: profile and action plan")
    assert "\\<script\\>" in plan and "<script>" not in plan and "&lt;" not in plan
    assert "Checklist: 3 of 3 points ticked" in plan

    # Back to the week: the hours are kept.
    page.locator(".course-previous").filter(visible=True).click()
    assert page.locator(".course-hours-party-group input").input_value() == "2,5"
    print(f"your-week: click -> feedback, median {statistics.median(timings) * 1000:.0f} ms "
          f"over {len(timings)} clicks (max {max(timings) * 1000:.0f} ms)")
    assert_clean(page, watch)
