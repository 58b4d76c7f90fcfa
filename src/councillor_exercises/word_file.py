"""A Word file (.docx) written with the standard library alone, so that the exercises can offer
one where no compiled library can be loaded (the reader's browser, under Pyodide).

The file is the smallest WordprocessingML package Word, LibreOffice and python-docx open
without complaint: the document, its styles (the built-in ones the document uses, under the
names Word knows them by, so its navigation pane and screen readers find the headings), the
bullets' numbering, the settings that keep Word out of compatibility mode, and the core
properties with the title and the language. A4 paper, 2.5 cm margins, Calibri.

Every text is written as text: escaped, with the characters XML cannot hold left out, line
breaks as Word's line breaks and tabs as tabs. Nothing given can become a field, a link or
markup. The same paragraphs give the same bytes (no dates in the properties or the archive).
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass
from xml.sax.saxutils import escape

DOCX_MIME = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"

# Paragraph styles, by the ids the document refers to them with (all defined in STYLES_XML).
NORMAL, HEADING_1, HEADING_2, LIST_BULLET, QUOTE = (
    "Normal", "Heading1", "Heading2", "ListBullet", "Quote")
PARAGRAPH_STYLES = frozenset({NORMAL, HEADING_1, HEADING_2, LIST_BULLET, QUOTE})

FONT = "Calibri"
# A4 in twentieths of a point, and 2.5 cm margins all round.
PAGE_WIDTH, PAGE_HEIGHT, MARGIN = 11906, 16838, 1417
# Office's document property fields hold at most this many characters.
MAX_PROPERTY_CHARS = 255

# Characters XML 1.0 cannot hold (control characters, lone surrogates, U+FFFE/U+FFFF): text
# pasted from elsewhere may carry them, and the file must still be written. Tabs and line
# breaks stay, as Word's own.
_NOT_IN_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_LINE_BREAK = re.compile("\r\n|\r|\n")


@dataclass(frozen=True)
class Run:
    """A stretch of text in one paragraph, with its emphasis."""

    text: str
    bold: bool = False
    italic: bool = False


@dataclass(frozen=True)
class Paragraph:
    runs: tuple[Run, ...]
    style: str = NORMAL


def xml_text(text: str) -> str:
    """Text as XML can carry it: the characters XML 1.0 cannot hold left out, the rest kept."""
    return _NOT_IN_XML.sub("", text)


def _escaped(text: str) -> str:
    return escape(xml_text(text))


def _attribute(text: str) -> str:
    return escape(xml_text(text), {'"': "&quot;"})


def _run_xml(run: Run) -> str:
    pieces = []
    for line_number, line in enumerate(_LINE_BREAK.split(xml_text(run.text))):
        if line_number:
            pieces.append("<w:br/>")
        for tab_number, chunk in enumerate(line.split("\t")):
            if tab_number:
                pieces.append("<w:tab/>")
            if chunk:
                pieces.append(f'<w:t xml:space="preserve">{escape(chunk)}</w:t>')
    if not pieces:
        return ""
    emphasis = ("<w:b/><w:bCs/>" if run.bold else "") + ("<w:i/><w:iCs/>" if run.italic else "")
    properties = f"<w:rPr>{emphasis}</w:rPr>" if emphasis else ""
    return f"<w:r>{properties}{''.join(pieces)}</w:r>"


def _paragraph_xml(paragraph: Paragraph) -> str:
    if paragraph.style not in PARAGRAPH_STYLES:
        raise ValueError(f"no paragraph style {paragraph.style!r} in the Word file's styles; "
                         f"use one of {sorted(PARAGRAPH_STYLES)}")
    properties = ("" if paragraph.style == NORMAL
                  else f'<w:pPr><w:pStyle w:val="{paragraph.style}"/></w:pPr>')
    return f"<w:p>{properties}{''.join(_run_xml(run) for run in paragraph.runs)}</w:p>"


_DECLARATION = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
_W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
_PACKAGE_RELATIONSHIPS = "http://schemas.openxmlformats.org/package/2006/relationships"
_DOCUMENT_RELATIONSHIPS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_WORDPROCESSING = "application/vnd.openxmlformats-officedocument.wordprocessingml"

CONTENT_TYPES_XML = (
    _DECLARATION
    + '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
    'relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    f'<Override PartName="/word/document.xml" ContentType="{_WORDPROCESSING}.document.main+xml"/>'
    f'<Override PartName="/word/styles.xml" ContentType="{_WORDPROCESSING}.styles+xml"/>'
    f'<Override PartName="/word/numbering.xml" ContentType="{_WORDPROCESSING}.numbering+xml"/>'
    f'<Override PartName="/word/settings.xml" ContentType="{_WORDPROCESSING}.settings+xml"/>'
    '<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-'
    'package.core-properties+xml"/>'
    "</Types>")

PACKAGE_RELS_XML = (
    _DECLARATION + f'<Relationships xmlns="{_PACKAGE_RELATIONSHIPS}">'
    f'<Relationship Id="rId1" Type="{_DOCUMENT_RELATIONSHIPS}/officeDocument" '
    'Target="word/document.xml"/>'
    f'<Relationship Id="rId2" Type="{_PACKAGE_RELATIONSHIPS}/metadata/core-properties" '
    'Target="docProps/core.xml"/>'
    "</Relationships>")

DOCUMENT_RELS_XML = (
    _DECLARATION + f'<Relationships xmlns="{_PACKAGE_RELATIONSHIPS}">'
    f'<Relationship Id="rId1" Type="{_DOCUMENT_RELATIONSHIPS}/styles" Target="styles.xml"/>'
    f'<Relationship Id="rId2" Type="{_DOCUMENT_RELATIONSHIPS}/numbering" '
    'Target="numbering.xml"/>'
    f'<Relationship Id="rId3" Type="{_DOCUMENT_RELATIONSHIPS}/settings" Target="settings.xml"/>'
    "</Relationships>")

# Word opens a file without a compatibility mode as one from Word 2007 and says so in its title
# bar; 15 is the mode of Word 2013 and every version since.
SETTINGS_XML = (
    _DECLARATION + f"<w:settings {_W}>"
    '<w:defaultTabStop w:val="720"/>'
    '<w:compat><w:compatSetting w:name="compatibilityMode" '
    'w:uri="http://schemas.microsoft.com/office/word" w:val="15"/></w:compat>'
    "</w:settings>")

# The bullet of the List Bullet style (numbering 1).
NUMBERING_XML = (
    _DECLARATION + f"<w:numbering {_W}>"
    '<w:abstractNum w:abstractNumId="0"><w:multiLevelType w:val="singleLevel"/>'
    '<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="bullet"/>'
    f'<w:pStyle w:val="{LIST_BULLET}"/><w:lvlText w:val="\u2022"/><w:lvlJc w:val="left"/>'
    '<w:pPr><w:ind w:left="720" w:hanging="360"/></w:pPr></w:lvl></w:abstractNum>'
    '<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>'
    "</w:numbering>")

# The built-in styles under Word's own names ("heading 1" is how Word stores Heading 1): Word
# shows them translated, lists the headings in its navigation pane and gives them to screen
# readers as headings. The text's language, for spelling and hyphenation, is on the defaults.
# The colours keep a contrast of at least 7:1 on white.
STYLES_XML = (
    _DECLARATION + f"<w:styles {_W}>"
    "<w:docDefaults><w:rPrDefault><w:rPr>"
    f'<w:rFonts w:ascii="{FONT}" w:eastAsia="{FONT}" w:hAnsi="{FONT}" w:cs="{FONT}"/>'
    '<w:sz w:val="22"/><w:szCs w:val="22"/><w:lang w:val="{language}"/>'
    "</w:rPr></w:rPrDefault>"
    '<w:pPrDefault><w:pPr><w:spacing w:after="160" w:line="276" w:lineRule="auto"/></w:pPr>'
    "</w:pPrDefault></w:docDefaults>"
    f'<w:style w:type="paragraph" w:default="1" w:styleId="{NORMAL}"><w:name w:val="Normal"/>'
    "<w:qFormat/></w:style>"
    '<w:style w:type="character" w:default="1" w:styleId="DefaultParagraphFont">'
    '<w:name w:val="Default Paragraph Font"/><w:uiPriority w:val="1"/><w:semiHidden/>'
    "<w:unhideWhenUsed/></w:style>"
    f'<w:style w:type="paragraph" w:styleId="{HEADING_1}"><w:name w:val="heading 1"/>'
    f'<w:basedOn w:val="{NORMAL}"/><w:next w:val="{NORMAL}"/><w:uiPriority w:val="9"/>'
    '<w:qFormat/><w:pPr><w:keepNext/><w:keepLines/><w:spacing w:before="360" w:after="200"/>'
    '<w:outlineLvl w:val="0"/></w:pPr><w:rPr><w:b/><w:bCs/><w:color w:val="1F3864"/>'
    '<w:sz w:val="32"/><w:szCs w:val="32"/></w:rPr></w:style>'
    f'<w:style w:type="paragraph" w:styleId="{HEADING_2}"><w:name w:val="heading 2"/>'
    f'<w:basedOn w:val="{NORMAL}"/><w:next w:val="{NORMAL}"/><w:uiPriority w:val="9"/>'
    "<w:unhideWhenUsed/><w:qFormat/><w:pPr><w:keepNext/><w:keepLines/>"
    '<w:spacing w:before="320" w:after="120"/><w:outlineLvl w:val="1"/></w:pPr>'
    '<w:rPr><w:b/><w:bCs/><w:color w:val="2F5496"/><w:sz w:val="26"/><w:szCs w:val="26"/>'
    "</w:rPr></w:style>"
    f'<w:style w:type="paragraph" w:styleId="{LIST_BULLET}"><w:name w:val="List Bullet"/>'
    f'<w:basedOn w:val="{NORMAL}"/><w:uiPriority w:val="99"/><w:unhideWhenUsed/>'
    '<w:pPr><w:numPr><w:numId w:val="1"/></w:numPr><w:spacing w:after="80"/></w:pPr>'
    "</w:style>"
    f'<w:style w:type="paragraph" w:styleId="{QUOTE}"><w:name w:val="Quote"/>'
    f'<w:basedOn w:val="{NORMAL}"/><w:next w:val="{NORMAL}"/><w:uiPriority w:val="29"/>'
    '<w:qFormat/><w:pPr><w:ind w:left="567" w:right="567"/></w:pPr>'
    '<w:rPr><w:i/><w:iCs/><w:color w:val="404040"/></w:rPr></w:style>'
    "</w:styles>")

CORE_XML = (
    _DECLARATION
    + '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/'
    'core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" '
    'xmlns:dcterms="http://purl.org/dc/terms/" '
    'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
    "<dc:title>{title}</dc:title><dc:language>{language}</dc:language>"
    "</cp:coreProperties>")


def document_xml(paragraphs: Iterable[Paragraph]) -> str:
    """The document's body: the paragraphs, then one A4 section."""
    body = "".join(_paragraph_xml(paragraph) for paragraph in paragraphs)
    section = (f'<w:sectPr><w:pgSz w:w="{PAGE_WIDTH}" w:h="{PAGE_HEIGHT}"/>'
               f'<w:pgMar w:top="{MARGIN}" w:right="{MARGIN}" w:bottom="{MARGIN}" '
               f'w:left="{MARGIN}" w:header="708" w:footer="708" w:gutter="0"/>'
               '<w:cols w:space="708"/></w:sectPr>')
    return f"{_DECLARATION}<w:document {_W}><w:body>{body}{section}</w:body></w:document>"


def word_file(paragraphs: Iterable[Paragraph], title: str, language: str) -> bytes:
    """The .docx file's bytes: ``paragraphs`` in order, ``title`` in the file's properties and
    ``language`` (a tag such as "da-DK") as the text's language and the file's."""
    title = xml_text(" ".join(title.split()))[:MAX_PROPERTY_CHARS]
    parts = {
        "[Content_Types].xml": CONTENT_TYPES_XML,
        "_rels/.rels": PACKAGE_RELS_XML,
        "word/document.xml": document_xml(paragraphs),
        "word/_rels/document.xml.rels": DOCUMENT_RELS_XML,
        "word/styles.xml": STYLES_XML.format(language=_attribute(language)),
        "word/numbering.xml": NUMBERING_XML,
        "word/settings.xml": SETTINGS_XML,
        "docProps/core.xml": CORE_XML.format(title=escape(title), language=_escaped(language)),
    }
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in parts.items():
            # A fixed time, so that the same document always gives the same bytes.
            entry = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
            entry.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(entry, text.encode("utf-8"))
    return out.getvalue()


__all__ = ["DOCX_MIME", "HEADING_1", "HEADING_2", "LIST_BULLET", "NORMAL", "PARAGRAPH_STYLES",
           "Paragraph", "QUOTE", "Run", "document_xml", "word_file", "xml_text"]
