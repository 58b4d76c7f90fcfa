"""The files groups download, made by driving the exercise apps in-process as a group would
(typing the group's name, choosing, typing), for the export and debrief tests.

Each ``*_files`` function returns {file name: bytes} of the downloads a group's app offers,
with the app itself, so that a test can compare what a file carries with what the app holds.
"""

from __future__ import annotations

import base64
import html
import re

from councillor_exercises.widgets import committee_app, diagnosis_app, sorting_app, week_app

HOSTILE = '<script>window.__pwned=1</script><img src=x onerror="window.__pwned=1">'
BREAKER = "--> </script> <!-- ]]> æøå ÆØÅ"
LONG = "æøå " * 2500          # 10,000 characters


def downloads(fragment: str) -> dict[str, bytes]:
    """The download links of an HTML fragment: file name -> content."""
    found = re.findall(r'download="([^"]+)" href="data:[^;"]+(?:;charset=utf-8)?;base64,'
                       r'([^"]+)"', fragment)
    return {html.unescape(name): base64.b64decode(payload) for name, payload in found}


def text_files(fragment: str) -> dict[str, bytes]:
    """The Markdown and printable downloads only (the Word file carries no block)."""
    return {name: content for name, content in downloads(fragment).items()
            if name.endswith((".md", ".html"))}


# ------------------------------------------------------------------------------ diagnosis

DIAGNOSIS_CASE = "fjordby-climate"
# group: (innovation type, {actor: purpose}, phase, obstacles seen, why)
DIAGNOSES = {
    "A": ("policy", {"politicians": "democracy", "citizens": "democracy"}, "co-initiation",
          ["politicians-talk-among-themselves"], "A new goal for the town."),
    "B": ("service", {"citizens": "efficiency"}, "co-design", [], "It is about a service."),
    "C": ("policy", {"businesses": "innovation", "citizens": "democracy"}, "co-initiation",
          ["meetings-not-made-for-new-thinking", "politicians-talk-among-themselves"],
          "Policy: " + HOSTILE),
}


def diagnosis_app_for(group: str, language: str = "en", case: str = DIAGNOSIS_CASE,
                      answers: tuple | None = None) -> diagnosis_app.DiagnosisApp:
    kind, actors, phase, obstacles, why = answers or DIAGNOSES[group]
    app = diagnosis_app.DiagnosisApp(language=language)
    app.frame.group.value = group
    app.case_picker.value = case
    app.start_button.click()
    app.type_choice.value = kind
    app.type_why.value = why
    for actor, purpose in actors.items():
        app.actor_choices[actor].value = purpose
    app.phase_choice.value = phase
    for obstacle in obstacles:
        app.obstacle_checks[obstacle].value = True
    if not obstacles:
        app.obstacles_none.value = True
    return app


def diagnosis_files(group: str, language: str = "en", **kwargs):
    app = diagnosis_app_for(group, language, **kwargs)
    return text_files(app.download.value), app


# ------------------------------------------------------------------------------ committee

COMMITTEES = {"A": "gentofte-task-committee", "B": "closed-expert-panel",
              "C": "holbaek-project-committee"}


def committee_files(group: str, language: str = "en", preset: str | None = None):
    app = committee_app.CommitteeApp(language=language)
    app.frame.group.value = group
    app.challenge.value = "climate-plan"
    app.load_preset(preset or COMMITTEES[group])
    files = text_files(app.downloads.value)
    return files, app


# ------------------------------------------------------------------------------ sorting

# group: {example: choice}; examples left out are sorted as the course sorts them
SORTINGS = {
    "A": {},
    "B": {"rehabilitation-law": "service", "slow-planning": "service"},
    "C": {"rehabilitation-law": "policy", "peoples-meeting": "depends"},
    "D": {"rehabilitation-law": "depends"},
}


def sorting_files(group: str, language: str = "en", note: str = ""):
    app = sorting_app.SortingApp(language)
    app.frame.group.value = group
    own = SORTINGS.get(group, {})
    for example in app.examples:
        app.radios[example.id].value = own.get(example.id, example.answer)
    if note:
        app.note.value = note
        app.note_button.click()           # the note goes into the files when it is added
    return text_files(app.results_download.value), app


# ------------------------------------------------------------------------------ week

# group: ({activity: hours as typed}, {advice: step id or ('own', text)})
WEEKS = {
    "A": ({"papers-and-cases": "8", "committee-and-council-meetings": "5",
           "citizens-associations-businesses": "2,5"},
          {"development-not-battlefield": "shared-diagnosis",
           "knowledge-over-representativeness": "ask-who-knows",
           "room-for-thematic-discussion": "theme-meeting"}),
    "B": ({"papers-and-cases": "2", "committee-and-council-meetings": "5",
           "thematic-policy-work": "4"},
          {"development-not-battlefield": "shared-diagnosis",
           "knowledge-over-representativeness": ("own", "Visit the school " + HOSTILE),
           "room-for-thematic-discussion": "block-time"}),
    "C": ({"papers-and-cases": "12", "committee-and-council-meetings": "5"},
          {"development-not-battlefield": "cross-party-pair"}),
}


def week_files(group: str, language: str = "en"):
    app = week_app.WeekApp(language)
    app.frame.group.value = group
    hours, plan = WEEKS[group]
    for activity, typed in hours.items():
        app.hours[activity].value = typed
    for advice, step in plan.items():
        if isinstance(step, tuple):
            app.own_text[advice].value = step[1]      # typing an own step chooses it
        else:
            app.step_choice[advice].value = step
    return text_files(app.plan_download.value), app
