"""The engine's tests pass on the Python that the reader's browser runs: Pyodide (CPython 3.14
compiled to WebAssembly), under Node, with the very files the site ships.

The runtime is the one the site's build made (tools/build_browser.py: Pyodide from npm, the
pinned wheels from PyPI checked by SHA-256, the engine without its build-only modules, the data
with every YAML file parsed to JSON), and tests/pyodide/run.mjs unpacks it as the page's worker
does, adds pytest and Hypothesis (browser/python-test-packages.txt, pinned the same way) and
runs the engine's test files there. What cannot exist in the browser skips there only, with its
reason: editing the data files (tests/pyodide/browser_python.py), PyYAML, python-docx, pandas,
subprocesses (in the test files, where sys.platform is "emscripten").
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys

from conftest import ROOT

sys.path.insert(0, str(ROOT / "tools"))
import build_browser  # noqa: E402 (tools/ is not a package)

RUN = ROOT / "tests" / "pyodide" / "run.mjs"
TEST_PACKAGES = ROOT / "browser" / "python-test-packages.txt"
# The engine's test files that make sense on the browser's Python (not the widgets', which
# the in-browser exercise tests drive in Chromium, nor the book's, nor the data checks that
# read the YAML files themselves).
ENGINE_TESTS = ["test_sorting_engine.py", "test_week_engine.py", "test_diagnosis_engine.py",
                "test_committee_engine.py", "test_kommissorium.py", "test_exports.py",
                "test_bilingual_engine.py"]
# Fewer would mean that a file, or a part of one, silently stopped being collected there.
MIN_PASSED = 280
RESULT = "PYODIDE-RESULT "


def test_the_engine_tests_pass_in_pyodide(site, tmp_path):
    node = shutil.which("node")
    assert node, "Node is needed to run the engine's tests in Pyodide (CI has it)"
    # The very runtime the site's build made (the book's build for the other tests).
    runtimes = [p for p in (site / "runtime").iterdir() if (p / "manifest.json").is_file()]
    assert len(runtimes) == 1, runtimes
    runtime = runtimes[0]
    wheels = tmp_path / "test-wheels"
    wheels.mkdir()
    for url, sha256 in build_browser.pinned_packages(TEST_PACKAGES):
        (wheels / url.rsplit("/", 1)[1]).write_bytes(build_browser.fetch_verified(url, sha256))

    run = subprocess.run(
        [node, str(RUN), str(runtime), str(wheels), "-q", "-ra",
         *(f"/course/tests/{name}" for name in ENGINE_TESTS)],
        capture_output=True, text=True, cwd=ROOT, timeout=1200)
    output = run.stdout + run.stderr
    print(output)
    lines = [line for line in run.stdout.splitlines() if line.startswith(RESULT)]
    assert lines, "the Pyodide run ended without a result:\n" + output[-6000:]
    result = json.loads(lines[-1][len(RESULT):])

    print(f"Python in Pyodide: {result['python']}")
    print(f"Outcomes: {result['counts']}")
    print(f"Seconds from Node's start: {result['seconds']}")
    for reason, count in result["skipped_because"].items():
        print(f"Skipped there ({count}): {reason}")
    assert result["python"].startswith("3.14"), result["python"]
    assert result["exit_code"] == 0 and run.returncode == 0, output[-8000:]
    assert result["counts"].get("passed", 0) >= MIN_PASSED, result["counts"]
    assert not result["counts"].get("failed") and not result["counts"].get("error")
