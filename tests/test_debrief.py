"""The facilitator's debrief: the groups' downloaded files, made here by the exercise apps as
groups would make them, are read back and set side by side. The debrief reproduces what the
groups chose (group A chose X, N groups read the case as policy innovation), refuses foreign,
broken and mixed files with a message that names the file and the reason while the rest load,
keeps hostile text as data, and shows it all in the app in both languages."""

from __future__ import annotations

import base64
import builtins
import html
import json
import socket
import subprocess
import sys
import textwrap
from datetime import datetime, timezone

import ipywidgets as widgets
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from councillor_exercises import committee, debrief, exports, sorting, week
from councillor_exercises.diagnosis import (ActorsAnswer, Diagnosis, ObstaclesAnswer, PhaseAnswer,
                                            TypeAnswer, default_context, evaluate)
from councillor_exercises.cases import load_case_library
from councillor_exercises.ui_text import ui_text
from councillor_exercises.widgets import debrief_app
from councillor_exercises.widgets.debrief_app import DebriefApp, worksheet_markdown
from export_files import (DIAGNOSES, HOSTILE, LONG, SORTINGS, WEEKS, committee_files,
                          diagnosis_files, sorting_files, week_files)

LANGUAGES = ["en", "da"]


def files_of(made) -> list[tuple[str, bytes]]:
    files, _app = made
    return list(files.items())


@pytest.fixture(scope="module")
def classes():
    """Each exercise's files from three or four groups, in each language: {(exercise,
    language): [(file name, bytes), ...]} (each group's Markdown file and printable page)."""
    made = {}
    for language in LANGUAGES:
        made[("diagnose-a-case", language)] = [
            f for g in DIAGNOSES for f in files_of(diagnosis_files(g, language))]
        made[("design-a-committee", language)] = [
            f for g in "ABC" for f in files_of(committee_files(g, language))]
        made[("service-or-policy", language)] = [
            f for g in SORTINGS for f in files_of(sorting_files(g, language))]
        made[("your-week", language)] = [
            f for g in WEEKS for f in files_of(week_files(g, language))]
    return made


def only_markdown(files):
    return [(n, c) for n, c in files if n.endswith(".md")]


# ------------------------------------------------------------------------------ diagnosis

@pytest.mark.parametrize("language", LANGUAGES)
def test_the_diagnosis_debrief_reproduces_each_groups_reading(classes, language):
    files = classes[("diagnose-a-case", language)]
    loaded, result = debrief.read_files(files, "diagnose-a-case", language)
    assert loaded.case == "fjordby-climate"
    # Each group's Markdown file and printable page hold the same work: counted once.
    assert loaded.count(debrief.LOADED) == 3 and loaded.count(debrief.DUPLICATE) == 3
    assert result.groups == ("A", "B", "C")
    assert result.counts("type") == {"policy": 2, "service": 1}
    assert result.counts("phase") == {"co-initiation": 2, "co-design": 1}
    assert result.answer_of("B", "type") == "service"
    assert result.answer_of("A", "actor:politicians") == "democracy"
    assert result.answer_of("B", "actor:politicians") == "none"
    assert result.answer_of("C", "actor:businesses") == "innovation"
    assert result.counts("actor:citizens") == {"democracy": 2, "efficiency": 1}
    assert result.counts("obstacle:politicians-talk-among-themselves") == {"yes": 2, "no": 1}
    # The expert reading: Fjordby is policy innovation, co-initiation matters most.
    assert {a.group for a in result.answers if a.question == "type" and a.expert} == {"A", "C"}
    # The scores are the exercise's own, for each group.
    case = load_case_library(language=language).get("fjordby-climate")
    ctx = default_context(language)
    for submission in loaded.submissions:
        report = evaluate(case, submission.answer, ctx)
        assert result.value_of(submission.group, "score:overall") == report.overall_percent
    readings = result.table("readings")
    words = debrief.words(language)
    assert readings.corner == words("col_group")
    assert list(readings.row_names) == ["A", "B", "C", words("expert_row")]
    policy = ctx.concepts.get("innovation_types", "policy").name
    assert readings.cell(words("expert_row"), words("col_type")) == policy
    assert readings.cell("B", words("col_type")) == \
        ctx.concepts.get("innovation_types", "service").name


def test_the_diagnosis_debrief_puts_the_most_spread_question_first(classes):
    loaded, result = debrief.read_files(classes[("diagnose-a-case", "en")], "diagnose-a-case",
                                        "en")
    spread = result.disagreements
    assert [d.spread for d in spread] == sorted((d.spread for d in spread), reverse=True)
    assert all(d.spread > 0 for d in spread)
    # Citizens: two for democracy, one for efficiency of three groups; five possible answers.
    row = next(d for d in spread if d.question == "actor:citizens")
    assert row.spread == 50
    assert row.split == "For democracy: 2 (expert reading); For efficiency: 1"
    table = result.table("disagreements")
    assert len(table.rows) == min(debrief.TOP_QUESTIONS, len(spread))
    top = spread[0]
    assert table.corner == "#"
    assert table.rows[0] == (1, (top.question_label, top.split, f"{top.spread}%"))


# ------------------------------------------------------------------------------ committee

@pytest.mark.parametrize("language", LANGUAGES)
def test_the_committee_debrief_sets_the_profiles_side_by_side(classes, language):
    loaded, result = debrief.read_files(classes[("design-a-committee", language)],
                                        "design-a-committee", language)
    # Each group: design summary and kommissorium, Markdown and printable: one design.
    assert loaded.count(debrief.LOADED) == 3 and loaded.count(debrief.DUPLICATE) == 9
    data = committee.load_committee_data(language=language)
    profiles = result.table("profiles")
    assert list(profiles.columns) == ["A", "B", "C"]
    for group, preset in zip("ABC", ("gentofte-task-committee", "closed-expert-panel",
                                     "holbaek-project-committee")):
        design = committee.preset_design(data.preset(preset),
                                         keep=committee.Design(challenge="climate-plan"))
        profile = committee.evaluate(design, data).profile
        for criterion in data.criteria:
            assert profiles.cell(criterion.name, group) == profile.score(criterion.id)
            assert result.value_of(group, f"criterion:{criterion.id}") == \
                profile.score(criterion.id)
        assert profiles.cell(profiles.row_names[-1], group) == profile.overall
    designs = result.table("designs")
    words = debrief.words(language)
    assert set(designs.column(words("col_challenge"))) == {data.challenge("climate-plan").title}
    assert result.chart("profiles").kind == "spread"


# ------------------------------------------------------------------------------ sorting

@pytest.mark.parametrize("language", LANGUAGES)
def test_the_sorting_debrief_counts_agreement_per_example(classes, language):
    loaded, result = debrief.read_files(only_markdown(classes[("service-or-policy", language)]),
                                        "service-or-policy", language)
    assert result.groups == ("A", "B", "C", "D") and loaded.count(debrief.REFUSED) == 0
    # rehabilitation-law: A as the course (depends), B service, C policy, D depends.
    assert result.counts("rehabilitation-law") == {"depends": 2, "service": 1, "policy": 1}
    assert result.counts("robot-vacuum-cleaners") == {"service": 4}
    assert result.answer_of("C", "peoples-meeting") == "depends"
    examples = {e.id: e for e in sorting.load_examples(language=language)}
    words = debrief.words(language)
    agreement = result.table("agreement")
    assert agreement.cell(examples["rehabilitation-law"].name, words("col_agree")) == \
        words("agree_value", agree=2, total=4)
    assert agreement.cell(examples["slow-planning"].name, words("col_agree")) == \
        words("agree_value", agree=3, total=4)
    # Where the groups split most: the example on which they split three ways.
    assert result.disagreements[0].question == "rehabilitation-law"
    bars = result.chart("agreement").values
    assert bars[list(examples).index("rehabilitation-law")]["value"] == 50


# ------------------------------------------------------------------------------ week

@pytest.mark.parametrize("language", LANGUAGES)
def test_the_week_debrief_shows_hours_per_activity(classes, language):
    loaded, result = debrief.read_files(classes[("your-week", language)], "your-week", language)
    assert result.groups == ("A", "B", "C")
    assert result.value_of("A", "hours:citizens-associations-businesses") == 2.5
    assert result.value_of("C", "hours:papers-and-cases") == 12
    assert result.value_of("B", "hours:boards") == 0
    data = week.load_week(language=language)
    papers = data.activity("papers-and-cases").name
    hours = result.table("hours")
    words = debrief.words(language)
    assert [hours.cell(papers, group) for group in "ABC"] == ["8", "2", "12"]
    assert hours.cell(papers, words("col_median")) == "8"
    assert hours.cell(words("row_total"), "A") == ("15,5" if language == "da" else "15.5")
    # Papers and cases: 2 to 12 hours, the widest range of any activity, comes first; its
    # spread is that range over the largest figure any group gave (12 hours).
    top = next(d for d in result.disagreements if d.kind == "hours")
    assert top.question == "hours:papers-and-cases" and top.spread == round(100 * 10 / 12)
    assert result.counts("plan:development-not-battlefield") == {"shared-diagnosis": 2,
                                                                 "cross-party-pair": 1}
    plans = result.table("plans")
    own = plans.column("B")[1]
    assert own.startswith(words("own_step_text", text="Visit the school")[:20])
    assert HOSTILE in own                          # as data: the app escapes it


# ------------------------------------------------------------------------------ refusals

def diagnosis_export(group: str, case: str = "fjordby-climate", kind: str = "policy"):
    return exports.diagnosis_export(case, Diagnosis(TypeAnswer(kind, "why"),
                                                    ActorsAnswer((("citizens", "democracy"),)),
                                                    PhaseAnswer("co-initiation")))


def markdown(export, group: str, language: str = "en") -> bytes:
    return exports.markdown_with_block("# Summary\n", export.stamped(group, language)).encode()


def test_foreign_broken_and_mixed_files_are_refused_by_name_and_the_rest_load(classes):
    good = only_markdown(classes[("diagnose-a-case", "en")])
    broken = markdown(diagnosis_export("X"), "X").replace(b'"version":1', b'"version":9')
    files = good + [
        ("minutes-of-the-meeting.md", "# Minutes\n\nNothing from the course.".encode()),
        ("damaged.md", b"# x\n<!-- course-export: {\"format\":\"course-export\", -->\n"),
        ("old-version.md", broken),
        ("no-group-field.md", "# x\n\n<!-- course-export: {} -->\n".replace(
            "{}", exports.to_json({k: v for k, v in diagnosis_export("Y").stamped("Y", "en")
                                   .block().items() if k != "group"})).encode()),
        ("sorting.md", only_markdown(classes[("service-or-policy", "en")])[0][1]),
        ("lindvig.md", markdown(diagnosis_export("D", "lindvig-schools"), "D")),
        ("unknown-case.md", markdown(diagnosis_export("E", "atlantis"), "E")),
        ("photo.md", b"\xff\xd8\xff\xe0" + bytes(range(256))),
        ("huge.md", b"#" * (debrief.MAX_FILE_BYTES + 1)),
    ]
    loaded = debrief.load_set(files, "diagnose-a-case", "en")
    assert loaded.groups == ("A", "B", "C")
    refused = {f.name: f.message for f in loaded.files if f.status == debrief.REFUSED}
    assert set(refused) == {n for n, _ in files[3:]}
    for name, message in refused.items():
        assert message.startswith(f"{name}: not used.")
    assert "holds no answers from the course's exercises" in refused["minutes-of-the-meeting.md"]
    assert "damaged and cannot be read" in refused["damaged.md"]
    assert "another version of the course (answer format 9" in refused["old-version.md"]
    assert "lacks the field “group”" in refused["no-group-field.md"]
    assert "from the exercise “Service or policy?”, and you are debriefing “Diagnose a case”" \
        in refused["sorting.md"]
    assert "about the case “Lindvig" in refused["lindvig.md"]
    assert "“Fjordby" in refused["lindvig.md"] and "one case at a time" in refused["lindvig.md"]
    assert "does not have (“atlantis”)" in refused["unknown-case.md"]
    assert "not a text file" in refused["photo.md"]
    assert "MB" in refused["huge.md"]
    assert debrief.status_line(loaded) == \
        f"{len(files)} files read: 3 loaded, 0 counted once, {len(files) - 3} refused."
    # The debrief is computed from the three that loaded.
    assert debrief.debrief(loaded).counts("type") == {"policy": 2, "service": 1}


def test_the_case_most_files_share_is_the_sets_case():
    files = [("lindvig-1.md", markdown(diagnosis_export("L1", "lindvig-schools"), "L1")),
             ("fjordby.md", markdown(diagnosis_export("F"), "F")),
             ("lindvig-2.md", markdown(diagnosis_export("L2", "lindvig-schools"), "L2"))]
    loaded = debrief.load_set(files, "diagnose-a-case", "en")
    assert loaded.case == "lindvig-schools" and loaded.groups == ("L1", "L2")
    assert [f.status for f in loaded.files] == ["loaded", "refused", "loaded"]


def test_two_files_of_one_group_with_other_answers_are_both_shown():
    files = [("a-1.md", markdown(diagnosis_export("A"), "A")),
             ("a-2.md", markdown(diagnosis_export("A", kind="service"), "A")),
             ("nameless.md", markdown(diagnosis_export(""), "  ")),
             ("a-1-again.html", exports.html_with_block(
                 "<html><body></body></html>", diagnosis_export("A").stamped("A", "da")).encode())]
    loaded = debrief.load_set(files, "diagnose-a-case", "en")
    assert loaded.groups == ("A", "A (2)", "No name (nameless.md)")
    assert "Another file has the name “A” with other answers" in loaded.files[1].message
    assert loaded.files[3].status == debrief.DUPLICATE and "a-1.md" in loaded.files[3].message


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_class_of_both_editions_is_debriefed_in_the_apps_language(classes, language):
    files = (only_markdown(classes[("service-or-policy", "en")])[:2]
             + only_markdown(classes[("service-or-policy", "da")])[2:])
    loaded, result = debrief.read_files(files, "service-or-policy", language)
    assert loaded.count(debrief.LOADED) == 4
    words = debrief.words(language)
    assert words("language_da") in loaded.files[3].message
    assert words("language_en") in loaded.files[0].message
    examples = sorting.load_examples(language=language)
    assert list(result.table("agreement").row_names) == [e.name for e in examples]


def test_refusals_are_in_danish_in_the_danish_debrief(classes):
    files = [("noter.md", "# Noter".encode()),
             ("uge.md", only_markdown(classes[("your-week", "da")])[0][1])]
    loaded = debrief.load_set(files, "diagnose-a-case", "da")
    da = debrief.words("da")
    assert loaded.files[0].message == da("file_refused", file="noter.md",
                                         reason=da("refused_no_block"))
    assert "Din uge" in loaded.files[1].message and "ikke brugt" in loaded.files[1].message
    assert debrief.debrief(loaded) is None


# ------------------------------------------------------------------------------ hostile text

def test_hostile_names_and_answers_stay_data_in_the_app():
    name = HOSTILE + "--> " + LONG
    files = [("evil.md", markdown(exports.sorting_export(sorting.SortingAnswer(
        (("rehabilitation-law", "policy"),), note=HOSTILE + LONG)), name)),
             ("fine.md", markdown(exports.sorting_export(sorting.SortingAnswer()), "Fine"))]
    loaded = debrief.load_set(files, "service-or-policy", "en")
    label = loaded.groups[0]
    assert len(label) == debrief.GROUP_LABEL + 1 and label.endswith("…")
    assert label.startswith("<script>window.__pwned=1</script>")
    assert loaded.submissions[0].export.group == name     # the full name, as data
    app = DebriefApp("en")
    app.read(files)
    shown = app.file_list.value + app.results.value
    assert "<script" not in shown and "<img" not in shown
    assert html.escape(label) in app.file_list.value
    assert "&lt;script&gt;window.__pwned=1&lt;/script&gt;" in app.results.value


# ------------------------------------------------------------------------------ charts

@pytest.mark.parametrize("exercise", ["diagnose-a-case", "design-a-committee",
                                      "service-or-policy", "your-week"])
def test_every_chart_renders_with_a_text_alternative_in_both_languages(classes, exercise):
    from councillor_exercises.charts import figure_html
    from councillor_exercises.charts.debrief import draw

    for language in LANGUAGES:
        _loaded, result = debrief.read_files(classes[(exercise, language)], exercise, language)
        assert result.charts
        for spec in result.charts:
            figure = draw(spec)
            assert figure.svg.startswith("<svg") and figure.language == language
            assert figure.description and figure.source == \
                debrief.words(language)("chart_source", count=len(result.groups))
            shown = figure_html(figure)
            assert 'role="img"' in shown and html.escape(figure.title) in shown


# ------------------------------------------------------------------------------ measures

def test_the_spread_of_choices_runs_from_agreement_to_an_even_split():
    assert debrief.choice_spread(["a", "a", "a"], 3) == 0
    assert debrief.choice_spread(["a", "b"], 3) == 1
    assert debrief.choice_spread(["a", "b", "c"], 3) == 1
    assert debrief.choice_spread(["a", "a", "b"], 3) == pytest.approx(0.5)
    assert debrief.choice_spread(["a", "", ""], 3) == 0     # one answer: no spread
    assert debrief.number_spread([2.0, 12.0], 12.0) == pytest.approx(10 / 12)
    assert debrief.number_spread([5.0], 100.0) == 0


# ------------------------------------------------------------------------------ the app

def all_widgets(widget):
    yield widget
    for child in getattr(widget, "children", ()):
        yield from all_widgets(child)


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_app_reads_the_files_and_shows_the_debrief(classes, language):
    app = DebriefApp(language)
    words = debrief.words(language)
    assert isinstance(debrief_app.build_app(language), widgets.VBox)
    assert app.upload.multiple and app.upload.accept == ".md,.html"
    assert app.upload.description == words("upload_button")
    assert html.escape(words("upload_label")) in app.root.children[4].value
    assert app.exercise.description == words("exercise_label")
    for control in all_widgets(app.root):
        if isinstance(control, (widgets.Dropdown, widgets.Button, widgets.FileUpload)):
            assert control.description.strip(), control
    assert html.escape(words("waiting")) in app.file_list.value
    assert html.escape(words("privacy_note")) in app.root.children[2].value

    app.exercise.value = "diagnose-a-case"
    files = classes[("diagnose-a-case", language)] + [("notes.md", b"# Notes")]
    # What the upload control hands over: name, type, size and the content (in memory only).
    app.upload.value = tuple({"name": name, "type": "text/markdown", "size": len(content),
                              "content": memoryview(content),
                              "last_modified": datetime.now(timezone.utc)}
                             for name, content in files)
    assert app.loaded.count(debrief.LOADED) == 3 and app.loaded.count(debrief.REFUSED) == 1
    listing = app.file_list.value
    assert "data-course-focus" in listing       # the file list's heading receives focus
    assert f'data-course-announce="{html.escape(debrief.status_line(app.loaded))}"' in listing
    assert listing.count("<li ") == len(files)
    assert html.escape(words("status_refused")) in listing
    shown = app.results.value
    assert html.escape(words("disagreement_title")) in shown
    assert shown.count('<figure class="course-chart"') == len(app.result.charts)
    assert 'role="region" tabindex="0"' in shown and '<th scope="col">' in shown

    # Another exercise: the same files are read again for it, and refused.
    app.exercise.value = "your-week"
    assert app.loaded.count(debrief.LOADED) == 0
    assert html.escape(words("nothing_loaded")) in app.results.value

    app.forget_button.click()
    assert app.files == [] and app.upload.value == () and app.results.value == ""
    assert html.escape(words("forgotten")) in app.file_list.value


# In the reader's browser (Pyodide) there is no pandas and no numpy: the app, given the
# groups' files through its upload control, must show its tables and charts without them. A
# fresh interpreter, in which importing either fails, proves that nothing on the way needs them.
WITHOUT_PANDAS = textwrap.dedent("""
    import sys
    sys.modules["pandas"] = None        # from here on, importing pandas or numpy fails
    sys.modules["numpy"] = None

    import base64, json
    from datetime import datetime, timezone

    import ipywidgets as widgets
    from councillor_exercises.widgets.debrief_app import build_app

    def all_widgets(widget):
        yield widget
        for child in getattr(widget, "children", ()):
            yield from all_widgets(child)

    shown = []
    for case in json.load(open(sys.argv[1], encoding="utf-8")):
        controls = list(all_widgets(build_app(language=case["language"])))
        picker = next(c for c in controls if isinstance(c, widgets.Dropdown))
        upload = next(c for c in controls if isinstance(c, widgets.FileUpload))
        results = next(c for c in controls if "course-debrief-results" in c._dom_classes)
        picker.value = case["exercise"]
        upload.value = tuple(
            {"name": name, "type": "text/markdown", "size": len(content),
             "content": memoryview(content), "last_modified": datetime.now(timezone.utc)}
            for name, content in ((n, base64.b64decode(c)) for n, c in case["files"]))
        shown.append(results.value)
    loaded = sorted(m for m in sys.modules if m.split(".")[0] in ("pandas", "numpy")
                    and sys.modules[m] is not None)
    json.dump({"shown": shown, "loaded": loaded}, open(sys.argv[2], "w", encoding="utf-8"))
""")
# Each exercise's tables that set the groups side by side.
SIDE_BY_SIDE = {"diagnose-a-case": ("readings", "counts", "scores"),
                "design-a-committee": ("profiles", "designs"),
                "service-or-policy": ("agreement", "choices"),
                "your-week": ("hours", "plans")}


def test_the_app_shows_its_tables_and_charts_without_pandas_or_numpy(classes, tmp_path):
    cases = [{"exercise": exercise, "language": language,
              "files": [(name, base64.b64encode(content).decode("ascii"))
                        for name, content in classes[(exercise, language)]]}
             for exercise in SIDE_BY_SIDE for language in LANGUAGES]
    given, answer = tmp_path / "cases.json", tmp_path / "shown.json"
    given.write_text(json.dumps(cases), encoding="utf-8")
    run = subprocess.run([sys.executable, "-c", WITHOUT_PANDAS, str(given), str(answer)],
                         capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stderr[-3000:]
    outcome = json.loads(answer.read_text(encoding="utf-8"))
    assert outcome["loaded"] == []
    for case, shown in zip(cases, outcome["shown"]):
        words = debrief.words(case["language"])
        assert html.escape(words("disagreement_title")) in shown, case["exercise"]
        for table in ("disagreements", *SIDE_BY_SIDE[case["exercise"]]):
            assert f'class="course-debrief-table course-debrief-{table}"' in shown, table
        groups = ("A", "B", "C")
        if case["exercise"] != "diagnose-a-case":     # there the groups are rows
            assert all(f'<th scope="col">{group}</th>' in shown for group in groups)
        else:
            assert all(f'<th scope="row">{group}</th>' in shown for group in groups)
        assert '<figure class="course-chart"' in shown and "<svg" in shown


def test_the_app_writes_no_file_and_opens_no_connection(classes, monkeypatch, tmp_path):
    """Nothing leaves the room: reading files and drawing the debrief writes nothing to disk
    and opens no network connection."""
    app = DebriefApp("en")
    app.exercise.value = "design-a-committee"
    real_open = builtins.open

    def read_only(file, mode="r", *args, **kwargs):
        if any(flag in str(mode) for flag in "wax+"):
            raise AssertionError(f"the debrief tried to write {file}")
        return real_open(file, mode, *args, **kwargs)

    def no_connection(*args, **kwargs):
        raise AssertionError("the debrief tried to open a connection")

    monkeypatch.setattr(builtins, "open", read_only)
    monkeypatch.setattr(socket.socket, "connect", no_connection)
    monkeypatch.chdir(tmp_path)
    app.read(classes[("design-a-committee", "en")])
    assert app.loaded.count(debrief.LOADED) == 3 and "course-chart" in app.results.value
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_book_page_explains_the_debrief_in_its_language(language):
    sheet = worksheet_markdown(language)
    words = debrief.words(language)
    for key in ("worksheet_intro", "worksheet_rules", "privacy_note", "worksheet_paper"):
        assert words(key) in sheet
    for exercise in exports.EXERCISES:
        assert debrief.exercise_name(exercise, language) in sheet
    other = debrief.words("da" if language == "en" else "en")
    assert other("worksheet_intro") not in sheet


def test_every_debrief_string_exists_in_both_languages():
    english, danish = ui_text("debrief", "en"), ui_text("debrief", "da")
    assert english.keys() == danish.keys()
    for problem in ("no_block", "several_blocks", "bad_json", "not_object", "wrong_format",
                    "wrong_version", "missing_field", "bad_field"):
        assert f"refused_{problem}" in english.keys()


# ------------------------------------------------------------------------------ any answers

ids = st.sampled_from(["policy", "service", "both", "citizens", "users", "democracy",
                       "efficiency", "co-design", "co-initiation", "martians", "", "own",
                       "shared-diagnosis", "papers-and-cases", "politicians-talk-among-themselves",
                       "rehabilitation-law", "depends", HOSTILE]) | st.text(max_size=20)
pairs = st.lists(st.tuples(ids, ids), max_size=6).map(tuple)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(kinds=st.lists(st.tuples(ids, pairs, ids, pairs, ids), min_size=1, max_size=4))
def test_any_answers_that_fit_the_format_give_a_debrief(kinds):
    files = []
    for number, (kind, actors, phase, marks, typed) in enumerate(kinds):
        diagnosis = Diagnosis(TypeAnswer(kind, typed), ActorsAnswer(actors), PhaseAnswer(phase),
                              ObstaclesAnswer(marks, number % 2 == 0))
        files.append((f"d{number}.md", markdown(exports.diagnosis_export("fjordby-climate",
                                                                         diagnosis), typed)))
        files.append((f"s{number}.md", markdown(exports.sorting_export(
            sorting.SortingAnswer(actors, typed)), typed)))
        files.append((f"w{number}.md", markdown(exports.week_export(
            week.WeekAnswer(tuple((a, b) for a, b in marks)),
            week.PlanAnswer(tuple(week.PlanChoice(a, b or None, typed) for a, b in actors))),
            typed)))
    for exercise in ("diagnose-a-case", "service-or-policy", "your-week"):
        loaded, result = debrief.read_files(files, exercise, "en")
        assert loaded.count(debrief.LOADED) + loaded.count(debrief.DUPLICATE) == len(kinds)
        assert result is not None and len(result.groups) == loaded.count(debrief.LOADED)
        assert all(1 <= d.spread <= 100 for d in result.disagreements)


def test_one_group_alone_has_no_disagreement_to_show():
    loaded, result = debrief.read_files([("a.md", markdown(diagnosis_export("A"), "A"))],
                                        "diagnose-a-case", "en")
    assert result.disagreements == ()
    table = result.table("disagreements")
    assert table.rows == () and table.note == debrief.words("en")("disagreement_none")
    assert "disagreements" not in [chart.id for chart in result.charts]
    app = DebriefApp("en")
    app.exercise.value = "diagnose-a-case"
    app.read([("a.md", markdown(diagnosis_export("A"), "A"))])
    assert html.escape(debrief.words("en")("disagreement_none")) in app.results.value


def test_a_new_case_file_reaches_the_debrief(fixture_data):
    """A facilitator's new case is diagnosed by the groups and debriefed like the course's own."""
    text = (fixture_data / "cases" / "fjordby-climate.yaml").read_text(encoding="utf-8")
    text = text.replace("id: fjordby-climate", "id: havnby-climate").replace(
        'en: "Fjordby: a CO2-neutral municipality?"', 'en: "Havnby: a new case"')
    assert "Havnby: a new case" in text
    (fixture_data / "cases" / "havnby-climate.yaml").write_text(text, encoding="utf-8")
    files = [f for group in ("A", "B")
             for f in files_of(diagnosis_files(group, "en", case="havnby-climate"))]
    loaded = debrief.load_set(files, "diagnose-a-case", "en")
    assert loaded.case == "havnby-climate" and len(loaded.submissions) == 2
    result = debrief.debrief(loaded)
    assert result is not None and result.case == "havnby-climate"
    assert "Havnby: a new case" in result.title + result.intro
    assert result.answer_of("A", "type") == DIAGNOSES["A"][0]
