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

# The tests whose last run in build directory $1 (log $2) did not pass,
# one name a line, as meson test takes them
failed_tests () {
  python3 - "$1/meson-logs/$2.json" <<'PY'
import json, sys
try:
    lines = open(sys.argv[1]).read().splitlines()
except OSError:
    sys.exit(0)
for line in lines:
    if line.strip():
        r = json.loads(line)
        if r["result"] not in ("OK", "EXPECTEDFAIL", "SKIP"):
            print(r["name"].split(" / ", 1)[-1])
PY
}

# GUI tests need a display and a session bus; each run of the suite gets both
in_session () {
  dbus-run-session -- xvfb-run -a -s "-screen 0 1280x1024x24 -nolisten tcp" "$@"
}

run_suite () {
  local dir="$1"
  local again
  echo "=== Test suite: $dir ==="
  in_session meson test -C "$dir" --print-errorlogs --num-processes 2 || true

  # A test that failed runs once more, on its own, with its own log: a
  # shared machine can stall a real-time fax call now and then. The
  # summary names every test that failed its first run, with the end of
  # that run's output, whatever the second run did.
  mapfile -t again < <(failed_tests "$dir" testlog)
  rm -f "$dir/meson-logs/testlog-again.json"
  if [ ${#again[@]} -gt 0 ]; then
    echo "=== $dir: running again: ${again[*]} ==="
    in_session meson test -C "$dir" --print-errorlogs --num-processes 1 --no-rebuild \
      --logbase testlog-again "${again[@]}" || true
  fi
}

run_suite _build
run_suite _build-asan

python3 - _build _build-asan <<'PY'
import json, sys

def results(path):
    try:
        lines = open(path).read().splitlines()
    except OSError:
        return None
    return [json.loads(line) for line in lines if line.strip()]

def tail(r):
    out = (r.get("stdout") or "") + (r.get("stderr") or "")
    return out.rstrip("\n").splitlines()[-12:]

passed = failed = skipped = 0
failures = []
flaky = []
for d in sys.argv[1:]:
    first = results(f"{d}/meson-logs/testlog.json")
    if first is None:
        print(f"{d}: no test log", file=sys.stderr)
        failed += 1
        continue
    again = {r["name"]: r for r in results(f"{d}/meson-logs/testlog-again.json") or []}
    for r in first:
        if r["result"] in ("OK", "EXPECTEDFAIL"):
            passed += 1
        elif r["result"] == "SKIP":
            skipped += 1
            print(f"skipped: {d}: {r['name']}")
        elif again.get(r["name"], {}).get("result") in ("OK", "EXPECTEDFAIL"):
            passed += 1
            flaky.append((d, r))
        else:
            failed += 1
            failures.append((d, again.get(r["name"], r)))
# The end of each failed run's output: where it stopped, and the last log
# lines it printed as it died (tests/fax-test-util.c)
for d, r in flaky:
    print(f"--- {d}: {r['name']} failed its first run ({r['result']}) and passed when run again; the end of the first run:", file=sys.stderr)
    for line in tail(r):
        print(f"    {line[:300]}", file=sys.stderr)
for d, r in failures:
    print(f"--- {d}: {r['name']} ({r['result']}), the end of its output:", file=sys.stderr)
    for line in tail(r):
        print(f"    {line[:300]}", file=sys.stderr)
for d, r in flaky:
    print(f"FLAKY: {d}: {r['name']} ({r['result']} the first time, passed the second)", file=sys.stderr)
for d, r in failures:
    print(f"FAILED: {d}: {r['name']} ({r['result']})", file=sys.stderr)
if skipped:
    print(f"({skipped} skipped)")
if flaky:
    print(f"({len(flaky)} passed only when run a second time)")
print(f"{passed} passed, {failed} failed")
sys.exit(1 if failed else 0)
PY
