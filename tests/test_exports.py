"""Every file a group downloads carries its answers as data beside the readable text: the
exercise, the format's version, the language, the case or challenge, the group's name and the
engine's own answer data. The block reads back to the same answers, is hidden when the Markdown
is rendered and never run in the printable page, and no text a learner types (tags, "-->",
10,000 characters, æøå) can break out of it."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from councillor_exercises import exports
from councillor_exercises.diagnosis import ActorsAnswer, Diagnosis, TypeAnswer
from councillor_exercises.exports import Export, ExportError
from councillor_exercises.sorting import SortingAnswer
from councillor_exercises.week import PlanAnswer, PlanChoice, WeekAnswer
from export_files import (BREAKER, HOSTILE, LONG, committee_files, diagnosis_files,
                          sorting_files, text_files, week_files)


class _Scripts(HTMLParser):
    """The JSON data blocks of a page, and whether it has any other script."""

    def __init__(self):
        super().__init__()
        self.blocks: list[str] = []
        self.other_scripts = 0
        self._in = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "script":
            if attrs.get("type") == "application/json" and attrs.get("id") == "course-export":
                self._in = True
                self.blocks.append("")
            else:
                self.other_scripts += 1

    def handle_endtag(self, tag):
        if tag == "script":
            self._in = False

    def handle_data(self, data):
        if self._in:
            self.blocks[-1] += data


def page_block(page: str) -> dict:
    parser = _Scripts()
    parser.feed(page)
    assert parser.other_scripts == 0 and len(parser.blocks) == 1
    return json.loads(parser.blocks[0])


def markdown_block(markdown: str) -> dict:
    last = markdown.rstrip("\n").splitlines()[-1]
    assert last.startswith(exports.MARKDOWN_START) and last.endswith(exports.MARKDOWN_END)
    return json.loads(last[len(exports.MARKDOWN_START):-len(exports.MARKDOWN_END)])


def visible_when_rendered(markdown: str) -> str:
    """What a Markdown viewer that passes HTML through shows: the rendering, less comments."""
    rendered = MarkdownIt("commonmark", {"html": True}).render(markdown)
    return re.sub(r"<!--.*?-->", "", rendered, flags=re.DOTALL)


# ------------------------------------------------------------------------------ every exercise

MAKERS = {
    "diagnose-a-case": lambda language: diagnosis_files("A", language),
    "design-a-committee": lambda language: committee_files("A", language),
    "service-or-policy": lambda language: sorting_files("B", language, note="Talk about 3.0"),
    "your-week": lambda language: week_files("B", language),
}


def app_answer(exercise: str, app):
    """What the app holds, as the engine's answer object."""
    if exercise == "diagnose-a-case":
        return app.diagnosis()
    if exercise == "design-a-committee":
        return app.read_design()
    if exercise == "service-or-policy":
        return app.answer()
    return exports.WeekAndPlan(app.week_answer(), app.plan_answer())


@pytest.mark.parametrize("language", ["en", "da"])
@pytest.mark.parametrize("exercise", sorted(MAKERS))
def test_every_download_carries_the_answers_and_reads_back(exercise, language):
    files, app = MAKERS[exercise](language)
    expected_case = {"diagnose-a-case": "fjordby-climate",
                     "design-a-committee": "climate-plan"}.get(exercise, "")
    kinds = {name.rsplit(".", 1)[1] for name in files}
    assert kinds == {"md", "html"}
    if exercise == "design-a-committee":     # the design and the kommissorium, in both forms
        assert len(files) == 4 and sum("kommissorium" in n for n in files) == 2, list(files)
    for name, content in files.items():
        text = content.decode("utf-8")
        export = exports.read_export(text)
        assert (export.exercise, export.language, export.case, export.group) == \
            (exercise, language, expected_case, "A" if exercise != "service-or-policy"
             and exercise != "your-week" else "B"), name
        assert export.version == exports.VERSION
        assert exports.answer_of(export) == app_answer(exercise, app), name
        block = markdown_block(text) if name.endswith(".md") else page_block(text)
        assert block["format"] == "course-export" and set(block) == set(exports.FIELDS)


def test_the_markdown_block_is_the_last_line_and_hidden_when_rendered():
    files, _ = sorting_files("B", note="A note")
    markdown = next(c.decode() for n, c in files.items() if n.endswith(".md"))
    assert markdown.startswith("# Service or policy? My sorting")
    assert markdown.splitlines()[2] == "**Group:** B"
    shown = visible_when_rendered(markdown)
    assert "course-export" not in shown and "rehabilitation-law" not in shown
    assert "You earned" in shown


def test_the_printable_page_holds_the_block_as_data_and_no_other_script():
    files, _ = diagnosis_files("A")
    page = next(c.decode() for n, c in files.items() if n.endswith(".html"))
    block = page_block(page)
    assert block["answers"]["innovation_type"]["choice"] == "policy"
    assert page.index('<script type="application/json" id="course-export">') < \
        page.index("</body>")
    # Nothing in the block starts markup: no '<' at all between the script's tags.
    inside = page.split('id="course-export">', 1)[1].split("</script>", 1)[0]
    assert "<" not in inside and ">" not in inside and "--" not in inside


def test_hostile_text_in_the_group_name_and_the_answers_stays_data():
    name = HOSTILE + BREAKER + LONG
    files, app = diagnosis_files("A")
    app.frame.group.value = name
    app.type_why.value = BREAKER + HOSTILE + LONG
    fresh = {n: c.decode() for n, c in text_files(app.download.value).items()}
    assert len(fresh) == 2
    for file_name, text in fresh.items():
        export = exports.read_export(text)
        assert export.group == name.strip()
        assert exports.answer_of(export).innovation_type.why == BREAKER + HOSTILE + LONG
        if file_name.endswith(".md"):
            assert text.count("-->") == 1 and text.rstrip().endswith("-->")
            # Tags in the readable part are escaped with backslashes (as before the block).
            assert not re.search(r"(?<!\\)</?script", text)
            shown = visible_when_rendered(text)
            assert "course-export" not in shown and "<script>" not in shown
        else:
            assert text.count("</script>") == 1 and text.count("<script") == 1
            assert page_block(text)["group"] == name.strip()


def test_the_kommissorium_files_carry_the_design_too():
    files, app = committee_files("A", "da")
    komm = {n: c.decode() for n, c in files.items()
            if n.endswith((".md", ".html")) and "kommissori" in n}
    assert len(komm) == 2, list(files)
    for text in komm.values():
        export = exports.read_export(text)
        assert export.case == "climate-plan" and export.language == "da"
        assert exports.answer_of(export) == app.read_design()


def test_the_block_is_one_json_line_in_ascii_that_json_reads_as_is():
    export = exports.sorting_export(SortingAnswer((("slow-planning", "policy"),),
                                                  "æ <b> & -- > é")).stamped("G", "da")
    line = exports.to_json(export.block())
    assert "\n" not in line and line.isascii()
    assert not re.search(r"[<>&]|--", line)
    assert json.loads(line) == export.block()


# ------------------------------------------------------------------------------ broken blocks

GOOD = exports.diagnosis_export("fjordby-climate", Diagnosis(
    TypeAnswer("policy", "why"), ActorsAnswer((("citizens", "democracy"),)))).stamped("A", "en")


def with_block(data) -> str:
    raw = data if isinstance(data, str) else exports.to_json(data)
    return "# A summary\n\n" + exports.MARKDOWN_START + raw + exports.MARKDOWN_END + "\n"


def changed(**fields) -> dict:
    block = GOOD.block()
    for key, value in fields.items():
        if value is ...:
            block.pop(key)
        else:
            block[key] = value
    return block


@pytest.mark.parametrize("text, problem, field", [
    ("# Notes from the meeting\n", "no_block", ""),
    (with_block('{"format": "course-export", "version": 1,'), "bad_json", ""),
    ("# x\n<!-- course-export: {\"format\"", "bad_json", ""),
    (with_block("[1, 2]"), "not_object", ""),
    (with_block(changed(format="other-course")), "wrong_format", "format"),
    (with_block(changed(version=2)), "wrong_version", "version"),
    (with_block(changed(version="1")), "wrong_version", "version"),
    (with_block(changed(version=...)), "missing_field", "version"),
    (with_block(changed(group=...)), "missing_field", "group"),
    (with_block(changed(answers=...)), "missing_field", "answers"),
    (with_block(changed(exercise="cooking")), "bad_field", "exercise"),
    (with_block(changed(language="sv")), "bad_field", "language"),
    (with_block(changed(group=7)), "bad_field", "group"),
    (with_block(changed(extra=1)), "bad_field", "extra"),
    (with_block(changed(answers={**GOOD.answers, "phase": {"phase": 3}})), "bad_field",
     "answers.phase.phase"),
    (with_block(changed(answers={**GOOD.answers, "actors": {"choices": [["citizens"]]}})),
     "bad_field", "answers.actors.choices[0]"),
    (with_block(changed(answers={k: v for k, v in GOOD.answers.items() if k != "phase"})),
     "missing_field", "answers.phase"),
    (with_block(GOOD.block()) + with_block(changed(group="B")), "several_blocks", ""),
])
def test_a_broken_block_is_refused_with_its_reason(text, problem, field):
    with pytest.raises(ExportError) as error:
        exports.read_export(text)
    assert (error.value.problem, error.value.field) == (problem, field)


def test_a_week_block_needs_both_the_hours_and_the_plan():
    export = exports.week_export(WeekAnswer((("papers-and-cases", "2"),)), PlanAnswer())
    block = export.block()
    block["answers"].pop("plan")
    with pytest.raises(ExportError) as error:
        exports.read_export(with_block(block))
    assert (error.value.problem, error.value.field) == ("missing_field", "answers.plan")


def test_the_same_block_twice_is_one_block():
    text = with_block(GOOD.block()) + exports.html_with_block("<body></body>", GOOD)
    assert exports.read_export(text) == GOOD


# ------------------------------------------------------------------------------ any text

texts = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=300) | \
    st.sampled_from([HOSTILE, BREAKER, "--", "--->", "<!--", "</script>", "\u2028", "\\u003c"])


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(group=texts, note=texts, own=texts, typed=texts)
def test_any_text_round_trips_through_both_kinds_of_file(group, note, own, typed):
    week = exports.week_export(WeekAnswer((("papers-and-cases", typed),)),
                               PlanAnswer((PlanChoice("development-not-battlefield", "own", own,
                                                      ("what",)),)))
    for export in (exports.sorting_export(SortingAnswer((), note)), week):
        signed = export.stamped(group, "da")
        markdown = exports.markdown_with_block("# Title\n\n" + note + "\n", signed)
        page = exports.html_with_block(f"<html><body><p>x</p></body></html>", signed)
        for text in (markdown, page):
            read = exports.read_export(text)
            assert read == signed
            assert exports.answer_of(read) == exports.answer_of(signed)
        assert markdown.splitlines()[-1].count("-->") == 1
        assert page.count("</script>") == 1


def test_plain_makes_json_types_of_anything():
    assert exports.plain({"a": (1, 2.5, float("nan"), None, True, object)}) == \
        {"a": [1, 2.5, "nan", None, True, str(object)]}
    assert exports.plain(Export("your-week", {})) == {
        "exercise": "your-week", "answers": {}, "case": "", "group": "", "language": "en",
        "version": 1}
