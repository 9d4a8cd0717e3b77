# Minimal Pelican site for bench/run.py: document, issue, year and home pages (see bench/README.md), the
# Chinese interface at /. pelicanconf_mn.py builds the same pages again under /mn/ (Mongolian interface);
# run.py times both runs as one command. From the converted site folder:
#   pelican content -s pelicanconf.py -o OUT && pelican content -s pelicanconf_mn.py -o OUT
from pathlib import Path

from markdown.extensions.toc import slugify_unicode

HERE = Path(__file__).resolve().parent

SITENAME = "包头市人民政府公报"
HOME = "/"  # the interface's home page; links in the theme start here
# Chrome strings of this interface (the theme's only language-specific text); %(…)s filled by |format.
UI = {
    "lang": "zh-Hans",
    "home": "首页",
    "year_title": "%(year)s年",
    "issue_title": "%(year)s年第%(number)s期",
    "serial": "总第%(serial)s期",
    "frequency": "月刊",
    "published_on": "%(date)s出版",
    "document_count": "%(count)s件",
    "contents": "目录",
    "latest_issue": "最新一期",
    "all_years": "往期",
    "doc_number": "文号",
    "issuer": "发文机关",
    "written_on": "成文日期",
    "category": "栏目",
    "page_number": "起始页码",
    "addressees": "主送机关",
    "public_release": "（此件公开发布）",
    "footer": "包头市人民政府办公室主办",
}
SITEURL = ""
PATH = "content"
ARTICLE_PATHS = [""]
PAGE_PATHS = []
STATIC_PATHS = []
THEME = str(HERE / "theme")
TIMEZONE = "Asia/Shanghai"
DEFAULT_LANG = "zh"
DEFAULT_DATE_FORMAT = "%Y-%m-%d"
READERS = {"html": None}  # Markdown only
DELETE_OUTPUT_DIRECTORY = False
LOAD_CONTENT_CACHE = False
CACHE_CONTENT = False

# Same heading ids as ours / Hugo (CJK kept), GFM-like tables through 'extra'.
MARKDOWN = {
    "extension_configs": {
        "markdown.extensions.extra": {},
        "markdown.extensions.toc": {"slugify": slugify_unicode},
    },
    "output_format": "html5",
}

# A document: /YYYY/NN/slug/ (docpath is written by bench/convert.py).
ARTICLE_URL = "{docpath}/"
ARTICLE_SAVE_AS = "{docpath}/index.html"
ARTICLE_ORDER_BY = "sortkey"      # 目录 order
ARTICLE_TRANSLATION_ID = None
# An issue: Pelican category named "YYYY/NN".
CATEGORY_URL = "{name}/"
CATEGORY_SAVE_AS = "{name}/index.html"
# A year: Pelican's yearly period archive.
YEAR_ARCHIVE_URL = "{date:%Y}/"
YEAR_ARCHIVE_SAVE_AS = "{date:%Y}/index.html"
MONTH_ARCHIVE_SAVE_AS = ""
DAY_ARCHIVE_SAVE_AS = ""
NEWEST_FIRST_ARCHIVES = False
# Home page only among the direct templates; nothing else.
DIRECT_TEMPLATES = ["index"]
DEFAULT_PAGINATION = False
ARCHIVES_SAVE_AS = ""
CATEGORIES_SAVE_AS = ""
TAGS_SAVE_AS = ""
TAG_SAVE_AS = ""
AUTHORS_SAVE_AS = ""
AUTHOR_SAVE_AS = ""
PAGE_SAVE_AS = ""
DRAFT_SAVE_AS = ""
FEED_ALL_ATOM = None
FEED_ALL_RSS = None
CATEGORY_FEED_ATOM = None
TRANSLATION_FEED_ATOM = None
AUTHOR_FEED_ATOM = None
AUTHOR_FEED_RSS = None


def year_of(name):
    return str(name)[:4]


JINJA_FILTERS = {"year_of": year_of}
