#!/usr/bin/env bash
# Lighthouse 12.2.3 on the real archive (content/) built under /gazette/ and served by Debian's nginx with
# README's recipe (gzip, cache headers): home, issue, longest document, search with results, a Chinese and a
# Mongolian document page, mobile and desktop presets. Prints one line per run; JSON reports stay in OUT.
#   cd /tmp/lh && npm i -E lighthouse@12.2.3        (once; LH=/tmp/lh/node_modules/.bin/lighthouse)
#   bash bench/lighthouse.sh /tmp/lh-out [python]
#   PAGES="search searchpf mndoc" PRESETS=mobile RUNS=3 bash bench/lighthouse.sh /tmp/lh-out   (a subset, n runs each)
# Timings are noisy on a shared machine: run it on an idle one, and more than once.
set -u
OUT=${1:?output folder}; PY=${2:-.venv/bin/python}; LH=${LH:-/tmp/lh/node_modules/.bin/lighthouse}
ROOT=$(cd "$(dirname "$0")/.." && pwd); OUT=$(mkdir -p "$OUT" && cd "$OUT" && pwd)
rm -rf "$OUT/www" "$OUT/temp"; mkdir -p "$OUT/www" "$OUT/temp"
(cd "$ROOT" && "$PY" build.py build --out "$OUT/www/gazette" --base-path /gazette/ -q) || exit 1
PORT=$((20000 + RANDOM % 30000))
SERVER=$("$PY" -c "import re,sys; t=open('$ROOT/README.md').read(); print(re.search(r'\`\`\`nginx\n(.*?)\`\`\`', t[t.index('## Hosting'):], re.S).group(1).replace('listen 80;', 'listen 127.0.0.1:$PORT;').replace('root /srv/www;', 'root $OUT/www;'))")
USER_LINE=""; [ "$(id -u)" = 0 ] && USER_LINE="user root;"
cat > "$OUT/nginx.conf" <<CONF
$USER_LINE daemon off; worker_processes 1; pid $OUT/nginx.pid; error_log $OUT/error.log;
events { worker_connections 64; }
http { include /etc/nginx/mime.types; default_type application/octet-stream; access_log off;
client_body_temp_path $OUT/temp/c; proxy_temp_path $OUT/temp/p; fastcgi_temp_path $OUT/temp/f; uwsgi_temp_path $OUT/temp/u; scgi_temp_path $OUT/temp/s;
$SERVER
}
CONF
/usr/sbin/nginx -p "$OUT" -c "$OUT/nginx.conf" & NGINX=$!
trap 'kill $NGINX 2>/dev/null; wait $NGINX 2>/dev/null' EXIT
sleep 1
BASE=http://127.0.0.1:$PORT/gazette
LONGEST=$(cd "$OUT/www/gazette" && ls -S [0-9]*/*/p*/index.html | head -1 | xargs dirname)
declare -A PAGES_URL=([home]="/" [issue]="/2023/01/" [longdoc]="/$LONGEST/" [search]="/search/?q=%E5%9C%9F%E5%9C%B0"
                       [searchpf]="/search/?q=%E8%90%A5%E5%95%86%E7%8E%AF%E5%A2%83"
                       [zhdoc]="/2023/01/p031/" [mndoc]="/mn/2023/01/p031/")
# searchpf (营商环境) matches no title: the worst case, answered by Pagefind's shards.
for name in ${PAGES:-home issue longdoc search searchpf zhdoc mndoc}; do
  for preset in ${PRESETS:-mobile desktop}; do
   for run in $(seq 1 "${RUNS:-1}"); do
    extra=(); [ "$preset" = desktop ] && extra=(--preset=desktop)
    json="$OUT/$name-$preset$([ "${RUNS:-1}" = 1 ] || echo "-$run").json"
    "$LH" "$BASE${PAGES_URL[$name]}" "${extra[@]}" --chrome-path=/usr/bin/chromium --chrome-flags="--headless --no-sandbox" \
      --output=json --output-path="$json" --quiet >/dev/null 2>&1
    "$PY" - "$json" <<'PYEOF'
import json, os, sys
r = json.load(open(sys.argv[1])); a = r["audits"]; c = r["categories"]
d = a["mainthread-work-breakdown"].get("details"); mt = {i["group"]: round(i["duration"]) for i in d["items"]} if d else {}
s = lambda k: round((c[k]["score"] or 0) * 100)
print(f"{os.path.basename(sys.argv[1])[:-5]:15} {s('performance'):3} / {s('accessibility'):3} / {s('best-practices'):3} / {s('seo'):3}"
      f"  LCP {a['largest-contentful-paint']['numericValue']:5.0f} ms  TBT {a['total-blocking-time']['numericValue']:4.0f} ms"
      f"  CLS {a['cumulative-layout-shift']['numericValue']:.3f}  style+layout {mt.get('styleLayout', 0)} ms")
PYEOF
   done
  done
done
