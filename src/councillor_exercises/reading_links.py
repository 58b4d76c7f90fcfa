"""Where "Read more: Chapter N" in the exercises' feedback leads: the chapter's page in the
published book (data/site.yaml), in the exercise's own edition, so that a learner can open the
chapter from the app.

The two editions share one site: the English pages are at <book>/en/<page>.html, where <page> is
the page's name in the repository (book/chapters/02-co-creation); the Danish ones at
<book>/da/<page without its leading 'book/'>.html (da/chapters/02-co-creation.html)."""

from __future__ import annotations

from functools import lru_cache
from urllib.parse import urlparse

from .concepts import load_concepts
from .datafiles import EntryReader, data_dir, language_or_current, load_yaml_file


def _pages_address(repository_url: str) -> str:
    """The GitHub Pages address of a GitHub repository ('' for any other host)."""
    parsed = urlparse(repository_url)
    parts = [p for p in parsed.path.split("/") if p]
    if parsed.netloc != "github.com" or len(parts) < 2:
        return ""
    return f"https://{parts[0]}.github.io/{parts[1]}/"


def book_url() -> str:
    """The published book's address, ending in '/' ('' when it cannot be known)."""
    path = data_dir() / "site.yaml"
    reader = EntryReader.for_file(path, load_yaml_file(path))
    address = reader.text("book_url", required=False).strip()
    if address:
        return address if address.endswith("/") else address + "/"
    config = data_dir().parent / "_config.yml"
    if not config.is_file():
        return ""
    repository = (load_yaml_file(config) or {}).get("repository", {}) or {}
    return _pages_address(str(repository.get("url", "")))


def edition_page(page: str, language: str) -> str:
    """A page's address inside the site, in ``language``'s edition (without '.html')."""
    if language == "en":
        return f"en/{page}"
    return f"{language}/{page.removeprefix('book/')}"


def chapter_links(language: str | None = None) -> dict[str, str]:
    """Each chapter's name as feedback shows it in ``language`` -> the address of its page in
    that language's edition of the book."""
    return _chapter_links(str(data_dir()), language_or_current(language))


@lru_cache(maxsize=8)
def _chapter_links(folder: str, language: str) -> dict[str, str]:
    path = data_dir() / "site.yaml"
    reader = EntryReader.for_file(path, load_yaml_file(path))
    pages = reader.sub("chapter_pages")
    base = book_url()
    if not base:
        return {}
    names = load_concepts(language=language).chapters
    links = {}
    for label in pages.mapping:
        page = pages.text(str(label))
        if str(label) not in names:
            pages.fail(str(label), "is not one of the chapters listed in concepts.yaml")
        links[names[str(label)]] = f"{base}{edition_page(page, language)}.html"
    return links
