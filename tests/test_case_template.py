"""A local case without code: the templates (templates/local-case-<language>.md and .docx),
filled in as a facilitator would, become a case file through tools/case_from_template.py, pass
the course's loader and appear in the diagnosis app; a template with a gap is refused with the
loader's message in the template's words. Also the case file's optional `languages`."""

from __future__ import annotations

import html
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from docx import Document

from conftest import ROOT
from councillor_exercises.case_template import (FIELDS, docx_blocks, main, markdown_blocks,
                                                template_docx, template_markdown)
from councillor_exercises.cases import (Case, CaseInOtherLanguage, load_case, load_case_file,
                                        load_case_library)
from councillor_exercises.concepts import load_concepts
from councillor_exercises.datafiles import LANGUAGES, DataError
from councillor_exercises.ui_text import ui_text
from councillor_exercises.widgets.diagnosis_app import DiagnosisApp, worksheet_markdown

sys.path.insert(0, str(ROOT / "tools"))
import case_templates  # noqa: E402  (tools/case_templates.py)

TEMPLATES = ROOT / "templates"
CASES = ["fjordby-climate", "lindvig-schools", "bakkely-local-democracy",
         "fredericia-everyday-rehabilitation", "kildeby-welfare-technology"]
OTHER = {"en": "da", "da": "en"}


def words(language: str):
    return ui_text("case_template", language)


# ---------------------------------------------------------------- filling a template as a facilitator

def story_with_brackets(case: Case) -> list[str]:
    """The case's paragraphs with its evidence lines in [square brackets]."""
    paragraphs = []
    for paragraph in case.story:
        for line in case.evidence:
            if line.text in paragraph:
                paragraph = paragraph.replace(line.text, f"[{line.text}]", 1)
        paragraphs.append(paragraph)
    return paragraphs


def answers(case: Case, language: str) -> dict:
    """What a facilitator writes into the template for ``case``: per field, its texts, rows or
    tasks, in the template's own words."""
    ui, concepts = words(language), load_concepts(language=language)
    types = case.innovation_type.types
    number = {line.id: line.number for line in case.evidence}
    paragraphs = story_with_brackets(case)
    return {
        "title": [case.title], "municipality": [case.municipality],
        "fictional": [ui("word_yes") if case.fictional else ui("word_no")],
        "sector": [case.sector], "about": [case.about], "summary": [case.summary],
        "story": paragraphs[:-1], "question": paragraphs[-1:],
        "type": (ui("word_both") if len(types) == 2 else ui(f"word_{types[0]}"),
                 case.innovation_type.why),
        "actors": {concepts.get("actors", r.actor).name: (
            ui(f"word_{r.importance}"),
            ", ".join(concepts.get("purposes", p).name for p in r.purposes), r.why)
            for r in case.actors},
        "phases": {concepts.get("phases", r.phase).name: (ui(f"word_{r.importance}"), r.why)
                   for r in case.phases},
        "obstacles": {concepts.get("obstacles", r.obstacle).name: (
            ui("word_yes") if r.present else ui("word_no"),
            ", ".join(str(number[line]) for line in r.lines) or ui("word_none"), r.why)
            for r in case.obstacles},
        "tasks": {concepts.get("leadership_tasks", r.task).name: (r.model_answer, r.checklist)
                  for r in case.leadership},
        "sources": [f"{s.title} {s.url}".strip() for s in case.sources],
    }


def filled_markdown(case: Case, language: str, leave_out: tuple[str, ...] = ()) -> str:
    """The blank Markdown template, filled in with ``case`` (fields in ``leave_out`` blank)."""
    ui = words(language)
    text = (TEMPLATES / f"local-case-{language}.md").read_text(encoding="utf-8")
    given = answers(case, language)

    def replace(old: str, new: str) -> None:
        nonlocal text
        assert text.count(old) == 1, old
        text = text.replace(old, new)

    for field in ("title", "municipality", "fictional", "sector", "about", "summary", "story",
                  "question", "sources"):
        if field not in leave_out:
            instruction = f"> {ui('instruction_' + field)}\n"
            lines = [f"- {s}" for s in given[field]] if field == "sources" else given[field]
            replace(instruction, instruction + "\n" + "\n\n".join(lines) + "\n")
    if "innovation_type" not in leave_out:
        answer, why = given["type"]
        replace(f"\n{ui('label_answer')}\n", f"\n{ui('label_answer')} {answer}\n")
        replace(f"\n{ui('label_why')}\n", f"\n{ui('label_why')} {why}\n")
    for table in ("actors", "phases", "obstacles"):
        if table not in leave_out:
            for name, cells in given[table].items():
                replace(f"| {name} |" + "  |" * len(cells),
                        f"| {name} | " + " | ".join(cells) + " |")
    if "leadership" not in leave_out:
        for name, (model_answer, checklist) in given["tasks"].items():
            blank = (f"### {name}\n\n{ui('label_model_answer')}\n\n{ui('label_checklist')}\n\n"
                     "- \n- \n")
            replace(blank, f"### {name}\n\n{ui('label_model_answer')} {model_answer}\n\n"
                    f"{ui('label_checklist')}\n\n" + "".join(f"- {p}\n" for p in checklist))
    return text


def filled_docx(case: Case, language: str, path: Path, leave_out: tuple[str, ...] = ()) -> Path:
    """The blank Word template, filled in with ``case`` as a facilitator would in Word: typing
    in the empty paragraph under a heading, adding paragraphs and bullets, filling table cells."""
    ui = words(language)
    document = Document(str(TEMPLATES / f"local-case-{language}.docx"))
    given = answers(case, language)

    def under(heading: str) -> list:
        paragraphs = document.paragraphs
        start = next(n for n, p in enumerate(paragraphs)
                     if p.style.name.startswith("Heading") and p.text == heading)
        section = []
        for paragraph in paragraphs[start + 1:]:
            if paragraph.style.name.startswith("Heading"):
                break
            section.append(paragraph)
        return section

    for field in ("title", "municipality", "fictional", "sector", "about", "summary", "story",
                  "question", "sources"):
        if field in leave_out:
            continue
        empty = next(p for p in under(ui("heading_" + field)) if not p.text)
        for text in given[field]:
            empty.insert_paragraph_before(text, style="List Bullet" if field == "sources" else None)
    if "innovation_type" not in leave_out:
        answer, why = given["type"]
        for paragraph in under(ui("heading_innovation_type")):
            if paragraph.text == ui("label_answer"):
                paragraph.add_run(f" {answer}")
            elif paragraph.text == ui("label_why"):
                paragraph.add_run(f" {why}")
    for table, field in zip(document.tables, ("actors", "phases", "obstacles")):
        if field in leave_out:
            continue
        for row in table.rows[1:]:
            cells = given[field].get(row.cells[0].text)
            for cell, text in zip(row.cells[1:], cells or ()):
                cell.text = text
    if "leadership" not in leave_out:
        for name, (model_answer, checklist) in given["tasks"].items():
            section = under(name)
            section[0].add_run(f" {model_answer}")
            assert section[0].text.startswith(ui("label_model_answer"))
            for point in checklist:
                section[-1].insert_paragraph_before(point, style="List Bullet")
    document.save(str(path))
    return path


def convert(capsys, *args) -> tuple[int, str]:
    code = main([str(a) for a in args])
    out = capsys.readouterr()
    return code, out.out + out.err


def assert_same_reading(local: Case, original: Case) -> None:
    """The converted case says what the original says, step by step."""
    assert (local.title, local.sector, local.summary, local.about) == \
        (original.title, original.sector, original.summary, original.about)
    assert local.municipality == original.municipality and local.fictional == original.fictional
    assert local.story == original.story
    assert [line.text for line in local.evidence] == [line.text for line in original.evidence]
    assert (local.innovation_type.types, local.innovation_type.why) == \
        (original.innovation_type.types, original.innovation_type.why)
    # The template lists the actors in the lecture's order; a case file may use any order.
    assert sorted(local.actors, key=lambda r: r.actor) == sorted(original.actors, key=lambda r: r.actor)
    # The template has no accepted readings (also_accepted, accepted_as_most, accepted_lines):
    # a facilitator adds them in the case file.
    assert [(r.phase, r.importance, r.why) for r in local.phases] == \
        [(r.phase, r.importance, r.why) for r in original.phases]
    number = {line.id: line.number for line in original.evidence}
    for mine, theirs in zip(local.obstacles, original.obstacles, strict=True):
        assert (mine.obstacle, mine.present, mine.why) == (theirs.obstacle, theirs.present, theirs.why)
        assert [local.evidence_line(i).number for i in mine.lines] == [number[i] for i in theirs.lines]
    assert local.leadership == original.leadership
    assert [(s.title, s.url) for s in local.sources] == [(s.title, s.url) for s in original.sources]


def assert_in_the_app(case_id: str, title: str, language: str) -> None:
    app = DiagnosisApp(language=language)
    assert case_id in [value for _, value in app.case_picker.options]
    assert not app.library.refused
    app.case_picker.value = case_id
    app.start_button.click()
    assert app.case.id == case_id and html.escape(title) in app.session.children[0].value
    assert title in worksheet_markdown(language=language)


# ---------------------------------------------------------------- the templates themselves

def test_the_templates_are_what_the_script_writes():
    assert case_templates.stale() == [], "run: python tools/case_templates.py"


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_word_and_markdown_templates_have_the_same_headings_and_instructions(language):
    ui = words(language)
    concepts = load_concepts(language=language)
    markdown = markdown_blocks((TEMPLATES / f"local-case-{language}.md").read_text(encoding="utf-8"))
    word = docx_blocks(TEMPLATES / f"local-case-{language}.docx")

    def headings(blocks):
        return [(b.level, b.text) for b in blocks if b.kind == "heading"]

    expected = [(1, ui("doc_title"))]
    for field in FIELDS:
        expected.append((2, ui("heading_" + field.id)))
        if field.kind == "tasks":
            expected += [(3, task.name) for task in concepts.leadership_tasks]
    assert headings(word) == headings(markdown) == expected
    instructions = [b.text for b in markdown if b.kind == "instruction"]
    assert instructions == [b.text for b in word if b.kind == "instruction"]
    assert instructions == [ui("intro"), ui("intro_next"),
                            *(ui("instruction_" + field.id) for field in FIELDS)]
    assert [b.rows for b in word if b.kind == "table"] == \
        [b.rows for b in markdown if b.kind == "table"]


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_filled_examples_keep_the_blank_templates_headings_and_instructions(language):
    def frame(text):
        return [(b.kind, b.text) for b in markdown_blocks(text) if b.kind in {"heading", "instruction"}]

    example = (TEMPLATES / f"local-case-example-{language}.md").read_text(encoding="utf-8")
    assert frame(example) == frame(template_markdown(language))


# ---------------------------------------------------------------- a filled template becomes a case

@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("case_id", CASES)
def test_a_filled_markdown_template_gives_back_the_case_it_was_filled_with(
        fixture_data, capsys, tmp_path, case_id, language):
    original = load_case(case_id, language=language)
    template = tmp_path / f"local-{language}.md"
    template.write_text(filled_markdown(original, language), encoding="utf-8")
    out = fixture_data / "cases" / f"local-{case_id}.yaml"
    code, message = convert(capsys, template, "--out", out)
    assert code == 0, message
    assert words(language)("msg_written", out=out, title=original.title) in message
    content = yaml.safe_load(out.read_text(encoding="utf-8"))
    assert content["id"] == f"local-{case_id}" and content["languages"] == [language]
    assert_same_reading(load_case_file(out, language=language), original)


@pytest.mark.parametrize("language, case_id", [("da", "kildeby-welfare-technology"),
                                               ("en", "fjordby-climate")])
def test_a_filled_markdown_template_appears_in_its_editions_app_only(
        fixture_data, capsys, tmp_path, language, case_id):
    original = load_case(case_id, language=language)
    template = tmp_path / "local.md"
    template.write_text(filled_markdown(original, language), encoding="utf-8")
    assert convert(capsys, template, "--out", fixture_data / "cases" / "havnby-local.yaml")[0] == 0
    assert_in_the_app("havnby-local", original.title, language)
    # The other edition leaves it out quietly: not offered, not listed as refused.
    other = load_case_library(language=OTHER[language])
    assert "havnby-local" not in [case.id for case in other.cases]
    assert other.refused == () and other.other_languages == ("havnby-local",)
    assert DiagnosisApp(language=OTHER[language]).refused_html.value == ""


@pytest.mark.parametrize("language, case_id", [("da", "kildeby-welfare-technology"),
                                               ("en", "fredericia-everyday-rehabilitation")])
def test_a_filled_word_template_becomes_a_case_in_the_app(fixture_data, capsys, tmp_path,
                                                          language, case_id):
    original = load_case(case_id, language=language)
    template = filled_docx(original, language, tmp_path / "local.docx")
    out = fixture_data / "cases" / "havnby-word.yaml"
    code, message = convert(capsys, template, "--out", out)
    assert code == 0, message
    assert_same_reading(load_case_file(out, language=language), original)
    assert_in_the_app("havnby-word", original.title, language)


def test_the_examples_convert_alone_and_together_into_a_case_in_both_editions(fixture_data, capsys):
    english = TEMPLATES / "local-case-example-en.md"
    danish = TEMPLATES / "local-case-example-da.docx"
    # Without --out the file is named from the title, in the course's data/cases/.
    code, message = convert(capsys, danish)
    assert code == 0, message
    written = fixture_data / "cases" / "egeby-biblioteket-der-lukker-klokken.yaml"
    assert written.is_file() and "languages: [da]" in written.read_text(encoding="utf-8")
    assert "den engelske udgave udelader den" in message
    written.unlink()
    out = fixture_data / "cases" / "egeby-library.yaml"
    code, message = convert(capsys, english, danish, "--out", out)
    assert code == 0, message
    content = yaml.safe_load(out.read_text(encoding="utf-8"))
    assert "languages" not in content and set(content["title"]) == {"en", "da"}
    assert set(content["story"]) == {"en", "da"}
    for language, title in (("en", "Egeby: the library that closes at five"),
                            ("da", "Egeby: biblioteket, der lukker klokken fem")):
        case = load_case_file(out, language=language)
        assert case.title == title and case.municipality.startswith("Egeby Kommune (")
        assert [line.number for line in case.evidence] == [1, 2, 3, 4, 5, 6]
        assert case.obstacle_reading("politicians-talk-among-themselves").lines == ("line-2",)
        assert_in_the_app("egeby-library", title, language)
    # The file passes the check that every learner's text is in both languages.
    from test_languages import problems_in
    assert problems_in(out, root=fixture_data.parent) == []


# ---------------------------------------------------------------- what the converter refuses, and how

@pytest.mark.parametrize("language", LANGUAGES)
def test_a_template_with_a_missing_field_gives_the_loaders_message_by_heading(
        fixture_data, capsys, tmp_path, language):
    ui = words(language)
    template = tmp_path / "gap.md"
    template.write_text(filled_markdown(load_case("fjordby-climate", language=language),
                                        language, leave_out=("summary",)), encoding="utf-8")
    out = fixture_data / "cases" / "gap-case.yaml"
    code, message = convert(capsys, template, "--out", out)
    assert code == 1
    assert ui("msg_refused", template="gap.md") in message
    assert ui("msg_where", heading=ui("heading_summary")) in message
    assert ui("msg_what_to_do", instruction=ui("instruction_summary")) in message
    # The loader's own message, naming the file, the entry and the field.
    assert f"{out}: entry 'gap-case', field 'summary': is missing" in message
    assert not out.exists(), "a refused case must not be written"


def test_a_key_actor_without_a_purpose_is_named_by_row_and_column(fixture_data, capsys, tmp_path):
    ui = words("da")
    case = load_case("kildeby-welfare-technology", language="da")
    text = filled_markdown(case, "da")
    users = load_concepts(language="da").get("actors", "users").name
    old = f"| {users} | nøgle | Demokrati, Innovation |"
    assert old in text
    template = tmp_path / "actors.md"
    template.write_text(text.replace(old, f"| {users} | nøgle |  |"), encoding="utf-8")
    code, message = convert(capsys, template, "--out", fixture_data / "cases" / "x-case.yaml")
    assert code == 1
    assert (ui("msg_where", heading=ui("heading_actors")) + ui("msg_where_row", row=users)
            + ui("msg_where_column", column=ui("column_purposes"))) in message
    assert "field 'purposes': a key actor needs at least one purpose" in message


def test_a_story_too_short_and_an_open_bracket_are_explained(fixture_data, capsys, tmp_path):
    ui = words("en")
    case = load_case("fjordby-climate", language="en")
    instruction = f"> {ui('instruction_story')}\n"
    short = filled_markdown(case, "en", leave_out=("story",)).replace(
        instruction, instruction + "\n[One line.] [Two lines.] [Three lines.] Too short.\n")
    template = tmp_path / "short.md"
    template.write_text(short, encoding="utf-8")
    code, message = convert(capsys, template)
    assert code == 1 and ui("msg_where", heading=ui("heading_story")) in message
    assert "words; a story must have 300 to 600 words" in message
    first = case.evidence[0].text
    template.write_text(filled_markdown(case, "en").replace(f"[{first}]", f"{first}]"),
                        encoding="utf-8")
    code, message = convert(capsys, template)
    assert code == 1 and "A square bracket is opened and not closed" in message


def test_a_changed_heading_is_refused_with_the_headings_to_keep(capsys, tmp_path):
    template = tmp_path / "renamed.md"
    text = (TEMPLATES / "local-case-example-da.md").read_text(encoding="utf-8")
    template.write_text(text.replace("## Resumé", "## Kort resumé"), encoding="utf-8")
    code, message = convert(capsys, template)
    assert code == 1
    assert 'Overskriften "Kort resumé" er ikke en af skabelonens overskrifter' in message
    other = tmp_path / "notes.md"
    other.write_text("# Noter\n\nIntet her.\n", encoding="utf-8")
    code, message = convert(capsys, other)
    assert code == 1 and "none of the template's headings was found" in message


def test_a_word_template_with_a_missing_field_is_refused_too(fixture_data, capsys, tmp_path):
    ui = words("da")
    template = filled_docx(load_case("bakkely-local-democracy", language="da"), "da",
                           tmp_path / "gap.docx", leave_out=("leadership",))
    out = fixture_data / "cases" / "gap-case.yaml"
    code, message = convert(capsys, template, "--out", out)
    assert code == 1 and not out.exists()
    assert ui("msg_where", heading=ui("heading_leadership")) in message
    assert "field 'leadership': is missing" in message


def test_two_templates_must_agree_on_the_choices(capsys, tmp_path):
    english = TEMPLATES / "local-case-example-en.md"
    danish = tmp_path / "da.md"
    text = (TEMPLATES / "local-case-example-da.md").read_text(encoding="utf-8")
    danish.write_text(text.replace("| Eksperter | lidt |", "| Eksperter | nyttig |"),
                      encoding="utf-8")
    code, message = convert(capsys, english, danish, "--out", tmp_path / "egeby.yaml")
    assert code == 1 and "The two templates differ" in message and "little" in message
    code, message = convert(capsys, english, english, "--out", tmp_path / "egeby.yaml")
    assert code == 1 and "Both files are English templates" in message


def test_a_case_written_by_hand_is_not_replaced_but_a_converted_one_is(fixture_data, capsys):
    example = TEMPLATES / "local-case-example-en.md"
    hand_written = fixture_data / "cases" / "fjordby-climate.yaml"
    before = hand_written.read_text(encoding="utf-8")
    code, message = convert(capsys, example, "--out", hand_written)
    assert code == 1 and "was not written by this converter" in message
    assert hand_written.read_text(encoding="utf-8") == before
    out = fixture_data / "cases" / "egeby-library.yaml"
    assert convert(capsys, example, "--out", out)[0] == 0
    assert convert(capsys, example, "--out", out)[0] == 0      # converted again after an edit


def test_the_converter_runs_as_a_script(fixture_data, tmp_path):
    env = {**os.environ, "COURSE_DATA_DIR": str(fixture_data)}
    script = [sys.executable, str(ROOT / "tools" / "case_from_template.py")]
    blank = subprocess.run([*script, str(TEMPLATES / "local-case-en.docx"), "--out",
                            str(tmp_path / "blank-case.yaml")],
                           capture_output=True, text=True, env=env, cwd=tmp_path)
    assert blank.returncode == 1
    assert 'Under the heading "Title"' in blank.stderr and "field 'title': is missing" in blank.stderr
    done = subprocess.run([*script, str(TEMPLATES / "local-case-example-en.docx")],
                          capture_output=True, text=True, env=env, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert (fixture_data / "cases" / "egeby-the-library-that-closes.yaml").is_file()


# ---------------------------------------------------------------- `languages` in a case file

def test_a_case_for_one_edition_is_left_out_of_the_other_quietly(fixture_data):
    path = fixture_data / "cases" / "kildeby-welfare-technology.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace(
        "id: kildeby-welfare-technology\n", "id: kildeby-welfare-technology\nlanguages: [da]\n"),
        encoding="utf-8")
    english = load_case_library(language="en")
    assert "kildeby-welfare-technology" not in [case.id for case in english.cases]
    assert english.refused == () and english.other_languages == ("kildeby-welfare-technology",)
    assert "kildeby-welfare-technology" in [case.id for case in load_case_library(language="da").cases]
    with pytest.raises(CaseInOtherLanguage) as error:
        load_case("kildeby-welfare-technology", language="en")
    assert error.value.field == "languages" and "written for da only" in str(error.value)


def test_an_unknown_language_in_a_case_is_refused_by_file_entry_and_field(fixture_data):
    path = fixture_data / "cases" / "fjordby-climate.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace(
        "id: fjordby-climate\n", "id: fjordby-climate\nlanguages: [fr]\n"), encoding="utf-8")
    [error] = load_case_library(language="da").refused
    assert isinstance(error, DataError) and not isinstance(error, CaseInOtherLanguage)
    assert "fjordby-climate.yaml" in error.source and error.field == "languages"
    assert "'fr'; it must be one of: en, da" in str(error)


def test_the_language_check_reads_a_one_language_case_in_its_language(tmp_path):
    from test_languages import problems_in

    sample = tmp_path / "local.yaml"
    sample.write_text("id: local\nlanguages: [da]\ntitle:\n  da: Biblioteket i Egeby\n"
                      "summary:\n  en: Only in English, which this case does not declare.\n",
                      encoding="utf-8")
    assert problems_in(sample, root=tmp_path) == ["local.yaml: summary: no text in 'da'"]


# ---------------------------------------------------------------- the facilitator guide's section

GUIDES = {"en": ROOT / "book" / "facilitator-guide.md", "da": ROOT / "book" / "da" / "facilitator-guide.md"}


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_guide_offers_every_template_for_download(language):
    guide = GUIDES[language]
    text = guide.read_text(encoding="utf-8")
    assert "(facilitator-local-case)=" in text and "(facilitator-own-copy)=" in text
    targets = re.findall(r"\{download\}`[^<`]*<([^>]+)>`", text)
    files = {(guide.parent / target).resolve() for target in targets}
    assert all(path.is_file() for path in files), targets
    assert {p.name for p in files} == {f"local-case-{code}.{ext}" for code in LANGUAGES
                                       for ext in ("docx", "md")} | \
        {f"local-case-example-{code}.docx" for code in LANGUAGES}


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_guides_example_message_is_what_the_converter_says(fixture_data, capsys, tmp_path,
                                                               monkeypatch, language):
    """The guide shows the converter's answer to a template without a summary: it must be
    the real one, word for word."""
    guide = GUIDES[language].read_text(encoding="utf-8")
    section = guide.split("(facilitator-local-case)=")[1].split("(facilitator-own-copy)=")[0]
    shown = re.search(r"```text\n(.*?)```", section, re.S).group(1)
    example = (TEMPLATES / f"local-case-example-{language}.md").read_text(encoding="utf-8")
    summary = words(language)("heading_summary")
    before, after = example.split(f"## {summary}\n")
    instruction, _text, rest = after.split("\n\n", 2)
    rest = rest[rest.index("## "):]
    template = tmp_path / "egeby.docx"
    template.write_bytes(template_docx(before + f"## {summary}\n" + instruction + "\n\n" + rest,
                                       language))
    monkeypatch.chdir(fixture_data.parent)
    code, message = convert(capsys, template)
    assert code == 1
    assert [line.strip() for line in shown.strip().splitlines()] == \
        [line.strip() for line in message.strip().splitlines()]
