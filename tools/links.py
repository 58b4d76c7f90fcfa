"""The course's outbound links: where they are written, and what is wrong with them.

Pure functions (no network, no writing), shared by the offline test (tests/test_links.py)
and the live check (tools/check_links.py, `make links`).

What is read:

- ``book/**/*.md``: Markdown links and images ``[text](url)``, autolinks ``<url>``,
  reference definitions ``[label]: url``, ``href``/``src`` attributes of raw HTML, URLs in a
  directive's argument or options, URLs in the front matter, and *bare* URLs in running text
  (a problem of their own: without MyST's linkify extension they show as plain text).
  Code (fenced code, code cells, inline code), MyST comments (``% ...``) and HTML comments
  are not read: a reader never meets a link there.
- ``book/*.bib``: the ``url`` fields, ``\\url{...}`` and any other web address outside a
  ``%`` comment.
- ``data/**/*.yaml``: every string value that is a URL or holds one, and every ``url`` field
  (whatever its value), named by its entry (``sources[1].source``) and line.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import yaml

# The policy file is data: it names hosts, it holds no links of its own.
POLICY_FILE = "data/link-policy.yaml"

# Kinds of place a link is written in.
LINK = "link"                # [text](url), ![alt](url), [label]: url
AUTOLINK = "autolink"        # <https://...>
HTML = "html"                # href="..." / src="..."
DIRECTIVE = "directive"      # a directive's argument or option line
FRONT_MATTER = "front-matter"
BARE = "bare"                # a URL in running text, not inside a link
BIB = "bib"
YAML = "yaml"


@dataclass(frozen=True)
class Link:
    """One outbound address as written in a source file."""

    url: str
    file: str          # relative to the repository root, with forward slashes
    line: int          # 1-based
    kind: str          # one of the kinds above
    entry: str = ""    # the YAML entry (e.g. "sources[1].source") or BibTeX key

    @property
    def where(self) -> str:
        """'file:line' or 'file:line (entry)': where an author finds the link."""
        place = f"{self.file}:{self.line}"
        return f"{place} ({self.entry})" if self.entry else place


# ---- reading Markdown (MyST) ---------------------------------------------------------------

_FENCE = re.compile(r"^\s*(?P<marker>`{3,}|~{3,}|:{3,})(?P<info>.*)$")
_DIRECTIVE = re.compile(r"^\s*\{(?P<name>[^}\s]+)\}\s*(?P<argument>.*)$")
_OPTION = re.compile(r"^\s*:[\w.-]+:(\s.*)?$")
_COMMENT_LINE = re.compile(r"^\s{0,3}%")
_HTML_COMMENT = re.compile(r"<!--.*?(-->|\Z)", re.S)
_CODE_SPAN = re.compile(r"(?<!`)(`+)(?!`)(.+?)(?<!`)\1(?!`)", re.S)
# Directives whose content is code or data, never Markdown a reader sees as text.
LITERAL_DIRECTIVES = frozenset({
    "code-cell", "code-block", "code", "sourcecode", "literalinclude", "raw", "math",
    "bibliography", "mermaid", "graphviz", "glue:figure",
})


@dataclass
class _Block:
    marker: str        # the opening fence, e.g. "::::" or "```"
    literal: bool      # content is code, not Markdown
    options: bool      # still at the option lines under the fence
    yaml_options: bool = False

    def closed_by(self, line: str) -> bool:
        return re.fullmatch(rf"\s*{re.escape(self.marker[0])}{{{len(self.marker)},}}\s*",
                            line) is not None


def myst_lines(text: str) -> Iterator[tuple[int, str, str]]:
    """Each line of a MyST page as (number, text, what): what is 'prose' (running text),
    'front-matter', 'directive' (a fence's argument or an option line), 'code' or 'skip'
    (fence markup, comments). HTML comments are blanked out first."""
    text = _HTML_COMMENT.sub(lambda m: re.sub(r"[^\n]", " ", m.group(0)), text)
    lines = text.split("\n")
    stack: list[_Block] = []
    start = 0
    if lines and lines[0].strip() == "---":
        end = next((i for i in range(1, len(lines)) if lines[i].strip() in {"---", "..."}),
                   len(lines) - 1)
        yield 1, lines[0], "skip"
        for i in range(1, end):
            yield i + 1, lines[i], "front-matter"
        yield end + 1, lines[end], "skip"
        start = end + 1
    for index in range(start, len(lines)):
        number, line = index + 1, lines[index]
        top = stack[-1] if stack else None
        if top and top.literal:
            if top.closed_by(line):
                stack.pop()
                yield number, line, "skip"
            else:
                yield number, line, "code"
            continue
        if top and top.yaml_options:
            if line.strip() == "---":
                top.yaml_options = top.options = False
            yield number, line, "directive"
            continue
        if top and top.options:
            if _OPTION.match(line):
                yield number, line, "directive"
                continue
            if line.strip() == "---":
                top.yaml_options = True
                yield number, line, "directive"
                continue
            top.options = False
        if top and top.closed_by(line):
            stack.pop()
            yield number, line, "skip"
            continue
        fence = _FENCE.match(line)
        if fence:
            marker, info = fence.group("marker"), fence.group("info")
            directive = _DIRECTIVE.match(info)
            if directive:
                literal = directive.group("name") in LITERAL_DIRECTIVES
            else:
                literal = not marker.startswith(":")   # ```python: a code block
            stack.append(_Block(marker, literal, options=directive is not None))
            if directive:
                yield number, directive.group("argument"), "directive"
            else:
                yield number, line, "skip"
            continue
        if _COMMENT_LINE.match(line):
            yield number, line, "skip"
            continue
        yield number, line, "prose"


def _blank_code_spans(paragraph: str) -> str:
    """Inline code (and a role's backtick content) replaced by spaces, line breaks kept."""
    return _CODE_SPAN.sub(lambda m: re.sub(r"[^\n]", " ", m.group(0)), paragraph)


_WEB_START = re.compile(r"(?<![\w/.@-])https?://", re.I)
_BARE_END = re.compile(r"[\s<>\"`]")
_PROSE_TRAILING = ".,;:!?'\"*_"     # trimmed from a bare URL's end
_SUSPECT_TRAILING = ".,;:!?'\""     # a written URL ending in one of these is suspect


def _destination(text: str, start: int) -> tuple[str, int]:
    """A Markdown link destination starting at `start` (just after '('): up to white space
    or the ')' that closes the link, allowing balanced parentheses inside (CommonMark)."""
    if text.startswith("<", start):
        end = text.find(">", start)
        end = len(text) if end < 0 else end
        return text[start + 1:end], end + 1
    depth, index = 0, start
    while index < len(text):
        char = text[index]
        if char.isspace():
            break
        if char == "(":
            depth += 1
        elif char == ")":
            if depth == 0:
                break
            depth -= 1
        index += 1
    return text[start:index], index


def _trim_prose(url: str) -> str:
    """A URL found in running text without the punctuation of the sentence around it."""
    while url and (url[-1] in _PROSE_TRAILING
                   or (url[-1] == ")" and url.count("(") < url.count(")"))
                   or (url[-1] == "]" and url.count("[") < url.count("]"))):
        url = url[:-1]
    return url


def _is_outbound(destination: str) -> bool:
    """A link destination meant for another site, even a misspelt one (https//..., www...),
    not "#label", "page.md" or "mailto:"."""
    lowered = destination.lower()
    return "://" in lowered or lowered.startswith(("www.", "http", "//"))


def inline_links(text: str) -> list[tuple[int, str, str]]:
    """Outbound addresses in a piece of Markdown text as (offset, url, kind): links,
    autolinks, reference definitions, HTML attributes and bare URLs, in order."""
    found: list[tuple[int, str, str]] = []
    taken: list[tuple[int, int]] = []
    for match in re.finditer(r"\]\(\s*", text):
        url, end = _destination(text, match.end())
        if _is_outbound(url):
            start = match.end() + (1 if text.startswith("<", match.end()) else 0)
            found.append((start, url, LINK))
            taken.append((match.start(), end))
    for match in re.finditer(r"^\s{0,3}\[[^\]]+\]:\s*(\S+)", text, re.M):
        url = match.group(1).strip("<>")
        if _is_outbound(url):
            found.append((match.start(1), url, LINK))
            taken.append((match.start(1), match.end(1)))
    for match in re.finditer(r"<([a-z][a-z0-9+.-]*:[^\s<>]*)>", text, re.I):
        if _is_outbound(match.group(1)):
            found.append((match.start(1), match.group(1), AUTOLINK))
            taken.append((match.start(), match.end()))
    for match in re.finditer(r"\b(?:href|src)\s*=\s*(['\"])(.*?)\1", text, re.I | re.S):
        if _is_outbound(match.group(2)):
            found.append((match.start(2), match.group(2), HTML))
            taken.append((match.start(), match.end()))
    for match in _WEB_START.finditer(text):
        if any(start <= match.start() < end for start, end in taken):
            continue
        end = _BARE_END.search(text, match.start())
        url = _trim_prose(text[match.start():end.start() if end else len(text)])
        found.append((match.start(), url, BARE))
    return sorted(found)


def _paragraphs(lines: list[tuple[int, str]]) -> Iterator[list[tuple[int, str]]]:
    """Consecutive lines of the same kind, split at blank lines."""
    group: list[tuple[int, str]] = []
    for number, line in lines:
        if not line.strip() or (group and number != group[-1][0] + 1):
            if group:
                yield group
            group = [] if not line.strip() else [(number, line)]
            continue
        group.append((number, line))
    if group:
        yield group


def markdown_links(text: str, file: str) -> list[Link]:
    """Every outbound address on a MyST page, with its line. A URL in running text that is
    not inside a link has kind BARE; in a directive's argument or options, DIRECTIVE."""
    by_kind: dict[str, list[tuple[int, str]]] = {}
    for number, line, what in myst_lines(text):
        if what in {"prose", "directive", "front-matter"}:
            by_kind.setdefault(what, []).append((number, line))
    links: list[Link] = []
    for what, lines in by_kind.items():
        for paragraph in _paragraphs(lines):
            blanked = _blank_code_spans("\n".join(line for _, line in paragraph))
            starts = [0]
            for line in blanked.split("\n")[:-1]:
                starts.append(starts[-1] + len(line) + 1)
            for offset, url, kind in inline_links(blanked):
                row = max(i for i, s in enumerate(starts) if s <= offset)
                if kind == BARE and what == "directive":
                    kind = DIRECTIVE
                elif kind == BARE and what == "front-matter":
                    kind = FRONT_MATTER
                links.append(Link(url, file, paragraph[row][0], kind))
    return sorted(links, key=lambda link: link.line)


# ---- reading BibTeX ------------------------------------------------------------------------

_BIB_ENTRY = re.compile(r"^\s*@\w+\s*\{\s*([^,\s]+)\s*,")
_BIB_URL_FIELD = re.compile(r"\burl\s*=\s*(?:\{(?P<braced>[^{}]*)\}|\"(?P<quoted>[^\"]*)\")",
                            re.I)
_BIB_URL_MACRO = re.compile(r"\\url\{([^{}]*)\}")


def bib_links(text: str, file: str) -> list[Link]:
    """The addresses in a BibTeX file: url fields, \\url{...} and any other web address,
    each named by its entry's key. Lines starting with '%' are comments."""
    links: list[Link] = []
    key = ""
    for number, line in enumerate(text.split("\n"), start=1):
        if line.lstrip().startswith("%"):
            continue
        entry = _BIB_ENTRY.match(line)
        if entry:
            key = entry.group(1)
        taken: list[tuple[int, int]] = []
        for match in _BIB_URL_FIELD.finditer(line):
            value = match.group("braced")
            value = match.group("quoted") if value is None else value
            links.append(Link(value.strip(), file, number, BIB, key))
            taken.append(match.span())
        for match in _BIB_URL_MACRO.finditer(line):
            if not any(start <= match.start() < end for start, end in taken):
                links.append(Link(match.group(1).strip(), file, number, BIB, key))
                taken.append(match.span())
        for match in _WEB_START.finditer(line):
            if not any(start <= match.start() < end for start, end in taken):
                end = re.search(r"[\s{}\"]", line[match.start():])
                url = line[match.start():match.start() + end.start() if end else len(line)]
                links.append(Link(_trim_prose(url), file, number, BIB, key))
    return links


# ---- reading YAML data ---------------------------------------------------------------------

def _is_url_key(key: str) -> bool:
    key = key.lower()
    return key in {"url", "href", "link"} or key.endswith("_url")


def yaml_links(text: str, file: str) -> list[Link]:
    """Every URL in a YAML file's string values, named by entry path and line. A value that
    starts with a scheme is taken whole (so a space or a note after it is caught); a longer
    text is searched for links inside it; a `url` field is taken whatever it holds."""
    links: list[Link] = []

    def walk(node: yaml.Node, path: str, key: str) -> None:
        if isinstance(node, yaml.MappingNode):
            for key_node, value_node in node.value:
                name = str(key_node.value)
                walk(value_node, f"{path}.{name}" if path else name, name)
        elif isinstance(node, yaml.SequenceNode):
            for index, item in enumerate(node.value):
                walk(item, f"{path}[{index}]", key)
        elif isinstance(node, yaml.ScalarNode) and node.tag.endswith(":str"):
            value = str(node.value).strip()
            line = node.start_mark.line + 1
            if not value:
                return
            if _is_url_key(key) or re.match(r"[a-z][a-z0-9+.-]*://", value, re.I):
                links.append(Link(value, file, line, YAML, path))
                return
            for _, url, _kind in inline_links(value):
                links.append(Link(url, file, line, YAML, path))

    for document in yaml.compose_all(text, Loader=yaml.SafeLoader):
        if document is not None:
            walk(document, "", "")
    return links


# ---- the whole repository ------------------------------------------------------------------

def source_files(root: Path) -> list[Path]:
    """The files links are read from: the book's pages and bibliographies, and the data."""
    files = [*sorted((root / "book").rglob("*.md")), *sorted((root / "book").glob("*.bib")),
             *sorted((root / "data").rglob("*.yaml")), *sorted((root / "data").rglob("*.yml"))]
    return [path for path in files
            if path.relative_to(root).as_posix() != POLICY_FILE
            and ".ipynb_checkpoints" not in path.parts]


def links_in_file(path: Path, root: Path) -> list[Link]:
    """The outbound links of one source file (Markdown, BibTeX or YAML, by its suffix)."""
    name = path.relative_to(root).as_posix()
    text = path.read_text(encoding="utf-8")
    if path.suffix == ".md":
        return markdown_links(text, name)
    if path.suffix == ".bib":
        return bib_links(text, name)
    return yaml_links(text, name)


def collect_links(root: Path) -> list[Link]:
    """Every outbound link in the book's sources and the data, in file and line order."""
    return [link for path in source_files(root) for link in links_in_file(path, root)]


# ---- judging a link ------------------------------------------------------------------------

_NOT_IN_URL = set('<>"{}|\\^`')
_LABEL = re.compile(r"[^\W_](?:[\w-]*[^\W_])?")
_TOP_LABEL = re.compile(r"[^\W\d_]{2,}|xn--[a-z0-9-]+")


def url_problems(url: str) -> list[str]:
    """What is wrong with a URL as written, in words; empty when it is well formed: scheme
    https or http, a host with a dot, no white space, balanced brackets, no characters that
    must be encoded, no punctuation caught from the sentence, no '...'."""
    problems: list[str] = []
    if not url:
        return ["the address is empty"]
    if any(char.isspace() for char in url):
        problems.append("contains white space")
    if "..." in url or "\u2026" in url:
        problems.append("contains '...' (a placeholder or a shortened address)")
    for opening, closing in ["()", "[]"]:
        if url.count(opening) != url.count(closing):
            problems.append(f"unbalanced '{opening}{closing}'")
    bad = sorted({char for char in url if char in _NOT_IN_URL})
    if bad:
        problems.append(f"contains {' '.join(bad)} (must be percent-encoded)")
    if url[-1] in _SUSPECT_TRAILING:
        problems.append(f"ends in '{url[-1]}' (punctuation caught from the text around it?)")
    try:
        parts = urlsplit(url)
        host = parts.hostname or ""
        parts.port  # noqa: B018 (raises ValueError on a bad port)
    except ValueError as error:
        return [*problems, f"cannot be parsed ({error})"]
    scheme = parts.scheme.lower()
    if scheme not in {"http", "https"}:
        problems.append(f"scheme '{scheme}' (only https or http)" if scheme
                        else "no scheme (write https://...)")
        return problems
    if not re.match(rf"{scheme}://[^/]", url, re.I):
        problems.append(f"'{scheme}:' must be followed by '//' and a host")
        return problems
    if not host:
        problems.append("no host")
    elif "." not in host.strip("."):
        problems.append(f"host '{host}' has no dot")
    else:
        labels = host.rstrip(".").split(".")
        if not all(_LABEL.fullmatch(label) for label in labels) or not _TOP_LABEL.fullmatch(
                labels[-1]):
            problems.append(f"host '{host}' is not a valid name")
    return problems


def host_of(url: str) -> str:
    """The lower-case host name of a URL ('' when there is none)."""
    try:
        return (urlsplit(url).hostname or "").rstrip(".").lower()
    except ValueError:
        return ""


_PATTERN = re.compile(r"[a-z0-9-]+(\.[a-z0-9-]+)*(\.\*)?")


def host_matches(host: str, pattern: str) -> bool:
    """Whether a host falls under a policy pattern. 'scribd.com' covers scribd.com and its
    subdomains (www.scribd.com); 'slideplayer.*' covers slideplayer under any top-level
    domain (slideplayer.com, slideplayer.dk, da.slideplayer.com.br)."""
    labels = host.lower().rstrip(".").split(".")
    if pattern.endswith(".*"):
        name = pattern[:-2].split(".")
        for index in range(len(labels) - len(name) + 1):
            rest = len(labels) - index - len(name)
            if labels[index:index + len(name)] == name and 1 <= rest <= 2:
                return True
        return False
    return host == pattern or host.endswith("." + pattern)


def load_policy(data: Mapping[str, object]) -> dict[str, str]:
    """The blocked host patterns of a parsed policy file, each with its list and reason:
    every top-level key ending in '_hosts' maps a pattern to a one-line reason. Raises
    ValueError naming the list and entry when the file is malformed."""
    blocked: dict[str, str] = {}
    lists = {key: value for key, value in (data or {}).items() if str(key).endswith("_hosts")}
    if not lists:
        raise ValueError("no list of hosts (a key ending in '_hosts', e.g. mirror_hosts)")
    for name, entries in lists.items():
        if not isinstance(entries, Mapping) or not entries:
            raise ValueError(f"{name}: must map each host pattern to a one-line reason")
        for pattern, reason in entries.items():
            if not isinstance(pattern, str) or not _PATTERN.fullmatch(pattern):
                raise ValueError(f"{name}: '{pattern}' is not a host pattern "
                                 "(like 'scribd.com' or 'slideplayer.*')")
            if not isinstance(reason, str) or not reason.strip() or "\n" in reason.strip():
                raise ValueError(f"{name}: '{pattern}' needs a one-line reason")
            if pattern in blocked:
                raise ValueError(f"{name}: '{pattern}' is listed twice")
            blocked[pattern] = f"{name}: {reason.strip()}"
    return blocked


def read_policy(path: Path) -> dict[str, str]:
    """load_policy() of a policy YAML file."""
    return load_policy(yaml.safe_load(path.read_text(encoding="utf-8")))


def blocked_reason(url: str, blocked: Mapping[str, str]) -> str | None:
    """Why a URL's host is on the policy's lists (None when it is not)."""
    host = host_of(url)
    for pattern, reason in blocked.items():
        if host and host_matches(host, pattern):
            return f"host '{host}' matches '{pattern}' ({reason})"
    return None


@dataclass(frozen=True)
class Finding:
    """A problem with one link, for a failure message."""

    link: Link
    check: str         # "malformed", "blocked host" or "bare URL"
    problem: str

    def __str__(self) -> str:
        return f"{self.link.where}: {self.link.url} -- {self.check}: {self.problem}"


def link_findings(links: Iterable[Link], blocked: Mapping[str, str]) -> list[Finding]:
    """Every problem of every link: malformed, on a blocked host, or bare in running text."""
    findings: list[Finding] = []
    for link in links:
        for problem in url_problems(link.url):
            findings.append(Finding(link, "malformed", problem))
        reason = blocked_reason(link.url, blocked)
        if reason:
            findings.append(Finding(link, "blocked host", reason))
        if link.kind == BARE:
            findings.append(Finding(link, "bare URL", "put it in a Markdown link: "
                                    "[publisher's page](url)"))
    return findings
