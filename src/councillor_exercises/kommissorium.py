"""A draft terms of reference (kommissorium) written from a committee design, as Markdown, as a
printable web page and as a Word file (.docx), in the language of the interface strings it is
given. Pure: a design and the data in, text (or the Word file's bytes) out.

The document is a draft for the council to discuss, and says so. Every text, the learner's and
the data's, is escaped in Markdown and HTML and written as plain text into the Word file, so
nothing typed can become markup, a field or a script.
"""

from __future__ import annotations

import html
from dataclasses import dataclass

from .committee import (
    CommitteeData,
    CommitteeFeedback,
    Design,
    challenge_text,
    evaluate,
    format_names,
    load_committee_data,
    number_problems,
)
from .free_text import as_inert_html, as_inert_markdown
from .ui_text import UiText, ui_text
from .word_file import (
    DOCX_MIME,
    HEADING_1,
    HEADING_2,
    LIST_BULLET,
    NORMAL,
    QUOTE,
    Paragraph,
    Run,
    word_file,
)

# The nine sections, in the order a Danish municipality writes a kommissorium: baggrund,
# formål, opgave, sammensætning, arbejdsform, tidsplan, økonomi og sekretariat, afrapportering,
# and last the points to clear with the administration (forvaltningen) and its legal staff.
# Their headings are the interface strings k_h_<id>.
SECTION_IDS = ("background", "purpose", "task", "composition", "working_method", "timetable",
               "budget", "reporting", "legal")
# What the blank outline (the static worksheet) asks under each heading: interface strings.
SECTION_PROMPTS = {
    "background": ("k_prompt_background",),
    "purpose": ("k_prompt_purpose",),
    "task": ("k_prompt_tasks",),
    "composition": ("k_prompt_composition", "k_prompt_chair"),
    "working_method": ("k_prompt_meetings",),
    "timetable": ("k_prompt_timetable",),
    "budget": ("k_prompt_budget",),
    "reporting": ("k_prompt_deliverables", "k_prompt_council", "k_prompt_evaluation"),
    "legal": ("k_prompt_legal",),
}


@dataclass(frozen=True)
class Block:
    """One piece of a section. kind: 'p' (paragraph), 'quote' (the learner's own words),
    'list' (bullet points), 'todo' (a point still to be decided)."""

    kind: str
    text: str = ""
    items: tuple[str, ...] = ()


@dataclass(frozen=True)
class Section:
    id: str
    heading: str
    blocks: tuple[Block, ...]


@dataclass(frozen=True)
class Kommissorium:
    title: str
    draft_note: str
    to_resolve: tuple[str, ...]     # input problems and legal points still open
    sections: tuple[Section, ...]
    footer: str
    language: str = "en"            # the language every text above is in


def section_headings(ui: UiText | None = None) -> list[str]:
    """The nine headings, numbered, in the language of ``ui`` (English by default)."""
    ui = ui or ui_text("committee")
    return [ui(f"k_h_{section}", number=number)
            for number, section in enumerate(SECTION_IDS, start=1)]


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]


def _todo(ui: UiText, what: str) -> Block:
    return Block("todo", ui("k_todo", what=what))


def build_kommissorium(design: Design, data: CommitteeData | None = None,
                       ui: UiText | None = None,
                       feedback: CommitteeFeedback | None = None) -> Kommissorium:
    """The draft terms of reference for a design, in the language of ``ui`` (or of ``data``).
    Never raises on a design."""
    data = data or load_committee_data(language=ui.language if ui is not None else None)
    ui = ui or ui_text("committee", data.language)
    feedback = feedback or evaluate(design, data, ui)
    d = feedback.design
    # A number the learner typed that cannot be used ("2,5", 999, nothing) is never replaced
    # by a value they did not enter: the draft says it is still to be decided.
    unusable = number_problems(design, data, ui)

    def number_todo(*keys: str) -> Block | None:
        problems = [unusable[key] for key in keys if key in unusable]
        return _todo(ui, " ".join(problems)) if problems else None
    options, concepts = data.options, data.concepts
    title_text, text, own = challenge_text(d, data)
    name = d.committee_name.strip()
    if name:
        title = ui("k_title_named", name=name)
    elif title_text:
        title = ui("k_title_challenge", challenge=title_text)
    else:
        title = ui("k_title")
    headings = dict(zip(SECTION_IDS, section_headings(ui)))
    sections: dict[str, list[Block]] = {section: [] for section in SECTION_IDS}

    # 1. Background
    if own and text.strip():
        sections["background"] += [Block("p", ui("k_background_own")), Block("quote", text)]
    elif title_text:
        sections["background"] += [Block("p", ui("k_background_title", title=title_text)),
                                   Block("p", text)]
        challenge = data.challenge(d.challenge)
        if challenge is not None:
            sections["background"].append(Block("p", ui("k_background_source",
                                                        source=challenge.source)))
    else:
        sections["background"].append(_todo(ui, ui("k_todo_background")))

    # 2. Purpose (the frame names outside members only when the design has some)
    external = sum(p.count for p in d.groups)
    sections["purpose"].append(Block("p", ui("k_purpose_frame") if external
                                     else ui("k_purpose_frame_council_only")))
    if d.purpose:
        purpose = concepts.get("purposes", d.purpose)
        sections["purpose"].append(Block("p", ui(
            "k_purpose_weighs", name=purpose.name, danish=purpose.danish,
            question=purpose.question, explanation=purpose.explanation)))
    else:
        sections["purpose"].append(_todo(ui, ui("k_todo_purpose")))

    # 3. Task: the question to answer and the phases of the work the committee takes part in
    if d.mandate_question.strip():
        sections["task"] += [Block("p", ui("k_tasks_question")),
                             Block("quote", d.mandate_question)]
    else:
        sections["task"].append(_todo(ui, ui("k_todo_question")))
    if d.phases:
        sections["task"] += [Block("p", ui("k_tasks_phases")), Block("list", items=tuple(
            f"{concepts.get('phases', p).label}: {concepts.get('phases', p).explanation}"
            for p in d.phases))]
    else:
        sections["task"].append(_todo(ui, ui("k_todo_phases")))

    # 4. Composition: members, how they are recruited, who appoints them, and the chair
    members = ([] if number_todo("council_members", "parties") else
               [ui("k_councillors", council=d.council_members, parties=d.parties)])
    for option in options.groups:
        plan = d.group(option.id)
        if plan.count and f"group:{option.id}" not in unusable:
            method = options.name("recruitment", plan.recruitment)
            members.append(ui("k_group", group=option.name, danish=option.danish,
                              count=plan.count,
                              method=_lower_first(method) if method
                              else ui("k_recruitment_open")))
    todos = [todo for todo in [number_todo("council_members", "parties"),
                               *(number_todo(f"group:{o.id}") for o in options.groups)] if todo]
    # The total is only given when every count in it is the learner's own.
    total = ([] if any(k == "council_members" or k.startswith("group:") for k in unusable)
             else [Block("p", ui("k_total", total=d.council_members + external,
                                 council=d.council_members, external=external))])
    sections["composition"] += [
        *([Block("list", items=tuple(members))] if members else []), *todos, *total,
        Block("p", ui("k_council_appoints")),
    ]
    set_up = options.name("set_up_by", d.set_up_by)
    if d.set_up_by != "council":
        sections["composition"].append(_todo(ui, ui("k_todo_set_up", chosen=set_up or
                                                      ui("not_chosen"))))

    chair = options.name("chairs", d.chair)
    sections["composition"].append(Block("p", ui("k_chair", chair=chair)) if chair
                                   else _todo(ui, ui("k_todo_chair")))

    # 5. Working method: meetings, their kinds, and the committee's own planning
    formats = format_names(d, data)
    sections["working_method"].append(number_todo("meetings", "hours_per_meeting")
                                      or Block("p", ui("k_meetings", meetings=d.meetings,
                                                       hours=d.hours_per_meeting)))
    if formats:
        sections["working_method"] += [Block("p", ui("k_formats")),
                                       Block("list", items=tuple(formats))]
    else:
        sections["working_method"].append(_todo(ui, ui("k_todo_formats")))
    sections["working_method"].append(Block("p", ui("k_method")))

    # 6. Timetable
    sections["timetable"].append(Block("p", ui("k_open_ended")) if d.open_ended
                                 else number_todo("duration_months")
                                 or Block("p", ui("k_duration", months=d.duration_months)))

    # 7. Budget and secretariat: the design does not settle them, so the draft asks
    sections["budget"] += [_todo(ui, ui("k_todo_budget")), _todo(ui, ui("k_todo_secretariat"))]

    # 8. Reporting: what the committee delivers, how it reaches the council (which decides),
    # and how the work is evaluated
    deliverable = options.name("deliverables", d.deliverable)
    sections["reporting"].append(
        Block("p", ui("k_deliverable", deliverable=deliverable)) if deliverable
        else _todo(ui, ui("k_todo_deliverable")))
    sections["reporting"].append(Block("p", ui("k_council_frame")))
    route = options.find("routes", d.route)
    if route is not None and d.route in ("no-route", "committee-decides"):
        sections["reporting"].append(Block("todo", route.sentence))
    elif route is not None:
        sections["reporting"].append(Block("p", route.sentence))
    else:
        sections["reporting"].append(_todo(ui, ui("k_todo_route")))
    sections["reporting"] += [Block("p", ui("k_evaluation")), Block("list", items=(
        ui("k_evaluation_1"), ui("k_evaluation_2"), ui("k_evaluation_3"),
        ui("k_evaluation_4")))]

    # 9. Points to clear with the administration and its legal staff (data/committee/legal.yaml)
    sections["legal"] += [Block("p", ui("k_legal_intro")), Block("list", items=tuple(
        f"{point.point}: {point.why}" for point in data.legal_points))]

    to_resolve = tuple(feedback.problems) + tuple(
        item.message for item in feedback.legal_issues)
    return Kommissorium(
        title=title, draft_note=ui("k_draft_note"), to_resolve=to_resolve,
        sections=tuple(Section(s, headings[s], tuple(sections[s])) for s in SECTION_IDS),
        footer=ui("k_footer"), language=ui.language)


def _md(text: str) -> str:
    return as_inert_markdown(text.strip())


def to_markdown(doc: Kommissorium, ui: UiText | None = None) -> str:
    """The draft as Markdown; every text escaped, the learner's words as block quotes."""
    ui = ui or ui_text("committee", doc.language)
    out = [f"# {_md(doc.title)}", "", f"**{_md(ui('k_draft_label'))}** {_md(doc.draft_note)}", ""]
    if doc.to_resolve:
        out += [f"**{_md(ui('k_to_resolve'))}**", ""]
        out += [f"- {_md(point)}" for point in doc.to_resolve] + [""]
    for section in doc.sections:
        out += [f"## {_md(section.heading)}", ""]
        for block in section.blocks:
            if block.kind == "quote":
                lines = _md(block.text).splitlines() or [""]
                out.append("\n".join(f"> {line}" if line.strip() else ">" for line in lines))
            elif block.kind == "list":
                out.append("\n".join(f"- {_md(item)}" for item in block.items))
            elif block.kind == "todo":
                out.append(f"*{_md(block.text)}*")
            else:
                out.append(_md(block.text))
            out.append("")
    out += ["---", "", _md(doc.footer), ""]
    return "\n".join(out)


PRINT_CSS = """
body { font-family: Georgia, 'Times New Roman', serif; color: #111; background: #fff;
  max-width: 42rem; margin: 2rem auto; padding: 0 1rem; line-height: 1.5; }
h1 { font-size: 1.6rem; } h2 { font-size: 1.2rem; margin-top: 1.6rem; }
.draft { border: 2px dashed #7a4a00; padding: .6rem 1rem; }
.to-resolve { border-left: 4px solid #a11a1a; padding: .2rem 1rem; }
.todo { font-style: italic; color: #5a3800; }
blockquote { border-left: 3px solid #555; margin: .5rem 0; padding: .1rem 1rem; }
.footer { border-top: 1px solid #999; margin-top: 2rem; font-size: .9rem; color: #333; }
.print-hint { background: #eef3fa; padding: .5rem 1rem; }
@media print {
  body { margin: 0; max-width: none; font-size: 11pt; }
  .print-hint { display: none; }
  h2 { break-after: avoid; page-break-after: avoid; }
  section { break-inside: avoid-page; }
  @page { margin: 2cm; }
}
"""


def to_html(doc: Kommissorium, ui: UiText | None = None) -> str:
    """The draft as a stand-alone web page with print styles (no script, nothing loaded), its
    ``lang`` the draft's language."""
    ui = ui or ui_text("committee", doc.language)
    # Every text, the learner's (the title may hold the committee's name) and the data's,
    # goes through the same inert escaping.
    e = lambda text: as_inert_html(text.strip())  # noqa: E731
    title = e(" ".join(doc.title.split()))
    out = ['<!DOCTYPE html>', f'<html lang="{html.escape(doc.language, quote=True)}">',
           "<head>", '<meta charset="utf-8">',
           '<meta name="viewport" content="width=device-width, initial-scale=1">',
           f"<title>{title}</title>", f"<style>{PRINT_CSS}</style>", "</head>", "<body>",
           f'<p class="print-hint">{e(ui("k_print_hint"))}</p>',
           f"<h1>{title}</h1>",
           f'<p class="draft"><strong>{e(ui("k_draft_label"))}</strong> {e(doc.draft_note)}</p>']
    if doc.to_resolve:
        out.append(f'<div class="to-resolve"><p><strong>{e(ui("k_to_resolve"))}</strong></p><ul>')
        out += [f"<li>{e(point)}</li>" for point in doc.to_resolve]
        out.append("</ul></div>")
    for section in doc.sections:
        out.append(f'<section id="{e(section.id)}"><h2>{e(section.heading)}</h2>')
        for block in section.blocks:
            if block.kind == "quote":
                out.append(f"<blockquote><p>{e(block.text)}</p></blockquote>")
            elif block.kind == "list":
                out.append("<ul>" + "".join(f"<li>{e(item)}</li>" for item in block.items)
                           + "</ul>")
            elif block.kind == "todo":
                out.append(f'<p class="todo">{e(block.text)}</p>')
            else:
                out.append(f"<p>{e(block.text)}</p>")
        out.append("</section>")
    out += [f'<p class="footer">{e(doc.footer)}</p>', "</body>", "</html>", ""]
    return "\n".join(out)


def preview_html(doc: Kommissorium, ui: UiText | None = None) -> str:
    """The draft's body for showing inside the exercise (no page head, headings one level down)."""
    page = to_html(doc, ui)
    body = page.split("<body>", 1)[1].rsplit("</body>", 1)[0]
    body = body.replace('<p class="print-hint">', '<p class="print-hint" hidden>', 1)
    return (body.replace("<h2>", "<h4>").replace("</h2>", "</h4>")
            .replace("<h1>", "<h3>").replace("</h1>", "</h3>"))


def blank_outline_markdown(ui: UiText | None = None) -> str:
    """An empty terms of reference to print and fill in by hand (the static worksheet)."""
    ui = ui or ui_text("committee")
    out = [f"**{ui('k_draft_label')}** {ui('k_draft_note')}", ""]
    for section, heading in zip(SECTION_IDS, section_headings(ui)):
        prompt = " ".join(ui(key) for key in SECTION_PROMPTS[section])
        out += [f"**{heading}**", "", prompt, "",
                "\\_" * 60, "", "\\_" * 60, ""]
    return "\n".join(out)


# ------------------------------------------------------------------------------------------
# The Word file
# ------------------------------------------------------------------------------------------

# The language tag Word uses for spelling and hyphenation, by the course's language codes.
DOCX_LANGUAGE_TAGS = {"en": "en-GB", "da": "da-DK"}


def to_docx(doc: Kommissorium, ui: UiText | None = None) -> bytes:
    """The draft as a Word file: the title as Heading 1, a Heading 2 per section, paragraphs
    and bullet lists, the document's title and language in its properties. Every text, the
    learner's too, goes in as plain text (runs of text; never a field, a link or markup).
    Written with the standard library alone, so that it works in the reader's browser too."""
    ui = ui or ui_text("committee", doc.language)
    paragraphs: list[Paragraph] = []

    def paragraph(text: str, style: str = NORMAL, bold: str = "", italic: bool = False) -> None:
        label = (Run(bold.strip(), bold=True), Run(" ")) if bold else ()
        paragraphs.append(Paragraph((*label, Run(text.strip(), italic=italic)), style))

    title = " ".join(doc.title.split())
    paragraph(title, HEADING_1)
    paragraph(doc.draft_note, bold=ui("k_draft_label"))
    if doc.to_resolve:
        paragraph("", bold=ui("k_to_resolve"))
        for point in doc.to_resolve:
            paragraph(point, LIST_BULLET)
    for section in doc.sections:
        paragraph(section.heading, HEADING_2)
        for block in section.blocks:
            if block.kind == "quote":
                paragraph(block.text, QUOTE)
            elif block.kind == "list":
                for item in block.items:
                    paragraph(item, LIST_BULLET)
            elif block.kind == "todo":
                paragraph(block.text, italic=True)
            else:
                paragraph(block.text)
    paragraph(doc.footer, italic=True)
    return word_file(paragraphs, title=title,
                     language=DOCX_LANGUAGE_TAGS.get(doc.language, doc.language))


__all__ = ["Block", "DOCX_MIME", "Kommissorium", "SECTION_IDS", "SECTION_PROMPTS", "Section",
           "blank_outline_markdown", "build_kommissorium", "preview_html", "section_headings",
           "to_docx", "to_html", "to_markdown"]
