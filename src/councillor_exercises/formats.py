"""Numbers and names as each language writes them: 2.5 and 80% in English, 2,5 and 80 % in
Danish (decimal comma, a dot between thousands, a space before the per cent sign). No locale
module: the machine's settings must not change what a learner reads."""

from __future__ import annotations

import math

from .datafiles import language_or_current

# English is written as the course always wrote it: no thousands separator.
_DECIMAL = {"en": ".", "da": ","}
_THOUSANDS = {"en": "", "da": "."}
_PERCENT = {"en": "{value}%", "da": "{value} %"}


def number(value: float, language: str | None = None, places: int = 1) -> str:
    """A number rounded to ``places`` decimals, trailing zeros dropped: 4, 2.5 (English),
    2,5 and 1.800 (Danish). Not for years, which are written as they are."""
    language = language_or_current(language)
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return str(value)
    if not math.isfinite(value):
        return str(value)
    text = f"{round(float(value), places):.{places}f}" if places > 0 else f"{round(value):d}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    if text in ("-0", ""):
        text = "0"
    sign = "-" if text.startswith("-") else ""
    whole, _, decimals = text.lstrip("-").partition(".")
    separator = _THOUSANDS[language]
    if separator and len(whole) > 3:
        groups = []
        while len(whole) > 3:
            groups.insert(0, whole[-3:])
            whole = whole[:-3]
        whole = separator.join([whole, *groups])
    return sign + whole + (_DECIMAL[language] + decimals if decimals else "")


def percent(value: float, language: str | None = None, places: int = 0) -> str:
    """A percentage: '80%' in English, '80 %' in Danish."""
    language = language_or_current(language)
    return _PERCENT[language].format(value=number(value, language, places))


def with_term(name: str, term: str, language: str | None = None) -> str:
    """A name with its Danish term beside it, as the English edition shows it ('Citizens
    (borgere)'); the Danish edition shows the name alone, which is already the Danish word."""
    language = language_or_current(language)
    if language == "da" or not term:
        return name
    return f"{name} ({term})"


__all__ = ["number", "percent", "with_term"]
