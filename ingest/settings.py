"""One Settings object, read from HUSTINGS_* variables and overridden by CLI flags."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path

from ingest.errors import ConfigError

DEFAULT_DATA = Path(__file__).resolve().parent.parent / "data"


@dataclass(frozen=True)
class Settings:
    """Everything the project can be configured with."""

    index_dir: Path = Path(".hustings/index")
    data_paths: tuple[Path, ...] = (DEFAULT_DATA,)
    chroma_url: str | None = None
    collection: str = "hustings"
    host: str = "127.0.0.1"
    port: int = 7860
    max_question_chars: int = 2000
    max_answer_chars: int = 1200
    history_turns: int = 10
    # A sentence is quoted as a candidate's only when the reader is at least this sure who
    # said it (Span.confidence); below it, the sentence is nobody's in an answer.
    min_speaker_confidence: float = 0.5
    embed_batch_size: int = 64
    embed_backend: str = "onnx"  # or "torch" (same vectors) or "int8": ingest/index/embeddings.py
    cache_dir: Path = field(default_factory=lambda: default_cache_dir())
    llm: str = "none"
    llm_base_url: str | None = None
    llm_api_key: str | None = field(default=None, repr=False)
    llm_timeout: float = 60.0
    auth: str | None = field(default=None, repr=False)
    mcp: bool = False  # serve the chat and the documents as MCP tools too (gradio[mcp])
    read_only: bool = False  # the web page cannot add or remove documents
    uploads_dir: Path | None = None  # documents added in the page; None: <index_dir>/uploads
    max_upload_mb: int = 20  # per file added in the page or fetched from a URL
    max_upload_files: int = 20  # files and URLs in one addition
    url_timeout: float = 20.0  # seconds to fetch a page, all of it
    allow_local_urls: bool = False  # fetch from loopback and private addresses (tests, intranets)
    upload_ttl: float = 3600.0  # seconds a file sent to the page but not added is kept

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None, **overrides: object) -> Settings:
        """Build settings from HUSTINGS_* variables, then apply non-None overrides."""
        env = os.environ if env is None else env
        values: dict[str, object] = {}
        if v := env.get("HUSTINGS_INDEX"):
            values["index_dir"] = Path(v)
        if v := env.get("HUSTINGS_DATA"):
            values["data_paths"] = tuple(Path(p) for p in v.split(os.pathsep) if p)
        if v := env.get("HUSTINGS_CHROMA_URL"):
            values["chroma_url"] = v
        if v := env.get("HUSTINGS_COLLECTION"):
            values["collection"] = v
        if v := env.get("HUSTINGS_EMBED_BACKEND"):
            values["embed_backend"] = v
        if v := env.get("HUSTINGS_CACHE"):
            values["cache_dir"] = Path(v)
        if v := env.get("HUSTINGS_HOST"):
            values["host"] = v
        if v := env.get("HUSTINGS_PORT"):
            values["port"] = port = _int("HUSTINGS_PORT", v)
            if not 0 <= port < 65536:  # 0: any free port
                raise ConfigError(f"HUSTINGS_PORT must be a port from 1 to 65535, not {v!r}.")
        if v := env.get("HUSTINGS_LLM"):
            values["llm"] = v
        if v := env.get("HUSTINGS_LLM_BASE_URL"):
            values["llm_base_url"] = v
        if v := env.get("HUSTINGS_LLM_API_KEY"):
            values["llm_api_key"] = v
        if v := env.get("HUSTINGS_LLM_TIMEOUT"):
            values["llm_timeout"] = float(_int("HUSTINGS_LLM_TIMEOUT", v))
        if v := env.get("HUSTINGS_MIN_SPEAKER_CONFIDENCE"):
            values["min_speaker_confidence"] = _fraction("HUSTINGS_MIN_SPEAKER_CONFIDENCE", v)
        if v := env.get("HUSTINGS_AUTH"):
            values["auth"] = v
        if v := env.get("HUSTINGS_MCP"):
            values["mcp"] = _flag("HUSTINGS_MCP", v)
        if v := env.get("HUSTINGS_READ_ONLY"):
            values["read_only"] = _flag("HUSTINGS_READ_ONLY", v)
        if v := env.get("HUSTINGS_UPLOADS"):
            values["uploads_dir"] = Path(v)
        if v := env.get("HUSTINGS_MAX_UPLOAD_MB"):
            values["max_upload_mb"] = _int("HUSTINGS_MAX_UPLOAD_MB", v)
        if v := env.get("HUSTINGS_MAX_UPLOAD_FILES"):
            values["max_upload_files"] = _int("HUSTINGS_MAX_UPLOAD_FILES", v)
        if v := env.get("HUSTINGS_URL_TIMEOUT"):
            values["url_timeout"] = float(_int("HUSTINGS_URL_TIMEOUT", v))
        if v := env.get("HUSTINGS_UPLOAD_TTL"):
            values["upload_ttl"] = float(_int("HUSTINGS_UPLOAD_TTL", v))
        if v := env.get("HUSTINGS_ALLOW_LOCAL_URLS"):
            values["allow_local_urls"] = _flag("HUSTINGS_ALLOW_LOCAL_URLS", v)
        values.update({k: v for k, v in overrides.items() if v is not None})
        if values.get("embed_backend", "onnx") not in ("int8", "onnx", "torch"):
            raise ConfigError("HUSTINGS_EMBED_BACKEND must be onnx, torch or int8, not "
                              f"{values['embed_backend']!r}.")
        return cls(**values)  # type: ignore[arg-type]

    @property
    def upload_folder(self) -> Path:
        """Return the folder that documents added in the web page are kept in."""
        return self.uploads_dir or self.index_dir / "uploads"

    @property
    def max_upload_bytes(self) -> int:
        """Return the largest file the web page takes, in bytes."""
        return self.max_upload_mb * 1024 * 1024

    def with_(self, **changes: object) -> Settings:
        """Return a copy with the given non-None fields changed."""
        return replace(self, **{k: v for k, v in changes.items() if v is not None})


def default_cache_dir() -> Path:
    """Return the cache folder when HUSTINGS_CACHE is unset: $XDG_CACHE_HOME/hustings."""
    root = os.environ.get("XDG_CACHE_HOME")
    return (Path(root) if root else Path.home() / ".cache") / "hustings"


def _flag(name: str, value: str) -> bool:
    lowered = value.strip().lower()
    if lowered in ("1", "true", "yes", "on"):
        return True
    if lowered in ("0", "false", "no", "off", ""):
        return False
    raise ConfigError(f"{name} must be 1 or 0, not {value!r}.")


def _fraction(name: str, value: str) -> float:
    try:
        number = float(value)
    except ValueError:
        number = -1.0
    if not 0.0 <= number <= 1.0:
        raise ConfigError(f"{name} must be a number from 0 to 1, not {value!r}.")
    return number


def _int(name: str, value: str) -> int:
    try:
        return int(value)
    except ValueError:
        raise ConfigError(f"{name} must be a whole number, not {value!r}.") from None
