"""The cases of "Diagnose a case": every real file validates and follows the content rules;
a broken file is refused with a message naming the file, the entry and the field; a new valid
file becomes a case with no code change."""

from __future__ import annotations

import re
import shutil

import pytest
import yaml

from conftest import FIXTURES, ROOT
from councillor_exercises.cases import (CASE_FIELDS, STORY_WORDS, load_case, load_case_file,
                                        load_case_library, load_cases, story_segments)
from councillor_exercises.concepts import load_concepts
from councillor_exercises.datafiles import DataError

REQUIRED_IDS = {"fredericia-everyday-rehabilitation", "fjordby-climate", "lindvig-schools",
                "bakkely-local-democracy"}
BROKEN = FIXTURES / "cases"


@pytest.fixture(scope="module")
def cases():
    return load_cases()


def test_every_case_file_loads_and_the_required_ids_exist(cases):
    ids = {case.id for case in cases}
    assert REQUIRED_IDS <= ids
    assert len(cases) >= 4
    assert load_case_library().refused == ()


def test_the_cases_cover_three_sectors_and_both_kinds_of_innovation(cases):
    assert len({case.sector for case in cases}) >= 3
    kinds = {case.innovation_type.types for case in cases}
    assert ("service",) in kinds and ("policy",) in kinds and ("service", "policy") in kinds


@pytest.mark.parametrize("case_id", sorted(REQUIRED_IDS | {"kildeby-welfare-technology"}))
def test_each_story_is_300_to_600_words(case_id):
    case = load_case(case_id)
    low, high = STORY_WORDS
    assert low <= case.word_count <= high, case.word_count


def test_invented_cases_say_so_and_use_a_fictional_municipality(cases):
    real_municipalities = {"Fredericia"}
    for case in cases:
        if case.fictional:
            assert "(fictional)" in case.municipality, case.id
            assert "invented" in case.story[0].lower(), case.id
            assert "invented" in case.about.lower(), case.id
            assert not any(name in " ".join(case.story) for name in real_municipalities)
        else:
            assert any(s.url for s in case.sources)


def test_fredericia_is_real_documented_and_claims_nothing_the_fact_sheet_lacks():
    case = load_case("fredericia-everyday-rehabilitation")
    assert not case.fictional
    story = " ".join(case.story)
    for fact in ["2008", "Længst muligt i eget liv", "50,000", "2,300", "§ 83 a", "2015",
                 "KL", "Norwegian minister", "copied"]:
        assert fact in story, fact
    # dated: the figures are of 2014, and § 83 a is past tense for older citizens since the
    # Elderly Act of 1 July 2025
    assert "inhabitants in 2014" in story
    assert "obliges" not in story and "obliged" in story
    assert "1 July 2025" in story and "ældreloven" in story
    # the framing is declared as the course's own, and the unknown prize year is not invented
    assert "the course's own" in story and "the course's own" in case.about
    assert not re.search(r"prize (in|of) (19|20)\d\d", story)
    assert "do not give the year" in story
    for claim in ["saved", "savings", "reduced home-help", "cut the cost"]:
        assert claim not in story.lower()
    urls = {s.url for s in case.sources}
    for url in ["https://fredericiaavisen.dk/hollandsk-delegation-besoeger-fredericia/",
                "https://www.tvsyd.dk/fredericia/norsk-minister-henter-inspiration-i-fredericia",
                "https://www.tvsyd.dk/fredericia/pris-til-fredericia-kommune",
                "https://ft.dk/samling/20141/lovforslag/l25/20141_l25_som_fremsat.htm",
                "https://www.rehpa.dk/fagpersoner/rehabilitering/love-og-retningslinjer/"]:
        assert url in urls


def test_expert_readings_are_consistent_with_the_options(cases):
    concepts = load_concepts()
    for case in cases:
        assert set(case.innovation_type.types) <= set(concepts.ids("innovation_types"))
        assert [r.phase for r in case.phases] == concepts.ids("phases")
        assert sum(r.importance == "most" for r in case.phases) == 1
        assert [r.obstacle for r in case.obstacles] == concepts.ids("obstacles")
        assert [r.task for r in case.leadership] == concepts.ids("leadership_tasks")
        assert any(r.importance == "key" for r in case.actors)
        evidence = {line.id for line in case.evidence}
        for reading in case.obstacles:
            assert set(reading.lines) <= evidence
            assert bool(reading.lines) == reading.present
        for reading in case.actors:
            assert set(reading.purposes) <= set(concepts.ids("purposes"))
            assert reading.why
        # every case has lines that show no obstacle, so choosing a line takes reading
        cited = {line for r in case.obstacles for line in r.lines}
        assert evidence - cited, case.id


def test_evidence_lines_are_numbered_in_reading_order_and_found_in_the_story(cases):
    for case in cases:
        segments = story_segments(case)
        assert ["".join(text for text, _ in pieces) for pieces in segments] == list(case.story)
        marked = [line.number for pieces in segments for _, line in pieces if line]
        assert marked == list(range(1, len(case.evidence) + 1))


def test_the_cases_are_plausible_for_a_danish_council():
    """Review findings: no 16-15 vote in a rural council (31 members is the legal maximum
    outside Copenhagen), no mayor removing cases from the agenda, and no committee handling
    individual home-care complaints, which the administration decides and Ankestyrelsen hears."""
    bakkely = " ".join(load_case("bakkely-local-democracy").story)
    assert "16 votes to 15" not in bakkely and "13 votes to 12" in bakkely
    assert "cleared the council's agendas" not in bakkely
    assert "delegated more routine cases" in bakkely
    reading = load_case("bakkely-local-democracy").obstacle_reading(
        "disagreement-blocks-joint-leadership")
    assert "13-12" in reading.why
    kildeby = " ".join(load_case("kildeby-welfare-technology").story)
    assert "individual complaints" not in kildeby and "routine reports" in kildeby


def test_no_case_dates_a_law_or_an_office_holder_in_the_present_tense(cases):
    for case in cases:
        text = " ".join(case.story) + " ".join(r.why for r in case.actors)
        assert "§ 83 a obliges" not in text and "Hans Toft" not in text


def test_the_most_often_skipped_phase_is_attributed_to_research_not_to_slide_7():
    fjordby = load_case("fjordby-climate")
    why = fjordby.phase_reading("co-initiation").why
    assert "most often skipped (slide 7)" not in why and "Sørensen and Torfing (2018)" in why
    assert any("forskning.ruc.dk" in s.url for s in fjordby.sources)


def test_load_case_refuses_an_unknown_id():
    with pytest.raises(KeyError, match="fjordby-climate"):
        load_case("no-such-case")


# Each broken fixture, and what its message must name (file, entry, field, problem).
BROKEN_CASES = {
    "unknown-actor": ("actors 'mayors'", "'actor'", "it must be one of"),
    "unknown-purpose": ("actors 'businesses'", "'purposes'", "effectiveness"),
    "short-story": ("'short-story'", "'story'", "has 81 words"),
    "long-story": ("'long-story'", "'story'", "600 words"),
    "unknown-evidence-line": ("obstacles 'meetings-not-made-for-new-thinking'", "'lines'",
                              "'agendaa' is not the id"),
    "evidence-not-in-story": ("evidence 'agenda'", "'text'", "not in the story word for word"),
    "misspelt-field": ("'misspelt-field'", "'titel'", "known fields"),
    "wrong-id": ("'wrong-id'", "'id'", "file is named 'wrong-id.yaml'"),
    "missing-obstacle": ("expert", "'obstacles'", "disagreement-blocks-joint-leadership"),
    "two-most-phases": ("expert", "'phases'", "exactly one phase"),
    "real-without-url": ("'real-without-url'", "'sources'", "url"),
    "present-without-line": ("obstacles", "'lines'", "needs the evidence line"),
    "accepted-lines-on-present-obstacle": ("obstacles 'meetings-not-made-for-new-thinking'",
                                           "'accepted_lines'", "only an absent obstacle"),
    "accepted-phase-that-is-most": ("phases 'co-initiation'", "'accepted_as_most'",
                                    "only a phase of importance 'also'"),
    "accepted-type-repeats-expert": ("also_accepted", "'types'", "repeats the expert reading"),
    "syntax-error": ("(whole file)", "(syntax)", "line"),
}


def test_every_broken_fixture_has_an_expectation():
    assert {p.stem for p in BROKEN.glob("*.yaml")} == set(BROKEN_CASES)


@pytest.mark.parametrize("name", sorted(BROKEN_CASES))
def test_a_broken_case_is_refused_with_a_message_naming_file_entry_and_field(
        name, fixture_data):
    shutil.copy(BROKEN / f"{name}.yaml", fixture_data / "cases" / f"{name}.yaml")
    with pytest.raises(DataError) as error:
        load_cases()
    message = str(error.value)
    assert f"cases/{name}.yaml" in message
    for part in BROKEN_CASES[name]:
        assert part in message, (part, message)
    # the other cases still load, and the broken one is listed as refused
    library = load_case_library()
    assert REQUIRED_IDS <= {case.id for case in library.cases}
    assert [f"cases/{name}.yaml" in str(e) for e in library.refused] == [True]


def test_a_new_valid_case_file_adds_a_case_with_no_code_change(fixture_data):
    source = yaml.safe_load((ROOT / "data/cases/lindvig-schools.yaml").read_text("utf-8"))
    source["id"] = "nordvig-schools"
    source["title"] = "Nordvig: a new case"
    source["municipality"] = "Nordvig Kommune (fictional)"
    (fixture_data / "cases" / "nordvig-schools.yaml").write_text(
        yaml.safe_dump(source, allow_unicode=True, sort_keys=False), encoding="utf-8")
    ids = [case.id for case in load_cases()]
    assert "nordvig-schools" in ids
    assert load_case("nordvig-schools").title == "Nordvig: a new case"


def test_files_starting_with_an_underscore_are_not_cases(fixture_data):
    (fixture_data / "cases" / "_draft.yaml").write_text("title: not a case\n", encoding="utf-8")
    assert "_draft" not in {case.id for case in load_cases()}


def test_the_readme_documents_every_field():
    readme = (ROOT / "data/cases/README.md").read_text(encoding="utf-8")
    fields = set(CASE_FIELDS) | {"innovation_type", "types", "why", "actor", "importance",
                                 "purposes", "phases", "phase", "obstacles", "obstacle",
                                 "present", "lines", "leadership", "task", "model_answer",
                                 "checklist", "url", "supports", "text"}
    missing = [f for f in fields if f"{f}:" not in readme]
    assert not missing, missing


def test_a_case_file_loads_on_its_own_path():
    case = load_case_file(ROOT / "data/cases/bakkely-local-democracy.yaml")
    assert case.source_file.endswith("data/cases/bakkely-local-democracy.yaml")
