"""Hostile inputs for the tests, made here: zip bombs dressed as Word documents.

Nothing is downloaded; every bomb is built from zeros at test time.
"""

from __future__ import annotations

import io
import struct
import zipfile

BODY = "word/document.xml"


def docx_bytes(*paragraphs: str) -> bytes:
    """Return a real Word document (python-docx) holding the paragraphs."""
    import docx

    document = docx.Document()
    for text in paragraphs:
        document.add_paragraph(text)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def repacked(data: bytes, replace: dict[str, tuple[bytes, int]]) -> bytes:
    """Return the archive with members' contents and compression replaced (or added)."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as old, zipfile.ZipFile(out, "w") as new:
        names = [i.filename for i in old.infolist()]
        for name in names + [n for n in replace if n not in names]:
            content, method = replace.get(name, (b"", 0)) if name not in names else \
                replace.get(name, (old.read(name), zipfile.ZIP_DEFLATED))
            new.writestr(zipfile.ZipInfo(name, (2026, 1, 1, 0, 0, 0)), content,
                         compress_type=method)
    return out.getvalue()


def zeros(size: int) -> bytes:
    return bytes(size)


def bomb_docx(size: int, method: int) -> bytes:
    """Return a Word document whose body unpacks to `size` zero bytes, packed by method."""
    return repacked(docx_bytes("A hustings."), {BODY: (zeros(size), method)})


def lying_docx(size: int, declared: int = 1024) -> bytes:
    """Return a Word document whose deflated body unpacks to size bytes but declares fewer.

    The member's headers (local and central) say `declared`; its CRC is the real content's.
    """
    data = bytearray(bomb_docx(size, zipfile.ZIP_DEFLATED))
    name = BODY.encode()
    local = data.find(b"PK\x03\x04")
    while local >= 0:
        name_len = struct.unpack("<H", data[local + 26:local + 28])[0]
        if data[local + 30:local + 30 + name_len] == name:
            struct.pack_into("<I", data, local + 22, declared)
            break
        local = data.find(b"PK\x03\x04", local + 4)
    central = data.find(b"PK\x01\x02")
    while central >= 0:
        name_len = struct.unpack("<H", data[central + 28:central + 30])[0]
        if data[central + 46:central + 46 + name_len] == name:
            struct.pack_into("<I", data, central + 24, declared)
            break
        central = data.find(b"PK\x01\x02", central + 4)
    return bytes(data)
