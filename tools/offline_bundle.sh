#!/usr/bin/env bash
# An offline install set: the .deb and the .debs of the packages it depends on that a minimal
# Debian 11 system lacks, with 安装说明.txt and 安装.sh, so a machine with no repository installs it:
#
#   sudo tools/offline_bundle.sh [amd64|arm64]   -> dist/nianbao_<version>_<arch>_offline/ and .tar.gz
#
# 1. in a clean Debian 11 root (debootstrap minbase, see tools/bullseye_lib.sh) with an empty apt cache:
#    apt-get install --download-only ./nianbao_….deb  -> exactly the .debs that system lacks
# 2. the check: a second clean root with no repository (empty sources.list, no package lists) and no
#    network at all (a new network namespace), the set copied in, `sh 安装.sh` as the instructions
#    say, then nianbao --version, --self-test and the missing-library scan.
# 安装.sh runs `apt install ./nianbao_….deb` with only those dependency .debs whose package is missing
# or older on the machine: a plain `apt install ./*.deb` would DOWNGRADE the newer libraries a desktop
# already has (apt asks, and refuses under -y), which an office machine must not do.
# Needs the .deb first (make deb / make deb-arm64).
set -euo pipefail
cd "$(dirname "$0")/.."
ARCH=${1:-$(dpkg --print-architecture)}
QEMU_ARCH=$(case "$ARCH" in amd64) echo x86_64 ;; arm64) echo aarch64 ;; *) echo "$ARCH" ;; esac)
. tools/bullseye_lib.sh
need_tools "$ARCH"
VERSION=$(sed -n 's/^version *= *"\([^"]*\)".*/\1/p' pyproject.toml | head -1)
DEB="dist/nianbao_${VERSION}_${ARCH}.deb"
[ -f "$DEB" ] || die "no $DEB: run make deb (or make deb-arm64) first"
SET="dist/nianbao_${VERSION}_${ARCH}_offline"

say "the packages a minimal Debian 11 ($ARCH) lacks, downloaded in a clean root"
ROOT=$(clean_root "$ARCH" "$SUITE-$ARCH-clean-download")
cp "$DEB" "$ROOT/tmp/"
in_root "$ROOT" sh -c "set -e; rm -f /var/cache/apt/archives/*.deb; apt-get update -qq
  apt-get install -y -qq --download-only --no-install-recommends /tmp/$(basename "$DEB") >/dev/null
  ls /var/cache/apt/archives/*.deb | wc -l"
rm -rf "$SET" && mkdir -p "$SET"
cp "$ROOT"/var/cache/apt/archives/*.deb "$SET/"
cp "$DEB" "$SET/"
cp packaging/安装说明.txt packaging/安装.sh "$SET/"
rm -rf "$ROOT"
echo "$(ls "$SET"/*.deb | wc -l) .deb files, $(du -sh "$SET" | cut -f1) in $SET"

say "check: install from the set in a clean Debian 11 ($ARCH) root with no repository and no network"
ROOT=$(clean_root "$ARCH" "$SUITE-$ARCH-clean-offline")
: >"$ROOT/etc/apt/sources.list"
rm -rf "$ROOT/etc/apt/sources.list.d/"* "$ROOT/var/lib/apt/lists/"* "$ROOT/var/cache/apt/"*.bin
mkdir -p "$ROOT/root/nianbao"
cp "$SET"/* "$ROOT/root/nianbao/"
cp tools/check_bundle_libs.sh "$ROOT/tmp/"
in_root_offline "$ROOT" sh -c 'set -e
  echo "# network interfaces: $(sed -n "s/^ *\([a-z0-9]*\):.*/\1/p" /proc/net/dev | tr "\n" " ")"
  bash -c "echo >/dev/tcp/deb.debian.org/80" 2>&1 | sed "s/^/# connect to deb.debian.org:80: /" || true
  bash -c "echo >/dev/tcp/151.101.2.132/80" 2>&1 | sed "s/^/# connect to 151.101.2.132:80 (a Debian mirror address): /" || true
  echo "# sources.list: $(wc -c < /etc/apt/sources.list) bytes; package lists: $(ls /var/lib/apt/lists | wc -l) files"
  cd /root/nianbao && cat 安装说明.txt
  echo "# sh 安装.sh -y"
  sh 安装.sh -y >/tmp/install.log 2>&1 || { tail -30 /tmp/install.log; exit 1; }
  grep -E "^(安装|The following NEW|[0-9]+ upgraded|Need to get|After this)" /tmp/install.log
  echo "# dpkg -l nianbao"; dpkg -l nianbao | tail -1
  echo "# nianbao --version; nianbao --self-test"
  nianbao --version && nianbao --self-test
  sh /tmp/check_bundle_libs.sh /opt/nianbao'
rm -rf "$ROOT"
tar -C dist -czf "$SET.tar.gz" "$(basename "$SET")"
ls -l "$SET.tar.gz"
