"""The data loader accepts the real data files and refuses broken ones with a message that
names the file, the entry and the field."""

from __future__ import annotations

import pytest

from councillor_exercises import statistics
from councillor_exercises.datafiles import DataError, EntryReader, load_yaml_file
from councillor_exercises.glossary import load_glossary
from councillor_exercises.ui_text import ui_text


@pytest.mark.parametrize("language", ["en", "da"])
def test_the_real_glossary_loads_and_is_sorted(language):
    entries = load_glossary(language=language)
    assert len(entries) >= 30
    terms = [e.term.lower() for e in entries]
    assert terms == sorted(terms)
    assert all(e.other_term and e.definition for e in entries)
    english = {e.term: e.other_term for e in load_glossary(language="en")}
    assert english["co-creation"] == "samskabelse"


def test_the_real_statistics_load():
    hours = statistics.councillor_hours()
    assert list(hours["year"]) == [1970, 2009, 2017, 2017, 2021]
    barometer = statistics.innovation_barometer()
    assert barometer.loc[barometer.indicator.str.contains("politicians"), "share_percent"].item() == 69


def write(folder, name, text):
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def test_a_yaml_syntax_error_names_the_file_and_line(tmp_path):
    path = write(tmp_path, "bad.yaml", "entries:\n  - term: a\n    danish: [unclosed\n")
    with pytest.raises(DataError) as error:
        load_yaml_file(path)
    assert "bad.yaml" in str(error.value) and "line" in str(error.value)


def test_a_glossary_entry_without_definition_is_refused_by_name(tmp_path):
    write(tmp_path, "terms.yaml",
          "entries:\n  - term:\n      en: co-creation\n      da: samskabelse\n    source: slide 3\n")
    with pytest.raises(DataError) as error:
        load_glossary(tmp_path)
    message = str(error.value)
    assert "terms.yaml" in message and "'co-creation'" in message and "'definition'" in message
    assert "missing" in message


def test_a_term_defined_twice_is_refused(tmp_path):
    entry = "  - term: Lean\n    definition: d\n    source: s\n"
    write(tmp_path, "a.yaml", "entries:\n" + entry)
    write(tmp_path, "b.yaml", "entries:\n" + entry.replace("Lean", "lean"))
    with pytest.raises(DataError, match="already defined"):
        load_glossary(tmp_path)


def test_a_misspelt_field_is_refused_with_the_known_fields(tmp_path):
    write(tmp_path, "a.yaml", "entries:\n  - term: Lean\n    definition: d\n"
          "    source: s\n    defintion: typo\n")
    with pytest.raises(DataError) as error:
        load_glossary(tmp_path)
    assert "'defintion'" in str(error.value) and "known fields" in str(error.value)


def test_a_file_that_is_not_a_mapping_is_refused(tmp_path):
    path = write(tmp_path, "list.yaml", "- just\n- a list\n")
    with pytest.raises(DataError, match="mapping"):
        EntryReader.for_file(path, load_yaml_file(path))


def test_a_csv_without_a_required_column_is_refused(tmp_path):
    path = write(tmp_path, "hours.csv", "year,hours_low,hours_high,measure\n2021,18,18,average\n")
    with pytest.raises(DataError) as error:
        statistics.councillor_hours(path)
    assert "hours.csv" in str(error.value) and "'source'" in str(error.value)


def test_a_csv_with_a_non_number_is_refused_by_line(tmp_path):
    path = write(tmp_path, "hours.csv", "year,hours_low,hours_high,measure,source\n"
                 "2021,eighteen,18,average,VIVE\n")
    with pytest.raises(DataError) as error:
        statistics.councillor_hours(path)
    assert "line 2" in str(error.value) and "hours_low" in str(error.value)


def test_reader_checks_types_ranges_and_choices():
    reader = EntryReader("case.yaml", "case 'x'", {"n": "3", "k": 12, "c": "maybe", "l": "x"})
    with pytest.raises(DataError, match="whole number"):
        reader.integer("n")
    with pytest.raises(DataError, match="at most 10"):
        reader.integer("k", maximum=10)
    with pytest.raises(DataError, match="one of: yes, no"):
        reader.choice("c", ["yes", "no"])
    with pytest.raises(DataError, match="must be a list"):
        reader.text_list("l")


def test_interface_strings_load_and_a_missing_one_is_named():
    common = ui_text("common")
    assert common("download_summary")
    with pytest.raises(DataError) as error:
        common("no_such_string")
    assert "common.yaml" in str(error.value) and "no_such_string" in str(error.value)


def test_the_lecture_concepts_load_with_the_lecture_counts():
    from councillor_exercises.concepts import load_concepts

    concepts = load_concepts()
    counts = {group: len(getattr(concepts, group)) for group in
              ("innovation_types", "actors", "purposes", "phases", "obstacles", "advice",
               "leadership_tasks")}
    # Slides 2/9, 5, 6, 7, 13, 14 and 11 of the lecture.
    assert counts == {"innovation_types": 2, "actors": 8, "purposes": 3, "phases": 3,
                      "obstacles": 4, "advice": 3, "leadership_tasks": 3}


def test_a_concept_pointing_to_an_unknown_chapter_is_refused(tmp_path):
    from councillor_exercises.concepts import load_concepts
    from conftest import ROOT

    text = (ROOT / "data" / "concepts.yaml").read_text(encoding="utf-8")
    broken = tmp_path / "concepts.yaml"
    broken.write_text(text.replace("chapter: ch-committees\n", "chapter: ch-nowhere\n", 1)
                      .replace("    chapter: ch-innovation\n", "    chapter: ch-nowhere\n", 1),
                      encoding="utf-8")
    with pytest.raises(DataError) as error:
        load_concepts(broken)
    assert "concepts.yaml" in str(error.value) and "'chapter'" in str(error.value)
    assert "ch-nowhere" in str(error.value)
