#!/usr/bin/env bash
# Screenshots of every page and the main dialogs at the common county laptop screens, at 100% and
# 125% scaling, in both languages, under Xvfb (apt-get install xvfb).
# Run by hand: scripts/screenshots.sh [DB] [OUT]   (SCALES="1 1.25" and SIZES="1366x768 1280x720" by default)
# Then open the PNGs. Also prints the database calls still made on the GUI thread.
set -euo pipefail
cd "$(dirname "$0")/.."
db=${1:-demo/yimi-demo.db}
out=${2:-shots}
[ -f "$db" ] || make demo
display=97
for size in ${SIZES:-1366x768 1280x720}; do
  Xvfb :$display -screen 0 ${size}x24 -nolisten tcp >/dev/null 2>&1 &
  xvfb=$!
  sleep 1
  kill -0 $xvfb 2>/dev/null || { echo "Xvfb could not start on :$display (another one still running? pkill Xvfb)"; exit 1; }
  for scale in ${SCALES:-1 1.25}; do
    for lang in zh en; do
      echo "== $size at ${scale}x, $lang"
      DISPLAY=:$display QT_QPA_PLATFORM=xcb QT_SCALE_FACTOR=$scale .venv/bin/python scripts/screenshots.py \
        --db "$db" --out "$out/$size@$scale" --lang "$lang"
    done
  done
  kill $xvfb; wait $xvfb 2>/dev/null || true
done
echo "screenshots in $out/"
