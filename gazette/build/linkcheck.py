"""Internal link checker: every link and fragment in the built outputs must resolve to another output.

Pages link document-relatively (gazette/pages/relative.py); a relative URL is resolved against the page's own
address, so the check covers the same targets a base-path link would name. Every output path is known before
any page is rendered, so each file is checked where it is made (in the render workers, gazette/build/emit.py) and only its ids and its links into other pages' fragments are kept. HTML tags are scanned for href/src/
action of links, scripts, images and forms, and meta-refresh targets; targets of `#fragment` must be an
`id` (or `<a name>`) in the target page. Atom feeds and the sitemap (XML) and the JSON files are checked
for absolute URLs on this site. A broken link is a warning; under --strict it fails the build.
"""

from __future__ import annotations

import bisect
import html
import json
import posixpath
import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from urllib.parse import unquote, urljoin, urlsplit

from ..core.errors import Diagnostic, warning
from ..core.output import Output
from ..pages.urls import Urls

_URL_ATTRS = {("a", "href"), ("area", "href"), ("link", "href"), ("script", "src"), ("img", "src"),
              ("iframe", "src"), ("source", "src"), ("video", "src"), ("audio", "src"), ("form", "action")}
_EXTERNAL = re.compile(r"^(?:[a-zA-Z][a-zA-Z0-9+.-]*:|//)")
_REFRESH = re.compile(r"^\s*\d+\s*;\s*url\s*=\s*['\"]?([^'\"]+)", re.IGNORECASE)
# Produced after the checked outputs (by tools that run on the written site), so links into them are not checked.
GENERATED_LATER = ("pagefind/",)


@dataclass(frozen=True)
class Reference:
    line: int
    url: str
    what: str  # e.g. "a href"


_NEWLINE = re.compile("\n")
_TAG = re.compile(r"<(a|area|link|script|img|iframe|source|video|audio|form|meta)(\s[^<>]*)?>", re.IGNORECASE)
_ID = re.compile(r"""\sid\s*=\s*(?:"([^"]*)"|'([^']*)')""")
_ATTR = re.compile(r"""([a-zA-Z_:][-a-zA-Z0-9_:.]*)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+)))?""")


class _PageParser:
    """Collects ids (anchors) and outgoing URLs with their line numbers.

    A tag scanner rather than html.parser: the pages are our own well-formed output, and parsing every page
    of a large archive with html.parser cost more than rendering it. Comments and scripts hold no tags here.
    """

    def __init__(self, text: str) -> None:
        self.ids: set[str] = set()
        self.refs: list[Reference] = []
        newlines = [m.start() for m in _NEWLINE.finditer(text)]
        self.ids.update(_unescape(m.group(1) if m.group(1) is not None else m.group(2)) for m in _ID.finditer(text))
        for m in _TAG.finditer(text):
            tag, raw = m.group(1).lower(), m.group(2)
            if not raw or (tag == "meta" and "refresh" not in raw.lower()):  # citation meta tags hold no links
                continue
            attrs = [(name.lower(), _unescape(double or single or bare)) for name, double, single, bare in _ATTR.findall(raw)]
            self._tag(tag, attrs, bisect.bisect_left(newlines, m.start()) + 1)

    def _tag(self, tag: str, attrs: list[tuple[str, str]], line: int) -> None:
        values = dict(attrs)
        if tag == "a" and values.get("name"):
            self.ids.add(values["name"])
        for name, value in attrs:
            if (tag, name) in _URL_ATTRS:
                if tag == "link" and "dns-prefetch" in (values.get("rel") or ""):
                    continue
                self.refs.append(Reference(line, value, f"{tag} {name}"))
        if tag == "meta" and (values.get("http-equiv") or "").lower() == "refresh":
            m = _REFRESH.match(values.get("content") or "")
            if m:
                self.refs.append(Reference(line, m.group(1).strip(), "meta refresh"))


def _unescape(value: str) -> str:
    return html.unescape(value) if "&" in value else value


_PLAIN_PATH = re.compile(r"^/[^?#%\\]*$")  # a site-absolute path with nothing to decode or normalise
_PLAIN_RELATIVE = re.compile(r"^(?:\.\./)*[^/?#%\\:.][^?#%\\:]*[^/?#%\\:]$")  # `../../x/index.html`: relative, to a file


def _page_url(base_path: str, path: str) -> str:
    """The URL an output is served at (…/index.html is served as …/)."""
    if path == "index.html" or path.endswith("/index.html"):
        path = path[: -len("index.html")]
    return base_path + path


def _page_folder(base_path: str, path: str) -> str:
    """The URL of the folder an output is served from, ending in `/` (relative links resolve against it)."""
    url = _page_url(base_path, path)
    return url[: url.rfind("/") + 1]


class Resolver:
    """Resolves references against the set of every output path (known before any page is rendered)."""

    def __init__(self, paths: frozenset[str] | set[str], base_path: str, site_url: str):
        self.urls = Urls(base_path)
        self.base_path = base_path
        self.site_prefix = site_url + base_path if site_url else None
        self.paths = paths
        self._resolved: dict[tuple[str, str], tuple[str | None, str | None, str | None]] = {}

    def resolve(self, page: str, url: str) -> tuple[str | None, str | None, str | None]:
        """(target output path, fragment, problem). Target None and no problem: external, not checked."""
        if url.startswith("#"):  # a fragment of this page (the table of contents): no URL arithmetic
            return page, unquote(url[1:]) or None, None
        # Site-absolute links (all nav and list links) resolve the same from every page: resolve each once.
        # Other relative links resolve the same from every page in one folder, except a bare `?query`,
        # which keeps the page's own path.
        if url.startswith("/") and not url.startswith("//"):
            key = ("", url)
        else:
            base = _page_url(self.base_path, page)
            key = (base if url.startswith("?") else base.rsplit("/", 1)[0], url)
        if key not in self._resolved:
            self._resolved[key] = self._resolve(page, url)
        return self._resolved[key]

    def _resolve(self, page: str, url: str) -> tuple[str | None, str | None, str | None]:
        if self.site_prefix and url.startswith(self.site_prefix):
            url = self.base_path + url[len(self.site_prefix):]
        elif _EXTERNAL.match(url):
            return None, None, None
        if _PLAIN_PATH.match(url) and "/." not in url and "//" not in url:  # base-path links: no urljoin needed
            path, fragment = url, ""
        elif _PLAIN_RELATIVE.match(url):  # the pages' own relative links (`../p032/index.html`): no urljoin either
            path, fragment = posixpath.normpath(posixpath.join(_page_folder(self.base_path, page), url)), ""
        else:
            parts = urlsplit(urljoin(_page_url(self.base_path, page), url))
            path, fragment = unquote(parts.path), parts.fragment
        if not path.startswith(self.base_path):
            return None, None, f"指向站点路径 {self.base_path} 之外 points outside the site's base path {self.base_path}"
        rel = path[len(self.base_path):]
        if rel.startswith(GENERATED_LATER):
            return None, None, None
        target = self.urls.output_file(rel)
        if target not in self.paths and f"{rel}/index.html" in self.paths:
            target = f"{rel}/index.html"
        if target not in self.paths:
            return None, None, "目标不存在 target does not exist"
        return target, unquote(fragment) if fragment else None, None

    def shown(self, page: str, url: str) -> str:
        """For a message: the base-path URL a relative link stands for (pages link relatively, editors
        write and search for `/2023/01/p031/`), e.g. ` (= /2023/01/p031/)`; "" for other links."""
        if url.startswith(("/", "#")) or _EXTERNAL.match(url):
            return ""
        absolute = urljoin(_page_url(self.base_path, page), url)
        folder = absolute.split("#")[0].split("?")[0]
        if folder.endswith("/index.html"):
            absolute = absolute.replace("/index.html", "/", 1)
        return f" (= {unquote(absolute)})"

    def references(self, path: str, data: bytes) -> tuple[frozenset[str], list[Reference]]:
        """(ids, references) of one output: HTML tags; absolute URLs on this site in XML and JSON."""
        if path.endswith(".html"):
            parser = _PageParser(data.decode("utf-8"))
            return frozenset(parser.ids), parser.refs
        if path.endswith(".xml") and self.site_prefix:
            return frozenset(), _xml_refs(data, self.site_prefix)
        if path.endswith(".json") and self.site_prefix:
            return frozenset(), [Reference(1, s, "JSON") for s in _site_strings(data, self.site_prefix)]
        return frozenset(), []


@dataclass(frozen=True)
class FileLinks:
    """What the link check keeps of one output: its ids, its broken links, and its links to another page's
    fragment (checked once every page's ids are known)."""

    ids: frozenset[str]
    broken: tuple[Diagnostic, ...]
    fragments: tuple[tuple[Reference, str, str], ...]  # (reference, target path, fragment)


# The fast path for our own pages, where every href/src/action/id attribute is written ` name="…"`: the
# values are cut out with str.split (C speed). It finds every URL _PageParser finds (and perhaps more, e.g.
# an href outside a link tag) and exactly its ids; a page where anything does not resolve is scanned again by
# _PageParser, so the fast path can only add speed, never hide or invent a broken link
# (tests/test_linkcheck.py compares both on every built page).
_FAST_REFRESH = re.compile(rb'<meta http-equiv="refresh" content="\d+; url=([^"\']+)">')
_A_NAME = re.compile(rb"<a\s[^>]*\bname=", re.IGNORECASE)


def _values(data: bytes, attribute: bytes) -> list[bytes] | None:
    """Every value of ` attribute="…"`, or None when the attribute is also written some other way."""
    parts = data.split(b" " + attribute + b'="')
    if data.count(attribute + b"=") != len(parts) - 1 + (data.count(b"-" + attribute + b"=") if attribute == b"id" else 0):
        return None
    return [part[:part.find(b'"')] for part in parts[1:]]


def _text(values) -> frozenset[str]:
    return frozenset(_unescape(v.decode("utf-8")) for v in values)


def fast_scan(data: bytes) -> tuple[frozenset[str], frozenset[str]] | None:
    """(ids, URLs) of a page (UTF-8 bytes: searched faster than str), or None when it needs _PageParser."""
    if b"dns-prefetch" in data or b"=\n" in data or _A_NAME.search(data):
        return None
    found = [_values(data, name) for name in (b"id", b"href", b"src", b"action")]
    if any(v is None for v in found):
        return None
    ids, urls = found[0], found[1] + found[2] + found[3]
    if b"http-equiv" in data:  # the permalink pages' redirect, in the one form the template writes
        refresh = _FAST_REFRESH.findall(data)
        if len(refresh) != data.count(b"http-equiv"):
            return None
        urls += [u.strip() for u in refresh]
    return _text(ids), _text(urls)


def _all_resolve_at_home(resolver: Resolver, path: str, ids: frozenset[str], urls: frozenset[str]) -> bool:
    """True when every URL resolves, and any fragment is one of this page's own ids."""
    for url in urls:
        if not url or url == "#":
            continue
        target, fragment, problem = resolver.resolve(path, url)
        if problem or (fragment and target is not None and (target != path or fragment not in ids)):
            return False
    return True


def check_file(resolver: Resolver, path: str, data: bytes) -> FileLinks:
    """Check one output's links; fragments into the same page are checked here, others are returned."""
    if path.endswith(".html"):
        fast = fast_scan(data)
        if fast is not None and _all_resolve_at_home(resolver, path, *fast):
            return FileLinks(fast[0], (), ())
    ids, refs = resolver.references(path, data)
    broken, foreign = [], []
    for ref in refs:
        if not ref.url or ref.url == "#":
            continue
        target, fragment, problem = resolver.resolve(path, ref.url)
        if problem:
            broken.append(warning(path, ref.line, f"链接失效 broken link ({ref.what}) {ref.url!r}{resolver.shown(path, ref.url)}: {problem}"))
        elif target == path and fragment and path.endswith(".html") and fragment not in ids:
            broken.append(_broken_anchor(path, ref, fragment, target))
        elif target and fragment and target != path:
            foreign.append((ref, target, fragment))
    return FileLinks(ids, tuple(broken), tuple(foreign))


def check_added(resolver: Resolver, path: str, data: bytes, old: bytes | None) -> FileLinks | None:
    """A JSON output's link summary from the links it has that its previous version (`old`, whose links all
    resolved, none to a fragment, and no output path gone since) did not: catalogue.json at 10,000 documents
    holds 78,000 links and one edit adds a few. None when that cannot tell (not JSON, no previous version, a
    new link that is broken or has a fragment): check_file then checks the whole file."""
    if old is None or not path.endswith(".json") or not resolver.site_prefix:
        return None
    added = set(_site_strings(data, resolver.site_prefix)) - set(_site_strings(old, resolver.site_prefix))
    for url in added:
        target, fragment, problem = resolver.resolve(path, url)
        if problem or fragment:
            return None
    return FileLinks(frozenset(), (), ())


def _broken_anchor(page: str, ref: Reference, fragment: str, target: str) -> Diagnostic:
    return warning(page, ref.line, f"锚点不存在 broken anchor ({ref.what}) {ref.url!r}: no id {fragment!r} in {target}")


def check_fragments(files: dict[str, FileLinks]) -> tuple[Diagnostic, ...]:
    """Links to `page#id` in another page: the id must exist there (HTML targets only)."""
    return tuple(_broken_anchor(page, ref, fragment, target)
                 for page in sorted(files) for ref, target, fragment in files[page].fragments
                 if target.endswith(".html") and target in files and fragment not in files[target].ids)


def _xml_refs(data: bytes, site_prefix: str) -> list[Reference]:
    refs = []
    for el in ET.fromstring(data).iter():
        tag = el.tag.rsplit("}", 1)[-1]
        if tag == "link" and el.get("href"):
            refs.append(Reference(1, el.get("href"), "XML link"))
        elif tag in ("loc", "id") and el.text and el.text.startswith(site_prefix):
            refs.append(Reference(1, el.text.strip(), f"XML {tag}"))
    return refs


def _json_strings(data: bytes) -> list[str]:
    """Every string value in a JSON document (not keys), in document order within each object; json's
    C parser walks the tree and hands each object to the hook."""
    found: list[str] = []

    def values(items) -> None:
        for v in items:
            if isinstance(v, str):
                found.append(v)
            elif isinstance(v, list):
                values(v)

    def hook(obj: dict) -> dict:
        values(obj.values())
        return obj

    top = json.loads(data, object_hook=hook)
    if not isinstance(top, dict):
        values([top])
    return found


def _site_strings(data: bytes, prefix: str) -> list[str]:
    """Every string value of a JSON document that starts with `prefix` (the site's address). Cut out of the
    bytes when none of them holds an escape and no escaped quote comes before one (catalogue.json at 10,000
    documents: 0.03 s against 0.3 s through json); else through json (_json_strings). Same set either way
    (tests/test_linkcheck.py)."""
    start = b'"' + prefix.encode("utf-8")
    if b"\\" + start not in data:
        found = _SITE_STRING.get(prefix) or _SITE_STRING.setdefault(prefix, re.compile(re.escape(start) + rb'([^"\\]*)"(\s*:)?'))
        matches = found.findall(data)
        if len(matches) == data.count(start):
            head = prefix.encode("utf-8")
            return [(head + rest).decode("utf-8") for rest, key in matches if not key]
    return [s for s in _json_strings(data) if s.startswith(prefix)]


_SITE_STRING: dict[str, re.Pattern] = {}


def link_diagnostics(files: dict[str, FileLinks]) -> tuple[Diagnostic, ...]:
    """Every broken link and anchor, sorted by file and line."""
    return tuple(sorted({d for f in files.values() for d in f.broken} | set(check_fragments(files))))


def check_links(outputs: tuple[Output, ...], base_path: str, site_url: str, extra_paths: tuple[str, ...] = ()) -> tuple[Diagnostic, ...]:
    """Warnings `output/path:line: …` for every broken internal link or anchor in in-memory outputs."""
    resolver = Resolver({o.path for o in outputs} | set(extra_paths), base_path, site_url)
    return link_diagnostics({o.path: check_file(resolver, o.path, o.data) for o in outputs})
