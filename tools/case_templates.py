"""Write the local-case templates that facilitators fill in, from one source:

    templates/local-case-<language>.md     the blank template, from the layout in
                                           councillor_exercises.case_template and the words in
                                           data/ui/case_template.yaml
    templates/local-case-<language>.docx   the same template as a Word file, written from the .md
    templates/local-case-example-<language>.docx
                                           the filled example as a Word file, written from
                                           templates/local-case-example-<language>.md (by hand)

tests/test_case_template.py checks that the committed files are what this script writes (the
Word files by their headings, paragraphs and tables: a .docx is a zip with dates in it).

Usage: python tools/case_templates.py [--check]
"""

from __future__ import annotations

import sys
from pathlib import Path

from councillor_exercises.case_template import docx_blocks, markdown_blocks, template_docx, \
    template_markdown
from councillor_exercises.datafiles import LANGUAGES

ROOT = Path(__file__).resolve().parents[1]
TEMPLATES = ROOT / "templates"


def expected() -> dict[Path, str]:
    """Each Markdown file the script writes, and its text."""
    return {TEMPLATES / f"local-case-{language}.md": template_markdown(language)
            for language in LANGUAGES}


def word_files() -> dict[Path, tuple[Path, str]]:
    """Each Word file -> the Markdown file it is written from, and the language."""
    files = {}
    for language in LANGUAGES:
        for stem in (f"local-case-{language}", f"local-case-example-{language}"):
            files[TEMPLATES / f"{stem}.docx"] = (TEMPLATES / f"{stem}.md", language)
    return files


def stale() -> list[Path]:
    """The files that differ from what the script would write."""
    out = [path for path, text in expected().items()
           if not path.is_file() or path.read_text(encoding="utf-8") != text]
    for docx, (source, _language) in word_files().items():
        if not docx.is_file() or docx_blocks(docx) != markdown_blocks(
                source.read_text(encoding="utf-8")):
            out.append(docx)
    return out


def main(argv: list[str]) -> int:
    if "--check" in argv:
        paths = stale()
        for path in paths:
            print(f"{path.relative_to(ROOT)} is out of date: run python tools/case_templates.py")
        return 1 if paths else 0
    TEMPLATES.mkdir(exist_ok=True)
    for path, text in expected().items():
        path.write_text(text, encoding="utf-8")
        print(f"wrote {path.relative_to(ROOT)}")
    for docx, (source, language) in word_files().items():
        docx.write_bytes(template_docx(source.read_text(encoding="utf-8"), language))
        print(f"wrote {docx.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
