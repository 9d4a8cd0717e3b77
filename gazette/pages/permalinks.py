"""文号 permalinks: a stable short path for every numbered document, e.g. /wenhao/包府办发-2023-9/.

Normalised form: 机关代字-年份-序号 (DocNumber.slug): the agency code as printed, the four-digit year and the
sequence number without leading zeros, joined by hyphens; brackets and 号 dropped. It is unique because
content/archive_checks.py rejects duplicate 文号. Each permalink is a small HTML page (meta refresh + canonical + visible link),
so it works on any static server without rewrites. The Mongolian interface has its own under /mn/wenhao/.
"""

from __future__ import annotations

from dataclasses import dataclass

from markupsafe import Markup

from ..content.config import HTML_LANG, Config
from ..content.model import Gazette
from .citation import number_slug
from .i18n import wrap_mn, wrap_zh
from .urls import Urls
from .views import PlannedPage


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


def plan_permalinks(config: Config, gazette: Gazette) -> tuple[tuple[str, PermalinkPage], ...]:
    """(site-relative path, view) for every numbered document, in both interfaces, sorted by path."""
    u = Urls(config.base_path)
    planned = []
    for doc in gazette.documents:
        slug = number_slug(doc)
        if slug is None:
            continue
        for lang in ("zh", "mn"):
            target = u.document(lang, doc)
            if lang == "mn":
                title = wrap_mn(doc.mn_text.title) if doc.mn_text is not None else wrap_zh(doc.title)
            else:
                title = Markup.escape(doc.title)
            planned.append((u.permalink(lang, slug), PermalinkPage(
                lang=lang, html_lang=HTML_LANG[lang], page_title=f"{doc.doc_number} - {config.title}",
                doc_number=doc.doc_number, title=title, target=u.url(target),
                canonical=u.absolute(config.site_url, target), stylesheet=u.url(u.static("site.css")),
                description=f"{doc.doc_number} {doc.title}",
            )))
    return tuple(sorted(planned, key=lambda p: p[0]))


def permalink_pages(config: Config, gazette: Gazette) -> tuple[PlannedPage, ...]:
    """The permalink pages, planned like every other page (rendered by gazette/build/emit.py)."""
    return tuple(PlannedPage(path, view) for path, view in plan_permalinks(config, gazette))


