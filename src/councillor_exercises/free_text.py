"""Checking what a learner types. Text is kept exactly as typed (nothing entered is ever lost)
but is only ever shown escaped, and an answer that is empty or too long gets a plain message."""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

# Long enough for a thoughtful paragraph, short enough to discuss in a group.
DEFAULT_MAX_CHARS = 2000

_MARKUP = re.compile(r"<\s*/?\s*[a-zA-Z!][^>]*>")


@dataclass(frozen=True)
class TextCheck:
    """The verdict on one free-text answer."""

    text: str              # the answer, stripped of surrounding white space
    ok: bool               # usable as it is
    problem: str = ""      # 'empty', 'too_long' or '' when ok
    length: int = 0
    limit: int = DEFAULT_MAX_CHARS
    contains_markup: bool = False   # HTML-like tags: allowed, but shown as plain text


def check_free_text(raw: object, limit: int = DEFAULT_MAX_CHARS) -> TextCheck:
    """Judge a free-text answer without changing it. Never raises, whatever ``raw`` is."""
    text = raw if isinstance(raw, str) else ("" if raw is None else str(raw))
    text = text.strip()
    markup = bool(_MARKUP.search(text))
    if not text:
        return TextCheck(text, False, "empty", 0, limit, markup)
    if len(text) > limit:
        return TextCheck(text, False, "too_long", len(text), limit, markup)
    return TextCheck(text, True, "", len(text), limit, markup)


def as_inert_html(text: str) -> str:
    """Text made safe to place inside HTML: every tag and entity shown, never interpreted."""
    return html.escape(text, quote=True).replace("\n", "<br>")


def as_inert_markdown(text: str) -> str:
    """Text made safe inside a downloaded Markdown file: markup escaped with backslashes, so
    that a viewer that renders HTML in Markdown shows the learner's tags as text instead of
    running them, and the file still reads naturally in a plain text editor (no &amp;)."""
    escaped = re.sub(r"([\\\[\]!#`*_|<>])", r"\\\1", text)
    # An ampersand only matters where it would start an entity such as &lt; or &#60;.
    return re.sub(r"&(?=#?\w+;)", r"\\&", escaped)
