"""文号 permalinks: a stable short path for every numbered document, e.g. /wenhao/包府办发-2023-9/.

Normalised form: 机关代字-年份-序号 (DocNumber.slug): the agency code as printed, the four-digit year and the
sequence number without leading zeros, joined by hyphens; brackets and 号 dropped. It is unique because
content/archive_checks.py rejects duplicate 文号. Each permalink is a small HTML page (meta refresh + canonical + visible link),
so it works on any static server without rewrites. The Mongolian interface has its own under /mn/wenhao/.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial

from markupsafe import Markup

from ..content.config import HTML_LANG, Config
from ..content.model import Gazette
from .citation import number_slug
from .i18n import wrap_mn, wrap_zh
from .listing import listing_digests
from .urls import Urls
from .views import LazyPage, PlannedPage


@dataclass(frozen=True)
class PermalinkPage:
    """A redirect page from a 文号 path to its document."""

    lang: str
    html_lang: str
    page_title: str
    doc_number: str
    title: Markup  # the document title (Mongolian wrapped on the Mongolian interface when there is a parallel text)
    target: str  # base-path URL of the document page
    canonical: str  # absolute URL of the document page
    stylesheet: str
    description: str = ""  # <meta name=description>: the document's number and title
    template: str = "permalink.html"


def permalink_view(config: Config, doc, lang: str) -> PermalinkPage:
    """The redirect page of a numbered document in one interface."""
    u = Urls(config.base_path)
    target = u.document(lang, doc)
    if lang == "mn":
        title = wrap_mn(doc.mn_text.title) if doc.mn_text is not None else wrap_zh(doc.title)
    else:
        title = Markup.escape(doc.title)
    return PermalinkPage(
        lang=lang, html_lang=HTML_LANG[lang], page_title=f"{doc.doc_number} - {config.title}",
        doc_number=doc.doc_number, title=title, target=u.url(target),
        canonical=u.absolute(config.site_url, target), stylesheet=u.url(u.static("site.css")),
        description=f"{doc.doc_number} {doc.title}",
    )


def permalink_pages(config: Config, gazette: Gazette) -> tuple[LazyPage, ...]:
    """Every numbered document's permalink pages in both interfaces, sorted by path: planned like every other
    page (rendered by gazette/build/emit.py), the view made only when its issue's listing changed (a permalink
    shows its document's own number and titles: gazette/pages/listing.py)."""
    u = Urls(config.base_path)
    planned = []
    for issue in gazette.issues:
        listed = listing_digests(gazette)[(issue.year, issue.number)] if any(d.doc_number for d in issue.documents) else ""
        for index, doc in enumerate(issue.documents):
            slug = number_slug(doc)
            if slug is None:
                continue
            for lang, other in (("zh", "mn"), ("mn", "zh")):
                path = u.permalink(lang, slug)
                planned.append(LazyPage(path, partial(_planned, config, doc, lang, path), HTML_LANG[lang], HTML_LANG[other],
                                        u.url(u.permalink(other, slug)),
                                        ("permalink", listed, index), PermalinkPage.template))
    return tuple(sorted(planned, key=lambda p: p.path))


def _planned(config: Config, doc, lang: str, path: str) -> PlannedPage:
    return PlannedPage(path, permalink_view(config, doc, lang))
