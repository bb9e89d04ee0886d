"""Shared fixtures: the real embedding model, real Chroma indexes in temporary folders."""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

# Nothing set in the shell may reach the code under test, here or in the CLI, app and Chroma
# subprocesses (they inherit os.environ): no HUSTINGS_* setting (an index, a Chroma server, an
# LLM, a backend, a port, a cache: see session_cache) and no CHROMA_* (chromadb and `chroma run`
# read them). Only the switches that make missing tools fail instead of skip are kept.
_KEPT = {"HUSTINGS_REQUIRE_BROWSER", "HUSTINGS_REQUIRE_CHROMA_SERVER"}
for _name in [n for n in os.environ if n.startswith(("HUSTINGS_", "CHROMA_")) and n not in _KEPT]:
    del os.environ[_name]
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")
# Hypothesis keeps its examples in the clone's .hypothesis/, wherever pytest is started from.
os.environ.setdefault("HYPOTHESIS_STORAGE_DIRECTORY", str(ROOT / ".hypothesis"))

DATA = ROOT / "data"
SHIPPED = DATA / "greater-manchester-mayoral-tech-hustings.txt"
FIXTURES = Path(__file__).resolve().parent / "fixtures"
ROUNDUPS = FIXTURES / "roundups"
CHROMIUM = Path("/usr/bin/chromium")


@pytest.fixture(scope="session", autouse=True)
def session_cache(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """Give the session a project cache of its own, empty: $XDG_CACHE_HOME/hustings, the folder
    Settings.from_env(env={}) and every subprocess use.

    Not ~/.cache/hustings: a snapshot there of an index with the same passage ids, built by other
    code or another backend, would be served instead of the index this code builds (snapshots
    are keyed by the passage ids, not by what the passages hold). Exporting the model afresh costs
    about 40 seconds.
    """
    folder = tmp_path_factory.mktemp("cache")
    before = os.environ.get("XDG_CACHE_HOME")
    os.environ["XDG_CACHE_HOME"] = str(folder)
    yield folder
    if before is None:
        os.environ.pop("XDG_CACHE_HOME", None)
    else:
        os.environ["XDG_CACHE_HOME"] = before
    shutil.rmtree(folder, ignore_errors=True)  # about 100 MB: not kept with pytest's tmp folders


@pytest.fixture(scope="session")
def embeddings():
    """The bundled all-MiniLM-L6-v2, loaded once per test session."""
    from ingest.index.embeddings import load_embeddings

    return load_embeddings()


@pytest.fixture
def make_settings(tmp_path: Path) -> Callable[..., object]:
    """Return a factory of Settings whose index lives in a fresh temporary folder."""
    from ingest.settings import Settings

    def make(**overrides: object) -> Settings:
        overrides.setdefault("index_dir", tmp_path / "index")
        return Settings.from_env(env={}, **overrides)

    return make


def build_index(index_dir: Path, paths: list[Path]):
    """Ingest paths into a new index at index_dir and return its Settings."""
    from ingest.pipeline import ingest_paths
    from ingest.settings import Settings

    settings = Settings.from_env(env={}, index_dir=index_dir, data_paths=tuple(paths))
    ingest_paths(paths, settings, progress=False)
    return settings


def index_of(tmp_path_factory: pytest.TempPathFactory, name: str, files: dict[str, str]) -> Path:
    """Write files (name -> text) to a new folder, ingest them into a new index; return it."""
    corpus = tmp_path_factory.mktemp(f"{name}-corpus")
    for filename, text in files.items():
        (corpus / filename).write_text(text)
    index = tmp_path_factory.mktemp(name) / "index"
    build_index(index, [corpus])
    return index


@pytest.fixture(scope="session")
def shipped_settings(tmp_path_factory: pytest.TempPathFactory, embeddings):
    """Settings of an index built from data/ (the shipped round-up)."""
    return build_index(tmp_path_factory.mktemp("shipped") / "index", [DATA])


@pytest.fixture(scope="session")
def multi_settings(tmp_path_factory: pytest.TempPathFactory, embeddings):
    """Settings of one index over the shipped round-up and the test round-ups."""
    root = tmp_path_factory.mktemp("multi")
    corpus = root / "corpus"
    corpus.mkdir()
    shutil.copy(SHIPPED, corpus / SHIPPED.name)
    for path in ROUNDUPS.iterdir():
        shutil.copy(path, corpus / path.name)
    return build_index(root / "index", [corpus])


@pytest.fixture(scope="session")
def shipped_bot(shipped_settings):
    """A Chatbot over the shipped round-up."""
    from bot.chatbot import Chatbot

    return Chatbot(shipped_settings)


@pytest.fixture(scope="session")
def multi_bot(multi_settings):
    """A Chatbot over the shipped round-up and the test round-ups together."""
    from bot.chatbot import Chatbot

    return Chatbot(multi_settings)


@pytest.fixture
def corpus_dir(tmp_path: Path) -> Iterator[Path]:
    """An empty folder to write test documents into."""
    folder = tmp_path / "docs"
    folder.mkdir()
    yield folder


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator:
    """Debian's Chromium driven by Playwright (its own browser download cannot work here).

    Its profile is Playwright's temporary one; its crash-report and dconf folders, which it puts
    in ~/.config and ~/.cache, go to a temporary folder too.
    """
    if not CHROMIUM.exists():
        message = f"{CHROMIUM} is missing: install Debian's chromium (apt-get install chromium)."
        if os.environ.get("HUSTINGS_REQUIRE_BROWSER") == "1":
            pytest.fail(message)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    home = tmp_path_factory.mktemp("chromium-home")
    env = {**os.environ, "XDG_CONFIG_HOME": str(home / "config"),
           "XDG_CACHE_HOME": str(home / "cache")}
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), env=env, args=[
            "--no-sandbox", "--disable-gpu", "--disable-background-networking"])
        yield browser
        browser.close()


# -- hostile web servers on 127.0.0.1 (tests/hostile.py), shared by the tests that fetch --------

@pytest.fixture(scope="session")
def bombs():
    """Compression bombs: 2 GB of zeros as brotli and zstd, 64 MB as gzip (built once)."""
    from tests.hostile import Bombs

    return Bombs.build()


@pytest.fixture(scope="session")
def public(bombs) -> Iterator:
    """The "internet": a test server that looks public through the test jail."""
    from tests.hostile import Site

    with Site(bombs, secret=False) as site:
        yield site


@pytest.fixture(scope="session")
def intranet() -> Iterator:
    """The server's own network: a test server holding a page no fetch may read."""
    from tests.hostile import Site

    with Site(None, secret=True) as site:
        yield site
