"""The local-case template: a case for "Diagnose a case" written in a Word or Markdown form
instead of YAML, and turned into a case file (data/cases/<id>.yaml) that the course's own loader
checks.

The template's layout (its fields, their order and kind) is here; its words are data
(data/ui/case_template.yaml), in both languages. The same layout writes the blank templates
(Markdown, and Word from the Markdown) and reads a filled one back in either format. Every rule
about what a case must hold stays in ``cases``: the converter writes the file, loads it with
``load_case_file`` and explains the loader's message in the template's words.
"""

from __future__ import annotations

import argparse
import io
import re
import sys
import tempfile
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import yaml

from .cases import load_case_file
from .concepts import load_concepts
from .datafiles import LANGUAGES, DataError, data_dir
from .ui_text import ui_text

__all__ = ["FIELDS", "Block", "Field", "TemplateError", "convert", "docx_blocks",
           "markdown_blocks", "main", "read_template", "template_docx", "template_markdown"]

SECTION = "case_template"
# The first line of every case file the converter writes: it may replace such a file, never
# one written by hand (unless told to with --force).
MARKER = "# Written by tools/case_from_template.py"
DOCX_LANGUAGE_TAGS = {"en": "en-GB", "da": "da-DK"}
INSTRUCTION_STYLE = "Instruction"


@dataclass(frozen=True)
class Field:
    """One heading of the template: ``id`` names its words in the data (heading_<id>,
    instruction_<id>) and, mostly, the case file's field it fills."""

    id: str
    kind: str                       # text | yes-no | paragraphs | type | table | tasks | list
    group: str = ""                 # the concepts whose names label a table's rows
    columns: tuple[str, ...] = ()   # the case file's fields, one a column, the row's name first


FIELDS = (
    Field("title", "text"),
    Field("municipality", "text"),
    Field("fictional", "yes-no"),
    Field("sector", "text"),
    Field("about", "text"),
    Field("summary", "text"),
    Field("story", "paragraphs"),
    Field("question", "paragraphs"),
    Field("innovation_type", "type"),
    Field("actors", "table", "actors", ("actor", "importance", "purposes", "why")),
    Field("phases", "table", "phases", ("phase", "importance", "why")),
    Field("obstacles", "table", "obstacles", ("obstacle", "present", "lines", "why")),
    Field("leadership", "tasks", "leadership_tasks"),
    Field("sources", "list"),
)
FIELD = {field.id: field for field in FIELDS}
# The words of a table's columns (data/ui/case_template.yaml), by the case file's field.
COLUMN_WORDS = {"actor": "column_actor", "phase": "column_phase", "obstacle": "column_obstacle",
                "importance": "column_importance", "purposes": "column_purposes",
                "present": "column_present", "lines": "column_lines", "why": "column_why"}
# Fields of a case's top level that a heading holds under another name.
TOP_LEVEL_HEADING = {"evidence": "story", "id": "", "languages": ""}


class TemplateError(Exception):
    """A filled template the converter cannot read, with a message in the template's words."""


@dataclass(frozen=True)
class Block:
    """A piece of a template, the same whichever format it came from."""

    kind: str                                   # heading | instruction | paragraph | item | table
    text: str = ""
    level: int = 0                              # headings: 1, 2, 3
    rows: tuple[tuple[str, ...], ...] = ()      # tables: the cells' text, the header row first


class Text(str):
    """A text the facilitator wrote, in the template's language (the other values are ids,
    numbers and choices)."""


class Texts(list):
    """A list of texts (paragraphs, checklist points) that may differ in length by language."""


# ---------------------------------------------------------------- the words, in both languages

def _ui(language: str):
    return ui_text(SECTION, language)


def _squash(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def _key(text: str) -> str:
    """A heading, column or word as the converter compares it."""
    return _squash(text).strip(" :?.").casefold()


def _instructions() -> set[str]:
    keys = ["intro", "intro_next", *(f"instruction_{field.id}" for field in FIELDS)]
    return {_key(_ui(language)(key)) for language in LANGUAGES for key in keys}


def _words(*names: str) -> dict[str, str]:
    """Each of the template's words (word_<name>) in both languages -> the name."""
    return {_key(_ui(language)(f"word_{name}")): name for language in LANGUAGES for name in names}


def _concept_names(group: str) -> dict[str, str]:
    """Every way a template may name a concept -> its id: the id, and its name (whole or before
    a parenthesis) and its Danish term in both languages."""
    names = {}
    for language in LANGUAGES:
        for concept in getattr(load_concepts(language=language), group):
            for alias in (concept.id, concept.id.replace("-", " "), concept.name,
                          concept.name.split(" (")[0], concept.danish):
                if alias:
                    names.setdefault(_key(alias), concept.id)
    return names


def _match(text: str, names: dict[str, str]) -> str | None:
    """The id a cell or word names: exactly, or as the unique name it starts (a shortened
    'Politicians' for 'Politicians (councillors)')."""
    key = _key(text)
    if key in names:
        return names[key]
    found = {value for alias, value in names.items() if len(key) >= 4 and alias.startswith(key)}
    return found.pop() if len(found) == 1 else None


# ---------------------------------------------------------------- writing the blank templates

def template_markdown(language: str) -> str:
    """The blank template in ``language`` as Markdown: '#' headings, '>' instructions, tables
    with a row per concept, and the labels a filled answer follows."""
    ui = _ui(language)
    concepts = load_concepts(language=language)
    out = [f"# {ui('doc_title')}", "", f"> {ui('intro')}", ">", f"> {ui('intro_next')}", ""]
    for field in FIELDS:
        out += [f"## {ui('heading_' + field.id)}", "", f"> {ui('instruction_' + field.id)}", ""]
        if field.kind == "type":
            out += [ui("label_answer"), "", ui("label_why"), ""]
        elif field.kind == "table":
            header = [ui(COLUMN_WORDS[column]) for column in field.columns]
            out += ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
            out += [f"| {concept.name} |" + "  |" * (len(header) - 1)
                    for concept in getattr(concepts, field.group)]
            out.append("")
        elif field.kind == "tasks":
            for task in concepts.leadership_tasks:
                out += [f"### {task.name}", "", ui("label_model_answer"), "",
                        ui("label_checklist"), "", "- ", "- ", ""]
    return "\n".join(out).rstrip() + "\n"


def template_docx(markdown: str, language: str) -> bytes:
    """A template (blank or filled) as a Word file, written from its Markdown: the same
    headings, instructions (in the paragraph style 'Instruction': grey italics), paragraphs,
    bullets and tables, and an empty paragraph to type in under an empty heading."""
    from docx import Document
    from docx.enum.style import WD_STYLE_TYPE
    from docx.oxml.ns import qn
    from docx.oxml.parser import OxmlElement
    from docx.shared import Cm, Pt, RGBColor

    document = Document()
    properties = document.core_properties
    blocks = markdown_blocks(markdown)
    properties.title = next((b.text for b in blocks if b.kind == "heading"), "")
    properties.language = DOCX_LANGUAGE_TAGS[language]
    properties.author = properties.comments = properties.last_modified_by = ""
    run_defaults = document.styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault"))
    run_properties = run_defaults.find(qn("w:rPr"))
    lang = run_properties.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        run_properties.append(lang)
    lang.set(qn("w:val"), DOCX_LANGUAGE_TAGS[language])
    for section in document.sections:
        section.top_margin = section.bottom_margin = Cm(1.8)
        section.left_margin = section.right_margin = Cm(2)
    # Compact, so that the blank form stays short: small headings close to their text.
    styles = document.styles
    styles["Normal"].font.size = Pt(10.5)
    styles["Normal"].paragraph_format.space_after = Pt(3)
    for name, size, before in (("Title", 18, 0), ("Heading 1", 12.5, 10), ("Heading 2", 11, 6)):
        styles[name].font.size = Pt(size)
        styles[name].paragraph_format.space_before = Pt(before)
        styles[name].paragraph_format.space_after = Pt(3)
    instruction = document.styles.add_style(INSTRUCTION_STYLE, WD_STYLE_TYPE.PARAGRAPH)
    instruction.base_style = document.styles["Normal"]
    instruction.next_paragraph_style = document.styles["Normal"]
    instruction.font.italic = True
    instruction.font.size = Pt(9.5)
    instruction.font.color.rgb = RGBColor(0x4D, 0x4D, 0x4D)     # 8.5:1 on white

    def add(text: str, style: str | None = None):
        paragraph = document.add_paragraph(style=style)
        if text:
            paragraph.add_run(text)
        return paragraph

    for number, block in enumerate(blocks):
        following = blocks[number + 1] if number + 1 < len(blocks) else None
        previous = blocks[number - 1] if number else None
        if block.kind == "heading":
            document.add_heading(block.text, level=block.level - 1 if block.level > 1 else 0)
        elif block.kind == "instruction":
            add(block.text, INSTRUCTION_STYLE)
            if (following is None or following.kind == "heading") and \
                    previous is not None and previous.kind == "heading" and previous.level > 1:
                add("")                                  # a place to type the answer
        elif block.kind == "item":
            add(block.text, "List Bullet")
        elif block.kind == "paragraph":
            add(block.text)
        elif block.kind == "table":
            table = document.add_table(rows=len(block.rows), cols=len(block.rows[0]))
            table.style = "Table Grid"
            for row, cells in zip(table.rows, block.rows):
                for cell, text in zip(row.cells, cells):
                    cell.text = text
            for cell in table.rows[0].cells:
                for run in cell.paragraphs[0].runs:
                    run.bold = True
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


# ---------------------------------------------------------------- reading a template

_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*$")
_BULLET = re.compile(r"^[-*•](?:\s+(.*)|$)")
_SEPARATOR = re.compile(r"^:?-{2,}:?$")


def markdown_blocks(text: str) -> list[Block]:
    """A Markdown template as blocks: '#' headings, '>' instructions (a '>' line alone
    separates two), paragraphs (lines up to a blank line), bullets ('- ') and tables."""
    text = re.sub(r"<!--.*?-->", "", text, flags=re.S)
    blocks: list[Block] = []
    paragraph: list[str] = []
    quote: list[str] = []
    rows: list[tuple[str, ...]] = []

    def flush() -> None:
        if paragraph:
            blocks.append(Block("paragraph", " ".join(paragraph)))
        if quote:
            blocks.append(Block("instruction", " ".join(quote)))
        if rows:
            blocks.append(Block("table", rows=tuple(rows)))
        paragraph.clear(), quote.clear(), rows.clear()

    for raw in text.splitlines():
        line = raw.strip()
        heading = _HEADING.match(line)
        bullet = _BULLET.match(line)
        if heading:
            flush()
            blocks.append(Block("heading", heading.group(2), level=len(heading.group(1))))
        elif line.startswith(">"):
            if paragraph or rows:
                flush()
            if line[1:].strip():
                quote.append(line[1:].strip())
            else:
                flush()
        elif line.startswith("|"):
            if paragraph or quote:
                flush()
            cells = [cell.strip().replace("\\|", "|")
                     for cell in re.split(r"(?<!\\)\|", line.strip("|"))]
            if not all(_SEPARATOR.match(cell) for cell in cells):
                rows.append(tuple(cells))
        elif bullet:
            flush()
            blocks.append(Block("item", (bullet.group(1) or "").strip()))
        elif not line:
            flush()
        else:
            if quote or rows:
                flush()
            paragraph.append(line)
    flush()
    return blocks


def docx_blocks(source: Path | bytes) -> list[Block]:
    """A Word template as blocks: paragraphs in a 'Heading' or 'Title' style are headings, a
    paragraph that is one of the template's instructions is skipped, bulleted or list-styled
    paragraphs are bullets, and tables keep their cells' text."""
    from docx import Document
    from docx.table import Table

    document = Document(io.BytesIO(source) if isinstance(source, bytes) else str(source))
    known = _instructions()
    blocks = []
    for item in document.iter_inner_content():
        if isinstance(item, Table):
            blocks.append(Block("table", rows=tuple(tuple(cell.text.strip() for cell in row.cells)
                                                    for row in item.rows)))
            continue
        style = item.style.name if item.style is not None else ""
        text = item.text.strip()
        level = re.search(r"\d+", style)
        numbered = item._p.pPr is not None and item._p.pPr.numPr is not None
        if style == "Title" or (style.startswith("Heading") and text):
            blocks.append(Block("heading", text, level=int(level.group()) + 1 if level else 1))
        elif _key(text) in known:
            blocks.append(Block("instruction", text))
        elif style.startswith("List") or numbered or _BULLET.match(text):
            bullet = _BULLET.match(text)
            blocks.append(Block("item", (bullet.group(1) or "") if bullet else text))
        elif text:
            blocks.append(Block("paragraph", text))
    return blocks


@dataclass
class Section:
    field: Field
    heading: str                            # as the template has it
    blocks: list[Block]


def _sections(blocks: list[Block], name: str) -> tuple[str, dict[str, Section]]:
    """The template's language and its sections by field id; an unknown heading is refused."""
    headings = {}
    for language in LANGUAGES:
        ui = _ui(language)
        headings[_key(ui("doc_title"))] = (language, None)
        for field in FIELDS:
            headings[_key(ui("heading_" + field.id))] = (language, field)
    tasks = _concept_names("leadership_tasks")
    votes = {language: 0 for language in LANGUAGES}
    sections: dict[str, Section] = {}
    current: Section | None = None
    unknown = []
    for block in blocks:
        if block.kind == "heading":
            language, field = headings.get(_key(block.text), (None, None))
            if language:
                votes[language] += 1
            if field is not None:
                current = sections.setdefault(field.id, Section(field, block.text, []))
                continue
            if language is not None or (block.level == 1 and not sections):
                current = None                   # the document's title, even if retitled
                continue
            if current is not None and current.field.kind == "tasks" and _match(block.text, tasks):
                current.blocks.append(block)
                continue
            unknown.append(block.text)
            current = None
        elif current is not None and block.kind != "instruction":
            current.blocks.append(block)
    if not sections:
        raise TemplateError("\n".join(_ui(language)("msg_not_a_template", template=name)
                                      for language in LANGUAGES))
    language = max(LANGUAGES, key=lambda code: votes[code])
    if unknown:
        ui = _ui(language)
        raise TemplateError(ui("msg_unknown_heading", heading=unknown[0], headings="; ".join(
            ui("heading_" + field.id) for field in FIELDS)))
    return language, sections


def _strip_label(text: str, *labels: str) -> tuple[str, str]:
    """``text`` without a leading label (in either language): (the label's name, the rest)."""
    for label in labels:
        for code in LANGUAGES:
            word = _ui(code)(label)
            if text[:len(word)].casefold() == word.casefold():
                return label, text[len(word):].strip()
    return "", text


def _texts(section: Section | None) -> list[str]:
    if section is None:
        return []
    return [_squash(b.text) for b in section.blocks
            if b.kind in {"paragraph", "item"} and _squash(b.text)]


def _table_rows(section: Section | None) -> list[tuple[str, ...]]:
    if section is None:
        return []
    tables = [b for b in section.blocks if b.kind == "table"]
    return [tuple(_squash(cell) for cell in row) for table in tables for row in table.rows[1:]]


@dataclass
class FilledTemplate:
    """What a filled template says, as a case file's fields (texts marked as ``Text``)."""

    name: str                   # the template's file name, for messages
    language: str
    case: dict


def read_template(path: Path) -> FilledTemplate:
    """Read a filled template (.md or .docx) into the fields of a case file."""
    name = path.name
    try:
        if path.suffix.lower() == ".docx":
            blocks = docx_blocks(path)
        else:
            blocks = markdown_blocks(path.read_text(encoding="utf-8"))
    except Exception as error:          # a file Word or a text editor would not open either
        raise TemplateError("\n".join(_ui(language)("msg_unreadable", template=name,
                                                    reason=type(error).__name__)
                                      for language in LANGUAGES)) from None
    language, sections = _sections(blocks, name)
    ui = _ui(language)
    case: dict = {}
    for field_id in ("title", "municipality", "sector", "about", "summary"):
        texts = _texts(sections.get(field_id))
        if texts:
            case[field_id] = Text(" ".join(texts))
    answer = " ".join(_texts(sections.get("fictional")))
    if answer:
        word = _match(answer.split()[0], _words("yes", "no") | {"true": "yes", "false": "no"})
        case["fictional"] = {"yes": True, "no": False}.get(word, answer)
    if case.get("fictional") is True and "municipality" in case:
        marks = {_key(_ui(code)("fictional_mark")).strip("()") for code in LANGUAGES}
        if not any(mark in case["municipality"].casefold() for mark in marks | {"fiktiv"}):
            case["municipality"] = Text(f"{case['municipality']} {ui('fictional_mark')}")

    paragraphs = _texts(sections.get("story")) + _texts(sections.get("question"))
    story, evidence = _evidence(paragraphs, ui)
    if story:
        case["story"] = Texts(Text(p) for p in story)
    if evidence:
        case["evidence"] = [{"id": f"line-{n}", "text": Text(t)}
                            for n, t in enumerate(evidence, start=1)]
    expert: dict = {}
    innovation_type = _type_reading(sections.get("innovation_type"))
    if innovation_type:
        expert["innovation_type"] = innovation_type
    for field_id in ("actors", "phases", "obstacles"):
        readings = _readings(FIELD[field_id], sections.get(field_id))
        if readings:
            expert[field_id] = readings
    leadership = _task_readings(sections.get("leadership"))
    if leadership:
        expert["leadership"] = leadership
    case["expert"] = expert
    case["sources"] = _sources(sections.get("sources")) or [
        {"title": Text(ui("lecture_source"))}]
    order = ("title", "municipality", "sector", "fictional", "about", "summary", "story",
             "evidence", "expert", "sources")
    return FilledTemplate(name, language, {key: case[key] for key in order if key in case})


def _evidence(paragraphs: list[str], ui) -> tuple[list[str], list[str]]:
    """The story without its square brackets, and the bracketed sentences in order."""
    story, evidence = [], []
    for paragraph in paragraphs:
        depth, start = 0, 0
        for position, char in enumerate(paragraph):
            if char == "[":
                depth += 1
                start = position
            elif char == "]":
                depth -= 1
                if depth == 0:
                    evidence.append(_squash(paragraph[start + 1:position]))
            if depth not in (0, 1):
                break
        if depth != 0:
            raise TemplateError(ui("msg_brackets", text=paragraph[:120]))
        story.append(_squash(paragraph.replace("[", "").replace("]", "")))
    return story, evidence


def _type_reading(section: Section | None) -> dict | None:
    texts = _texts(section)
    if not texts:
        return None
    words = _words("service", "policy", "both") | _concept_names("innovation_types")
    answer, why = "", []
    for text in texts:
        label, rest = _strip_label(text, "label_answer", "label_why")
        if label == "label_answer" or (not label and not answer and not why):
            answer = rest
        elif rest:
            why.append(rest)
    reading: dict = {}
    if answer:
        first = re.split(r"[.,;:–—-]", answer, maxsplit=1)[0]
        chosen = _match(first, words) or _match(first.split()[0], words)
        reading["types"] = {"both": ["service", "policy"]}.get(chosen, [chosen or first])
        if not why and chosen and len(first) < len(answer):
            why = [answer[len(first):].strip(" .,;:–—-")]
    if why:
        reading["why"] = Text(" ".join(why))
    return reading


def _readings(field: Field, section: Section | None) -> list[dict]:
    """A table's filled rows as readings; an empty row leaves its concept out."""
    names = _concept_names(field.group)
    purposes = _concept_names("purposes")
    choices = _words("key", "useful", "little", "most", "also", "less", "yes", "no", "none")
    readings = []
    for cells in _table_rows(section):
        cells = (cells + ("",) * len(field.columns))[:len(field.columns)]
        if not any(cells[1:]):
            continue
        reading: dict = {}
        for column, cell in zip(field.columns, cells):
            if column in {"actor", "phase", "obstacle"}:
                reading[column] = _match(cell, names) or cell
            elif column == "importance" and cell:
                reading[column] = choices.get(_key(cell), cell)
            elif column == "present" and cell:
                word = choices.get(_key(cell.split()[0]), cell)
                reading[column] = {"yes": True, "no": False}.get(word, cell)
            elif column == "purposes" and cell:
                parts = [p for p in re.split(r"\s*(?:[,;/+&]|\band\b|\bog\b)\s*", cell) if p]
                chosen = [_match(p, purposes) or p for p in parts]
                if not all(choices.get(_key(p)) == "none" for p in parts):
                    reading[column] = chosen
            elif column == "lines" and cell:
                numbers = re.findall(r"\d+", cell)
                if numbers:
                    reading[column] = [f"line-{n}" for n in numbers]
                elif choices.get(_key(cell)) != "none":
                    reading[column] = [cell]
            elif column == "why" and cell:
                reading[column] = Text(cell)
        readings.append(reading)
    return readings


def _task_readings(section: Section | None) -> list[dict]:
    if section is None:
        return []
    tasks = _concept_names("leadership_tasks")
    readings: list[dict] = []
    in_checklist = False
    for block in section.blocks:
        if block.kind == "heading":
            readings.append({"task": _match(block.text, tasks) or block.text,
                             "answer": [], "checklist": Texts()})
            in_checklist = False
        elif readings and block.kind in {"paragraph", "item"} and _squash(block.text):
            label, rest = _strip_label(_squash(block.text), "label_model_answer",
                                       "label_checklist")
            in_checklist = (in_checklist or label == "label_checklist" or block.kind == "item")
            if rest and in_checklist:
                readings[-1]["checklist"].append(Text(rest))
            elif rest:
                readings[-1]["answer"].append(rest)
    result = []
    for reading in readings:
        entry: dict = {"task": reading["task"]}
        if reading["answer"] or reading["checklist"]:
            if reading["answer"]:
                entry["model_answer"] = Text(" ".join(reading["answer"]))
            if reading["checklist"]:
                entry["checklist"] = reading["checklist"]
            result.append(entry)
    return result


def _sources(section: Section | None) -> list[dict]:
    sources = []
    for text in _texts(section):
        url = re.search(r"https?://\S+", text)
        title = text
        if url:     # the address out, and with it any '()' or '<>' it stood in
            title = re.sub(r"\(\s*\)|<\s*>", "", text.replace(url.group(), ""))
            title = _squash(title).strip(" -–—:,;")
        source: dict = {"title": Text(title or (url.group() if url else text))}
        if url:
            source["url"] = url.group().rstrip(".,;)>")
        sources.append(source)
    return sources


# ---------------------------------------------------------------- one or two languages

class _Differ(Exception):
    def __init__(self, path: list, first, second):
        super().__init__(path)
        self.path, self.first, self.second = path, first, second


def _in_language(value, language: str):
    """A case's fields with every text as ``{language: text}``."""
    if isinstance(value, (Text, Texts)):
        return {language: [str(v) for v in value] if isinstance(value, Texts) else str(value)}
    if isinstance(value, dict):
        return {key: _in_language(item, language) for key, item in value.items()}
    if isinstance(value, list):
        return [_in_language(item, language) for item in value]
    return value


def _merged(english, danish, path: list):
    """Two templates' fields as one bilingual case: texts side by side, the rest the same."""
    if isinstance(english, (Text, Texts)) and isinstance(danish, (Text, Texts)):
        return {"en": _in_language(english, "en")["en"], "da": _in_language(danish, "da")["da"]}
    if isinstance(english, dict) and isinstance(danish, dict):
        if set(english) != set(danish):
            missing = sorted(set(english) ^ set(danish))[0]
            raise _Differ([*path, missing], english.get(missing, ""), danish.get(missing, ""))
        return {key: _merged(english[key], danish[key], [*path, key]) for key in english}
    if isinstance(english, list) and isinstance(danish, list) and len(english) == len(danish):
        return [_merged(a, b, [*path, n]) for n, (a, b) in enumerate(zip(english, danish))]
    if english != danish:
        raise _Differ(path, english, danish)
    return english


def _case_fields(templates: list[FilledTemplate], case_id: str) -> dict:
    """The case file's content, in one language (with ``languages``) or both."""
    if len(templates) == 1:
        template = templates[0]
        return {"id": case_id, "languages": [template.language],
                **_in_language(template.case, template.language)}
    by_language = {t.language: t for t in templates}
    english, danish = by_language["en"].case, by_language["da"].case
    ui = _ui("en")
    lines = (len(english.get("evidence", [])), len(danish.get("evidence", [])))
    if lines[0] != lines[1]:
        raise TemplateError(ui("msg_lines_differ", english=lines[0], danish=lines[1]) + "\n"
                            + _ui("da")("msg_lines_differ", english=lines[0], danish=lines[1]))
    try:
        return {"id": case_id, **_merged(english, danish, [])}
    except _Differ as differ:
        where = _location(differ.path)
        raise TemplateError("\n".join(
            _ui(code)("msg_differ", heading=_ui(code)("heading_" + where[0]),
                      where=_where_suffix(code, where[1:]),
                      first=differ.first, second=differ.second) for code in LANGUAGES)) from None


def _location(path: list) -> tuple:
    """(field id, row, column) of a place in a case's fields, for the two-template message."""
    if not path:
        return ("title", None, None)
    if path[0] == "expert" and len(path) > 1:
        field = path[1]
        row = path[2] if len(path) > 2 else None
        return (field, ("#", row) if row is not None else None, path[3] if len(path) > 3 else None)
    return (TOP_LEVEL_HEADING.get(path[0], path[0]) or "title", None, None)


def _where_suffix(language: str, where: tuple) -> str:
    ui = _ui(language)
    row, column = (where + (None, None))[:2]
    text = ""
    if row is not None:
        text += ui("msg_where_row", row=f"{row[1] + 1}")
    if column and column in COLUMN_WORDS:
        text += ui("msg_where_column", column=ui(COLUMN_WORDS[column]))
    return text


# ---------------------------------------------------------------- the case file and its check

def _slug(text: str) -> str:
    text = text.casefold().replace("æ", "ae").replace("ø", "oe").replace("å", "aa")
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    words = re.findall(r"[a-z0-9]+", text)
    return "-".join(words[:5]) or "local-case"


class _Dumper(yaml.SafeDumper):
    pass


def _represent_text(dumper, value: str):
    style = ">" if len(value) > 70 and "\n" not in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


def _represent_list(dumper, value: list):
    """Ids and choices on one line ([service, policy]), as the course's own case files have them."""
    short = all(isinstance(item, str) and re.fullmatch(r"[a-z0-9-]{1,40}", item) for item in value)
    return dumper.represent_sequence("tag:yaml.org,2002:seq", value, flow_style=bool(short and value))


_Dumper.add_representer(str, _represent_text)
_Dumper.add_representer(list, _represent_list)
_Dumper.add_representer(Text, _represent_text)


def case_yaml(fields: dict, sources: list[str]) -> str:
    """The case file's text: a header saying where it came from, then the fields."""
    header = [f"{MARKER} from {', '.join(sources)}.",
              "# Edit the template and convert it again, or edit this file "
              "(see data/cases/README.md)."]
    body = yaml.dump(fields, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=96,
                     default_flow_style=False)
    return "\n".join(header) + "\n" + body


def explain(error: DataError, template: FilledTemplate, case_id: str, shown_path: str,
            real_path: str) -> str:
    """The loader's message in the template's words: where in the template, what is wrong,
    what to do, and the loader's own message."""
    ui = _ui(template.language)
    concepts = load_concepts(language=template.language)
    entry = error.entry.removeprefix(case_id).lstrip(" >")
    parts = [part.strip() for part in entry.split(" > ")] if entry else []
    heading_id, where, instruction = None, "", None
    if not parts:
        heading_id = TOP_LEVEL_HEADING.get(error.field, error.field)
    elif parts[0].startswith("evidence"):
        heading_id = "story"
        number = re.search(r"line-(\d+)", parts[0])
        if number:
            where = ui("msg_where_line", number=number.group(1))
    elif parts[0].startswith("sources"):
        heading_id = "sources"
    elif parts[0] == "expert" and len(parts) == 1:
        heading_id = error.field
    elif parts[0] == "expert":
        name = re.match(r"(\w+)(?: '([^']*)'| #(\d+))?", parts[1])
        heading_id = name.group(1)
        field = FIELD.get(heading_id)
        row = name.group(2)
        if field is not None and field.kind == "table":
            if row:
                try:
                    row = concepts.get(field.group, row).name
                except KeyError:
                    pass
                where += ui("msg_where_row", row=row)
            elif name.group(3):
                where += ui("msg_where_row", row=name.group(3))
            if error.field in COLUMN_WORDS:
                where += ui("msg_where_column", column=ui(COLUMN_WORDS[error.field]))
        elif heading_id == "leadership":
            if row:
                try:
                    row = concepts.get("leadership_tasks", row).name
                except KeyError:
                    pass
                where += ui("msg_where_subheading", subheading=row)
            label = {"model_answer": "label_model_answer", "checklist": "label_checklist"}
            if error.field in label:
                where += ui("msg_where_label", label=ui(label[error.field]))
        elif heading_id == "innovation_type":
            label = {"types": "label_answer", "why": "label_why"}.get(error.field)
            if label:
                where += ui("msg_where_label", label=ui(label))
    if heading_id in FIELD:
        place = ui("msg_where", heading=ui("heading_" + heading_id)) + where
        instruction = ui("instruction_" + heading_id)
    else:
        place = ui("msg_where_out")
        instruction = ui("msg_out_instruction")
    message = str(error).replace(real_path, shown_path)
    return "\n".join([ui("msg_refused", template=template.name), f"  {place}:",
                      "  " + ui("msg_problem", problem=error.problem),
                      "  " + ui("msg_what_to_do", instruction=instruction),
                      "  " + ui("msg_check_said", message=message)])


def _shown(path: Path) -> str:
    """A path as the person at the command line gave it: from the current folder if inside."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


@dataclass(frozen=True)
class Result:
    ok: bool
    message: str
    out: Path | None = None


def convert(paths: list[Path], out: Path | None = None, force: bool = False) -> Result:
    """Read one filled template (or an English and a Danish one), write the case file and check
    it with the course's loader in each of its languages. Nothing is written unless it passes."""
    try:
        templates = [read_template(path) for path in paths]
    except TemplateError as error:
        return Result(False, str(error))
    if len({t.language for t in templates}) < len(templates):
        ui = _ui(templates[0].language)
        return Result(False, ui("msg_same_language",
                                language=ui(f"name_{templates[0].language}")))
    first = templates[0]
    ui = _ui(first.language)
    title = str(first.case.get("title", ""))
    out = out or data_dir() / "cases" / f"{_slug(title)}.yaml"
    case_id = out.stem
    if out.exists() and not force and not out.read_text(encoding="utf-8").startswith(MARKER):
        return Result(False, ui("msg_exists", out=_shown(out)))
    try:
        fields = _case_fields(templates, case_id)
    except TemplateError as error:
        return Result(False, str(error))
    text = case_yaml(fields, [p.name for p in paths])
    with tempfile.TemporaryDirectory() as folder:
        draft = Path(folder) / out.name
        draft.write_text(text, encoding="utf-8")
        for template in sorted(templates, key=lambda t: t.language):
            try:
                load_case_file(draft, language=template.language)
            except DataError as error:
                return Result(False, explain(error, template, case_id, _shown(out), str(draft)))
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(text, encoding="utf-8")
    message = [ui("msg_written", out=_shown(out), title=title)]
    if len(templates) == 1:
        other = next(code for code in LANGUAGES if code != first.language)
        message.append(ui("msg_one_language", language=ui(f"name_{first.language}"),
                          code=first.language, other_edition=ui(f"edition_{other}"),
                          other_template=ui(f"template_{other}")))
    return Result(True, "\n".join(message), out)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="case_from_template.py",
        description="Turn a filled local-case template (.md or .docx; templates/) into a case "
                    "file for 'Diagnose a case', checked by the course's loader. Give an English "
                    "and a Danish template together for a case in both languages.")
    parser.add_argument("templates", nargs="+", type=Path, metavar="TEMPLATE",
                        help="the filled template(s): .md or .docx")
    parser.add_argument("--out", type=Path,
                        help="the case file to write (default: data/cases/<id from the title>"
                             ".yaml); its name is the case's id")
    parser.add_argument("--force", action="store_true",
                        help="replace a case file that this converter did not write")
    args = parser.parse_args(argv)
    if len(args.templates) > 2:
        parser.error("give one filled template, or one English and one Danish")
    for path in args.templates:
        if not path.is_file():
            parser.error(f"{path}: no such file")
    result = convert(args.templates, args.out, args.force)
    print(result.message, file=sys.stdout if result.ok else sys.stderr)
    return 0 if result.ok else 1

