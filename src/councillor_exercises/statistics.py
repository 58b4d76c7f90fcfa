"""The small real data sets behind the book's charts (data/statistics/*.csv), validated on load."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from .datafiles import DataError, data_dir, load_csv_file


def _numbers(rows: list[dict[str, str]], columns: list[str], source: Path) -> None:
    for number, row in enumerate(rows, start=2):
        for column in columns:
            try:
                row[column] = float(row[column])
            except ValueError:
                raise DataError(source.name, f"line {number}", column,
                                f"'{row[column]}' is not a number") from None


def councillor_hours(path: Path | None = None) -> pd.DataFrame:
    """Danish councillors' weekly hours on council work, by year and kind of measure."""
    path = path or data_dir() / "statistics" / "councillor-hours.csv"
    rows = load_csv_file(path, ["year", "hours_low", "hours_high", "measure", "source"])
    _numbers(rows, ["year", "hours_low", "hours_high"], path)
    frame = pd.DataFrame(rows)
    frame["year"] = frame["year"].astype(int)
    return frame


def innovation_barometer(path: Path | None = None) -> pd.DataFrame:
    """Shares of Danish public-sector innovations by who drives them and who takes part."""
    path = path or data_dir() / "statistics" / "innovation-barometer-2015.csv"
    rows = load_csv_file(path, ["indicator", "group", "share_percent", "source"])
    _numbers(rows, ["share_percent"], path)
    for number, row in enumerate(rows, start=2):
        if not 0 <= row["share_percent"] <= 100:
            raise DataError(path.name, f"line {number}", "share_percent",
                            f"{row['share_percent']} is not a percentage between 0 and 100")
    return pd.DataFrame(rows)
