"""One mechanism for both languages in the engine: every loader reads in the language it is
given (or the one `in_language` sets), every cache keeps the languages apart, a text missing
in the language asked for is refused by file, entry and field, and a language the course lacks
is refused outright. Numbers are written as each language writes them."""

from __future__ import annotations

import re
import sys
from dataclasses import replace

import pytest
if sys.platform != "emscripten":   # in Pyodide (tests/pyodide/run.mjs) there is no
    import yaml                    # PyYAML; the tests that edit data files skip there

from councillor_exercises import (cases, committee, concepts, diagnosis, glossary, kommissorium,
                                  reading_links, sorting, week)
from councillor_exercises.datafiles import DataError, in_language, language_or_current
from councillor_exercises.formats import number, percent, with_term
from councillor_exercises.ui_text import ui_text

BOOK_ONLY = ("the book's statistics tables and charts are made with pandas when the site is "
             "built; they are not part of the in-browser runtime")


def statistics():
    """The book's statistics tables. In Pyodide (tests/pyodide/run.mjs) the tests that use them
    skip: there is no pandas there, and the runtime leaves the module out."""
    if sys.platform == "emscripten":
        pytest.skip(BOOK_ONLY)
    from councillor_exercises import statistics as tables

    return tables


LOADERS = {
    "concepts": lambda language: concepts.load_concepts(language=language),
    "cases": lambda language: cases.load_case_library(language=language),
    "case": lambda language: cases.load_case("fjordby-climate", language=language),
    "scoring": lambda language: diagnosis.load_scoring(language=language),
    "diagnosis context": lambda language: diagnosis.default_context(language),
    "committee": lambda language: committee.load_committee_data(language=language),
    "sorting examples": lambda language: sorting.load_examples(language=language),
    "sorting settings": lambda language: sorting.load_settings(language=language),
    "week": lambda language: week.load_week(language=language),
    "glossary": lambda language: glossary.load_glossary(language=language),
    "hours": lambda language: statistics().councillor_hours(language=language),
    "barometer": lambda language: statistics().innovation_barometer(language=language),
    "chapter links": lambda language: reading_links.chapter_links(language),
    "interface strings": lambda language: ui_text("common", language),
}


@pytest.mark.parametrize("name", sorted(LOADERS))
def test_an_unknown_language_is_refused_by_every_loader(name):
    with pytest.raises(ValueError, match="unknown language 'de'"):
        LOADERS[name]("de")


def test_an_unknown_language_is_refused_by_the_context_too():
    with pytest.raises(ValueError, match="unknown language"):
        with in_language("sv"):
            pass
    with pytest.raises(ValueError):
        language_or_current("EN")


def test_each_loader_keeps_its_language_and_its_cache_keeps_them_apart():
    english, danish = concepts.load_concepts(language="en"), concepts.load_concepts(language="da")
    assert (english.language, danish.language) == ("en", "da")
    assert concepts.load_concepts(language="en") is english       # cached, per language
    assert english.chapters != danish.chapters
    english_data = committee.load_committee_data(language="en")
    danish_data = committee.load_committee_data(language="da")
    assert committee.load_committee_data(language="en") is english_data
    assert committee.load_committee_data(language="da") is danish_data
    assert english_data.language == "en" and danish_data.language == "da"
    assert english_data.options.groups[0].name != danish_data.options.groups[0].name
    assert ui_text("committee", "da").language == "da"
    assert sorting.load_settings(language="da").language == "da"
    assert week.load_week(language="da").language == "da"
    assert cases.load_case("fjordby-climate", language="da").language == "da"
    assert diagnosis.default_context("da").language == "da"


def test_without_a_language_a_loader_reads_the_one_in_language_sets():
    with in_language("da"):
        assert concepts.load_concepts().language == "da"
        assert committee.load_committee_data().language == "da"
        assert ui_text("sorting").language == "da"
    assert concepts.load_concepts().language == "en"


def test_the_danish_texts_are_danish_and_the_english_stay_as_they_were():
    english = cases.load_case("fjordby-climate", language="en")
    danish = cases.load_case("fjordby-climate", language="da")
    assert english.title == "Fjordby: a CO2-neutral municipality?"
    assert danish.title != english.title and danish.id == english.id
    # The evidence lines are found in the Danish story too (same ids, same order).
    assert [line.id for line in danish.evidence] == [line.id for line in english.evidence]


def _drop_danish(value, path: list):
    """The YAML tree with the 'da' text at ``path`` removed (the 'en' one kept)."""
    node = value
    for step in path:
        node = node[step]
    assert isinstance(node, dict) and "da" in node and "en" in node, node
    del node["da"]
    return value


def _without_danish(file, path: list) -> None:
    content = yaml.safe_load(file.read_text(encoding="utf-8"))
    file.write_text(yaml.safe_dump(_drop_danish(content, path), allow_unicode=True,
                                   sort_keys=False), encoding="utf-8")


def _first_with_danish(items: list, field: str) -> int:
    return next(i for i, item in enumerate(items)
                if isinstance(item.get(field), dict) and "da" in item[field])


def test_a_text_without_danish_is_refused_in_danish_by_file_entry_and_field(fixture_data):
    options = fixture_data / "committee" / "options.yaml"
    content = yaml.safe_load(options.read_text(encoding="utf-8"))
    position = _first_with_danish(content["groups"], "name")
    group_id = content["groups"][position]["id"]
    _without_danish(options, ["groups", position, "name"])
    # English still loads: nothing is lost for the edition that has its text.
    assert committee.load_committee_data(language="en").options.groups
    with pytest.raises(DataError) as error:
        committee.load_committee_data(language="da")
    assert error.value.source.endswith("committee/options.yaml")
    assert group_id in error.value.entry and error.value.field == "name"
    assert "'da:'" in str(error.value)


def test_a_sorting_example_without_danish_is_refused_by_name(fixture_data):
    path = fixture_data / "examples" / "digital-self-service.yaml"
    _without_danish(path, ["description"])
    with pytest.raises(DataError) as error:
        sorting.load_examples(language="da")
    assert "digital-self-service.yaml" in error.value.source
    assert error.value.field == "description" and "Danish" in error.value.problem
    assert sorting.load_examples(language="en")


def test_an_item_of_a_list_without_danish_is_refused_with_its_place(tmp_path):
    if sys.platform == "emscripten":
        pytest.skip("reads a YAML file the test writes: in the browser the data is the JSON that "
                    "the site's build parsed, and PyYAML is not there")
    folder = tmp_path / "glossary"
    folder.mkdir()
    (folder / "terms.yaml").write_text(
        "entries:\n"
        "  - term: {en: co-creation, da: samskabelse}\n"
        "    definition:\n      en: Creating public value together.\n"
        "    source: {en: slide 3, da: dias 3}\n", encoding="utf-8")
    assert glossary.load_glossary(folder, language="en")[0].other_term == "samskabelse"
    with pytest.raises(DataError) as error:
        glossary.load_glossary(folder, language="da")
    assert "terms.yaml" in error.value.source and error.value.field == "definition"
    assert "co-creation" in error.value.entry or "samskabelse" in error.value.entry \
        or "#1" in error.value.entry


def test_an_interface_string_without_danish_is_refused_by_file_and_key(fixture_data):
    path = fixture_data / "ui" / "sorting.yaml"
    text = path.read_text(encoding="utf-8")
    stripped = re.sub(r"(\ncheck_answer:\n  en: [^\n]*)\n  da: [^\n]*", r"\1", text, count=1)
    assert stripped != text
    path.write_text(stripped, encoding="utf-8")
    assert ui_text("sorting", "en")("check_answer")
    with pytest.raises(DataError) as error:
        ui_text("sorting", "da")
    assert "sorting.yaml" in error.value.source and error.value.field == "check_answer"


def test_a_statistics_file_without_its_danish_column_is_refused(tmp_path):
    path = tmp_path / "hours.csv"
    path.write_text("year,hours_low,hours_high,measure,source,measure_da,source_da\n"
                    "2021,18,18,average,VIVE,gennemsnit,VIVE\n", encoding="utf-8")
    assert statistics().councillor_hours(path, language="da")["measure"].item() == "gennemsnit"
    assert statistics().councillor_hours(path, language="en")["measure"].item() == "average"
    path.write_text("year,hours_low,hours_high,measure,source,measure_da\n"
                    "2021,18,18,average,VIVE,gennemsnit\n", encoding="utf-8")
    with pytest.raises(DataError) as error:
        statistics().councillor_hours(path, language="da")
    assert error.value.entry == "(header)" and error.value.field == "source_da"
    path.write_text("year,hours_low,hours_high,measure,source,measure_da,source_da\n"
                    "2021,18,18,average,VIVE,,VIVE\n", encoding="utf-8")
    with pytest.raises(DataError) as error:
        statistics().councillor_hours(path, language="da")
    assert error.value.entry == "line 2" and error.value.field == "measure_da"


def test_the_statistics_read_in_danish_keep_the_english_measure_as_their_name():
    danish = statistics().councillor_hours(language="da")
    english = statistics().councillor_hours(language="en")
    assert list(danish["measure_id"]) == list(english["measure"])
    assert "gennemsnit" in set(danish["measure"]) and "average" not in set(danish["measure"])
    barometer = statistics().innovation_barometer(language="da")
    assert barometer.loc[barometer.indicator.str.contains("politikere"),
                         "share_percent"].item() == 69


def test_numbers_are_written_as_each_language_writes_them():
    assert [number(v, "en") for v in (4, 2.5, 0.3, 1800)] == ["4", "2.5", "0.3", "1800"]
    assert [number(v, "da") for v in (4, 2.5, 0.3, 1800)] == ["4", "2,5", "0,3", "1.800"]
    assert number(12345.67, "da", 2) == "12.345,67" and number(-2.5, "da") == "-2,5"
    assert percent(80, "en") == "80%" and percent(80, "da") == "80 %"
    assert with_term("Citizens", "borgere", "en") == "Citizens (borgere)"
    assert with_term("Borgere", "borgere", "da") == "Borgere"
    assert week.format_hours(2.5, "da") == "2,5" and week.format_hours(2.5) == "2.5"
    assert week.hours_text(2.5, "da") != week.hours_text(2.5, "en")
    assert sorting.credit_text(0.5, "da") == "0,5" and sorting.credit_text(0.5) == "0.5"


def test_the_danish_week_reads_danish_hours_and_answers_in_danish():
    data = week.load_week(language="da")
    hours = {a.id: "2,5" for a in data.activities}
    hours[data.activities[0].id] = "3"          # a total with a decimal: 2,5 x n + 0,5
    result = week.evaluate_week(data, week.WeekAnswer.from_mapping(hours))
    assert result.ok and result.language == "da"
    total = week.format_hours(2.5 * len(data.activities) + 0.5, "da")
    assert "," in total and total in result.feedback.headline
    assert ui_text("week", "da")("week_title") == result.feedback.title
    texts = week.chart_texts(data, result)
    assert all(part["language"] == "da" for part in texts.values())
    assert ".." not in texts["profile"]["description"]
    rows = week.hours_rows(result)
    assert "gennemsnit" in " ".join(row["row"] for row in rows)


def test_the_danish_diagnosis_gives_danish_feedback_and_a_danish_summary():
    ctx = diagnosis.default_context("da")
    case = cases.load_case("fjordby-climate", language="da")
    answer = diagnosis.Diagnosis(innovation_type=diagnosis.TypeAnswer("policy", "Fordi"))
    report = diagnosis.evaluate(case, answer, ctx)
    step = report.step("innovation_type")
    assert step.title == ctx.ui("step_innovation_type") != ui_text("diagnosis", "en")(
        "step_innovation_type")
    summary = diagnosis.summary_markdown(case, answer, report, ctx)
    assert ui_text("common", "da")("verdict_good") in summary
    assert "100 %" in summary and "100%" not in summary
    # Without a context, the case's own language is used.
    assert diagnosis.evaluate(case, answer).step("innovation_type").title == step.title


def test_the_danish_sorting_judges_in_danish():
    settings = sorting.load_settings(language="da")
    examples = sorting.load_examples(language="da")
    result = sorting.evaluate(examples, sorting.SortingAnswer.from_mapping(
        {examples[0].id: "policy"}), settings)
    assert result.feedback.title == ui_text("sorting", "da")("results_title")
    assert "Kapitel" in result.results[0].item.reference
    labels = sorting.chart_labels(result, settings)
    assert labels["language"] == "da" and labels["you"] == ui_text("sorting", "da")("chart_you")


def test_the_danish_committee_feedback_and_summary_are_danish():
    data = committee.load_committee_data(language="da")
    design = replace(data.preset("gentofte-task-committee").design, challenge="climate-plan",
                     route="committee-decides")
    feedback = committee.evaluate(design, data)
    assert feedback.legal.title == ui_text("committee", "da")("legal_title")
    summary = committee.summary_markdown(feedback, data)
    assert ui_text("common", "da")("verdict_check") in summary
    assert ui_text("common", "en")("verdict_check") not in summary
    # No Danish term in parentheses beside a Danish name.
    citizens = next(o for o in data.options.groups if o.id == "citizens")
    assert f"{citizens.name} ({citizens.danish})" not in summary


def test_the_danish_kommissorium_names_the_right_language():
    data = committee.load_committee_data(language="da")
    doc = kommissorium.build_kommissorium(data.preset("gentofte-task-committee").design, data)
    assert doc.language == "da"
    assert kommissorium.to_html(doc).startswith('<!DOCTYPE html>\n<html lang="da">')


def test_the_glossary_gives_each_language_its_headword():
    assert glossary.headword("terms of reference", "da") == "kommissorium"
    assert glossary.headword("terms of reference", "en") == "terms of reference"
    with pytest.raises(KeyError):
        glossary.headword("no such term", "da")


def test_read_more_leads_to_the_chapter_in_the_learners_edition():
    english = reading_links.chapter_links("en")
    danish = reading_links.chapter_links("da")
    assert len(english) == len(danish) == len(concepts.load_concepts().chapters)
    assert all("/en/book/chapters/" in url for url in english.values())
    assert all("/da/chapters/" in url and "/book/" not in url.split("/da/")[1]
               for url in danish.values())
    assert set(danish) == set(concepts.load_concepts(language="da").chapters.values())


def test_the_book_charts_take_the_edition_language():
    if sys.platform == "emscripten":
        pytest.skip(BOOK_ONLY)
    from councillor_exercises.charts import figure_html
    from councillor_exercises.charts.statistics import BOOK_CHARTS

    for make in BOOK_CHARTS.values():
        english, danish = make(), make(language="da")
        assert english.language == "en" and danish.language == "da"
        assert english.title != danish.title and english.description != danish.description
        assert "Kilde:" in figure_html(danish) and "Source:" in figure_html(english)
