"""The worksheets and the answer key on paper: a sheaf (``worksheets.Sheaf``) as one
self-contained HTML page to print from a browser, or as a PDF; and the files the built site
offers (``site_files``), which the Sphinx extension writes after each edition is built.

HTML: A4, black on white, each sheet on a new page, lines and boxes to write in drawn with CSS;
no script, no image, no font and no style sheet from anywhere (everything is in the page).

PDF: fpdf2 with its core font Helvetica, written in the Windows-1252 encoding (the PDF's
WinAnsiEncoding), which holds æ, ø, å, §, the en dash and typographic quotes; the boxes to tick
and the lines to write on are drawn. No font file is embedded, nothing is fetched, and a
character the encoding lacks is replaced by its nearest plain form (tests check that the
course's data needs no such replacement).
"""

from __future__ import annotations

import html
import os
import re
import unicodedata
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Callable

from .worksheets import (DIAGNOSIS, Blank, Block, Heading, Items, Paragraph, Sheaf, Sheet,
                         Sheets, Span, Table, Tick, TickList, WritingBox, WritingLines,
                         answer_sheaf, case_sheet_id, exercise_title, exercises, plan_title,
                         session_plans, session_sheaves, single_sheaf, words, worksheet_sheaf)
from .cases import load_case_library

# ------------------------------------------------------------------------------------------
# HTML
# ------------------------------------------------------------------------------------------

STYLE = """
@page { size: A4; margin: 16mm 15mm 16mm 15mm; }
html { color: #000; background: #fff; }
body { font: 11pt/1.4 "Helvetica Neue", Helvetica, Arial, "Liberation Sans", sans-serif;
       max-width: 180mm; margin: 0 auto; padding: 1rem; }
a { color: #000; }
.screen { border: 1px solid #000; padding: .5rem 1rem; margin-bottom: 1.5rem; }
.screen ol { margin: .25rem 0; }
.sheet + .sheet { break-before: page; page-break-before: always; }
.sheet { margin-bottom: 2rem; }
.sheet-head { border-bottom: 2px solid #000; margin-bottom: 4mm; padding-bottom: 2mm; }
.course { font-size: 9pt; margin: 0; text-transform: uppercase; letter-spacing: .05em; }
h1 { font-size: 17pt; margin: 1mm 0; line-height: 1.2; }
.kind { font-size: 10pt; margin: 0 0 3mm; }
.name-line { display: flex; gap: 2mm; align-items: flex-end; margin: 0; }
.name-line .fill { flex: 1; border-bottom: 1px solid #000; height: 6mm; }
.banner { border: 2px solid #000; padding: 2mm 3mm; font-weight: bold; margin: 3mm 0; }
h2 { font-size: 13pt; margin: 5mm 0 2mm; }
h3 { font-size: 11.5pt; margin: 4mm 0 1.5mm; }
h4 { font-size: 11pt; margin: 3mm 0 1mm; font-style: italic; }
h2, h3, h4 { break-after: avoid; page-break-after: avoid; }
p { margin: 0 0 2mm; }
.small { font-size: 9.5pt; }
ul, ol { margin: 0 0 2mm; padding-left: 7mm; }
li { margin-bottom: 1mm; }
ul.ticks { list-style: none; padding-left: 0; }
ul.ticks li { display: flex; gap: 2.5mm; align-items: baseline;
              break-inside: avoid; page-break-inside: avoid; }
.tick { display: inline-block; flex: none; width: 3.6mm; height: 3.6mm; border: 1.2px solid #000;
        position: relative; top: .6mm; }
td .tick { top: 0; }
.lines { margin: 0 0 3mm; break-inside: avoid; page-break-inside: avoid; }
.lines .label, .box .label { font-style: italic; font-size: 10pt; }
.line { border-bottom: 1px solid #000; height: 8mm; }
.box { margin: 0 0 3mm; break-inside: avoid; page-break-inside: avoid; }
.box .frame { border: 1.2px solid #000; }
table { border-collapse: collapse; width: 100%; margin: 0 0 3mm; font-size: 10pt; }
th, td { border: 1px solid #000; padding: 1.2mm 1.8mm; vertical-align: top; text-align: left; }
th { font-weight: bold; }
td.tick-cell { text-align: center; vertical-align: middle; }
table.writing td { height: 9mm; }
tr { break-inside: avoid; page-break-inside: avoid; }
thead { display: table-header-group; }
.visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden;
                   clip: rect(0 0 0 0); white-space: nowrap; }
@media print {
  body { max-width: none; padding: 0; }
  .screen { display: none; }
  .sheet { margin-bottom: 0; }
}
"""


def _spans_html(spans: tuple[Span, ...]) -> str:
    out = []
    for span in spans:
        text = html.escape(span.text)
        if span.italic:
            text = f"<em>{text}</em>"
        if span.bold:
            text = f"<strong>{text}</strong>"
        out.append(text)
    return "".join(out)


def _paragraph_html(paragraph: Paragraph, tag: str = "p") -> str:
    classes = ' class="small"' if paragraph.small else ""
    return f"<{tag}{classes}>{_spans_html(paragraph.spans)}</{tag}>"


class _Html:
    """Renders blocks; ``words`` gives the hidden labels of boxes and blanks."""

    def __init__(self, words: dict[str, str], level_shift: int = 0):
        self.words = words
        self.shift = level_shift

    def tick(self) -> str:
        return (f'<span class="tick" role="img" '
                f'aria-label="{html.escape(self.words["tick_label"])}"></span>')

    def cell(self, cell, tag: str) -> str:
        if isinstance(cell, Tick):
            return f'<{tag} class="tick-cell">{self.tick()}</{tag}>'
        if isinstance(cell, Blank):
            return (f'<{tag}><span class="visually-hidden">'
                    f'{html.escape(self.words["write_label"])}</span></{tag}>')
        if isinstance(cell, Paragraph):
            return f"<{tag}>{_spans_html(cell.spans)}</{tag}>"
        return f"<{tag}>{html.escape(cell)}</{tag}>"

    def block(self, block: Block) -> str:
        if isinstance(block, Heading):
            level = min(block.level + self.shift, 6)
            return f"<h{level}>{html.escape(block.text)}</h{level}>"
        if isinstance(block, Paragraph):
            return _paragraph_html(block)
        if isinstance(block, Items):
            tag = "ol" if block.numbered else "ul"
            start = f' start="{block.start}"' if block.numbered and block.start != 1 else ""
            return (f"<{tag}{start}>" + "".join(_paragraph_html(i, "li") for i in block.items)
                    + f"</{tag}>")
        if isinstance(block, TickList):
            return ('<ul class="ticks">'
                    + "".join(f"<li>{self.tick()}<span>{_spans_html(o.spans)}</span></li>"
                              for o in block.options) + "</ul>")
        if isinstance(block, WritingLines):
            label = (f'<div class="label">{html.escape(block.label)}</div>' if block.label
                     else f'<span class="visually-hidden">{html.escape(self.words["write_label"])}'
                          "</span>")
            return (f'<div class="lines">{label}'
                    + '<div class="line"></div>' * block.count + "</div>")
        if isinstance(block, WritingBox):
            return (f'<div class="box"><div class="label">{html.escape(block.label)}</div>'
                    f'<div class="frame" style="height:{block.lines * 8}mm"></div></div>')
        if isinstance(block, Table):
            total = sum(block.widths)
            cols = "".join(f'<col style="width:{100 * w / total:.1f}%">' for w in block.widths)
            head = "".join(f'<th scope="col">{html.escape(h)}</th>' for h in block.header)
            rows = "".join("<tr>" + "".join(self.cell(c, "td") for c in row) + "</tr>"
                           for row in block.rows)
            kind = ' class="writing"' if block.writing else ""
            return (f"<table{kind}><colgroup>{cols}</colgroup><thead><tr>{head}</tr></thead>"
                    f"<tbody>{rows}</tbody></table>")
        raise TypeError(f"not a block: {block!r}")


def sheet_anchor(sheet: Sheet) -> str:
    return f"sheet-{sheet.id}"


def to_html(sheaf: Sheaf) -> str:
    """One self-contained page: every sheet of the sheaf, each starting on a new A4 page."""
    w = sheaf.words
    e = html.escape
    render = _Html(w)
    contents = "".join(f'<li><a href="#{sheet_anchor(s)}">{e(s.title)}</a>'
                       f"{' · ' + e(s.subtitle) if s.subtitle else ''}</li>" for s in sheaf.sheets)
    parts = [
        "<!DOCTYPE html>",
        f'<html lang="{sheaf.language}">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{e(sheaf.title)} · {e(w['course_name'])}</title>",
        f"<style>{STYLE}</style>",
        "</head>",
        "<body>",
        '<header class="screen">',
        f"<p><strong>{e(sheaf.title)}</strong></p>",
        f"<p>{e(w['key_banner'] if sheaf.answers else w['print_hint'])}</p>",
    ]
    if len(sheaf.sheets) > 1:
        parts.append(f'<nav aria-label="{e(w["contents"])}"><p>{e(w["contents"])}</p>'
                     f"<ol>{contents}</ol></nav>")
    parts += ["</header>", "<main>"]
    for sheet in sheaf.sheets:
        parts.append(f'<article class="sheet" id="{sheet_anchor(sheet)}">')
        parts.append('<header class="sheet-head">')
        parts.append(f'<p class="course">{e(w["course_name"])}</p>')
        parts.append(f"<h1>{e(sheet.title)}</h1>")
        if sheet.subtitle:
            parts.append(f'<p class="kind">{e(sheet.subtitle)}</p>')
        if sheaf.answers:
            parts.append(f'<p class="banner">{e(w["key_banner"])}</p>')
        else:
            parts.append(f'<p class="name-line"><span>{e(w["name_line"])}:</span>'
                         f'<span class="fill"></span></p>')
        parts.append("</header>")
        parts += [render.block(block) for block in sheet.blocks]
        parts.append("</article>")
    parts += ["</main>", "</body>", "</html>", ""]
    return "\n".join(parts)


# ------------------------------------------------------------------------------------------
# PDF
# ------------------------------------------------------------------------------------------

PDF_ENCODING = "windows-1252"
# Characters outside Windows-1252 that course texts might hold, and their plain forms.
_PLAIN = {"≥": ">=", "≤": "<=", "→": "->", "←": "<-", "✓": "x", "☐": "[ ]", "−": "-",
          "\u2009": " ", "\u202f": " ", "\u2011": "-", "\u2010": "-"}


def pdf_safe(text: str) -> str:
    """Text the PDF's core font can show: characters Windows-1252 lacks become their nearest
    plain form (CO₂ becomes CO2), and any still missing a question mark."""
    out = []
    for char in text:
        try:
            char.encode(PDF_ENCODING)
            out.append(char)
            continue
        except UnicodeEncodeError:
            pass
        plain = _PLAIN.get(char) or unicodedata.normalize("NFKC", char)
        try:
            plain.encode(PDF_ENCODING)
            out.append(plain)
        except UnicodeEncodeError:
            out.append("?")
    return "".join(out)


FONT = "helvetica"
BODY = 10.5         # pt, body text
SMALL = 9.5         # pt, sources and notes
CELL = 9.0          # pt, table cells
WRITE = 8.0         # mm, the height of a line to write on
BOX = 3.6           # mm, the side of a box to tick
PAD = 1.2           # mm, inside a table cell


def _leading(size: float) -> float:
    """The height of a line of text of ``size`` points, in mm."""
    return size * 0.4939


def _style(span: Span, bold: bool = False) -> str:
    return ("B" if span.bold or bold else "") + ("I" if span.italic else "")


def _creation_date() -> datetime | None:
    """SOURCE_DATE_EPOCH, where set, makes a build's PDFs byte for byte the same."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.isdigit():
        return datetime.fromtimestamp(int(epoch), tz=timezone.utc)
    return None


def to_pdf(sheaf: Sheaf) -> bytes:
    """The sheaf as an A4 PDF: each sheet from a new page, a bookmark for each, page numbers."""
    from fpdf import FPDF       # imported here: only the build writes PDFs

    w = sheaf.words
    footer_template = w["page_footer"]
    title = sheaf.title

    class Document(FPDF):
        def footer(self) -> None:
            self.set_y(-11)
            self.set_font(FONT, size=8)
            self.cell(0, 5, pdf_safe(footer_template.format(
                title=title, page=self.page_no(), pages="{nb}")), align="R")

    pdf = Document(format="A4", unit="mm")
    pdf.core_fonts_encoding = PDF_ENCODING
    pdf.set_margins(15, 14, 15)
    # Pages break where the layout below says, never in the middle of a drawn line or box.
    pdf.set_auto_page_break(False, margin=16)
    pdf.set_title(pdf_safe(f"{title} · {w['course_name']}"))
    pdf.set_author(pdf_safe(w["course_name"]))
    pdf.set_creator("fpdf2")
    pdf.set_lang(sheaf.language)
    stamp = _creation_date()
    if stamp is not None:
        pdf.set_creation_date(stamp)
    layout = _PdfLayout(pdf, w)
    for sheet in sheaf.sheets:
        layout.sheet(sheet, sheaf.answers)
    return bytes(pdf.output())


class _PdfLayout:
    """Lays the blocks out on A4 pages: its own line breaking over styled words (fpdf2's
    multi_cell measures a line afresh for every character, too slow for a book's worth of
    worksheets), boxes and lines drawn, tables drawn row by row with their heading repeated
    after a page break."""

    BOTTOM = 16.0       # mm, the bottom margin (the footer sits in it)

    def __init__(self, pdf, words: dict[str, str]):
        self.pdf = pdf
        self.words = words
        self._widths: dict[tuple[str, float, str], float] = {}

    # --- measuring and breaking ---
    @property
    def width(self) -> float:
        return self.pdf.epw

    @property
    def left(self) -> float:
        return self.pdf.l_margin

    @property
    def limit(self) -> float:
        return self.pdf.h - self.BOTTOM

    def measure(self, text: str, style: str, size: float) -> float:
        key = (style, size, text)
        if key not in self._widths:
            self.pdf.set_font(FONT, style=style, size=size)
            self._widths[key] = self.pdf.get_string_width(text)
        return self._widths[key]

    def wrap(self, spans: tuple[Span, ...], width: float, size: float,
             bold: bool = False) -> list[list[tuple[str, str]]]:
        """Lines of (text, style) runs that fit ``width`` mm; words (runs between spaces, which
        may change style inside) never split unless one alone is too wide."""
        words: list[list[tuple[str, str]]] = [[]]     # a word: its runs; [] marks a space
        for span in spans:
            style = _style(span, bold)
            for piece in re.findall(r"\S+|\s+", pdf_safe(span.text)):
                if piece.isspace():
                    if words[-1]:
                        words.append([])
                else:
                    words[-1].append((piece, style))
        lines: list[list[tuple[str, str]]] = []
        line: list[tuple[str, str]] = []
        used = 0.0
        for word in (w for w in words if w):
            space = self.measure(" ", line[-1][1], size) if line else 0.0
            size_of = sum(self.measure(text, style, size) for text, style in word)
            if line and used + space + size_of > width:
                lines.append(line)
                line, used, space = [], 0.0, 0.0
            if size_of > width:            # a word wider than the column: cut it
                for text, style in word:
                    for char in text:
                        char_width = self.measure(char, style, size)
                        if line and used + char_width > width:
                            lines.append(line)
                            line, used = [], 0.0
                        line.append((char, style))
                        used += char_width
                continue
            if line:
                line.append((" ", line[-1][1]))
                used += space
            line += word
            used += size_of
        if line:
            lines.append(line)
        return lines or [[]]

    def draw_line(self, runs: list[tuple[str, str]], x: float, top: float, size: float) -> None:
        """One line of runs, its top at ``top`` mm."""
        pdf = self.pdf
        baseline = top + _leading(size) * 0.78
        merged: list[tuple[str, str]] = []
        for text, style in runs:
            if merged and merged[-1][1] == style:
                merged[-1] = (merged[-1][0] + text, style)
            else:
                merged.append((text, style))
        for text, style in merged:
            pdf.set_font(FONT, style=style, size=size)
            pdf.text(x, baseline, text)
            x += pdf.get_string_width(text)

    def room(self, needed: float) -> None:
        """A new page unless ``needed`` mm are left above the bottom margin."""
        if self.pdf.get_y() + needed > self.limit:
            self.pdf.add_page()

    def paragraph(self, spans: tuple[Span, ...], indent: float = 0, size: float = BODY,
                  after: float = 1.6, bold: bool = False,
                  marker: Callable[[float], None] | None = None) -> None:
        """Text from the current position, across pages if need be; ``marker`` draws what
        stands before the first line (a bullet, a number, a box)."""
        pdf = self.pdf
        leading = _leading(size)
        for number, runs in enumerate(self.wrap(spans, self.width - indent, size, bold)):
            self.room(leading)
            top = pdf.get_y()
            if number == 0 and marker is not None:
                marker(top)
            self.draw_line(runs, self.left + indent, top, size)
            pdf.set_y(top + leading)
        pdf.set_y(pdf.get_y() + after)

    def tick_box(self, x: float, top: float) -> None:
        self.pdf.set_line_width(0.3)
        self.pdf.rect(x, top, BOX, BOX)

    def rule(self, y: float, width: float = 0.25) -> None:
        self.pdf.set_line_width(width)
        self.pdf.line(self.left, y, self.left + self.width, y)

    # --- a sheet ---
    def sheet(self, sheet: Sheet, answers: bool) -> None:
        pdf, w = self.pdf, self.words
        pdf.add_page()
        pdf.start_section(pdf_safe(sheet.title), level=0)
        self.paragraph((Span(w["course_name"].upper()),), size=8, after=0.5)
        self.paragraph((Span(sheet.title, bold=True),), size=16, after=0.8)
        if sheet.subtitle:
            self.paragraph((Span(sheet.subtitle),), size=SMALL, after=1.5)
        if answers:
            top = pdf.get_y()
            pdf.set_x(self.left)
            pdf.set_y(top + 2)
            self.paragraph((Span(w["key_banner"], bold=True),), indent=2, size=10, after=0)
            bottom = pdf.get_y() + 1.5
            pdf.set_line_width(0.6)
            pdf.rect(self.left, top, self.width, bottom - top)
            pdf.set_y(bottom + 2)
        else:
            label = pdf_safe(w["name_line"] + ":")
            top = pdf.get_y()
            self.draw_line([(label, "")], self.left, top + 2, 10)
            end = self.left + self.measure(label, "", 10) + 2
            pdf.set_line_width(0.3)
            pdf.line(end, top + 7, self.left + self.width, top + 7)
            pdf.set_y(top + 9)
        self.rule(pdf.get_y(), 0.6)
        pdf.set_y(pdf.get_y() + 3)
        for block in sheet.blocks:
            self.block(block)

    def block(self, block: Block) -> None:
        pdf = self.pdf
        if isinstance(block, Heading):
            size = {2: 13.0, 3: 11.5}.get(block.level, BODY)
            self.room(24)       # no heading alone at the foot of a page
            pdf.set_y(pdf.get_y() + (2.5 if block.level == 2 else 1.2))
            self.paragraph((Span(block.text, bold=True, italic=block.level >= 4),),
                           size=size, after=1.2)
        elif isinstance(block, Paragraph):
            self.paragraph(block.spans, size=SMALL if block.small else BODY)
        elif isinstance(block, Items):
            for number, item in enumerate(block.items, start=block.start):
                size = SMALL if item.small else BODY
                mark = f"{number}." if block.numbered else "•"
                self.paragraph(item.spans, indent=7, size=size, after=0.8,
                               marker=lambda top, mark=mark, size=size: self.draw_line(
                                   [(mark, "")], self.left + 1, top, size))
            pdf.set_y(pdf.get_y() + 0.8)
        elif isinstance(block, TickList):
            for option in block.options:
                self.paragraph(option.spans, indent=7, after=1.4,
                               marker=lambda top: self.tick_box(self.left + 0.5, top + 0.6))
            pdf.set_y(pdf.get_y() + 0.6)
        elif isinstance(block, WritingLines):
            label = _leading(SMALL) if block.label else 0
            self.room(label + block.count * WRITE + 2)
            if block.label:
                self.paragraph((Span(block.label, italic=True),), size=SMALL, after=0)
            for _ in range(block.count):
                y = pdf.get_y() + WRITE
                self.rule(y)
                pdf.set_y(y)
            pdf.set_y(pdf.get_y() + 3)
        elif isinstance(block, WritingBox):
            self.room(_leading(SMALL) + block.lines * WRITE + 3)
            self.paragraph((Span(block.label, italic=True),), size=SMALL, after=0.5)
            pdf.set_line_width(0.35)
            pdf.rect(self.left, pdf.get_y(), self.width, block.lines * WRITE)
            pdf.set_y(pdf.get_y() + block.lines * WRITE + 3)
        elif isinstance(block, Table):
            self.table(block)
        else:
            raise TypeError(f"not a block: {block!r}")

    # --- tables ---
    def _cell_lines(self, cell, width: float, bold: bool = False):
        if isinstance(cell, (Tick, Blank)):
            return []
        spans = cell.spans if isinstance(cell, Paragraph) else (Span(cell),)
        return self.wrap(spans, width - 2 * PAD, CELL, bold)

    def _row(self, cells, widths: tuple[float, ...], bold: bool, minimum: float) -> None:
        pdf = self.pdf
        leading = _leading(CELL)
        laid = [self._cell_lines(cell, width, bold) for cell, width in zip(cells, widths)]
        height = max(minimum, max(len(lines) for lines in laid) * leading + 2 * PAD)
        top, x = pdf.get_y(), self.left
        pdf.set_line_width(0.25)
        for cell, width, lines in zip(cells, widths, laid):
            pdf.rect(x, top, width, height)
            if isinstance(cell, Tick):
                self.tick_box(x + (width - BOX) / 2, top + (height - BOX) / 2)
            for number, runs in enumerate(lines):
                self.draw_line(runs, x + PAD, top + PAD + number * leading, CELL)
            x += width
        pdf.set_y(top + height)

    def _row_height(self, cells, widths, bold: bool, minimum: float) -> float:
        laid = [self._cell_lines(cell, width, bold) for cell, width in zip(cells, widths)]
        return max(minimum, max(len(lines) for lines in laid) * _leading(CELL) + 2 * PAD)

    def table(self, block: Table) -> None:
        pdf = self.pdf
        total = sum(block.widths)
        widths = tuple(self.width * w / total for w in block.widths)
        minimum = 9.0 if block.writing else 0.0
        header = block.header
        head_height = self._row_height(header, widths, True, 0)
        first = block.rows[0] if block.rows else ()
        self.room(head_height + (self._row_height(first, widths, False, minimum) if first else 0))
        self._row(header, widths, True, 0)
        for row in block.rows:
            height = self._row_height(row, widths, False, minimum)
            if pdf.get_y() + height > self.limit:
                pdf.add_page()
                self._row(header, widths, True, 0)
            self._row(row, widths, False, minimum)
        pdf.set_y(pdf.get_y() + 3)


# ------------------------------------------------------------------------------------------
# The files of the built site
# ------------------------------------------------------------------------------------------

FOLDER = "worksheets"      # in each edition of the site: <edition>/worksheets/


@dataclass(frozen=True)
class SiteFile:
    """One file the site offers under <edition>/worksheets/."""

    name: str                # e.g. 'service-or-policy.html'
    label: str               # how the facilitator guide names it
    group: str               # 'all', 'exercise', 'case', 'session'
    answers: bool
    build: Callable[[], Sheaf]   # makes the file's sheaf when called

    @property
    def kind(self) -> str:
        return self.name.rsplit(".", 1)[1]


def site_files(language: str, sheets: Sheets | None = None) -> list[SiteFile]:
    """Every worksheet file of an edition, in the order the facilitator guide lists them: the
    pages to print from a browser (all worksheets, the answer key, each exercise, each case),
    then each session plan's PDFs, then the PDFs of every exercise. ``build`` makes a file's
    sheaf when it is called (the guide's links need only the names)."""
    w = words(language)
    sheets = sheets if sheets is not None else Sheets(language)
    files = [SiteFile("worksheets.html", w("links_all_worksheets"), "all", False,
                      lambda: worksheet_sheaf(language, sheets=sheets)),
             SiteFile("answer-key.html", w("links_answer_key"), "all", True,
                      lambda: answer_sheaf(language, sheets=sheets))]
    for exercise in exercises():
        title = exercise_title(exercise, language)
        files.append(SiteFile(f"{exercise}.html", title, "exercise", False,
                              lambda exercise=exercise, title=title: worksheet_sheaf(
                                  language, (exercise,), exercise, title, sheets)))
    # One page for each case (a case file that does not load is left out, as in the app).
    for case in load_case_library(language=language).cases:
        files.append(SiteFile(f"{case_sheet_id(case)}.html", w("links_case", title=case.title),
                              "case", False, lambda case=case: single_sheaf(next(
                                  s for s in sheets.of(DIAGNOSIS)
                                  if s.id == case_sheet_id(case)), language)))
    for plan in session_plans(language):
        files.append(SiteFile(f"{plan.id}-worksheets.pdf", plan_title(plan), "session", False,
                              lambda plan=plan: session_sheaves(plan, sheets)[0]))
        files.append(SiteFile(f"{plan.id}-answer-key.pdf", plan_title(plan), "session", True,
                              lambda plan=plan: session_sheaves(plan, sheets)[1]))
    files.append(SiteFile("worksheets.pdf", w("links_all_pdf"), "session", False,
                          lambda: worksheet_sheaf(language, sheets=sheets)))
    files.append(SiteFile("answer-key.pdf", w("links_all_pdf"), "session", True,
                          lambda: answer_sheaf(language, sheets=sheets)))
    return files


def write_site_files(folder: Path, language: str) -> list[Path]:
    """Write every worksheet file of an edition into ``folder`` (emptied first, so a removed
    case leaves no stale page), and return their paths."""
    folder.mkdir(parents=True, exist_ok=True)
    for old in folder.iterdir():
        if old.is_file() and old.suffix in {".html", ".pdf"}:
            old.unlink()
    written = []
    for site_file in site_files(language, Sheets(language)):
        sheaf = site_file.build()
        path = folder / site_file.name
        if site_file.kind == "pdf":
            path.write_bytes(to_pdf(sheaf))
        else:
            path.write_text(to_html(sheaf), encoding="utf-8")
        written.append(path)
    return written


__all__ = ["FOLDER", "SiteFile", "pdf_safe", "site_files", "to_html", "to_pdf",
           "write_site_files"]
