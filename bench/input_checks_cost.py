#!/usr/bin/env python3
"""What the input checks of issue 19 cost on an archive (bench/make_archive.py): reading each file as a regular
file (gazette/content/regular.py), the control-character scan (gazette/core/textcheck.py) and the YAML bounds pre-check
(gazette/content/frontmatter.py), next to the front-matter parse they guard. Best of three runs, in milliseconds.

    python bench/make_archive.py --docs 3000 --out /dev/shm/a3000/content
    python bench/input_checks_cost.py /dev/shm/a3000/content
"""

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from gazette.content.frontmatter import MAX_DEPTH, _check_bounds, _structure_count, split_front_matter  # noqa: E402
from gazette.content.regular import read_regular  # noqa: E402
from gazette.core.textcheck import bad_lines  # noqa: E402


def best(fn) -> float:
    times = []
    for _ in range(3):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times) * 1e3


def main() -> None:
    content = Path(sys.argv[1])
    files = sorted(content.glob("*/*/*.md")) + sorted(content.glob("*/*/issue.yaml"))
    texts = [p.read_text(encoding="utf-8") for p in files]
    front = [t.split("---")[1] for t in texts if t.startswith("---")]
    scanned = sum(1 for t in front if "&" in t or "*" in t or _structure_count(t) > MAX_DEPTH)
    print(f"{len(files)} files, {sum(map(len, texts)) / 1e6:.1f} M characters")
    print(f"read_bytes {best(lambda: [p.read_bytes() for p in files]):.0f} ms; read_regular {best(lambda: [read_regular(p) for p in files]):.0f} ms")
    print(f"control-character scan {best(lambda: [bad_lines(t) for t in texts]):.0f} ms")
    print(f"YAML bounds pre-check {best(lambda: [_check_bounds(t, 1) for t in front]):.0f} ms ({scanned} of {len(front)} front matters event-scanned)")
    print(f"front-matter parse (for scale) {best(lambda: [split_front_matter(t) for t in texts if t.startswith('---')]):.0f} ms")


if __name__ == "__main__":
    main()
