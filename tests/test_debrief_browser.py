"""The facilitator's debrief in Voila and headless Chromium, used as a facilitator would: choose
the exercise, press the upload button from the keyboard, choose the groups' files (made here by
the exercise apps, as the groups would download them, with a foreign file and a file of another
exercise among them), and read the per-file messages, the tables and a chart; with focus and an
announcement where the page script puts them, no console error, no request to another origin
and no axe-core WCAG 2.1 AA violation.

The upload control's file input is never in the page (ipywidgets opens it from its button), so
the files are given to the browser's file chooser, the way ``page.set_input_files`` gives them
to an input in the page.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from playwright.sync_api import expect

from conftest import axe_violations
from councillor_exercises import debrief
from export_files import DIAGNOSES, HOSTILE, diagnosis_files, sorting_files

pytestmark = pytest.mark.browser

START_TIMEOUT = 60_000
SCREENSHOTS = os.environ.get("COURSE_SCREENSHOTS")
# Resolves once the page has laid itself out again (after a change of the window's size).
NEXT_FRAME = "() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))"


def screenshot(page, name: str) -> None:
    """With COURSE_SCREENSHOTS set to a folder: the whole app at phone and laptop width."""
    if not SCREENSHOTS:
        return
    folder = Path(SCREENSHOTS)
    folder.mkdir(parents=True, exist_ok=True)
    for width in (390, 1280):
        page.set_viewport_size({"width": width, "height": 900})
        page.evaluate(NEXT_FRAME)
        height = page.evaluate("document.querySelector('.course-debrief').scrollHeight")
        page.set_viewport_size({"width": width, "height": min(12000, height + 300)})
        page.evaluate(NEXT_FRAME)
        page.screenshot(path=str(folder / f"{name}-{width}.png"))
    page.set_viewport_size({"width": 1280, "height": 900})


def class_files(folder, language: str) -> list[tuple[str, str]]:
    """The groups' files on disk, as a facilitator collects them: each group's Markdown file
    (one group also sends its printable page), a stray note, and a file of another exercise.
    Returns (file name, what its line must say) for each."""
    words = debrief.words(language)
    expected = []
    for number, group in enumerate(DIAGNOSES):
        files, _ = diagnosis_files(group, language)
        for name, content in files.items():
            if name.endswith(".html") and number:
                continue
            (folder / name).write_bytes(content)
            expected.append((name, words("status_duplicate" if name.endswith(".html")
                                         else "status_loaded")))
    (folder / "notes.md").write_text("# Notes from the meeting\n\n" + HOSTILE, encoding="utf-8")
    expected.append(("notes.md", words("status_refused")))
    files, _ = sorting_files("D", language)
    name = next(n for n in files if n.endswith(".md"))
    (folder / name).write_bytes(files[name])
    expected.append((name, words("status_refused")))
    return expected


@pytest.mark.parametrize("language", ["en", "da"])
def test_the_debrief_reads_the_groups_files_in_voila(new_page, voila_url, tmp_path, language):
    words = debrief.words(language)
    expected = class_files(tmp_path, language)
    page, watch = new_page(voila_url)
    # Playwright intercepts file choosers once a page has a listener for them; enabling that
    # takes a moment, so it is asked for now, long before the button is pressed (asked for
    # only at the press, the browser's own chooser sometimes won the race).
    page.on("filechooser", lambda _chooser: None)
    app = "debrief.ipynb" if language == "en" else "da/debrief.ipynb"
    page.goto(f"{voila_url}/voila/render/{app}")
    picker = page.locator(".course-debrief-exercise select")
    picker.wait_for(state="visible", timeout=START_TIMEOUT)
    page.wait_for_selector(f".course-debrief-files:has-text(\"{words('waiting')}\")")
    page.get_by_label(words("exercise_label")).select_option(
        label=debrief.exercise_name("diagnose-a-case", language))

    # The upload button is a button with its own name, reached and pressed from the keyboard.
    button = page.get_by_role("button", name=words("upload_button"))
    button.focus()
    expect(button).to_be_focused()
    with page.expect_file_chooser() as chooser:
        page.keyboard.press("Enter")
    assert chooser.value.is_multiple()
    chooser.value.set_files([str(tmp_path / name) for name, _ in expected])

    page.wait_for_function("n => document.querySelectorAll('.course-files li').length === n",
                           arg=len(expected), timeout=30_000)
    for name, status in expected:
        line = page.locator(".course-files li", has_text=f" {name}: ")   # its own line
        assert line.locator(".course-file-status").inner_text() == f"{status}:", name
    refused = page.locator(".course-files li", has_text=" notes.md: ").inner_text()
    assert words("refused_no_block") in refused
    other = page.locator(".course-files li.course-file-refused").nth(1).inner_text()
    assert debrief.exercise_name("service-or-policy", language) in other

    # Focus lands on the files' heading and the count is read out.
    page.wait_for_function("t => document.activeElement && "
                           "document.activeElement.textContent.trim() === t",
                           arg=words("files_heading"), timeout=10_000)
    status = page.locator(".course-debrief-status").inner_text()
    page.wait_for_function("t => document.getElementById('course-announcer').textContent === t",
                           arg=status, timeout=10_000)
    assert status == words("status_line", files=6, loaded=3, duplicates=1, refused=2)

    results = page.locator(".course-debrief-results")
    results.locator("figure.course-chart svg").first.wait_for(state="attached", timeout=60_000)
    assert words("disagreement_title") in results.inner_text()
    figure = results.locator("figure.course-chart").first
    assert figure.locator("[role=img]").get_attribute("aria-label")
    assert results.locator("table.course-debrief-readings tbody tr").count() == 4

    screenshot(page, f"debrief-{language}")

    assert watch.page_errors == [], watch.page_errors
    assert watch.console_errors == [], watch.console_errors
    assert watch.foreign_requests == [], watch.foreign_requests
    assert page.evaluate("window.__pwned") is None
    violations = axe_violations(page)
    assert violations == [], violations
