"""A hostile corpus: every file is ingested correctly or skipped with a reason; nothing crashes.

One real ingest (real model, real Chroma in a temporary folder) runs over a folder of empty,
binary, mis-encoded, huge, deeply nested, script-laden, corrupt and encrypted files, link
loops, odd names, a pipe, and a file deleted while the ingest runs.
"""

from __future__ import annotations

import codecs
import io
import os
import threading
import time
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ingest.index.chunking import MAX_CHARS
from ingest.loaders import MAX_BYTES, SkipFile, decode_bytes, load_file
from ingest.parse import parse_document
from ingest.read.html import html_to_text

from .pdfs import write_pdf

LONGEST_PASSAGE = 2 * MAX_CHARS  # a runaway sentence is cut at twice the passage size
NON_UTF8_NAME = os.fsdecode(b"caf\xe9 latin-1 name.md")  # not valid UTF-8 on disk

# file name -> a word its passages must contain once ingested
INGESTED = {
    "latin1.txt": "Café",
    "cp1252.txt": "“Numbat”",
    "utf8-bom.md": "Dugong",
    "utf16-bom.txt": "Wombat",
    "utf16be-bom.txt": "Kakapo",
    "utf16le-no-bom.txt": "Tapir",
    "utf32-bom.txt": "Echidna",
    "utf8-broken-byte.txt": "Crème brûlée",
    "long-paragraph.txt": "Bilby",
    "nested.html": "Platypus",
    "scripts.html": "shownAsText",
    "owner-password.pdf": "Quoll",
    "good.pdf": "Cassowary",
    "name with spaces — ünïcødé.md": "Pangolin",
    "rtl-emoji-controls.md": "Marmot",
    "deep.md": "Okapi",
    NON_UTF8_NAME.encode("utf-8", "surrogateescape").decode("utf-8", "replace"): "Gecko",
}
# file name -> words its skip reason must contain
SKIPPED = {
    "empty.txt": "empty",
    "blank.md": "empty",
    "junk.txt": "binary",
    "junk-without-nul.txt": "binary",
    "image.png": "unsupported format .png",
    "huge.txt": "larger than 20 MB",
    "only-script.html": "no text",
    "corrupt.pdf": "corrupt or unreadable PDF",
    "encrypted.pdf": "encrypted PDF that needs a password",
    "loop": "symbolic link loop",
    "self.txt": "symbolic link loop",
    "ping.md": "symbolic link loop",
    "pong.md": "symbolic link loop",
    "dangling.md": "no longer exists",
    "pipe.txt": "not a regular file",
    "zz-removed-during-ingest.md": "no longer exists",
}


def roundup(word: str, extra: str = "") -> str:
    return (f"# {word} Hustings\n\n{word} Smith (Green Party) said the {word} plan would cut "
            f"fares by half.{extra}\n\nJo Bloggs (Labour) argued for more {word} buses.\n")


def write_hostile_corpus(folder: Path) -> None:
    """Write every kind of hostile file into folder."""
    rnd = __import__("random").Random(7)
    (folder / "empty.txt").write_bytes(b"")
    (folder / "blank.md").write_text("  \n\t \n")
    (folder / "junk.txt").write_bytes(bytes(rnd.randrange(256) for _ in range(65536)))
    (folder / "junk-without-nul.txt").write_bytes(bytes(rnd.randrange(1, 256)
                                                        for _ in range(65536)))
    (folder / "image.png").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(200))
    (folder / "latin1.txt").write_bytes(roundup("Café", " It costs £5.").encode("latin-1"))
    (folder / "cp1252.txt").write_bytes(roundup("“Numbat”", " It costs €5.").encode("cp1252"))
    (folder / "utf8-bom.md").write_bytes(codecs.BOM_UTF8 + roundup("Dugong").encode())
    (folder / "utf16-bom.txt").write_bytes(roundup("Wombat").encode("utf-16"))
    (folder / "utf16be-bom.txt").write_bytes(codecs.BOM_UTF16_BE
                                             + roundup("Kakapo").encode("utf-16-be"))
    (folder / "utf16le-no-bom.txt").write_bytes(roundup("Tapir").encode("utf-16-le"))
    (folder / "utf32-bom.txt").write_bytes(roundup("Echidna").encode("utf-32"))
    (folder / "utf8-broken-byte.txt").write_bytes(roundup("Crème brûlée").encode() + b"\xff")
    with open(folder / "huge.txt", "wb") as handle:  # 50 MB of real text
        block = roundup("Huge").encode() * 1000
        for _ in range(50 * 2**20 // len(block) + 1):
            handle.write(block)
    words = "the Bilby plan for buses trams and cycle lanes across every ward ".split()
    paragraph = " ".join(words[i % len(words)] for i in range(40000))[:200_000]
    (folder / "long-paragraph.txt").write_text(f"# Bilby Hustings\n\n{paragraph}\n")
    nested = ("<div>" * 3000 + "<p>Deepest Platypus paragraph of the night.</p>"
              + "</div>" * 3000 + "<ul><li>" * 1000 + "Platypus list" + "</li></ul>" * 1000)
    (folder / "nested.html").write_text(f"<html><body><h1>Platypus Hustings</h1>{nested}"
                                        "</body></html>")
    (folder / "scripts.html").write_text(SCRIPTS_HTML)
    (folder / "only-script.html").write_text("<html><script>stealCookies()</script></html>")
    (folder / "corrupt.pdf").write_bytes(b"%PDF-1.7\n" + bytes(rnd.randrange(256)
                                                             for _ in range(4096)))
    write_pdf(folder / "good.pdf", roundup("Cassowary").splitlines())
    encrypt(write_pdf(folder / "encrypted.pdf", roundup("Kiwi").splitlines()), "secret")
    encrypt(write_pdf(folder / "owner-password.pdf", roundup("Quoll").splitlines()), "")
    (folder / "name with spaces — ünïcødé.md").write_text(roundup("Pangolin"))
    (folder / "rtl-emoji-controls.md").write_text(roundup(
        "Marmot", " مرحبا بالجميع 🗳️👩🏽‍💻 \u202egnirts desrever\u202c zero\u200bwidth \x07bell."))
    (folder / NON_UTF8_NAME).write_text(roundup("Gecko"))
    deep = folder / "a" / "b" / "c" / "d"
    deep.mkdir(parents=True)
    (deep / "deep.md").write_text(roundup("Okapi"))
    (folder / "loop").symlink_to(folder, target_is_directory=True)
    (folder / "self.txt").symlink_to(folder / "self.txt")
    (folder / "ping.md").symlink_to(folder / "pong.md")
    (folder / "pong.md").symlink_to(folder / "ping.md")
    (folder / "dangling.md").symlink_to(folder / "nowhere.md")
    os.mkfifo(folder / "pipe.txt")
    (folder / "zz-removed-during-ingest.md").write_text(roundup("Vanished"))


SCRIPTS_HTML = """<!doctype html><html><head><title>Ibex Hustings</title>
<script>stealCookies()</script><style>p { color: red }</style></head><body>
<h1>Ibex Hustings</h1>
<!-- a secret comment -->
<p onclick="pwn()">Ibex Smith (Green Party) said the Ibex plan would cut fares by half.</p>
<p><img src="x" onerror="pwn()">Jo Bloggs (Labour) argued for more Ibex buses.</p>
<p>See the <a href="javascript:pwn()">campaign site</a> for details.</p>
<p>Quoted code: &lt;script&gt;shownAsText()&lt;/script&gt; &amp; more.</p>
<iframe src="https://example.invalid/">iframe text</iframe>
<noscript>noscript text</noscript><template><p>template text</p></template>
<form><p>form text</p></form>
<script type="module">import("x").then(pwn)</script>
</body></html>"""


def encrypt(path: Path, user_password: str) -> None:
    """Encrypt a PDF with RC4 (no extra library needed); "" opens without a password."""
    from pypdf import PdfWriter

    writer = PdfWriter(clone_from=str(path))
    writer.encrypt(user_password=user_password, owner_password="owner", algorithm="RC4-128")
    buffer = io.BytesIO()
    writer.write(buffer)
    path.write_bytes(buffer.getvalue())


@pytest.fixture(scope="module")
def hostile(tmp_path_factory, embeddings):
    """Ingest the hostile corpus once, deleting one file while the ingest runs."""
    from ingest.index.store import IndexStore
    from ingest.pipeline import ingest_paths
    from ingest.settings import Settings

    root = tmp_path_factory.mktemp("hostile")
    folder = root / "docs"
    folder.mkdir()
    write_hostile_corpus(folder)
    skipped = dict(SKIPPED)
    if os.geteuid() != 0:  # root reads anything: a locked file only stops other users
        (folder / "locked.md").write_text(roundup("Locked"))
        (folder / "locked.md").chmod(0)
        skipped["locked.md"] = "permission denied"
    victim = folder / "zz-removed-during-ingest.md"
    removed = threading.Event()

    def remove_soon() -> None:
        time.sleep(0.3)  # files are listed at once; the long ones before it take seconds
        victim.unlink()
        removed.set()

    settings = Settings.from_env(env={}, index_dir=root / "index")
    remover = threading.Thread(target=remove_soon)
    remover.start()
    summary = ingest_paths([folder], settings, progress=False)
    remover.join()
    assert removed.is_set()
    store = IndexStore(settings, embeddings)
    return summary, store.load_passages(), skipped


def name(source: str) -> str:
    return source.rstrip("/").rsplit("/", 1)[-1]


def test_every_hostile_file_is_ingested_or_skipped_with_its_reason(hostile):
    summary, _, skipped = hostile
    ingested = {name(f.source) for f in summary.files}
    reasons = {name(s.source): s.reason for s in summary.skipped}
    assert ingested == set(INGESTED)
    assert set(reasons) == set(skipped)
    for file, words in skipped.items():
        assert words in reasons[file], (file, reasons[file])
    "\n".join(summary.lines()).encode("utf-8")  # odd names still print


def test_ingested_files_keep_their_text_whatever_the_encoding(hostile):
    summary, passages, _ = hostile
    by_file: dict[str, list[str]] = {}
    for p in passages:
        by_file.setdefault(name(p.source), []).append(p.text)
    for file, word in INGESTED.items():
        assert any(word in text for text in by_file[file]), (file, by_file.get(file))
    assert summary.total_passages == len(passages)
    everything = "\n".join(p.text for p in passages)
    assert "£5" in everything and "€5" in everything and "🗳️" in everything
    for debris in ("\x00", "\x07", "\ufeff"):  # no decoding debris, no control characters
        assert debris not in everything
    # Only the file with a broken byte has a replacement character, in place of that byte.
    assert {f for f, texts in by_file.items() if "\ufffd" in "".join(texts)} == {
        "utf8-broken-byte.txt"}


def test_html_keeps_only_what_a_reader_sees(hostile):
    _, passages, _ = hostile
    html = "\n".join(p.text for p in passages if name(p.source) == "scripts.html")
    assert "campaign site" in html and "<script>shownAsText()</script> & more" in html
    for hidden in ("stealCookies", "pwn", "secret comment", "color: red", "iframe text",
                   "noscript text", "template text", "form text", "javascript:"):
        assert hidden not in html


def test_a_200000_character_paragraph_is_cut_into_bounded_passages(hostile):
    _, passages, _ = hostile
    long = [p for p in passages if name(p.source) == "long-paragraph.txt"]
    assert len(long) >= 200_000 // LONGEST_PASSAGE
    assert max(len(p.text) for p in long) <= LONGEST_PASSAGE
    assert sum(len(p.text) for p in long) >= 199_000  # nothing of it lost


def test_a_200000_character_paragraph_of_short_sentences_parses():
    text = "# Title\n\n" + " ".join(f"Ann Lee said point {n} matters." for n in range(7000))
    doc = parse_document(text[:200_010], "long.txt")
    assert max(len(p.text) for p in doc.passages) <= MAX_CHARS
    assert doc.passages[-1].end >= 200_000 - 40


def test_deeply_nested_html_is_read_without_recursion():
    html = "<div>" * 20_000 + "<p>Deep text.</p>" + "</div>" * 20_000
    assert html_to_text(html) == "Deep text."


def test_a_file_over_the_limit_is_skipped_before_it_is_read(tmp_path):
    path = tmp_path / "big.txt"
    with open(path, "wb") as handle:  # sparse: the size alone must decide
        handle.truncate(MAX_BYTES + 1)
    with pytest.raises(SkipFile, match="larger than"):
        load_file(path, "big.txt")


@pytest.mark.parametrize(("data", "text"), [
    (codecs.BOM_UTF8 + "Café".encode(), "Café"),
    ("Café".encode("utf-16"), "Café"),
    (codecs.BOM_UTF16_BE + "Café".encode("utf-16-be"), "Café"),
    ("Café".encode("utf-32"), "Café"),
    ("Café hustings".encode("utf-16-le"), "Café hustings"),
    ("Café hustings".encode("utf-16-be"), "Café hustings"),
    ("Café £5".encode("latin-1"), "Café £5"),
    ("“quoted” €5".encode("cp1252"), "“quoted” €5"),
    ("Crème brûlée".encode() + b"\xe2\x82", "Crème brûlée\ufffd"),
])
def test_encodings_are_detected(data, text):
    assert decode_bytes(data) == text


def test_binary_data_is_refused():
    with pytest.raises(SkipFile, match="binary"):
        decode_bytes(b"\x00\x01\x02\x03binary\x00\xff" * 100)


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=4096))
def test_decoding_never_fails_on_any_bytes(data):
    try:
        text = decode_bytes(data)
    except SkipFile as exc:
        assert "binary" in str(exc) and b"\x00" in data
        return
    assert isinstance(text, str)
    text.encode("utf-8")  # valid Unicode: no lone surrogates
