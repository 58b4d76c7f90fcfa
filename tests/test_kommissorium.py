"""The draft terms of reference (kommissorium): its nine sections in the order a Danish
municipality writes them, in English and in Danish, its draft notice, the points to clear with
the administration, the learner's words escaped in Markdown and HTML and kept as plain text in
the Word file, and that any design whatever yields one."""

from __future__ import annotations

import re
import sys
from dataclasses import replace

import pytest
from hypothesis import HealthCheck, given, settings

from councillor_exercises import committee as c
from councillor_exercises import kommissorium as k
from councillor_exercises.ui_text import ui_text
from test_committee_engine import DATA, GENTOFTE, HOSTILE, designs

HEADINGS = k.section_headings()
DANISH_HEADINGS = ["1. Baggrund", "2. Formål", "3. Opgave", "4. Sammensætning og rekruttering",
                   "5. Arbejdsform", "6. Tidsplan", "7. Økonomi og sekretariat",
                   "8. Afrapportering", "9. Forhold, der skal afklares med forvaltningen"]


def draft(design: c.Design) -> k.Kommissorium:
    return k.build_kommissorium(design, DATA)


def section_text(doc: k.Kommissorium, section_id: str) -> str:
    section = next(s for s in doc.sections if s.id == section_id)
    return " ".join(b.text + " " + " ".join(b.items) for b in section.blocks)


def unescaped_tag(text: str) -> bool:
    """A '<script' or '<img' that Markdown would pass on as HTML (not escaped as '\\<')."""
    return bool(re.search(r"(?<!\\)<(script|img)", text))


def test_the_nine_sections_in_the_order_of_a_danish_kommissorium():
    assert k.SECTION_IDS == ("background", "purpose", "task", "composition", "working_method",
                             "timetable", "budget", "reporting", "legal")
    assert HEADINGS == ["1. Background (Baggrund)", "2. Purpose (Formål)", "3. Task (Opgave)",
                        "4. Composition and recruitment (Sammensætning og rekruttering)",
                        "5. Working method (Arbejdsform)", "6. Timetable (Tidsplan)",
                        "7. Budget and secretariat (Økonomi og sekretariat)",
                        "8. Reporting (Afrapportering)",
                        "9. Points to clear with the administration (Forhold, der skal afklares "
                        "med forvaltningen)"]
    assert k.section_headings(ui_text("committee", "da")) == DANISH_HEADINGS
    doc = draft(replace(GENTOFTE, challenge="climate-plan"))
    markdown, page = k.to_markdown(doc), k.to_html(doc)
    positions = [markdown.index(f"## {h}") for h in HEADINGS]
    assert positions == sorted(positions)
    assert all(f"<h2>{h}</h2>" in page for h in HEADINGS)


def test_it_says_it_is_a_draft_and_that_the_council_decides():
    markdown = k.to_markdown(draft(GENTOFTE))
    assert markdown.count("DRAFT for discussion, not adopted.") == 1
    assert "The municipal council (kommunalbestyrelsen) decides whether to set" in markdown
    assert "advisory and preparatory (rådgivende og forberedende)" in markdown
    assert "final decisions stay with the municipal council and its standing committees" in markdown


def test_the_gentofte_design_reads_as_a_sensible_mandate():
    doc = draft(replace(GENTOFTE, challenge="rehabilitation-policy", committee_name="Ældre"))
    assert doc.title == "Draft terms of reference (kommissorium): Ældre"
    assert doc.to_resolve == ()
    assert "Fredericia" in section_text(doc, "background")
    assert "Democracy (demokrati)" in section_text(doc, "purpose")
    assert "Co-initiation (co-initiering)" in section_text(doc, "task")
    composition = section_text(doc, "composition")
    assert "5, from 3 parties" in composition and "Citizens (borgere): 10, recruited by open call" in composition
    assert "council decides the committee's composition and appoints" in composition
    assert "Chair: A councillor." in composition
    assert "6 meeting(s) of about 3 hour(s)" in section_text(doc, "working_method")
    assert "about 10 months" in section_text(doc, "timetable")
    reporting = section_text(doc, "reporting")
    assert "Recommendations" in reporting and "responsible standing committee" in reporting
    assert "advisory and preparatory" in reporting
    assert "What should the next committee of this kind do differently?" in reporting


def test_open_points_are_listed_to_resolve_and_marked_in_their_sections():
    design = replace(GENTOFTE, route="committee-decides", mandate_question="", purpose="",
                     set_up_by="mayor", open_ended=True, council_members=-1)
    doc = draft(design)
    resolve = " ".join(doc.to_resolve)
    assert "decides on its own proposals" in resolve and "no mandate yet" in resolve
    assert "Councillors: -1 is outside the allowed range" in resolve
    assert "To be checked with the legal staff" in section_text(doc, "reporting")
    assert "To be decided: the question" in section_text(doc, "task")
    assert "To be decided: which purpose" in section_text(doc, "purpose")
    assert "No end date is set" in section_text(doc, "timetable")
    markdown = k.to_markdown(doc)
    assert "**Points to resolve before this draft goes to the council:**" in markdown


def test_a_standing_committee_as_founder_is_marked_to_decide():
    doc = draft(replace(GENTOFTE, set_up_by="standing-committee"))
    assert "Only the municipal council can set up" in section_text(doc, "composition")


def test_the_learners_words_are_escaped_in_markdown_and_html():
    design = replace(GENTOFTE, challenge=c.OWN_CHALLENGE, own_challenge=HOSTILE + "\n# heading",
                     mandate_question="[link](javascript:alert(1)) " + HOSTILE,
                     committee_name=HOSTILE)
    doc = draft(design)
    markdown, page = k.to_markdown(doc), k.to_html(doc)
    assert not unescaped_tag(markdown)
    assert "> \\<script\\>" in markdown and "\\# heading" in markdown
    assert "\\[link\\]" in markdown
    assert "<script" not in page and "<img src" not in page and "onerror=\"" not in page
    assert "&lt;script&gt;window.__pwned=1&lt;/script&gt;" in page
    assert "<blockquote>" in page


def test_the_printable_page_stands_alone():
    page = k.to_html(draft(GENTOFTE))
    assert page.startswith("<!DOCTYPE html>") and '<meta charset="utf-8">' in page
    assert "@media print" in page and "Ctrl+P" in page
    assert not re.search(r"(src|href)=\"(https?:)?//", page)
    assert "<script" not in page


def test_the_preview_has_no_page_head_and_lower_headings():
    preview = k.preview_html(draft(GENTOFTE))
    assert "<html" not in preview and "<style" not in preview
    assert "<h3>" in preview and "<h4>1. Background (Baggrund)</h4>" in preview


def test_the_blank_outline_has_the_nine_headings_and_a_prompt_each():
    outline = k.blank_outline_markdown()
    for heading in HEADINGS:
        assert f"**{heading}**" in outline
    assert "The committee advises and prepares; the council decides." in outline


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(designs)
def test_any_design_yields_a_profile_in_range_and_a_full_kommissorium(design):
    feedback = c.evaluate(design, DATA)
    assert all(0 <= criterion.score <= 100 for criterion in feedback.profile.criteria)
    doc = k.build_kommissorium(design, DATA, feedback=feedback)
    markdown, page = k.to_markdown(doc), k.to_html(doc)
    for heading in HEADINGS:
        assert f"## {heading}" in markdown
        assert f"<h2>{heading}</h2>" in page
    assert "DRAFT for discussion" in markdown and "DRAFT for discussion" in page
    assert not unescaped_tag(markdown) and "<script" not in page
    assert section_text(doc, "legal").count(":") >= len(DATA.legal_points)


def test_the_draft_lists_the_points_to_clear_with_the_legal_staff():
    doc = draft(GENTOFTE)
    legal = section_text(doc, "legal")
    assert "has not verified the law" in legal and "legal staff" in legal
    for point in DATA.legal_points:
        assert f"{point.point}: {point.why}" in legal
    for needed in ("Confidentiality and impartiality", "forvaltningsloven", "allowances",
                   "Secretariat", "Budget", "offentlighedsloven", "Data protection in an open call",
                   "proportional election", "change or dissolve"):
        assert needed in legal, needed
    markdown = k.to_markdown(doc)
    assert markdown.index("## 9. Points to clear") > markdown.index("## 8. Reporting")


def test_the_budget_and_secretariat_are_left_for_the_council_to_decide():
    budget = section_text(draft(GENTOFTE), "budget")
    assert "To be decided: the committee's budget" in budget
    assert "which department provides the secretariat" in budget


def test_the_purpose_names_outside_members_only_when_there_are_some():
    with_outsiders = section_text(draft(GENTOFTE), "purpose")
    assert "with members from outside the council" in with_outsiders
    holbaek = DATA.preset("holbaek-project-committee").design
    councillors_only = section_text(draft(holbaek), "purpose")
    assert "members from outside the council" not in councillors_only


def test_a_point_to_check_goes_into_the_points_to_resolve():
    doc = draft(replace(GENTOFTE, route="committee-decides"))
    assert any("decides on its own proposals" in point for point in doc.to_resolve)


# ------------------------------------------------------------------------------ both languages

def danish_draft(design: c.Design) -> k.Kommissorium:
    return k.build_kommissorium(design, DANISH_DATA)


DANISH_DATA = c.load_committee_data(language="da")


def test_the_danish_draft_has_the_danish_shape_and_words():
    doc = danish_draft(replace(GENTOFTE, challenge="climate-plan"))
    assert doc.language == "da"
    assert [s.heading for s in doc.sections] == DANISH_HEADINGS
    danish = ui_text("committee", "da")
    markdown, page = k.to_markdown(doc), k.to_html(doc)
    assert f"**{danish('k_draft_label')}**" in markdown
    assert all(f"## {h}" in markdown for h in DANISH_HEADINGS)
    assert page.startswith('<!DOCTYPE html>\n<html lang="da">')
    assert all(f"<h2>{h}</h2>" in page for h in DANISH_HEADINGS)
    assert "DRAFT" not in markdown and "To be decided" not in markdown
    # A Danish name carries no Danish term in parentheses beside it.
    citizens = next(o for o in DANISH_DATA.options.groups if o.id == "citizens")
    assert f"{citizens.name} ({citizens.danish})" not in markdown
    assert k.blank_outline_markdown(danish).count("**") >= 2 * len(DANISH_HEADINGS)


def test_nothing_of_the_former_sections_is_lost():
    """Every piece the twelve-section draft held is in one of the nine sections."""
    doc = draft(replace(GENTOFTE, challenge="climate-plan"))
    text = " ".join(section_text(doc, s) for s in k.SECTION_IDS)
    for needed in ("The challenge:", "The purpose that weighs most", "answer this question",
                   "phases of the work", "Councillors (kommunalbestyrelsesmedlemmer): 5",
                   "In all 15 members", "appoints its members", "Chair:", "meeting(s)",
                   "Ways of meeting and working", "plans its own meetings", "about 10 months",
                   "the committee's budget", "secretariat", "The committee delivers:",
                   "advisory and preparatory", "standing committee", "evaluates the work",
                   "has not verified the law"):
        assert needed in text, needed


# ------------------------------------------------------------------------------ the Word file

NO_PYTHON_DOCX = ("python-docx, which reads the Word file back, needs lxml, a compiled library "
                  "that cannot be loaded here (the Word file itself was written)")


def skip_without_python_docx() -> None:
    """In Pyodide (tests/pyodide/run.mjs) a test gets as far as writing the Word file."""
    if sys.platform == "emscripten":
        pytest.skip(NO_PYTHON_DOCX)


def open_docx(content: bytes):
    import io

    skip_without_python_docx()
    from docx import Document

    return Document(io.BytesIO(content))


def headings_of(document) -> tuple[list[str], list[str]]:
    paragraphs = document.paragraphs
    return ([p.text for p in paragraphs if p.style.name == "Heading 1"],
            [p.text for p in paragraphs if p.style.name == "Heading 2"])


def test_the_word_file_has_the_title_and_a_heading_per_section_in_english():
    doc = draft(replace(GENTOFTE, challenge="climate-plan", committee_name="Ældre"))
    document = open_docx(k.to_docx(doc))
    title, sections = headings_of(document)
    assert title == ["Draft terms of reference (kommissorium): Ældre"]
    assert sections == HEADINGS
    assert document.core_properties.title == doc.title
    assert document.core_properties.language == "en-GB"
    styles = {p.style.name for p in document.paragraphs}
    assert {"Heading 1", "Heading 2", "List Bullet", "Quote", "Normal"} <= styles
    bullets = [p.text for p in document.paragraphs if p.style.name == "List Bullet"]
    assert any(point.point in bullet for point in DATA.legal_points for bullet in bullets)
    text = "\n".join(p.text for p in document.paragraphs)
    assert "DRAFT for discussion, not adopted." in text and "advisory and preparatory" in text


def test_the_word_file_in_danish():
    doc = danish_draft(replace(GENTOFTE, challenge="climate-plan", committee_name="Ældre"))
    document = open_docx(k.to_docx(doc))
    title, sections = headings_of(document)
    assert title == [doc.title] and "kommissorium" in doc.title.lower()
    assert sections == DANISH_HEADINGS
    assert document.core_properties.language == "da-DK"
    styles = document.styles.element.xml
    assert 'w:val="da-DK"' in styles          # the text's language, for spelling in Word
    text = "\n".join(p.text for p in document.paragraphs)
    assert ui_text("committee", "da")("k_draft_label") in text


def test_hostile_and_very_long_text_comes_through_the_word_file_as_literal_text():
    long_text = "Borgerne skal med. " * 400              # 7,600 characters, over the limit
    design = replace(GENTOFTE, challenge=c.OWN_CHALLENGE,
                     own_challenge="<script>alert(1)</script>\n# heading\n**bold** &amp; "
                                   "{FIELD} =SUM(A1) \x00\x07\x0b end",
                     mandate_question=long_text, committee_name=HOSTILE)
    for doc in (draft(design), danish_draft(design)):
        content = k.to_docx(doc)
        document = open_docx(content)
        text = "\n".join(p.text for p in document.paragraphs)
        assert "<script>alert(1)</script>" in text and "# heading" in text
        assert "**bold** &amp; {FIELD} =SUM(A1)" in text and " end" in text
        assert long_text.strip() in text
        assert document.core_properties.title.startswith(doc.title.split(HOSTILE)[0])
        assert HOSTILE in headings_of(document)[0][0]
        # Plain text only: no field, no hyperlink, no raw markup in the document's XML.
        import zipfile
        import io

        body = zipfile.ZipFile(io.BytesIO(content)).read("word/document.xml").decode("utf-8")
        assert "<script" not in body and "&lt;script&gt;alert(1)&lt;/script&gt;" in body
        assert "w:fldSimple" not in body and "w:instrText" not in body
        assert "w:hyperlink" not in body


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(designs)
def test_any_design_yields_a_word_file_that_opens(design):
    for data in (DATA, DANISH_DATA):
        doc = k.build_kommissorium(design, data)
        title, sections = headings_of(open_docx(k.to_docx(doc)))
        assert len(title) == 1
        assert sections == [s.heading for s in doc.sections]


# A design with every field filled in: every group, format and phase, and a route that puts a
# point to resolve at the top, so that every kind of paragraph the Word file has is written.
EVERY_FIELD = c.Design(
    challenge=c.OWN_CHALLENGE, own_challenge="Fjordby's harbour & <the> climate: æøå ÆØÅ",
    committee_name="Havneudvalget", mandate_question="What should the harbour become?",
    deliverable=DATA.options.deliverables[0].id, purpose=DATA.concepts.ids("purposes")[0],
    set_up_by="mayor", council_members=5, parties=3,
    groups=tuple(c.GroupPlan(option.id, 2, DATA.options.recruitment[0].id)
                 for option in DATA.options.groups),
    chair=DATA.options.chairs[0].id, meetings=6, hours_per_meeting=3,
    meeting_formats=tuple(option.id for option in DATA.options.meeting_formats),
    duration_months=10, open_ended=False, phases=tuple(DATA.concepts.ids("phases")),
    route="committee-decides", checklist=tuple(item.id for item in DATA.checklist))


def docx_parts(content: bytes) -> dict[str, bytes]:
    import io
    import zipfile

    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def test_every_part_of_the_word_file_is_well_formed_xml_for_a_design_with_every_field():
    import xml.etree.ElementTree as ElementTree

    for doc in (draft(EVERY_FIELD), danish_draft(EVERY_FIELD)):
        assert doc.to_resolve and all(s.blocks for s in doc.sections)
        kinds = {block.kind for section in doc.sections for block in section.blocks}
        assert kinds == {"p", "quote", "list", "todo"}
        content = k.to_docx(doc)
        parts = docx_parts(content)
        assert {"[Content_Types].xml", "_rels/.rels", "word/document.xml",
                "word/_rels/document.xml.rels", "word/styles.xml",
                "docProps/core.xml"} <= set(parts)
        for name, part in parts.items():
            ElementTree.fromstring(part)        # raises on anything not well-formed
        assert content == k.to_docx(doc)        # the same draft, the same bytes
        document = open_docx(content)
        assert [p.text for p in document.paragraphs if p.style.name == "Quote"] == [
            EVERY_FIELD.own_challenge, EVERY_FIELD.mandate_question]


def test_the_word_files_headings_are_words_own_heading_styles():
    """Word's navigation pane and screen readers know a heading by its built-in style (stored as
    "heading 1") and its outline level; the bullets are real list items."""
    skip_without_python_docx()
    from docx.enum.style import WD_STYLE_TYPE
    from docx.oxml.ns import qn
    from docx.shared import Mm

    content = k.to_docx(draft(EVERY_FIELD))
    document = open_docx(content)
    for name, level in (("Heading 1", "0"), ("Heading 2", "1")):
        style = document.styles[name]
        assert style.type == WD_STYLE_TYPE.PARAGRAPH and style.builtin
        assert style.element.pPr.find(qn("w:outlineLvl")).get(qn("w:val")) == level
    styles = docx_parts(content)["word/styles.xml"].decode("utf-8")
    assert '<w:name w:val="heading 1"/>' in styles and '<w:name w:val="heading 2"/>' in styles
    assert 'w:ascii="Calibri"' in styles
    numbering = docx_parts(content)["word/numbering.xml"].decode("utf-8")
    assert '<w:numFmt w:val="bullet"/>' in numbering
    assert '<w:numId w:val="1"/>' in styles and '<w:num w:numId="1">' in numbering
    assert [p.text for p in document.paragraphs if p.style.name == "Heading 1"] == [
        "Draft terms of reference (kommissorium): Havneudvalget"]
    section = document.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    assert all(Mm(20) <= margin <= Mm(30) for margin in (
        section.left_margin, section.right_margin, section.top_margin, section.bottom_margin))
    bold = [run.text for p in document.paragraphs for run in p.runs if run.bold]
    assert bold == ["DRAFT for discussion, not adopted.",
                    "Points to resolve before this draft goes to the council:"]
    italic = [p.text for p in document.paragraphs if p.runs and p.runs[-1].italic]
    assert any(text.startswith("To be decided") for text in italic)


def test_the_word_files_properties_give_its_title_and_language():
    for doc, tag in ((draft(EVERY_FIELD), "en-GB"), (danish_draft(EVERY_FIELD), "da-DK")):
        content = k.to_docx(doc)
        properties = open_docx(content).core_properties
        assert (properties.title, properties.language) == (doc.title, tag)
        styles = docx_parts(content)["word/styles.xml"].decode("utf-8")
        assert f'<w:lang w:val="{tag}"/>' in styles
    # A very long name: the heading keeps it whole, the title property holds what it can.
    doc = draft(replace(EVERY_FIELD, committee_name="Udvalg " * 100))
    document = open_docx(k.to_docx(doc))
    assert len(document.core_properties.title) == 255
    assert headings_of(document)[0] == [" ".join(doc.title.split())]


def test_hostile_text_of_every_kind_comes_through_the_word_file_as_text():
    typed = ("<script>alert('x')</script> & &amp; ]]> \"quoted\" æøå ÆØÅ\ttab\r\nnew line"
             "\x00\x01\x08\x0b\x0c\x1f\ud800\ufffe\uffff end " + "ø" * 10_000)
    expected = ("<script>alert('x')</script> & &amp; ]]> \"quoted\" æøå ÆØÅ\ttab\nnew line"
                " end " + "ø" * 10_000)
    design = replace(EVERY_FIELD, own_challenge=typed, mandate_question=typed,
                     committee_name="<b>Ældre</b> & co\x07")
    for doc in (draft(design), danish_draft(design)):
        content = k.to_docx(doc)
        document = open_docx(content)
        assert [p.text for p in document.paragraphs if p.style.name == "Quote"] == [expected] * 2
        assert headings_of(document)[0][0].endswith("<b>Ældre</b> & co")
        assert document.core_properties.title.endswith("<b>Ældre</b> & co")
        body = docx_parts(content)["word/document.xml"].decode("utf-8")
        assert "<script" not in body and "<b>" not in body and "&lt;b&gt;Ældre" in body


def test_the_word_file_is_written_without_python_docx_or_lxml(tmp_path):
    """The exercises run in the reader's browser too (Pyodide), where lxml, a compiled library,
    cannot be loaded: the draft and its Word file must need neither it nor python-docx."""
    if sys.platform == "emscripten":
        pytest.skip(NO_PYTHON_DOCX + "; nor can a subprocess be started")
    import subprocess

    from conftest import ROOT

    out = tmp_path / "draft.docx"
    script = (
        "import sys\n"
        "sys.modules['docx'] = None\n"
        "sys.modules['lxml'] = None\n"
        "from councillor_exercises import committee, kommissorium\n"
        "data = committee.load_committee_data(language='da')\n"
        "design = data.preset('gentofte-task-committee').design\n"
        "doc = kommissorium.build_kommissorium(design, data)\n"
        f"open({str(out)!r}, 'wb').write(kommissorium.to_docx(doc))\n"
    )
    result = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True,
                            text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    document = open_docx(out.read_bytes())
    assert headings_of(document)[1] == DANISH_HEADINGS
    assert document.core_properties.language == "da-DK"
