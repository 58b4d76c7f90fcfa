"""A pytest plugin for the engine's tests when they run inside Pyodide (tests/pyodide/run.mjs):
the Python of the reader's browser, set up as the exercises' worker sets it up.

Only what cannot exist there is skipped, each with its reason: here, the tests that edit the
data files (the browser reads the JSON the site's build parsed from them); in the test files,
where sys.platform is "emscripten", those that need a library with compiled parts (PyYAML,
python-docx and its lxml, pandas) or a subprocess.
"""

from __future__ import annotations

from collections import Counter

import pytest

# Filled in as pytest runs; run.mjs reports them.
COUNTS: Counter = Counter()
SKIP_REASONS: Counter = Counter()

NOT_IN_THE_BROWSER = {
    "fixture_data": "edits the files under data/: in the browser the data is the JSON that the "
                    "site's build parsed from them, and PyYAML, which would read the edited "
                    "files, is not there",
}

# The property tests run with fewer examples here than under CPython, which runs them in full:
# this run asks whether the engine works on the browser's Python at all, and WebAssembly on a
# shared machine is slow. A test's own @settings wins over a profile, so the cap is set on each
# test's settings as Hypothesis keeps them; the profile only stops it writing an example database.
MAX_EXAMPLES = 12
PROFILE = "browser-python"


def pytest_configure(config: pytest.Config) -> None:
    from hypothesis import settings

    from councillor_exercises.charts import draw_charts_in_browser

    # The exercises' runtime draws its charts with the page's vega-embed (course_browser.start).
    draw_charts_in_browser()
    settings.register_profile(PROFILE, database=None)
    settings.load_profile(PROFILE)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    from hypothesis import settings

    for item in items:
        test = getattr(item, "obj", None)
        own = getattr(test, "_hypothesis_internal_use_settings", None)
        if own is not None and own.max_examples > MAX_EXAMPLES:
            test._hypothesis_internal_use_settings = settings(own, max_examples=MAX_EXAMPLES)
        for fixture, reason in NOT_IN_THE_BROWSER.items():
            if fixture in getattr(item, "fixturenames", ()):
                item.add_marker(pytest.mark.skip(reason=reason))


def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    if report.when == "call" or report.outcome != "passed":
        if report.when != "call" and report.outcome == "failed":
            COUNTS["error"] += 1
        else:
            COUNTS[report.outcome] += 1
        if report.skipped and isinstance(report.longrepr, tuple):
            SKIP_REASONS[report.longrepr[2].removeprefix("Skipped: ")] += 1


def pytest_collectreport(report: pytest.CollectReport) -> None:
    if report.failed:
        COUNTS["collection error"] += 1
