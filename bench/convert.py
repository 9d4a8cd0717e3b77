#!/usr/bin/env python3
"""Convert a content tree (docs/content-model.md) into a Hugo site or a Pelican site for comparison.

    python bench/convert.py hugo    CONTENT SITE_DIR
    python bench/convert.py pelican CONTENT SITE_DIR

Both produce the same page set: one page per document at /<year>/<NN>/<slug>/ (metadata block + body),
one page per issue at /<year>/<NN>/ (documents in 目录 order), one page per year at /<year>/ and a home
page, each in both interfaces: Chinese at / and Mongolian under /mn/ (same documents and bodies, Mongolian
chrome strings), as ours. The content is written once: Hugo mounts it for both languages (hugo/config.toml),
Pelican builds it twice, once per settings file (pelican/pelicanconf.py, pelicanconf_mn.py; see run.py).
Hugo also writes, as ours does, the 文号 permalink redirect page of every numbered document in both
interfaces (/wenhao/<slug>/, /mn/wenhao/<slug>/: `aliases` front matter + hugo/layouts/alias.html; the slug is
computed with our own gazette/content/docnumber.py, as gazette.pages.citation.number_slug does) and one data.json per
document in the Chinese page's folder (output format "data", hugo/layouts/_default/single.data.json; site
title, site URL, category and issuer slugs and Mongolian names from our config.yaml, written to data/gazette.json).
The conversion itself is not timed by run.py. Needs PyYAML (the project venv has it).
"""

from __future__ import annotations

import json
import shutil
import sys
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))
from gazette.content.docnumber import normalise_brackets, parse_doc_number  # our 文号 rules (stdlib only)

Loader = getattr(yaml, "CBaseLoader", yaml.BaseLoader)  # every value a string, as our loader reads them

# Front matter keys shown on a document page, in order (label, key).
FIELDS = ["doc_number", "issuer", "written_on", "category", "page", "addressees", "public_release"]


def _split(text: str) -> tuple[dict, str]:
    if not text.startswith("---\n"):
        return {}, text
    end = text.index("\n---\n", 4)
    return yaml.load(text[4:end], Loader=Loader) or {}, text[end + 5:]


def read_tree(content: Path):
    """Yield (year, number, issue dict, [(slug, meta, body), …] in contents order)."""
    for year_dir in sorted(p for p in content.iterdir() if p.is_dir() and p.name.isdigit()):
        for issue_dir in sorted(p for p in year_dir.iterdir() if p.is_dir() and p.name.isdigit()):
            issue = yaml.load((issue_dir / "issue.yaml").read_text(encoding="utf-8"), Loader=Loader)
            docs = []
            for slug in issue.get("contents") or []:
                meta, body = _split((issue_dir / f"{slug}.md").read_text(encoding="utf-8"))
                docs.append((slug, meta, body))
            yield year_dir.name, issue_dir.name, issue, docs


def _fresh(site: Path, template: Path) -> None:
    if site.exists():
        shutil.rmtree(site)
    shutil.copytree(template, site, ignore=shutil.ignore_patterns("__pycache__"))


# --------------------------------------------------------------------------- Hugo


def _hugo_page(path: Path, front: dict, body: str = "") -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    # JSON front matter: Hugo reads a leading {...} object, and JSON needs no quoting decisions.
    path.write_text(json.dumps(front, ensure_ascii=False, indent=1) + "\n\n" + body, encoding="utf-8")


def _hugo_site_data(config_path: Path) -> dict:
    """What the alias and data.json templates need from our config.yaml (site.Data.gazette)."""
    config = yaml.load(config_path.read_text(encoding="utf-8"), Loader=Loader)  # strings, as our loader reads it (no YAML 1.1 booleans)

    def terms(key: str) -> dict:
        return {t["name"]: {"slug": t.get("slug"), "name_mn": (t.get("mn") or {}).get("text")} for t in config.get(key) or []}

    return {"title": config["title"], "site_url": config["site_url"].rstrip("/"),
            "categories": terms("categories"), "issuers": terms("issuers")}


def _hugo_doc_number(front: dict) -> None:
    """Our 文号 handling (gazette/content/document_file.py + citation.number_slug): normalised 文号, its parts, and the
    permalink: a relative alias `../../wenhao/<slug>/`, resolved against the page's issue folder, so the one
    content file gives /wenhao/<slug>/ in zh and /mn/wenhao/<slug>/ in mn."""
    raw = (front.get("doc_number") or "").strip()
    if not raw:
        return
    canonical = normalise_brackets(raw)
    number = parse_doc_number(canonical)
    if number is None:  # ours rejects the document; keep it as text, without a permalink
        return
    front["doc_number"] = canonical
    front["doc_number_parts"] = {"agency": number.agency, "year": number.year, "seq": number.seq}
    front["wenhao"] = number.slug
    front["aliases"] = [f"../../wenhao/{number.slug}/"]


def to_hugo(content: Path, site: Path) -> dict:
    """Write a Hugo site: bench/hugo/ (config + layouts) plus content/ and data/gazette.json from our tree."""
    _fresh(site, HERE / "hugo")
    (site / "data").mkdir(exist_ok=True)
    (site / "data" / "gazette.json").write_text(
        json.dumps(_hugo_site_data(ROOT / "config.yaml"), ensure_ascii=False, indent=1), encoding="utf-8")
    out = site / "content"
    n_docs = n_issues = n_permalinks = 0
    years = set()
    _hugo_page(out / "_index.md", {"title": "包头市人民政府公报"})
    for year, nn, issue, docs in read_tree(content):
        if year not in years:
            years.add(year)
            _hugo_page(out / year / "_index.md", {"title": f"{year}年", "layout": "year", "weight": int(year),
                                                  "year": year})
        n_issues += 1
        _hugo_page(out / year / nn / "_index.md", {
            "title": f"{issue['year']}年第{issue['number']}期",
            "layout": "issue", "weight": int(issue["number"]), "year": issue["year"], "number": issue["number"],
            "serial": issue["serial"], "published_on": issue["published_on"],
            "frequency": issue.get("frequency", ""),
        })
        for i, (slug, meta, body) in enumerate(docs, 1):
            front = dict(meta)  # corrections included: data.json lists them
            front["weight"] = i
            if "author" in front:
                front["signed"] = front.pop("author")  # Hugo treats author specially in some themes
            _hugo_doc_number(front)
            n_permalinks += "aliases" in front
            _hugo_page(out / year / nn / f"{slug}.md", front, body)
            n_docs += 1
    return {"docs": n_docs, "issues": n_issues, "years": len(years), "permalinks": n_permalinks}


# --------------------------------------------------------------------------- Pelican


def _pelican_value(v: object) -> str:
    return " ".join(str(v).split())  # one line


def to_pelican(content: Path, site: Path) -> dict:
    """Write a Pelican site: bench/pelican/ (pelicanconf + theme) plus content/ from our tree.

    A document is an article; its issue is its Pelican category (named "YYYY/NN", saved at /YYYY/NN/);
    the year page is Pelican's yearly period archive at /YYYY/; the home page is index.html. The Mongolian
    run (pelicanconf_mn.py) reads the same content/ and saves the same pages under mn/.
    """
    _fresh(site, HERE / "pelican")
    out = site / "content"
    n_docs = n_issues = 0
    for year, nn, issue, docs in read_tree(content):
        n_issues += 1
        folder = out / year / nn
        folder.mkdir(parents=True, exist_ok=True)
        for i, (slug, meta, body) in enumerate(docs, 1):
            lines = {
                "title": meta["title"],
                "date": f"{year}-{nn}-01",  # the issue's month: orders and groups the year archive
                "category": f"{year}/{nn}",
                "slug": f"{year}-{nn}-{slug}",
                "docpath": f"{year}/{nn}/{slug}",
                "sortkey": f"{year}-{nn}-{i:04d}",
                "issue_year": issue["year"],
                "issue_number": issue["number"],  # the issue's title is the theme's (UI.issue_title, per language)
                "serial": issue["serial"],
                "published_on": issue["published_on"],
            }
            for k, v in meta.items():
                if k in ("title", "corrections"):
                    continue
                key = {"author": "signed", "page": "page_no", "category": "category_name"}.get(k, k)  # Pelican reserves these
                lines[key] = v
            head = "\n".join(f"{k}: {_pelican_value(v)}" for k, v in lines.items())
            (folder / f"{slug}.md").write_text(head + "\n\n" + body, encoding="utf-8")
            n_docs += 1
    return {"docs": n_docs, "issues": n_issues}


def main(argv: list[str]) -> int:
    if len(argv) != 3 or argv[0] not in ("hugo", "pelican"):
        print(__doc__, file=sys.stderr)
        return 2
    tool, content, site = argv[0], Path(argv[1]), Path(argv[2])
    info = (to_hugo if tool == "hugo" else to_pelican)(content, site)
    print(json.dumps(info))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
