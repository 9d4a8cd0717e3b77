"""Checks across issues, run once every folder parsed without error: the numbering of the issues, the dates,
unique 文号, and the recorded relations between documents (gazette/content/relations.py)."""

from __future__ import annotations

from ..core.errors import Diagnostic, error
from .config import Config
from .docnumber import parse_doc_number
from .model import Issue
from .relations import check_relations
from .text_file import line_of_key


def check_archive(config: Config, issues: list[Issue], out: list[Diagnostic]) -> None:
    """总第N期 rises by one, 第N期 runs 1, 2, … per year, 文号 are unique, relations point somewhere.
    Sorts `issues` by year and number."""
    issues.sort(key=lambda i: (i.year, i.number))
    _check_sequence(config, issues, out)
    _check_numbers_per_year(config, issues, out)
    _check_unique_doc_numbers(config, issues, out)
    out.extend(check_relations(issues))


def _check_sequence(config: Config, issues: list[Issue], out: list[Diagnostic]) -> None:
    for prev, cur in zip(issues, issues[1:]):
        if cur.serial != prev.serial + 1:
            out.append(error(cur.path, line_of_key(config, cur.path, "serial"), f"总期号（serial）应为 {prev.serial + 1}（上一期 {prev.path} 为总第{prev.serial}期），实为 {cur.serial} serial must be {prev.serial + 1} (one more than {prev.path}), got {cur.serial}"))
        if cur.published_on < prev.published_on:
            out.append(error(cur.path, line_of_key(config, cur.path, "published_on"), f"出版日期（published_on）{cur.published_on} 早于上一期 {prev.published_on} published_on is before the previous issue's"))


def _check_numbers_per_year(config: Config, issues: list[Issue], out: list[Diagnostic]) -> None:
    """The first gap in each year is reported (the later numbers all follow from it)."""
    by_year: dict[int, list[Issue]] = {}
    for i in issues:
        by_year.setdefault(i.year, []).append(i)
    for year, group in by_year.items():
        for expected, issue in enumerate(group, 1):
            if issue.number != expected:
                out.append(error(issue.path, line_of_key(config, issue.path, "number"), f"{year}年的期号应依次为 1、2、…，此处应为第{expected}期，实为第{issue.number}期 issue numbers in {year} must run 1, 2, …: expected {expected}, got {issue.number}"))
                break


def _check_unique_doc_numbers(config: Config, issues: list[Issue], out: list[Diagnostic]) -> None:
    seen: dict[str, str] = {}
    for issue in issues:
        for doc in issue.documents:
            if doc.doc_number is None:
                continue
            number = parse_doc_number(doc.doc_number).slug  # 9号 and 09号 share one permalink: one document only
            if number in seen:
                out.append(error(doc.text.source_path, line_of_key(config, doc.text.source_path, "doc_number"), f"文号（doc_number）{doc.doc_number} 重复，已用于 {seen[number]} duplicate doc_number {doc.doc_number}, already used by {seen[number]}"))
            else:
                seen[number] = doc.text.source_path
