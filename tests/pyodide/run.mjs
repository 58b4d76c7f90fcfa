/* The engine's tests inside Pyodide, the Python the reader's browser runs, under Node.

   node tests/pyodide/run.mjs <runtime folder> <test wheels folder> [pytest arguments...]

   <runtime folder> is one that tools/build_browser.py built (runtime/<key>/): each archive its
   manifest lists is checked against the manifest's SHA-256 and unpacked as browser/src/worker.js
   unpacks it (Python into site-packages, the data into /course). The test wheels (pytest,
   hypothesis, ...: browser/python-test-packages.txt) go into site-packages too. The
   repository's tests/ folder is mounted at /course/tests (only read: no bytecode is written),
   and pytest runs there with tests/pyodide/browser_python.py as a plugin. The last line
   printed is "PYODIDE-RESULT <json>": the Python version, pytest's exit code, the counts by
   outcome, the reasons for the skips, and the seconds from the start to each stage. */
import { createHash } from "node:crypto";
import { readFileSync, readdirSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const testsFolder = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const PYODIDE = resolve(testsFolder, "..", "browser", "node_modules", "pyodide", "pyodide.mjs");

/* Pyodide takes typed arrays, not Node's Buffer. */
function bytesOf(path) {
  const buffer = readFileSync(path);
  return new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
}

const RUN_PYTEST = `
import json, os, sys

sys.dont_write_bytecode = True          # nothing is written into the mounted tests/ folder
os.environ["COURSE_DATA_DIR"] = "/course/data"    # as the worker sets it
os.chdir("/run")
sys.path.insert(0, "/course/tests/pyodide")

import pytest

code = pytest.main(["--rootdir=/course/tests", "-p", "no:cacheprovider", "-p", "browser_python",
                    *pytest_args])
import browser_python                   # imported by pytest as a plugin; holds the counts
json.dumps({"python": sys.version, "exit_code": int(code), "counts": browser_python.COUNTS,
            "skipped_because": browser_python.SKIP_REASONS})
`;

async function main(runtimeFolder, wheelsFolder, pytestArgs) {
  const started = performance.now();
  const seconds = {};
  const lap = (name) => { seconds[name] = Math.round((performance.now() - started) / 100) / 10; };
  const { loadPyodide } = await import(PYODIDE);
  const python = await loadPyodide();
  lap("started");
  // As written, unbuffered: pytest's progress dots come without a newline.
  python.setStdout({ write: (bytes) => { process.stdout.write(bytes); return bytes.length; } });
  python.setStderr({ write: (bytes) => { process.stderr.write(bytes); return bytes.length; } });
  const sitePackages = python.runPython("import site; site.getsitepackages()[0]");

  const manifest = JSON.parse(readFileSync(join(runtimeFolder, "manifest.json"), "utf-8"));
  for (const file of manifest.archives) {
    const bytes = bytesOf(join(runtimeFolder, file.path));
    const sha256 = createHash("sha256").update(bytes).digest("hex");
    if (sha256 !== file.sha256) {
      throw new Error(`${file.path}: SHA-256 is ${sha256}, the manifest says ${file.sha256}`);
    }
    python.unpackArchive(bytes, file.format === "wheel" ? "wheel" : "zip",
                         { extractDir: file.target === "data" ? "/course" : sitePackages });
  }
  for (const name of readdirSync(wheelsFolder).filter((n) => n.endsWith(".whl")).sort()) {
    python.unpackArchive(bytesOf(join(wheelsFolder, name)), "wheel", { extractDir: sitePackages });
  }

  const { FS } = python;
  FS.mkdirTree("/course/tests");
  FS.mount(FS.filesystems.NODEFS, { root: testsFolder }, "/course/tests");
  FS.mkdirTree("/run");
  lap("unpacked");

  python.globals.set("pytest_args", python.toPy(pytestArgs));
  const outcome = JSON.parse(python.runPython(RUN_PYTEST));
  lap("tested");
  return { ...outcome, seconds };
}

const [runtimeFolder, wheelsFolder, ...pytestArgs] = process.argv.slice(2);
if (!runtimeFolder || !wheelsFolder) {
  console.error("usage: node run.mjs <runtime folder> <test wheels folder> [pytest arguments]");
  process.exit(2);
}
try {
  const outcome = await main(runtimeFolder, wheelsFolder, pytestArgs);
  console.log(`PYODIDE-RESULT ${JSON.stringify(outcome)}`);
  process.exit(outcome.exit_code === 0 ? 0 : 1);
} catch (error) {
  // Only the message and stack: Node would also print Pyodide's minified source line.
  console.error(error && error.stack ? error.stack : String(error));
  process.exit(1);
}
