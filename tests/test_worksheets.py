"""The printable worksheets and the answer key (councillor_exercises.worksheets, .printing):
every exercise and every case has both, in both languages; no worksheet holds an expert
reading, a model answer or any other text the app's feedback gives, and the answer key holds
every one of them (checked against the data, not against a list kept here); a case added to the
data appears in both; the HTML pages load nothing from anywhere and print on A4; the PDF opens,
has its pages and carries Danish words in the core font's encoding."""

from __future__ import annotations

import html
import re
import zlib
from pathlib import Path

import pytest
import yaml

from conftest import ROOT

from councillor_exercises import committee, printing, sorting, week, worksheets
from councillor_exercises.cases import load_case_library
from councillor_exercises.diagnosis import load_scoring
from councillor_exercises.sessions import load_plans

LANGUAGES = ("en", "da")


def squash(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def page_text(document: str) -> str:
    """What an HTML page shows, as plain text (tags dropped, entities read)."""
    return squash(html.unescape(re.sub(r"<[^>]+>", " ", document)))


def answer_texts(language: str) -> dict[str, str]:
    """Every text of the data that only the answer key may show: the expert readings, accepted
    readings, model answers and checklists of the cases; the sorting's why, what tempts and the
    message for each choice; the committee's example questions, legal verdicts, warnings and
    scoring messages; the week's example steps; the points of the diagnosis scoring."""
    found: dict[str, str] = {}

    def add(where: str, text: str) -> None:
        if text and text.strip():
            found[squash(text)] = where

    for case in load_case_library(language=language).cases:
        add(f"{case.id}: type why", case.innovation_type.why)
        for accepted in case.innovation_type.also_accepted:
            add(f"{case.id}: accepted type", accepted.why)
        for reading in case.actors:
            add(f"{case.id}: actor {reading.actor}", reading.why)
        for reading in case.phases:
            add(f"{case.id}: phase {reading.phase}", reading.why)
            add(f"{case.id}: phase {reading.phase} accepted", reading.accepted_as_most)
        for reading in case.obstacles:
            add(f"{case.id}: obstacle {reading.obstacle}", reading.why)
            add(f"{case.id}: obstacle {reading.obstacle} accepted", reading.accepted_why)
        for reading in case.leadership:
            add(f"{case.id}: model answer {reading.task}", reading.model_answer)
            for item in reading.checklist:
                add(f"{case.id}: checklist {reading.task}", item)
    for example in sorting.load_examples(language=language):
        add(f"{example.id}: why", example.why)
        add(f"{example.id}: tempting", example.tempting)
        for option in example.options:
            add(f"{example.id}: {option.id} message", option.message)
    data = committee.load_committee_data(language=language)
    for challenge in data.challenges:
        add(f"challenge {challenge.id}: example question", challenge.example_question)
    for check in (*data.legal_checks, *data.warnings):
        add(f"check {check.id}: message", check.message)
        add(f"check {check.id}: reason", check.reason)
    for criterion in data.criteria:
        for number, rule in enumerate(criterion.rules, start=1):
            add(f"criterion {criterion.id} rule {number}", rule.message)
    for plan in week.load_week(language=language).plan:
        add(f"week {plan.advice}: example step", plan.model)
    for rule in load_scoring(language=language).rules:
        add(f"scoring {rule.id}", rule.situation)
    return found


@pytest.fixture(scope="module", params=LANGUAGES)
def edition(request):
    """One language's worksheets and answer key, made once for the module."""
    language = request.param
    sheets = worksheets.Sheets(language)
    return {
        "language": language,
        "sheets": sheets,
        "worksheets": worksheets.worksheet_sheaf(language, sheets=sheets),
        "answers": worksheets.answer_sheaf(language, sheets=sheets),
    }


# ---- what is on which paper -----------------------------------------------------------------

def test_every_exercise_and_every_case_has_a_worksheet_and_an_answer_key(edition):
    language, sheets = edition["language"], edition["sheets"]
    listed = ROOT / "data" / "facilitator" / "exercises.yaml"
    exercise_ids = [row["id"] for row in
                    yaml.safe_load(listed.read_text(encoding="utf-8"))["exercises"]]
    without = [e for e in exercise_ids if e not in worksheets.BUILDERS]
    assert not without, (f"exercises without printable worksheets: {without}; add their "
                         "worksheet and answer key to councillor_exercises.worksheets.BUILDERS")
    assert worksheets.exercises() == tuple(exercise_ids)
    for exercise in exercise_ids:
        assert sheets.of(exercise), f"{exercise}: no worksheet in {language}"
        assert sheets.of(exercise, answers=True), f"{exercise}: no answer key in {language}"
    cases = load_case_library(language=language).cases
    assert len(cases) >= 5
    on_paper = {sheet.id for sheet in edition["worksheets"].sheets}
    in_key = {sheet.id for sheet in edition["answers"].sheets}
    for case in cases:
        assert f"case-{case.id}" in on_paper and f"case-{case.id}" in in_key, case.id
        sheet = next(s for s in edition["worksheets"].sheets if s.id == f"case-{case.id}")
        # The story as printed, without the numbers the worksheet puts after cited lines.
        text = squash(re.sub(r" \[(line|linje) \d+\]", "", worksheets.sheet_text(sheet)))
        assert all(squash(paragraph) in text for paragraph in case.story), \
            f"{case.id}: the worksheet lacks part of the story"
    assert {"service-or-policy", "design-a-committee", "your-week"} <= on_paper
    names = [f.name for f in printing.site_files(language)]
    assert {f"case-{case.id}.html" for case in cases} <= set(names)
    assert {"worksheets.html", "answer-key.html", "worksheets.pdf", "answer-key.pdf"} <= set(names)
    for plan_id in load_plans(language=language):
        assert {f"{plan_id}-worksheets.pdf", f"{plan_id}-answer-key.pdf"} <= set(names)


def test_no_worksheet_holds_an_answer_and_the_key_holds_them_all(edition):
    language = edition["language"]
    answers = answer_texts(language)
    assert len(answers) > 300, "the check found too few answer texts in the data"
    on_paper = squash(worksheets.sheaf_text(edition["worksheets"]))
    in_key = squash(worksheets.sheaf_text(edition["answers"]))
    leaked = sorted(where for text, where in answers.items() if text in on_paper)
    assert not leaked, f"{language}: worksheets show answer texts: {leaked[:10]}"
    missing = sorted(where for text, where in answers.items() if text not in in_key)
    assert not missing, f"{language}: the answer key lacks: {missing[:10]}"
    # The same holds for the pages as printed.
    page = page_text(printing.to_html(edition["worksheets"]))
    key_page = page_text(printing.to_html(edition["answers"]))
    assert not [where for text, where in answers.items() if text in page]
    assert not [where for text, where in answers.items() if text not in key_page]


def test_the_worksheets_of_a_session_plan_hold_no_answer_either(edition):
    language = edition["language"]
    answers = answer_texts(language)
    for plan in worksheets.session_plans(language):
        sheets, key = worksheets.session_sheaves(plan, edition["sheets"])
        assert not sheets.answers and key.answers
        text = squash(worksheets.sheaf_text(sheets))
        assert not [where for answer, where in answers.items() if answer in text], plan.id
        assert {s.exercise for s in sheets.sheets} == set(worksheets.plan_exercises(plan))
        assert {s.exercise for s in key.sheets} == set(worksheets.plan_exercises(plan))


def test_a_case_added_to_the_data_appears_in_the_worksheets_and_the_answer_key(fixture_data,
                                                                             tmp_path):
    source = fixture_data / "cases" / "lindvig-schools.yaml"
    case = yaml.safe_load(source.read_text(encoding="utf-8"))
    case["id"] = "testby-added-case"
    case["title"] = {"en": "Testby: a case added by a facilitator",
                     "da": "Testby: en case, som en underviser har tilføjet"}
    case["expert"]["innovation_type"]["why"] = {
        "en": "Testby's own expert reading, written for this test.",
        "da": "Testbys egen ekspertlæsning, skrevet til denne test."}
    (fixture_data / "cases" / "testby-added-case.yaml").write_text(
        yaml.safe_dump(case, allow_unicode=True, sort_keys=False), encoding="utf-8")
    for language in LANGUAGES:
        title, why = case["title"][language], case["expert"]["innovation_type"]["why"][language]
        sheets = worksheets.Sheets(language)
        on_paper = worksheets.sheaf_text(worksheets.worksheet_sheaf(language, sheets=sheets))
        in_key = worksheets.sheaf_text(worksheets.answer_sheaf(language, sheets=sheets))
        assert title in on_paper and title in in_key
        assert why not in on_paper and why in in_key
        written = printing.write_site_files(tmp_path / language, language)
        names = {path.name for path in written}
        assert "case-testby-added-case.html" in names
        page = (tmp_path / language / "case-testby-added-case.html").read_text(encoding="utf-8")
        assert html.escape(title) in page and html.escape(why) not in page
        key = (tmp_path / language / "answer-key.html").read_text(encoding="utf-8")
        assert html.escape(why) in key


def test_a_case_file_that_does_not_load_is_left_out_not_fatal(fixture_data):
    broken = fixture_data / "cases" / "broken-case.yaml"
    broken.write_text("id: broken-case\ntitle: {en: Broken, da: Brudt}\n", encoding="utf-8")
    ids = {sheet.id for sheet in worksheets.worksheet_sheaf("en").sheets}
    assert "case-broken-case" not in ids and "case-lindvig-schools" in ids


# ---- the HTML pages ---------------------------------------------------------------------------

@pytest.fixture(scope="module")
def written(tmp_path_factory) -> dict[str, list[Path]]:
    """Every file the site offers, written as the book build writes them."""
    folder = tmp_path_factory.mktemp("worksheets")
    return {language: printing.write_site_files(folder / language, language)
            for language in LANGUAGES}


def test_the_files_written_are_the_files_the_guide_links(written):
    for language, paths in written.items():
        assert [p.name for p in paths] == [f.name for f in printing.site_files(language)]
        assert all(p.stat().st_size > 1000 for p in paths)


EXTERNAL = re.compile(r"""<(script|link|img|iframe|object|embed|video|audio|source)\b|"""
                      r"""\bsrc\s*=|url\(|@import|@font-face""", re.IGNORECASE)


def test_the_html_pages_load_nothing_and_print_on_a4(written):
    for language, paths in written.items():
        for path in (p for p in paths if p.suffix == ".html"):
            document = path.read_text(encoding="utf-8")
            assert not EXTERNAL.findall(document), f"{path.name}: {EXTERNAL.findall(document)}"
            links = re.findall(r"""href\s*=\s*["']([^"']*)""", document)
            assert all(link.startswith("#") for link in links), f"{path.name}: {links}"
            assert f'<html lang="{language}">' in document
            assert "size: A4" in document and "break-before: page" in document
            assert '<meta charset="utf-8">' in document
        key = next(p for p in paths if p.name == "answer-key.html").read_text(encoding="utf-8")
        sheets = next(p for p in paths if p.name == "worksheets.html").read_text(encoding="utf-8")
        banner = html.escape(worksheets.words(language)("key_banner"))
        assert banner in key and banner not in sheets


def test_a_worksheet_has_space_to_answer(written):
    page = next(p for p in written["da"] if p.name == "case-lindvig-schools.html")
    document = page.read_text(encoding="utf-8")
    assert document.count('class="line"') >= 15          # lines to write on
    assert document.count('class="tick"') >= 30          # boxes to tick
    assert "Navn eller gruppe" in document and "Spørgsmål" in document


# ---- the PDF ------------------------------------------------------------------------------------

def pdf_pages(data: bytes) -> int:
    return len(re.findall(rb"/Type\s*/Page\b(?!s)", data))


def pdf_text(data: bytes) -> str:
    """The strings the PDF's pages show (text objects), read in its WinAnsi encoding."""
    shown = []
    for stream in re.findall(rb"stream\r?\n(.*?)\r?\nendstream", data, re.S):
        try:
            content = zlib.decompress(stream)
        except zlib.error:
            content = stream
        for literal in re.findall(rb"\(((?:\\.|[^\\)])*)\)\s*Tj", content, re.S):
            literal = re.sub(rb"\\([()\\])", rb"\1", literal)
            shown.append(literal.decode("cp1252"))
    return " ".join(shown)


def test_a_session_pdf_opens_with_its_pages_and_its_danish_words():
    plan = next(p for p in worksheets.session_plans("da") if p.id == "session-half-day")
    sheaf, key = worksheets.session_sheaves(plan)
    data, key_data = printing.to_pdf(sheaf), printing.to_pdf(key)
    for document in (data, key_data):
        assert document.startswith(b"%PDF-1.") and document.rstrip().endswith(b"%%EOF")
        tree = next(body for body in re.findall(rb"\d+ 0 obj\s*<<(.*?)>>\s*endobj", document, re.S)
                    if re.search(rb"/Type\s*/Pages\b", body))
        assert int(re.search(rb"/Count\s+(\d+)", tree).group(1)) == pdf_pages(document)
        assert b"/WinAnsiEncoding" in document and b"/FontFile" not in document
    assert pdf_pages(data) >= len(sheaf.sheets) and pdf_pages(key_data) >= len(key.sheets)
    text = pdf_text(data)
    for word in ("Spørgsmål", "Navn eller gruppe", "Hvorfor", "Udvalgets navn", "§ 17"):
        assert word in text, word
    assert "Ekspertlæsningen" in pdf_text(key_data)
    assert "Ekspertlæsningen" not in text
    assert b"/Lang (da)" in data


def test_the_pdf_keeps_danish_letters_and_plains_what_its_font_lacks(edition):
    assert printing.pdf_safe("æøå ÆØÅ § – “ ” … •") == "æøå ÆØÅ § – “ ” … •"
    assert printing.pdf_safe("CO₂ ≥ 2 → ✓") == "CO2 >= 2 -> x"
    # The course's own texts need no replacement at all.
    for sheaf in (edition["worksheets"], edition["answers"]):
        text = worksheets.sheaf_text(sheaf)
        assert printing.pdf_safe(text) == text


# ---- the exercise pages ---------------------------------------------------------------------

def test_an_exercise_page_marks_its_answers_so_that_they_never_print():
    from councillor_exercises.widgets import diagnosis_app, sorting_app, week_app

    sheet = diagnosis_app.worksheet_markdown(language="da")
    dropdowns = sheet.count(":::{dropdown}")
    assert dropdowns and sheet.count(":class-container: course-answers") == dropdowns
    assert ":class-container: course-answers" in sorting_app.worksheet_markdown("en")
    assert "{.course-answers}" in week_app.worksheet_markdown("en")
    css = (ROOT / "_static" / "course.css").read_text(encoding="utf-8")
    rule = re.search(r"@media print\s*\{(.*)", css, re.S).group(1)
    assert re.search(r"\.course-answers[^{]*\{\s*display:\s*none !important;", rule)


# ---- the built site (slow: builds the book) -------------------------------------------------

@pytest.mark.book
@pytest.mark.parametrize("language, guide", [("en", "en/book/facilitator-guide.html"),
                                             ("da", "da/facilitator-guide.html")])
def test_the_site_offers_the_worksheets_and_the_guide_links_each(site, language, guide):
    folder = site / language / "worksheets"
    names = [f.name for f in printing.site_files(language)]
    assert sorted(p.name for p in folder.iterdir()) == sorted(names)
    page = (site / guide).read_text(encoding="utf-8")
    links = set(re.findall(r'href="([^"]*worksheets/[^"#]+)"', page))
    assert {Path(link).name for link in links} == set(names)
    for link in links:
        assert ((site / guide).parent / link).resolve().is_file(), link
