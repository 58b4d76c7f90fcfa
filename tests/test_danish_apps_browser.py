"""The four Danish exercise apps (apps/da/) in Voila and headless Chromium, used as a Danish
learner would: each opens in Danish (page language, title, first screen), takes good input and
answers in Danish, and takes hostile input (a script tag, 10,000 characters, an empty answer,
æ, ø and å) as text, with a Danish message where one is due and nothing the learner typed lost.
The committee app's draft terms of reference is downloaded in every format it offers and read
back (the Word file with python-docx). No console error, no request to another origin, no
dialog, no axe-core WCAG 2.1 AA violation.

Every Danish word the tests look for is read from data/ui/*.yaml (or from the engine, which
reads them there): nothing Danish is written here but the learner's own input. One page per app.
"""

from __future__ import annotations

import html
import re
import time
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from playwright.sync_api import expect

from conftest import axe_violations
from councillor_exercises.formats import number as format_number
from councillor_exercises.formats import percent
from councillor_exercises.free_text import DEFAULT_MAX_CHARS
from councillor_exercises.ui_text import ui_text

pytestmark = pytest.mark.browser

DA = "da"
COMMON = ui_text("common", DA)
COMMON_EN = ui_text("common", "en")
START_TIMEOUT = 90_000       # goto -> first control: a kernel starts (2 shared cores)
ANSWER_TIMEOUT = 30_000      # a click or a change -> the app's answer on screen
CHART_TIMEOUT = 90_000       # the first chart also starts the chart renderer

# What a learner may type. The script tag must stay text; the image's handler would fire (and
# its request for 'x' fail) if the text ever became markup.
SCRIPT = "<script>alert(1)</script>"
HOSTILE = SCRIPT + '<img src=x onerror="alert(1)">'
HOSTILE_MD = "\\<script\\>alert(1)\\</script\\>"           # as the Markdown downloads escape it
HOSTILE_HTML = html.escape(SCRIPT)                          # as the HTML downloads escape it
DANISH = "Ærø, Ålbæk og Søby"                               # æ, ø, å, upper and lower case
LONG = "Æblerød " * 1249 + "Æblerødå"                        # 10,000 characters, no edge space
assert len(LONG) == 10_000


def too_long(length: int = len(LONG), limit: int = DEFAULT_MAX_CHARS) -> str:
    """The common 'too long' message as the Danish apps write it (10.000, 2.000)."""
    return COMMON("too_long", length=format_number(length, DA), limit=format_number(limit, DA))


@dataclass
class DanishApp:
    """A Danish app's page, what the page did (PageWatch) and any dialog that opened."""
    page: object
    watch: object
    dialogs: list[str] = field(default_factory=list)
    seconds: float = 0.0

    def on_dialog(self, dialog) -> None:
        """An alert() that ran (it must not): recorded, then closed."""
        self.dialogs.append(dialog.message)
        dialog.dismiss()


def open_danish_app(new_page, voila_url: str, name: str, first_control: str) -> DanishApp:
    """Open apps/da/<name>.ipynb and check what every Danish app shows before any click."""
    page, watch = new_page(voila_url)
    app = DanishApp(page, watch)
    page.on("dialog", app.on_dialog)
    started = time.perf_counter()
    page.goto(f"{voila_url}/voila/render/da/{name}.ipynb")
    page.wait_for_selector(first_control, state="visible", timeout=START_TIMEOUT)
    app.seconds = time.perf_counter() - started
    print(f"\nda/{name}: app start (goto -> first control) {app.seconds:.1f} s")

    assert page.evaluate("document.documentElement.lang") == DA
    title = page.title()
    assert title.endswith(" - " + COMMON("app_title_suffix")), title
    assert not title.endswith(COMMON_EN("app_title_suffix")), title
    assert page.evaluate("window.courseLoadingText") == COMMON("app_loading")
    # The frame every app shares: the group's name, asked in Danish; no English left in it.
    shows(page, COMMON("group_label"), COMMON("group_help"))
    shows_none(page, COMMON_EN("group_label"), COMMON_EN("group_help"))
    return app


def app_text(page) -> str:
    return page.inner_text("#rendered_cells")


def shows(page, *texts: str) -> None:
    shown = app_text(page)
    missing = [text for text in texts if text not in shown]
    assert not missing, f"not on screen: {missing}"


def shows_none(page, *texts: str) -> None:
    shown = app_text(page)
    present = [text for text in texts if text in shown]
    assert not present, f"on screen but should not be: {present}"


def assert_inert(page) -> None:
    """The hostile text never became markup: no script or image made of it."""
    made = page.evaluate("""() => [...document.querySelectorAll('script')]
        .filter(s => s.textContent.includes('alert(1)')).length""")
    assert made == 0
    assert page.locator("img[src='x']").count() == 0


def assert_clean(app: DanishApp) -> None:
    assert_inert(app.page)
    assert app.dialogs == [], app.dialogs
    assert app.watch.page_errors == [], app.watch.page_errors
    assert app.watch.console_errors == [], app.watch.console_errors
    assert app.watch.foreign_requests == [], app.watch.foreign_requests
    violations = axe_violations(app.page)
    assert violations == [], violations


def download(page, link) -> tuple[str, Path]:
    """Click a download link as a learner does; the file's suggested name and where it is."""
    with page.expect_download(timeout=ANSWER_TIMEOUT) as info:
        link.click()
    return info.value.suggested_filename, Path(info.value.path())


def assert_html_inert(page: str) -> None:
    """A downloaded web page: the learner's tags escaped; a script element only as data (the
    machine-readable export block, JSON), never as code."""
    assert SCRIPT not in page and "<img" not in page
    for attributes in re.findall(r"<script\b([^>]*)>", page, flags=re.IGNORECASE):
        assert 'type="application/json"' in attributes, attributes


def slug(text: str) -> str:
    """A title as a learner expects it in a file name: lower case, words joined by hyphens,
    letters such as æ, ø and å kept."""
    return "-".join(re.findall(r"\w+(?:-\w+)*", text.lower()))


def assert_markdown_inert(text: str) -> None:
    assert HOSTILE_MD in text
    assert not re.search(r"(?<!\\)<(script|img)", text), "a raw tag in the Markdown"
    assert "&lt;" not in text


# ------------------------------------------------------------------------------------------
# Service eller politik?
# ------------------------------------------------------------------------------------------

def test_danish_service_or_policy(new_page, voila_url):
    from councillor_exercises import sorting

    text, text_en = ui_text("sorting", DA), ui_text("sorting", "en")
    examples = sorting.load_examples(language=DA)
    settings = sorting.load_settings(language=DA)
    app = open_danish_app(new_page, voila_url, "service-or-policy",
                          ".course-sort-choice input[type=radio]")
    page = app.page
    first = examples[0]
    shows(page, text("progress", number=1, total=len(examples)), text("question_label"),
          text("check_answer"), text("not_checked_yet"), text("see_results"),
          COMMON("download_hint"), first.name)
    shows_none(page, text_en("check_answer"), text_en("see_results"))

    # Good input: the course's answer to the first example, checked; the feedback is Danish.
    page.get_by_role("radio", name=settings.label(first.answer), exact=True).check()
    page.click(".course-check")
    feedback = page.locator(".course-example-feedback")
    # The example's name and its score, the percentage written the Danish way ("100 %").
    expect(feedback.locator(".course-feedback h3")).to_have_text(
        f"{first.name} — {percent(100, DA)}", timeout=ANSWER_TIMEOUT)
    expect(feedback).to_contain_text(text("example_headline_good",
                                          credit=sorting.credit_text(1, DA)))
    expect(feedback).to_contain_text(COMMON("verdict_good") + ":")
    expect(feedback).to_contain_text(text("facts_heading"))

    # The results, where the learner's note is typed.
    page.click(".course-see-results")
    expect(page.locator(".course-results-feedback")).to_contain_text(
        text("results_title"), timeout=ANSWER_TIMEOUT)
    note = page.locator(".course-note textarea")
    note_feedback = page.locator(".course-note-feedback")

    note.fill(LONG)                              # too long: a Danish message, nothing cut
    page.click(".course-note-button")
    expect(note_feedback.locator(".course-problem")).to_have_text(
        too_long(), timeout=ANSWER_TIMEOUT)
    assert note.input_value() == LONG

    note.fill("")                                # the note is optional: empty is no problem
    page.click(".course-note-button")
    expect(note_feedback.locator(".course-problem")).to_have_count(0, timeout=ANSWER_TIMEOUT)
    expect(page.locator(".course-note-echo")).to_have_count(0)
    assert note.input_value() == ""

    typed = f"{HOSTILE} {DANISH}"
    note.fill(typed)                             # shown as text, never run
    page.click(".course-note-button")
    expect(page.locator(".course-note-echo")).to_have_text(typed, timeout=ANSWER_TIMEOUT)
    expect(note_feedback).to_contain_text(COMMON("markup_note"))
    assert note.input_value() == typed

    # The summary, in Danish and named in Danish, with the note escaped and æøå kept.
    name, path = download(page, page.locator(".course-download-area a.course-download")
                          .filter(visible=True).first)
    assert name == f"{text('file_stem')}.md", name
    summary = path.read_text(encoding="utf-8")
    assert summary.startswith(f"# {text('summary_title')}")
    assert_markdown_inert(summary)
    assert DANISH in summary

    page.wait_for_selector(".course-results-chart figure svg", state="attached",
                           timeout=CHART_TIMEOUT)
    assert_clean(app)


# ------------------------------------------------------------------------------------------
# Din uge
# ------------------------------------------------------------------------------------------

def test_danish_your_week(new_page, voila_url):
    from councillor_exercises import week
    from councillor_exercises.concepts import load_concepts

    text, text_en = ui_text("week", DA), ui_text("week", "en")
    data = week.load_week(language=DA)
    app = open_danish_app(new_page, voila_url, "your-week", ".course-hours input")
    page = app.page
    shows(page, text("step1_heading"), text("check_week"), text("week_not_checked"),
          text("to_plan"), data.activities[0].label, COMMON("download_hint"))
    shows_none(page, text_en("step1_heading"), text_en("check_week"))

    # A script tag typed as hours: a Danish message naming it as text; the entry stays.
    hours = {"papers-and-cases": "8", "committee-and-council-meetings": "5",
             "party-group": "2,5", "citizens-associations-businesses": "2",
             "thematic-policy-work": "1", "courses-and-other": HOSTILE}
    for activity, value in hours.items():
        page.locator(f".course-hours-{activity} input").fill(value)
    page.click(".course-check-week")
    week_feedback = page.locator(".course-week-feedback")
    expect(week_feedback.locator(".course-problem")).to_have_count(1, timeout=ANSWER_TIMEOUT)
    refused = week.evaluate_week(data, week.WeekAnswer.from_mapping(hours))
    assert len(refused.feedback.problems) == 1
    expect(week_feedback.locator(".course-problem")).to_have_text(refused.feedback.problems[0])
    assert SCRIPT in week_feedback.inner_text()        # quoted as typed (long ones cut short)
    expect(week_feedback).to_contain_text(text("week_headline_problems"))
    assert page.locator(".course-hours-courses-and-other input").input_value() == HOSTILE

    # Good input: the week read in Danish, with its charts.
    hours["courses-and-other"] = ""
    page.locator(".course-hours-courses-and-other input").fill("")
    page.click(".course-check-week")
    page.wait_for_selector(".course-week-charts figure", timeout=CHART_TIMEOUT)
    reading = week.evaluate_week(data, week.WeekAnswer.from_mapping(hours))
    expect(week_feedback).to_contain_text(text("week_title"))
    expect(week_feedback).to_contain_text(reading.feedback.headline)
    expect(week_feedback.locator(".course-problem")).to_have_count(0)

    # Step 2: a suggested step for two pieces of advice, an own step for the third.
    page.locator(".course-next").filter(visible=True).click()
    page.wait_for_selector(".course-step-choice input[type=radio]", state="visible",
                           timeout=ANSWER_TIMEOUT)
    shows(page, text("step2_heading"), text("check_plan"))
    concepts = load_concepts(language=DA)
    own_advice = "knowledge-over-representativeness"
    advice_name = concepts.get("advice", own_advice).name
    for plan in data.plan:
        radios = page.locator(f".course-step-{plan.advice}")
        if plan.advice == own_advice:
            radios.get_by_role("radio", name=text("own_choice"), exact=True).check()
        else:
            radios.get_by_role("radio").first.check()
    own = page.locator(f".course-own-{own_advice} textarea")
    plan_feedback = page.locator(".course-plan-feedback")

    page.click(".course-check-plan")              # chosen, but empty: a Danish message
    expect(plan_feedback).to_contain_text(text("plan_own_empty", advice=advice_name),
                                          timeout=ANSWER_TIMEOUT)

    own.fill(LONG)                                # too long: a Danish message, nothing cut
    page.click(".course-check-plan")
    expect(plan_feedback.locator(".course-problem")).to_have_text(
        text("plan_own_too_long", advice=advice_name) + " " + too_long(),
        timeout=ANSWER_TIMEOUT)
    assert own.input_value() == LONG

    typed = f"{DANISH}: {HOSTILE}"                # shown as text, never run
    own.fill(typed)
    for item, _ in data.checklist:
        page.locator(f".course-check-{own_advice}-{item} input").check()
    page.click(".course-check-plan")
    expect(plan_feedback).to_contain_text(text("plan_own_step", advice=advice_name, step=typed),
                                          timeout=ANSWER_TIMEOUT)
    expect(plan_feedback).to_contain_text(COMMON("markup_note"))
    expect(plan_feedback).to_contain_text(text("plan_headline", ready=3, total=3))
    expect(plan_feedback.locator(".course-problem")).to_have_count(0)
    assert own.input_value() == typed

    name, path = download(page, page.locator(".course-download-area a.course-download")
                          .filter(visible=True).first)
    assert name == f"{text('file_stem')}.md", name
    plan = path.read_text(encoding="utf-8")
    assert plan.startswith(f"# {text('summary_title')}")
    assert_markdown_inert(plan)
    assert DANISH in plan

    # Back to the week: the hours are kept.
    page.locator(".course-previous").filter(visible=True).click()
    expect(page.locator(".course-hours-party-group input")).to_have_value("2,5")
    assert_clean(app)


# ------------------------------------------------------------------------------------------
# Diagnosticér en case
# ------------------------------------------------------------------------------------------

def test_danish_diagnose_a_case(new_page, voila_url):
    from councillor_exercises.cases import load_case
    from councillor_exercises.concepts import load_concepts
    from councillor_exercises.diagnosis import STEPS

    ui, ui_en = ui_text("diagnosis", DA), ui_text("diagnosis", "en")
    case = load_case("fjordby-climate", language=DA)
    concepts = load_concepts(language=DA)
    app = open_danish_app(new_page, voila_url, "diagnose-a-case", ".course-case-picker select")
    page = app.page
    label = f"{case.title} ({ui('fictional_badge')})"
    shows(page, ui("choose_case_label"), ui("choose_case_help"), ui("start_case"))
    shows_none(page, ui_en("start_case"), ui_en("choose_case_label"))

    page.select_option(".course-case-picker select", label=label)
    page.click(".course-start")
    page.wait_for_selector(".course-type input", state="visible", timeout=ANSWER_TIMEOUT)
    expect(page.locator(".course-progress")).to_have_text(ui(
        "step_progress", title=ui("step_innovation_type"), number=1, total=len(STEPS) + 1))
    shows(page, ui("type_question"), ui("type_why_label"), ui("check_step"), case.title)

    # Good choice, but no reason given: the Danish "empty" message.
    expert = concepts.get("innovation_types", case.innovation_type.types[0]).name
    page.get_by_role("radio", name=expert, exact=True).check()
    why = page.locator(".course-type-why textarea")
    feedback = page.locator(".course-feedback-innovation_type")
    page.click(".course-check")
    expect(feedback).to_contain_text(ui("why_problem", problem=COMMON("empty_answer")),
                                     timeout=ANSWER_TIMEOUT)

    why.fill(LONG)                                # too long: a Danish message, nothing cut
    page.click(".course-check")
    expect(feedback).to_contain_text(ui("why_problem", problem=too_long()),
                                     timeout=ANSWER_TIMEOUT)
    assert why.input_value() == LONG

    typed = f"Kommunen kan ikke nå målet alene ({DANISH}). {HOSTILE}"
    why.fill(typed)                               # good input, with a tag: Danish feedback
    page.click(".course-check")
    expect(feedback).to_contain_text(COMMON("markup_note"), timeout=ANSWER_TIMEOUT)
    expect(feedback).to_contain_text(ui("headline_type-same"))
    expect(feedback).to_contain_text(COMMON("verdict_good") + ":")
    expect(feedback.locator(".course-problem")).to_have_count(0)
    assert why.input_value() == typed

    # The rest checked as it stands, to the summary, where the reason is shown as text.
    for number, step in enumerate(STEPS[1:], start=2):
        page.click(".course-next")
        page.wait_for_selector(f".course-step-{number}", state="visible", timeout=ANSWER_TIMEOUT)
        page.click(".course-check")
        page.wait_for_selector(f".course-feedback-{step} .course-feedback",
                               timeout=ANSWER_TIMEOUT)
    page.click(".course-next")
    summary = page.locator(".course-summary")
    expect(summary).to_contain_text(ui("summary_heading"), timeout=ANSWER_TIMEOUT)
    expect(summary.locator(".course-answer").first).to_have_text(typed)
    page.wait_for_selector(".course-summary .course-chart svg", timeout=CHART_TIMEOUT)

    name, path = download(page, summary.locator("a.course-download").first)
    assert name == f"{ui('file_stem')}-{slug(case.title)}.md", name
    text = path.read_text(encoding="utf-8")
    assert_markdown_inert(text)
    assert DANISH in text
    assert_clean(app)


# ------------------------------------------------------------------------------------------
# Design et § 17, stk. 4-udvalg, and its kommissorium in three formats
# ------------------------------------------------------------------------------------------

GROUP = "Gruppe Åbenrå"
COMMITTEE = "Grønt råd for Ærø og Ålbæk"
FILE_STEM = "gruppe-åbenrå-grønt-råd-for-ærø-og-ålbæk"     # what a learner expects to see


def test_danish_committee_and_its_kommissorium(new_page, voila_url):
    import docx

    from councillor_exercises.committee import NAME_LIMIT, load_committee_data
    from councillor_exercises.kommissorium import section_headings

    ui, ui_en = ui_text("committee", DA), ui_text("committee", "en")
    data = load_committee_data(language=DA)
    headings = section_headings(ui)
    app = open_danish_app(new_page, voila_url, "design-a-committee",
                          ".course-challenge input[type=radio]")
    page = app.page
    shows(page, ui("presets_heading"), ui("load_preset"), ui("feedback_before_start"),
          ui("step_label", number=1, total=5, title=ui("step_challenge")),
          ui("own_challenge_option"), ui("field_committee_name"), COMMON("download_hint"))
    shows_none(page, ui_en("presets_heading"), ui_en("feedback_before_start"))

    group = page.locator(".course-group-name input")
    group.fill(GROUP)
    group.press("Tab")

    # Good input: a challenge from the list; its text and the feedback come in Danish.
    climate = next(c for c in data.challenges if c.id == "climate-plan")
    page.get_by_role("radio", name=climate.title, exact=True).check()
    expect(page.locator(".course-challenge-text")).to_contain_text(climate.text,
                                                                   timeout=ANSWER_TIMEOUT)
    feedback = page.locator(".course-committee-feedback")
    expect(feedback).to_contain_text(ui("legal_title"), timeout=ANSWER_TIMEOUT)
    expect(feedback).to_contain_text(ui("warnings_title"))
    shows_none(page, ui("feedback_before_start"), ui_en("legal_title"))

    # The committee's name: 10,000 characters get the Danish message (its own limit), and stay.
    name = page.locator(".course-committee-name input")
    name.fill(LONG)
    name.press("Tab")
    name_too_long = f"{ui('field_committee_name')}: {too_long(limit=NAME_LIMIT)}"
    expect(feedback).to_contain_text(name_too_long, timeout=ANSWER_TIMEOUT)
    assert name.input_value() == LONG
    name.fill(COMMITTEE)
    name.press("Tab")
    expect(feedback).not_to_contain_text(name_too_long, timeout=ANSWER_TIMEOUT)

    # The learner's own challenge: empty, then too long, then with a tag in it.
    page.get_by_role("radio", name=ui("own_challenge_option"), exact=True).check()
    expect(feedback).to_contain_text(ui("problem_own_challenge_empty"), timeout=ANSWER_TIMEOUT)
    own = page.locator(".course-own-challenge textarea")
    own.fill(LONG)
    own.press("Tab")
    expect(feedback).to_contain_text(f"{ui('field_own_challenge')}: {too_long()}",
                                     timeout=ANSWER_TIMEOUT)
    expect(feedback).not_to_contain_text(ui("problem_own_challenge_empty"))
    assert own.input_value() == LONG
    own_text = f"Ældre borgere på {DANISH} vil blive boende hjemme. {HOSTILE}"
    own.fill(own_text)
    own.press("Tab")
    expect(feedback).to_contain_text(f"{ui('field_own_challenge')}: {COMMON('markup_note')}",
                                     timeout=ANSWER_TIMEOUT)
    expect(feedback).not_to_contain_text(too_long())

    # Step 2: the mandate, with the tag again, and one tick of the checklist.
    page.click("button.course-step-mandate")
    question = page.locator(".course-mandate textarea")
    question.wait_for(state="visible", timeout=ANSWER_TIMEOUT)
    question_text = f"Hvordan kan {DANISH} klare sig sammen med borgerne? {HOSTILE}"
    question.fill(question_text)
    question.press("Tab")
    expect(feedback).to_contain_text(f"{ui('field_mandate_question')}: {COMMON('markup_note')}",
                                     timeout=ANSWER_TIMEOUT)
    page.get_by_role("checkbox", name=data.checklist[0].text, exact=True).check()

    # A preset fills in members and way of working; the learner's words stay.
    preset = data.presets[0]
    page.click("button.course-load-preset")
    expect(page.locator(".course-presets")).to_contain_text(
        ui("preset_loaded", name=preset.name), timeout=ANSWER_TIMEOUT)
    assert question.input_value() == question_text

    # Step 5: the draft, in Danish, with the learner's text shown as text.
    page.click("button.course-step-kommissorium")
    preview = page.locator(".course-kommissorium-preview")
    expect(preview.locator("h4")).to_have_text(headings, timeout=ANSWER_TIMEOUT)
    expect(preview.locator("h3")).to_have_text(ui("k_title_named", name=COMMITTEE))
    assert preview.inner_text().count(HOSTILE) == 2        # the challenge and the question
    assert own_text in preview.inner_text() and question_text in preview.inner_text()

    links = page.locator(".course-step-page a.course-download")
    expect(links).to_have_text([ui("download_kommissorium_md"), ui("download_kommissorium_html"),
                                ui("download_kommissorium_docx")])
    files = {}
    for number, extension in enumerate(("md", "html", "docx")):
        file_name, path = download(page, links.nth(number))
        assert file_name == f"{FILE_STEM}-{ui('file_kommissorium')}.{extension}", file_name
        files[extension] = path

    markdown = files["md"].read_text(encoding="utf-8")
    assert markdown.startswith(f"# {ui('k_title_named', name=COMMITTEE)}\n")
    assert f"**{COMMON('group_word')}:** {GROUP}" in markdown
    found = [line[3:] for line in markdown.splitlines() if line.startswith("## ")]
    assert found == headings, found
    assert_markdown_inert(markdown)
    assert markdown.count(HOSTILE_MD) == 2 and DANISH in markdown

    page_html = files["html"].read_text(encoding="utf-8")
    assert page_html.startswith("<!DOCTYPE html>") and f'<html lang="{DA}">' in page_html
    found = [html.unescape(h) for h in re.findall(r"<h2>(.*?)</h2>", page_html)]
    assert found == headings, found
    assert_html_inert(page_html)
    assert page_html.count(HOSTILE_HTML) == 2 and DANISH in page_html
    # Opened in the browser, the page runs nothing and shows the learner's text as text.
    printable = page.context.new_page()
    printable.on("dialog", app.on_dialog)
    printable.set_content(page_html)
    assert printable.evaluate("document.documentElement.lang") == DA
    expect(printable.locator("h2")).to_have_text(headings)
    assert printable.locator("img").count() == 0
    assert printable.locator("blockquote").all_inner_texts() == [own_text, question_text]
    printable.close()

    word = docx.Document(str(files["docx"]))
    structure = [(p.style.name, p.text) for p in word.paragraphs
                 if p.style.name.startswith("Heading")]
    assert structure == ([("Heading 1", ui("k_title_named", name=COMMITTEE))]
                         + [("Heading 2", heading) for heading in headings]), structure
    paragraphs = [p.text for p in word.paragraphs]
    assert own_text in paragraphs and question_text in paragraphs     # literal, whole
    assert word.core_properties.language == "da-DK"

    # The summary of the design: Danish file names too.
    summary_links = page.locator(".course-downloads a.course-download")
    file_name, path = download(page, summary_links.nth(0))
    assert file_name == f"{FILE_STEM}-{ui('file_design')}.md", file_name
    assert_markdown_inert(path.read_text(encoding="utf-8"))
    file_name, path = download(page, summary_links.nth(1))
    assert file_name == f"{FILE_STEM}-{ui('file_design')}.html", file_name
    assert_html_inert(path.read_text(encoding="utf-8"))

    # Back to the first step: the learner's texts are all still there.
    page.click("button.course-step-challenge")
    expect(page.locator(".course-own-challenge textarea")).to_have_value(own_text,
                                                                         timeout=ANSWER_TIMEOUT)
    expect(page.locator(".course-committee-name input")).to_have_value(COMMITTEE)
    expect(group).to_have_value(GROUP)
    page.wait_for_selector(".course-committee-feedback figure svg", state="attached",
                           timeout=CHART_TIMEOUT)
    assert_clean(app)
