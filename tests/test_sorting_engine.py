"""The "Service or policy?" engine: the examples' data, the scoring with partial credit, the
summary, and that no answer whatever makes it fail."""

from __future__ import annotations

import re
import shutil

import pytest
from hypothesis import HealthCheck, given, settings as hypothesis_settings, strategies as st

from conftest import FIXTURES
from councillor_exercises import sorting
from councillor_exercises.datafiles import DataError

EXAMPLES = sorting.load_examples()
SETTINGS = sorting.load_settings()
BY_ID = {e.id: e for e in EXAMPLES}

SLIDE_2 = {"robot-vacuum-cleaners", "digital-self-service", "abuse-prevention",
           "everyday-rehabilitation", "patient-education", "user-driven-kitchens"}
SLIDE_9 = {"co2-neutral-municipality", "new-nordic-school", "slow-planning", "peoples-meeting",
           "municipality-3-0", "new-volunteering"}
EXTRAS = {"gentofte-task-committees", "dk2020-climate-plans", "rehabilitation-law"}
NO_FACTS = {"abuse-prevention", "slow-planning", "user-driven-kitchens"}


def unescaped_tag(text: str) -> bool:
    """A '<script' or '<img' that Markdown would pass on as HTML (not escaped as '\\<')."""
    return bool(re.search(r"(?<!\\)<(script|img)", text))


def answer(**choices) -> sorting.SortingAnswer:
    return sorting.SortingAnswer.from_mapping({k.replace("_", "-"): v for k, v in choices.items()})


# -- the data ----------------------------------------------------------------------------------


def test_the_lectures_twelve_examples_and_the_extras_are_there():
    lecture = {e.id: (e.lecture_classification, e.lecture_slide) for e in EXAMPLES if e.in_lecture}
    assert {k for k, v in lecture.items() if v == ("service", 2)} == SLIDE_2
    assert {k for k, v in lecture.items() if v == ("policy", 9)} == SLIDE_9
    assert {e.id for e in EXAMPLES if not e.in_lecture} == EXTRAS


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda e: e.id)
def test_each_examples_answers_are_consistent_with_its_options(example):
    ids = example.option_ids()
    assert {"service", "policy"} <= set(ids) <= set(sorting.CHOICE_IDS)
    assert example.option(example.answer).credit == 1
    if example.in_lecture:
        assert example.answer == example.lecture_classification
        assert example.option(example.lecture_classification).credit == 1
    else:
        assert example.reading and example.edge_case
    if example.edge_case:       # debatable: more than one choice earns credit
        assert sum(1 for o in example.options if o.credit > 0) >= 2
    assert all(0 <= o.credit <= 1 and o.message for o in example.options)
    assert example.why and example.tempting and example.description
    assert all(f.source.startswith(("https://", "http://")) for f in example.facts)


def test_examples_without_facts_say_so_and_invent_nothing():
    for example_id in NO_FACTS:
        example = BY_ID[example_id]
        assert example.facts == ()
        assert "no facts are listed" in example.why
    kitchens = BY_ID["user-driven-kitchens"]
    assert [f.text for f in kitchens.unverified if "Holstebro" in f.text]
    assert all("not verified" in f.text for f in kitchens.unverified)
    # No municipality is named for slow planning (the fact sheet's "do not claim" list).
    slow = BY_ID["slow-planning"]
    assert "Svendborg" not in slow.why + slow.description + slow.tempting


def test_the_edge_cases_explain_that_they_are_debatable():
    for example_id in EXTRAS:
        result = sorting.judge(BY_ID[example_id], "service", SETTINGS)
        assert "debatable" in result.item.reason


def test_copenhagen_is_not_said_to_have_reached_its_goal():
    co2 = BY_ID["co2-neutral-municipality"]
    assert any("not met" in f.text for f in co2.facts)


# -- scoring -----------------------------------------------------------------------------------


def test_the_course_reading_everywhere_earns_every_point():
    result = sorting.evaluate(EXAMPLES, sorting.SortingAnswer.from_mapping(
        {e.id: e.answer for e in EXAMPLES}), SETTINGS)
    assert result.points == result.possible == len(EXAMPLES)
    assert result.feedback.percent == 100
    assert all(r.item.verdict == "good" for r in result.results)
    assert SETTINGS.bands[0].message in result.feedback.headline
    assert not result.feedback.problems


def test_a_wrong_answer_earns_nothing_and_says_why():
    result = sorting.judge(BY_ID["robot-vacuum-cleaners"], "policy", SETTINGS)
    assert result.credit == 0 and result.item.verdict == "wrong"
    assert "you chose Policy innovation" in result.item.message
    assert BY_ID["robot-vacuum-cleaners"].option("policy").message in result.item.message
    assert "Why the other reading is tempting" in result.item.reason
    assert "slide 2" in result.item.reference and "Chapter 1" in result.item.reference


def test_edge_cases_give_partial_credit_with_an_explanation():
    law = BY_ID["rehabilitation-law"]
    for choice, credit, verdict in [("depends", 1, "good"), ("service", 0.5, "partly"),
                                    ("policy", 0.5, "partly")]:
        result = sorting.judge(law, choice, SETTINGS)
        assert (result.credit, result.item.verdict) == (credit, verdict)
        assert law.option(choice).message in result.item.message
    feedback = sorting.example_feedback(law, "service", SETTINGS)
    assert feedback.percent == 50 and "Partial credit (0.5 of 1 point)" in feedback.headline
    gentofte = sorting.judge(BY_ID["gentofte-task-committees"], "depends", SETTINGS)
    assert gentofte.credit == 1 and "political innovation" in gentofte.item.message


def test_unsorted_examples_earn_nothing_and_are_named():
    result = sorting.evaluate(EXAMPLES, answer(robot_vacuum_cleaners="service"), SETTINGS)
    assert result.points == 1
    assert result.results[0].item.verdict == "good"
    assert all(r.item.verdict == "missing" for r in result.results[1:])
    assert "Not sorted yet (14)" in result.feedback.problems[0]
    assert "DK2020 climate plans" in result.feedback.problems[0]


def test_a_choice_the_example_does_not_offer_counts_as_unsorted():
    result = sorting.judge(BY_ID["slow-planning"], "maybe", SETTINGS)
    assert result.choice is None and result.credit == 0 and result.item.verdict == "missing"
    feedback = sorting.example_feedback(BY_ID["slow-planning"], None, SETTINGS)
    assert feedback.score is None and feedback.problems


@pytest.mark.parametrize("points, band", [(15, 0), (13, 0), (12, 1), (9, 1), (8, 2), (0, 2)])
def test_the_score_sentence_follows_the_bands(points, band):
    # The first `points` examples get the course's reading, the rest a zero-credit choice (or
    # none, where every choice earns something).
    choices = {e.id: (e.answer if i < points else
                      next((o.id for o in e.options if o.credit == 0), None))
               for i, e in enumerate(EXAMPLES)}
    result = sorting.evaluate(EXAMPLES, sorting.SortingAnswer.from_mapping(choices), SETTINGS)
    assert result.points == points
    assert SETTINGS.bands[band].message in result.feedback.headline


def test_the_note_is_kept_whole_and_a_long_one_gets_a_message():
    long_note = "x" * 10_000
    result = sorting.evaluate(EXAMPLES, sorting.SortingAnswer((), long_note), SETTINGS)
    assert result.note == long_note
    assert "10000 characters" in result.note_problem and "2000" in result.note_problem
    assert result.note_problem in result.feedback.problems


def test_the_summary_holds_every_example_its_facts_and_the_escaped_note():
    hostile = '<script>window.__pwned=1</script><img src=x onerror="window.__pwned=1">'
    result = sorting.evaluate(EXAMPLES, sorting.SortingAnswer.from_mapping(
        {"robot-vacuum-cleaners": "policy", "rehabilitation-law": "depends"}, hostile), SETTINGS)
    markdown = sorting.summary_markdown(result, SETTINGS)
    assert not unescaped_tag(markdown)
    assert "\\<script\\>" in markdown
    for example in EXAMPLES:
        assert f"### {example.name}" in markdown
        for fact in example.facts:
            assert fact.source in markdown
    assert "| Robot vacuum cleaners (*robotstøvsugere*) | Policy innovation | Service innovation | 0 |" in markdown
    assert result.note_info  # the markup note


def test_the_chart_data_and_its_text_alternative():
    result = sorting.evaluate(EXAMPLES, answer(robot_vacuum_cleaners="policy",
                                               digital_self_service="service"), SETTINGS)
    rows = sorting.comparison_rows(result, SETTINGS)
    assert len(rows) == len(EXAMPLES) + 2
    robot = [(row["who"], row["placement"]) for row in rows
             if row["example"] == "Robot vacuum cleaners"]
    assert robot == [("The course's reading", "Service"), ("Your sorting", "Policy")]
    labels = sorting.chart_labels(result, SETTINGS)
    assert "agree on 1 of 15" in labels["description"]
    assert "Robot vacuum cleaners (you: Policy innovation; the course: Service innovation)" in \
        labels["description"]
    from councillor_exercises.charts import charts_drawn_in_browser
    from councillor_exercises.charts.sorting import sorting_chart
    figure = sorting_chart(rows, **labels)
    # In Pyodide (tests/pyodide/run.mjs) charts take the in-browser route, as in the exercises.
    drawing = '<div class="course-vega"' if charts_drawn_in_browser() else "<svg"
    assert figure.svg.startswith(drawing) and figure.description == labels["description"]


# -- the data files are validated --------------------------------------------------------------


@pytest.mark.parametrize("fixture, field, words", [
    ("misspelt-field.yaml", "explenation", "not a known field"),
    ("course-reading-without-full-credit.yaml", "answer", "must earn full credit"),
    ("edge-case-without-partial-credit.yaml", "options", "more than one choice"),
    ("fact-without-address.yaml", "source", "web address"),
    ("no-policy-option.yaml", "policy", "is missing"),
])
def test_a_broken_example_is_refused_by_name(fixture_data, fixture, field, words):
    shutil.copy(FIXTURES / "examples" / fixture, fixture_data / "examples" / fixture)
    with pytest.raises(DataError) as error:
        sorting.load_examples()
    message = str(error.value)
    assert fixture in message and f"field '{field}'" in message and words in message
    assert f"entry '{fixture.removesuffix('.yaml')}" in message


def test_a_new_valid_example_file_appears(fixture_data):
    shutil.copy(FIXTURES / "examples" / "new-example.yaml", fixture_data / "examples")
    examples = sorting.load_examples()
    assert len(examples) == len(EXAMPLES) + 1 and examples[-1].id == "new-example"
    result = sorting.judge(examples[-1], "depends", sorting.load_settings())
    assert result.credit == 0.5


def test_a_settings_file_whose_bands_leave_a_gap_is_refused(fixture_data):
    path = fixture_data / "examples" / "_settings.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("min_percent: 0", "min_percent: 10"),
                    encoding="utf-8")
    with pytest.raises(DataError, match="min_percent: 0"):
        sorting.load_settings()


# -- no answer makes it fail ------------------------------------------------------------------

CHOICES = st.one_of(st.none(), st.sampled_from(["service", "policy", "depends"]),
                    st.text(max_size=20))
NOTES = st.one_of(st.text(max_size=200), st.just("x" * 10_000),
                  st.just('<script>window.__pwned=1</script><img src=x onerror="alert(1)">'))


@hypothesis_settings(max_examples=60, deadline=None,
                     suppress_health_check=[HealthCheck.too_slow])
@given(choices=st.lists(CHOICES, min_size=len(EXAMPLES), max_size=len(EXAMPLES)), note=NOTES)
def test_any_answer_gets_feedback_and_never_raises(choices, note):
    result = sorting.evaluate(EXAMPLES, sorting.SortingAnswer.from_mapping(
        {e.id: c for e, c in zip(EXAMPLES, choices)}, note), SETTINGS)
    assert len(result.feedback.items) == len(EXAMPLES)
    assert 0 <= result.points <= result.possible
    assert all(item.message for item in result.feedback.items)
    markdown = sorting.summary_markdown(result, SETTINGS)
    assert not unescaped_tag(markdown)
    sorting.chart_labels(result, SETTINGS)


# -- "both / it depends" and the paired exercises -----------------------------------------------


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda e: e.id)
def test_it_depends_is_offered_only_where_it_earns_credit_and_earns_what_the_data_says(example):
    """Offered only where defensible: never a choice that can only earn 0. Where offered, it
    earns its data-given credit, with its own explanation and a verdict that matches it."""
    option = example.option("depends")
    result = sorting.judge(example, "depends", SETTINGS)
    if option is None:
        assert result.choice is None and result.credit == 0     # not offered: not sorted
        return
    assert option.credit > 0
    assert result.credit == option.credit and option.message in result.item.message
    assert result.item.verdict == ("good" if option.credit == 1 else "partly")
    if option.credit < 1:
        assert "Half credit" in option.message or "half" in option.message.lower()


def test_it_depends_earns_credit_on_the_arguable_examples_the_review_named():
    for example_id in ("digital-self-service", "new-nordic-school", "municipality-3-0",
                       "new-volunteering", "peoples-meeting", "dk2020-climate-plans"):
        assert sorting.judge(BY_ID[example_id], "depends", SETTINGS).credit == 0.5, example_id
    for example_id in ("gentofte-task-committees", "everyday-rehabilitation",
                       "rehabilitation-law"):
        assert sorting.judge(BY_ID[example_id], "depends", SETTINGS).credit == 1, example_id


def test_gentoftes_task_committees_give_full_credit_to_policy_and_to_it_depends():
    gentofte = BY_ID["gentofte-task-committees"]
    assert gentofte.option("policy").credit == gentofte.option("depends").credit == 1
    assert gentofte.option("service").credit == 0


def test_everyday_rehabilitation_agrees_with_the_fredericia_case():
    """One programme, one answer key: the sorting example and the Fredericia case of "Diagnose
    a case" give the same credit for service, policy and both."""
    from councillor_exercises.cases import load_case
    from councillor_exercises.diagnosis import (BOTH, Diagnosis, TypeAnswer, default_context,
                                                evaluate_step)

    example = BY_ID["everyday-rehabilitation"]
    case = load_case("fredericia-everyday-rehabilitation")
    ctx = default_context()
    for sorting_choice, case_choice in (("service", "service"), ("policy", "policy"),
                                        ("depends", BOTH)):
        sorted_credit = sorting.judge(example, sorting_choice, SETTINGS).credit
        case_credit = evaluate_step(case, Diagnosis(innovation_type=TypeAnswer(case_choice, "x")),
                                    "innovation_type", ctx).score
        assert sorted_credit == pytest.approx(case_credit), sorting_choice
    assert sorting.judge(example, "service", SETTINGS).credit == 1    # the lecture's sorting
    assert sorting.judge(example, "depends", SETTINGS).credit == 1    # the case's reading


def test_the_review_names_for_misbrugsforebyggelse_and_folkemode_are_the_courses():
    misuse = BY_ID["abuse-prevention"]
    assert misuse.name == "Preventing alcohol and drug misuse"
    meeting = BY_ID["peoples-meeting"]
    assert meeting.danish == "folkemøde" and "course takes it to mean" in meeting.description
