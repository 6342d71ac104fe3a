# shellcheck shell=bash
# Helpers shared by tools/build_in_bullseye.sh and tools/offline_bundle.sh (sourced, not run):
# Debian 11 (bullseye, glibc 2.31) roots made with debootstrap, and commands run inside them.
#   NB_ROOTS   where the roots live (default /var/tmp/nianbao-roots; ~300 MB each, build root ~2 GB)
#   MIRROR     Debian mirror (default: the first URIs: of /etc/apt/sources.list.d/debian.sources,
#              else deb.debian.org); bullseye is still on the main mirror
# Needs root (debootstrap, chroot, mount), debootstrap, and for arm64 on x86-64 qemu-user-static.

NB_ROOTS=${NB_ROOTS:-/var/tmp/nianbao-roots}
SUITE=bullseye
if [ -z "${MIRROR:-}" ]; then
  MIRROR=$(sed -n 's/^URIs: *//p' /etc/apt/sources.list.d/debian.sources 2>/dev/null | head -1)
  MIRROR=${MIRROR:-http://deb.debian.org/debian}
fi
HOST_ARCH=$(dpkg --print-architecture)
say() { printf '\n== %s\n' "$*" >&2; }
die() { printf 'error: %s\n' "$*" >&2; exit 1; }

need_tools() {  # ARCH
  [ "$(id -u)" = 0 ] || die "run as root (debootstrap and chroot need it), e.g. sudo $0"
  command -v debootstrap >/dev/null || { say "installing debootstrap"; apt-get install -y -qq debootstrap >/dev/null; }
  if [ "$1" != "$HOST_ARCH" ]; then
    command -v qemu-aarch64-static >/dev/null || {
      say "installing qemu-user-static (runs $1 programs on $HOST_ARCH)"
      DEBIAN_FRONTEND=noninteractive apt-get install -y -qq qemu-user-static binfmt-support >/dev/null; }
    [ -e /proc/sys/fs/binfmt_misc/register ] || mount -t binfmt_misc binfmt_misc /proc/sys/fs/binfmt_misc || true
    [ -e "/proc/sys/fs/binfmt_misc/qemu-${QEMU_ARCH}" ] || update-binfmts --enable "qemu-${QEMU_ARCH}" 2>/dev/null || true
    [ -e "/proc/sys/fs/binfmt_misc/qemu-${QEMU_ARCH}" ] || die "qemu-${QEMU_ARCH} is not registered with binfmt_misc"
  fi
}

qemu_arch() { case "$1" in amd64) echo x86_64 ;; arm64) echo aarch64 ;; *) echo "$1" ;; esac; }

# put the emulator where binfmt_misc looks for it inside the root (registered without the F flag)
put_qemu() {  # ROOT ARCH
  [ "$2" = "$HOST_ARCH" ] && return 0
  local q="/usr/bin/qemu-${QEMU_ARCH}-static" interp
  interp=$(sed -n 's/^interpreter //p' "/proc/sys/fs/binfmt_misc/qemu-${QEMU_ARCH}")
  mkdir -p "$1/usr/bin" "$1$(dirname "$interp")"
  cp "$q" "$1/usr/bin/"
  cp "$q" "$1$interp"
}

# run a command inside ROOT with /proc and /dev mounted in a private mount namespace (nothing to
# unmount afterwards, even when interrupted) and a clean environment
in_root() {  # ROOT CMD...
  local root=$1; shift
  cp -L /etc/resolv.conf "$root/etc/resolv.conf" 2>/dev/null || true
  unshare --mount --propagation private -- sh -c '
    r=$1; shift
    mount -t proc proc "$r/proc" && mount --rbind /dev "$r/dev" || exit 1
    exec chroot "$r" /usr/bin/env -i PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
      HOME=/root LANG=C.UTF-8 LC_ALL=C.UTF-8 DEBIAN_FRONTEND=noninteractive TERM=dumb "$@"' sh "$root" "$@"
}

# the same, with no network at all (a new, empty network namespace: not even a route)
in_root_offline() {  # ROOT CMD...
  local root=$1; shift
  unshare --net --mount --propagation private -- sh -c '
    r=$1; shift
    mount -t proc proc "$r/proc" && mount --rbind /dev "$r/dev" || exit 1
    exec chroot "$r" /usr/bin/env -i PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
      HOME=/root LANG=C.UTF-8 LC_ALL=C.UTF-8 DEBIAN_FRONTEND=noninteractive TERM=dumb "$@"' sh "$root" "$@"
}

# a minimal Debian 11 root, made once and kept pristine: copies of it are the clean roots
base_root() {  # ARCH -> prints the path
  local arch=$1 root="$NB_ROOTS/$SUITE-$1-base"
  if [ ! -e "$root/.nianbao-base-ok" ]; then
    rm -rf "$root"; mkdir -p "$NB_ROOTS"
    if [ "$arch" = "$HOST_ARCH" ]; then
      say "debootstrap --variant=minbase $SUITE ($arch) -> $root" 
      nice debootstrap --variant=minbase --arch="$arch" "$SUITE" "$root" "$MIRROR" >"$root.log" 2>&1 \
        || { tail -20 "$root.log" >&2; die "debootstrap failed (log: $root.log)"; }
    else
      say "debootstrap --foreign --variant=minbase --arch=$arch $SUITE -> $root, then the second stage under qemu"
      nice debootstrap --foreign --variant=minbase --arch="$arch" "$SUITE" "$root" "$MIRROR" >"$root.log" 2>&1 \
        || { tail -20 "$root.log" >&2; die "debootstrap (first stage) failed (log: $root.log)"; }
      put_qemu "$root" "$arch"
      nice chroot "$root" /debootstrap/debootstrap --second-stage >>"$root.log" 2>&1 \
        || { tail -20 "$root.log" >&2; die "debootstrap (second stage) failed (log: $root.log)"; }
    fi
    printf 'deb %s %s main\n' "$MIRROR" "$SUITE" >"$root/etc/apt/sources.list"
    case "$MIRROR" in
      *debian.org*|*debian.net*) printf 'deb %s %s-updates main\n' "$MIRROR" "$SUITE" >>"$root/etc/apt/sources.list" ;;
    esac
    rm -rf "$root/var/cache/apt/archives/"*.deb
    touch "$root/.nianbao-base-ok"
  fi
  put_qemu "$root" "$arch"
  echo "$root"
}

# a fresh copy of the base root under NAME (removed first if it exists)
clean_root() {  # ARCH NAME -> prints the path
  local base root="$NB_ROOTS/$2"
  base=$(base_root "$1")
  rm -rf "$root"
  cp -a "$base" "$root"
  rm -f "$root/.nianbao-base-ok"
  echo "$root"
}
