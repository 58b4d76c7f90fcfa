"""Build the course's two editions into one site: `make book` runs this.

    _build/html/index.html   the front door: opens the Danish edition, or the one the reader
                             chose last time, and offers both
    _build/html/en/          the English edition (_config.yml, _toc.yml; pages in book/)
    _build/html/da/          the Danish edition (_config.yml with _config.da.yml over it,
                             _toc.da.yml; pages in book/da/)

Each edition is a Jupyter Book 1 build of its own (Sphinx builds one language at a time),
made in _build/editions/<language>/ and then copied into the site.

Usage: python tools/build_book.py [--output DIR] [--only en|da] [jupyter-book flags...]
"""

from __future__ import annotations

import argparse
import html
import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))
import build_browser  # noqa: E402  (tools/build_browser.py, beside this file)

ROOT = Path(__file__).resolve().parents[1]
EDITIONS = {
    # language: (source folder, its config overlay or None, its table of contents)
    "en": (ROOT, None, ROOT / "_toc.yml"),
    "da": (ROOT / "book" / "da", ROOT / "_config.da.yml", ROOT / "_toc.da.yml"),
}
DEFAULT_EDITION = "da"
# Settings in _config.yml that hold paths from the repository root.
PATH_LISTS = (("bibtex_bibfiles",), ("sphinx", "config", "templates_path"),
              ("sphinx", "config", "html_static_path"))
PATH_VALUES = (("html", "favicon"),)


def merged(base: dict, overlay: dict) -> dict:
    """``base`` with ``overlay`` on top: mappings merge, anything else is replaced."""
    result = dict(base)
    for key, value in overlay.items():
        if isinstance(value, dict) and isinstance(result.get(key), dict):
            result[key] = merged(result[key], value)
        else:
            result[key] = value
    return result


def _get(config: dict, keys: tuple[str, ...]):
    for key in keys[:-1]:
        config = config.get(key) or {}
    return config.get(keys[-1])


def _set(config: dict, keys: tuple[str, ...], value) -> None:
    for key in keys[:-1]:
        config = config.setdefault(key, {})
    config[keys[-1]] = value


def edition_config(language: str) -> dict:
    """The full configuration of one edition, its paths made absolute (the Danish edition is
    built from book/da, where _config.yml's relative paths would not resolve)."""
    config = yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8"))
    _, overlay, _ = EDITIONS[language]
    if overlay is not None:
        config = merged(config, yaml.safe_load(overlay.read_text(encoding="utf-8")))
    # The theme's _static folder is found beside the source only: name it for every edition.
    if not _get(config, ("sphinx", "config", "html_static_path")):
        _set(config, ("sphinx", "config", "html_static_path"), ["_static"])
    for keys in PATH_LISTS:
        paths = _get(config, keys)
        if paths:
            _set(config, keys, [str(ROOT / p) for p in paths])
    for keys in PATH_VALUES:
        value = _get(config, keys)
        if value:
            _set(config, keys, str(ROOT / value))
    return config


def root_page(language: str) -> str:
    """The edition's welcome page, from the site's root (e.g. en/book/index.html)."""
    toc = yaml.safe_load(EDITIONS[language][2].read_text(encoding="utf-8"))
    return f"{language}/{toc['root']}.html"


def front_door(languages: list[str]) -> str:
    """The site's index.html: a page in both languages that opens the reader's edition."""
    sys.path.insert(0, str(ROOT / "src"))
    from councillor_exercises.ui_text import ui_text

    words = {language: ui_text("book", language) for language in languages}
    default = DEFAULT_EDITION if DEFAULT_EDITION in languages else languages[0]
    e = html.escape
    links = "".join(
        f'<li lang="{language}"><a href="{root_page(language)}" hreflang="{language}" '
        f'data-course-edition="{language}">{e(words[language]("choose_link"))}</a></li>'
        for language in sorted(languages, key=lambda lang: lang != default))
    intro = "".join(f'<p lang="{language}">{e(words[language]("choose_intro"))}</p>'
                    for language in sorted(languages, key=lambda lang: lang != default))
    title = e(words[default]("choose_title"))
    editions = ", ".join(f'"{language}": "{root_page(language)}"' for language in languages)
    return f"""<!DOCTYPE html>
<html lang="{default}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}</title>
<meta name="description" content="{e(words[default]("choose_intro"))}">
<link rel="icon" href="{default}/_static/favicon.svg" type="image/svg+xml">
<script>
  /* Open the edition the reader chose last time on this device, else the Danish one. */
  (function () {{
    var editions = {{{editions}}}, chosen = null;
    try {{ chosen = localStorage.getItem("course-edition"); }} catch (e) {{}}
    if (!editions.hasOwnProperty(chosen)) chosen = "{default}";
    location.replace(editions[chosen]);
  }})();
</script>
<style>
  body {{ font-family: system-ui, sans-serif; max-width: 36rem; margin: 3rem auto;
         padding: 0 1rem; line-height: 1.5; color: #1a1a1a; background: #fff; }}
  a {{ color: #0a4f9e; font-size: 1.2rem; }}
  li {{ margin: .6rem 0; }}
</style>
</head>
<body>
<main>
<h1>{title}</h1>
{intro}
<ul>{links}</ul>
</main>
<script>
  document.addEventListener("click", function (event) {{
    var link = event.target.closest("a[data-course-edition]");
    if (link) try {{ localStorage.setItem("course-edition", link.dataset.courseEdition); }} catch (e) {{}}
  }});
</script>
</body>
</html>
"""


def build_edition(language: str, work: Path, flags: list[str], extra: dict) -> int:
    source, _, toc = EDITIONS[language]
    work.mkdir(parents=True, exist_ok=True)
    config = edition_config(language)
    for key, value in extra.items():
        _set(config, ("sphinx", "config", key), value)
    config_path = work / "_config.yml"
    config_path.write_text(yaml.safe_dump(config, allow_unicode=True,
                                          sort_keys=False), encoding="utf-8")
    jupyter_book = Path(sys.executable).with_name("jupyter-book")
    command = [str(jupyter_book), "build", str(source), "--config", str(config_path),
               "--toc", str(toc), "--path-output", str(work), *flags]
    print(f"--- {language}: {' '.join(command)}", flush=True)
    return subprocess.run(command, cwd=ROOT).returncode


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--output", default=str(ROOT / "_build"),
                        help="the build folder (default: _build); the site goes to OUTPUT/html")
    parser.add_argument("--only", choices=sorted(EDITIONS), help="build one edition only")
    options, flags = parser.parse_known_args(argv)
    output = Path(options.output).resolve()
    languages = [options.only] if options.only else list(EDITIONS)
    site = output / "html"
    status = 0
    # The in-browser exercises' runtime first: the exercise pages point to its folder.
    started = time.monotonic()
    runtime = build_browser.build(site)
    build_browser.remove_other_runtimes(site, runtime)
    manifest = json.loads((site / runtime / "manifest.json").read_text(encoding="utf-8"))
    print(f"--- in-browser runtime: {runtime} after {time.monotonic() - started:.0f} s", flush=True)
    browser = {"course_browser_runtime": runtime,
               "course_browser_download_mb": str(round(manifest["transfer_bytes"] / 2**20))}
    for language in languages:
        started = time.monotonic()
        work = output / "editions" / language
        code = build_edition(language, work, flags, browser)
        print(f"--- {language}: exit {code} after {time.monotonic() - started:.0f} s", flush=True)
        if code != 0:
            status = code
            continue
        target = site / language
        if target.exists():
            shutil.rmtree(target)
        shutil.copytree(work / "_build" / "html", target)
    if status == 0:
        site.mkdir(parents=True, exist_ok=True)
        (site / "index.html").write_text(front_door(sorted(
            p.name for p in site.iterdir() if p.is_dir() and p.name in EDITIONS)),
            encoding="utf-8")
        (site / ".nojekyll").write_text("", encoding="utf-8")
    return status


if __name__ == "__main__":
    os.chdir(ROOT)
    sys.exit(main())
