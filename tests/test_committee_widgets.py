"""The committee exercise's widgets, driven in-process as a learner would: setting values,
clicking buttons, and reading what is shown."""

from __future__ import annotations

import base64
import re

import ipywidgets as widgets
import pytest

from councillor_exercises import committee as c
from councillor_exercises import exports
from councillor_exercises.widgets import committee_app
from councillor_exercises.widgets.committee_app import CommitteeApp

HOSTILE = '<script>window.__pwned=1</script><img src=x onerror="window.__pwned=1">'


@pytest.fixture(scope="module")
def data():
    return c.load_committee_data()


@pytest.fixture
def app(data):
    return CommitteeApp(data)


def links(html_text: str) -> dict[str, str]:
    """The download links of an HTML fragment: file name -> decoded content."""
    found = re.findall(r'download="([^"]+)" href="data:[^;]+;charset=utf-8;base64,([^"]+)"',
                       html_text)
    return {name: base64.b64decode(payload).decode("utf-8") for name, payload in found}


def design_gentofte_by_hand(app: CommitteeApp) -> None:
    """Fill the form as a learner would, with a Gentofte-like committee."""
    app.challenge.value = "climate-plan"
    app.question.value = "How can Fjordby become CO2-neutral together with its residents?"
    app.deliverable.value = "recommendations"
    app.purpose.value = "democracy"
    app.set_up_by.value = "council"
    app.council.value = "5"
    app.parties.value = "3"
    app.group_counts["citizens"].value = "10"
    app.group_recruitment["citizens"].value = "open-call"
    app.chair.value = "councillor"
    app.meetings.value = "6"
    app.hours.value = "3"
    app.formats["dialogue-meetings"].value = True
    app.formats["working-groups"].value = True
    app.duration.value = "10"
    app.phases["co-initiation"].value = True
    app.phases["co-design"].value = True
    app.route.value = "via-standing-committee"


def test_the_app_starts_on_step_one_with_feedback_to_act_on(app):
    assert isinstance(committee_app.build_app(), widgets.VBox)
    assert app.page.children == (app.pages[0],)
    assert "Step 1 of 5: Challenge" in app.step_heading.value
    # Before the learner does anything: how the feedback works, not a list of what is missing.
    assert "Feedback appears here as soon as you start" in app.feedback_output.value
    assert app.status.value == "" and "Missing" not in app.feedback_output.value
    app.challenge.value = app.challenge.options[0][1]
    assert "no mandate yet" in app.feedback_output.value
    assert "no members yet" in app.feedback_output.value
    assert "legal point(s) to fix" in app.status.value


def test_every_control_has_a_visible_label(app):
    for control in app._value_controls():
        assert control.description.strip(), control
    for button in [app.load_button, app.undo_button, app.previous_button, app.next_button,
                   app.start_again_button, *app.step_buttons]:
        assert button.description.strip()


def message_for(app, control) -> str:
    import html

    return html.unescape(app.number_messages[id(control)].value)


def test_a_number_that_cannot_be_used_gets_a_message_and_is_kept_as_typed(app, data):
    design_gentofte_by_hand(app)
    cases = [(app.hours, "2,5", "'2,5' is not a whole number"),
             (app.council, "999", "999 is outside the allowed range, 0 to 55"),
             (app.meetings, "", "'' is not a whole number"),
             (app.duration, "60", "60 is outside the allowed range, 1 to 48"),
             (app.group_counts["citizens"], "5000", "outside the allowed range, 0 to 100")]
    for control, typed, message in cases:
        control.value = typed
        assert message in message_for(app, control), (typed, message_for(app, control))
        assert control.value == typed            # kept until the learner corrects it
    kommissorium = links(app.kommissorium_links.value)
    text = next(t for n, t in kommissorium.items() if n.endswith(".md"))
    # No number the learner did not enter: each unusable one is "to be decided".
    assert "Hours a meeting: '2,5' is not a whole number" in text and "*To be decided:" in text
    assert "Councillors (kommunalbestyrelsesmedlemmer): 55" not in text
    assert "*To be decided: Duration in months: 60 is outside" in text
    assert "Citizens (borgere): 100" not in text
    app.hours.value = "3"
    app.meetings.value = "6"
    assert message_for(app, app.hours) == "" and message_for(app, app.meetings) == ""
    assert "6 meeting(s) of about 3 hour(s)" in next(t for n, t in links(app.kommissorium_links.value).items()
                             if n.endswith(".md"))


def test_a_design_made_by_hand_gets_the_legal_frame_warnings_and_a_profile(app):
    design_gentofte_by_hand(app)
    shown = app.feedback_output.value
    assert "Nothing in your design goes against the legal frame" in shown
    assert "None of the lecture" in shown
    # The profile chart follows as soon as the chart renderer has started.
    from councillor_exercises.widgets import common

    if not common.charts_ready():
        assert "course-chart-coming" in shown
        common._chart_warm_up.join(timeout=120)
    shown = app.feedback_output.value
    assert "<svg" in shown and 'role="img"' in shown
    assert "Cross-party ownership (tværpolitisk ejerskab): 100 / 100" in shown
    assert "Starts at 0." in shown
    assert "0 legal point(s) to fix, 0 warning(s)" in app.status.value


def test_decision_power_and_a_one_party_committee_are_told_why(app):
    design_gentofte_by_hand(app)
    app.route.value = "committee-decides"
    app.parties.value = "1"
    shown = app.feedback_output.value
    assert "Check with your legal staff:" in shown
    assert "keep the decisions with the council and its standing committees" in shown
    assert "Kjær, Opstrup &amp; Thomsen 2021" in shown
    assert "All the councillors come from one party or group." in shown
    assert "battlefield" in shown


def test_a_design_that_breaks_the_legal_frame_is_capped_with_the_notice_above_the_profile(app):
    design_gentofte_by_hand(app)
    app.set_up_by.value = "standing-committee"
    shown = app.feedback_output.value
    notice = shown.index("Capped at 40 of 100 because of the legal frame")
    assert notice < shown.index("course-chart") and notice < shown.index('class="course-criterion"')
    assert "overall profile 40 of 100" in app.status.value


def test_the_challenge_shows_its_text_and_the_example_question(app, data):
    app.challenge.value = "school-vision"
    challenge = data.challenge("school-vision")
    assert challenge.title in app.challenge_info.value
    assert "Diagnose a case" in app.challenge_info.value
    assert "What should Lindvig" in app.example_question.value
    assert app.own_challenge.layout.display == "none"
    app.challenge.value = c.OWN_CHALLENGE
    assert app.own_challenge.layout.display is None
    assert "describe it in a few words" in app.feedback_output.value


def test_hostile_text_is_shown_escaped_everywhere(app):
    design_gentofte_by_hand(app)
    app.question.value = HOSTILE
    app.committee_name.value = HOSTILE
    app.challenge.value = c.OWN_CHALLENGE
    app.own_challenge.value = HOSTILE
    for shown in (app.feedback_output.value, app.kommissorium_preview.value, app.downloads.value,
                  app.kommissorium_links.value):
        assert "<script>" not in shown and "<img src=x" not in shown
    assert "&lt;script&gt;window.__pwned=1&lt;/script&gt;" in app.kommissorium_preview.value
    assert "shown as plain text and never run" in app.feedback_output.value
    files = links(app.kommissorium_links.value)
    html_doc = next(text for name, text in files.items() if name.endswith("kommissorium.html"))
    # The one script element is the export block for the debrief: JSON data, never run.
    assert html_doc.count("<script") == 1 and exports.HTML_START in html_doc
    assert "<script" not in html_doc.replace(exports.HTML_START, "")
    assert "&lt;script&gt;" in html_doc
    assert all(re.fullmatch(r"[^<>/\\\\\"]+\.(md|html)", name) for name in files), files
    # No raw tag anywhere: escaped as entities in the page, with backslashes in Markdown.
    assert all(not re.search(r"(?<!\\)<script", text.replace(exports.HTML_START, ""))
               for text in files.values())
    assert app.question.value == HOSTILE


def test_a_10000_character_answer_gets_the_message_and_keeps_the_text(app):
    long_text = "a" * 10_000
    app.question.value = long_text
    assert "10000 characters long; the limit is 2000" in app.feedback_output.value
    assert "Nothing has been deleted" not in app.question.value
    assert app.question.value == long_text
    assert long_text in links(app.kommissorium_links.value)["committee-kommissorium.md"]


def test_going_back_and_forth_keeps_every_answer(app):
    design_gentofte_by_hand(app)
    app.next_button.click()
    app.next_button.click()
    assert "Step 3 of 5: Members" in app.step_heading.value
    app.step_buttons[0].click()
    assert app.page.children == (app.pages[0],)
    app.previous_button.click()            # already at the first step: stays
    app.step_buttons[3].click()
    assert app.read_design() == c.Design(
        challenge="climate-plan",
        mandate_question="How can Fjordby become CO2-neutral together with its residents?",
        deliverable="recommendations", purpose="democracy", set_up_by="council",
        council_members=5, parties=3, groups=app.read_design().groups, chair="councillor",
        meetings=6, hours_per_meeting=3, meeting_formats=("dialogue-meetings", "working-groups"),
        duration_months=10, phases=("co-initiation", "co-design"),
        route="via-standing-committee")
    assert app.read_design().group("citizens") == c.GroupPlan("citizens", 10, "open-call")


def test_a_preset_loads_with_one_click_keeps_the_learners_words_and_can_be_undone(app):
    app.challenge.value = "local-democracy"
    app.question.value = "My own question"
    app.council.value = "2"
    app.preset_choice.value = "gentofte-task-committee"
    assert "Five councillors and ten citizens" in app.preset_info.value
    app.load_button.click()
    assert app.council.value == "5" and app.group_counts["citizens"].value == "10"
    assert app.route.value == "via-standing-committee"
    assert app.question.value == "My own question" and app.challenge.value == "local-democracy"
    assert "Loaded: Gentofte-style task committee" in app.preset_status.value
    assert app.undo_button.layout.display is None
    app.undo_button.click()
    assert app.council.value == "2" and app.group_counts["citizens"].value == "0"
    assert app.undo_button.layout.display == "none"


def test_the_profile_can_be_compared_with_a_preset(app):
    design_gentofte_by_hand(app)
    app.compare.value = "closed-expert-panel"
    shown = app.feedback_output.value
    assert "beside Closed expert panel" in shown
    assert "diamonds show Closed expert panel" in shown
    assert "100 / 0" in shown     # cross-party: yours 100, the panel's 0


def test_the_downloads_hold_the_summary_and_the_kommissorium_at_every_step(app):
    design_gentofte_by_hand(app)
    app.committee_name.value = "Climate task committee"
    for step in range(5):
        app.step_buttons[step].click()
        files = links(app.downloads.value)
        assert set(files) == {"climate-task-committee-design.md",
                              "climate-task-committee-design.html",
                              "climate-task-committee-kommissorium.md",
                              "climate-task-committee-kommissorium.html"}
    summary = files["climate-task-committee-design.md"]
    assert "Climate task committee" in summary and "Citizens (borgere): 10" in summary
    assert "| Cross-party ownership (tværpolitisk ejerskab) | 100 |" in summary
    kommissorium = files["climate-task-committee-kommissorium.md"]
    for heading in ("1. Background (Baggrund)", "3. Task (Opgave)", "8. Reporting (Afrapportering)",
                    "9. Points to clear with the administration"):
        assert heading in kommissorium
    assert "DRAFT for discussion" in kommissorium
    page = links(app.kommissorium_links.value)["climate-task-committee-kommissorium.html"]
    assert page.startswith("<!DOCTYPE html>") and "@media print" in page


def test_start_again_resets_cleanly(app):
    design_gentofte_by_hand(app)
    app.compare.value = "closed-expert-panel"
    app.step_buttons[3].click()
    app.start_again_button.click()
    assert app.start_again.asking and app.read_design().council_members == 5
    app.start_again.no.click()
    assert app.read_design().council_members == 5
    app.start_again_button.click()
    app.start_again.yes.click()
    assert app.read_design() == c.Design(groups=app.read_design().groups)
    assert all(plan.count == 0 and plan.recruitment == "" for plan in app.read_design().groups)
    assert app.compare.value == "" and app.step == 0
    assert "Feedback appears here as soon as you start" in app.feedback_output.value


def test_the_worksheet_lists_the_questions_rules_presets_and_a_blank_outline(data):
    sheet = committee_app.worksheet_markdown()
    for challenge in data.challenges:
        assert challenge.title in sheet
    for needed in ("### Step 4. Way of working", "### The legal frame", "bestemte hverv",
                   "### How the profile is scored",
                   "**+35** when the number of parties or groups the councillors come from "
                   "is at least 2",
                   "### Warnings and advice", "Gentofte-style task committee",
                   "What the sources say", "What this example assumes",
                   "8. Reporting (Afrapportering)", "{ref}`ch-committees`",
                   "{term}`terms of reference`"):
        assert needed in sheet, needed
    for criterion in data.criteria:
        assert f"#### {criterion.name}" in sheet
    assert "<input" not in sheet and "<button" not in sheet


def test_every_interface_string_the_exercise_uses_is_in_its_file():
    """A Danish edition translates data/ui/*/committee.yaml; no string may hide in the code."""
    from conftest import ROOT
    from councillor_exercises.ui_text import ui_text

    keys = ui_text("committee").keys()
    used: set[str] = set()
    for name in ("committee.py", "kommissorium.py", "widgets/committee_app.py",
                 "charts/committee.py"):
        source = (ROOT / "src" / "councillor_exercises" / name).read_text(encoding="utf-8")
        used |= set(re.findall(r"\b(?:ui|intro)\(\s*[\"']([a-z_0-9]+)[\"']", source))
    used |= {f"step_{step}" for step in committee_app.STEPS}
    used |= {f"cond_{test}" for test in committee_app.TESTS}
    from councillor_exercises.kommissorium import SECTION_IDS, SECTION_PROMPTS
    used |= {f"k_h_{s}" for s in SECTION_IDS}
    used |= {key for keys in SECTION_PROMPTS.values() for key in keys}
    used.discard("cond_")    # ui("cond_" + test), covered by the TESTS line above
    assert not used - keys, sorted(used - keys)
    assert not keys - used, f"strings no code uses: {sorted(keys - used)}"
