"""Reading and validating the course's data files (YAML and CSV under ``data/``).

Facilitators edit these files by hand, so every problem is reported as a ``DataError`` whose
message names the file, the entry and the field, in words a non-programmer can act on.
"""

from __future__ import annotations

import csv
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable, NoReturn

import yaml

__all__ = [
    "DataError",
    "EntryReader",
    "data_dir",
    "load_yaml_file",
    "load_csv_file",
    "yaml_files_in",
]


class DataError(ValueError):
    """A data file is malformed. The message says where (file, entry, field) and what is wrong."""

    def __init__(self, source: str | Path, entry: str, field: str, problem: str):
        self.source = str(source)
        self.entry = entry
        self.field = field
        self.problem = problem
        super().__init__(f"{self.source}: entry '{entry}', field '{field}': {problem}")


def data_dir() -> Path:
    """The folder holding the course data.

    ``COURSE_DATA_DIR`` overrides it (tests use this to load fixtures); otherwise it is the
    repository's ``data/`` folder, found beside the package's source (``pip install -e .``) or
    above the working directory (a notebook opened in Binder or Voilà).
    """
    override = os.environ.get("COURSE_DATA_DIR")
    if override:
        return Path(override)
    beside_source = Path(__file__).resolve().parents[2] / "data"
    if beside_source.is_dir():
        return beside_source
    for folder in [Path.cwd(), *Path.cwd().parents]:
        if (folder / "data" / "glossary").is_dir():
            return folder / "data"
    raise FileNotFoundError("The course's data/ folder was not found; set COURSE_DATA_DIR.")


def _display_name(path: Path) -> str:
    """A short path for messages: relative to the data folder's parent when possible."""
    try:
        return str(path.resolve().relative_to(data_dir().resolve().parent))
    except (ValueError, FileNotFoundError):
        return str(path)


def load_yaml_file(path: Path) -> Any:
    """Parse one YAML file, turning syntax errors into a DataError with the line number."""
    name = _display_name(path)
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as error:
        raise DataError(name, "(whole file)", "(encoding)", f"is not UTF-8 text ({error.reason})")
    try:
        return yaml.safe_load(text)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f"near line {mark.line + 1}" if mark is not None else "somewhere"
        problem = getattr(error, "problem", None) or "it is not valid YAML"
        raise DataError(name, "(whole file)", "(syntax)", f"{problem} {where}") from None


def yaml_files_in(folder: Path) -> list[Path]:
    """The YAML files of a folder, sorted, skipping files whose name starts with '_' or '.'."""
    if not folder.is_dir():
        return []
    return sorted(
        p for p in folder.iterdir()
        if p.suffix in {".yaml", ".yml"} and not p.name.startswith(("_", "."))
    )


def load_csv_file(path: Path, required_columns: Iterable[str]) -> list[dict[str, str]]:
    """Read a CSV file into rows, refusing one that lacks a required column or has empty cells."""
    name = _display_name(path)
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        columns = reader.fieldnames or []
        for column in required_columns:
            if column not in columns:
                raise DataError(name, "(header)", column, "this column is missing")
        rows = list(reader)
    for number, row in enumerate(rows, start=2):
        for column in required_columns:
            if not (row.get(column) or "").strip():
                raise DataError(name, f"line {number}", column, "is empty")
    return rows


@dataclass
class EntryReader:
    """Typed, validating access to one entry (a YAML mapping) of a data file.

    Each getter either returns a clean value or raises a DataError naming the file, this entry
    and the field, so loaders read like a description of the format.
    """

    source: str
    entry: str
    mapping: dict

    @classmethod
    def for_file(cls, path: Path, content: Any, entry: str | None = None) -> "EntryReader":
        name = _display_name(path)
        if not isinstance(content, dict):
            raise DataError(name, entry or "(whole file)", "(top level)",
                            "the file must hold a mapping of 'field: value' lines")
        return cls(name, entry or path.stem, content)

    def fail(self, field: str, problem: str) -> NoReturn:
        raise DataError(self.source, self.entry, field, problem)

    def has(self, field: str) -> bool:
        return self.mapping.get(field) is not None

    def _value(self, field: str, required: bool) -> Any:
        if field not in self.mapping or self.mapping[field] is None:
            if required:
                self.fail(field, "is missing")
            return None
        return self.mapping[field]

    def text(self, field: str, *, required: bool = True, default: str = "",
             max_length: int | None = None) -> str:
        value = self._value(field, required)
        if value is None:
            return default
        if isinstance(value, bool) or not isinstance(value, (str, int, float)):
            self.fail(field, f"must be text, not {type(value).__name__}")
        value = str(value).strip()
        if required and not value:
            self.fail(field, "is empty")
        if max_length is not None and len(value) > max_length:
            self.fail(field, f"is {len(value)} characters long; the limit is {max_length}")
        return value

    def integer(self, field: str, *, required: bool = True, default: int = 0,
                minimum: int | None = None, maximum: int | None = None) -> int:
        value = self._value(field, required)
        if value is None:
            return default
        if isinstance(value, bool) or not isinstance(value, int):
            self.fail(field, f"must be a whole number, not {value!r}")
        if minimum is not None and value < minimum:
            self.fail(field, f"is {value}; it must be at least {minimum}")
        if maximum is not None and value > maximum:
            self.fail(field, f"is {value}; it must be at most {maximum}")
        return value

    def number(self, field: str, *, required: bool = True, default: float = 0.0,
               minimum: float | None = None, maximum: float | None = None) -> float:
        value = self._value(field, required)
        if value is None:
            return default
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            self.fail(field, f"must be a number, not {value!r}")
        if minimum is not None and value < minimum:
            self.fail(field, f"is {value}; it must be at least {minimum}")
        if maximum is not None and value > maximum:
            self.fail(field, f"is {value}; it must be at most {maximum}")
        return float(value)

    def boolean(self, field: str, *, required: bool = True, default: bool = False) -> bool:
        value = self._value(field, required)
        if value is None:
            return default
        if not isinstance(value, bool):
            self.fail(field, f"must be true or false, not {value!r}")
        return value

    def choice(self, field: str, choices: Iterable[str], *, required: bool = True,
               default: str = "") -> str:
        allowed = list(choices)
        value = self.text(field, required=required, default=default)
        if value == default and not required:
            return value
        if value not in allowed:
            self.fail(field, f"is '{value}'; it must be one of: {', '.join(allowed)}")
        return value

    def text_list(self, field: str, *, required: bool = True,
                  choices: Iterable[str] | None = None, min_items: int = 0) -> list[str]:
        value = self._value(field, required)
        if value is None:
            return []
        if not isinstance(value, list):
            self.fail(field, "must be a list (lines starting with '- ')")
        allowed = list(choices) if choices is not None else None
        result = []
        for position, item in enumerate(value, start=1):
            if isinstance(item, bool) or not isinstance(item, (str, int, float)):
                self.fail(field, f"item {position} must be text")
            item = str(item).strip()
            if not item:
                self.fail(field, f"item {position} is empty")
            if allowed is not None and item not in allowed:
                self.fail(field, f"item {position} is '{item}'; it must be one of: "
                          f"{', '.join(allowed)}")
            result.append(item)
        if len(result) < min_items:
            self.fail(field, f"has {len(result)} items; it needs at least {min_items}")
        return result

    def entries(self, field: str, *, required: bool = True, min_items: int = 0,
                key: str | None = None) -> list["EntryReader"]:
        """A list of mappings, each returned as a reader named after its ``key`` field."""
        value = self._value(field, required)
        if value is None:
            return []
        if not isinstance(value, list):
            self.fail(field, "must be a list of entries (lines starting with '- ')")
        if len(value) < min_items:
            self.fail(field, f"has {len(value)} entries; it needs at least {min_items}")
        readers = []
        for position, item in enumerate(value, start=1):
            label = f"{self.entry} > {field} #{position}"
            if not isinstance(item, dict):
                self.fail(field, f"entry {position} must be a mapping of 'field: value' lines")
            if key and isinstance(item.get(key), str) and item[key].strip():
                label = f"{self.entry} > {field} '{item[key].strip()}'"
            readers.append(EntryReader(self.source, label, item))
        return readers

    def sub(self, field: str, *, required: bool = True) -> "EntryReader":
        """A nested mapping, as a reader of its own."""
        value = self._value(field, required)
        if value is None:
            return EntryReader(self.source, f"{self.entry} > {field}", {})
        if not isinstance(value, dict):
            self.fail(field, "must be a mapping of 'field: value' lines")
        return EntryReader(self.source, f"{self.entry} > {field}", value)

    def only_fields(self, allowed: Iterable[str]) -> None:
        """Refuse unknown fields, which are almost always typos (``titel`` for ``title``)."""
        allowed = set(allowed)
        for field in self.mapping:
            if field not in allowed:
                self.fail(str(field), "is not a known field; known fields are: "
                          + ", ".join(sorted(allowed)))
