"""The JSON catalogue and per-document JSON: valid against docs/catalogue.schema.json, equal to the content,
deterministic, and every URL in them served by the built site."""

from __future__ import annotations

import json

import pytest
from jsonschema import Draft202012Validator
from machine_support import SITE_URL, file_for, fixture_documents, fixture_issues
from support import ROOT

SCHEMA = json.loads((ROOT / "docs" / "catalogue.schema.json").read_text(encoding="utf-8"))


def validator(definition: str | None = None) -> Draft202012Validator:
    Draft202012Validator.check_schema(SCHEMA)
    return Draft202012Validator({**SCHEMA, "$ref": f"#/$defs/{definition}"} if definition else SCHEMA)


def load(path):
    return json.loads(path.read_text(encoding="utf-8"))


def urls_in(value):
    if isinstance(value, str):
        return [value] if value.startswith(SITE_URL) else []
    if isinstance(value, dict):
        return [u for k, v in value.items() if k != "site_url" for u in urls_in(v)]
    if isinstance(value, list):
        return [u for v in value for u in urls_in(v)]
    return []


def test_catalogue_is_valid_against_the_documented_schema(mini_site):
    errors = [e.message for e in validator().iter_errors(load(mini_site / "catalogue.json"))]
    assert not errors


def test_every_document_json_is_valid(mini_site):
    v = validator("documentFile")
    files = sorted(mini_site.rglob("data.json"))
    assert len(files) == len(fixture_documents())
    for f in files:
        assert not [e.message for e in v.iter_errors(load(f))], f


def test_schema_rejects_a_wrong_catalogue(mini_site):
    data = load(mini_site / "catalogue.json")
    data["issues"][0]["documents"][0]["page"] = "31"
    assert list(validator().iter_errors(data))


def test_catalogue_holds_every_issue_and_document_as_in_the_content(mini_site):
    data = load(mini_site / "catalogue.json")
    issues = fixture_issues()
    assert [(i["year"], i["number"], i["serial"], i["published_on"]) for i in data["issues"]] == \
        [(int(i["year"]), int(i["number"]), int(i["serial"]), i["published_on"]) for i in issues]
    for got, want in zip(data["issues"], issues):
        assert got["contents"] == want["contents"] == [d["slug"] for d in got["documents"]]
        assert got["frequency"] == want["frequency"] and got["pdf"] == want.get("pdf")
        assert got["urls"]["page"] == {"zh": f"{SITE_URL}/{got['id']}/", "mn": f"{SITE_URL}/mn/{got['id']}/"}
    docs = [d for i in data["issues"] for d in i["documents"]]
    for got, want in zip(docs, fixture_documents(), strict=True):
        m = want.meta
        assert got["id"] == want.path.rstrip("/")
        assert got["title"] == m["title"] and got["title_mn"] == want.mn_title
        assert got["doc_number"] == m.get("doc_number")
        assert got["issuer"]["name"] == m["issuer"] and got["category"]["name"] == m["category"]
        assert got["written_on"] == m.get("written_on") and got["page"] == int(m["page"])
        assert got["subtitle"] == m.get("subtitle") and got["author"] == m.get("author")
        assert got["addressees"] == m.get("addressees")
        assert got["public_release"] == ({"true": True, "false": False}[m["public_release"]] if "public_release" in m else None)
        assert got["corrections"] == m.get("corrections", [])
        assert got["published_on"] == want.published_on and got["serial"] == want.serial
        assert got["urls"]["page"] == {"zh": f"{SITE_URL}/{want.path}", "mn": f"{SITE_URL}/mn/{want.path}"}
        assert got["languages"] == (["zh", "mn"] if want.mn_title else ["zh"])


def test_document_json_has_data_and_plain_text(mini_site):
    for want in fixture_documents():
        data = load(mini_site / want.path / "data.json")
        assert data["title"] == want.meta["title"]
        body = (ROOT / "tests/fixtures/mini/content" / f"{want.year}/{want.number:02d}/{want.slug}.md").read_text(encoding="utf-8").split("---", 2)[2]
        first_line = next(line for line in body.splitlines() if line.strip() and not line.startswith(("#", "|")))
        assert first_line.replace("*", "").strip() in data["text"]["zh"]["plain_text"]
        assert ("mn" in data["text"]) == bool(want.mn_title)
        assert data["issue"]["serial"] == want.serial


def test_every_url_in_the_json_is_served(mini_site):
    files = [mini_site / "catalogue.json", *sorted(mini_site.rglob("data.json"))]
    for f in files:
        for url in urls_in(load(f)):
            assert file_for(mini_site, url).is_file(), (f, url)


def test_catalogue_lists_the_real_archive_hash(mini_site):
    import hashlib
    for issue in load(mini_site / "catalogue.json")["issues"]:
        archive = file_for(mini_site, issue["urls"]["archive"]).read_bytes()
        assert issue["archive_sha256"] == hashlib.sha256(archive).hexdigest() and issue["archive_bytes"] == len(archive)
        manifest = file_for(mini_site, issue["urls"]["manifest"]).read_bytes()
        assert issue["manifest_sha256"] == hashlib.sha256(manifest).hexdigest()


@pytest.mark.parametrize("name", ["catalogue.json", "2022/02/p001/data.json"])
def test_json_is_deterministic_text(mini_site, name):
    text = (mini_site / name).read_text(encoding="utf-8")
    assert text == json.dumps(json.loads(text), ensure_ascii=False, sort_keys=True, separators=(",", ":")) + "\n"
    assert "包头" in text  # not \\u-escaped


def test_catalogue_under_a_prefix(mini_site_sub):
    data = load(mini_site_sub / "catalogue.json")
    assert data["base_path"] == "/sub/"
    for url in urls_in(data):
        assert url.startswith(f"{SITE_URL}/sub/")
        assert file_for(mini_site_sub, url, "/sub/").is_file()
