"""Shared fixtures: the real embedding model, real Chroma indexes in temporary folders."""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"
SHIPPED = DATA / "greater-manchester-mayoral-tech-hustings.txt"
FIXTURES = Path(__file__).resolve().parent / "fixtures"
ROUNDUPS = FIXTURES / "roundups"
CHROMIUM = Path("/usr/bin/chromium")


@pytest.fixture(scope="session")
def embeddings():
    """The bundled all-MiniLM-L6-v2, loaded once per test session."""
    from ingest.embeddings import load_embeddings

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
def browser() -> Iterator:
    """Debian's Chromium driven by Playwright (its own browser download cannot work here)."""
    if not CHROMIUM.exists():
        message = f"{CHROMIUM} is missing: install Debian's chromium (apt-get install chromium)."
        if os.environ.get("HUSTINGS_REQUIRE_BROWSER") == "1":
            pytest.fail(message)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=[
            "--no-sandbox", "--disable-gpu", "--disable-background-networking"])
        yield browser
        browser.close()
