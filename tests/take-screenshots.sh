#!/usr/bin/env bash
# Takes the AppStream screenshots (data/screenshots/) of the real application
# from the build tree, under Xvfb, in a private environment. Run by hand:
#
#   bash tests/take-screenshots.sh [BUILD_DIR] [OUT_DIR]
#
# Needs xvfb-run, xdotool and ImageMagick's import.
set -euo pipefail

top="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build="$(cd "${1:-$top/_build}" && pwd)"
out="$(mkdir -p "${2:-$top/data/screenshots}" && cd "${2:-$top/data/screenshots}" && pwd)"

for tool in xvfb-run xdotool import; do
  command -v "$tool" >/dev/null || { echo "$tool is missing (apt-get install xvfb xdotool imagemagick)" >&2; exit 1; }
done

tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp/config" "$tmp/data" "$tmp/cache" "$tmp/runtime"
chmod 700 "$tmp/runtime"

export XDG_CONFIG_HOME="$tmp/config" XDG_DATA_HOME="$tmp/data" XDG_CACHE_HOME="$tmp/cache"
export XDG_RUNTIME_DIR="$tmp/runtime" GSETTINGS_BACKEND=memory
export GSETTINGS_SCHEMA_DIR="$build/data" FAX_MANAGER_NO_UDEV=1 NO_AT_BRIDGE=1 GSK_RENDERER=cairo
export APP="$build/app/fax-manager" OUT="$out"

# The screen is the size of the main window, so the root window is the shot
xvfb-run -a -s "-screen 0 960x640x24 -nolisten tcp" bash -euc '
  # Without modems: the empty page
  "$APP" & pid=$!
  sleep 4
  import -window root "$OUT/empty.png"
  kill $pid; wait $pid || true

  # The virtual line, then its editor (Ctrl+E)
  "$APP" --virtual-line & pid=$!
  sleep 4
  xdotool mousemove 480 320 click 1
  sleep 0.5
  import -window root "$OUT/ports.png"
  xdotool key --clearmodifiers ctrl+e
  sleep 2
  editor=$(xdotool search --onlyvisible --name "^Edit Port$" | head -1)
  import -window "$editor" "$OUT/port-editor.png"
  kill $pid; wait $pid || true
'
echo "Screenshots in $out"
