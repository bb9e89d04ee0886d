"""Open zip-based documents (.docx and any other zipped format) without a zip bomb's harm.

Every reader of a zipped format passes the file's bytes through unzipped() before its
library sees them. Python's zipfile trusts the sizes a member declares and inflates a
compressed chunk in one call (bzip2 and LZMA without any bound), so a few kilobytes can
unpack to gigabytes before a single check. Here the archive is checked first and then
unpacked in bounded pieces, counting what really comes out: at most MAX_MEMBERS members,
MAX_MEMBER bytes each and MAX_TOTAL in all, only the stored and deflated members Office
and OpenDocument write. The reader gets a copy of the archive rebuilt from the checked
contents (stored, not compressed), so that no header it trusts can lie any more.
"""

from __future__ import annotations

import io
import struct
import zipfile

from ingest.read.meta import SkipFile

MAX_MEMBERS = 2000  # a long Word document has a few dozen parts
MAX_MEMBER = 32 * 2**20  # uncompressed bytes of one part (the text of ~1,000 pages)
MAX_TOTAL = 96 * 2**20  # uncompressed bytes of every part together
PIECE = 64 * 1024  # bytes inflated at a time
_METHODS = {zipfile.ZIP_STORED: "stored", zipfile.ZIP_DEFLATED: "deflated"}
_END = b"PK\x05\x06"  # end of central directory record
_END_SIZE = 22


def unzipped(data: bytes, kind: str = "document", *, max_members: int = MAX_MEMBERS,
             max_member: int = MAX_MEMBER, max_total: int = MAX_TOTAL) -> bytes:
    """Return a safe copy of a zip archive's bytes; raise SkipFile saying why it is refused."""
    _check_directory(data, kind, max_members)
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            infos = archive.infolist()
            _check_declared(infos, kind, max_members, max_member, max_total)
            out = io.BytesIO()
            with zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as copy:
                total = 0
                for info in infos:
                    if info.is_dir():
                        continue
                    content = _inflate(archive, info, kind, max_member, max_total, total)
                    total += len(content)
                    copy.writestr(_plain(info), content)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, OSError, ValueError,
            NotImplementedError, RuntimeError) as exc:
        raise SkipFile(f"corrupt or unreadable {kind} ({_reason(exc)}); open it and save it "
                       "again") from None
    return out.getvalue()


def _check_directory(data: bytes, kind: str, max_members: int) -> None:
    """Refuse an archive whose directory lists too many members, before it is parsed."""
    at = data.rfind(_END, max(0, len(data) - 65_536 - _END_SIZE))
    if at < 0 or len(data) < at + _END_SIZE:
        raise SkipFile(f"corrupt or unreadable {kind} (not a zip archive); open it and save "
                       "it again")
    entries = struct.unpack("<H", data[at + 10:at + 12])[0]
    if entries == 0xFFFF or entries > max_members:  # 0xFFFF: a ZIP64 count, never a document's
        raise SkipFile(f"has more than {max_members} parts inside; this is not an ordinary "
                       f"{kind}")


def _check_declared(infos: list[zipfile.ZipInfo], kind: str, max_members: int,
                    max_member: int, max_total: int) -> None:
    """Refuse what the directory declares: too many members, odd compression, big sizes."""
    if len(infos) > max_members:
        raise SkipFile(f"has more than {max_members} parts inside; this is not an ordinary "
                       f"{kind}")
    total = 0
    for info in infos:
        if info.compress_type not in _METHODS:
            raise SkipFile(f"is compressed in a way {kind}s never are (method "
                           f"{info.compress_type}); save it again from a word processor")
        if info.flag_bits & 0x1:
            raise SkipFile(f"is an encrypted {kind}; save a copy without a password")
        if info.file_size > max_member:
            raise SkipFile(_too_big(kind, max_member, "one part of it unpacks to"))
        total += info.file_size
        if total > max_total:
            raise SkipFile(_too_big(kind, max_total, "it unpacks to"))


def _inflate(archive: zipfile.ZipFile, info: zipfile.ZipInfo, kind: str, max_member: int,
             max_total: int, used: int) -> bytes:
    """Unpack one member in bounded pieces, stopping as soon as it passes a cap."""
    pieces: list[bytes] = []
    size = 0
    with archive.open(info) as member:
        while piece := member.read(PIECE):
            size += len(piece)
            if size > max_member:
                raise SkipFile(_too_big(kind, max_member, "one part of it unpacks to"))
            if used + size > max_total:
                raise SkipFile(_too_big(kind, max_total, "it unpacks to"))
            pieces.append(piece)
    return b"".join(pieces)


def _plain(info: zipfile.ZipInfo) -> zipfile.ZipInfo:
    """Return a member's entry for the copy: same name and date, no compression or flags."""
    entry = zipfile.ZipInfo(info.filename, date_time=info.date_time)
    entry.compress_type = zipfile.ZIP_STORED
    return entry


def _too_big(kind: str, limit: int, what: str) -> str:
    return (f"{what} more than {limit // 2**20} MB, far more than any {kind} of text needs "
            "(a zip bomb, or a file full of media); save the text alone in a new file")


def _reason(exc: BaseException) -> str:
    text = " ".join(str(exc).split())[:100]
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__
