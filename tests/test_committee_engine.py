"""The committee exercise's engine: the legal frame, the profile's rules and partial credit, the
warnings, the data's validation, and that no design whatever makes it raise."""

from __future__ import annotations

import shutil
from dataclasses import replace

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import FIXTURES
from councillor_exercises import committee as c
from councillor_exercises.datafiles import DataError

DATA = c.load_committee_data()
GENTOFTE = DATA.preset("gentofte-task-committee").design
HOSTILE = '<script>window.__pwned=1</script><img src=x onerror="window.__pwned=1">'


def plans(**counts) -> tuple[c.GroupPlan, ...]:
    """Group plans from keyword arguments: citizens=(10, 'open-call')."""
    return tuple(c.GroupPlan(group, count, method) for group, (count, method) in counts.items())


def evaluate(design: c.Design) -> c.CommitteeFeedback:
    return c.evaluate(design, DATA)


# ------------------------------------------------------------------------------ the real data

def test_the_real_data_loads_with_presets_challenges_and_six_criteria():
    assert [cr.id for cr in DATA.criteria] == ["knowledge", "democracy", "efficiency",
                                               "cross-party", "thematic-room", "feasibility"]
    ids = [p.id for p in DATA.presets]
    assert {"gentofte-task-committee", "closed-expert-panel", "holbaek-project-committee"} <= set(ids)
    assert ids[0] == "gentofte-task-committee"
    assert len(DATA.challenges) >= 4
    from conftest import ROOT

    case_ids = {p.stem for p in (ROOT / "data" / "cases").glob("*.yaml") if not p.name.startswith("_")}
    assert {ch.related_case for ch in DATA.challenges} <= case_ids | {""}


def test_a_challenge_naming_an_unknown_case_is_refused(fixture_data):
    path = fixture_data / "committee" / "challenges.yaml"
    text = path.read_text(encoding="utf-8")
    assert "related_case: fjordby-climate" in text
    path.write_text(text.replace("related_case: fjordby-climate", "related_case: nowhere-case", 1),
                    encoding="utf-8")
    with pytest.raises(DataError) as error:
        c.load_committee_data()
    assert "challenges.yaml" in str(error.value) and "'related_case'" in str(error.value)
    assert "nowhere-case" in str(error.value)


def test_the_gentofte_preset_follows_the_fact_sheet():
    design = GENTOFTE
    assert design.council_members == 5 and design.group("citizens").count == 10
    assert design.group("citizens").recruitment == "open-call"
    assert 5 <= design.meetings <= 7 and 2 <= design.hours_per_meeting <= 3
    assert 9 <= design.duration_months <= 12
    assert design.route == "via-standing-committee" and design.set_up_by == "council"
    preset = DATA.preset("gentofte-task-committee")
    assert "gentofte.dk" in preset.source


@pytest.mark.parametrize("preset", DATA.presets, ids=lambda p: p.id)
def test_every_preset_is_a_valid_design_that_sets_up_a_legal_committee(preset):
    feedback = evaluate(preset.design)
    assert feedback.problems == ()
    assert feedback.legal_issues == (), [i.message for i in feedback.legal_issues]
    assert preset.summary and preset.sourced and preset.assumed and preset.source


def test_every_criterion_can_reach_a_good_score_and_every_rule_cites_a_source():
    for criterion in DATA.criteria:
        best = criterion.start + sum(r.points for r in criterion.rules if r.points > 0)
        assert best >= 70, criterion.id
        assert all(r.source and r.message for r in criterion.rules)
        assert set(criterion.weights) == set(DATA.concepts.ids("purposes"))


def test_every_warning_rests_on_a_lecture_concept_with_a_chapter():
    for warning in DATA.warnings:
        group, _, concept_id = warning.concept.partition(":")
        concept = DATA.concepts.get(group, concept_id)
        assert DATA.concepts.chapter_name(concept.chapter), warning.id
        assert warning.source


# ------------------------------------------------------------------------------ the legal frame

def legal_verdicts(design: c.Design) -> dict[str, str]:
    feedback = evaluate(design)
    return {check.id: check.verdict for check in DATA.legal_checks
            if check.id in feedback.fired_legal}


def test_the_gentofte_preset_passes_the_legal_frame():
    fired = legal_verdicts(GENTOFTE)
    assert fired["set-up-by-council"] == "good"
    assert fired["via-standing-committee"] == "good"
    assert not [v for v in fired.values() if v in ("wrong", "missing")]


def test_decision_power_is_flagged_as_wrong_with_reason_and_source():
    feedback = evaluate(replace(GENTOFTE, route="committee-decides"))
    assert "committee-decides" in feedback.fired_legal
    item = next(i for i in feedback.legal.items if i.verdict == "wrong")
    assert "final decisions stay with the council" in item.message
    assert "bestemte hverv" in item.reason
    assert "Kjær" in item.reference and "Chapter 7" in item.reference
    assert "1 point" in feedback.legal.headline


@pytest.mark.parametrize("question", ["", "   ", "\n\t"])
def test_a_missing_mandate_is_flagged(question):
    feedback = evaluate(replace(GENTOFTE, mandate_question=question))
    assert "mandate-missing" in feedback.fired_legal
    assert any("no mandate" in i.message for i in feedback.legal_issues)


def test_a_missing_reporting_line_is_flagged():
    for route, check in (("no-route", "no-route"), ("", "route-not-chosen")):
        feedback = evaluate(replace(GENTOFTE, route=route))
        assert check in feedback.fired_legal
        assert any(i.verdict == "missing" for i in feedback.legal.items)


def test_only_the_council_can_set_up_the_committee():
    for body in ("standing-committee", "finance-committee", "administration"):
        assert legal_verdicts(replace(GENTOFTE, set_up_by=body))["set-up-by-someone-else"] == "wrong"
    assert legal_verdicts(replace(GENTOFTE, set_up_by=""))["set-up-not-chosen"] == "missing"


def test_a_missing_deliverable_is_flagged():
    assert "deliverable-missing" in evaluate(replace(GENTOFTE, deliverable="")).fired_legal


# ------------------------------------------------------------------------------ the warnings

ONLY_COUNCILLORS = dict(groups=(), meeting_formats=("ordinary", "workshops"))
TRIGGERS = {
    "only-politicians": ONLY_COUNCILLORS,
    "only-politicians-with-guests": dict(groups=(), meeting_formats=("dialogue-meetings",)),
    "no-councillors": dict(council_members=0, parties=0),
    "one-party": dict(parties=1),
    "no-thematic-format": dict(meeting_formats=("ordinary",)),
    "too-large": dict(groups=plans(citizens=(21, "open-call"))),
    "representativeness-only": dict(groups=plans(citizens=(10, "random"),
                                                 associations=(3, "nomination"))),
    "no-co-initiation": dict(phases=("co-design",)),
    "very-short": dict(duration_months=2),
    "very-long": dict(duration_months=24),
    "open-ended": dict(open_ended=True),
    "few-meetings": dict(meetings=2),
    "democracy-without-those-affected": dict(groups=plans(experts=(5, "invitation"))),
    "efficiency-without-resources": dict(purpose="efficiency"),
    "innovation-with-narrow-mix": dict(purpose="innovation"),
    "implementation-without-staff": dict(phases=("co-initiation", "co-design",
                                                 "co-implementation")),
    "recruitment-not-chosen": dict(groups=plans(citizens=(10, ""))),
}


def test_no_warning_fires_on_the_gentofte_preset():
    assert evaluate(GENTOFTE).fired_warnings == ()
    assert "None of the lecture's everyday obstacles" in evaluate(GENTOFTE).warnings.headline


def test_every_shipped_warning_has_a_trigger_below():
    assert set(TRIGGERS) == {w.id for w in DATA.warnings}


@pytest.mark.parametrize("warning_id", sorted(TRIGGERS))
def test_each_warning_fires_on_a_design_that_should_trigger_it(warning_id):
    feedback = evaluate(replace(GENTOFTE, **TRIGGERS[warning_id]))
    assert warning_id in feedback.fired_warnings
    warning = next(w for w in DATA.warnings if w.id == warning_id)
    item = next(i for i in feedback.warnings.items if i.message == warning.message)
    assert item.reason and "slide" in item.reference and "Source:" in item.reference


def test_too_large_cites_gentoftes_15_as_a_reference_point_not_a_rule():
    warning = next(w for w in DATA.warnings if w.id == "too-large")
    assert "15" in warning.reason and "not a rule" in warning.reason
    assert "too-large" not in evaluate(replace(GENTOFTE, groups=plans(
        citizens=(20, "open-call")))).fired_warnings      # 25 members: still fine


def test_one_party_and_only_politicians_rest_on_the_lecture():
    feedback = evaluate(replace(GENTOFTE, parties=1, **ONLY_COUNCILLORS))
    references = " ".join(i.reference for i in feedback.warnings.items)
    assert "Chapter 6" in references and "slide 13" in references and "slide 14" in references


# ------------------------------------------------------------------------------ the profile

def score(design: c.Design, criterion: str) -> int:
    return evaluate(design).profile.score(criterion)


def test_partial_credit_knowledge_grows_with_the_mix_of_members():
    one = replace(GENTOFTE, groups=plans(citizens=(10, "open-call")))
    two = replace(GENTOFTE, groups=plans(citizens=(8, "open-call"), experts=(2, "invitation")))
    four = replace(GENTOFTE, groups=plans(citizens=(6, "open-call"), experts=(2, "invitation"),
                                          employees=(2, "invitation"),
                                          associations=(2, "nomination")))
    assert score(one, "knowledge") < score(two, "knowledge") < score(four, "knowledge")


def test_cross_party_rules_add_up_as_the_data_says():
    assert score(replace(GENTOFTE, parties=1), "cross-party") < \
        score(replace(GENTOFTE, parties=2), "cross-party") < score(GENTOFTE, "cross-party")
    criterion = next(cr for cr in DATA.criteria if cr.id == "cross-party")
    two = next(r for r in criterion.rules if "two or more parties" in r.message)
    assert score(replace(GENTOFTE, parties=2), "cross-party") - \
        score(replace(GENTOFTE, parties=1, council_members=5), "cross-party") >= two.points


def test_every_score_is_explained_by_its_start_and_the_rules_applied():
    profile = evaluate(GENTOFTE).profile
    for result in profile.criteria:
        raw = result.start + sum(r.points for r in result.applied)
        assert result.score == min(100, max(0, raw))
        lines = c.explanation_lines(result, c.ui_text("committee"))
        assert lines[0].startswith("Starts at")


def test_the_purpose_weights_the_overall_figure():
    design = replace(GENTOFTE, purpose="democracy")
    weighted = evaluate(design).profile
    criteria = {cr.id: cr for cr in DATA.criteria}
    expected = round(sum(r.score * criteria[r.id].weights["democracy"] for r in weighted.criteria)
                     / sum(cr.weights["democracy"] for cr in DATA.criteria))
    assert weighted.overall == expected
    equal = evaluate(replace(GENTOFTE, purpose="")).profile
    assert equal.overall == round(sum(r.score for r in equal.criteria) / len(equal.criteria))
    assert "weighted equally" in evaluate(replace(GENTOFTE, purpose="")).profile_feedback.headline


def test_the_closed_expert_panel_scores_below_gentofte_on_democracy_and_cross_party():
    panel = evaluate(DATA.preset("closed-expert-panel").design).profile
    gentofte = evaluate(GENTOFTE).profile
    for criterion in ("democracy", "cross-party", "thematic-room"):
        assert panel.score(criterion) < gentofte.score(criterion)
    assert panel.overall < gentofte.overall


# ------------------------------------------------------------------------------ bad input

def test_negative_and_absurd_numbers_are_named_and_bounded():
    design = replace(GENTOFTE, council_members=-3, meetings=10_000, duration_months=0,
                     groups=plans(citizens=(5_000, "open-call")))
    feedback = evaluate(design)
    text = " ".join(feedback.problems)
    assert "Councillors: -3 is outside the allowed range, 0 to 55" in text
    assert "Citizens: 5000 is outside the allowed range, 0 to 100" in text
    assert "Number of meetings: 10000" in text and "Duration in months: 0" in text
    assert feedback.design.group("citizens").count == 100 and feedback.design.meetings == 50
    assert all(0 <= r.score <= 100 for r in feedback.profile.criteria)


def test_values_that_are_not_numbers_or_not_choices_are_named():
    feedback = evaluate(replace(GENTOFTE, council_members="five", hours_per_meeting=2.5,
                                route="the mayor decides", phases=("co-dreaming", "co-design")))
    text = " ".join(feedback.problems)
    assert "'five' is not a whole number" in text and "'2.5' is not a whole number" in text
    assert "'the mayor decides' is not one of the choices" in text
    assert "'co-dreaming' is not one of the choices" in text
    assert feedback.design.phases == ("co-design",)
    assert "route-not-chosen" in feedback.fired_legal


def test_more_parties_than_councillors_and_councillors_without_parties():
    assert any("0 to 5" in p for p in evaluate(replace(GENTOFTE, parties=9)).problems)
    assert any("how many parties" in p for p in evaluate(replace(GENTOFTE, parties=0)).problems)


def test_zero_members_gets_a_clear_message():
    feedback = evaluate(replace(GENTOFTE, council_members=0, parties=0, groups=()))
    assert any("no members yet" in p for p in feedback.problems)


def test_a_10000_character_mandate_gets_the_message_and_is_kept():
    long_text = "Hvordan? " * 1111 + "x"
    feedback = evaluate(replace(GENTOFTE, mandate_question=long_text))
    assert any(f"{len(long_text.strip())} characters long; the limit is {c.TEXT_LIMIT}" in p
               for p in feedback.problems)
    assert feedback.design.mandate_question == long_text
    assert "mandate-missing" not in feedback.fired_legal


def test_hostile_text_is_noted_and_kept_as_typed():
    feedback = evaluate(replace(GENTOFTE, mandate_question=HOSTILE, committee_name=HOSTILE))
    assert feedback.design.mandate_question == HOSTILE
    assert any("plain text" in note for note in feedback.notes)
    summary = c.summary_markdown(feedback, DATA)
    assert "<script>" not in summary and "&lt;script&gt;" in summary


def test_an_own_challenge_must_be_described():
    problems = evaluate(replace(GENTOFTE, challenge=c.OWN_CHALLENGE)).problems
    assert any("own challenge" in p for p in problems)
    assert not evaluate(replace(GENTOFTE, challenge=c.OWN_CHALLENGE,
                                own_challenge="Loneliness among the young")).problems


def test_loading_a_preset_keeps_the_learners_challenge_and_texts():
    mine = c.Design(challenge="climate-plan", mandate_question="My question",
                    committee_name="My committee", checklist=("open",))
    loaded = c.preset_design(DATA.preset("closed-expert-panel"), keep=mine)
    assert loaded.challenge == "climate-plan" and loaded.mandate_question == "My question"
    assert loaded.committee_name == "My committee" and loaded.checklist == ("open",)
    assert loaded.group("experts").count == 6


def test_the_summary_holds_the_design_the_feedback_and_the_checklist():
    feedback = evaluate(replace(GENTOFTE, challenge="school-vision", checklist=("problem",)))
    summary = c.summary_markdown(feedback, DATA)
    for needed in ("A new vision for the schools of Lindvig", "Citizens (borgere): 10",
                   "The legal frame", "Warnings and advice", "| Feasibility (gennemførlighed) |",
                   "- [x] It names the problem", "- [ ] It leaves room"):
        assert needed in summary, needed


# ------------------------------------------------------------------------------ data files

def test_a_criteria_rule_with_an_unknown_measure_is_refused(fixture_data):
    shutil.copy(FIXTURES / "committee" / "criteria-unknown-measure.yaml",
                fixture_data / "committee" / "criteria.yaml")
    with pytest.raises(DataError) as error:
        c.load_committee_data()
    message = str(error.value)
    assert "criteria.yaml" in message and "'knowledge'" in message and "'when" in message
    assert "measure 'citizen' is not known" in message and "citizens" in message


def test_a_warning_with_an_unknown_concept_is_refused(fixture_data):
    shutil.copy(FIXTURES / "committee" / "warnings-unknown-concept.yaml",
                fixture_data / "committee" / "warnings.yaml")
    with pytest.raises(DataError) as error:
        c.load_committee_data()
    message = str(error.value)
    assert "warnings.yaml" in message and "'only-politicians'" in message
    assert "'concept'" in message and "obstacles:politicians-only" in message


def test_a_preset_with_a_misspelt_field_is_refused(fixture_data):
    shutil.copy(FIXTURES / "committee" / "preset-misspelt-field.yaml",
                fixture_data / "committee" / "presets" / "typo.yaml")
    with pytest.raises(DataError) as error:
        c.load_committee_data()
    message = str(error.value)
    assert "typo.yaml" in message and "'rute'" in message and "known fields" in message


def test_a_legal_check_with_an_unknown_verdict_is_refused(fixture_data):
    shutil.copy(FIXTURES / "committee" / "legal-bad-verdict.yaml",
                fixture_data / "committee" / "legal.yaml")
    with pytest.raises(DataError) as error:
        c.load_committee_data()
    message = str(error.value)
    assert "legal.yaml" in message and "'committee-decides'" in message
    assert "'verdict'" in message and "forbidden" in message


def test_a_preset_outside_the_limits_is_refused(fixture_data):
    path = fixture_data / "committee" / "presets" / "gentofte-task-committee.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("meetings: 6", "meetings: 0"),
                    encoding="utf-8")
    with pytest.raises(DataError, match="'meetings': is 0; it must be at least 1"):
        c.load_committee_data()


def test_a_new_preset_file_appears_without_code(fixture_data):
    shutil.copy(FIXTURES / "committee" / "new-preset-citizens-assembly.yaml",
                fixture_data / "committee" / "presets" / "citizens-panel.yaml")
    data = c.load_committee_data()
    preset = data.preset("citizens-panel")
    assert preset.name.startswith("Citizens' panel") and [p.id for p in data.presets][3] == "citizens-panel"
    feedback = c.evaluate(preset.design, data)
    assert "representativeness-only" in feedback.fired_warnings


def test_a_new_challenge_warning_and_rule_are_data_only(fixture_data):
    folder = fixture_data / "committee"
    challenges = (folder / "challenges.yaml").read_text(encoding="utf-8")
    (folder / "challenges.yaml").write_text(challenges.replace("challenges:\n", (
        "challenges:\n  - id: youth-loneliness\n    title: Young and lonely in Fjordby\n"
        "    text: An invented example about loneliness.\n"
        "    example_question: How can young people in Fjordby find each other?\n"
        "    source: Invented\n"), 1), encoding="utf-8")
    with (folder / "warnings.yaml").open("a", encoding="utf-8") as handle:
        handle.write("\n  - id: no-experts\n    verdict: info\n"
                     "    concept: advice:knowledge-over-representativeness\n"
                     "    when:\n      - {measure: experts, equals: 0}\n"
                     "    message: No experts.\n    reason: Knowledge matters.\n"
                     "    source: Lecture, slide 14\n")
    criteria = (folder / "criteria.yaml").read_text(encoding="utf-8")
    (folder / "criteria.yaml").write_text(criteria.replace("    start: 10\n", "    start: 30\n", 1),
                                          encoding="utf-8")
    data = c.load_committee_data()
    assert data.challenge("youth-loneliness").title == "Young and lonely in Fjordby"
    feedback = c.evaluate(replace(GENTOFTE, challenge="youth-loneliness"), data)
    assert "no-experts" in feedback.fired_warnings
    assert feedback.profile.score("knowledge") == evaluate(GENTOFTE).profile.score("knowledge") + 20


# ------------------------------------------------------------------------------ properties

GROUP_IDS = [o.id for o in DATA.options.groups]
anything_text = st.one_of(st.text(max_size=200), st.just(""), st.just(HOSTILE),
                          st.just("x" * 10_000), st.none(), st.integers())
anything_number = st.one_of(st.integers(-10**9, 10**9), st.floats(allow_nan=True),
                            st.text(max_size=6), st.none(), st.booleans())


def choice_of(values):
    return st.one_of(st.sampled_from(list(values) + [""]), st.text(max_size=12))


def some_of(values):
    return st.lists(choice_of(values), max_size=6).map(tuple)


designs = st.builds(
    c.Design,
    challenge=choice_of([ch.id for ch in DATA.challenges] + [c.OWN_CHALLENGE]),
    own_challenge=anything_text, committee_name=anything_text, mandate_question=anything_text,
    deliverable=choice_of(o.id for o in DATA.options.deliverables),
    purpose=choice_of(DATA.concepts.ids("purposes")),
    set_up_by=choice_of(o.id for o in DATA.options.set_up_by),
    council_members=anything_number, parties=anything_number,
    groups=st.lists(st.builds(c.GroupPlan, group=choice_of(GROUP_IDS), count=anything_number,
                              recruitment=choice_of(o.id for o in DATA.options.recruitment)),
                    max_size=9).map(tuple),
    chair=choice_of(o.id for o in DATA.options.chairs),
    meetings=anything_number, hours_per_meeting=anything_number,
    meeting_formats=some_of(o.id for o in DATA.options.meeting_formats),
    duration_months=anything_number, open_ended=st.one_of(st.booleans(), st.none()),
    phases=some_of(DATA.concepts.ids("phases")), route=choice_of(o.id for o in DATA.options.routes),
    checklist=some_of(item.id for item in DATA.checklist),
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(designs)
def test_any_design_gets_feedback_and_never_raises(design):
    feedback = evaluate(design)
    assert all(0 <= r.score <= 100 for r in feedback.profile.criteria)
    assert 0 <= feedback.profile.overall <= 100
    assert feedback.legal.headline and feedback.warnings.headline
    summary = c.summary_markdown(feedback, DATA)
    assert "<script" not in summary
