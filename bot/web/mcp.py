"""Serving the chat as MCP tools: Gradio does it (`mcp_server=True`) when gradio[mcp] is there."""

from __future__ import annotations

import importlib.util
import json
from typing import Any

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


def answer_in_json(demo: Any) -> None:
    """Make the MCP tools return their records as JSON text.

    Gradio's MCP server sends a tool's result as str(result): a Python repr for the dict
    records of chat and documents, which MCP clients cannot parse. Encoding the records
    where it writes them keeps the /chat and /documents APIs returning dicts.
    """
    server = getattr(demo, "mcp_server_obj", None)
    if server is None:
        return
    write = server.postprocess_output_data

    def postprocess(data: list[Any], root_url: str) -> list[Any]:
        return write([json.dumps(item, ensure_ascii=False) if isinstance(item, dict | list)
                      else item for item in data], root_url)

    server.postprocess_output_data = postprocess
