#!/usr/bin/env bash
# Set up a fresh Debian 12 machine for Fax Manager, build it, and either
# launch the application or run every test.
#
#   bash tests/bootstrap.sh run    install what is missing, build, launch fax-manager
#   bash tests/bootstrap.sh test   install what is missing, build, run the whole suite
#                                  (a normal build and an ASan+UBSan build)
#
# Builds go to _build/ and _build-asan/ in the source tree.
set -euo pipefail

mode="${1:-}"
case "$mode" in
  run|test) ;;
  *) echo "usage: bash tests/bootstrap.sh run|test" >&2; exit 2 ;;
esac

top="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$top"

# Packages, one list per purpose (Debian 12 names)
build_pkgs=(gcc pkg-config meson ninja-build gettext
  libglib2.0-dev libglib2.0-dev-bin libjson-glib-dev libgudev-1.0-dev
  libgtk-4-dev libadwaita-1-dev libspandsp-dev libtiff-dev
  libpoppler-glib-dev libcairo2-dev libpango1.0-dev libgdk-pixbuf-2.0-dev
  libsecret-1-dev)
run_pkgs=(dbus cups-client xdg-utils)
test_pkgs=(xvfb xauth dbus desktop-file-utils appstream efax
  libtiff-tools imagemagick poppler-utils tesseract-ocr tesseract-ocr-eng
  clang libclang-rt-14-dev hylafax-server gnome-keyring)

want=("${build_pkgs[@]}" "${run_pkgs[@]}")
if [ "$mode" = test ]; then
  want+=("${test_pkgs[@]}")
fi

missing=()
for p in "${want[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

if [ ${#missing[@]} -gt 0 ]; then
  echo "Installing missing Debian packages: ${missing[*]}"
  sudo_cmd=()
  if [ "$(id -u)" -ne 0 ]; then
    sudo_cmd=(sudo)
  fi
  "${sudo_cmd[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

build () {
  local dir="$1"; shift
  if [ ! -f "$dir/build.ninja" ]; then
    meson setup "$dir" "$@"
  fi
  meson compile -C "$dir"
}

if [ "$mode" = run ]; then
  build _build
  if [ -z "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ]; then
    echo "No graphical display found (DISPLAY and WAYLAND_DISPLAY are unset): run this from a desktop session." >&2
    exit 1
  fi
  args=()
  # With no fax modem on this machine (no port at all, or ports that do not
  # answer as a fax modem, such as a serial port with nothing on it), start
  # on the virtual fax line. The probe asks each port who it is (AT commands).
  if _build/app/faxctl probe --json 2>/dev/null | python3 -c '
import json, sys
ports = json.load (sys.stdin)
sys.exit (0 if any (p.get ("fax_classes") and p.get ("state") == "available" for p in ports) else 1)'; then
    echo "Fax modem found: starting Fax Manager on it."
  else
    echo "No fax modem answered: starting Fax Manager on the virtual fax line."
    args+=(--virtual-line)
  fi
  exec _build/app/fax-manager "${args[@]}"
fi

# test
build _build
build _build-asan -Db_sanitize=address,undefined -Db_lundef=false -Dbuildtype=debug

run_suite () {
  local dir="$1"
  echo "=== Test suite: $dir ==="
  # GUI tests need a display and a session bus; give the whole suite both
  dbus-run-session -- xvfb-run -a -s "-screen 0 1280x1024x24 -nolisten tcp" \
    meson test -C "$dir" --print-errorlogs --num-processes 2 || true
}

run_suite _build
run_suite _build-asan

python3 - _build _build-asan <<'PY'
import json, sys
passed = failed = skipped = 0
failures = []
for d in sys.argv[1:]:
    try:
        lines = open(f"{d}/meson-logs/testlog.json").read().splitlines()
    except OSError:
        print(f"{d}: no test log", file=sys.stderr)
        failed += 1
        continue
    for line in lines:
        if not line.strip():
            continue
        r = json.loads(line)
        if r["result"] in ("OK", "EXPECTEDFAIL"):
            passed += 1
        elif r["result"] == "SKIP":
            skipped += 1
            print(f"skipped: {d}: {r['name']}")
        else:
            failed += 1
            failures.append((d, r))
for d, r in failures:
    # The end of a failed test's output: where it stopped, and the last
    # log lines it printed as it died (tests/fax-test-util.c)
    out = (r.get("stdout") or "") + (r.get("stderr") or "")
    tail = out.rstrip("\n").splitlines()[-12:]
    print(f"--- {d}: {r['name']} ({r['result']}), the end of its output:", file=sys.stderr)
    for line in tail:
        print(f"    {line[:300]}", file=sys.stderr)
for d, r in failures:
    print(f"FAILED: {d}: {r['name']} ({r['result']})", file=sys.stderr)
if skipped:
    print(f"({skipped} skipped)")
print(f"{passed} passed, {failed} failed")
sys.exit(1 if failed else 0)
PY
