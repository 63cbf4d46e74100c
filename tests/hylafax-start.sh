#!/usr/bin/env bash
# Starts a private HylaFAX (faxq + hfaxd, optionally faxgetty on a modem
# device) for the tests, against a throw-away copy of Debian's spool.
#
#   hylafax-start.sh SPOOL PORT [MODEM_DEVICE]
#
# SPOOL must not exist yet. hfaxd listens on 127.0.0.1:PORT. Access
# (etc/hosts.hfaxd): user "faxuser" with password "secret" (no admin
# rights), user "faxadmin" with password "adminpw" and admin password
# "adminpw"; nobody else. Received faxes are written mode 0644 so that
# ordinary clients may fetch them.
#
# Prints "PIDS <faxq> <hfaxd> [<faxgetty>]" on success. Exit status 77
# when HylaFAX is not installed or this is not root (hfaxd and faxq
# switch to the uucp user).
set -euo pipefail

spool="$1"
port="$2"
modem="${3:-}"

for tool in /usr/sbin/faxq /usr/sbin/hfaxd; do
  if [ ! -x "$tool" ]; then
    echo "HylaFAX is not installed ($tool is missing; apt-get install hylafax-server)" >&2
    exit 77
  fi
done
if [ "$(id -u)" -ne 0 ]; then
  echo "a private HylaFAX server needs root (faxq and hfaxd change to the uucp user)" >&2
  exit 77
fi

cp -a /var/spool/hylafax "$spool"
cp -a /etc/hylafax/. "$spool/etc/"

hash () {
  perl -e 'print crypt($ARGV[0], "\$6\$" . join("", map { ("a".."z")[rand 26] } 1..12) . "\$")' "$1"
}
user_hash="$(hash secret)"
admin_hash="$(hash adminpw)"
cat > "$spool/etc/hosts.hfaxd" <<EOF
^faxuser@127\.0\.0\.1\$:1001:${user_hash}
^faxuser@localhost\$:1001:${user_hash}
^faxadmin@127\.0\.0\.1\$:1002:${admin_hash}:${admin_hash}
^faxadmin@localhost\$:1002:${admin_hash}:${admin_hash}
EOF
chown uucp:uucp "$spool/etc/hosts.hfaxd"
chmod 600 "$spool/etc/hosts.hfaxd"

# No mail from the test server (faxq runs notify for every finished job)
for script in notify faxrcvd pollrcvd; do
  printf '#!/bin/sh\nexit 0\n' > "$spool/bin/$script"
  chmod 755 "$spool/bin/$script"
done

cat >> "$spool/etc/config" <<EOF
JobReqNoAnswer:	60
EOF

pids=()
/usr/sbin/faxq -q "$spool" -D > "$spool/faxq.out" 2>&1 &
pids+=($!)
/usr/sbin/hfaxd -q "$spool" -d -l 127.0.0.1 -i "$port" > "$spool/hfaxd.out" 2>&1 &
pids+=($!)

if [ -n "$modem" ]; then
  devid="$(echo "${modem#/dev/}" | tr / _)"
  {
    cat "$spool/config/skel" "$spool/config/class1"
    cat <<EOF
ModemType:		Class1
Class1Cmd:		AT+FCLASS=1
ModemRate:		19200
ModemFlowControl:	none
FAXNumber:		+49.30.5550100
LocalIdentifier:	"HylaFAX test"
CountryCode:		49
AreaCode:		30
RecvFileMode:		0644
DeviceMode:		0666
RingsBeforeAnswer:	1
EOF
  } > "$spool/etc/config.$devid"
  /usr/sbin/faxgetty -q "$spool" "$modem" > "$spool/faxgetty.out" 2>&1 &
  pids+=($!)
fi

# hfaxd answers once it listens
for _ in $(seq 1 100); do
  if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
    echo "PIDS ${pids[*]}"
    exit 0
  fi
  sleep 0.1
done
echo "hfaxd did not start listening on 127.0.0.1:$port; see $spool/hfaxd.out" >&2
kill "${pids[@]}" 2>/dev/null || true
exit 1
