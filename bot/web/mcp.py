"""Serving the chat as MCP tools: Gradio does it (`mcp_server=True`) when gradio[mcp] is there."""

from __future__ import annotations

import importlib.util

from ingest.errors import ConfigError
from ingest.settings import Settings

PATH = "/gradio_api/mcp/sse"  # where Gradio serves MCP (streamable HTTP at /gradio_api/mcp/)


def require(settings: Settings) -> None:
    """Refuse to start with MCP asked for when its packages are not installed."""
    if settings.mcp and importlib.util.find_spec("mcp") is None:
        raise ConfigError("MCP needs the mcp extra: .venv/bin/pip install -e '.[mcp]' "
                          "(or unset HUSTINGS_MCP / drop --mcp).")


def address(settings: Settings) -> str:
    """Return the URL an MCP client connects to."""
    return f"http://{settings.host}:{settings.port}{PATH}"
