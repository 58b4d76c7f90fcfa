"""The four exercise apps run where neither pandas nor numpy exists (the reader's browser, on
Pyodide): each is built and driven to its results chart, in both languages, by a Python in
which importing either of them fails. This test process has pandas loaded already (the book's
charts use it), so the apps run in a subprocess of their own.

Once more with the charts handed to the page (``draw_charts_in_browser``), as in the browser:
there, vl-convert cannot run and no thread can be started either, so the subprocess refuses
both too."""

from __future__ import annotations

import html
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

TESTS = Path(__file__).resolve().parent
LANGUAGES = ("en", "da")
SOURCE_WORD = {"en": "Source:", "da": "Kilde:"}

# Run before anything else in the subprocess: from here on, "import pandas" (or numpy) raises
# ImportError wherever it is written, however late.
WITHOUT_PANDAS = """
import sys
sys.modules["pandas"] = None
sys.modules["numpy"] = None
"""
# The browser's Python has no vl-convert (native code) and cannot start a thread.
LIKE_THE_BROWSER = """
sys.modules["vl_convert"] = None
import threading
def _no_thread(self):
    raise RuntimeError("can't start new thread")
threading.Thread.start = _no_thread
"""


def drive_the_apps(in_browser: bool) -> dict:
    """Build each app with ``build_app`` and drive it as the widget tests do, in each
    language; what each shows as feedback and as its chart(s), by language and app."""
    from councillor_exercises import charts
    from councillor_exercises.widgets import (committee_app, common, diagnosis_app,
                                              sorting_app, week_app)
    from test_committee_widgets import design_gentofte_by_hand
    from test_week_widgets import typical_week

    if in_browser:
        charts.draw_charts_in_browser()
    else:
        # The committee app draws its chart once the chart renderer has started.
        common.warm_charts_in_background()
        common._chart_warm_up.join(timeout=120)

    shown: dict[str, dict[str, dict[str, str]]] = {}
    for language in LANGUAGES:
        for module in (sorting_app, week_app, diagnosis_app, committee_app):
            root = module.build_app(language=language)
            assert type(root).__name__ == "VBox", (module.__name__, language, root)

        sorting = sorting_app.SortingApp(language)
        for example in sorting.examples:
            sorting.radios[example.id].value = example.answer
        sorting.results_button.click()

        week = week_app.WeekApp(language)
        typical_week(week)
        week.check_week_button.click()

        diagnosis = diagnosis_app.DiagnosisApp(language=language)
        diagnosis.start("fjordby-climate")
        diagnosis.type_choice.value = "policy"
        diagnosis.check_button.click()
        diagnosis.next_button.click()
        diagnosis.actor_choices["citizens"].value = "democracy"
        for _step in diagnosis_app.STEPS[1:]:
            diagnosis.check_button.click()
            diagnosis.next_button.click()
        assert diagnosis.step == diagnosis_app.SUMMARY

        committee = committee_app.CommitteeApp(language=language)
        design_gentofte_by_hand(committee)
        committee.refresh()

        shown[language] = {
            "sorting": {"feedback": sorting.results_feedback.value, "chart": sorting.chart.value},
            "week": {"feedback": week.week_feedback.value, "chart": week.week_charts.value},
            "diagnosis": {"feedback": diagnosis.summary.value, "chart": diagnosis.summary.value},
            "committee": {"feedback": committee.feedback_output.value,
                          "chart": committee.feedback_output.value},
        }
    return {"shown": shown, "loaded": sorted(name for name in ("pandas", "numpy", "vl_convert")
                                             if sys.modules.get(name) is not None)}


def run_without_pandas(in_browser: bool) -> dict:
    prelude = WITHOUT_PANDAS + (LIKE_THE_BROWSER if in_browser else "")
    code = (prelude + f"sys.path.insert(0, {str(TESTS)!r})\n"
            "import json, test_runtime_without_pandas as t\n"
            f"print(json.dumps(t.drive_the_apps({in_browser!r})))\n")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          cwd=TESTS.parent, timeout=600)
    assert done.returncode == 0, done.stderr[-4000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


CHARTS = {"sorting": 1, "week": 3, "diagnosis": 2, "committee": 1}


# Only the in-browser route must do without pandas (Voila's apps have it); the same apps run
# for real in the browser in test_in_browser_exercises.py, this is the quick check.
@pytest.mark.parametrize("in_browser", [True], ids=["in-browser"])
def test_the_apps_run_to_their_charts_without_pandas_or_numpy(in_browser):
    result = run_without_pandas(in_browser)
    assert result["loaded"] == (["vl_convert"] if not in_browser else [])
    for language, apps in result["shown"].items():
        for app, parts in apps.items():
            where = f"{app} ({language})"
            assert 'class="course-feedback' in parts["feedback"], where
            chart = parts["chart"]
            assert chart.count('<figure class="course-chart"') == CHARTS[app], where
            assert SOURCE_WORD[language] in chart, where
            assert "course-chart-coming" not in chart, where
            if not in_browser:
                assert chart.count("<svg") >= CHARTS[app], where
                continue
            assert "<svg" not in chart, where
            specs = re.findall(r'<div class="course-vega"[^>]*\sdata-vega-lite="([^"]*)"', chart)
            assert len(specs) == CHARTS[app], where
            for spec in specs:
                vega_lite = json.loads(html.unescape(spec))
                assert "$schema" in vega_lite and "vega-lite" in vega_lite["$schema"], where
