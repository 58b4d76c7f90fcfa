"""Build what the exercises need to run in the reader's own browser, into <site>/runtime/<key>/.

Everything comes from official packages, pinned and checked by hash, and is served by the site
itself (nothing is loaded from another origin):
- Pyodide (Python compiled to WebAssembly) from its npm package, with the Jupyter widget manager
  and vega-embed (charts): browser/package.json, pinned with their hashes by
  browser/package-lock.json (npm checks each package's integrity hash on install);
- pure-Python packages from PyPI, checked against browser/python-packages.txt's SHA-256;
- the course's own engine (src/councillor_exercises), the page bridge (browser/python) and the
  course's data, with every YAML file also parsed to JSON (PyYAML cannot run there).

<key> is a hash of every input, so a changed input gives a new folder: browsers may cache the
files for ever, and a repeat visit starts from the cache.

    python tools/build_browser.py --site _build/html      (tools/build_book.py calls this)

With --voila it builds, from the same pinned packages, the exercise apps' front end in Voila
(browser/src/voila-app.js: the widget manager and the kernel's connection, without the rest of
JupyterLab) into the course's Voila template, which loads it in place of Voila's own:

    python tools/build_browser.py --voila                 (make app, the tests and Binder call this)
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import fcntl
import gzip
import hashlib
import io
import json
import shutil
import subprocess
import sys
import tarfile
import urllib.request
import zipfile
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
BROWSER = ROOT / "browser"
PACKAGE = ROOT / "src" / "councillor_exercises"
DATA = ROOT / "data"
CONFIG = ROOT / "_config.yml"
VOILA_STATIC = ROOT / "share" / "jupyter" / "voila" / "templates" / "course" / "static"
COURSE_APP_JS = VOILA_STATIC / "course-app.js"
VOILA_FRONT_END = ["course-voila.js", "course-voila.css"]   # built, not kept in git
CACHE = ROOT / ".cache" / "browser"
PYODIDE_FILES = ["pyodide.mjs", "pyodide.asm.mjs", "pyodide.asm.wasm", "python_stdlib.zip",
                 "pyodide-lock.json"]
# The engine's modules that only the book's build uses (Sphinx, PDF worksheets, the case
# template's Word files): left out of the browser's copy.
BUILD_ONLY = {"sphinx_extension.py", "sphinx_sessions.py", "sphinx_worksheets.py",
              "case_template.py", "statistics.py", "printing.py", "kernel_pool.py"}
PARSED_SUFFIX = ".parsed.json"   # councillor_exercises.datafiles.PARSED_SUFFIX


def inputs() -> list[Path]:
    """Every file whose content decides the runtime folder's content."""
    files = [BROWSER / "package.json", BROWSER / "package-lock.json",
             BROWSER / "python-packages.txt", CONFIG, COURSE_APP_JS, Path(__file__).resolve()]
    files += sorted((BROWSER / "src").rglob("*.js")) + [BROWSER / "precompile.mjs"]
    files += sorted((BROWSER / "python").rglob("*.py"))
    files += sorted(PACKAGE.rglob("*.py"))
    files += sorted(p for p in DATA.rglob("*") if p.is_file())
    return files


def runtime_key() -> str:
    digest = hashlib.sha256()
    for path in inputs():
        digest.update(str(path.relative_to(ROOT)).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


def pinned_packages(listing: Path = BROWSER / "python-packages.txt") -> list[tuple[str, str]]:
    """(file URL, SHA-256) for each line of a pin list (the site's, or the tests' own
    browser/python-test-packages.txt)."""
    pins = []
    for line in listing.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            url, sha = line.split()
            pins.append((url, sha))
    return pins


def fetch_verified(url: str, sha256: str) -> bytes:
    """A pinned file from PyPI, from the local cache when there, always checked by hash."""
    CACHE.mkdir(parents=True, exist_ok=True)
    cached = CACHE / url.rsplit("/", 1)[1]
    if cached.exists():
        data = cached.read_bytes()
    else:
        with urllib.request.urlopen(url, timeout=120) as response:  # noqa: S310 (https, pinned)
            data = response.read()
    actual = hashlib.sha256(data).hexdigest()
    if actual != sha256:
        cached.unlink(missing_ok=True)
        sys.exit(f"{url}: SHA-256 is {actual}, expected {sha256} (browser/python-packages.txt)")
    cached.write_bytes(data)
    return data


@contextlib.contextmanager
def npm_lock():
    """One build at a time in browser/: the book's build and the tests' workers may each want
    node_modules at the same moment, and two `npm ci` in one folder break each other."""
    BROWSER.mkdir(exist_ok=True)
    with open(BROWSER / ".build.lock", "w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def npm_install() -> Path:
    """node_modules as package-lock.json pins it (npm ci checks every package's hash)."""
    modules = BROWSER / "node_modules"
    stamp = modules / ".course-lock-sha256"
    lock_hash = hashlib.sha256((BROWSER / "package-lock.json").read_bytes()).hexdigest()
    with npm_lock():
        if not (stamp.exists() and stamp.read_text() == lock_hash):
            npm = shutil.which("npm") or sys.exit("npm is needed to build the in-browser exercises")
            subprocess.run([npm, "ci", "--no-audit", "--no-fund", "--loglevel=error"],
                           cwd=BROWSER, check=True)
            stamp.write_text(lock_hash)
    return modules


# esbuild's settings for a page half that holds the Jupyter widget manager.
WIDGET_BUNDLE_FLAGS = [
    "--bundle", "--minify", "--target=es2020", "--legal-comments=external",
    # The widget manager's code expects webpack's global (unused here).
    "--banner:js=var __webpack_public_path__='';",
    "--define:process.env.NODE_ENV=\"production\"",
    "--loader:.woff=file", "--loader:.woff2=file", "--loader:.ttf=file",
    "--loader:.eot=file", "--loader:.svg=file", "--loader:.png=file",
    "--loader:.gif=file", "--asset-names=assets/[name]-[hash]",
    # The widget manager can also load ipywidgets 7 widgets; the course's are
    # ipywidgets 8, so that code is left out (it is only reached for a 7).
    "--external:@jupyter-widgets/controls7", "--external:@jupyter-widgets/base7",
    "--log-level=warning"]


def voila_front_end_key() -> str:
    """A hash of what the Voila front end is built from."""
    digest = hashlib.sha256()
    for path in [BROWSER / "package-lock.json", BROWSER / "src" / "voila-app.js",
                 Path(__file__).resolve()]:
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def build_voila_front_end() -> Path:
    """course-voila.js and course-voila.css in the course's Voila template, unless those there
    were built from the same inputs; returns the template's static folder."""
    key = voila_front_end_key()
    stamp = VOILA_STATIC / "course-voila.key"
    built = all((VOILA_STATIC / name).is_file() for name in VOILA_FRONT_END)
    if built and stamp.is_file() and stamp.read_text().strip() == key:
        return VOILA_STATIC
    modules = npm_install()
    with npm_lock():
        work = VOILA_STATIC / ".course-voila.partial"
        shutil.rmtree(work, ignore_errors=True)
        work.mkdir()
        subprocess.run([str(modules / ".bin" / "esbuild"), str(BROWSER / "src" / "voila-app.js"),
                        "--format=esm", f"--outfile={work / 'course-voila.js'}",
                        *WIDGET_BUNDLE_FLAGS], check=True, cwd=ROOT)
        for name in VOILA_FRONT_END:    # the style sheet first: the page needs both
            (work / name).replace(VOILA_STATIC / name)
        (VOILA_STATIC / "course-voila.js.LEGAL.txt").unlink(missing_ok=True)
        if (work / "course-voila.js.LEGAL.txt").is_file():
            (work / "course-voila.js.LEGAL.txt").replace(VOILA_STATIC / "course-voila.js.LEGAL.txt")
        shutil.rmtree(work, ignore_errors=True)
        stamp.write_text(key + "\n")
    return VOILA_STATIC


def bundle(modules: Path, out: Path) -> None:
    """The page half (widget manager, vega-embed, bridge) as one ES module and one style sheet."""
    esbuild = modules / ".bin" / "esbuild"
    subprocess.run([str(esbuild), str(BROWSER / "src" / "exercise.js"), "--format=esm",
                    f"--outfile={out / 'exercise.js'}", *WIDGET_BUNDLE_FLAGS],
                   check=True, cwd=ROOT)
    for name in ("start.js", "worker.js"):
        subprocess.run([str(esbuild), str(BROWSER / "src" / name), "--minify",
                        "--format=esm", "--target=es2020", f"--outfile={out / name}",
                        "--log-level=warning"], check=True, cwd=ROOT)


def python_archive(pins: list[tuple[str, str]]) -> bytes:
    """The course's engine, the page bridge and MarkupSafe's pure modules, as one zip that is
    unpacked into Python's site-packages."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for path in sorted(PACKAGE.rglob("*.py")):
            if path.name in BUILD_ONLY:
                continue
            archive.write(path, "councillor_exercises/" + str(path.relative_to(PACKAGE)))
        for path in sorted((BROWSER / "python").rglob("*.py")):
            archive.write(path, str(path.relative_to(BROWSER / "python")))
        for url, sha in pins:
            if url.endswith(".tar.gz"):
                with tarfile.open(fileobj=io.BytesIO(fetch_verified(url, sha))) as source:
                    for member in source.getmembers():
                        parts = member.name.split("/")
                        if (len(parts) == 4 and parts[1] == "src" and member.isfile()
                                and parts[3].endswith((".py", "py.typed"))):
                            archive.writestr(f"{parts[2]}/{parts[3]}",
                                             source.extractfile(member).read())
    return buffer.getvalue()


def _jsonable(value):
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    raise TypeError(f"{type(value).__name__} cannot be written as JSON")


def data_archive() -> bytes:
    """data/ as it is, plus each YAML file parsed to JSON beside it; and beside data/, the
    repository's address from _config.yml, from which the exercises' "Read more" links take the
    book's address when data/site.yaml leaves it empty (reading_links.book_url)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        repository = yaml.safe_load(CONFIG.read_text(encoding="utf-8")).get("repository", {})
        archive.writestr(CONFIG.name, yaml.safe_dump({"repository": repository}))
        archive.writestr(CONFIG.name + PARSED_SUFFIX, json.dumps({"repository": repository}))
        for path in sorted(p for p in DATA.rglob("*") if p.is_file()):
            name = "data/" + str(path.relative_to(DATA))
            if path.suffix in {".yaml", ".yml"}:
                # The engine finds its files by their YAML names and reads the parsed copy
                # beside each one; the YAML text itself is not needed there.
                archive.writestr(name, "")
                parsed = yaml.safe_load(path.read_text(encoding="utf-8"))
                archive.writestr(name + PARSED_SUFFIX,
                                 json.dumps(parsed, ensure_ascii=False, default=_jsonable))
            else:
                archive.write(path, name)
    return buffer.getvalue()


def precompile(work: Path, archives: list[dict]) -> list[dict]:
    """All Python for the browser as one archive, compiled at build time by the browser's own
    Python (browser/precompile.mjs), so that no start spends seconds compiling modules."""
    node = shutil.which("node") or sys.exit("Node.js is needed to build the in-browser exercises")
    subprocess.run([node, str(BROWSER / "precompile.mjs"), str(work),
                    *(entry["path"] for entry in archives)], check=True, cwd=BROWSER)
    for entry in archives:
        (work / entry["path"]).unlink()
    return [{"path": "python/site.zip", "format": "zip", "target": "python"}]


def build(site: Path) -> str:
    """Build <site>/runtime/<key>/ unless it is there already; return its path from <site>."""
    key = runtime_key()
    relative = f"runtime/{key}/"
    out = site / "runtime" / key
    if (out / "manifest.json").exists():
        return relative
    work = site / "runtime" / f".{key}.partial"
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    modules = npm_install()
    bundle(modules, work)
    (work / "pyodide").mkdir()
    for name in PYODIDE_FILES:
        shutil.copy2(modules / "pyodide" / name, work / "pyodide" / name)
    pins = pinned_packages()
    archives = []
    (work / "python").mkdir()
    for url, sha in pins:
        if url.endswith(".whl"):
            name = url.rsplit("/", 1)[1]
            (work / "python" / name).write_bytes(fetch_verified(url, sha))
            archives.append({"path": f"python/{name}", "format": "wheel", "target": "python"})
    (work / "python" / "course.zip").write_bytes(python_archive(pins))
    archives.append({"path": "python/course.zip", "format": "zip", "target": "python"})
    archives = precompile(work, archives)
    (work / "data.zip").write_bytes(data_archive())
    archives.append({"path": "data.zip", "format": "zip", "target": "data"})
    for entry in archives:
        content = (work / entry["path"]).read_bytes()
        entry["bytes"] = len(content)
        entry["sha256"] = hashlib.sha256(content).hexdigest()
    pyodide_version = json.loads((modules / "pyodide" / "package.json").read_text())["version"]
    # What a first start transfers from a server that compresses (gzip, level 6): every file
    # the worker and the page fetch.
    fetched = [work / "pyodide" / name for name in PYODIDE_FILES if name != "pyodide.mjs"]
    fetched += [work / "pyodide" / "pyodide.mjs", work / "exercise.js", work / "exercise.css",
                work / "worker.js", *(work / e["path"] for e in archives)]
    transfer = sum(len(gzip.compress(path.read_bytes(), 6)) for path in fetched)
    manifest = {"key": key, "pyodide": pyodide_version, "transfer_bytes": transfer,
                "archives": archives}
    (work / "manifest.json").write_text(json.dumps(manifest, indent=1))
    shutil.rmtree(out, ignore_errors=True)
    work.rename(out)
    return relative


def remove_other_runtimes(site: Path, relative: str) -> None:
    """Older runtime folders left by earlier builds into the same site folder."""
    keep = Path(relative).name
    for old in (site / "runtime").iterdir():
        if old.name != keep:
            shutil.rmtree(old, ignore_errors=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--site", default=str(ROOT / "_build" / "html"))
    parser.add_argument("--voila", action="store_true",
                        help="build the apps' front end in Voila instead of the site's runtime")
    args = parser.parse_args(argv)
    if args.voila:
        folder = build_voila_front_end()
        print(", ".join(str((folder / name).relative_to(ROOT)) for name in VOILA_FRONT_END))
    else:
        print(build(Path(args.site)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
