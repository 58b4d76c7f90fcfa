"""The four exercise apps in Danish, driven in the test process as a learner would (setting
values, clicking): every word they show, including what callbacks write long after the app was
built, comes in the app's language; the downloads are named in it; a language the course lacks
is refused. The expected words are read from the interface strings themselves (data/ui), so the
tests hold whatever the translators' wording."""

from __future__ import annotations

import base64
import html
import io
import re

import ipywidgets as widgets
import pytest
import yaml

from councillor_exercises import kommissorium as k
from councillor_exercises.ui_text import ui_text
from councillor_exercises.widgets import (committee_app, common, diagnosis_app, sorting_app,
                                          week_app)

DA, EN = "da", "en"
HOSTILE = '<script>window.__pwned=1</script><img src=x onerror="window.__pwned=1">'


def shown_text(widget: widgets.Widget) -> str:
    """Everything an app shows: HTML, labels, placeholders and the options of its controls."""
    parts = []
    for name in ("value", "description", "placeholder"):
        value = getattr(widget, name, None)
        if isinstance(value, str):
            parts.append(value)
    for option in getattr(widget, "options", None) or ():
        parts.append(option[0] if isinstance(option, tuple) else str(option))
    for child in getattr(widget, "children", ()):
        parts.append(shown_text(child))
    return "\n".join(parts)


def html_shown(widget: widgets.Widget) -> str:
    """What an app writes as HTML (where a learner's text must never arrive unescaped)."""
    own = [widget.value] if isinstance(widget, widgets.HTML) else []
    return "\n".join(own + [html_shown(child) for child in getattr(widget, "children", ())])


def downloads(html_text: str) -> dict[str, tuple[str, bytes]]:
    """The download links of an HTML fragment: file name -> (MIME type, content)."""
    found = re.findall(r'download="([^"]+)" href="data:([^;"]+)(?:;charset=utf-8)?;base64,'
                       r'([^"]+)"', html_text)
    return {html.unescape(name): (mime, base64.b64decode(payload))
            for name, mime, payload in found}


def words(section: str, *keys: str, language: str = DA) -> list[str]:
    """Interface strings as the page shows them (escaped)."""
    text = ui_text(section, language)
    return [html.escape(text(key)) for key in keys]


def wait_for_charts() -> None:
    if not common.charts_ready():
        common.warm_charts_in_background()
        common._chart_warm_up.join(timeout=120)


# ------------------------------------------------------------------------------ committee

def design_by_hand(app: committee_app.CommitteeApp) -> None:
    app.challenge.value = "climate-plan"
    app.question.value = "Hvordan bliver Fjordby CO2-neutral sammen med borgerne? " + HOSTILE
    app.deliverable.value = "recommendations"
    app.purpose.value = "democracy"
    app.set_up_by.value = "council"
    app.council.value = "5"
    app.parties.value = "1"
    app.group_counts["citizens"].value = "10"
    app.group_recruitment["citizens"].value = "open-call"
    app.chair.value = "councillor"
    app.meetings.value = "2,5"            # not a whole number: told in Danish beside the field
    app.formats["dialogue-meetings"].value = True
    app.phases["co-initiation"].value = True
    app.route.value = "committee-decides"


def test_the_committee_app_in_danish_speaks_danish_at_every_step():
    app = committee_app.CommitteeApp(language=DA)
    assert app.language == DA and app.data.language == DA and app.ui.language == DA
    assert [b.description.split(". ", 1)[1] for b in app.step_buttons] == [
        ui_text("committee", DA)(f"step_{step}") for step in committee_app.STEPS]
    design_by_hand(app)
    for button in app.step_buttons:
        button.click()
    wait_for_charts()
    app.refresh()
    shown = shown_text(app.root)
    da, en = ui_text("committee", DA), ui_text("committee", EN)
    for key in ("legal_title", "warnings_title", "profile_title", "kommissorium_intro",
                "download_kommissorium_docx"):
        assert html.escape(da(key)) in shown, key
        assert html.escape(en(key)) not in shown, key
    verdicts = ui_text("common", DA)
    assert html.escape(verdicts("verdict_check")) in app.feedback_output.value
    assert html.escape(ui_text("common", EN)("verdict_check")) not in app.feedback_output.value
    # The number typed with a decimal comma gets its message, in Danish, beside the field.
    assert "2,5" in app.number_messages[id(app.meetings)].value
    assert '<span class="course-chart-source">Kilde:' in app.feedback_output.value
    assert "/da/chapters/07-committees.html" in app.feedback_output.value


def test_the_danish_committee_downloads_are_danish_and_the_word_file_opens():
    from docx import Document

    app = committee_app.CommitteeApp(language=DA)
    design_by_hand(app)
    app.committee_name.value = "Klimaudvalg for Fjordby"
    files = downloads(app.downloads.value)
    da = ui_text("committee", DA)
    assert set(files) == {f"klimaudvalg-for-fjordby-{da('file_design')}.md",
                          f"klimaudvalg-for-fjordby-{da('file_design')}.html",
                          f"klimaudvalg-for-fjordby-{da('file_kommissorium')}.md",
                          f"klimaudvalg-for-fjordby-{da('file_kommissorium')}.html",
                          f"klimaudvalg-for-fjordby-{da('file_kommissorium')}.docx"}
    docx_name = next(n for n in files if n.endswith(".docx"))
    mime, content = files[docx_name]
    assert mime == k.DOCX_MIME
    document = Document(io.BytesIO(content))
    headings = [p.text for p in document.paragraphs if p.style.name == "Heading 2"]
    assert headings == k.section_headings(da)
    assert headings[2] == "3. Opgave" and headings[-1].startswith("9. Forhold, der skal afklares")
    assert document.core_properties.language == "da-DK"
    assert HOSTILE in "\n".join(p.text for p in document.paragraphs)      # as plain text
    page = next(text for name, (_, text) in files.items() if name.endswith("kommissorium.html"))
    assert page.decode("utf-8").startswith('<!DOCTYPE html>\n<html lang="da">')
    summary_page = next(text for name, (_, text) in files.items()
                        if name.endswith(f"{da('file_design')}.html"))
    assert '<html lang="da">' in summary_page.decode("utf-8")


def test_the_english_committee_app_offers_the_word_file_too():
    from docx import Document

    app = committee_app.CommitteeApp()
    design_by_hand(app)
    files = downloads(app.kommissorium_links.value)
    mime, content = files["committee-kommissorium.docx"]
    assert mime == k.DOCX_MIME
    headings = [p.text for p in Document(io.BytesIO(content)).paragraphs
                if p.style.name.startswith("Heading")]
    assert headings[0].startswith("Draft terms of reference")
    assert headings[1:] == k.section_headings()


def test_the_committee_worksheet_in_danish_links_the_danish_headwords():
    sheet = committee_app.worksheet_markdown(DA)
    assert "{term}`kommissorium`" in sheet and "{term}`§ 17, stk. 4-udvalg`" in sheet
    assert "{term}`terms of reference`" not in sheet
    assert "**1. Baggrund**" in sheet and "**9. Forhold, der skal afklares med forvaltningen**" in sheet
    assert ui_text("committee", DA)("ws_heading") in sheet


# ------------------------------------------------------------------------------ diagnosis

def test_the_diagnosis_app_in_danish_gives_danish_feedback_after_each_click():
    app = diagnosis_app.DiagnosisApp(language=DA)
    assert all(case.language == DA for case in app.library.cases)
    app.case_picker.value = "fjordby-climate"
    app.start_button.click()
    app.type_choice.value = "policy"
    app.type_why.value = "Nye mål for hele kommunen. " + HOSTILE
    app.check_button.click()
    feedback = app.feedback[0].value
    for word in words("diagnosis", "step_innovation_type") + words("common", "read_more"):
        assert word in feedback
    assert html.escape(ui_text("common", EN)("read_more")) not in feedback
    assert "/da/chapters/04-policy-innovation.html" in feedback
    assert "%" not in feedback or " %" in feedback          # "100 %", never "100%"
    app.next_button.click()
    app.actor_choices["citizens"].value = "democracy"
    app.check_button.click()
    assert words("diagnosis", "step_actors")[0] in app.feedback[1].value
    assert HOSTILE not in html_shown(app.root)
    names = downloads(app.download.value)
    file_stem = ui_text("diagnosis", DA)("file_stem")
    assert all(name.startswith(file_stem + "-") for name in names)
    assert "climate" not in " ".join(names)           # the case by its Danish title


def test_the_danish_diagnosis_summary_draws_danish_charts():
    app = diagnosis_app.DiagnosisApp(language=DA)
    app.start("fjordby-climate")
    for step in diagnosis_app.STEPS:
        app.check_button.click()
        app.next_button.click()
    assert app.step == diagnosis_app.SUMMARY
    summary = app.summary.value
    assert words("diagnosis", "summary_heading")[0] in summary
    assert summary.count('<figure class="course-chart"') == 2
    assert "Kilde:" in summary and "Source:" not in summary


def test_the_diagnosis_worksheet_in_danish():
    sheet = diagnosis_app.worksheet_markdown(language=DA)
    assert ui_text("diagnosis", DA)("worksheet_rules_heading") in sheet
    assert ui_text("diagnosis", EN)("worksheet_rules_heading") not in sheet


# ------------------------------------------------------------------------------ sorting

def test_the_sorting_app_in_danish_checks_and_sums_up_in_danish():
    app = sorting_app.SortingApp(DA)
    assert app.settings.language == DA and all(e.language == DA for e in app.examples)
    example = app.current
    app.radios[example.id].value = "policy"
    app.check_button.click()
    feedback = app.example_feedback.value
    assert words("common", "read_more")[0] in feedback
    assert html.escape(ui_text("common", EN)("read_more")) not in feedback
    # The Danish edition names the example in Danish alone (no "(danish)" beside it).
    assert f"({html.escape(example.danish)})" not in app.example_text.value
    app.results_button.click()
    shown = shown_text(app.results_view)
    for word in words("sorting", "results_heading", "note_label"):
        assert word in shown
    names = list(downloads(app.results_download.value))
    assert names == [f"{ui_text('sorting', DA)('file_stem')}.md",
                     f"{ui_text('sorting', DA)('file_stem')}.html"]
    assert "Kilde:" in app.chart.value


def test_the_sorting_worksheet_in_danish():
    sheet = sorting_app.worksheet_markdown(DA)
    assert ui_text("sorting", DA)("worksheet_examples_heading") in sheet
    assert "0.5" not in sheet        # credits with a decimal comma


# ------------------------------------------------------------------------------ week

def test_the_week_app_in_danish_reads_decimal_commas_and_answers_in_danish():
    app = week_app.WeekApp(DA)
    for number, field in enumerate(app.hours.values()):
        field.value = "2,5" if number % 2 else "3"
    app.check_week_button.click()
    shown = app.week_feedback.value
    assert html.escape(ui_text("week", DA)("week_title")) in shown
    assert html.escape(ui_text("week", EN)("week_title")) not in shown
    charts = app.week_charts.value
    assert charts.count('<figure class="course-chart"') == 3
    assert "Kilde:" in charts and "Source:" not in charts and " h;" not in charts
    app.to_plan_button.click()
    for radio in app.step_choice.values():
        radio.value = radio.options[0][1]
    app.check_plan_button.click()
    assert html.escape(ui_text("week", DA)("plan_title")) in app.plan_feedback.value
    names = list(downloads(app.plan_download.value))
    assert names[0] == f"{ui_text('week', DA)('file_stem')}.md"


def test_the_week_worksheet_in_danish():
    sheet = week_app.worksheet_markdown(DA)
    assert "hours a week" not in sheet and "timer om ugen" in sheet
    assert "gennemsnit" in sheet


# ------------------------------------------------------------------------------ plumbing

@pytest.fixture
def marked_danish(fixture_data):
    """A copy of the data whose Danish 'Read more' is a marker, to see which language a
    callback, run long after the app was built, looks its words up in."""
    path = fixture_data / "ui" / "common.yaml"
    content = yaml.safe_load(path.read_text(encoding="utf-8"))
    content["read_more"] = {"en": "Read more:", "da": "MARKØR-LÆS-MERE"}
    path.write_text(yaml.safe_dump(content, allow_unicode=True), encoding="utf-8")
    return fixture_data


def test_callbacks_keep_the_apps_language_without_any_language_context(marked_danish):
    sorting = sorting_app.SortingApp(DA)
    diagnosis = diagnosis_app.DiagnosisApp(language=DA)
    english = sorting_app.SortingApp(EN)
    # The apps are built; from here on only callbacks run, outside any in_language block.
    sorting.radios[sorting.current.id].value = "service"
    sorting.check_button.click()
    assert "MARKØR-LÆS-MERE" in sorting.example_feedback.value
    diagnosis.start_button.click()
    diagnosis.type_choice.value = "service"
    diagnosis.check_button.click()
    assert "MARKØR-LÆS-MERE" in diagnosis.feedback[0].value
    english.radios[english.current.id].value = "service"
    english.check_button.click()
    assert "MARKØR" not in english.example_feedback.value
    assert "Read more:" in english.example_feedback.value


@pytest.mark.parametrize("module", [committee_app, diagnosis_app, sorting_app, week_app],
                         ids=lambda m: m.__name__.rsplit(".", 1)[1])
def test_each_app_builds_in_both_languages_and_refuses_another(module):
    for language in (EN, DA):
        assert isinstance(module.build_app(language), widgets.VBox)
    with pytest.raises(ValueError, match="unknown language 'de'"):
        module.build_app("de")
    with pytest.raises(ValueError, match="unknown language"):
        module.show(language="fr")


def test_an_app_given_data_in_another_language_is_refused():
    from councillor_exercises.committee import load_committee_data

    with pytest.raises(ValueError):
        committee_app.CommitteeApp(load_committee_data(language=EN), language=DA)
    with pytest.raises(ValueError):
        common.AppFrame("sv")


def test_show_gives_the_danish_worksheet_in_the_book_build(monkeypatch):
    shown = []
    monkeypatch.setenv("COURSE_RENDER", "static")
    monkeypatch.setattr("IPython.display.display", lambda obj: shown.append(obj))
    week_app.show(language=DA)
    assert "timer om ugen" in shown[0].data


def test_a_broken_data_file_is_explained_in_the_apps_language(fixture_data):
    from councillor_exercises.datafiles import DataError

    # When the interface strings are what broke, the message keeps its words of last resort.
    strings = fixture_data / "ui" / "common.yaml"
    kept = strings.read_text(encoding="utf-8")
    strings.write_text("read_more: [\n", encoding="utf-8")
    message = common.data_error_html(DataError("x.yaml", "e", "f", "p"), DA)
    assert "a data file needs fixing" in message and "x.yaml" in message
    strings.write_text(kept, encoding="utf-8")
    path = fixture_data / "week" / "activities.yaml"
    path.write_text(path.read_text(encoding="utf-8") + "\nbroken: [\n", encoding="utf-8")
    widget = common.build_or_explain(lambda: week_app.build_app(DA), DA)
    assert html.escape(ui_text("common", DA)("data_error_heading")) in widget.value
    assert "activities.yaml" in widget.value
