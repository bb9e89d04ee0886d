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
    embed_batch_size: int = 64
    embed_backend: str = "onnx"  # or "torch" (same vectors) or "int8": ingest/embeddings.py
    cache_dir: Path = field(default_factory=lambda: default_cache_dir())
    llm: str = "none"
    llm_base_url: str | None = None
    llm_api_key: str | None = field(default=None, repr=False)
    llm_timeout: float = 60.0
    auth: str | None = field(default=None, repr=False)

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
            values["port"] = _int("HUSTINGS_PORT", v)
        if v := env.get("HUSTINGS_LLM"):
            values["llm"] = v
        if v := env.get("HUSTINGS_LLM_BASE_URL"):
            values["llm_base_url"] = v
        if v := env.get("HUSTINGS_LLM_API_KEY"):
            values["llm_api_key"] = v
        if v := env.get("HUSTINGS_LLM_TIMEOUT"):
            values["llm_timeout"] = float(_int("HUSTINGS_LLM_TIMEOUT", v))
        if v := env.get("HUSTINGS_AUTH"):
            values["auth"] = v
        values.update({k: v for k, v in overrides.items() if v is not None})
        if values.get("embed_backend", "onnx") not in ("int8", "onnx", "torch"):
            raise ConfigError("HUSTINGS_EMBED_BACKEND must be onnx, torch or int8, not "
                              f"{values['embed_backend']!r}.")
        return cls(**values)  # type: ignore[arg-type]

    def with_(self, **changes: object) -> Settings:
        """Return a copy with the given non-None fields changed."""
        return replace(self, **{k: v for k, v in changes.items() if v is not None})


def default_cache_dir() -> Path:
    """Return the cache folder when HUSTINGS_CACHE is unset: $XDG_CACHE_HOME/hustings."""
    root = os.environ.get("XDG_CACHE_HOME")
    return (Path(root) if root else Path.home() / ".cache") / "hustings"


def _int(name: str, value: str) -> int:
    try:
        return int(value)
    except ValueError:
        raise ConfigError(f"{name} must be a whole number, not {value!r}.") from None
