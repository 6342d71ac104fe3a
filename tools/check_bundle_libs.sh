#!/bin/sh
# List the shared libraries that the ELF files of an installed bundle need and the system lacks:
#   sh tools/check_bundle_libs.sh /opt/nianbao      (run on the target system; exit 1 if any)
# The bundle's own folders are on the search path the way the PyInstaller bootloader sets it.
# Plugins for what the app does not use on that system may be listed as "optional" (Wayland,
# EGL device integrations); the xcb platform plugin and the libraries the app loads may not.
B=${1:-/opt/nianbao}
I="$B/_internal"
LD_LIBRARY_PATH="$I:$I/PySide6/Qt/lib:$I/PySide6:$I/shiboken6"
export LD_LIBRARY_PATH
bad=0; optional=0; n=0
out=$(mktemp)
find "$B" -type f \( -name '*.so*' -o -perm -u+x \) | while read -r f; do
  [ "$(head -c4 "$f" | od -An -c | tr -d ' ')" = '177ELF' ] || continue
  missing=$(ldd "$f" 2>/dev/null | sed -n 's/^[[:space:]]*\([^ ]*\) => not found.*/\1/p' | tr '\n' ' ')
  echo "x $f" >>"$out"
  [ -n "$missing" ] || continue
  case "$f" in
    */wayland*|*/egldeviceintegrations/*|*/libqwayland*|*/platforms/libqeglfs*|*/platforms/libqlinuxfb*|*/platforms/libqvnc*|*/platforms/libqvkkhrdisplay*|*/libQt6Wayland*|*/libQt6EglFs*)
      echo "optional $f: $missing" >>"$out" ;;
    *) echo "MISSING $f: $missing" >>"$out" ;;
  esac
done
n=$(grep -c '^x ' "$out" || true)
grep '^optional ' "$out" | sed "s|$B/||" || true
if grep -q '^MISSING ' "$out"; then
  grep '^MISSING ' "$out" | sed "s|$B/||"
  echo "$n ELF files checked: libraries missing (above)"; rm -f "$out"; exit 1
fi
echo "$n ELF files checked: every library they need is installed or in the bundle"
rm -f "$out"
