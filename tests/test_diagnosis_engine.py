"""The rules of "Diagnose a case": scoring with partial credit, explained feedback, points and
messages taken from data, the summary file, and no input that makes the engine fail."""

from __future__ import annotations

import re
import sys

import pytest
if sys.platform != "emscripten":   # in Pyodide (tests/pyodide/run.mjs) there is no
    import yaml                    # PyYAML; the tests that edit data files skip there
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from councillor_exercises.cases import load_case, load_cases
from councillor_exercises.datafiles import DataError
from councillor_exercises.diagnosis import (BOTH, NO_PURPOSE, STEPS, ActorsAnswer, Diagnosis,
                                            LeadershipAnswer, ObstaclesAnswer, PhaseAnswer,
                                            TypeAnswer, actor_table, chart_source,
                                            default_context, evaluate, evaluate_step,
                                            load_scoring, revealed_tasks, score_table,
                                            self_assessment_lines, summary_markdown)
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
                     PhaseAnswer(case.most_phase.phase), ObstaclesAnswer(marks, not marks),
                     LeadershipAnswer(texts, ticks))


def unescaped_tag(text: str) -> bool:
    """A '<script' or '<img' that Markdown would pass on as HTML (not escaped as '\\<')."""
    return bool(re.search(r"(?<!\\)<(script|img)", text))


@pytest.mark.parametrize("case", load_cases(), ids=lambda c: c.id)
def test_the_expert_reading_scores_full_marks_on_every_step(case, ctx):
    report = evaluate(case, expert_answer(case), ctx)
    # the four scored steps at 100%; the leadership tasks are self-assessed, with no score
    assert [s.percent for s in report.steps] == [100] * (len(STEPS) - 1) + [None]
    assert report.self_assessed == ("leadership",)
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
    # a blank obstacles step is not an answer: it earns nothing and says how to answer
    assert by_step["obstacles"].percent == 0 and by_step["obstacles"].problems
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
    feedback = step(fredericia, ctx, "innovation_type", innovation_type=TypeAnswer("policy", "x"))
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
    assert "the expert reading does not see it here, because" in items["wrong"].message.lower()
    assert "form of the meetings" in items["wrong"].reason
    assert all("Chapter 6" in item.reference for item in feedback.items)


def test_an_obstacle_chosen_without_a_line_gets_half(fjordby, ctx):
    marks = ObstaclesAnswer((("meetings-not-made-for-new-thinking", ""),
                             ("politicians-talk-among-themselves", "no-such-line")))
    feedback = step(fjordby, ctx, "obstacles", obstacles=marks)
    # half for each of the two, nothing for the missed one, one for the rightly left out
    assert feedback.score == pytest.approx((0.5 + 0.5 + 0 + 1) / 4)
    assert sum("choose the line" in item.message for item in feedback.items) == 2


def test_a_case_without_obstacles_rewards_saying_none_shows(ctx):
    fredericia = load_case("fredericia-everyday-rehabilitation")
    assert step(fredericia, ctx, "obstacles").percent == 0           # blank: not an answer
    none = ObstaclesAnswer((), none_seen=True)
    assert step(fredericia, ctx, "obstacles", obstacles=none).percent == 100
    chosen = ObstaclesAnswer((("meetings-not-made-for-new-thinking", "council-adopted"),))
    feedback = step(fredericia, ctx, "obstacles", obstacles=chosen)
    assert feedback.percent == 75
    assert "does not see it here, because" in feedback.items[1].message


def test_leadership_is_self_assessed_and_ticks_count_only_for_written_answers(fjordby, ctx):
    answer = LeadershipAnswer(
        texts=(("problem-diagnosis", "Our emissions come mostly from others."),
               ("solution-strategy", "   "), ("mobilise-support", "x" * 10_000)),
        ticks=(("problem-diagnosis", 0), ("problem-diagnosis", 1), ("problem-diagnosis", 99),
               ("solution-strategy", 0), ("mobilise-support", 0), ("nonsense", 0)))
    diagnosis = Diagnosis(leadership=answer)
    feedback = evaluate_step(fjordby, diagnosis, "leadership", ctx)
    total = sum(len(r.checklist) for r in fjordby.leadership)
    assert feedback.score is None            # self-assessed: reported, never scored
    assert f"You ticked 2 of {total} checklist points" in feedback.headline
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


def test_the_overall_score_is_the_weighted_average_of_the_scored_steps(fjordby, ctx):
    report = evaluate(fjordby, Diagnosis(innovation_type=TypeAnswer("policy", "x")), ctx)
    # type 100%, actors 0, phase 0, obstacles blank 0; the leadership step is not in it
    assert report.overall == pytest.approx((1 + 0 + 0 + 0) / 4)


def test_points_and_weights_come_from_the_data_file(fixture_data, fjordby):
    path = fixture_data / "cases" / "_scoring.yaml"
    scoring = yaml.safe_load(path.read_text(encoding="utf-8"))
    for rule in scoring["rules"]:
        if rule["id"] == "type-overlap":
            rule["points"] = 0.25
    scoring["steps"][0]["weight"] = 0      # the innovation type no longer counts overall
    path.write_text(yaml.safe_dump(scoring, allow_unicode=True), encoding="utf-8")
    ctx = default_context()
    diagnosis = Diagnosis(innovation_type=TypeAnswer(BOTH, "x"),
                          obstacles=ObstaclesAnswer((), none_seen=True))
    assert evaluate_step(fjordby, diagnosis, "innovation_type", ctx).percent == 25
    # actors 0, phase 0, obstacles 25% (one rightly left out); type and leadership weigh 0
    assert evaluate(fjordby, diagnosis, ctx).overall == pytest.approx(0.25 / 3)


def test_messages_come_from_the_interface_strings(fixture_data, fjordby):
    path = fixture_data / "ui" / "diagnosis.yaml"
    text = path.read_text(encoding="utf-8").replace(
        'en: "You read it as {chosen}, and so does the expert reading."',
        'en: "Same as the expert: {chosen}."')
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
    assert not unescaped_tag(text)
    assert "\\<script\\>window.\\_\\_pwned=1\\</script\\>" in text
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
    # the self-assessed step is reported apart, not as a score beside the expert's 100%
    assert "your own assessment (not part of the score): You ticked 1 of 11" in text
    assert "| 5. The three leadership tasks |" not in text


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
    assert [row["expert"] for row in scores] == [100] * 4   # the self-assessed step is not charted
    assert scores[0]["label"] == "not checked yet" and scores[0]["answered"] is False
    assert scores[0]["learner"] == 0
    actors = actor_table(fjordby, diagnosis, ctx)
    yours = [row for row in actors if row["who"] == "Your reading"]
    assert {row["purpose"] for row in yours} == {"Democracy", "No purpose given"}
    expert = [row for row in actors if row["who"] == "Expert reading"]
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
    st.builds(ObstaclesAnswer, st.lists(st.tuples(obstacle_id, line_id), max_size=6).map(tuple),
              st.booleans()),
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
    assert not unescaped_tag(text)
    assert case.title in text


# ---------------------------------------------------------------------- fair scoring

def accepted_readings():
    """Every reading a case file accepts besides the expert's: (case, step, answer, rule)."""
    found = []
    for case in CASES:
        for accepted in case.innovation_type.also_accepted:
            choice = accepted.types[0] if len(accepted.types) == 1 else BOTH
            found.append((case.id, "innovation_type",
                          Diagnosis(innovation_type=TypeAnswer(choice, "x")), "type-accepted",
                          "type-same"))
        for reading in case.phases:
            if reading.accepted_as_most:
                found.append((case.id, "phase", Diagnosis(phase=PhaseAnswer(reading.phase)),
                              "phase-accepted", "phase-most"))
        present = tuple((r.obstacle, r.lines[0]) for r in case.obstacles if r.present)
        for reading in case.obstacles:
            for line in reading.accepted_lines:
                marks = ObstaclesAnswer(present + ((reading.obstacle, line),))
                found.append((case.id, "obstacles", Diagnosis(obstacles=marks),
                              "obstacle-accepted", "obstacle-rightly-left-out"))
    return found


def test_the_defensible_readings_the_review_named_are_accepted():
    cases = {(case_id, step) for case_id, step, *_ in accepted_readings()}
    assert {("fredericia-everyday-rehabilitation", "innovation_type"),
            ("lindvig-schools", "phase"), ("fjordby-climate", "obstacles"),
            ("kildeby-welfare-technology", "obstacles")} <= cases
    fjordby = load_case("fjordby-climate")
    assert fjordby.obstacle_reading("administration-crowds-out-politics").accepted_lines == \
        ("agenda",)
    kildeby = load_case("kildeby-welfare-technology")
    assert kildeby.obstacle_reading("meetings-not-made-for-new-thinking").accepted_lines == \
        ("complaints",)


@pytest.mark.parametrize("case_id,step_id,diagnosis,rule,best", accepted_readings(),
                         ids=lambda v: v if isinstance(v, str) else "")
def test_each_accepted_reading_earns_what_the_data_says(case_id, step_id, diagnosis, rule, best,
                                                        ctx):
    case = load_case(case_id)
    feedback = evaluate_step(case, diagnosis, step_id, ctx)
    points = ctx.scoring.points
    if step_id == "obstacles":       # the expert's lines for the rest, the accepted one here
        expected = 1.0 - (points(best) - points(rule)) / len(case.obstacles)
    else:
        expected = points(rule) / points(best)
    assert feedback.score == pytest.approx(expected)
    # and it says why, from the case file, never that the answer is simply wrong
    item = next(i for i in feedback.items if i.verdict != "info" and
                ("accepts" in i.message or "accepted" in i.message.lower()))
    assert item.verdict == ("good" if points(rule) >= points(best) else "partly")


def test_an_accepted_reading_follows_the_points_in_the_scoring_file(fixture_data):
    path = fixture_data / "cases" / "_scoring.yaml"
    scoring = yaml.safe_load(path.read_text(encoding="utf-8"))
    for rule in scoring["rules"]:
        if rule["id"] in ("phase-accepted", "type-accepted"):
            rule["points"] = 0.5
    path.write_text(yaml.safe_dump(scoring, allow_unicode=True), encoding="utf-8")
    ctx = default_context()
    lindvig = load_case("lindvig-schools")
    feedback = evaluate_step(lindvig, Diagnosis(phase=PhaseAnswer("co-initiation")), "phase", ctx)
    assert feedback.percent == 50 and feedback.items[0].verdict == "partly"
    fredericia = load_case("fredericia-everyday-rehabilitation")
    feedback = evaluate_step(fredericia, Diagnosis(innovation_type=TypeAnswer("service", "x")),
                             "innovation_type", ctx)
    assert feedback.percent == 50


def test_fjordby_administration_with_the_agenda_line_is_accepted_and_other_lines_are_not(
        fjordby, ctx):
    accepted = step(fjordby, ctx, "obstacles", obstacles=ObstaclesAnswer(
        (("administration-crowds-out-politics", "agenda"),)))
    item = accepted.items[0]
    assert item.verdict == "good" and "accepts your reading" in item.message
    other = step(fjordby, ctx, "obstacles", obstacles=ObstaclesAnswer(
        (("administration-crowds-out-politics", "not-asked"),)))
    item = other.items[0]
    assert item.verdict == "wrong"
    # the chosen line shows another obstacle: say so, and name the line that would count
    assert "That line shows another obstacle: “Politicians talk mostly with each other”" in \
        item.message
    assert "would accept it with line 3" in item.message
    assert "does not see it here, because" in item.message
    assert "the case does not show" not in item.message.lower()


@pytest.mark.parametrize("case", load_cases(), ids=lambda c: c.id)
def test_a_blank_obstacles_step_earns_nothing_in_every_case(case, ctx):
    blank = evaluate_step(case, Diagnosis(), "obstacles", ctx)
    assert blank.score == 0 and blank.problems and not blank.items
    assert "None of the four obstacles shows" in blank.problems[0]
    # saying that none shows is an answer: it earns the rightly-left-out points
    none = evaluate_step(case, Diagnosis(obstacles=ObstaclesAnswer((), True)), "obstacles", ctx)
    absent = sum(1 for r in case.obstacles if not r.present)
    assert none.score == pytest.approx(absent / len(case.obstacles))


def test_bakkely_blank_obstacles_no_longer_earn_half(ctx):
    bakkely = load_case("bakkely-local-democracy")
    assert evaluate_step(bakkely, Diagnosis(), "obstacles", ctx).percent == 0


def test_fredericias_aeldrerad_and_lindvigs_experts_cost_nothing(ctx):
    fredericia = load_case("fredericia-everyday-rehabilitation")
    keys = tuple((r.actor, r.purposes[0]) for r in fredericia.actors if r.importance == "key")
    with_associations = ActorsAnswer(keys + (("associations", "democracy"),))
    feedback = step(fredericia, ctx, "actors", actors=with_associations)
    assert feedback.percent == 100
    item = next(i for i in feedback.items if "associations" in i.message)
    assert item.verdict == "good" and "ældreråd" in item.reason
    lindvig = load_case("lindvig-schools")
    keys = tuple((r.actor, r.purposes[0]) for r in lindvig.actors if r.importance == "key")
    feedback = step(lindvig, ctx, "actors", actors=ActorsAnswer(keys + (("experts",
                                                                           "innovation"),)))
    assert feedback.percent == 100 and "PPR" in " ".join(i.reason for i in feedback.items)


def test_an_actor_with_little_reason_says_the_expert_reading_sees_little_reason(fjordby, ctx):
    feedback = step(fjordby, ctx, "actors", actors=ActorsAnswer((("users", "democracy"),)))
    item = next(i for i in feedback.items if i.verdict == "warning")
    assert item.message.startswith("The expert reading sees little reason to involve")
    assert item.message.endswith("because:") and item.reason


def test_the_leadership_step_shows_no_verdict_of_ours_before_or_after_ticking(fjordby, ctx):
    written = LeadershipAnswer(texts=(("problem-diagnosis", "My diagnosis."),))
    before = evaluate_step(fjordby, Diagnosis(leadership=written), "leadership", ctx)
    assert before.score is None and before.percent is None        # no "0%"
    assert all(i.verdict == "info" and i.shown_label("en") == "Your own assessment"
               for i in before.items)
    assert not any(i.verdict == "missing" for i in before.items)   # no "Missing"
    ticked = LeadershipAnswer(written.texts, (("problem-diagnosis", 0),))
    after = evaluate_step(fjordby, Diagnosis(leadership=ticked), "leadership", ctx)
    assert after.score is None and "ticked 1 of 4" in after.items[0].message


def test_self_assessed_ticks_never_change_the_overall_score(fjordby, ctx):
    answer = expert_answer(fjordby)
    untouched = evaluate(fjordby, answer, ctx)
    no_ticks = Diagnosis(answer.innovation_type, answer.actors, answer.phase, answer.obstacles,
                         LeadershipAnswer(answer.leadership.texts, ()))
    assert evaluate(fjordby, no_ticks, ctx).overall == untouched.overall == 1
    lines = self_assessment_lines(untouched, ctx)
    assert len(lines) == 1 and "not part of the score" in lines[0]


def test_a_self_assessed_step_with_a_weight_is_refused(fixture_data):
    path = fixture_data / "cases" / "_scoring.yaml"
    scoring = yaml.safe_load(path.read_text(encoding="utf-8"))
    scoring["steps"][-1]["weight"] = 1
    path.write_text(yaml.safe_dump(scoring, allow_unicode=True), encoding="utf-8")
    with pytest.raises(DataError, match="its weight must be 0"):
        load_scoring()


def test_the_chart_source_names_the_case_not_a_file(fjordby, ctx):
    source = chart_source(fjordby, ctx)
    assert fjordby.title in source and ".yaml" not in source and "data/" not in source


def test_no_feedback_message_says_the_case_does_not_show_it(ctx):
    for case in CASES:
        for reading in case.obstacles:
            if reading.present:
                continue
            marks = ObstaclesAnswer(((reading.obstacle, ""),))
            feedback = evaluate_step(case, Diagnosis(obstacles=marks), "obstacles", ctx)
            text = " ".join(i.message for i in feedback.items).lower()
            assert "the case does not show" not in text
            assert "the expert reading does not see it here, because" in text
