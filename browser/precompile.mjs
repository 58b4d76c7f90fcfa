/* Build step (run by tools/build_browser.py with Node): turn the verified wheels and the
   course's own Python into one archive of compiled Python for the browser.

   Python compiles every module the first time it is imported; in the browser that costs
   seconds at every start (Altair's schema alone is over a megabyte of source). Here the very
   Python the browser runs (this Pyodide) compiles them once, at build time:
   - third-party packages become compiled files in place of their sources;
   - the course's own modules keep their sources beside the compiled files, so that an error
     still shows the line it happened on (errors name the line of a package by number).
   The compiled files are "unchecked": Python uses them without comparing them to the source's
   date, which unpacking in the browser does not keep.

   node browser/precompile.mjs <runtime folder> <archive> [<archive> ...]
   Archives are paths relative to the runtime folder (wheels or zips), unpacked in that order;
   the result is written to <runtime folder>/python/site.zip. */
import { loadPyodide } from "./node_modules/pyodide/pyodide.mjs";
import path from "node:path";

const [folder, ...archives] = process.argv.slice(2);
const pyodide = await loadPyodide();
pyodide.FS.mkdirTree("/runtime");
pyodide.FS.mount(pyodide.FS.filesystems.NODEFS, { root: path.resolve(folder) }, "/runtime");
pyodide.globals.set("archives", pyodide.toPy(archives));
pyodide.globals.set("site_packages", pyodide.runPython("import site; site.getsitepackages()[0]"));
pyodide.globals.set("NEEDS_DOCSTRINGS", pyodide.toPy(["altair"]));
pyodide.runPython(`
import compileall, io, os, py_compile, shutil, sys, zipfile
from pathlib import Path

site = Path("/tmp/site")
shutil.rmtree(site, ignore_errors=True)
site.mkdir()
own = set()
for name in archives:
    with zipfile.ZipFile(Path("/runtime") / name) as archive:
        archive.extractall(site)
        if not name.endswith(".whl"):
            own.update(Path(n).parts[0] for n in archive.namelist())
# The packages' own test suites never run here: not shipped.
for tests in [p for p in site.rglob("tests") if p.is_dir() and (p / "__init__.py").exists()]:
    shutil.rmtree(tests)
# Narwhals (under Altair) adapts data-frame libraries that cannot exist in the browser; the
# exercises hand Altair plain rows. Its adapters for them are left out.
for backend in ("_pandas_like", "_arrow", "_polars", "_dask", "_duckdb", "_ibis", "_spark_like",
                "_sql"):
    shutil.rmtree(site / "narwhals" / backend, ignore_errors=True)
packages = Path(site_packages)

unchecked = py_compile.PycInvalidationMode.UNCHECKED_HASH
for top in sorted(site.iterdir()):
    if top.name.endswith(".dist-info") or not (top.is_dir() or top.suffix == ".py"):
        continue
    keep_source = top.name in own
    # Paths in the compiled files (shown in error messages) are those of the browser's Python.
    # Third-party packages are compiled without their docstrings (as python -OO would), which
    # they are written to allow; Altair is not (it copies docstrings between its classes).
    keep_docs = keep_source or top.name in NEEDS_DOCSTRINGS
    options = dict(quiet=2, legacy=not keep_source, invalidation_mode=unchecked,
                   ddir=str(packages / top.name), optimize=0 if keep_docs else 2)
    if top.is_dir():
        ok = compileall.compile_dir(str(top), workers=1, **options)
    else:
        ok = compileall.compile_file(str(top), **options)
    if not ok:
        raise SystemExit(f"could not compile {top.name}")
    if not keep_source:
        for source in ([top] if top.is_file() else top.rglob("*.py")):
            if source.with_suffix(".pyc").exists():
                source.unlink()

out = io.BytesIO()
with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
    for file in sorted(p for p in site.rglob("*") if p.is_file()):
        info = zipfile.ZipInfo(str(file.relative_to(site)), date_time=(2020, 1, 1, 0, 0, 0))
        info.compress_type = zipfile.ZIP_DEFLATED
        archive.writestr(info, file.read_bytes())
Path("/runtime/python/site.zip").write_bytes(out.getvalue())
print(sys.version.split()[0], len(out.getvalue()))
`);
