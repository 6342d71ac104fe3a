#!/usr/bin/env bash
# Package dist/nianbao (the PyInstaller one-folder bundle) as a .deb with dpkg-deb:
#   /opt/nianbao/…                     the bundle
#   /usr/bin/nianbao, nianbao-check    links into it
#   /usr/share/applications/nianbao.desktop and the icon, so the app is in the desktop's menu
# Usage: tools/build_deb.sh   (after `pyinstaller --noconfirm build.spec`); writes dist/nianbao_<version>_<arch>.deb
set -euo pipefail
cd "$(dirname "$0")/.."
VERSION=$(sed -n 's/^version *= *"\([^"]*\)".*/\1/p' pyproject.toml | head -1)
ARCH=$(dpkg --print-architecture)
BUNDLE=${BUNDLE:-dist/nianbao}
OUTDIR=${OUTDIR:-dist}
[ -x "$BUNDLE/nianbao" ] || { echo "no bundle at $BUNDLE: run pyinstaller --noconfirm build.spec first" >&2; exit 1; }
ROOT=$(mktemp -d)
trap 'rm -rf "$ROOT"' EXIT
mkdir -p "$ROOT/DEBIAN" "$ROOT/opt" "$ROOT/usr/bin" "$ROOT/usr/share/applications" \
         "$ROOT/usr/share/icons/hicolor/256x256/apps"
cp -a "$BUNDLE" "$ROOT/opt/nianbao"
ln -s /opt/nianbao/nianbao "$ROOT/usr/bin/nianbao"
ln -s /opt/nianbao/nianbao-check "$ROOT/usr/bin/nianbao-check"
cp resources/icons/nianbao.png "$ROOT/usr/share/icons/hicolor/256x256/apps/nianbao.png"
cat > "$ROOT/usr/share/applications/nianbao.desktop" <<DESKTOP
[Desktop Entry]
Type=Application
Name=年报检查
Name[zh_CN]=年报检查
GenericName=政府信息公开年度报告检查
Comment=检查政府信息公开工作年度报告草稿是否符合统一格式
Exec=/opt/nianbao/nianbao %f
Icon=nianbao
Terminal=false
Categories=Office;
MimeType=application/vnd.openxmlformats-officedocument.wordprocessingml.document;application/pdf;text/plain;
Keywords=年报;政府信息公开;检查;
DESKTOP
SIZE=$(du -sk "$ROOT/opt" | cut -f1)
# system libraries the Qt xcb platform plugin and fontconfig need on a bare Debian/UOS/Kylin
cat > "$ROOT/DEBIAN/control" <<CONTROL
Package: nianbao
Version: $VERSION
Section: office
Priority: optional
Architecture: $ARCH
Installed-Size: $SIZE
Depends: libc6, libgl1, libegl1, libfontconfig1, libfreetype6, libglib2.0-0, libdbus-1-3, libxkbcommon0, libxkbcommon-x11-0, libx11-xcb1, libxcb1, libxcb-cursor0, libxcb-icccm4, libxcb-image0, libxcb-keysyms1, libxcb-randr0, libxcb-render-util0, libxcb-shape0, libxcb-xfixes0, libxcb-xinerama0, libxcb-xkb1, fonts-wqy-microhei | fonts-noto-cjk | fonts-wqy-zenhei
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
