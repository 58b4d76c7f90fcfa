"""The draft terms of reference (kommissorium): its twelve sections, its draft notice, the
points to clear with the legal staff, the learner's words escaped in Markdown and HTML, and
that any design whatever yields one."""

from __future__ import annotations

import re
from dataclasses import replace

from hypothesis import HealthCheck, given, settings

from councillor_exercises import committee as c
from councillor_exercises import kommissorium as k
from test_committee_engine import DATA, GENTOFTE, HOSTILE, designs

HEADINGS = k.section_headings()


def draft(design: c.Design) -> k.Kommissorium:
    return k.build_kommissorium(design, DATA)


def section_text(doc: k.Kommissorium, section_id: str) -> str:
    section = next(s for s in doc.sections if s.id == section_id)
    return " ".join(b.text + " " + " ".join(b.items) for b in section.blocks)


def unescaped_tag(text: str) -> bool:
    """A '<script' or '<img' that Markdown would pass on as HTML (not escaped as '\\<')."""
    return bool(re.search(r"(?<!\\)<(script|img)", text))


def test_the_twelve_sections_in_order():
    assert HEADINGS == ["1. Background (Baggrund)", "2. Purpose (Formål)", "3. Tasks (Opgaver)",
                        "4. Composition and recruitment (Sammensætning og rekruttering)",
                        "5. Chair (Formand)", "6. Meetings and method (Møder og arbejdsform)",
                        "7. Timetable (Tidsplan)",
                        "8. Budget and secretariat (Økonomi og sekretariat)",
                        "9. Deliverables (Leverancer)",
                        "10. Relation to the council (Forhold til kommunalbestyrelsen)",
                        "11. Evaluation (Evaluering)",
                        "12. Points to clear with the legal staff (Juridiske forhold, der skal "
                        "afklares)"]
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
    assert "Co-initiation (co-initiering)" in section_text(doc, "tasks")
    composition = section_text(doc, "composition")
    assert "5, from 3 parties" in composition and "Citizens (borgere): 10, recruited by open call" in composition
    assert "council decides the committee's composition and appoints" in composition
    assert "6 meeting(s) of about 3 hour(s)" in section_text(doc, "meetings")
    assert "about 10 months" in section_text(doc, "timetable")
    assert "Recommendations" in section_text(doc, "deliverables")
    assert "responsible standing committee" in section_text(doc, "council")


def test_open_points_are_listed_to_resolve_and_marked_in_their_sections():
    design = replace(GENTOFTE, route="committee-decides", mandate_question="", purpose="",
                     set_up_by="mayor", open_ended=True, council_members=-1)
    doc = draft(design)
    resolve = " ".join(doc.to_resolve)
    assert "decides on its own proposals" in resolve and "no mandate yet" in resolve
    assert "Councillors: -1 is outside the allowed range" in resolve
    assert "To be checked with the legal staff" in section_text(doc, "council")
    assert "To be decided: the question" in section_text(doc, "tasks")
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


def test_the_blank_outline_has_the_twelve_headings_and_a_prompt_each():
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
    assert markdown.index("## 12. Points to clear") > markdown.index("## 11. Evaluation")


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
