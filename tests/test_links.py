"""Outbound links, checked offline: every web address in the book's pages (book/**/*.md), its
bibliographies (book/*.bib) and the data (data/**/*.yaml) is well formed, avoids the hosts
data/link-policy.yaml lists (document mirrors, URL shorteners), and a page never leaves a
bare URL in its running text. A failure names the file, the line (or YAML entry) and the URL.

No request is ever made here: every test runs with sockets refused. Whether the addresses
still answer is the live check, tools/check_links.py (`make links`); its collection and its
report are tested below with a fake requester."""

from __future__ import annotations

import socket
import sys
import threading
import time

import pytest
import yaml

from conftest import ROOT

sys.path.insert(0, str(ROOT / "tools"))
import check_links  # noqa: E402 (tools/ is not a package)
import links  # noqa: E402

POLICY = ROOT / links.POLICY_FILE


@pytest.fixture(autouse=True)
def no_network(monkeypatch):
    """Refuse every connection: a test here that tried the network would fail, not wait."""
    def refuse(*args, **kwargs):
        raise AssertionError("tests/test_links.py must not use the network")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)


@pytest.fixture(scope="module")
def blocked() -> dict[str, str]:
    return links.read_policy(POLICY)


@pytest.fixture(scope="module")
def all_links() -> list[links.Link]:
    return links.collect_links(ROOT)


def failures(findings: list[links.Finding]) -> str:
    return f"{len(findings)} problem(s):\n" + "\n".join(f"  {finding}" for finding in findings)


# ---- the real sources ----------------------------------------------------------------------

def test_the_policy_lists_mirror_and_shortener_hosts(blocked):
    for pattern in ["slideplayer.*", "docplayer.*", "studylib.*", "scribd.com", "pdfslide.*",
                    "vdocuments.*", "fdocuments.*", "documents.pub", "dokumen.pub",
                    "studocu.com", "coursehero.com", "issuu.com", "yumpu.com", "bit.ly",
                    "tinyurl.com", "goo.gl"]:
        assert pattern in blocked, f"{POLICY.name} lacks {pattern}"


def test_links_are_found_in_pages_bibliographies_and_data(all_links):
    # A collector that silently found nothing would make every check below pass.
    files = {link.file for link in all_links}
    assert len(all_links) > 50
    assert any(name.startswith("book/chapters/") for name in files)
    assert any(name.startswith("data/") and name.endswith(".yaml") for name in files)


def test_every_link_is_well_formed(all_links):
    found = [f for f in links.link_findings(all_links, {}) if f.check == "malformed"]
    assert not found, failures(found)


def test_no_link_goes_to_a_mirror_or_shortener_host(all_links, blocked):
    found = [f for f in links.link_findings(all_links, blocked) if f.check == "blocked host"]
    assert not found, failures(found)


def test_no_bare_url_in_the_running_text_of_a_page(all_links):
    found = [f for f in links.link_findings(all_links, {}) if f.check == "bare URL"]
    assert not found, failures(found)


# ---- the checker can fail --------------------------------------------------------------------

PAGE = """\
---
myst:
  html_meta:
    description: "A page."
---

(ch-x)=
# A page

A [good link](https://www.kl.dk/okonomi/) and a [copy of the
strategy](https://pdfslide.tips/documents/den-digitale-vej.html) and an autolink
(<https://www.gentofte.dk/da/Om-kommunen/>).
See https://www.example.dk/page, it is bare.
A typo: [KL](https//www.kl.dk/) and [a note](https://www.kl.dk/side.).

:::{admonition} In practice
:class: note
Source: [Mandag Morgen](https://www.mm.dk/artikel/x) and a short one [here](https://bit.ly/3abc).
:::

```python
url = "https://docplayer.dk/in-code-is-not-a-link.html"
```

Inline code `https://slideplayer.com/not-a-link` is not read.
% https://scribd.com/in-a-comment
<!-- https://scribd.com/in-an-html-comment -->
"""


def checked(text: str, blocked) -> list[str]:
    return [str(f) for f in links.link_findings(links.markdown_links(text, "book/x.md"), blocked)]


def test_the_checker_catches_a_mirror_host_with_file_line_and_url(blocked):
    found = checked(PAGE, blocked)
    assert any(line.startswith("book/x.md:11: https://pdfslide.tips/documents/den-digitale-vej"
                               ".html -- blocked host") for line in found), found
    assert any(line.startswith("book/x.md:18: https://bit.ly/3abc -- blocked host")
               for line in found), found


def test_the_checker_catches_a_bare_url_with_file_and_line(blocked):
    found = [line for line in checked(PAGE, blocked) if "bare URL" in line]
    assert found == ["book/x.md:13: https://www.example.dk/page -- bare URL: put it in a "
                     "Markdown link: [publisher's page](url)"]


def test_the_checker_catches_malformed_links_in_a_page(blocked):
    found = checked(PAGE, blocked)
    assert any(line.startswith("book/x.md:14: https//www.kl.dk/ -- malformed") for line in found)
    assert any(line.startswith("book/x.md:14: https://www.kl.dk/side. -- malformed: ends in '.'")
               for line in found), found


def test_code_comments_and_good_links_are_not_findings(blocked):
    found = "\n".join(checked(PAGE, blocked))
    for quiet in ["kl.dk/okonomi", "gentofte.dk", "mm.dk", "in-code", "slideplayer", "scribd"]:
        assert quiet not in found
    kinds = {link.url: link.kind for link in links.markdown_links(PAGE, "book/x.md")}
    assert kinds["https://www.gentofte.dk/da/Om-kommunen/"] == links.AUTOLINK
    assert kinds["https://www.mm.dk/artikel/x"] == links.LINK


@pytest.mark.parametrize("url, problem", [
    ("https://www.kl.dk/a b", "white space"),
    ("https://www.kl.dk/\u00a0side", "white space"),
    ("https://www.kl.dk/...", "'...'"),
    ("https://www.kl.dk/side)", "unbalanced"),
    ("https://www.kl.dk/side,", "ends in ','"),
    ("ftp://files.kl.dk/a.pdf", "scheme 'ftp'"),
    ("www.kl.dk/side", "no scheme"),
    ("https:/www.kl.dk/", "'//'"),
    ("https://localhost/side", "no dot"),
    ("https://www.kl.dk/<b>", "percent-encoded"),
    ("https://www.kl..dk/", "not a valid name"),
])
def test_the_checker_catches_a_malformed_url(url, problem):
    assert any(problem in found for found in links.url_problems(url)), links.url_problems(url)


@pytest.mark.parametrize("url", [
    "https://www.kl.dk/",
    "http://www.eurobalt.org/political-festival-on-bornholm/",
    "https://gentofte.dk/da/Indflydelse-,-a-,-politik/Kommunalbestyrelsen/Opgaveudvalg",
    "https://da.wikipedia.org/wiki/%C2%A7_17,_stk._4-udvalg",
    "https://en.wikipedia.org/wiki/Governance_(disambiguation)",
    "https://www.københavn.dk/side?x=1#top",
])
def test_a_well_formed_url_has_no_problem(url):
    assert links.url_problems(url) == []


@pytest.mark.parametrize("host, pattern, expected", [
    ("slideplayer.dk", "slideplayer.*", True),
    ("da.slideplayer.com.br", "slideplayer.*", True),
    ("www.scribd.com", "scribd.com", True),
    ("notscribd.com", "scribd.com", False),
    ("slideplayer.example.org.dk", "slideplayer.*", False),
    ("docplayer.dk", "docplayer.*", True),
])
def test_host_patterns(host, pattern, expected):
    assert links.host_matches(host, pattern) is expected


def test_yaml_links_name_the_entry_and_line(blocked):
    text = ("facts:\n  - claim: A\n    source: https://docplayer.dk/123-guide.html\n"
            "  - claim: B\n    source: 'Aarhus Kommune, see [the page](https://aarhus.dk/x).'\n"
            "cases:\n  - url: www.kl.dk\n")
    found = [str(f) for f in links.link_findings(links.yaml_links(text, "data/x.yaml"), blocked)]
    assert any(line.startswith("data/x.yaml:3 (facts[0].source): https://docplayer.dk/123-guide"
                               ".html -- blocked host") for line in found), found
    assert any(line.startswith("data/x.yaml:7 (cases[0].url): www.kl.dk -- malformed: no scheme")
               for line in found), found
    assert [link.url for link in links.yaml_links(text, "data/x.yaml")][1] == "https://aarhus.dk/x"


def test_bib_url_fields_are_read_and_comments_are_not():
    text = ("% source: https://studylib.net/doc/123 (a comment)\n"
            "@article{key2020,\n  title = {T},\n  url = {https://slideplayer.com/slide/1/},\n"
            "  note = {Also \\url{https://bit.ly/x}}\n}\n")
    found = links.bib_links(text, "book/x.bib")
    assert [(link.url, link.line, link.entry) for link in found] == [
        ("https://slideplayer.com/slide/1/", 4, "key2020"), ("https://bit.ly/x", 5, "key2020")]


def test_a_malformed_policy_is_refused_by_name():
    with pytest.raises(ValueError, match="mirror_hosts: 'scribd.com' needs a one-line reason"):
        links.load_policy(yaml.safe_load("mirror_hosts:\n  scribd.com:\n"))
    with pytest.raises(ValueError, match="not a host pattern"):
        links.load_policy({"mirror_hosts": {"https://scribd.com": "a mirror"}})


# ---- the live check's logic, with a fake requester ------------------------------------------

class FakeRequester:
    """Answers from a table {(method, url): status or exception}; records the calls and how
    many ran at once."""

    def __init__(self, answers, delay: float = 0.0):
        self.answers = answers
        self.delay = delay
        self.calls: list[tuple[str, str]] = []
        self.running = 0
        self.most = 0
        self.per_host: dict[str, int] = {}
        self.most_per_host = 0
        self.lock = threading.Lock()

    def __call__(self, method: str, url: str, timeout: float) -> int:
        host = links.host_of(url)
        with self.lock:
            self.calls.append((method, url))
            self.running += 1
            self.most = max(self.most, self.running)
            self.per_host[host] = self.per_host.get(host, 0) + 1
            self.most_per_host = max(self.most_per_host, self.per_host[host])
        try:
            time.sleep(self.delay)
            answer = self.answers.get((method, url), 200)
            if isinstance(answer, Exception):
                raise answer
            return answer
        finally:
            with self.lock:
                self.running -= 1
                self.per_host[host] -= 1


def test_head_falls_back_to_get_and_unreachable_is_broken():
    fake = FakeRequester({
        ("HEAD", "https://a.dk/"): 405, ("GET", "https://a.dk/"): 200,
        ("HEAD", "https://b.dk/"): 404, ("GET", "https://b.dk/"): 404,
        ("HEAD", "https://c.dk/"): TimeoutError("timed out"),
        ("GET", "https://c.dk/"): ConnectionRefusedError("refused"),
    })
    results = {r.url: r for r in check_links.check_urls(
        ["https://a.dk/", "https://b.dk/", "https://c.dk/", "https://d.dk/"], fake)}
    assert (results["https://a.dk/"].status, results["https://a.dk/"].method) == (200, "GET")
    assert not results["https://a.dk/"].broken
    assert results["https://b.dk/"].broken and results["https://b.dk/"].status == 404
    assert results["https://c.dk/"].broken and "refused" in results["https://c.dk/"].error
    assert ("GET", "https://d.dk/") not in fake.calls      # HEAD answered 200: no GET
    assert check_links.exit_status(results.values()) == 1
    assert check_links.exit_status([results["https://a.dk/"]]) == 0


def test_each_url_is_checked_once_and_the_report_names_every_place(capsys):
    fake = FakeRequester({("HEAD", "https://www.yumpu.com/da/document/view/33584231/"
                                   "lar-at-leve-patientuddannelse"): 404,
                          ("GET", "https://www.yumpu.com/da/document/view/33584231/"
                                  "lar-at-leve-patientuddannelse"): 410})
    page = "[one](https://www.yumpu.com/da/document/view/33584231/lar-at-leve-patientuddannelse)"
    places = check_links.unique_urls([
        *links.markdown_links(page, "book/a.md"), *links.markdown_links(page, "book/b.md"),
        *links.markdown_links("[x](https://www.kl.dk/)", "book/a.md")])
    assert len(places) == 2
    results = check_links.check_urls(list(places), fake)
    assert sorted(fake.calls) == sorted([
        ("HEAD", "https://www.yumpu.com/da/document/view/33584231/lar-at-leve-patientuddannelse"),
        ("GET", "https://www.yumpu.com/da/document/view/33584231/lar-at-leve-patientuddannelse"),
        ("HEAD", "https://www.kl.dk/")])
    text = check_links.report(results, places)
    assert " 200 ok     https://www.kl.dk/" in text
    assert " 410 BROKEN https://www.yumpu.com/" in text
    assert "2 unique links checked: 1 ok, 1 broken." in text
    assert "book/a.md:1" in text and "book/b.md:1" in text


def test_the_live_check_runs_on_the_real_links_with_a_fake_requester(capsys, all_links):
    fake = FakeRequester({}, delay=0.01)
    assert check_links.main([], request=fake) == 0
    urls = {link.url for link in all_links}
    called = [url for _, url in fake.calls]
    assert len(called) == len(set(called))                  # each URL once (HEAD answered 200)
    assert {url for url in urls if not links.url_problems(url)} <= set(called) <= urls
    assert all(method == "HEAD" for method, _ in fake.calls)
    assert 1 < fake.most <= check_links.WORKERS
    assert fake.most_per_host == 1
    assert f"{len(urls)} unique links checked" in capsys.readouterr().out


def test_the_user_agent_names_the_course():
    agent = check_links.user_agent()
    assert "From service to policy innovation" in agent and "github.com" in agent


def test_a_redirected_head_stays_a_head():
    import urllib.request

    request = urllib.request.Request("https://a.dk/old", method="HEAD",
                                     headers={"User-Agent": "x"})
    new = check_links._SameMethodRedirect().redirect_request(
        request, None, 301, "Moved", {}, "https://a.dk/new")
    assert (new.full_url, new.get_method(), new.get_header("User-agent")) == (
        "https://a.dk/new", "HEAD", "x")


def test_an_address_is_sent_in_ascii():
    assert check_links.ascii_url("https://www.københavn.dk/side/æble?q=ø") == (
        "https://www.xn--kbenhavn-54a.dk/side/%C3%A6ble?q=%C3%B8")
    kept = "https://da.wikipedia.org/wiki/%C2%A7_17,_stk._4-udvalg"
    assert check_links.ascii_url(kept) == kept
