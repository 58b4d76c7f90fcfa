"""The facilitator's session plans (data/facilitator/sessions.yaml) and the exercises' minutes
(data/facilitator/exercises.yaml): every plan adds up, minute by minute; an exercise block lasts
what its exercise takes plus its named extras; the built exercise pages and plan pages of both
editions show the same minutes as the data; and a broken plan is refused by file, entry and
field."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml

from conftest import ROOT
from councillor_exercises.datafiles import LANGUAGES, DataError
from councillor_exercises.sessions import (clock, load_exercise_times, load_plan, load_plans,
                                           minutes_substitutions)

EXERCISES = sorted(load_exercise_times())
PLANS = sorted(load_plans())
# Where each edition keeps its pages in the built site.
SITE_FOLDER = {"en": ("en", "book"), "da": ("da",)}
# How an exercise page states its time ("**Time.** About 15 minutes alone; in a group, plan 30
# minutes"), in each language.
TIME_LINE = {
    "en": re.compile(r"Time\. About (\d+) minutes(?: a case)? alone; in a group, plan (\d+) "
                     r"minutes"),
    "da": re.compile(r"Tid\. Ca\. (\d+) minutter(?: pr\. case)? alene\. I en gruppe skal I "
                     r"regne med (\d+) minutter"),
}
# The overview of the exercises states both figures in its table.
OVERVIEW_CELL = {
    "en": "about {alone} minutes{case} alone, {group} in a group",
    "da": "ca. {alone} minutter{case} alene, {group} i en gruppe",
}
CASE_WORD = {"en": " a case", "da": " pr. case"}


# --- The plans add up ------------------------------------------------------------------------

@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("plan_id", PLANS)
def test_every_session_adds_up_with_no_gap_or_overlap(plan_id, language):
    plan = load_plan(plan_id, language)
    for session in plan.sessions:
        ends = 0
        for block in session.blocks:
            assert block.start == ends, (
                f"{plan_id}: '{block.title}' starts at {clock(block.start)}, "
                f"the block before ends at {clock(ends)}")
            assert block.length > 0
            ends = block.end
        assert ends == session.length, f"{plan_id}: the blocks end at {clock(ends)}"
        assert sum(block.length for block in session.blocks) == session.length


@pytest.mark.parametrize("plan_id", PLANS)
def test_an_exercise_block_lasts_its_exercise_plus_its_named_extras(plan_id):
    times = load_exercise_times()
    exercise_blocks = [block for session in load_plan(plan_id).sessions
                       for block in session.blocks if block.exercise is not None]
    assert exercise_blocks, f"{plan_id} has no exercise block"
    for block in exercise_blocks:
        exercise = times[block.exercise.id]
        expected = (exercise.alone if block.mode == "alone" else exercise.group) \
            + sum(extra.minutes for extra in block.extras) \
            + (block.debrief.minutes if block.debrief else 0)
        assert block.length == expected, f"{plan_id}: '{block.title}'"
        assert block.debrief and block.debrief.questions, (
            f"{plan_id}: '{block.title}' sets no time aside for a debrief")


def test_the_three_plans_have_the_lengths_their_pages_promise():
    plans = load_plans()
    single = plans["session-90-minutes"]
    assert [session.length for session in single.sessions] == [90]
    assert 150 <= plans["session-half-day"].length <= 210          # "about 3 hours"
    assert len(plans["session-half-day"].sessions) == 1
    assert 2 <= len(plans["session-series"].sessions) <= 3
    assert plans["session-series"].between


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("plan_id", PLANS)
def test_every_plan_has_groups_ground_rules_a_fallback_and_a_follow_up(plan_id, language):
    plan = load_plan(plan_id, language)
    assert plan.groups and plan.ground_rules and plan.fallback and plan.preparation
    assert 4 <= plan.follow_up.first_week <= plan.follow_up.last_week <= 6
    assert plan.follow_up.steps
    # The first block of every session says what to say.
    assert all(session.blocks[0].talking_points for session in plan.sessions)


# The course's own cases. A facilitator's local case needs no committee challenge: the half
# day then has that group describe its own challenge in the committee exercise.
COURSE_CASES = {"fredericia-everyday-rehabilitation", "fjordby-climate", "lindvig-schools",
                "kildeby-welfare-technology", "bakkely-local-democracy"}


def test_every_course_case_has_a_committee_challenge_for_the_same_case():
    """The plans let a group design a committee for the case it has diagnosed."""
    cases = COURSE_CASES
    challenges = yaml.safe_load((ROOT / "data" / "committee" / "challenges.yaml")
                                .read_text(encoding="utf-8"))["challenges"]
    related = {challenge.get("related_case") for challenge in challenges}
    assert cases <= related, f"cases with no committee challenge: {sorted(cases - related)}"


def test_every_exercise_page_states_its_time_from_the_data():
    """The pages' sources use the substitutions, so the built text cannot drift from the data
    (the built pages are checked below)."""
    names = minutes_substitutions()
    for exercise in EXERCISES:
        key = exercise.replace("-", "_")
        assert {f"minutes_alone_{key}", f"minutes_group_{key}"} <= set(names)
        for folder in (ROOT / "book" / "exercises", ROOT / "book" / "da" / "exercises"):
            page = (folder / f"{exercise}.md").read_text(encoding="utf-8")
            overview = (folder / "index.md").read_text(encoding="utf-8")
            for name in (f"minutes_alone_{key}", f"minutes_group_{key}"):
                assert "{{ " + name + " }}" in page, f"{folder / exercise}.md lacks {name}"
                assert "{{ " + name + " }}" in overview, f"{folder}/index.md lacks {name}"


def test_an_unknown_plan_is_refused_with_the_known_ones():
    with pytest.raises(KeyError, match="session-90-minutes"):
        load_plan("session-all-week")


# --- The built pages --------------------------------------------------------------------------

class _Text(HTMLParser):
    """The visible text of a page's article, and the tags it uses."""

    def __init__(self):
        super().__init__()
        self.parts: list[str] = []
        self.tags: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        if tag in {"script", "style"}:
            self._skip += 1

    def handle_endtag(self, tag):
        if tag in {"script", "style"} and self._skip:
            self._skip -= 1

    def handle_data(self, data):
        if not self._skip:
            self.parts.append(data)


def _read(path: Path) -> _Text:
    assert path.is_file(), f"not built: {path}"
    html = path.read_text(encoding="utf-8")
    start = html.find("<article")
    end = html.rfind("</article>")
    parser = _Text()
    parser.feed(html[start:end] if start >= 0 and end > start else html)
    return parser


# Sphinx prints typographic quotes; the data are written with straight ones.
QUOTES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u201c": '"', "\u201d": '"',
                        "\u00bb": '"', "\u00ab": '"'})


def _plain(parts: list[str]) -> str:
    return re.sub(r"\s+", " ", "".join(parts)).translate(QUOTES)


def _text(path: Path) -> str:
    return _plain(_read(path).parts)


def _page(site: Path, language: str, *parts: str) -> Path:
    return site.joinpath(*SITE_FOLDER[language], *parts)


@pytest.mark.book
@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("exercise", EXERCISES)
def test_the_built_exercise_pages_show_the_minutes_of_the_data(site, exercise, language):
    times = load_exercise_times()[exercise]
    text = _text(_page(site, language, "exercises", f"{exercise}.html"))
    found = TIME_LINE[language].findall(text)
    assert found == [(str(times.alone), str(times.group))], (
        f"{exercise} ({language}) says {found}; the data say {times.alone} alone and "
        f"{times.group} in a group")
    overview = _text(_page(site, language, "exercises", "index.html"))
    cell = OVERVIEW_CELL[language].format(
        alone=times.alone, group=times.group,
        case=CASE_WORD[language] if exercise == "diagnose-a-case" else "")
    assert cell in overview, f"the exercise overview ({language}) lacks '{cell}'"


@pytest.mark.book
@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("plan_id", PLANS)
def test_the_built_plan_pages_show_every_block_and_its_minutes(site, plan_id, language):
    from councillor_exercises.ui_text import ui_text

    words = ui_text("facilitator", language)
    page = _read(_page(site, language, "facilitator", f"{plan_id}.html"))
    text = _plain(page.parts)
    assert "table" not in page.tags, "a plan's timetable is a list, so that it fits a phone"
    plan = load_plan(plan_id, language)
    for session in plan.sessions:
        for block in session.blocks:
            span = words("time_span", start=words("clock", hours=block.start // 60,
                                                  minutes=block.start % 60),
                         end=words("clock", hours=block.end // 60, minutes=block.end % 60))
            assert f"{span} {block.title}" in text, f"{plan_id} ({language}): '{block.title}'"
            if block.exercise is not None:
                minutes = words("minutes", minutes=block.exercise_minutes)
                exercise_part = words("breakdown_exercise", minutes=minutes,
                                      mode=words(f"mode_{block.mode}"))
                assert exercise_part in text, f"{plan_id} ({language}): {exercise_part}"
    for heading in ("heading_timetable", "heading_groups", "heading_blocks",
                    "heading_fallback", "label_talking_points"):
        assert words(heading) in text
    assert plan.ground_rules[0][:40] in text


# --- Broken plans are refused -----------------------------------------------------------------

def _load(fixture_data):
    return load_plans(fixture_data / "facilitator" / "sessions.yaml",
                      fixture_data / "facilitator" / "exercises.yaml")


def _rewrite(fixture_data, change) -> Path:
    path = fixture_data / "facilitator" / "sessions.yaml"
    content = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(content)
    path.write_text(yaml.safe_dump(content, allow_unicode=True, sort_keys=False),
                    encoding="utf-8")
    return path


def _block(content, plan_id: str, position: int, session: int = 0) -> dict:
    plan = next(plan for plan in content["plans"] if plan["id"] == plan_id)
    return plan["sessions"][session]["blocks"][position]


def test_the_fixture_copy_loads(fixture_data):
    assert set(_load(fixture_data)) == set(PLANS)


def test_blocks_that_do_not_add_up_are_refused(fixture_data):
    def longer_warm_up(content):
        _block(content, "session-90-minutes", 1)["length"] = 15       # 0:10-0:25
    _rewrite(fixture_data, longer_warm_up)
    with pytest.raises(DataError) as refused:
        _load(fixture_data)
    error = refused.value
    assert error.source == "data/facilitator/sessions.yaml"
    assert "session-90-minutes" in error.entry and "Diagnose a case in groups" in error.entry
    assert error.field == "start"
    assert "0:20" in error.problem and "0:25" in error.problem and "overlap" in error.problem


def test_a_session_whose_blocks_end_early_is_refused(fixture_data):
    def shorter_close(content):
        plan = next(plan for plan in content["plans"] if plan["id"] == "session-90-minutes")
        plan["sessions"][0]["blocks"].pop()                         # the last 5 minutes
    _rewrite(fixture_data, shorter_close)
    with pytest.raises(DataError) as refused:
        _load(fixture_data)
    assert refused.value.field == "length"
    assert "session-90-minutes" in refused.value.entry
    assert "85 minutes" in refused.value.problem


def test_an_exercise_block_that_disagrees_with_the_exercise_times_is_refused(fixture_data):
    """Change an exercise's minutes in exercises.yaml alone, and the plans must follow."""
    path = fixture_data / "facilitator" / "exercises.yaml"
    text = path.read_text(encoding="utf-8")
    changed = text.replace("id: diagnose-a-case\n    page: ex-diagnose\n    alone: 30\n"
                           "    group: 40", "id: diagnose-a-case\n    page: ex-diagnose\n"
                           "    alone: 30\n    group: 45")
    assert changed != text
    path.write_text(changed, encoding="utf-8")
    with pytest.raises(DataError) as refused:
        _load(fixture_data)
    error = refused.value
    assert error.field == "length" and "Diagnose a case in groups" in error.entry
    assert "'diagnose-a-case' takes 45 minutes" in error.problem


def test_an_unknown_exercise_is_refused(fixture_data):
    def misspelt(content):
        _block(content, "session-90-minutes", 2)["exercise"] = "diagnose-the-case"
    _rewrite(fixture_data, misspelt)
    with pytest.raises(DataError) as refused:
        _load(fixture_data)
    error = refused.value
    assert error.field == "exercise" and "session-90-minutes" in error.entry
    assert "diagnose-the-case" in error.problem and "diagnose-a-case" in error.problem


def test_a_missing_danish_text_is_refused_even_for_the_english_edition(fixture_data):
    def no_danish(content):
        del _block(content, "session-half-day", 3)["what"]["da"]     # the break
    _rewrite(fixture_data, no_danish)
    with pytest.raises(DataError) as refused:
        load_plans(fixture_data / "facilitator" / "sessions.yaml",
                   fixture_data / "facilitator" / "exercises.yaml", language="en")
    error = refused.value
    assert error.source == "data/facilitator/sessions.yaml"
    assert "session-half-day" in error.entry and "Break" in error.entry
    assert error.field == "what" and "Danish" in error.problem


def test_a_start_that_is_not_a_time_is_refused(fixture_data):
    def bad_start(content):
        _block(content, "session-series", 1, session=1)["start"] = "ten past"
    _rewrite(fixture_data, bad_start)
    with pytest.raises(DataError) as refused:
        _load(fixture_data)
    assert refused.value.field == "start" and "h:mm" in refused.value.problem
    assert "session-series" in refused.value.entry
