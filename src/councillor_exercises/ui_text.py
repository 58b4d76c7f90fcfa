"""Interface strings, kept as data (data/ui/<section>.yaml, each string in every language of
the course) so the code holds no words."""

from __future__ import annotations

import sys
from functools import lru_cache
from pathlib import Path

from .datafiles import (DataError, EntryReader, data_dir, in_language, language_or_current,
                        load_yaml_file)

DEFAULT_LANGUAGE = "en"
# A string may have a variant for the exercises that run in the reader's browser (Pyodide,
# where sys.platform is "emscripten"): "<key>_in_browser". There is no server session to lose
# there, for instance, and the work is kept in the browser.
IN_BROWSER_SUFFIX = "_in_browser"


def running_in_browser() -> bool:
    return sys.platform == "emscripten"


class UiText:
    """The strings of one section (one exercise, or 'common') in one language. ``language``
    says which, so that whatever holds the strings can write numbers and fetch other
    sections in the same language."""

    def __init__(self, source: str, strings: dict[str, str], language: str = DEFAULT_LANGUAGE):
        self.source = source
        self._strings = strings
        self.language = language

    def __call__(self, key: str, **values: object) -> str:
        """The string for ``key``, with ``{name}`` placeholders filled from ``values``."""
        if running_in_browser() and key + IN_BROWSER_SUFFIX in self._strings:
            key += IN_BROWSER_SUFFIX
        if key not in self._strings:
            raise DataError(self.source, "(strings)", key, "this interface string is missing")
        template = self._strings[key]
        try:
            return template.format(**values) if values else template
        except (KeyError, IndexError, ValueError) as error:
            raise DataError(self.source, "(strings)", key,
                            f"its placeholder {error} does not fit the values given") from None

    def keys(self) -> set[str]:
        return set(self._strings)


@lru_cache(maxsize=None)
def _load(path: Path, language: str) -> UiText:
    with in_language(language):
        reader = EntryReader.for_file(path, load_yaml_file(path))
        strings = {}
        for key in reader.mapping:
            strings[str(key)] = reader.text(str(key))
    return UiText(reader.source, strings, language)


def ui_text(section: str, language: str | None = None) -> UiText:
    """The interface strings of ``section`` (e.g. 'common', 'diagnosis') in ``language`` (by
    default the language data files are being read in: English unless ``in_language`` says).
    A language the course lacks is refused with a ValueError."""
    language = language_or_current(language)
    path = data_dir() / "ui" / f"{section}.yaml"
    if not path.is_file():
        raise DataError(str(path), "(whole file)", "(file)",
                        f"no interface strings for section '{section}'")
    return _load(path, language)
