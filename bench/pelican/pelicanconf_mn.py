# The Mongolian interface of the bench Pelican site: pelicanconf.py's settings, the same four page kinds
# saved under mn/ (into the same output folder), Mongolian chrome strings from layouts/i18n/mn.yaml
# (ordinals fixed to ᠳ᠋ᠤᠭᠠᠷ). Run after the Chinese run: pelican content -s pelicanconf_mn.py -o OUT
import runpy
from pathlib import Path

globals().update({k: v for k, v in runpy.run_path(str(Path(__file__).with_name("pelicanconf.py"))).items()
                  if k.isupper()})

nnbsp = "\u202f"  # narrow no-break space before Mongolian suffixes
DEFAULT_LANG = "mn"
SITENAME = f"ᠪᠤᠭᠤᠲᠤ ᠬᠣᠲᠠ{nnbsp}ᠶᠢᠨ ᠠᠷᠠᠳ{nnbsp}ᠤᠨ ᠵᠠᠰᠠᠭ{nnbsp}ᠤᠨ ᠣᠷᠳᠣᠨ{nnbsp}ᠤ ᠯᠡᠪᠯᠡᠭᠡ"  # config.yaml masthead_mn
HOME = "/mn/"
ARTICLE_URL = "mn/{docpath}/"
ARTICLE_SAVE_AS = "mn/{docpath}/index.html"
CATEGORY_URL = "mn/{name}/"
CATEGORY_SAVE_AS = "mn/{name}/index.html"
YEAR_ARCHIVE_URL = "mn/{date:%Y}/"
YEAR_ARCHIVE_SAVE_AS = "mn/{date:%Y}/index.html"
INDEX_SAVE_AS = "mn/index.html"
UI = {
    "lang": "mn-Mong",
    "home": "ᠲᠡᠷᠢᠭᠦᠨ ᠬᠠᠭᠤᠳᠠᠰᠤ",
    "year_title": "%(year)s ᠣᠨ",
    "issue_title": f"%(year)s ᠣᠨ{nnbsp}ᠤ %(number)s ᠳ᠋ᠤᠭᠠᠷ ᠳᠡᠭᠡᠲᠦ",
    "serial": "ᠶᠡᠷᠦᠩᠬᠡᠢ %(serial)s ᠳ᠋ᠤᠭᠠᠷ ᠳᠡᠭᠡᠲᠦ",
    "frequency": "ᠰᠠᠷ᠎ᠠ ᠪᠦᠷᠢ",
    "published_on": "ᠨᠡᠶᠢᠲᠡᠯᠡᠭᠰᠡᠨ ᠴᠠᠭ %(date)s",
    "document_count": "%(count)s ᠪᠢᠴᠢᠭ",
    "contents": "ᠭᠠᠷᠴᠠᠭ",
    "latest_issue": "ᠬᠠᠮᠤᠭ ᠰᠢᠨ᠎ᠡ ᠳᠡᠭᠡᠲᠦ",
    "all_years": "ᠪᠦᠬᠦ ᠣᠨ",
    "doc_number": f"ᠪᠢᠴᠢᠭ{nnbsp}ᠦᠨ ᠳ᠋ᠤᠭᠠᠷ",
    "issuer": "ᠪᠢᠴᠢᠭ ᠭᠠᠷᠭᠠᠭᠰᠠᠨ ᠪᠠᠢᠭᠤᠯᠤᠯᠭ᠎ᠠ",
    "written_on": "ᠪᠢᠴᠢᠭᠰᠡᠨ ᠡᠳᠦᠷ",
    "category": "ᠪᠠᠭᠠᠨ᠎ᠠ",
    "page_number": "ᠨᠢᠭᠤᠷ",
    "addressees": "ᠬᠦᠷᠭᠡᠬᠦ ᠪᠠᠢᠭᠤᠯᠤᠯᠭ᠎ᠠ",
    "public_release": "ᠢᠯᠡ ᠨᠡᠶᠢᠲᠡᠯᠡᠬᠦ",
    "footer": f"ᠡᠷᠬᠢᠯᠡᠭᠴᠢ: ᠪᠤᠭᠤᠲᠤ ᠬᠣᠲᠠ{nnbsp}ᠶᠢᠨ ᠠᠷᠠᠳ{nnbsp}ᠤᠨ ᠵᠠᠰᠠᠭ{nnbsp}ᠤᠨ ᠣᠷᠳᠣᠨ{nnbsp}ᠤ ᠠᠯᠪᠠᠨ ᠭᠡᠷ",
}
