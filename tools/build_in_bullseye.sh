#!/usr/bin/env bash
# Build the Linux bundle and .deb inside a Debian 11 (bullseye, glibc 2.31) root, so that every
# binary in it runs on glibc 2.31 and newer (银河麒麟 V10, UOS on 2.31+, Debian 11+, Ubuntu 20.04+).
#
#   sudo tools/build_in_bullseye.sh            # x86-64: dist/nianbao_<version>_amd64.deb
#   sudo tools/build_in_bullseye.sh arm64      # arm64: a Debian 11 arm64 root run under qemu-user-static
#                                              # (CPython cross-compiled in the x86-64 root; still slow)
#
# Steps (each kept and skipped the next time when already done):
#   1. a minimal bullseye root with debootstrap (kept pristine; copies of it are the clean roots)
#   2. a build root: a copy with a C compiler, and CPython 3.11 compiled there from Debian's own
#      source package (bookworm's python3.11 with Debian's security fixes applied; bullseye has only
#      3.9, the project needs >= 3.10, and neither bullseye-backports nor PyPI has a CPython build)
#   3. a venv with PySide6 $PYSIDE_VERSION (wheels that need glibc <= 2.28 on x86-64, 2.31 on arm64;
#      QtPdf comes from PySide6-Addons there) and the project's other dependencies, from PyPI
#   4. PyInstaller on build.spec inside the root -> dist/bullseye-<arch>/nianbao
#   5. tools/check_glibc.py on the bundle (fails above GLIBC_2.31)
#   6. the self-test inside a fresh clean Debian 11 root (nothing installed but the bundle)
#   7. the .deb (tools/build_deb.sh) and, in another fresh clean root, `apt-get install ./….deb`
#      then nianbao --version, --self-test, nianbao-check on the sample (a non-root user, a Chinese
#      file name), a missing-library scan of every ELF file, the GUI offscreen and under Xvfb with a
#      PDF open (its log must have no ERROR), and `nianbao` with no display
# Environment: NB_ROOTS, MIRROR (see tools/bullseye_lib.sh), PYSIDE_VERSION
#   (6.8.3 on x86-64, 6.8.0.2 on arm64), SKIP_DEB_CHECK=1 to stop after the .deb.
set -euo pipefail
cd "$(dirname "$0")/.."
SRC=$PWD
ARCH=${1:-$(dpkg --print-architecture)}
QEMU_ARCH=$(case "$ARCH" in amd64) echo x86_64 ;; arm64) echo aarch64 ;; *) echo "$ARCH" ;; esac)
. tools/bullseye_lib.sh
# 6.8.3 has manylinux_2_28 x86-64 wheels; the last PySide6 with manylinux_2_31 aarch64 wheels is 6.8.0.2
PYSIDE_VERSION=${PYSIDE_VERSION:-$([ "$ARCH" = arm64 ] && echo 6.8.0.2 || echo 6.8.3)}
PY_SRC_SUITE=bookworm PY_SRC_PKG=python3.11 PY=/opt/python3.11/bin/python3.11
OUT="dist/bullseye-$ARCH"
need_tools "$ARCH"
START=$(date +%s)

# ---- 1 + 2: the build root
BUILD="$NB_ROOTS/$SUITE-$ARCH-build"
if [ ! -e "$BUILD/.nianbao-build-ok" ]; then
  base_root "$ARCH" >/dev/null
  if [ ! -e "$BUILD/.nianbao-tools-ok" ]; then
    say "build root $BUILD: compiler and CPython's build dependencies"
    rm -rf "$BUILD"; cp -a "$NB_ROOTS/$SUITE-$ARCH-base" "$BUILD"; rm -f "$BUILD/.nianbao-base-ok"
    in_root "$BUILD" sh -c 'apt-get update -qq && apt-get install -y -qq --no-install-recommends \
        build-essential pkg-config binutils ca-certificates xz-utils libssl-dev zlib1g-dev libbz2-dev \
        liblzma-dev libffi-dev libsqlite3-dev uuid-dev >/dev/null && apt-get clean'
    touch "$BUILD/.nianbao-tools-ok"
  fi
  # CPython's source with Debian's security and bug-fix patches (the series after Debian's own layout
  # changes); one of them (CVE-2026-4224) makes pyexpat use a core header, as Debian builds it into libpython
  UNPACK="tar xf /usr/src/py/${PY_SRC_PKG}_*.orig.tar.* && tar xf /usr/src/py/${PY_SRC_PKG}_*.debian.tar.*
      cd Python-*/
      sed -n '/^shutdown-deadlock/,\$p' ../debian/patches/series | grep -v '^#' | while read -r p; do
        patch -p1 -N --batch -s -r - <../debian/patches/\$p >/dev/null 2>&1 || echo \"  (patch \$p did not apply fully)\"
      done
      grep -q Py_BUILD_CORE_MODULE Modules/pyexpat.c || sed -i '1i #ifndef Py_BUILD_CORE_BUILTIN\\n#  define Py_BUILD_CORE_MODULE 1\\n#endif' Modules/pyexpat.c"
  if [ ! -x "$BUILD/opt/python3.11/bin/pip3.11" ] && [ "$ARCH" = "$HOST_ARCH" ]; then
    say "CPython from Debian's source package $PY_SRC_PKG ($PY_SRC_SUITE), compiled against bullseye's glibc"
    in_root "$BUILD" sh -c "set -e
      echo 'deb-src $MIRROR $PY_SRC_SUITE main' > /etc/apt/sources.list.d/python-src.list
      apt-get update -qq
      rm -rf /usr/src/py && mkdir -p /usr/src/py && cd /usr/src/py
      apt-get source --download-only -qq $PY_SRC_PKG
      rm /etc/apt/sources.list.d/python-src.list && apt-get update -qq
      $UNPACK
      ./configure -q --prefix=/opt/python3.11 --enable-shared --with-ensurepip=install \
          LDFLAGS=-Wl,-rpath,/opt/python3.11/lib >/dev/null
      nice make -s -j\$(nproc) >/dev/null 2>make.err || { tail -30 make.err; exit 1; }
      make -s altinstall >/dev/null 2>>make.err || { tail -30 make.err; exit 1; }
      $PY -c 'import ssl, ctypes, lzma, bz2, zlib, sqlite3, uuid, pyexpat; print(\"built\", __import__(\"sys\").version)'"
  elif [ ! -x "$BUILD/opt/python3.11/bin/pip3.11" ]; then
    # compiling CPython under qemu takes hours (its configure alone runs for over half an hour): it is
    # cross-compiled in the native Debian 11 build root instead, against bullseye's $ARCH libraries
    # (multiarch), with that root's CPython of the same version as the build Python
    NATIVE="$NB_ROOTS/$SUITE-$HOST_ARCH-build"
    [ -x "$NATIVE/opt/python3.11/bin/pip3.11" ] || NB_ROOT_ONLY=1 "$0" "$HOST_ARCH"
    say "CPython for $ARCH, cross-compiled in the $HOST_ARCH Debian 11 build root"
    in_root "$NATIVE" sh -c "set -e
      dpkg --add-architecture $ARCH && apt-get update -qq
      apt-get install -y -qq --no-install-recommends crossbuild-essential-$ARCH libssl-dev:$ARCH zlib1g-dev:$ARCH \
          libbz2-dev:$ARCH liblzma-dev:$ARCH libffi-dev:$ARCH libsqlite3-dev:$ARCH uuid-dev:$ARCH >/dev/null
      rm -rf /usr/src/py-$ARCH && mkdir -p /usr/src/py-$ARCH && cd /usr/src/py-$ARCH
      $UNPACK
      ./configure -q --host=$QEMU_ARCH-linux-gnu --build=\$(uname -m)-linux-gnu --with-build-python=$PY \
          --prefix=/opt/python3.11 --enable-shared --without-ensurepip ac_cv_file__dev_ptmx=yes ac_cv_file__dev_ptc=no ac_cv_buggy_getaddrinfo=no \
          LDFLAGS=-Wl,-rpath,/opt/python3.11/lib >/dev/null
      nice make -s -j\$(nproc) >/dev/null 2>make.err || { tail -30 make.err; exit 1; }
      make -s altinstall DESTDIR=/usr/src/py-$ARCH/dest >/dev/null 2>>make.err || { tail -30 make.err; exit 1; }"
    rm -rf "$BUILD/opt/python3.11" && cp -a "$NATIVE/usr/src/py-$ARCH/dest/opt/python3.11" "$BUILD/opt/"
    in_root "$BUILD" sh -c "set -e; $PY -m ensurepip -q >/dev/null 2>&1 || $PY -m ensurepip
      $PY -c 'import ssl, ctypes, lzma, bz2, zlib, sqlite3, uuid, pyexpat, platform; print(\"built\", __import__(\"sys\").version, platform.machine())'
      ls /opt/python3.11/bin"
  fi
  say "venv with PySide6 $PYSIDE_VERSION and the project's dependencies (PyPI)"
  # a build machine behind a TLS-inspecting proxy trusts extra CAs: the root trusts the same ones
  if ls /usr/local/share/ca-certificates/*.crt >/dev/null 2>&1; then
    cp /usr/local/share/ca-certificates/*.crt "$BUILD/usr/local/share/ca-certificates/"
    in_root "$BUILD" update-ca-certificates >/dev/null 2>&1 || true
  fi
  in_root "$BUILD" sh -c "set -e
    $PY -m venv /opt/venv
    printf '[global]\\ncert = /etc/ssl/certs/ca-certificates.crt\\ndisable-pip-version-check = true\\n' >/opt/venv/pip.conf
    /opt/venv/bin/pip install -q --upgrade pip
    /opt/venv/bin/pip install -q --only-binary=:all: 'PySide6-Essentials==$PYSIDE_VERSION' 'PySide6-Addons==$PYSIDE_VERSION' \
        'pdfplumber>=0.11' 'pypdfium2>=4.20' 'python-docx>=1.1' 'openpyxl>=3.1' 'platformdirs>=3' 'pyinstaller>=6'
    /opt/venv/bin/pip list --format=freeze | grep -i -E 'pyside|shiboken|pyinstaller|pdf|docx|openpyxl|lxml'"
  touch "$BUILD/.nianbao-build-ok"
fi
[ -n "${NB_ROOT_ONLY:-}" ] && exit 0

# ---- 4: PyInstaller inside the root, on a copy of the work tree (tracked and new files)
say "PyInstaller in the $SUITE $ARCH root"
rm -rf "$BUILD/src" && mkdir -p "$BUILD/src"
git ls-files -z --cached --others --exclude-standard | grep -z -v -E '^(dist|build)/' \
  | while IFS= read -r -d '' f; do [ -e "$f" ] && printf '%s\0' "$f"; done \
  | tar -c --null -T - -f - | tar -x -C "$BUILD/src"
in_root "$BUILD" sh -c "cd /src && nice /opt/venv/bin/python -m PyInstaller --noconfirm --log-level WARN \
    --distpath /src/dist --workpath /src/build build.spec 2>&1 | grep -v -E 'Library not found|^$' | tail -40
  test -x /src/dist/nianbao/nianbao"
rm -rf "$OUT" && mkdir -p "$OUT" && cp -a "$BUILD/src/dist/nianbao" "$OUT/"
du -sh "$OUT/nianbao"

# ---- 5: glibc
say "newest GLIBC_ symbol version needed by the bundle"
python3 tools/check_glibc.py "$OUT/nianbao" --max 2.31 | tee "$OUT/check_glibc.txt"

# ---- 6: self-test in a clean Debian 11 root with only the bundle copied in
say "self-test in a clean Debian 11 ($ARCH) root"
CLEAN=$(clean_root "$ARCH" "$SUITE-$ARCH-clean-selftest")
cp -a "$OUT/nianbao" "$CLEAN/opt/nianbao"
in_root_offline "$CLEAN" sh -c 'ldd --version | head -1; /opt/nianbao/nianbao --self-test'
rm -rf "$CLEAN"

# ---- 7: the .deb, installed with apt in another clean root
say ".deb"
DEB=$(BUNDLE="$OUT/nianbao" DEB_ARCH="$ARCH" OUTDIR=dist tools/build_deb.sh)
ls -l "$DEB"; dpkg-deb -f "$DEB" Depends
if [ -z "${SKIP_DEB_CHECK:-}" ]; then
  say "apt-get install ./$(basename "$DEB") in a clean Debian 11 ($ARCH) root, then the checks"
  CLEAN=$(clean_root "$ARCH" "$SUITE-$ARCH-clean-deb")
  cp "$DEB" "$CLEAN/tmp/"
  in_root "$CLEAN" sh -c "apt-get update -qq && apt-get install -y -qq /tmp/$(basename "$DEB") >/dev/null 2>&1 \
      || apt-get install -y /tmp/$(basename "$DEB")"
  # what the .deb pulled in must be all the bundle needs: scanned before Xvfb brings more X libraries
  cp tools/check_bundle_libs.sh "$CLEAN/tmp/"
  in_root_offline "$CLEAN" sh /tmp/check_bundle_libs.sh /opt/nianbao
  in_root "$CLEAN" sh -c "apt-get install -y -qq --no-install-recommends xvfb xauth x11-utils x11-apps >/dev/null 2>&1"
  cat >"$CLEAN/tmp/x11check.sh" <<'X11'
nianbao "$1" & pid=$!
i=0; until xwininfo -root -tree | grep -q "$1 — 年报检查"; do  # under qemu the window takes a while
  i=$((i + 1)); [ $i -le 120 ] || { echo "FAIL: no window after 120 s"; kill $pid; exit 1; }; sleep 1; done
sleep 5
xwininfo -root -tree | grep -o '"[^"]*年报检查"' | sort -u
xwd -root -silent >/tmp/x11.xwd 2>/dev/null || true
kill $pid
X11
  PDF=$(ls tests/fixtures/corpus/*.pdf 2>/dev/null | head -1)
  [ -n "$PDF" ] && cp "$PDF" "$CLEAN/tmp/报告.pdf"
  in_root_offline "$CLEAN" sh -c 'set -e
    useradd -m clerk
    cp /opt/nianbao/_internal/resources/samples/sample.docx "/home/clerk/草稿 2024.docx"; chown clerk "/home/clerk/草稿 2024.docx"
    su clerk -c "nianbao --version && nianbao --self-test"
    su clerk -c "cd && nianbao-check check \"草稿 2024.docx\" | tail -3" || [ $? -eq 1 ]
    su clerk -c "cd && QT_QPA_PLATFORM=offscreen timeout 15 nianbao \"草稿 2024.docx\"" || rc=$?
    [ "${rc:-0}" = 124 ] && echo "GUI (offscreen) ran for 15 s with the draft open, no crash"
    # a real X server (Xvfb), the xcb plugin, a PDF (the 原文 tab renders it with QtPdf)
    f="草稿 2024.docx"; [ -f /tmp/报告.pdf ] && cp /tmp/报告.pdf /home/clerk/ && chown clerk /home/clerk/报告.pdf && f=报告.pdf
    su clerk -c "cd && xvfb-run -a -s \"-screen 0 1280x800x24\" sh /tmp/x11check.sh \"$f\""
    if grep -a " ERROR " /home/clerk/.local/state/nianbao/log/nianbao.log; then echo "FAIL: the app logged an error"; exit 1; fi
    echo "X11: the window with $f was shown, nothing in the log above INFO/WARNING"
    su clerk -c "env -u DISPLAY nianbao" || echo "no display: exit $?"'
  cp "$CLEAN/tmp/x11.xwd" "$OUT/x11-screenshot.xwd" 2>/dev/null || true
  command -v convert >/dev/null && convert "$OUT/x11-screenshot.xwd" "$OUT/x11-screenshot.png" 2>/dev/null || true
  rm -rf "$CLEAN"
fi
say "done in $(( ($(date +%s) - START) / 60 )) min: $DEB"
