"""Find source files, read their bytes, and hand each to the reader for its format.

The readers (`ingest.read`) return clean, Markdown-flavoured text and the document's metadata.
Whatever the format, the text follows one convention, which the layout reads:

- headings are "# ", "## " or "### " lines;
- paragraphs stand between blank lines, one paragraph a block (a PDF's wrapped lines and
  hyphenated words are joined); a line inside a paragraph that starts with a label ("JD: ...",
  "Ada Quill: ...") after a line that ended a sentence starts a paragraph of its own;
- list items are "- " lines, consecutive;
- tables are Markdown pipe tables: a "| a | b |" line per row, the header row followed by a
  "| --- | --- |" rule, cells with their "|" escaped as "\\|" and line breaks as spaces;
- a turn of a transcript (WebVTT, SubRip) is one paragraph "Label: text", the label being the
  speaker's name as the file writes it (a display name, a phone number), not interpreted;
- text set apart from the body, which the layout must not read as the body's next paragraph,
  is a fenced block (Pandoc's fenced divs): a line "::: pullquote" (a quote repeated from the
  text), "::: box" (a fact check, a profile, a sidebar) or "::: caption" (a figure's caption),
  the block's headings, paragraphs and items, then a line ":::".

`LoadedText.pages` holds the offset in the text where each page starts (PDF; empty for formats
without pages), and `meta.url` the address a fetched document came from.
"""

from __future__ import annotations

import codecs
import errno
import os
import stat
from bisect import bisect_right
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path

from ingest.limits import check_markup
from ingest.read.captions import read_captions
from ingest.read.docx import read_docx
from ingest.read.html import read_html
from ingest.read.markdown import read_markdown
from ingest.read.meta import DocumentMeta, SkipFile, printable_ratio
from ingest.read.origin import origin_of
from ingest.read.pdf import read_pdf
from ingest.read.text import read_text

__all__ = ["SUPPORTED", "DocumentMeta", "LoadedText", "SkipFile", "Skipped", "decode_bytes",
           "find_files", "formats_phrase", "load_file", "normalise_text", "path_text",
           "read_bytes"]

SUPPORTED = {".txt": "text", ".md": "markdown", ".markdown": "markdown",
             ".html": "html", ".htm": "html", ".pdf": "pdf", ".docx": "docx",
             ".vtt": "captions", ".srt": "captions"}
# The suffix a user knows each format by, in the order messages name them.
_NAMED = (".txt", ".md", ".html", ".pdf", ".docx", ".vtt", ".srt")
# A round-up is a few pages; 20 MB of text would be ~30,000 passages and an hour of embedding.
MAX_BYTES = 20 * 1024 * 1024
MIN_PRINTABLE = 0.9  # share of printable characters below which "text" is binary junk
_BOMS = ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
         (codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"),
         (codecs.BOM_UTF16_BE, "utf-16"))


@dataclass(frozen=True)
class LoadedText:
    """A file's text, normalised so that headings are Markdown headings; where its pages start."""

    source: str
    text: str
    format: str
    meta: DocumentMeta = field(default_factory=DocumentMeta)
    pages: tuple[int, ...] = ()  # offset in text of each page's start (paged formats)

    def page_at(self, offset: int) -> int | None:
        """Return the page (from 1) that the text at offset is on, or None without pages."""
        return page_at(self.pages, offset)


def page_at(pages: tuple[int, ...], offset: int) -> int | None:
    """Return the page (from 1) of offset, given where each page starts; None without pages."""
    if not pages:
        return None
    return max(1, bisect_right(pages, offset))


def formats_phrase(joiner: str = "or") -> str:
    """Name the formats that can be read: ".txt, .md, .html, .pdf, .docx, .vtt or .srt"."""
    names = [suffix for suffix in _NAMED if suffix in SUPPORTED]
    return f"{', '.join(names[:-1])} {joiner} {names[-1]}"


@dataclass(frozen=True)
class Skipped:
    """A file that was not ingested, and why."""

    source: str
    reason: str


def path_text(path: Path | str) -> str:
    """Return a path as valid Unicode text: undecodable bytes of a file name become �."""
    return os.fsencode(path).decode("utf-8", errors="replace")


def find_files(paths: list[Path]) -> tuple[list[Path], list[Skipped]]:
    """Walk paths recursively; return supported files and the ones skipped with a reason."""
    files: list[Path] = []
    skipped: list[Skipped] = []
    seen: set[Path] = set()
    for root in paths:
        if not root.exists():
            skipped.append(Skipped(path_text(root), "does not exist"))
            continue
        for path in _walk(root, skipped):
            try:
                real = path.resolve(strict=True)
                mode = real.stat().st_mode
            except (OSError, RuntimeError) as exc:  # 3.11 raises RuntimeError on a link loop
                skipped.append(Skipped(path_text(path), _os_reason(exc)))
                continue
            if real in seen:
                continue
            seen.add(real)
            if path.suffix.lower() not in SUPPORTED:
                skipped.append(Skipped(path_text(path), f"unsupported format "
                                       f"{path_text(path.suffix) or '(none)'}; "
                                       f"use {formats_phrase()}"))
            elif not stat.S_ISREG(mode):
                skipped.append(Skipped(path_text(path), "not a regular file (a device, pipe or "
                                       "socket)"))
            else:
                files.append(path)
    return sorted(files), skipped


def _walk(root: Path, skipped: list[Skipped]) -> Iterator[Path]:
    """Yield the files under root, following folder links but never going round a loop."""
    if not root.is_dir():
        yield root
        return
    visited: set[tuple[int, int]] = set()
    stack = [root]
    while stack:
        folder = stack.pop()
        try:
            info = folder.stat()
            key = (info.st_dev, info.st_ino)
            if key in visited:
                skipped.append(Skipped(path_text(folder), "symbolic link loop: a folder "
                                       "already read"))
                continue
            visited.add(key)
            entries = sorted(os.scandir(folder), key=lambda e: e.name)
        except (OSError, RuntimeError) as exc:
            skipped.append(Skipped(path_text(folder), "folder " + _os_reason(exc)))
            continue
        folders = []
        for entry in entries:
            if entry.name.startswith("."):
                continue
            try:
                is_folder = entry.is_dir()  # follows links; False for a broken link or a loop
            except OSError:
                is_folder = False
            if is_folder:
                folders.append(Path(entry.path))
            else:
                yield Path(entry.path)
        stack.extend(reversed(folders))


def _os_reason(exc: BaseException) -> str:
    """Say why a file could not be opened, in words a user can act on."""
    code = getattr(exc, "errno", None)
    if isinstance(exc, RuntimeError) or code == errno.ELOOP:
        return "symbolic link loop; point the link at a real file"
    if code == errno.ENOENT:
        return "no longer exists (removed, or a broken link)"
    if code in (errno.EACCES, errno.EPERM):
        return "cannot be read (permission denied)"
    return f"cannot be read ({getattr(exc, 'strerror', None) or exc})"


def load_file(path: Path, source: str) -> LoadedText:
    """Read one file; raise SkipFile with a reason if it cannot be used."""
    kind = SUPPORTED.get(path.suffix.lower())
    if kind is None:
        raise SkipFile(f"unsupported format {path_text(path.suffix) or '(none)'}")
    data = read_bytes(path)
    if not data.strip():
        raise SkipFile("empty file")
    if kind == "pdf":
        read = read_pdf(path)
    elif kind == "docx":
        read = read_docx(data)
    else:
        raw = decode_bytes(data)
        if printable_ratio(_sample(raw)) < MIN_PRINTABLE:
            raise SkipFile("binary or garbled content, not text; save it as UTF-8 text")
        raw = normalise_text(raw)  # the readers judge whole "\n" lines
        if kind == "html":
            check_markup(raw)  # trafilatura's time and memory grow with the markup
        readers = {"html": read_html, "markdown": read_markdown, "text": read_text,
                   "captions": read_captions}
        read = readers[kind](raw)
    text = normalise_text(read.text)
    if not text.strip():
        raise SkipFile("no text found")
    pages = read.pages if text == read.text else tuple(
        len(normalise_text(read.text[:start])) for start in read.pages)
    meta = read.meta if read.meta.url else replace(read.meta, url=origin_of(path))
    return LoadedText(source=source, text=text, format=kind, meta=meta, pages=pages)


def read_bytes(path: Path) -> bytes:
    """Read a regular file of at most MAX_BYTES; raise SkipFile saying why not otherwise."""
    try:
        # O_NONBLOCK: a pipe posing as a file must not hang the ingest at open().
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except OSError as exc:
        raise SkipFile(_os_reason(exc)) from None
    too_big = SkipFile(f"larger than {MAX_BYTES // 2**20} MB; split it into smaller files")
    with os.fdopen(fd, "rb") as handle:
        info = os.fstat(handle.fileno())
        if not stat.S_ISREG(info.st_mode):
            raise SkipFile("not a regular file (a device, pipe or socket)")
        if info.st_size > MAX_BYTES:
            raise too_big
        try:
            data = handle.read(MAX_BYTES + 1)  # the file may grow while we read it
        except OSError as exc:
            raise SkipFile(_os_reason(exc)) from None
    if len(data) > MAX_BYTES:
        raise too_big
    return data


def decode_bytes(data: bytes) -> str:
    """Decode text: a BOM first, then UTF-8, then Windows-1252, then Latin-1 (never fails).

    Raises SkipFile for binary data (NUL bytes that are not UTF-16 text).
    """
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return data.decode(encoding, errors="replace")
    if b"\x00" in data[:8192]:
        encoding = _utf16_without_bom(data[:8192])
        if encoding is None:
            raise SkipFile("binary file (contains NUL bytes), not text")
        return data.decode(encoding, errors="replace")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    # Mostly UTF-8 with a few broken bytes (e.g. cut mid-character) stays UTF-8.
    text = data.decode("utf-8", errors="replace")
    broken = text.count("\ufffd") - data.count(b"\xef\xbf\xbd")
    wide = len(text) - len(text.encode("ascii", errors="ignore")) - text.count("\ufffd")
    if wide > broken:
        return text
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError:
        return data.decode("latin-1")


def _utf16_without_bom(sample: bytes) -> str | None:
    """Tell UTF-16 text without a BOM: most characters are ASCII, a NUL byte beside each."""
    pairs = len(sample) // 2
    text_bytes = set(range(32, 127)) | {9, 10, 13}
    for encoding, zero, char in (("utf-16-le", 1, 0), ("utf-16-be", 0, 1)):
        ascii_pairs = sum(1 for i in range(0, 2 * pairs, 2)
                          if sample[i + zero] == 0 and sample[i + char] in text_bytes)
        if pairs and ascii_pairs >= pairs / 2:
            return encoding
    return None


def normalise_text(text: str) -> str:
    """Unify line endings and drop control characters other than newlines and tabs."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u2028", "\n")
    text = text.replace("\u2029", "\n\n").replace("\ufeff", "")
    return "".join(ch for ch in text if ch in "\n\t" or (ch >= " " and not 0x7F <= ord(ch) < 0xA0))


def _sample(text: str, size: int = 32768) -> str:
    """Return the start, middle and end of a long text (enough to judge it, cheaply)."""
    if len(text) <= 3 * size:
        return text
    mid = len(text) // 2
    return text[:size] + text[mid:mid + size] + text[-size:]
