#!/bin/sh
# Render an exported workbook to PNG pages (LibreOffice headless, then pdftoppm).
# usage: tools/render_xlsx.sh BOOK.xlsx OUTDIR      -> OUTDIR/BOOK.pdf, OUTDIR/BOOK-N.png
set -e
book="$1"; out="${2:-.}"
mkdir -p "$out"
profile="${TMPDIR:-/tmp}/lo_xlsx_profile"
soffice -env:UserInstallation="file://$profile" --headless --convert-to pdf --outdir "$out" "$book" >/dev/null
name=$(basename "$book" .xlsx)
pdftoppm -png -r 80 "$out/$name.pdf" "$out/$name"
ls "$out/$name"*.png
