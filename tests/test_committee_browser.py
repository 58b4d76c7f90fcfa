"""The committee exercise in Voilà, in headless Chromium: a councillor designs a committee by
clicking and typing (hostile text included), loads and changes a preset, and downloads the
draft terms of reference. Nothing may run, leave the origin or break accessibility."""

from __future__ import annotations

import re

import statistics
import time
from pathlib import Path

import pytest

from conftest import axe_violations

pytestmark = pytest.mark.browser

HOSTILE = '<script>window.__pwned=1</script><img src=x onerror="window.__pwned=1">'
APP = "design-a-committee.ipynb"
ONE_PARTY = "text=All the councillors come from one party or group."


def section_headings(language: str = "en") -> list[str]:
    """The kommissorium's nine section headings, numbered, in the order the engine writes them."""
    from councillor_exercises.kommissorium import SECTION_IDS
    from councillor_exercises.ui_text import ui_text

    words = ui_text("committee", language)
    return [words(f"k_h_{section}", number=n) for n, section in enumerate(SECTION_IDS, start=1)]


def test_a_councillor_designs_a_committee_and_downloads_the_kommissorium(voila_url, new_page,
                                                                          tmp_path):
    page, watch = new_page(voila_url)
    started = time.perf_counter()
    page.goto(f"{voila_url}/voila/render/{APP}")
    page.wait_for_selector(".course-challenge input[type=radio]", timeout=60_000)
    start_seconds = time.perf_counter() - started

    # Step 1: a challenge and a (hostile) name.
    page.get_by_role("radio", name="Fjordby wants to become a CO2-neutral municipality").check()
    page.wait_for_selector("text=An invented example: the council of Fjordby Kommune")
    name = page.locator(".course-committee-name input")
    name.fill(HOSTILE)
    name.press("Tab")

    # Step 2: the mandate, typed with the hostile text, and one checklist tick.
    page.click("button.course-step-mandate")
    question = page.locator(".course-mandate textarea")
    question.fill("How can Fjordby become CO2-neutral with its residents? " + HOSTILE)
    question.press("Tab")
    page.wait_for_selector("text=shown as plain text and never run")
    page.get_by_role("checkbox", name="It names the problem or ambition").check()

    # Load the Gentofte-style preset with one click; the learner's words stay.
    page.click("button.course-load-preset")
    page.wait_for_selector("text=Loaded: Gentofte-style task committee")
    assert question.input_value().endswith(HOSTILE)

    # Step 3: change it. One party brings the battlefield warning; three parties remove it.
    page.click("button.course-step-members")
    parties = page.locator(".course-parties input")
    assert parties.input_value() == "3"
    latencies = []
    for value, shown in [("1", True), ("3", False), ("1", True), ("3", False), ("1", True)]:
        before = time.perf_counter()
        parties.fill(value)
        parties.press("Enter")
        page.wait_for_selector(ONE_PARTY, state="visible" if shown else "detached",
                               timeout=15_000)
        latencies.append(time.perf_counter() - before)
    parties.fill("3")
    parties.press("Enter")
    page.wait_for_selector(ONE_PARTY, state="detached")
    experts = page.locator(".course-count-experts input")
    experts.fill("2")
    experts.press("Enter")
    page.locator(".course-recruit-experts select").select_option(
        label="Invitation of people with relevant knowledge, ideas or experience")
    page.wait_for_selector("text=Members in all: 17 (5 councillors, 12 others).")

    # Step 4: decision power is refused with its reason; the standing-committee route is fine.
    page.click("button.course-step-working")
    page.get_by_role("radio", name="The committee decides itself and carries its proposals out").check()
    page.wait_for_selector("text=In your design the committee decides on its own proposals.")
    page.get_by_role("radio", name="Via the responsible standing committee to the council").check()
    page.wait_for_selector("text=Nothing in your design goes against the legal frame")
    page.locator(".course-compare select").select_option(label="Closed expert panel")
    page.wait_for_selector("text=Your committee's profile beside Closed expert panel")

    # Step 5: the draft, shown with the hostile text as text, and downloaded.
    page.click("button.course-step-kommissorium")
    preview = page.locator(".course-kommissorium-preview")
    preview.wait_for()
    assert HOSTILE in preview.inner_text()
    headings = section_headings()
    assert all(heading in preview.inner_text() for heading in headings), headings
    with page.expect_download() as info:
        page.locator(".course-step-page a.course-download").first.click()
    download = info.value
    assert download.suggested_filename.endswith("-kommissorium.md")
    kommissorium = Path(download.path()).read_text(encoding="utf-8")
    for needed in ("DRAFT for discussion, not adopted.", *[f"## {h}" for h in headings],
                   "\\<script\\>window.\\_\\_pwned=1\\</script\\>"):
        assert needed in kommissorium, needed
    # Backslash escapes keep the tag inert without HTML entities.
    assert not re.search(r"(?<!\\)<script", kommissorium) and "&lt;" not in kommissorium

    with page.expect_download() as info:
        page.locator(".course-step-page a.course-download").nth(1).click()
    printable = Path(info.value.path()).read_text(encoding="utf-8")
    assert printable.startswith("<!DOCTYPE html>") and "@media print" in printable
    # The one script element is the export block for the debrief: JSON data, never run.
    assert printable.count("<script") == 1
    assert '<script type="application/json" id="course-export">' in printable

    with page.expect_download() as info:
        page.locator(".course-downloads a.course-download").first.click()
    summary = Path(info.value.path()).read_text(encoding="utf-8")
    assert "Fjordby wants to become a CO2-neutral municipality" in summary
    assert "- [x] It names the problem or ambition" in summary

    # Going back keeps the answers.
    page.click("button.course-step-mandate")
    assert page.locator(".course-mandate textarea").input_value().endswith(HOSTILE)

    assert page.evaluate("window.__pwned") is None
    assert not watch.page_errors, watch.page_errors
    assert not watch.console_errors, watch.console_errors
    assert not watch.foreign_requests, watch.foreign_requests

    page.click("button.course-step-kommissorium")
    preview.wait_for()
    violations = axe_violations(page)
    assert not violations, violations

    for width in (1280, 390):
        page.set_viewport_size({"width": width, "height": 900})
        page.wait_for_timeout(300)
        page.screenshot(path=str(tmp_path / f"committee-{width}.png"))
    print(f"\ncommittee app: start {start_seconds:.1f} s; change -> feedback median "
          f"{statistics.median(latencies) * 1000:.0f} ms (of {len(latencies)}: "
          + ", ".join(f"{x * 1000:.0f}" for x in latencies) + f" ms); screenshots in {tmp_path}")


def test_the_app_works_from_the_keyboard_and_hides_nothing_on_a_phone(voila_url, new_page):
    page, watch = new_page(voila_url)
    page.set_viewport_size({"width": 390, "height": 900})
    page.goto(f"{voila_url}/voila/render/{APP}")
    page.wait_for_selector(".course-challenge input[type=radio]", timeout=60_000)
    page.locator("button.course-step-members").focus()
    page.keyboard.press("Enter")
    page.wait_for_selector("text=Step 3 of 5: Members")
    council = page.locator(".course-council input")
    council.focus()
    page.keyboard.press("Control+A")
    page.keyboard.type("4")
    page.keyboard.press("Tab")
    page.wait_for_selector("text=Members in all: 4 (4 councillors, 0 others).")
    page.wait_for_selector("text=Only councillors sit on the committee")
    # The page fits the phone: no control wider than the screen.
    too_wide = page.evaluate("""() => [...document.querySelectorAll(
        '.course-committee input, .course-committee select, .course-committee textarea, '
        + '.course-committee button, .course-committee label')]
        .filter(e => e.getBoundingClientRect().right > window.innerWidth + 1)
        .map(e => e.outerHTML.slice(0, 80))""")
    assert not too_wide, too_wide
    assert not watch.console_errors and not watch.page_errors and not watch.foreign_requests
