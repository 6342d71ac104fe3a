"""Word drafts (.docx) -> Document.

- the file is read into memory once and checked before any XML is parsed:
  not a zip / no word/document.xml -> "corrupt"; an encrypted Office file ->
  "encrypted"; a decompression bomb (huge part, absurd ratio) -> "bomb";
- only the parts the reader uses are opened (the main document, its styles and
  numbering, found through the relationships), and only they count towards the
  size budget: headers, footers, images … are never inflated or parsed, and a
  relationship to a missing part is ignored; Strict OOXML (purl.oclc.org
  namespaces) is read like the transitional kind; the XML parser never resolves
  entities (the same parser settings as python-docx);
- the body is walked in document order, paragraphs and tables interleaved;
- paragraph text is the text with tracked changes accepted (w:ins kept,
  w:del / w:moveFrom dropped), automatic numbering rendered ("一、", "（一）");
- tables become a grid where a merged cell is one Cell with rowspan/colspan and
  None in the slots it covers;
- text boxes are read as paragraphs after the paragraph that anchors them.
Locations: ``paragraph`` = index of the block in ``Document.blocks``.
"""
from __future__ import annotations

import io
import posixpath
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

from ..model import Cell, Document, Location, Paragraph, ReadError, Table
from ..oserrors import read_reason
from ..textnorm import clean

MAX_PART_BYTES = 100 * 1024 * 1024    # one uncompressed part
MAX_TOTAL_BYTES = 300 * 1024 * 1024   # the parts the reader opens, together
MAX_RATIO = 200                       # uncompressed / compressed, for parts over RATIO_MIN_BYTES
RATIO_MIN_BYTES = 1024 * 1024
MAX_DEPTH = 3                         # nested tables / text boxes read this deep

MSG_CORRUPT = "文件不是有效的 Word 文档（可能已损坏或扩展名不对）"
MSG_BOMB = "文件内容异常（压缩后体积过大），已拒绝读取"
MSG_ENCRYPTED = "文件已加密（设置了打开密码），请在 WPS/Word 中取消密码后另存为 .docx 再检查"
MSG_DOC = "这是旧版 .doc 格式，请在 WPS/Word 中另存为 .docx 后再检查"

_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"


def _w(tag: str) -> str:
    return f"{{{_W}}}{tag}"


W_P, W_TBL, W_TR, W_TC, W_R = _w("p"), _w("tbl"), _w("tr"), _w("tc"), _w("r")
W_T, W_TAB, W_PTAB, W_BR, W_CR = _w("t"), _w("tab"), _w("ptab"), _w("br"), _w("cr")
W_NBHYPHEN, W_TXBX = _w("noBreakHyphen"), _w("txbxContent")
W_PPR, W_RPR, W_TCPR, W_TRPR = _w("pPr"), _w("rPr"), _w("tcPr"), _w("trPr")
W_VAL = _w("val")
# never part of the visible, accepted text
_SKIP = {W_PPR, W_RPR, _w("del"), _w("moveFrom"), _w("delText"), _w("instrText"),
         _w("delInstrText"), f"{{{_MC}}}Fallback", _w("footnoteReference"),
         _w("endnoteReference"), _w("commentReference")}
# containers whose children are blocks (paragraphs, tables)
_BLOCK_WRAPPERS = {_w("sdt"), _w("sdtContent"), _w("customXml"), _w("ins"), _w("moveTo")}


# ---------------------------------------------------------------- safety checks

def is_encrypted_office(data: bytes) -> bool:
    """An OLE container holding an encrypted OOXML package (Word/WPS 'open password')."""
    return data.startswith(_OLE_MAGIC) and "EncryptionInfo".encode("utf-16-le") in data


def check_package(data: bytes, *, every_part: bool = True) -> None:
    """Refuse what must not be parsed: not a zip, no document part, encrypted, a bomb.
    ``every_part``: the caller opens every part (python-docx does: the annotated copy), so
    their total counts; the reader opens only a few and counts those itself (``_Package``)."""
    if data.startswith(_OLE_MAGIC):
        raise ReadError(MSG_ENCRYPTED, "encrypted") if is_encrypted_office(data) else ReadError(MSG_DOC, "doc")
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
        infos = zf.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError, EOFError):
        raise ReadError(MSG_CORRUPT, "corrupt") from None
    with zf:
        if "word/document.xml" not in {i.filename for i in infos}:
            raise ReadError(MSG_CORRUPT, "corrupt")
        _check_sizes(infos, every_part)


def _check_sizes(infos: list[zipfile.ZipInfo], every_part: bool = True) -> None:
    """Every part's declared size and ratio (nothing is inflated for this).  For the reader the
    total is counted only over the parts it opens (``_Package.read``): a package of many
    unused parts (290 headers of just under 1 MiB each, or more) is fine, as none of them is
    parsed.  Declared sizes are enough: zipfile never inflates a part beyond its declared
    size (a lying header ends in a CRC error, read as "corrupt")."""
    total = 0
    for info in infos:
        total += info.file_size
        ratio = info.file_size / max(info.compress_size, 1)
        if (info.file_size > MAX_PART_BYTES or (every_part and total > MAX_TOTAL_BYTES)
                or (info.file_size > RATIO_MIN_BYTES and ratio > MAX_RATIO)):
            raise ReadError(MSG_BOMB, "bomb")


# ---------------------------------------------------------------- opening

# Strict OOXML (ISO 29500 strict) names the same things in other namespaces
_STRICT_W = b"http://purl.oclc.org/ooxml/wordprocessingml/main"
_RELS_NS_STRICT = "http://purl.oclc.org/ooxml/officeDocument/relationships/"
_RELS_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
_PERCENT = re.compile(r"%([0-9A-Fa-f]{2})")
_XML_PARSER = None


def _parser():
    """The parser python-docx uses (blank text removed, entities never resolved), without its
    element classes: plain lxml elements are all the walker needs."""
    global _XML_PARSER
    if _XML_PARSER is None:
        _XML_PARSER = etree.XMLParser(remove_blank_text=True, resolve_entities=False, no_network=True)
    return _XML_PARSER


def _parse(blob: bytes) -> etree._Element:
    if _STRICT_W in blob:
        blob = blob.replace(_STRICT_W, _W.encode())
    return etree.fromstring(blob, _parser())


@dataclass
class _Parts:
    body: etree._Element
    styles: etree._Element | None
    numbering: etree._Element | None


class _Package:
    """The few parts of a .docx the reader uses, found through the relationships and read on
    demand; their declared sizes together may not exceed ``MAX_TOTAL_BYTES``.  A relationship
    to a part that is not there (a known python-docx failure on real Word files) is ignored."""

    def __init__(self, data: bytes):
        self.zf = zipfile.ZipFile(io.BytesIO(data))
        self.infos = {i.filename: i for i in self.zf.infolist()}
        self.lower = {n.lower(): n for n in self.infos}   # part names are case-insensitive
        self.opened = 0

    def name(self, part: str) -> str | None:
        part = part.lstrip("/")
        return part if part in self.infos else self.lower.get(part.lower())

    def read(self, part: str) -> bytes | None:
        name = self.name(part)
        if name is None:
            return None
        info = self.infos[name]
        self.opened += info.file_size
        if info.file_size > MAX_PART_BYTES or self.opened > MAX_TOTAL_BYTES:
            raise ReadError(MSG_BOMB, "bomb")
        return self.zf.read(info)

    def relationships(self, source: str) -> list[tuple[str, str]]:
        """(type, target part name) of the internal relationships of ``source`` ("" = package)."""
        folder, _, base = source.rpartition("/")
        blob = self.read(f"{folder}/_rels/{base}.rels" if folder else f"_rels/{base}.rels")
        if not blob:
            return []
        try:
            root = etree.fromstring(blob, _parser())
        except etree.XMLSyntaxError:
            return []
        out = []
        for rel in root.iter():
            if not isinstance(rel.tag, str) or etree.QName(rel).localname != "Relationship":
                continue
            if (rel.get("TargetMode") or "").lower() == "external":
                continue
            target = _PERCENT.sub(lambda m: chr(int(m.group(1), 16)), rel.get("Target") or "")
            if not target:
                continue
            if target.startswith("/"):
                path = target
            else:
                path = posixpath.join("/" + folder, target)
            out.append((rel.get("Type") or "", posixpath.normpath(path).lstrip("/")))
        return out

    def content_type(self, part: str) -> str | None:
        blob = self.read("[Content_Types].xml")
        if not blob:
            return None
        try:
            root = etree.fromstring(blob, _parser())
        except etree.XMLSyntaxError:
            return None
        ext = part.rpartition(".")[2].lower()
        default = None
        for el in root.iter():
            if not isinstance(el.tag, str):
                continue
            local = etree.QName(el).localname
            if local == "Override" and (el.get("PartName") or "").lstrip("/").lower() == part.lower():
                return el.get("ContentType")
            if local == "Default" and (el.get("Extension") or "").lower() == ext:
                default = el.get("ContentType")
        return default


def _rel_type(rtype: str) -> str:
    """The last word of a relationship type, transitional or strict: "styles", "numbering" …"""
    for ns in (_RELS_NS, _RELS_NS_STRICT):
        if rtype.startswith(ns):
            return rtype[len(ns):]
    return rtype.rpartition("/")[2]


def _open_parts(data: bytes) -> _Parts:
    pkg = _Package(data)
    main = None
    for rtype, target in pkg.relationships(""):
        if _rel_type(rtype) == "officeDocument" and pkg.name(target):
            main = pkg.name(target)
            break
    main = main or pkg.name("word/document.xml")
    if main is None:
        raise ReadError(MSG_CORRUPT, "corrupt")
    ctype = pkg.content_type(main)
    if ctype and not any(k in ctype for k in ("wordprocessingml", "ms-word")):  # .docx/.docm/.dotx
        raise ReadError(MSG_CORRUPT, "corrupt")
    related: dict[str, str] = {}
    for rtype, target in pkg.relationships(main):
        kind = _rel_type(rtype)
        if kind in ("styles", "numbering") and kind not in related and pkg.name(target):
            related[kind] = target

    def part(kind: str) -> etree._Element | None:
        blob = pkg.read(related[kind]) if kind in related else None
        if not blob:
            return None
        try:
            return _parse(blob)
        except etree.XMLSyntaxError:
            return None      # a broken styles or numbering part: read the text without it

    root = _parse(pkg.read(main) or b"")
    body = root.find(_w("body"))
    if body is None:
        raise ReadError(MSG_CORRUPT, "corrupt")
    return _Parts(body, part("styles"), part("numbering"))


def read_docx(path: Path) -> Document:
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as e:
        raise ReadError(f"无法打开文件：{read_reason(e)}", "io") from None
    check_package(data, every_part=False)
    try:
        parts = _open_parts(data)
        doc = Document(path=str(path), format="docx")
        styles = _Styles(parts.styles)
        _Walker(doc, styles, _Numbering(parts.numbering, styles)).body(parts.body)
    except (ReadError, MemoryError):
        raise
    except Exception:  # malformed XML or package structure: fail closed, never a traceback
        raise ReadError(MSG_CORRUPT, "corrupt") from None
    return doc


# ---------------------------------------------------------------- styles

_HEADING_NAME = re.compile(r"^(?:heading|标题)\s*([1-9])$", re.I)


def _val(el: etree._Element | None, default=None):
    if el is None:
        return default
    v = el.get(W_VAL)
    return default if v is None else v


def _int(v, default: int | None = None) -> int | None:
    try:
        return int(v)
    except (TypeError, ValueError):
        return default


class _Styles:
    """Paragraph styles: heading level and numbering inherited through basedOn."""

    def __init__(self, root: etree._Element | None):
        self.by_id: dict[str, etree._Element] = {}
        if root is not None:
            for st in root.iter(_w("style")):
                sid = st.get(_w("styleId"))
                if sid:
                    self.by_id[sid] = st

    def chain(self, sid: str | None):
        """The style and the styles it is based on, nearest first."""
        seen = set()
        while sid and sid in self.by_id and sid not in seen and len(seen) < 20:
            seen.add(sid)
            st = self.by_id[sid]
            yield st
            sid = _val(st.find(_w("basedOn")))

    def heading_level(self, sid: str | None) -> int | None:
        for st in self.chain(sid):
            name = _val(st.find(_w("name")), "")
            m = _HEADING_NAME.match(name.strip()) or _HEADING_NAME.match(st.get(_w("styleId"), ""))
            if m:
                return int(m.group(1))
            lvl = _int(_val(st.find(f"{W_PPR}/{_w('outlineLvl')}")))
            if lvl is not None:
                return lvl + 1 if lvl < 9 else None
        return None

    def num_pr(self, sid: str | None) -> tuple[str | None, int | None]:
        for st in self.chain(sid):
            np_ = st.find(f"{W_PPR}/{_w('numPr')}")
            if np_ is not None:
                return _val(np_.find(_w("numId"))), _int(_val(np_.find(_w("ilvl"))))
        return None, None


# ---------------------------------------------------------------- numbering

_CN_DIGITS = "零一二三四五六七八九"
_CN_LEGAL = "零壹贰叁肆伍陆柒捌玖"
_TIANGAN = "甲乙丙丁戊己庚辛壬癸"
_DIZHI = "子丑寅卯辰巳午未申酉戌亥"
_CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"
_PAREN = "⑴⑵⑶⑷⑸⑹⑺⑻⑼⑽⑾⑿⒀⒁⒂⒃⒄⒅⒆⒇"
_FULLSTOP = "⒈⒉⒊⒋⒌⒍⒎⒏⒐⒑⒒⒓⒔⒕⒖⒗⒘⒙⒚⒛"


def _chinese(n: int, digits: str = _CN_DIGITS, units: str = "十百千") -> str:
    """1 -> 一, 10 -> 十, 21 -> 二十一, 105 -> 一百零五 (up to 9999)."""
    if n <= 0 or n > 9999:
        return str(n)
    s, zero = "", False
    for power, unit in ((1000, units[2]), (100, units[1]), (10, units[0]), (1, "")):
        d = n // power % 10
        if d == 0:
            zero = bool(s)
            continue
        if zero:
            s += digits[0]
            zero = False
        s += ("" if (power == 10 and d == 1 and not s and digits is _CN_DIGITS) else digits[d]) + unit
    return s


def _roman(n: int) -> str:
    if n <= 0 or n >= 4000:
        return str(n)
    out = ""
    for v, r in ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
                 (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")):
        while n >= v:
            out += r
            n -= v
    return out


def _letters(n: int) -> str:
    if n <= 0:
        return str(n)
    return chr(ord("A") + (n - 1) % 26) * ((n - 1) // 26 + 1)


def _cycle(seq: str, n: int) -> str:
    return seq[(n - 1) % len(seq)] if n > 0 else str(n)


def _table(seq: str, n: int) -> str:
    return seq[n - 1] if 0 < n <= len(seq) else str(n)


def format_number(n: int, fmt: str) -> str:
    """One level's counter in a Word numFmt."""
    if fmt in ("chineseCounting", "chineseCountingThousand", "japaneseCounting", "taiwaneseCounting",
               "taiwaneseCountingThousand", "japaneseDigitalTenThousand"):
        return _chinese(n)
    if fmt in ("chineseLegalSimplified", "ideographLegalTraditional", "japaneseLegal"):
        return _chinese(n, _CN_LEGAL, "拾佰仟")
    if fmt in ("ideographDigital", "taiwaneseDigital"):
        return "".join("〇一二三四五六七八九"[int(d)] for d in str(n))
    if fmt == "ideographTraditional":
        return _cycle(_TIANGAN, n)
    if fmt == "ideographZodiac":
        return _cycle(_DIZHI, n)
    if fmt in ("decimalEnclosedCircle", "decimalEnclosedCircleChinese"):
        return _table(_CIRCLED, n)
    if fmt == "decimalEnclosedParen":
        return _table(_PAREN, n)
    if fmt == "decimalEnclosedFullstop":
        return _table(_FULLSTOP, n)
    if fmt in ("decimalFullWidth", "decimalFullWidth2"):
        return str(n).translate({ord(d): chr(0xFF10 + int(d)) for d in "0123456789"})
    if fmt == "decimalZero":
        return f"{n:02d}"
    if fmt == "upperRoman":
        return _roman(n)
    if fmt == "lowerRoman":
        return _roman(n).lower()
    if fmt == "upperLetter":
        return _letters(n)
    if fmt == "lowerLetter":
        return _letters(n).lower()
    return str(n)


@dataclass
class _Level:
    start: int = 1
    fmt: str = "decimal"
    text: str = "%1."
    restart: int | None = None  # lvlRestart: restart after levels < this (1-based); 0 = never
    legal: bool = False
    suffix: str = "tab"


def _parse_level(lvl: etree._Element) -> _Level:
    restart = _int(_val(lvl.find(_w("lvlRestart"))))
    is_lgl = lvl.find(_w("isLgl"))
    return _Level(start=_int(_val(lvl.find(_w("start"))), 1),
                  fmt=_val(lvl.find(_w("numFmt")), "decimal"),
                  text=_val(lvl.find(_w("lvlText")), ""),
                  restart=restart,
                  legal=is_lgl is not None and _val(is_lgl, "1") not in ("0", "false", "off"),
                  suffix=_val(lvl.find(_w("suff")), "tab"))


@dataclass
class _Instance:
    abstract: str
    overrides: dict[int, int] = field(default_factory=dict)  # ilvl -> startOverride
    levels: dict[int, _Level] = field(default_factory=dict)  # ilvl -> overriding lvl


class _Numbering:
    """Renders "一、", "（一）", "1." for paragraphs numbered by numbering.xml.

    Counters are kept per abstract list (Word continues a list across num
    instances that share one abstractNum); a startOverride restarts its level
    the first time its num instance is used."""

    def __init__(self, root: etree._Element | None, styles: _Styles):
        self.abstract: dict[str, dict[int, _Level]] = {}
        self.style_link: dict[str, str] = {}   # abstractNumId -> numStyleLink style id
        self.nums: dict[str, _Instance] = {}
        self.counters: dict[str, dict[int, int]] = {}
        self.used_overrides: set[str] = set()
        self.styles = styles
        if root is None:
            return
        for an in root.iter(_w("abstractNum")):
            aid = an.get(_w("abstractNumId"))
            self.abstract[aid] = {_int(l.get(_w("ilvl")), 0): _parse_level(l) for l in an.findall(_w("lvl"))}
            link = _val(an.find(_w("numStyleLink")))
            if link:
                self.style_link[aid] = link
        for num in root.iter(_w("num")):
            inst = _Instance(_val(num.find(_w("abstractNumId")), ""))
            for ov in num.findall(_w("lvlOverride")):
                ilvl = _int(ov.get(_w("ilvl")), 0)
                so = _int(_val(ov.find(_w("startOverride"))))
                if so is not None:
                    inst.overrides[ilvl] = so
                lvl = ov.find(_w("lvl"))
                if lvl is not None:
                    inst.levels[ilvl] = _parse_level(lvl)
            self.nums[num.get(_w("numId"))] = inst

    def _abstract_id(self, num_id: str, depth: int = 0) -> str | None:
        inst = self.nums.get(num_id)
        if inst is None:
            return None
        aid = inst.abstract
        link = self.style_link.get(aid)
        if link and depth < 5:  # the list is defined by a numbering style
            linked_num, _ = self.styles.num_pr(link)
            if linked_num and linked_num != num_id:
                return self._abstract_id(linked_num, depth + 1) or aid
        return aid

    def _level(self, num_id: str, aid: str, ilvl: int) -> _Level | None:
        inst = self.nums[num_id]
        return inst.levels.get(ilvl) or self.abstract.get(aid, {}).get(ilvl)

    def label(self, num_id: str | None, ilvl: int | None) -> str:
        """Advance the counters for one numbered paragraph and return its number text."""
        if not num_id or num_id == "0" or num_id not in self.nums:
            return ""
        ilvl = min(max(ilvl or 0, 0), 8)
        aid = self._abstract_id(num_id)
        lvl = self._level(num_id, aid, ilvl) if aid is not None else None
        if lvl is None:
            return ""
        counters = self.counters.setdefault(aid, {})
        inst = self.nums[num_id]
        if num_id not in self.used_overrides:
            self.used_overrides.add(num_id)
            for ov_lvl, start in inst.overrides.items():
                counters[ov_lvl] = start - 1
        counters[ilvl] = counters[ilvl] + 1 if ilvl in counters else lvl.start
        for deeper in [k for k in counters if k > ilvl]:
            d = self._level(num_id, aid, deeper)
            if d is None or d.restart is None or (d.restart != 0 and ilvl < d.restart):
                del counters[deeper]
        if lvl.fmt in ("bullet", "none"):
            return ""
        return self._render(num_id, aid, lvl, counters)

    def _render(self, num_id: str, aid: str, lvl: _Level, counters: dict[int, int]) -> str:
        def repl(m: re.Match) -> str:
            k = int(m.group(1)) - 1
            ref = self._level(num_id, aid, k)
            n = counters.get(k, ref.start if ref else 1)
            fmt = "decimal" if (lvl.legal and ref and ref.fmt != "decimalZero") else (ref.fmt if ref else "decimal")
            return format_number(n, fmt)

        text = re.sub(r"%([1-9])", repl, lvl.text)
        if not text:
            return ""
        if lvl.suffix == "space" or (lvl.suffix == "tab" and text[-1].isalnum()):
            text += " "
        return text


# ---------------------------------------------------------------- walking the body

def _collect(el: etree._Element, out: list[str], boxes: list[etree._Element], depth: int) -> None:
    """Visible text under a paragraph, in order; text boxes are set aside in ``boxes``."""
    for ch in el:
        tag = ch.tag
        if not isinstance(tag, str) or tag in _SKIP:  # comments, entity references, deleted text
            continue
        if tag == W_T:
            out.append(ch.text or "")
        elif tag in (W_TAB, W_PTAB):
            out.append("\t")
        elif tag in (W_BR, W_CR):
            out.append("\n")
        elif tag == W_NBHYPHEN:
            out.append("-")
        elif tag == W_TXBX:
            boxes.append(ch)
        elif tag == W_R and _hidden(ch):
            continue
        elif depth < 40:
            _collect(ch, out, boxes, depth + 1)


def _hidden(run: etree._Element) -> bool:
    vanish = run.find(f"{W_RPR}/{_w('vanish')}")
    return vanish is not None and _val(vanish, "1") not in ("0", "false", "off")


class _Walker:
    def __init__(self, doc: Document, styles: _Styles, numbering: _Numbering):
        self.doc = doc
        self.styles = styles
        self.numbering = numbering
        self.n_tables = 0
        self.carry = ""  # text of a paragraph whose mark was deleted (joins the next one)

    # -- blocks
    def body(self, el: etree._Element) -> None:
        for ch in self._block_children(el):
            if ch.tag == W_P:
                self.paragraph(ch)
            else:
                self.table(ch)

    def _block_children(self, el: etree._Element, depth: int = 0):
        for ch in el:
            tag = ch.tag
            if tag in (W_P, W_TBL):
                yield ch
            elif tag in _BLOCK_WRAPPERS and depth < 10:
                yield from self._block_children(ch, depth + 1)

    def paragraph(self, p: etree._Element) -> None:
        text, boxes = self.paragraph_text(p)
        if text and text.strip():
            idx = len(self.doc.blocks)
            self.doc.blocks.append(Paragraph(idx, text.strip(), Location(paragraph=idx), raw=text,
                                             heading_level=self.heading_level(p)))
        for box in boxes:
            self.text_box(box, 1)

    def text_box(self, box: etree._Element, depth: int) -> None:
        """Paragraphs of a text box, added after its anchor (tables in it read as text)."""
        for line in self.flat_lines(box, depth):
            if line.strip():
                idx = len(self.doc.blocks)
                self.doc.blocks.append(Paragraph(idx, line.strip(), Location(paragraph=idx), raw=line))

    def flat_lines(self, el: etree._Element, depth: int) -> list[str]:
        """All text under a container (cell, text box) as lines, nested tables and boxes included."""
        if depth > MAX_DEPTH:
            return []
        saved, self.carry = self.carry, ""
        lines: list[str] = []
        for ch in self._block_children(el):
            if ch.tag == W_P:
                text, boxes = self.paragraph_text(ch)
                if text:
                    lines.append(text)
                for box in boxes:
                    lines.extend(self.flat_lines(box, depth + 1))
            else:
                for tr in self._rows(ch):
                    for tc in self._cells(tr):
                        lines.extend(self.flat_lines(tc, depth + 1))
        if self.carry:
            lines.append(self.carry)
        self.carry = saved
        return lines

    def paragraph_text(self, p: etree._Element) -> tuple[str | None, list[etree._Element]]:
        """(text with tracked changes accepted and its number prefixed, text boxes found).
        Text is None when the paragraph mark is deleted: its text joins the next paragraph."""
        out: list[str] = []
        boxes: list[etree._Element] = []
        _collect(p, out, boxes, 0)
        body = self.carry + "".join(out)
        self.carry = ""
        ppr = p.find(W_PPR)
        if ppr is not None and ppr.find(f"{W_RPR}/{_w('del')}") is not None:
            self.carry = body
            return None, boxes
        num_id, ilvl = self.num_pr(ppr)
        return self.numbering.label(num_id, ilvl) + body, boxes

    def num_pr(self, ppr: etree._Element | None) -> tuple[str | None, int | None]:
        sid = _val(ppr.find(_w("pStyle"))) if ppr is not None else None
        s_num, s_lvl = self.styles.num_pr(sid)
        np_ = ppr.find(_w("numPr")) if ppr is not None else None
        if np_ is None:
            return s_num, s_lvl
        num_id = _val(np_.find(_w("numId")), s_num)
        return num_id, _int(_val(np_.find(_w("ilvl"))), s_lvl)

    def heading_level(self, p: etree._Element) -> int | None:
        ppr = p.find(W_PPR)
        if ppr is None:
            return None
        lvl = _int(_val(ppr.find(_w("outlineLvl"))))
        if lvl is not None:
            return lvl + 1 if lvl < 9 else None
        return self.styles.heading_level(_val(ppr.find(_w("pStyle"))))

    # -- tables
    def _rows(self, tbl: etree._Element):
        return [tr for tr in self._wrapped(tbl, W_TR)]

    def _cells(self, tr: etree._Element):
        return [tc for tc in self._wrapped(tr, W_TC)]

    def _wrapped(self, el: etree._Element, tag: str, depth: int = 0):
        for ch in el:
            if ch.tag == tag:
                yield ch
            elif ch.tag in _BLOCK_WRAPPERS and depth < 10:
                yield from self._wrapped(ch, tag, depth + 1)

    def table(self, tbl: etree._Element) -> None:
        idx = len(self.doc.blocks)
        tno = self.n_tables
        self.n_tables += 1
        grid: list[list[Cell | None]] = []
        for r, tr in enumerate(self._rows(tbl)):
            grid.append(self._table_row(tr, r, grid, tno, idx))
        width = max((len(row) for row in grid), default=0)
        for r, row in enumerate(grid):
            row.extend([None] * (width - len(row)))
            for c, cell in enumerate(row):
                if cell is not None and (cell.row, cell.col) != (r, c):
                    row[c] = None  # slot covered by a vertical merge
        self.doc.blocks.append(Table(tno, grid, Location(table=tno, paragraph=idx)))

    def _table_row(self, tr: etree._Element, r: int, grid: list[list[Cell | None]],
                   tno: int, idx: int) -> list[Cell | None]:
        trpr = tr.find(W_TRPR)
        col = min(max(_int(_val(trpr.find(_w("gridBefore"))), 0), 0), 64) if trpr is not None else 0
        row: list[Cell | None] = [None] * col
        for tc in self._cells(tr):
            tcpr = tc.find(W_TCPR)
            span = max(1, min(_int(_val(tcpr.find(_w("gridSpan"))), 1), 64)) if tcpr is not None else 1
            vm = tcpr.find(_w("vMerge")) if tcpr is not None else None
            above = grid[r - 1][col] if r > 0 and col < len(grid[r - 1]) else None
            if (vm is not None and _val(vm, "continue") == "continue" and above is not None
                    and above.col == col and above.colspan == span):
                above.rowspan = r - above.row + 1
                # the origin stays in the slot until the table is done, for the next row
                row.append(above)
                row.extend([None] * (span - 1))
            else:
                raw = "\n".join(self.flat_lines(tc, 1))
                row.append(Cell(r, col, clean(raw), Location(table=tno, row=r, col=col, paragraph=idx),
                                raw=raw, colspan=span))
                row.extend([None] * (span - 1))
            col += span
        return row
