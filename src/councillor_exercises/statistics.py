"""The small real data sets behind the book's charts (data/statistics/*.csv) as data frames,
for the book's charts (charts/statistics.py) and the worksheets, which are built with pandas.

The files are read and validated by ``statistics_rows``, which the exercises use directly
(they run where pandas is not available); the frames hold the same rows and columns: the text
columns in the language asked for, and ``measure_id`` keeping the English ``measure`` as the
identifier other data files refer to.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from .statistics_rows import councillor_hours_rows, innovation_barometer_rows


def councillor_hours(path: Path | None = None, language: str | None = None) -> pd.DataFrame:
    """Danish councillors' weekly hours on council work, by year and kind of measure, with the
    texts in ``language``."""
    return pd.DataFrame(councillor_hours_rows(path, language))


def innovation_barometer(path: Path | None = None, language: str | None = None) -> pd.DataFrame:
    """Shares of Danish public-sector innovations by who drives them and who takes part, with
    the texts in ``language``."""
    return pd.DataFrame(innovation_barometer_rows(path, language))
