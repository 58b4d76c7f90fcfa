"""The "Service or policy?" app driven in the test process as a learner would: choose, check,
move on and back, see the results, write a note, download, start again."""

from __future__ import annotations

import base64
import re
import shutil

from conftest import FIXTURES
from councillor_exercises.widgets import sorting_app

HOSTILE = '<script>window.__pwned=1</script><img src=x onerror="window.__pwned=1">'


def downloaded(html_text: str) -> str:
    """The content of the first download link in some HTML."""
    payload = re.search(r'href="data:text/markdown;charset=utf-8;base64,([^"]+)"', html_text)
    assert payload, "no download link"
    return base64.b64decode(payload.group(1)).decode("utf-8")


def test_it_starts_on_the_first_example_with_nothing_chosen():
    app = sorting_app.SortingApp()
    assert app.position == 0 and "Example 1 of 15" in app.progress.value
    assert "Robot vacuum cleaners" in app.example_text.value
    radio = app.radio_holder.children[0]
    assert radio.value is None and radio.description == "Where does it belong?"
    # "both / it depends" is offered only where the example has two sides worth arguing
    assert [v for _, v in radio.options] == ["service", "policy"]
    assert app.previous_button.disabled and not app.next_button.disabled
    assert app.results_view.layout.display == "none"
    assert "Download your work so far" in app.example_download.value


def test_checking_an_answer_explains_it_with_facts_and_sources():
    app = sorting_app.SortingApp()
    app.radios["robot-vacuum-cleaners"].value = "policy"
    app.check_button.click()
    shown = app.example_feedback.value
    assert "Reconsider:" in shown and "you chose Policy innovation" in shown
    assert "Why the other reading is tempting" in shown
    assert "Facts and sources" in shown and 'href="https://fm.dk/' in shown
    assert "slide 2" in shown


def test_checking_without_a_choice_asks_for_one():
    app = sorting_app.SortingApp()
    app.check_button.click()
    assert "Choose one of the answers above" in app.example_feedback.value


def test_changing_a_checked_answer_asks_to_check_again():
    app = sorting_app.SortingApp()
    app.radios["robot-vacuum-cleaners"].value = "service"
    app.check_button.click()
    assert "Full credit" in app.example_feedback.value
    app.radios["robot-vacuum-cleaners"].value = "policy"
    assert "You changed your answer" in app.example_feedback.value
    app.check_button.click()
    assert "No credit this time" in app.example_feedback.value


def test_an_example_without_facts_says_so_and_shows_the_unverified_match():
    app = sorting_app.SortingApp()
    position = next(i for i, e in enumerate(app.examples) if e.id == "user-driven-kitchens")
    app.go_to(position)
    app.radios["user-driven-kitchens"].value = "service"
    app.check_button.click()
    shown = app.example_feedback.value
    assert "The course has no verified facts for this example." in shown
    assert "A possible match, not verified" in shown and "Holstebro" in shown


def test_going_back_and_forth_keeps_every_answer():
    app = sorting_app.SortingApp()
    app.radios["robot-vacuum-cleaners"].value = "service"
    app.check_button.click()
    app.next_button.click()
    assert "Example 2 of 15" in app.progress.value
    app.radio_holder.children[0].value = "policy"
    app.next_button.click()
    app.previous_button.click()
    app.previous_button.click()
    assert app.radio_holder.children[0].value == "service"
    assert "Full credit" in app.example_feedback.value   # the checked feedback is still there
    app.results_button.click()
    app.back_button.click()
    assert app.radios["co2-neutral-municipality"].value == "policy"
    assert app.position == 2   # the first unsorted example


def test_the_results_give_score_chart_and_the_summary_to_download():
    app = sorting_app.SortingApp()
    for example in app.examples:
        app.radios[example.id].value = example.answer
    app.radios["rehabilitation-law"].value = "service"
    app.results_button.click()
    assert app.example_view.layout.display == "none" and app.results_view.layout.display == "flex"
    assert "You earned 14.5 of 15 points (97%)" in app.results_feedback.value
    assert "Partly:" in app.results_feedback.value
    assert 'role="img"' in app.chart.value and "agree on 14 of 15" in app.chart.value
    summary = downloaded(app.results_download.value)
    assert summary.startswith("# Service or policy? My sorting")
    assert "You earned 14.5 of 15 points" in summary and "DK2020 climate plans" in summary


def test_hostile_text_in_the_note_is_shown_escaped_and_downloaded_inert():
    app = sorting_app.SortingApp()
    app.go_to(len(app.examples))
    app.note.value = HOSTILE
    app.note_button.click()
    shown = app.note_feedback.value
    assert "<script>" not in shown and "<img" not in shown
    assert "&lt;script&gt;window.__pwned=1&lt;/script&gt;" in shown
    assert "HTML-like tags" in shown
    summary = downloaded(app.results_download.value)
    # Backslash escapes, not HTML entities: inert in a Markdown viewer, readable in an editor.
    assert "<script>" not in summary and "\\<script\\>" in summary and "&lt;" not in summary


def test_a_very_long_note_gets_the_message_and_is_kept():
    app = sorting_app.SortingApp()
    app.go_to(len(app.examples))
    app.note.value = "n" * 10_000
    app.note_button.click()
    assert "10000 characters long; the limit is 2000" in app.note_feedback.value
    assert app.note.value == "n" * 10_000
    assert "n" * 10_000 in downloaded(app.results_download.value)


def test_the_download_follows_the_work_so_far():
    app = sorting_app.SortingApp()
    assert "(not sorted)" in downloaded(app.example_download.value)
    app.radios["robot-vacuum-cleaners"].value = "service"
    summary = downloaded(app.example_download.value)
    assert "| Robot vacuum cleaners (*robotstøvsugere*) | Service innovation |" in summary


def test_start_again_clears_everything():
    app = sorting_app.SortingApp()
    app.radios["robot-vacuum-cleaners"].value = "policy"
    app.check_button.click()
    app.go_to(len(app.examples))
    app.note.value = "a note"
    app.restart_button.click()
    # The first press only asks; cancelling keeps everything.
    assert app.restart.asking and app.note.value == "a note" and app.checked
    assert "data-course-focus" in app.restart.question.value
    app.restart.no.click()
    assert not app.restart.asking and app.note.value == "a note" and app.checked
    app.restart_button.click()
    app.restart.yes.click()
    assert not app.restart.asking
    assert app.position == 0 and app.note.value == ""
    assert all(r.value is None for r in app.radios.values()) and not app.checked
    assert "Choose an answer and check it" in app.example_feedback.value


def test_a_new_example_file_appears_in_the_app(fixture_data):
    shutil.copy(FIXTURES / "examples" / "new-example.yaml", fixture_data / "examples")
    app = sorting_app.SortingApp()
    assert len(app.examples) == 16
    app.go_to(15)
    assert "A test example from Fjordby Kommune" in app.example_text.value
    assert "Example 16 of 16" in app.progress.value


def test_the_worksheet_lists_every_example_the_rules_and_the_answers():
    text = sorting_app.worksheet_markdown()
    app = sorting_app.SortingApp()
    for example in app.examples:
        assert f"**{example.name}**" in text
    assert "### How the score works" in text and "85% or more" in text and "under 60%" in text
    assert ":::{dropdown}" in text and "| Everyday rehabilitation made national law |" in text
    assert "{ref}`ch-policy-innovation`" in text


def test_every_control_has_a_visible_label():
    app = sorting_app.SortingApp()
    for radio in app.radios.values():
        assert radio.description
    assert app.note.description
    for button in [app.check_button, app.previous_button, app.next_button, app.results_button,
                   app.back_button, app.restart_button, app.note_button]:
        assert button.description


def download_names(html_text: str) -> list[str]:
    """The file names a browser would save, as it reads them from the attribute."""
    import html

    return [html.unescape(name) for name in re.findall(r'download="([^"]+)"', html_text)]


def test_downloads_carry_the_group_name_in_file_name_and_header():
    app = sorting_app.SortingApp()
    assert download_names(app.example_download.value) == [
        "service-or-policy.md", "service-or-policy.html"]
    app.frame.group.value = "Gruppe Ærø & Co"
    names = download_names(app.example_download.value)
    assert names == ["gruppe-ærø-&-co-service-or-policy.md", "gruppe-ærø-&-co-service-or-policy.html"]
    summary = downloaded(app.example_download.value)
    assert summary.splitlines()[2] == "**Group:** Gruppe Ærø & Co"
    page = re.search(r'href="data:text/html;charset=utf-8;base64,([^"]+)"',
                     app.example_download.value)
    printable = base64.b64decode(page.group(1)).decode("utf-8")
    assert "<table>" in printable and "Gruppe Ærø &amp; Co" in printable
    # The one script element is the export block for the debrief: JSON data, never run.
    assert '<script type="application/json" id="course-export">' in printable
    assert printable.count("<script") == 1


def test_moving_on_marks_the_new_heading_for_focus_and_a_check_is_announced():
    app = sorting_app.SortingApp()
    assert "data-course-focus" not in app.example_text.value   # nothing moves on first showing
    app.radios["robot-vacuum-cleaners"].value = "service"
    app.check_button.click()
    assert "data-course-announce=" in app.example_feedback.value
    app.next_button.click()
    assert 'data-course-focus="' in app.example_text.value
    app.go_to(len(app.examples))
    assert "data-course-focus" in app.results_heading.value
