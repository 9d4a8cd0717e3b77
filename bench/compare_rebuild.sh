#!/bin/bash
# The command-line rebuild after editing one document, for several trees of this project side by side (issue 20):
# each tree makes a cold `--no-search` build of CONTENT into /tmp/bench-rebuild/site-<tree>, then RUNS rounds
# of (append one sentence to DOC; rebuild with every tree, one after the other), so every tree sees the same
# edits on the same machine state. DOC is restored at the end. Prints wall/user/sys seconds and peak RSS (KiB)
# per build, and what the build says it rendered.
#
#   git worktree add /tmp/t-old <commit> && ln -s $PWD/.venv /tmp/t-old/.venv
#   python3 bench/make_archive.py --docs 10000 --out /tmp/a10k
#   bash bench/compare_rebuild.sh /tmp/a10k /tmp/a10k/2090/05/p001.md 3 /tmp/t-old $PWD
set -euo pipefail
content=$1; doc=$2; runs=$3; shift 3
out=/tmp/bench-rebuild; mkdir -p "$out"
cp "$doc" "$out/original.md"
trap 'cp "$out/original.md" "$doc"' EXIT
build() {  # tree label
    local t=$1 n; n=$(basename "$1")
    (cd "$t" && /usr/bin/time -f "$n $2 wall %e user %U sys %S rss %M" .venv/bin/python build.py build \
        --content "$content" --out "$out/site-$n" --no-search -v >"$out/log-$n" 2>"$out/err-$n") || { tail -5 "$out/err-$n"; exit 1; }
    tail -1 "$out/err-$n"
    grep -ho "[0-9]* 个重新生成 made, [0-9]* 个未变 unchanged" "$out/log-$n" "$out/err-$n" | head -1 || true
}
for t in "$@"; do
    rm -rf "$out/site-$(basename "$t")" "$t/.cache/parse" "$t/.cache/render" "$t/.cache/font"
    build "$t" cold
done
for r in $(seq "$runs"); do
    cp "$out/original.md" "$doc"
    printf '\n\n编辑测试第%d次。\n' "$r" >> "$doc"
    for t in "$@"; do build "$t" "edit$r"; done
done
