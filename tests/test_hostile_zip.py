"""Zip bombs dressed as Word documents are refused before any reader unpacks them.

Each bomb is built here from zeros; the check runs in this process, whose peak memory
(VmHWM) must not rise by anything like what the bomb unpacks to.
"""

from __future__ import annotations

import io
import resource
import zipfile

import pytest

from ingest.loaders import SkipFile, load_file
from ingest.read.zipped import MAX_MEMBER, unzipped
from tests.hostile import bomb_docx, docx_bytes, lying_docx, repacked

MB = 2**20


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def load(tmp_path, data: bytes):
    path = tmp_path / "round-up.docx"
    path.write_bytes(data)
    return load_file(path, path.name)


def test_an_ordinary_word_document_still_reads(tmp_path):
    loaded = load(tmp_path, docx_bytes("Ada Quill (Labour) said the buses come first."))
    assert "Ada Quill (Labour) said the buses come first." in loaded.text


@pytest.mark.parametrize(("method", "name"), [(zipfile.ZIP_BZIP2, "bzip2"),
                                              (zipfile.ZIP_LZMA, "lzma")])
def test_a_member_packed_with_bzip2_or_lzma_is_refused_unread(tmp_path, method, name):
    # Word only ever writes stored or deflated parts; bzip2 turns 100 bytes into gigabytes,
    # and Python's zipfile inflates it without any bound.
    data = bomb_docx(8 * MB, method)
    before = peak_mb()
    with pytest.raises(SkipFile, match="compressed in a way Word documents never are"):
        load(tmp_path, data)
    assert peak_mb() - before < 8


def test_a_deflated_part_over_the_cap_is_refused(tmp_path):
    data = bomb_docx(MAX_MEMBER + MB, zipfile.ZIP_DEFLATED)
    assert len(data) < MAX_MEMBER // 200  # about a thousand to one
    with pytest.raises(SkipFile, match="unpacks to more than 32 MB"):
        load(tmp_path, data)


def test_a_part_that_lies_about_its_size_is_cut_where_it_says_and_refused(tmp_path):
    data = lying_docx(64 * MB)  # says 1 KB, deflates to 64 MB
    before = peak_mb()
    with pytest.raises(SkipFile, match="corrupt or unreadable Word document"):
        load(tmp_path, data)
    assert peak_mb() - before < 16  # read in 64 KB pieces, stopped at the declared size


def test_the_parts_together_are_capped_too():
    data = repacked(docx_bytes("x"), {f"word/media/part{i}.bin": (bytes(MB), zipfile.ZIP_DEFLATED)
                                      for i in range(12)})
    with pytest.raises(SkipFile, match="it unpacks to more than 8 MB"):
        unzipped(data, "Word document", max_total=8 * MB)


def test_an_archive_listing_thousands_of_parts_is_refused_before_it_is_parsed():
    parts = {f"word/p{i}.xml": (b"", zipfile.ZIP_STORED) for i in range(2100)}
    with pytest.raises(SkipFile, match="more than 2000 parts"):
        unzipped(repacked(docx_bytes("x"), parts), "Word document")


def test_not_a_zip_at_all_is_refused_as_corrupt(tmp_path):
    with pytest.raises(SkipFile, match="corrupt or unreadable"):
        load(tmp_path, b"PK\x03\x04" + bytes(range(256)) * 10)


def test_the_copy_a_reader_gets_holds_exactly_the_checked_contents():
    original = docx_bytes("Ben Harrow (Green Party) spoke on housing.")
    copy = unzipped(original, "Word document")
    with zipfile.ZipFile(io.BytesIO(original)) as a, \
            zipfile.ZipFile(io.BytesIO(copy)) as b:
        assert [i.filename for i in a.infolist()] == [i.filename for i in b.infolist()]
        for info in b.infolist():
            assert info.compress_type == zipfile.ZIP_STORED
            assert b.read(info) == a.read(info.filename)
