#!/bin/sh
# 离线安装“年报检查”：安装本文件夹中的 nianbao_*.deb，以及它依赖、而本机尚未安装（或版本更旧）的 .deb。
# 本机已有同名或更新版本的系统库一律不动（从不降级）。不需要联网。用法：sudo sh 安装.sh  [-y]
# Offline install: nianbao_*.deb plus only those dependency .debs whose package this machine lacks or
# has in an older version (installed libraries are never downgraded).  Extra arguments go to apt.
set -e
cd "$(dirname "$0")"
[ "$(id -u)" = 0 ] || { echo "请用 sudo 运行：sudo sh 安装.sh" >&2; exit 1; }
n=0
for f in ./*.deb; do
  case "$f" in ./nianbao_*) continue ;; esac
  p=$(dpkg-deb -f "$f" Package); a=$(dpkg-deb -f "$f" Architecture); v=$(dpkg-deb -f "$f" Version)
  [ "$a" = all ] && q=$p || q=$p:$a
  have=$(dpkg-query -W -f '${Status} ${Version}' "$q" 2>/dev/null | sed -n 's/^install ok installed //p')
  if [ -z "$have" ] || dpkg --compare-versions "$have" lt "$v"; then
    set -- "$@" "$f"; n=$((n + 1))
  fi
done
echo "安装 nianbao 及本机缺少的 $n 个依赖包……"
exec apt install "$@" ./nianbao_*.deb
