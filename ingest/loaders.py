"""Read source files of any supported format into plain, Markdown-flavoured text."""

from __future__ import annotations

import codecs
import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

SUPPORTED = {".txt": "text", ".md": "markdown", ".markdown": "markdown",
             ".html": "html", ".htm": "html", ".pdf": "pdf"}
MAX_BYTES = 20 * 1024 * 1024
_BOMS = ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
         (codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"),
         (codecs.BOM_UTF16_BE, "utf-16"))


@dataclass(frozen=True)
class LoadedText:
    """A file's text, normalised so that headings are Markdown headings."""

    source: str
    text: str
    format: str


@dataclass(frozen=True)
class Skipped:
    """A file that was not ingested, and why."""

    source: str
    reason: str


class SkipFile(Exception):
    """Raised by a loader when a file cannot be ingested."""


def find_files(paths: list[Path]) -> tuple[list[Path], list[Skipped]]:
    """Walk paths recursively; return supported files and the ones skipped with a reason."""
    files: list[Path] = []
    skipped: list[Skipped] = []
    seen: set[Path] = set()
    for root in paths:
        if not root.exists():
            skipped.append(Skipped(str(root), "does not exist"))
            continue
        for path in _walk(root):
            real = path.resolve()
            if real in seen:
                continue
            seen.add(real)
            if path.suffix.lower() in SUPPORTED:
                files.append(path)
            elif root.is_file():
                skipped.append(Skipped(str(path), f"unsupported format {path.suffix or '(none)'}; "
                                       "use .txt, .md, .html or .pdf"))
    return sorted(files), skipped


def _walk(root: Path) -> Iterator[Path]:
    if root.is_file():
        yield root
        return
    # followlinks=False: a symlink loop must not hang the walk.
    for folder, dirs, names in os.walk(root, followlinks=False):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(names):
            if not name.startswith("."):
                yield Path(folder) / name


def load_file(path: Path, source: str) -> LoadedText:
    """Read one file; raise SkipFile with a reason if it cannot be used."""
    kind = SUPPORTED.get(path.suffix.lower())
    if kind is None:
        raise SkipFile(f"unsupported format {path.suffix or '(none)'}")
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise SkipFile(f"larger than {MAX_BYTES // 2**20} MB; split it into smaller files")
        data = path.read_bytes()
    except OSError as exc:
        raise SkipFile(f"cannot be read ({exc.strerror or exc})") from None
    if not data.strip():
        raise SkipFile("empty file")
    if kind == "pdf":
        text = pdf_to_text(path)
    else:
        raw = decode_bytes(data)
        text = html_to_text(raw) if kind == "html" else raw
    text = normalise_text(text)
    if not text.strip():
        raise SkipFile("no text found")
    return LoadedText(source=source, text=text, format=kind)


def decode_bytes(data: bytes) -> str:
    """Decode text: BOMs first, then UTF-8, then Windows-1252, then Latin-1 (never fails)."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return data.decode(encoding, errors="replace")
    if b"\x00" in data[:8192]:
        raise SkipFile("binary file (contains NUL bytes)")
    for encoding in ("utf-8", "cp1252"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        return text
    return data.decode("latin-1")


def normalise_text(text: str) -> str:
    """Unify line endings and drop control characters other than newlines and tabs."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u2028", "\n")
    return "".join(ch for ch in text if ch in "\n\t" or (ch >= " " and not 0x7F <= ord(ch) < 0xA0))


def _printable_ratio(text: str) -> float:
    if not text:
        return 0.0
    good = sum(1 for ch in text if ch.isprintable() or ch in "\n\t")
    return good / len(text)


def html_to_text(html: str) -> str:
    """Keep the text of an HTML page, headings as Markdown headings; drop scripts and styles."""
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(html, "html.parser")
    for tag in soup(["script", "style", "noscript", "template", "iframe", "svg", "head", "nav",
                     "footer", "form"]):
        if tag.name == "head":
            title = tag.find("title")
            tag.replace_with(title) if title else tag.decompose()
        else:
            tag.decompose()
    blocks: list[str] = []
    title = soup.find("title")
    has_h1 = soup.find("h1") is not None
    if title and not has_h1 and title.get_text(strip=True):
        blocks.append("# " + _squash(title.get_text(" ")))
    wanted = ["h1", "h2", "h3", "h4", "h5", "h6", "p", "li", "blockquote", "pre", "td", "dt", "dd"]
    for el in soup.find_all(wanted):
        if el.find_parent(wanted):
            continue
        text = _squash(el.get_text(" "))
        if not text:
            continue
        if el.name in ("h1", "h2", "h3", "h4", "h5", "h6"):
            level = min(int(el.name[1]), 3)
            blocks.append("#" * level + " " + text)
        elif el.name == "li":
            blocks.append("- " + text)
        else:
            blocks.append(text)
    if not blocks:  # a page without block tags: fall back to all its text
        blocks = [line for line in (_squash(s) for s in soup.get_text("\n").split("\n")) if line]
    return "\n\n".join(blocks)


def _squash(text: str) -> str:
    return " ".join(text.split())


def pdf_to_text(path: Path) -> str:
    """Extract a PDF's text page by page through LangChain's PyPDF loader."""
    from langchain_community.document_loaders import PyPDFLoader
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        if PdfReader(str(path)).is_encrypted:
            raise SkipFile("encrypted PDF; save an unprotected copy")
        pages = PyPDFLoader(str(path)).load()
    except SkipFile:
        raise
    except (PdfReadError, ValueError, OSError, KeyError, TypeError) as exc:
        raise SkipFile(f"corrupt or unreadable PDF ({type(exc).__name__})") from None
    except Exception as exc:
        raise SkipFile(f"corrupt or unreadable PDF ({type(exc).__name__})") from None
    text = "\n\n".join(page.page_content for page in pages)
    if _printable_ratio(text) < 0.9:
        raise SkipFile("PDF has no usable text layer")
    return text
