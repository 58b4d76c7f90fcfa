"""Reading and validating the course's data files (YAML and CSV under ``data/``).

Facilitators edit these files by hand, so every problem is reported as a ``DataError`` whose
message names the file, the entry and the field, in words a non-programmer can act on.
"""

from __future__ import annotations

import csv
import os
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field as dataclass_field
from pathlib import Path
from typing import Any, Iterable, NoReturn

try:
    import yaml
except ImportError:  # in the reader's browser: the site's build parsed every YAML file already
    yaml = None

# Beside each YAML file in the in-browser copy of data/, the site's build writes what it parsed
# as JSON under this suffix (PyYAML has compiled parts that cannot run there).
PARSED_SUFFIX = ".parsed.json"

__all__ = [
    "DataError",
    "LANGUAGES",
    "LANGUAGE_NAMES",
    "current_language",
    "in_language",
    "language_or_current",
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


# The course's languages. Every text a learner reads is written in each of them in the data
# files themselves, as a mapping under the field:
#     title:
#       en: Everyday rehabilitation in Fredericia
#       da: Hverdagsrehabilitering i Fredericia
# Identifiers, numbers and choices hold no language and stay plain.
LANGUAGES = ("en", "da")
LANGUAGE_NAMES = {"en": "English ('en:')", "da": "Danish ('da:')"}
_language: ContextVar[str] = ContextVar("course_language", default="en")


def current_language() -> str:
    """The language data files are being read in (English unless ``in_language`` says)."""
    return _language.get()


def language_or_current(language: str | None = None) -> str:
    """The language a loader or an app was asked for, or, when none was given, the one data
    files are being read in (see ``in_language``). A language the course lacks is refused."""
    chosen = current_language() if language is None else language
    if chosen not in LANGUAGES:
        raise ValueError(f"unknown language {chosen!r}; the course has {', '.join(LANGUAGES)}")
    return chosen


@contextmanager
def in_language(language: str):
    """Read data files in ``language`` inside this block (loaders pass it on to their readers)."""
    if language not in LANGUAGES:
        raise ValueError(f"unknown language {language!r}; the course has {', '.join(LANGUAGES)}")
    token = _language.set(language)
    try:
        yield language
    finally:
        _language.reset(token)


def is_language_mapping(value: Any) -> bool:
    """True for a mapping whose keys are all language codes (``{en: ..., da: ...}``)."""
    return (isinstance(value, dict) and bool(value)
            and all(isinstance(key, str) and key in LANGUAGES for key in value))


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
    if yaml is None:
        import json

        return json.loads(path.with_name(path.name + PARSED_SUFFIX).read_text(encoding="utf-8"))
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
    language: str = dataclass_field(default_factory=current_language)

    @classmethod
    def for_file(cls, path: Path, content: Any, entry: str | None = None) -> "EntryReader":
        name = _display_name(path)
        if not isinstance(content, dict):
            raise DataError(name, entry or "(whole file)", "(top level)",
                            "the file must hold a mapping of 'field: value' lines")
        return cls(name, entry or path.stem, content)

    def _in_language(self, field: str, value: Any, where: str = "") -> Any:
        """The reader's language out of a ``{en: ..., da: ...}`` mapping; any other value as it
        is. A mapping that lacks the language, or has it empty, is refused by name."""
        if not is_language_mapping(value):
            return value
        chosen = value.get(self.language)
        if chosen is None or (isinstance(chosen, str) and not chosen.strip()):
            self.fail(field, f"{where}has no text in {LANGUAGE_NAMES[self.language]}: add a "
                      f"'{self.language}:' line under it")
        return chosen

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
        value = self._in_language(field, self._value(field, required))
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
        value = self._in_language(field, self._value(field, required))
        if value is None:
            return []
        if not isinstance(value, list):
            self.fail(field, "must be a list (lines starting with '- ')")
        allowed = list(choices) if choices is not None else None
        result = []
        for position, item in enumerate(value, start=1):
            item = self._in_language(field, item, f"item {position} ")
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
            name = item.get(key) if key else None
            if is_language_mapping(name):   # named by its English text in every language
                name = name.get("en")
            if isinstance(name, str) and name.strip():
                label = f"{self.entry} > {field} '{name.strip()}'"
            readers.append(EntryReader(self.source, label, item, self.language))
        return readers

    def sub(self, field: str, *, required: bool = True) -> "EntryReader":
        """A nested mapping, as a reader of its own."""
        value = self._value(field, required)
        if value is None:
            return EntryReader(self.source, f"{self.entry} > {field}", {}, self.language)
        if not isinstance(value, dict):
            self.fail(field, "must be a mapping of 'field: value' lines")
        return EntryReader(self.source, f"{self.entry} > {field}", value, self.language)

    def only_fields(self, allowed: Iterable[str]) -> None:
        """Refuse unknown fields, which are almost always typos (``titel`` for ``title``)."""
        allowed = set(allowed)
        for field in self.mapping:
            if field not in allowed:
                self.fail(str(field), "is not a known field; known fields are: "
                          + ", ".join(sorted(allowed)))
