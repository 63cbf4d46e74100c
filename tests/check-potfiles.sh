#!/usr/bin/env bash
# Every source file with translatable strings must be listed in po/POTFILES.in,
# and every listed file must exist.
set -u
top="$1"
cd "$top"
status=0
mapfile -t listed < <(grep -v '^#' po/POTFILES.in | sed '/^\s*$/d')
for f in "${listed[@]}"; do
  if [ ! -f "$f" ]; then
    echo "po/POTFILES.in lists $f, which does not exist"
    status=1
  fi
done
while IFS= read -r f; do
  found=0
  for l in "${listed[@]}"; do
    [ "$l" = "$f" ] && found=1
  done
  if [ $found -eq 0 ]; then
    echo "$f has translatable strings but is missing from po/POTFILES.in"
    status=1
  fi
done < <(grep -rlE '(^|[^A-Za-z0-9_])(N?_|C_|NC_|g_dngettext|ngettext)\(|translatable="yes"' \
           --include='*.c' --include='*.ui' --include='*.desktop.in' --include='*.metainfo.xml.in' \
           --include='*.gschema.xml' app backend ui data 2>/dev/null | sort)
if [ $status -eq 0 ]; then
  echo "po/POTFILES.in is complete (${#listed[@]} files)"
fi
exit $status
