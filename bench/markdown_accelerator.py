"""Can markdown-it-pyrs stand in for markdown-it-py? (issue 20) Every body of a content tree rendered three ways
in one process: our renderer (gazette/content/markdown.py: markdown-it-py with the site's rules), plain
markdown-it-py (CommonMark + tables + strikethrough, no rules of ours) and markdown-it-pyrs with the same
options; CPU time of each (median of --runs) and how many bodies come out byte-identical.

markdown-it-pyrs is not a dependency of the project; install it beside, e.g.

    .venv/bin/pip install --target /tmp/pyrs markdown-it-pyrs==0.4.0
    .venv/bin/python bench/markdown_accelerator.py /tmp/arch1000 --pyrs-path /tmp/pyrs [--runs 3]
"""

from __future__ import annotations

import argparse
import re
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

_FRONT_MATTER = re.compile(r"\A---\n.*?\n---\n", re.S)


def bodies(content: Path) -> list[str]:
    """The Markdown bodies (front matter cut off) of every document, Chinese and Mongolian, in path order."""
    return [_FRONT_MATTER.sub("", p.read_text(encoding="utf-8"), count=1) for p in sorted(content.glob("*/*/p*.md"))]


def timed(render, texts: list[str], runs: int) -> tuple[float, list[str]]:
    times, out = [], []
    for _ in range(runs):
        start = time.process_time()
        out = [render(t) for t in texts]
        times.append(time.process_time() - start)
    return statistics.median(times), out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("content", type=Path)
    parser.add_argument("--pyrs-path", help="a folder holding markdown_it_pyrs (pip install --target)")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args(argv)
    if args.pyrs_path:
        sys.path.insert(0, args.pyrs_path)
    try:
        import markdown_it_pyrs
    except ImportError:
        print("markdown_it_pyrs is not installed: see this script's docstring", file=sys.stderr)
        return 1
    from markdown_it import MarkdownIt

    from gazette.content.config import load_config
    from gazette.content.markdown import make_markdown, render_markdown

    config, _ = load_config(ROOT, None, args.content)
    texts = bodies(args.content)
    if not texts:
        print(f"no documents under {args.content}", file=sys.stderr)
        return 1
    ours_md = make_markdown(frozenset(config.agencies))
    plain = MarkdownIt("commonmark", {"html": True}).enable(["table", "strikethrough"])
    fast = markdown_it_pyrs.MarkdownIt("commonmark").enable_many(["table", "strikethrough"])
    ours_s, ours = timed(lambda t: str(render_markdown(ours_md, t).html), texts, args.runs)
    plain_s, plain_out = timed(plain.render, texts, args.runs)
    fast_s, fast_out = timed(fast.render, texts, args.runs)
    same_plain = sum(a == b for a, b in zip(plain_out, fast_out, strict=True))
    same_ours = sum(a == b for a, b in zip(ours, fast_out, strict=True))
    print(f"{len(texts)} bodies, {sum(map(len, texts)) / 1e6:.1f} M characters; CPU seconds, median of {args.runs} runs")
    print(f"{'renderer':34} {'CPU s':>7} {'× ours':>7}")
    for name, seconds in (("ours (markdown-it-py + site rules)", ours_s), ("markdown-it-py, plain", plain_s),
                          (f"markdown-it-pyrs {getattr(markdown_it_pyrs, '__version__', '')}, plain", fast_s)):
        print(f"{name:34} {seconds:7.2f} {seconds / ours_s:7.3f}")
    print(f"markdown-it-pyrs identical to plain markdown-it-py: {same_plain} of {len(texts)}")
    print(f"markdown-it-pyrs identical to ours:                 {same_ours} of {len(texts)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
