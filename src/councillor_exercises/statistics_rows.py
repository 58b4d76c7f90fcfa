"""The small real data sets behind the book's charts (data/statistics/*.csv), validated on load
and read into plain rows (one dict a line), so that the exercises can use them where pandas is
not available (in the reader's browser). ``statistics`` builds the book's data frames on these.

A CSV file cannot hold a ``{en: ..., da: ...}`` mapping, so each text column a reader sees is
written once per language: the column itself in English (``measure``) and a column with the
language's code after it for the others (``measure_da``). Loaded in a language, the rows' text
columns hold that language's words and the other languages' columns are left out;
``measure_id`` keeps the English ``measure`` as the identifier other data files refer to.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from .datafiles import LANGUAGE_NAMES, DataError, data_dir, language_or_current, load_csv_file

HOURS_TEXTS = ("measure", "note", "source")
BAROMETER_TEXTS = ("indicator", "group", "source")

Row = dict[str, Any]


def _numbers(rows: list[Row], columns: list[str], source: Path) -> None:
    for number, row in enumerate(rows, start=2):
        for column in columns:
            try:
                row[column] = float(row[column])
            except ValueError:
                raise DataError(source.name, f"line {number}", column,
                                f"'{row[column]}' is not a number") from None


def _in_language(rows: list[Row], columns: tuple[str, ...], language: str,
                 source: Path) -> None:
    """Each text column in ``language``: its own column in English, '<column>_<language>'
    otherwise; a missing column or an empty cell is refused by line and column."""
    if language == "en":
        return
    for column in columns:
        translated = f"{column}_{language}"
        if rows and translated not in rows[0]:
            raise DataError(source.name, "(header)", translated,
                            f"this column is missing: it holds the '{column}' column in "
                            f"{LANGUAGE_NAMES[language]}")
        for number, row in enumerate(rows, start=2):
            text = (row.get(translated) or "").strip()
            if not text:
                raise DataError(source.name, f"line {number}", translated,
                                f"is empty: write the '{column}' text in "
                                f"{LANGUAGE_NAMES[language]}")
            row[column] = text


def _without_other_languages(rows: list[Row], columns: tuple[str, ...]) -> list[Row]:
    """The rows without the other languages' columns ('measure_da' and the like)."""
    def translation(name: str) -> bool:
        return name != "measure_id" and any(name.startswith(f"{t}_") for t in columns)

    return [{name: value for name, value in row.items() if not translation(name)}
            for row in rows]


def councillor_hours_rows(path: Path | None = None, language: str | None = None) -> list[Row]:
    """Danish councillors' weekly hours on council work, by year and kind of measure, with the
    texts in ``language``: one row a line, with year (int), hours_low, hours_high (float),
    measure, note, source and measure_id."""
    language = language_or_current(language)
    path = path or data_dir() / "statistics" / "councillor-hours.csv"
    rows: list[Row] = load_csv_file(path, ["year", "hours_low", "hours_high", "measure",
                                           "source"])
    _numbers(rows, ["year", "hours_low", "hours_high"], path)
    has_note = bool(rows) and "note" in rows[0]
    for row in rows:
        row["year"] = int(row["year"])
        row["measure_id"] = row["measure"]
        row.setdefault("note", "")
    _in_language(rows, HOURS_TEXTS if has_note else ("measure", "source"), language, path)
    return _without_other_languages(rows, HOURS_TEXTS)


def innovation_barometer_rows(path: Path | None = None,
                              language: str | None = None) -> list[Row]:
    """Shares of Danish public-sector innovations by who drives them and who takes part, with
    the texts in ``language``: one row a line, with indicator, group, share_percent (float)
    and source."""
    language = language_or_current(language)
    path = path or data_dir() / "statistics" / "innovation-barometer-2015.csv"
    rows: list[Row] = load_csv_file(path, ["indicator", "group", "share_percent", "source"])
    _numbers(rows, ["share_percent"], path)
    for number, row in enumerate(rows, start=2):
        if not 0 <= row["share_percent"] <= 100:
            raise DataError(path.name, f"line {number}", "share_percent",
                            f"{row['share_percent']} is not a percentage between 0 and 100")
    _in_language(rows, BAROMETER_TEXTS, language, path)
    return _without_other_languages(rows, BAROMETER_TEXTS)
