"""The "Your week as a councillor" app driven in the test process as a learner would: type
hours (good and bad), check, read the profile and charts, build the plan, go back, download,
start again."""

from __future__ import annotations

import base64
import re

import yaml

from conftest import FIXTURES
from councillor_exercises.widgets import week_app

HOSTILE = '<script>window.__pwned=1</script><img src=x onerror="window.__pwned=1">'


def downloaded(html_text: str) -> str:
    payload = re.search(r'href="data:text/markdown;charset=utf-8;base64,([^"]+)"', html_text)
    assert payload, "no download link"
    return base64.b64decode(payload.group(1)).decode("utf-8")


def typical_week(app: week_app.WeekApp) -> None:
    app.hours["papers-and-cases"].value = "8"
    app.hours["committee-and-council-meetings"].value = "5"
    app.hours["party-group"].value = "2,5"
    app.hours["citizens-associations-businesses"].value = "2"
    app.hours["thematic-policy-work"].value = "1"


def test_it_starts_on_step_one_with_a_labelled_field_per_activity():
    app = week_app.WeekApp()
    assert app.step1.layout.display == "flex" and app.step2.layout.display == "none"
    assert len(app.hours) == len(app.data.activities)
    for activity in app.data.activities:
        field = app.hours[activity.id]
        assert field.description == activity.label and field.value == ""
    assert "Enter your hours and check them" in app.week_feedback.value


def test_a_typical_week_gets_its_profile_three_charts_and_the_obstacles():
    app = week_app.WeekApp()
    typical_week(app)
    app.check_week_button.click()
    shown = app.week_feedback.value
    assert "Your week: 18.5 hours of council work" in shown
    assert "close to the 18 hours a week" in shown and "2021" in shown
    assert "Watch out:" in shown and "slide 13" in shown
    charts = app.week_charts.value
    assert charts.count('<figure class="course-chart"') == 3
    assert "Where your hours go" in charts and "reported hours" in charts
    assert "Kommunalpolitisk Barometer 2021" in charts   # the source line


def test_bad_hours_get_clear_messages_and_nothing_is_lost():
    app = week_app.WeekApp()
    typical_week(app)
    app.hours["boards"].value = "-3"
    app.hours["courses-and-other"].value = "lots"
    app.hours["travel-and-representation"].value = HOSTILE
    app.check_week_button.click()
    shown = app.week_feedback.value
    assert "is negative" in shown and "&#x27;lots&#x27; is not a number of hours" in shown
    assert "<script>" not in shown and "&lt;script&gt;" in shown
    assert app.week_charts.value == ""
    assert app.hours["boards"].value == "-3" and app.hours["travel-and-representation"].value == HOSTILE
    assert app.hours["papers-and-cases"].value == "8"
    summary = downloaded(app.week_download.value)
    assert "<script>" not in summary and "(could not be read)" in summary


def test_more_than_a_week_of_hours_is_refused_with_a_message():
    app = week_app.WeekApp()
    app.hours["papers-and-cases"].value = "100"
    app.hours["party-group"].value = "100"
    app.check_week_button.click()
    assert "add up to 200, more than the 168 hours in a week" in app.week_feedback.value
    assert app.hours["papers-and-cases"].value == "100"


def test_the_plan_step_marks_the_advice_the_week_points_to_and_going_back_keeps_answers():
    app = week_app.WeekApp()
    typical_week(app)
    app.check_week_button.click()
    app.to_plan_button.click()
    assert app.step1.layout.display == "none" and app.step2.layout.display == "flex"
    assert "Your week points to" in app.pressing_badges["room-for-thematic-discussion"].value
    assert app.pressing_badges["development-not-battlefield"].value == ""
    app.step_choice["development-not-battlefield"].value = "shared-diagnosis"
    app.back_button.click()
    assert app.hours["party-group"].value == "2,5"
    app.to_plan_button.click()
    assert app.step_choice["development-not-battlefield"].value == "shared-diagnosis"


def test_typing_an_own_step_chooses_it():
    app = week_app.WeekApp()
    app.go_to(2)
    app.own_text["knowledge-over-representativeness"].value = "Visit two schools in April"
    assert app.step_choice["knowledge-over-representativeness"].value == "own"


def test_a_complete_plan_with_hostile_text_is_shown_escaped_and_downloaded():
    app = week_app.WeekApp()
    typical_week(app)
    app.check_week_button.click()
    app.to_plan_button.click()
    app.step_choice["development-not-battlefield"].value = "cross-party-pair"
    app.step_choice["room-for-thematic-discussion"].value = "theme-meeting"
    app.own_text["knowledge-over-representativeness"].value = HOSTILE
    for box in app.ticks["knowledge-over-representativeness"].values():
        box.value = True
    app.check_plan_button.click()
    shown = app.plan_feedback.value
    assert "Steps ready: 3 of 3" in shown
    assert "<script>" not in shown and "<img" not in shown
    assert "&lt;script&gt;window.__pwned=1&lt;/script&gt;" in shown and "HTML-like tags" in shown
    plan = downloaded(app.plan_download.value)
    assert plan.startswith("# My week as a councillor")
    assert "<script>" not in plan and "\\<script\\>" in plan and "&lt;" not in plan
    assert "Within the next month, invite a councillor" in plan
    assert "Checklist: 3 of 3 points ticked" in plan
    assert "| Party group and talks with fellow councillors" in plan


def test_a_very_long_own_step_gets_the_message_and_is_kept():
    app = week_app.WeekApp()
    app.go_to(2)
    app.own_text["development-not-battlefield"].value = "s" * 10_000
    app.check_plan_button.click()
    assert "10000 characters long; the limit is 2000" in app.plan_feedback.value
    assert app.own_text["development-not-battlefield"].value == "s" * 10_000
    assert "s" * 10_000 in downloaded(app.plan_download.value)


def test_an_empty_own_step_gets_a_message():
    app = week_app.WeekApp()
    app.go_to(2)
    app.step_choice["development-not-battlefield"].value = "own"
    app.check_plan_button.click()
    assert "you chose to write your own step, but it is empty" in app.plan_feedback.value


def test_the_download_follows_the_work_so_far_without_a_check():
    app = week_app.WeekApp()
    assert "Not made yet" in downloaded(app.week_download.value)
    app.hours["boards"].value = "3"
    assert "| Boards and bodies you are appointed to (*bestyrelser, råd og nævn*) | 3 |" in \
        downloaded(app.week_download.value)


def test_start_again_clears_everything():
    app = week_app.WeekApp()
    typical_week(app)
    app.check_week_button.click()
    app.go_to(2)
    app.own_text["development-not-battlefield"].value = "x"
    app.ticks["development-not-battlefield"]["what"].value = True
    app.restart_plan.click()
    # It asks first; "Start again" is not beside "Next step".
    assert app.restart_plan_action.asking and app.own_text["development-not-battlefield"].value == "x"
    app.restart_plan_action.yes.click()
    assert app.step1.layout.display == "flex"
    assert all(f.value == "" for f in app.hours.values())
    assert all(r.value is None for r in app.step_choice.values())
    assert not any(b.value for t in app.ticks.values() for b in t.values())
    assert app.week_charts.value == "" and "Enter your hours" in app.week_feedback.value


def test_a_new_activity_appears_in_the_app(fixture_data):
    path = fixture_data / "week" / "activities.yaml"
    content = yaml.safe_load(path.read_text(encoding="utf-8"))
    content["activities"].append(yaml.safe_load(
        (FIXTURES / "week" / "new-activity.yaml").read_text(encoding="utf-8")))
    path.write_text(yaml.safe_dump(content, allow_unicode=True, sort_keys=False), encoding="utf-8")
    app = week_app.WeekApp()
    assert app.hours["school-board-visits"].description.startswith("Visits to school boards")
    app.hours["school-board-visits"].value = "4"
    app.check_week_button.click()
    assert "4 hours of council work" in app.week_feedback.value


def test_the_worksheet_has_activities_rules_figures_and_steps():
    text = week_app.worksheet_markdown()
    assert "| **Reading papers and handling cases**" in text
    assert "### How your week is read" in text and "above 50%: a sign of the obstacle" in text
    assert "2021, average: 18 hours a week" in text and "2017, average: 19 hours" in text
    assert "Block two hours in my calendar" in text
    assert "{ref}`ch-obstacles-advice`" in text


def test_every_control_has_a_visible_label():
    app = week_app.WeekApp()
    controls = [*app.hours.values(), *app.step_choice.values(), *app.own_text.values(),
                *(b for t in app.ticks.values() for b in t.values()),
                app.check_week_button, app.check_plan_button, app.to_plan_button,
                app.back_button, app.restart_week, app.restart_plan]
    assert all(c.description for c in controls)


def test_moving_to_the_plan_marks_its_heading_and_downloads_are_named_for_the_group():
    app = week_app.WeekApp()
    app.frame.group.value = "Byrådsgruppe Ø"
    typical_week(app)
    app.check_week_button.click()
    assert "data-course-announce=" in app.week_feedback.value
    app.to_plan_button.click()
    assert "data-course-focus" in app.step2_heading.value
    assert 'download="byrådsgruppe-ø-my-week-as-a-councillor.md"' in app.plan_download.value
    assert "**Group:** Byrådsgruppe Ø" in downloaded(app.plan_download.value)
