"""Words as a reader meets them, for the chapter word budget and the benchmark.

One definition of a word for the course, `count_words`: used on a chapter's MyST source by
tests/test_content.py (the word budget and the stated reading time) and on the built pages'
text by tools/bench.py (`make bench`).

`page_words` reads a MyST page the way a reader meets it and splits its words into the body
and the dropdowns (folded text a reader opens on purpose, such as self-check answers):

- not counted: the front matter, MyST comments (``% ...``), HTML comments, targets
  (``(label)=``), directive fences and option lines (``:class: tip``), code and code cells,
  the content of directives that render something else (charts, launch buttons, the
  bibliography), link URLs, bare URLs, image alt text and citations (``{cite:p}`key```);
- counted as shown: a link's text, a role's visible text (``{term}`x <y>``` counts ``x``,
  ``{term}`x``` counts ``x``; ``{ref}`label``` counts the title of the heading the label
  marks, when `titles` knows it), inline code, a directive's title (``:::{admonition} Title``);
- in the dropdowns: everything inside a ``{dropdown}`` block (its title too), nested blocks
  included, and an admonition with ``:class: dropdown``.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

WORDS_PER_MINUTE = 200

_WORD = re.compile(r"\w")


def count_words(text: str) -> int:
    """The words of a text: white-space-separated tokens with a letter or a digit in them
    (so '|', '–', '#' and '**' are not words)."""
    return sum(1 for token in text.split() if _WORD.search(token))


def reading_minutes(words: int, per_minute: int = WORDS_PER_MINUTE) -> int:
    """Minutes to read `words` at `per_minute`, rounded up."""
    return math.ceil(words / per_minute)


# ---- reading a MyST page ---------------------------------------------------------------------

_FENCE = re.compile(r"^\s*(?P<marker>`{3,}|~{3,}|:{3,})(?P<info>.*)$")
_DIRECTIVE = re.compile(r"^\s*\{(?P<name>[^}\s]+)\}\s*(?P<argument>.*)$")
_OPTION = re.compile(r"^\s*:(?P<key>[\w.-]+):(?P<value>\s.*)?$")
_HTML_COMMENT = re.compile(r"<!--.*?(-->|\Z)", re.S)
_COMMENT = re.compile(r"^\s{0,3}%")
_TARGET = re.compile(r"^\s*\([^()\s]+\)=\s*$")
_REFERENCE_DEFINITION = re.compile(r"^\s{0,3}\[[^\]]+\]:\s*\S+")
_LIST_NUMBER = re.compile(r"^(\s*)\d{1,3}[.)](\s)", re.M)

HIDDEN_DIRECTIVES = frozenset({"dropdown", "toggle"})
# Directives whose argument and content are not read as text: code, data, generated output.
NOT_TEXT_DIRECTIVES = frozenset({
    "code-cell", "code-block", "code", "sourcecode", "literalinclude", "raw", "math",
    "bibliography", "mermaid", "graphviz", "toctree", "tableofcontents", "glue:figure",
    "course-chart", "course-glossary", "exercise-launch",
})
# Directives whose argument is a path or a layout, not a title (their content is read).
UNTITLED_DIRECTIVES = frozenset({"figure", "image", "include", "grid"})


@dataclass
class _Block:
    marker: str
    counted: bool          # its content is text a reader reads
    hidden: bool           # inside a dropdown
    title: str = ""        # the argument, held until the options say whether it is hidden
    options: bool = True
    yaml_options: bool = False

    def closed_by(self, line: str) -> bool:
        return re.fullmatch(rf"\s*{re.escape(self.marker[0])}{{{len(self.marker)},}}\s*",
                            line) is not None


@dataclass(frozen=True)
class ReaderText:
    """A page's readable text (still with inline Markdown), outside and inside dropdowns."""

    body: str
    dropdowns: str


@dataclass(frozen=True)
class PageWords:
    """A page's words: the body a reader reads through, and the folded dropdowns."""

    body: int
    dropdowns: int


def _lines(source: str) -> list[tuple[bool | None, str]]:
    """Each readable line as (hidden, text); None for a line that separates blocks."""
    source = _HTML_COMMENT.sub(lambda m: re.sub(r"[^\n]", " ", m.group(0)), source)
    lines = source.split("\n")
    out: list[tuple[bool | None, str]] = []
    start = 0
    if lines and lines[0].strip() == "---":
        start = next((i for i in range(1, len(lines)) if lines[i].strip() in {"---", "..."}),
                     len(lines) - 1) + 1
    stack: list[_Block] = []

    def flush_title(block: _Block) -> None:
        block.options = False
        if block.title:
            out.append((block.hidden, block.title))
            out.append((None, ""))
            block.title = ""

    for line in lines[start:]:
        top = stack[-1] if stack else None
        if top and not top.counted:
            if top.closed_by(line):
                stack.pop()
            out.append((None, ""))
            continue
        if top and top.yaml_options:
            top.yaml_options = line.strip() != "---"
            option = re.match(r"\s*class:(?P<value>.*)$", line)
            if option and "dropdown" in re.split(r"[\s,\[\]'\"]+", option.group("value")):
                top.hidden = True
            continue
        if top and top.options:
            option = _OPTION.match(line)
            if option:
                value = (option.group("value") or "").split()
                if option.group("key") == "class" and "dropdown" in value:
                    top.hidden = True
                continue
            if line.strip() == "---":
                top.yaml_options = True
                continue
            flush_title(top)
        if top and top.closed_by(line):
            stack.pop()
            out.append((None, ""))
            continue
        fence = _FENCE.match(line)
        if fence:
            marker = fence.group("marker")
            directive = _DIRECTIVE.match(fence.group("info"))
            hidden = bool(stack) and stack[-1].hidden
            if directive:
                name = directive.group("name")
                counted = name not in NOT_TEXT_DIRECTIVES
                title = directive.group("argument") if (
                    counted and name not in UNTITLED_DIRECTIVES) else ""
                stack.append(_Block(marker, counted, hidden or name in HIDDEN_DIRECTIVES,
                                    title.strip()))
            else:   # ```python is code; a bare ::: is a plain container
                stack.append(_Block(marker, marker.startswith(":"), hidden, options=False))
            out.append((None, ""))
            continue
        if _COMMENT.match(line) or _TARGET.match(line) or _REFERENCE_DEFINITION.match(line):
            out.append((None, ""))
            continue
        out.append((bool(stack) and stack[-1].hidden, line))
    return out


def reader_text(source: str) -> ReaderText:
    """The readable lines of a MyST page, split into body and dropdowns (inline Markdown
    not yet removed; blank lines keep blocks apart)."""
    lines = _lines(source)
    body = "\n".join(text if hidden is False else "" for hidden, text in lines)
    folded = "\n".join(text if hidden is True else "" for hidden, text in lines)
    return ReaderText(body, folded)


_ROLE = re.compile(r"\{(?P<name>[^{}\s`]+)\}(?P<ticks>`+)(?P<content>.+?)(?P=ticks)", re.S)
_CODE = re.compile(r"(`+)(.+?)\1", re.S)
_DESTINATION = r"\((?:[^()\s]|\([^()\s]*\))*(?:\s+(?:\"[^\"]*\"|'[^']*'))?\s*\)"
_IMAGE = re.compile(r"!\[[^\]]*\]" + _DESTINATION)
_LINK = re.compile(r"\[(?P<text>[^\]]*)\]" + _DESTINATION)
_AUTOLINK = re.compile(r"<[a-z][a-z0-9+.-]*:[^\s<>]*>", re.I)
_BARE_URL = re.compile(r"\b(?:https?://|www\.)\S+", re.I)
_HTML_TAG = re.compile(r"</?[a-z][a-z0-9-]*(?:\s[^<>]*)?/?>", re.I)
_FOOTNOTE = re.compile(r"\[\^[^\]]+\]")


def _role_text(match: re.Match[str], titles: Mapping[str, str]) -> str:
    """What a role shows: nothing for a citation, 'x' for `x <target>`, a {ref}'s heading
    title when known, else its content."""
    name = match.group("name")
    if name.startswith("cite"):
        return ""
    content = match.group("content")
    explicit = re.fullmatch(r"(?P<text>.*?)\s*<[^<>]+>\s*", content, re.S)
    if explicit:
        return explicit.group("text")
    if name == "ref":
        return titles.get(content.strip(), content)
    return content


_LABELLED_HEADING = re.compile(r"^\((?P<label>[^()\s]+)\)=[ \t]*\n+#{1,6}[ \t]+(?P<title>.+)$",
                               re.M)


def section_titles(sources: Iterable[str]) -> dict[str, str]:
    """The labels that mark a heading, with the heading's text: what {ref}`label` shows."""
    return {match.group("label"): match.group("title").strip()
            for source in sources for match in _LABELLED_HEADING.finditer(source)}


def visible_text(markdown: str, titles: Mapping[str, str] | None = None) -> str:
    """Markdown as a reader sees it: roles by their visible text, links by their text, no
    URLs, images, HTML tags or footnote marks, no list numbers. `titles` maps a {ref} label
    to the heading it shows (see section_titles)."""
    text = _ROLE.sub(lambda match: _role_text(match, titles or {}), markdown)
    text = _CODE.sub(lambda m: m.group(2), text)
    text = _IMAGE.sub("", text)
    text = _LINK.sub(lambda m: m.group("text"), text)
    text = _AUTOLINK.sub("", text)
    text = _BARE_URL.sub("", text)
    text = _HTML_TAG.sub("", text)
    text = _FOOTNOTE.sub("", text)
    return _LIST_NUMBER.sub(r"\1\2", text)


def page_words(source: str, titles: Mapping[str, str] | None = None) -> PageWords:
    """The words of a MyST page as a reader meets them, in the body and in dropdowns.
    `titles` (from section_titles over the book) lets {ref}`label` count as its heading."""
    text = reader_text(source)
    return PageWords(count_words(visible_text(text.body, titles)),
                     count_words(visible_text(text.dropdowns, titles)))


# "Reading time: about 9 minutes" (English) or "Læsetid: ca. 9 minutter" (Danish).
_READING_TIME = re.compile(r"(?:Reading time:?\W*about|Læsetid:?\W*ca\.?)\s+(\d+)\s+min", re.I)


def stated_reading_minutes(source: str) -> int | None:
    """The minutes a page states ('**Reading time:** about 12 minutes'), or None."""
    match = _READING_TIME.search(source)
    return int(match.group(1)) if match else None
