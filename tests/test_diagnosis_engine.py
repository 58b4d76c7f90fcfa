"""The rules of "Diagnose a case": scoring with partial credit, explained feedback, points and
messages taken from data, the summary file, and no input that makes the engine fail."""

from __future__ import annotations

import re

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from councillor_exercises.cases import load_case, load_cases
from councillor_exercises.datafiles import DataError
from councillor_exercises.diagnosis import (BOTH, NO_PURPOSE, STEPS, ActorsAnswer, Diagnosis,
                                            LeadershipAnswer, ObstaclesAnswer, PhaseAnswer,
                                            TypeAnswer, actor_table, default_context, evaluate,
                                            evaluate_step, load_scoring, revealed_tasks,
                                            score_table, summary_markdown)
from councillor_exercises.feedback import StepFeedback

HOSTILE = '<script>window.__pwned=1</script><img src=x onerror="window.__pwned=1">'


@pytest.fixture(scope="module")
def ctx():
    return default_context()


@pytest.fixture(scope="module")
def fjordby():
    return load_case("fjordby-climate")


def expert_answer(case) -> Diagnosis:
    """The answer the expert reading would give: it must score 100% on every step."""
    types = case.innovation_type.types
    choice = types[0] if len(types) == 1 else BOTH
    actors = tuple((r.actor, r.purposes[0]) for r in case.actors if r.importance == "key")
    marks = tuple((r.obstacle, r.lines[0]) for r in case.obstacles if r.present)
    texts = tuple((r.task, "My own answer.") for r in case.leadership)
    ticks = tuple((r.task, i) for r in case.leadership for i in range(len(r.checklist)))
    return Diagnosis(TypeAnswer(choice, "Because."), ActorsAnswer(actors),
                     PhaseAnswer(case.most_phase.phase), ObstaclesAnswer(marks),
                     LeadershipAnswer(texts, ticks))


@pytest.mark.parametrize("case", load_cases(), ids=lambda c: c.id)
def test_the_expert_reading_scores_full_marks_on_every_step(case, ctx):
    report = evaluate(case, expert_answer(case), ctx)
    assert [s.percent for s in report.steps] == [100] * len(STEPS)
    assert report.overall_percent == 100
    for step in report.steps:
        assert not step.problems
        assert all(item.verdict in {"good", "info"} for item in step.items), step.step


def test_an_empty_answer_gets_messages_not_errors(fjordby, ctx):
    report = evaluate(fjordby, Diagnosis(), ctx)
    by_step = {s.step: s for s in report.steps}
    assert by_step["innovation_type"].problems and by_step["innovation_type"].score == 0
    assert any("empty" in p for p in by_step["innovation_type"].problems)
    assert by_step["actors"].problems and by_step["phase"].problems
    # leaving out every obstacle is a valid reading: the absent one is rightly left out
    assert by_step["obstacles"].percent == 25
    assert by_step["leadership"].score is None and len(by_step["leadership"].problems) == 3


def step(case, ctx, name, **answers):
    return evaluate_step(case, Diagnosis(**answers), name, ctx)


@pytest.mark.parametrize("choice,percent,verdict", [
    ("policy", 100, "good"), (BOTH, 50, "partly"), ("service", 0, "wrong")])
def test_innovation_type_gives_partial_credit(fjordby, ctx, choice, percent, verdict):
    feedback = step(fjordby, ctx, "innovation_type", innovation_type=TypeAnswer(choice, "why"))
    assert feedback.percent == percent
    assert feedback.items[0].verdict == verdict
    assert "CO2-neutral municipality is the lecture's own" in feedback.items[0].reason
    assert "Chapter 4, From service to policy innovation" in feedback.items[0].reference


def test_a_both_case_gives_half_credit_for_one_kind():
    fredericia = load_case("fredericia-everyday-rehabilitation")
    ctx = default_context()
    feedback = step(fredericia, ctx, "innovation_type", innovation_type=TypeAnswer("service", "x"))
    assert feedback.percent == 50
    assert "both" in feedback.items[0].message


def test_actors_partial_credit_missing_actors_and_little_reason(fjordby, ctx):
    answer = ActorsAnswer((("politicians", "innovation"),    # key, same purpose: 1
                           ("businesses", "democracy"),      # key, other purpose: 0.5
                           ("citizens", NO_PURPOSE),         # key, no purpose: 0.5
                           ("users", "efficiency")))         # little reason: -0.25
    feedback = step(fjordby, ctx, "actors", actors=answer)    # associations missing: 0
    assert feedback.score == pytest.approx((1 + 0.5 + 0.5 - 0.25) / 4)
    messages = " ".join(item.message for item in feedback.items)
    assert "You involve politicians (councillors) for innovation" in messages
    assert "the expert reading involves them mainly for efficiency (effektivitet) or innovation" \
        in messages
    assert "You leave out associations and voluntary organisations" in messages
    assert "little reason to involve users of the service" in messages
    by_verdict = {}
    for item in feedback.items:
        by_verdict.setdefault(item.verdict, []).append(item)
    assert {"good", "partly", "missing", "warning", "info"} <= set(by_verdict)
    assert all(item.reason for item in feedback.items)   # the case detail that decides it
    missing = by_verdict["missing"][0]
    assert "energy cooperative" in missing.reason
    assert "Chapter 3, Who, why and where" in missing.reference


def test_too_many_little_reason_actors_do_not_go_below_zero(fjordby, ctx):
    answer = ActorsAnswer((("users", "efficiency"), ("professionals", "democracy")))
    assert step(fjordby, ctx, "actors", actors=answer).score == 0


@pytest.mark.parametrize("phase,percent", [
    ("co-initiation", 100), ("co-design", 50), ("co-implementation", 50)])
def test_phase_scores_most_also_less(fjordby, ctx, phase, percent):
    feedback = step(fjordby, ctx, "phase", phase=PhaseAnswer(phase))
    assert feedback.percent == percent
    assert len(feedback.items) == 3        # the chosen phase, then the other two explained
    if percent < 100:
        assert any("Where the expert reading puts the weight" in i.message for i in feedback.items)


def test_a_phase_the_case_gives_least_reason_for_scores_zero(ctx):
    fredericia = load_case("fredericia-everyday-rehabilitation")
    feedback = step(fredericia, ctx, "phase", phase=PhaseAnswer("co-initiation"))
    assert feedback.percent == 0 and feedback.items[0].verdict == "wrong"


def test_obstacles_right_line_other_line_missed_and_not_shown(fjordby, ctx):
    marks = ObstaclesAnswer((
        ("meetings-not-made-for-new-thinking", "agenda"),         # right line: 1
        ("disagreement-blocks-joint-leadership", "not-asked"),    # other line: 0.5
        ("administration-crowds-out-politics", "")))              # not shown: 0
    feedback = step(fjordby, ctx, "obstacles", obstacles=marks)  # talk-among: missed: 0
    assert feedback.score == pytest.approx(1.5 / 4)
    items = {item.verdict: item for item in feedback.items}
    assert "line 3" in items["good"].message
    partly = items["partly"]
    assert "not in line 6" in partly.message
    assert "That line shows another obstacle: “Politicians talk mostly with each other”" \
        in partly.message
    assert "line 5" in items["missing"].message and "line 6" in items["missing"].message
    assert "does not show" in items["wrong"].message
    assert "form of the meetings" in items["wrong"].reason
    assert all("Chapter 6" in item.reference for item in feedback.items)


def test_an_obstacle_chosen_without_a_line_gets_half(fjordby, ctx):
    marks = ObstaclesAnswer((("meetings-not-made-for-new-thinking", ""),
                             ("politicians-talk-among-themselves", "no-such-line")))
    feedback = step(fjordby, ctx, "obstacles", obstacles=marks)
    # half for each of the two, nothing for the missed one, one for the rightly left out
    assert feedback.score == pytest.approx((0.5 + 0.5 + 0 + 1) / 4)
    assert sum("choose the line" in item.message for item in feedback.items) == 2


def test_a_case_without_obstacles_rewards_leaving_them_out(ctx):
    fredericia = load_case("fredericia-everyday-rehabilitation")
    assert step(fredericia, ctx, "obstacles").percent == 100
    chosen = ObstaclesAnswer((("meetings-not-made-for-new-thinking", "council-adopted"),))
    feedback = step(fredericia, ctx, "obstacles", obstacles=chosen)
    assert feedback.percent == 75 and "does not show" in feedback.items[1].message


def test_leadership_is_self_assessed_and_ticks_count_only_for_written_answers(fjordby, ctx):
    answer = LeadershipAnswer(
        texts=(("problem-diagnosis", "Our emissions come mostly from others."),
               ("solution-strategy", "   "), ("mobilise-support", "x" * 10_000)),
        ticks=(("problem-diagnosis", 0), ("problem-diagnosis", 1), ("problem-diagnosis", 99),
               ("solution-strategy", 0), ("mobilise-support", 0), ("nonsense", 0)))
    diagnosis = Diagnosis(leadership=answer)
    feedback = evaluate_step(fjordby, diagnosis, "leadership", ctx)
    total = sum(len(r.checklist) for r in fjordby.leadership)
    assert feedback.score == pytest.approx(2 / total)
    assert revealed_tasks(fjordby, diagnosis) == ("problem-diagnosis",)
    problems = " ".join(feedback.problems)
    assert "Point to a solution strategy: This answer is empty" in problems
    assert "10000 characters long; the limit is 2000" in problems
    assert "ticked 2 of 4" in feedback.items[0].message


def test_leadership_without_any_written_answer_is_not_scored(fjordby, ctx):
    ticks = LeadershipAnswer(ticks=(("problem-diagnosis", 0),))
    feedback = evaluate_step(fjordby, Diagnosis(leadership=ticks), "leadership", ctx)
    assert feedback.score is None and "Write your answers first" in feedback.headline


def test_markup_in_free_text_is_noted(fjordby, ctx):
    feedback = step(fjordby, ctx, "innovation_type", innovation_type=TypeAnswer("policy", HOSTILE))
    assert any("shown as plain text" in item.message for item in feedback.items)


def test_the_overall_score_is_the_weighted_average(fjordby, ctx):
    report = evaluate(fjordby, Diagnosis(innovation_type=TypeAnswer("policy", "x")), ctx)
    # type 100%, actors 0, phase 0, obstacles 25% (one rightly left out), leadership not done
    assert report.overall == pytest.approx((1 + 0 + 0 + 0.25 + 0) / 5)


def test_points_and_weights_come_from_the_data_file(fixture_data, fjordby):
    path = fixture_data / "cases" / "_scoring.yaml"
    scoring = yaml.safe_load(path.read_text(encoding="utf-8"))
    for rule in scoring["rules"]:
        if rule["id"] == "type-overlap":
            rule["points"] = 0.25
    scoring["steps"][0]["weight"] = 0      # the innovation type no longer counts overall
    path.write_text(yaml.safe_dump(scoring, allow_unicode=True), encoding="utf-8")
    ctx = default_context()
    diagnosis = Diagnosis(innovation_type=TypeAnswer(BOTH, "x"))
    assert evaluate_step(fjordby, diagnosis, "innovation_type", ctx).percent == 25
    assert evaluate(fjordby, diagnosis, ctx).overall == pytest.approx(0.25 / 4)


def test_messages_come_from_the_interface_strings(fixture_data, fjordby):
    path = fixture_data / "ui" / "en" / "diagnosis.yaml"
    text = path.read_text(encoding="utf-8").replace(
        'msg_type-same: "You read it as {chosen}, and so does the expert reading."',
        'msg_type-same: "Same as the expert: {chosen}."')
    path.write_text(text, encoding="utf-8")
    feedback = step(fjordby, default_context(), "innovation_type",
                    innovation_type=TypeAnswer("policy", "x"))
    assert feedback.items[0].message == "Same as the expert: policy innovation (politikinnovation)."


@pytest.mark.parametrize("change,expected", [
    (lambda s: s["rules"].pop(0), "the rule 'type-same' (step 'innovation_type') is missing"),
    (lambda s: s["rules"][0].update(points=3), "it must be at most 1"),
    (lambda s: s["rules"][0].update(id="type-almost"), "'type-almost' is not a rule"),
    (lambda s: s["steps"].pop(), "missing: leadership"),
    (lambda s: s["rules"][0].update(sourse="x"), "'sourse': is not a known field"),
])
def test_a_broken_scoring_file_is_refused_by_name(fixture_data, change, expected):
    path = fixture_data / "cases" / "_scoring.yaml"
    scoring = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(scoring)
    path.write_text(yaml.safe_dump(scoring, allow_unicode=True), encoding="utf-8")
    with pytest.raises(DataError) as error:
        load_scoring()
    assert "cases/_scoring.yaml" in str(error.value) and expected in str(error.value)


def test_the_summary_holds_every_answer_feedback_model_answers_and_ticks(fjordby, ctx):
    diagnosis = Diagnosis(
        TypeAnswer("policy", HOSTILE + "\nSecond line"),
        ActorsAnswer((("citizens", "democracy"),)), PhaseAnswer("co-design"),
        ObstaclesAnswer((("meetings-not-made-for-new-thinking", "agenda"),)),
        LeadershipAnswer((("problem-diagnosis", "We must *act* [now](http://x)"),),
                         (("problem-diagnosis", 1),)))
    report = evaluate(fjordby, diagnosis, ctx)
    text = summary_markdown(fjordby, diagnosis, report, ctx)
    assert text.startswith("# Diagnose a case: Fjordby: a CO2-neutral municipality?")
    assert "<script" not in text and "<img" not in text
    assert "&lt;script&gt;window.\\_\\_pwned=1&lt;/script&gt;" in text
    assert "> Second line" in text                          # multi-line answers stay quoted
    assert "We must \\*act\\* \\[now\\](http://x)" in text  # no formatting, no link
    assert "| Citizens | Democracy | Key actor: democracy (demokrati) |" in text
    assert "Shows it: line 3" in text
    assert fjordby.task_reading("problem-diagnosis").model_answer[:40] in text
    assert "- [x] Frames the goal as a shared task" in text
    assert "- [ ] Says where the emissions come from" in text
    # a task not written has no model answer in the file yet
    assert fjordby.task_reading("mobilise-support").model_answer[:40] not in text
    assert f"Overall: {report.overall_percent}%" in text


def test_the_summary_of_work_so_far_keeps_the_expert_reading_of_unchecked_steps_back(
        fjordby, ctx):
    diagnosis = Diagnosis(TypeAnswer("policy", "x"))
    report = evaluate(fjordby, diagnosis, ctx)
    text = summary_markdown(fjordby, diagnosis, report, ctx, checked={"innovation_type"})
    assert fjordby.innovation_type.why[:40] in text
    assert fjordby.actor_reading("businesses").why[:40] not in text
    assert fjordby.obstacle_reading("meetings-not-made-for-new-thinking").why[:40] not in text
    assert "not checked yet" in text


def test_chart_tables(fjordby, ctx):
    diagnosis = Diagnosis(actors=ActorsAnswer((("citizens", "democracy"), ("users", "any"))))
    report = evaluate(fjordby, diagnosis, ctx)
    scores = score_table(report, ctx, checked={"actors"})
    assert list(scores["expert"]) == [100] * 5
    assert list(scores["label"])[0] == "not checked yet"
    actors = actor_table(fjordby, diagnosis, ctx)
    yours = actors[actors["who"] == "Your reading"]
    assert set(yours["purpose"]) == {"Democracy", "No purpose given"}
    expert = actors[actors["who"] == "Expert reading"]
    assert len(expert) == sum(len(r.purposes) for r in fjordby.actors if r.importance == "key")


# ---------------------------------------------------------------------- property-based

CASES = load_cases()
CONTEXT = default_context()
any_text = st.one_of(st.text(max_size=60), st.just(""), st.just(HOSTILE),
                     st.just("x" * 10_000), st.just("   \n  "))
concept_ids = CONTEXT.concepts
actor_id = st.one_of(st.sampled_from(concept_ids.ids("actors")), st.text(max_size=8))
purpose_id = st.one_of(st.sampled_from([*concept_ids.ids("purposes"), NO_PURPOSE, ""]),
                       st.text(max_size=8))
obstacle_id = st.one_of(st.sampled_from(concept_ids.ids("obstacles")), st.text(max_size=8))
line_id = st.one_of(st.sampled_from(sorted({l.id for c in CASES for l in c.evidence}) + [""]),
                    st.text(max_size=8))
task_id = st.one_of(st.sampled_from(concept_ids.ids("leadership_tasks")), st.text(max_size=8))

diagnoses = st.builds(
    Diagnosis,
    st.builds(TypeAnswer, st.one_of(st.sampled_from(["service", "policy", BOTH, ""]),
                                    st.text(max_size=8)), any_text),
    st.builds(ActorsAnswer, st.lists(st.tuples(actor_id, purpose_id), max_size=10).map(tuple)),
    st.builds(PhaseAnswer, st.one_of(st.sampled_from(concept_ids.ids("phases")),
                                     st.text(max_size=8))),
    st.builds(ObstaclesAnswer, st.lists(st.tuples(obstacle_id, line_id), max_size=6).map(tuple)),
    st.builds(LeadershipAnswer,
              st.lists(st.tuples(task_id, any_text), max_size=4).map(tuple),
              st.lists(st.tuples(task_id, st.integers(-3, 8)), max_size=12).map(tuple)),
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(case=st.sampled_from(CASES), diagnosis=diagnoses)
def test_any_answer_gets_feedback_and_never_raises(case, diagnosis):
    report = evaluate(case, diagnosis, CONTEXT)
    assert [s.step for s in report.steps] == list(STEPS)
    for feedback in report.steps:
        assert isinstance(feedback, StepFeedback) and feedback.headline
        assert feedback.score is None or 0 <= feedback.score <= 1
        assert feedback.items or feedback.problems
    assert 0 <= report.overall <= 1
    text = summary_markdown(case, diagnosis, report, CONTEXT)
    assert not re.search(r"<(script|img)", text)
    assert case.title in text
