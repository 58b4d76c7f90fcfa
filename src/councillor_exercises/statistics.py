"""The small real data sets behind the book's charts (data/statistics/*.csv), validated on load.

A CSV file cannot hold a ``{en: ..., da: ...}`` mapping, so each text column a reader sees is
written once per language: the column itself in English (``measure``) and a column with the
language's code after it for the others (``measure_da``). Loaded in a language, the frame's
text columns hold that language's words; ``measure_id`` keeps the English ``measure`` as the
identifier other data files refer to.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from .datafiles import LANGUAGE_NAMES, DataError, data_dir, language_or_current, load_csv_file

HOURS_TEXTS = ("measure", "note", "source")
BAROMETER_TEXTS = ("indicator", "group", "source")


def _numbers(rows: list[dict[str, str]], columns: list[str], source: Path) -> None:
    for number, row in enumerate(rows, start=2):
        for column in columns:
            try:
                row[column] = float(row[column])
            except ValueError:
                raise DataError(source.name, f"line {number}", column,
                                f"'{row[column]}' is not a number") from None


def _in_language(rows: list[dict[str, str]], columns: tuple[str, ...], language: str,
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


def _frame(rows: list[dict], columns: tuple[str, ...]) -> pd.DataFrame:
    """The rows without the other languages' columns."""
    frame = pd.DataFrame(rows)
    extra = [c for c in frame.columns if any(c.startswith(f"{t}_") for t in columns)
             and c != "measure_id"]
    return frame.drop(columns=extra)


def councillor_hours(path: Path | None = None, language: str | None = None) -> pd.DataFrame:
    """Danish councillors' weekly hours on council work, by year and kind of measure, with the
    texts in ``language``."""
    language = language_or_current(language)
    path = path or data_dir() / "statistics" / "councillor-hours.csv"
    rows = load_csv_file(path, ["year", "hours_low", "hours_high", "measure", "source"])
    _numbers(rows, ["year", "hours_low", "hours_high"], path)
    has_note = bool(rows) and "note" in rows[0]
    for row in rows:
        row["measure_id"] = row["measure"]
        row.setdefault("note", "")
    _in_language(rows, HOURS_TEXTS if has_note else ("measure", "source"), language, path)
    frame = _frame(rows, HOURS_TEXTS)
    frame["year"] = frame["year"].astype(int)
    return frame


def innovation_barometer(path: Path | None = None, language: str | None = None) -> pd.DataFrame:
    """Shares of Danish public-sector innovations by who drives them and who takes part, with
    the texts in ``language``."""
    language = language_or_current(language)
    path = path or data_dir() / "statistics" / "innovation-barometer-2015.csv"
    rows = load_csv_file(path, ["indicator", "group", "share_percent", "source"])
    _numbers(rows, ["share_percent"], path)
    for number, row in enumerate(rows, start=2):
        if not 0 <= row["share_percent"] <= 100:
            raise DataError(path.name, f"line {number}", "share_percent",
                            f"{row['share_percent']} is not a percentage between 0 and 100")
    _in_language(rows, BAROMETER_TEXTS, language, path)
    return _frame(rows, BAROMETER_TEXTS)
