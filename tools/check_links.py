"""Check every outbound link of the course live: does each address still answer?

Needs a network, so it is a separate command (`make links`) and never part of the test suite;
the offline checks (well-formed URLs, no mirror or advert hosts, no bare URLs) are in
tests/test_links.py. Both read the links with tools/links.py: the book's pages
(book/**/*.md), its bibliographies (book/*.bib) and the data (data/**/*.yaml).

For each unique URL: a HEAD request, and a GET when HEAD fails or is refused (many sites
answer HEAD with 403 or 405), with a timeout, at most 4 requests at a time and one at a time
per host, under a User-Agent that names the course. A URL is broken when it answers 4xx or
5xx or cannot be reached.

Usage: python tools/check_links.py [--timeout SECONDS] [--workers N]
Exit status: 0 when every link answers, 1 when any is broken.
"""

from __future__ import annotations

import argparse
import http.client
import sys
import threading
import urllib.error
import urllib.request
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote, urlsplit, urlunsplit

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))
from links import Link, collect_links  # noqa: E402 (tools/ is not a package)

ROOT = Path(__file__).resolve().parents[1]
WORKERS = 4
TIMEOUT = 15.0

# A requester sends one request and returns the HTTP status; it raises OSError (or
# http.client.HTTPException, ValueError) when the server cannot be reached.
Requester = Callable[[str, str, float], int]


def user_agent(root: Path = ROOT) -> str:
    """A User-Agent naming the course and where to find it (from _config.yml)."""
    config = yaml.safe_load((root / "_config.yml").read_text(encoding="utf-8")) or {}
    title = config.get("title") or "From service to policy innovation"
    repository = (config.get("repository") or {}).get("url", "")
    contact = f"; +{repository}" if repository else ""
    return f"CourseLinkCheck/1.0 (course '{title}'{contact})"


@dataclass(frozen=True)
class Result:
    """What one URL answered."""

    url: str
    status: int | None      # the last HTTP status, None when unreachable
    method: str             # the request that gave it: HEAD or GET
    error: str = ""         # why it was unreachable

    @property
    def broken(self) -> bool:
        return self.status is None or self.status >= 400


def unique_urls(links: Iterable[Link]) -> dict[str, list[Link]]:
    """Each URL once, in the order first met, with every place it is written."""
    places: dict[str, list[Link]] = {}
    for link in links:
        places.setdefault(link.url, []).append(link)
    return places


def ascii_url(url: str) -> str:
    """The URL as it goes on the wire: the host in IDNA, other non-ASCII percent-encoded."""
    parts = urlsplit(url)
    host = parts.hostname or ""
    netloc = parts.netloc
    if not host.isascii():
        netloc = netloc.lower().replace(host, host.encode("idna").decode("ascii"))
    safe = "/:@!$&'()*+,;=%~-._[]?"
    return urlunsplit((parts.scheme, netloc, quote(parts.path, safe=safe),
                       quote(parts.query, safe=safe), quote(parts.fragment, safe=safe)))


class _SameMethodRedirect(urllib.request.HTTPRedirectHandler):
    """Follow redirects with the same method: a HEAD stays a HEAD (urllib's default would
    turn it into a GET and download the page)."""

    def redirect_request(self, req, fp, code, msg, headers, newurl):
        new = super().redirect_request(req, fp, code, msg, headers, newurl)
        if new is not None and req.get_method() == "HEAD":
            new.method = "HEAD"
        return new


def urllib_requester(agent: str) -> Requester:
    """A requester over urllib that sends `agent` as the User-Agent and follows redirects."""
    opener = urllib.request.build_opener(_SameMethodRedirect())
    headers = {"User-Agent": agent, "Accept-Language": "da, en;q=0.8",
               "Accept": "text/html,application/xhtml+xml,application/pdf;q=0.9,*/*;q=0.8"}

    def request(method: str, url: str, timeout: float) -> int:
        prepared = urllib.request.Request(ascii_url(url), method=method, headers=headers)
        try:
            with opener.open(prepared, timeout=timeout) as response:
                if method == "GET":
                    response.read(1024)   # enough to know it answers
                return response.status
        except urllib.error.HTTPError as error:
            error.close()
            return error.code

    return request


UNREACHABLE = (OSError, http.client.HTTPException, ValueError)


def check_url(url: str, request: Requester, timeout: float = TIMEOUT) -> Result:
    """HEAD the URL; when that fails or answers 4xx/5xx, GET it and keep what GET says."""
    parts = urlsplit(url)
    if parts.scheme.lower() not in {"http", "https"} or not parts.netloc:
        return Result(url, None, "-", "not an http(s) address")
    try:
        status = request("HEAD", url, timeout)
        if status < 400:
            return Result(url, status, "HEAD")
    except UNREACHABLE:
        pass
    try:
        return Result(url, request("GET", url, timeout), "GET")
    except UNREACHABLE as error:
        return Result(url, None, "GET", f"{type(error).__name__}: {error}"[:200])


def check_urls(urls: Sequence[str], request: Requester, timeout: float = TIMEOUT,
               workers: int = WORKERS) -> list[Result]:
    """check_url() for each URL, `workers` at a time and one at a time per host; the
    results in the order of `urls`."""
    host_locks: dict[str, threading.Lock] = {}
    guard = threading.Lock()

    def one(url: str) -> Result:
        host = (urlsplit(url).hostname or "").lower()
        with guard:
            lock = host_locks.setdefault(host, threading.Lock())
        with lock:
            return check_url(url, request, timeout)

    with ThreadPoolExecutor(max_workers=max(1, workers)) as pool:
        return list(pool.map(one, urls))


def describe(result: Result) -> str:
    """One line: status, verdict, URL."""
    status = str(result.status) if result.status is not None else "---"
    verdict = "BROKEN" if result.broken else "ok"
    detail = f"  ({result.error})" if result.error else ""
    return f"{status:>4} {verdict:<6} {result.url}{detail}"


def report(results: Sequence[Result], places: dict[str, list[Link]]) -> str:
    """Every URL's status, then the broken ones with each file and line that writes them."""
    lines = [describe(result) for result in results]
    broken = [result for result in results if result.broken]
    lines.append("")
    lines.append(f"{len(results)} unique links checked: {len(results) - len(broken)} ok, "
                 f"{len(broken)} broken.")
    if broken:
        lines.append("")
        lines.append("Broken links and where they are written:")
        for result in broken:
            lines.append(describe(result))
            lines.extend(f"       {link.where}" for link in places.get(result.url, []))
    return "\n".join(lines)


def exit_status(results: Iterable[Result]) -> int:
    """1 when any link is broken, else 0."""
    return 1 if any(result.broken for result in results) else 0


def main(argv: Sequence[str] | None = None, request: Requester | None = None,
         root: Path = ROOT) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--timeout", type=float, default=TIMEOUT,
                        help=f"seconds to wait for each request (default {TIMEOUT:g})")
    parser.add_argument("--workers", type=int, default=WORKERS,
                        help=f"requests at a time (default {WORKERS})")
    args = parser.parse_args(argv)
    places = unique_urls(collect_links(root))
    request = request or urllib_requester(user_agent(root))
    print(f"Checking {len(places)} unique links, {args.workers} at a time ...", flush=True)
    results = check_urls(list(places), request, args.timeout, args.workers)
    print(report(results, places))
    return exit_status(results)


if __name__ == "__main__":
    sys.exit(main())
