#!/usr/bin/env python3
"""List the newest GLIBC_ symbol version each ELF file in a bundle requires, and fail above a target.

    python3 tools/check_glibc.py dist/nianbao                 # report; fails above --max (2.31)
    python3 tools/check_glibc.py dist/nianbao --max 2.28 -v   # every file, not only the newest ones
    python3 tools/check_glibc.py dist/nianbao --print-version # just "2.31" (for the .deb's Depends)

It reads each ELF file's .gnu.version_r section (the versions of the symbols it needs from the
shared libraries it links, the same table `readelf -V` / `objdump -T` show) with no third-party
module, for any architecture (x86-64 and arm64 bundles alike).  A program needing GLIBC_2.34 does
not start on a system whose libc is 2.31 ("version `GLIBC_2.34' not found"), so the newest
GLIBC_ version over all files is the oldest glibc the bundle runs on.

Also reported, not checked: the newest GLIBCXX_/CXXABI_ needed, against what the bundled
libstdc++ (if any) provides, since a libstdc++ taken from the system must be new enough too.
Exit 0 when every file is at or below --max, 1 above it, 2 on a usage error.
"""
from __future__ import annotations

import argparse
import os
import struct
import sys
from pathlib import Path

SHT_GNU_VERDEF = 0x6FFFFFFD
SHT_GNU_VERNEED = 0x6FFFFFFE
MACHINES = {0x3E: "x86-64", 0xB7: "arm64", 0x03: "i386", 0x28: "arm", 0xF3: "riscv", 0x102: "loongarch64",
            0x08: "mips", 0x15: "ppc64"}


def vkey(v: str) -> tuple[int, ...]:
    """'GLIBC_2.3.4' / '2.3.4' -> (2, 3, 4)."""
    tail = v.split("_", 1)[1] if "_" in v else v
    try:
        return tuple(int(x) for x in tail.split("."))
    except ValueError:
        return (0,)


class ELF:
    """The little of an ELF file needed here: machine, needed and defined symbol versions."""

    def __init__(self, data: bytes):
        if data[:4] != b"\x7fELF":
            raise ValueError("not ELF")
        self.is64 = data[4] == 2
        self.end = "<" if data[5] == 1 else ">"
        self.data = data
        e = self.end
        if self.is64:
            (self.machine,) = struct.unpack_from(e + "H", data, 18)
            shoff, = struct.unpack_from(e + "Q", data, 40)
            shentsize, shnum, shstrndx = struct.unpack_from(e + "HHH", data, 58)
        else:
            (self.machine,) = struct.unpack_from(e + "H", data, 18)
            shoff, = struct.unpack_from(e + "I", data, 32)
            shentsize, shnum, shstrndx = struct.unpack_from(e + "HHH", data, 46)
        self.sections = []
        for i in range(shnum):
            off = shoff + i * shentsize
            if self.is64:
                _name, stype, _flags, _addr, soff, size, link, info, _align, _ent = struct.unpack_from(
                    e + "IIQQQQIIQQ", data, off)
            else:
                _name, stype, _flags, _addr, soff, size, link, info, _align, _ent = struct.unpack_from(
                    e + "IIIIIIIIII", data, off)
            self.sections.append((stype, soff, size, link, info))

    def _str(self, strtab: int, off: int) -> str:
        base = self.sections[strtab][1] + off
        end = self.data.index(b"\0", base)
        return self.data[base:end].decode("ascii", "replace")

    def needed_versions(self) -> list[tuple[str, str]]:
        """(library, version) for every version needed (.gnu.version_r)."""
        out = []
        e = self.end
        for stype, soff, _size, link, info in self.sections:
            if stype != SHT_GNU_VERNEED:
                continue
            off = soff
            for _ in range(info):
                _ver, cnt, vn_file, vn_aux, vn_next = struct.unpack_from(e + "HHIII", self.data, off)
                lib = self._str(link, vn_file)
                aux = off + vn_aux
                for _ in range(cnt):
                    _hash, _flags, _other, vna_name, vna_next = struct.unpack_from(e + "IHHII", self.data, aux)
                    out.append((lib, self._str(link, vna_name)))
                    if not vna_next:
                        break
                    aux += vna_next
                if not vn_next:
                    break
                off += vn_next
        return out

    def needed_libs(self) -> list[str]:
        """The DT_NEEDED entries of the dynamic section (what `readelf -d` lists as NEEDED)."""
        out = []
        e = self.end
        fmt, step = (e + "qQ", 16) if self.is64 else (e + "iI", 8)
        for stype, soff, size, link, _info in self.sections:
            if stype != 6:  # SHT_DYNAMIC
                continue
            for off in range(soff, soff + size, step):
                tag, val = struct.unpack_from(fmt, self.data, off)
                if tag == 0:
                    break
                if tag == 1:  # DT_NEEDED
                    out.append(self._str(link, val))
        return out

    def defined_versions(self) -> list[str]:
        """Versions this file defines (.gnu.version_d), e.g. GLIBCXX_3.4.28 in libstdc++."""
        out = []
        e = self.end
        for stype, soff, _size, link, info in self.sections:
            if stype != SHT_GNU_VERDEF:
                continue
            off = soff
            for _ in range(info):
                _ver, _flags, _ndx, cnt, _hash, vd_aux, vd_next = struct.unpack_from(e + "HHHHIII", self.data, off)
                if cnt:
                    vda_name, = struct.unpack_from(e + "I", self.data, off + vd_aux)
                    out.append(self._str(link, vda_name))
                if not vd_next:
                    break
                off += vd_next
        return out


def elf_files(root: Path):
    for dirpath, _dirs, files in os.walk(root):
        for name in files:
            p = Path(dirpath) / name
            if p.is_symlink() or not p.is_file():
                continue
            with open(p, "rb") as f:
                if f.read(4) != b"\x7fELF":
                    continue
            yield p


def newest(versions, prefix: str) -> str | None:
    vs = [v for v in versions if v.startswith(prefix) and v[len(prefix):][:1].isdigit()]
    return max(vs, key=vkey) if vs else None


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("bundle", type=Path, help="the bundle folder (dist/nianbao) or one ELF file")
    ap.add_argument("--max", default="2.31", help="the newest GLIBC_ version allowed (default 2.31)")
    ap.add_argument("-v", "--verbose", action="store_true", help="list every ELF file")
    ap.add_argument("--print-version", action="store_true",
                    help="print only the newest GLIBC_ version required (e.g. 2.31) and exit 0")
    args = ap.parse_args(argv)
    if not args.bundle.exists():
        print(f"no such file or folder: {args.bundle}", file=sys.stderr)
        return 2
    files = [args.bundle] if args.bundle.is_file() else sorted(elf_files(args.bundle))
    rows = []  # (path, glibc, glibcxx)
    machines: set[str] = set()
    cxx_need: list[tuple[str, Path]] = []
    cxx_have: list[str] = []
    for p in files:
        try:
            elf = ELF(p.read_bytes())
        except (ValueError, struct.error, IndexError) as e:
            print(f"cannot read {p}: {e}", file=sys.stderr)
            continue
        machines.add(MACHINES.get(elf.machine, hex(elf.machine)))
        needed = [v for _lib, v in elf.needed_versions()]
        g = newest(needed, "GLIBC_")
        cxx = newest(needed, "GLIBCXX_")
        if cxx:
            cxx_need.append((cxx, p))
        if p.name.startswith("libstdc++.so"):
            cxx_have += elf.defined_versions()
        rows.append((p, g, cxx))
    if not rows:
        print(f"no ELF files in {args.bundle}", file=sys.stderr)
        return 2
    with_glibc = [r for r in rows if r[1]]
    top = max(with_glibc, key=lambda r: vkey(r[1])) if with_glibc else None
    top_version = top[1].split("_", 1)[1] if top else "0"
    if args.print_version:
        print(top_version)
        return 0
    base = args.bundle if args.bundle.is_dir() else args.bundle.parent
    rel = lambda p: str(p.relative_to(base)) if p != base else p.name  # noqa: E731
    print(f"{args.bundle}: {len(rows)} ELF files ({', '.join(sorted(machines))})")
    by_version: dict[str, list[Path]] = {}
    for p, g, _c in with_glibc:
        by_version.setdefault(g, []).append(p)
    print("files by the newest GLIBC_ version they need:")
    for v in sorted(by_version, key=vkey, reverse=True):
        ps = by_version[v]
        shown = ", ".join(rel(p) for p in ps[:4]) + (f", … ({len(ps)} files)" if len(ps) > 4 else "")
        print(f"  {v:<13} {shown}")
    if args.verbose:
        for p, g, c in rows:
            print(f"    {rel(p)}: {g or '-'} {c or ''}")
    if cxx_need:
        cx, cp = max(cxx_need, key=lambda t: vkey(t[0]))
        have = newest(cxx_have, "GLIBCXX_")
        src = f"the bundled libstdc++ provides up to {have}" if have else "libstdc++ comes from the system"
        print(f"newest GLIBCXX_ needed: {cx} ({rel(cp)}); {src}")
        if have and vkey(cx) > vkey(have):
            print(f"  WARNING: {rel(cp)} needs {cx}, newer than the bundled libstdc++", file=sys.stderr)
    print(f"newest GLIBC_ needed: GLIBC_{top_version} ({rel(top[0]) if top else '-'}); target ≤ GLIBC_{args.max}")
    too_new = [r for r in with_glibc if vkey(r[1]) > vkey(args.max)]
    if too_new:
        print(f"FAIL: {len(too_new)} files need a glibc newer than {args.max}:", file=sys.stderr)
        for p, g, _c in sorted(too_new, key=lambda r: vkey(r[1]), reverse=True):
            print(f"  {g}  {rel(p)}", file=sys.stderr)
        return 1
    print(f"OK: runs on glibc {top_version} and newer")
    return 0


if __name__ == "__main__":
    sys.exit(main())
