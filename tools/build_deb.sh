#!/usr/bin/env bash
# Package dist/nianbao (the PyInstaller one-folder bundle) as a .deb with dpkg-deb:
#   /opt/nianbao/…                     the bundle
#   /usr/bin/nianbao, nianbao-check    links into it
#   /usr/share/applications/nianbao.desktop and the icon, so the app is in the desktop's menu
#   /usr/share/doc/nianbao/copyright   the licences of the program and of what the bundle contains
# Depends: libc6 (>= the newest GLIBC_ version any file of the bundle needs, from tools/check_glibc.py),
# libstdc++6/libgcc-s1 (build.spec leaves them out of the bundle: the system's are new enough and must
# match the graphics drivers), and the system libraries Qt's xcb plugin needs.
# Usage: tools/build_deb.sh   (after `pyinstaller --noconfirm build.spec`); writes dist/nianbao_<version>_<arch>.deb
#   BUNDLE=dist/bullseye-arm64/nianbao DEB_ARCH=arm64 tools/build_deb.sh   (what tools/build_in_bullseye.sh runs)
set -euo pipefail
cd "$(dirname "$0")/.."
VERSION=$(sed -n 's/^version *= *"\([^"]*\)".*/\1/p' pyproject.toml | head -1)
ARCH=${DEB_ARCH:-$(dpkg --print-architecture)}
BUNDLE=${BUNDLE:-dist/nianbao}
OUTDIR=${OUTDIR:-dist}
[ -x "$BUNDLE/nianbao" ] || { echo "no bundle at $BUNDLE: run pyinstaller --noconfirm build.spec first" >&2; exit 1; }
GLIBC=$(python3 tools/check_glibc.py --print-version "$BUNDLE")
# libstdc++6 (>= 10) is Debian 11's (GCC 10: GLIBCXX_3.4.28); UOS/Kylin/Ubuntu 20.04 have it too
CXX=$(python3 tools/check_glibc.py "$BUNDLE" | sed -n 's/^newest GLIBCXX_ needed: GLIBCXX_3\.4\.\([0-9]*\).*/\1/p')
STDCXX="libstdc++6"; [ -n "$CXX" ] && [ "$CXX" -gt 25 ] && STDCXX="libstdc++6 (>= 10)"
[ -n "$CXX" ] && [ "$CXX" -gt 28 ] && STDCXX="libstdc++6 (>= 11)"
[ -n "$CXX" ] && [ "$CXX" -gt 29 ] && STDCXX="libstdc++6 (>= 12)"
ROOT=$(mktemp -d)
trap 'rm -rf "$ROOT"' EXIT
mkdir -p "$ROOT/DEBIAN" "$ROOT/opt" "$ROOT/usr/bin" "$ROOT/usr/share/applications" \
         "$ROOT/usr/share/icons/hicolor/256x256/apps" "$ROOT/usr/share/doc/nianbao"
cp -a "$BUNDLE" "$ROOT/opt/nianbao"
ln -s /opt/nianbao/nianbao "$ROOT/usr/bin/nianbao"
ln -s /opt/nianbao/nianbao-check "$ROOT/usr/bin/nianbao-check"
cp resources/icons/nianbao.png "$ROOT/usr/share/icons/hicolor/256x256/apps/nianbao.png"
# .docx and .pdf only: .txt/.md can be opened from the app, but 年报检查 is not offered for every text file
install -m 0644 packaging/nianbao.desktop "$ROOT/usr/share/applications/nianbao.desktop"
install -m 0644 packaging/copyright "$ROOT/usr/share/doc/nianbao/copyright"
SIZE=$(du -sk "$ROOT/opt" | cut -f1)
# system libraries the Qt xcb platform plugin, fontconfig and Qt Network need on a bare Debian/UOS/Kylin
# (build.spec's LINUX_SYSTEM_LIBS leaves exactly these out of the bundle)
# (libsm6/libice6: the arm64 Qt 6.8.0.2 xcb plugin links them; found by the offline check, see README)
cat > "$ROOT/DEBIAN/control" <<CONTROL
Package: nianbao
Version: $VERSION
Section: office
Priority: optional
Architecture: $ARCH
Installed-Size: $SIZE
Depends: libc6 (>= $GLIBC), $STDCXX, libgcc-s1 | libgcc1, libgl1, libegl1, libfontconfig1, libfreetype6, libglib2.0-0, libdbus-1-3, libxkbcommon0, libxkbcommon-x11-0, libx11-xcb1, libxcb1, libxcb-cursor0, libxcb-icccm4, libxcb-image0, libxcb-keysyms1, libxcb-randr0, libxcb-render-util0, libxcb-shape0, libxcb-xfixes0, libxcb-xinerama0, libxcb-xkb1, libsm6, libice6, libgssapi-krb5-2, libbrotli1, libzstd1, zlib1g, fonts-wqy-microhei | fonts-noto-cjk | fonts-wqy-zenhei
Maintainer: nianbao-checker team <nianbao@localhost>
Description: 年报检查 - 政府信息公开工作年度报告草稿检查工具
 Checks drafts of the government information disclosure annual report
 (.docx, .pdf, .txt) against the national format, offline.
CONTROL
chmod 0755 "$ROOT/DEBIAN"
mkdir -p "$OUTDIR"
OUT="$OUTDIR/nianbao_${VERSION}_${ARCH}.deb"
dpkg-deb --root-owner-group --build "$ROOT" "$OUT" >/dev/null
echo "$OUT"
