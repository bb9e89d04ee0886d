"""`hustings serve --mcp`: the chat and the documents as MCP tools, through the `mcp` client.

The app is started with the flag on an index built from invented round-ups; the tools' answers
are compared with the same app's `/chat` and `/documents` APIs.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Iterator
from typing import Any
from urllib.request import urlopen

import pytest

from tests.conftest import build_index
from tests.test_web_documents import ASHGROVE, MILLBROOK, TAKING_PART
from tests.web_app import RunningApp, running_app

MCP_PATH = "/gradio_api/mcp/sse"


def test_the_mcp_setting_is_read_from_the_environment():
    from ingest.errors import ConfigError
    from ingest.settings import Settings

    assert Settings.from_env(env={}).mcp is False
    assert Settings.from_env(env={"HUSTINGS_MCP": "1"}).mcp is True
    assert Settings.from_env(env={"HUSTINGS_MCP": "0"}, mcp=True).mcp is True  # the flag wins
    with pytest.raises(ConfigError, match="HUSTINGS_MCP"):
        Settings.from_env(env={"HUSTINGS_MCP": "sometimes"})


def test_serve_takes_the_mcp_flag():
    from bot.cli import build_parser, settings_from

    assert settings_from(build_parser().parse_args(["serve", "--mcp"])).mcp is True
    assert settings_from(build_parser().parse_args(["serve"])).mcp is False


@pytest.fixture(scope="module")
def app(tmp_path_factory: pytest.TempPathFactory, embeddings) -> Iterator[RunningApp]:
    settings = build_index(tmp_path_factory.mktemp("mcp") / "index", [ASHGROVE, MILLBROOK])
    with running_app({"HUSTINGS_INDEX": str(settings.index_dir)}, args=("--mcp",)) as app:
        yield app


def with_session(app: RunningApp, work) -> Any:
    """Run work(session) in an MCP client session against the app's SSE endpoint."""
    from mcp import ClientSession
    from mcp.client.sse import sse_client

    async def run() -> Any:
        async with sse_client(app.url + MCP_PATH) as (read, write), \
                ClientSession(read, write) as session:
            await session.initialize()
            return await work(session)

    return asyncio.run(run())


def record_of(result) -> Any:
    """Return the record a tool call gave back: JSON text, which any MCP client can read."""
    assert not result.isError, result.content
    (content,) = result.content
    assert content.type == "text"
    return json.loads(content.text)  # not a Python repr (single quotes, None, True)


@pytest.mark.slow
def test_the_app_says_where_its_mcp_tools_are(app: RunningApp):
    assert f"{app.url}{MCP_PATH}" in app.output
    with urlopen(app.url + "/gradio_api/mcp/schema", timeout=10) as schema:
        assert schema.status == 200  # what the app without the flag does not serve


@pytest.mark.slow
def test_tools_are_the_chat_and_the_documents_with_descriptions(app: RunningApp):
    async def work(session):
        return (await session.list_tools()).tools

    tools = {t.name: t for t in with_session(app, work)}
    assert {"chat", "documents"} <= set(tools)
    assert not any("ingest" in name for name in tools)  # adding documents is not an MCP tool
    chat = tools["chat"]
    assert "citation" in chat.description
    assert chat.inputSchema["required"] == ["question"]
    assert chat.inputSchema["properties"]["question"]["description"]
    assert "event" in tools["documents"].inputSchema["properties"]


@pytest.mark.slow
def test_ask_through_mcp_gives_a_cited_answer_like_the_api(app: RunningApp):
    from gradio_client import Client

    question = f"What did {TAKING_PART[0]} say about housing?"

    async def work(session):
        return await session.call_tool("chat", {"question": question})

    record = record_of(with_session(app, work))
    assert record["answered"] is True
    assert "[1]" in record["answer"]
    assert {c["speaker"] for c in record["citations"]} == {TAKING_PART[0]}
    assert record == Client(app.url, verbose=False).predict(question, api_name="/chat")


@pytest.mark.slow
def test_documents_through_mcp_lists_events_and_reads_one(app: RunningApp):
    async def work(session):
        listed = await session.call_tool("documents", {})
        one = await session.call_tool("documents", {"event": "Ashgrove council hustings"})
        return listed, one

    listed, one = with_session(app, work)
    events = record_of(listed)["events"]
    assert len(events) == 2
    reading = record_of(one)
    assert reading["title"] == "Ashgrove council hustings"
    assert {s["speaker"] for s in reading["sentences"]} >= set(TAKING_PART)


@pytest.mark.slow
def test_without_the_flag_there_is_no_mcp_endpoint(tmp_path_factory, embeddings):
    settings = build_index(tmp_path_factory.mktemp("no-mcp") / "index", [MILLBROOK])
    with running_app({"HUSTINGS_INDEX": str(settings.index_dir)}) as app:
        from urllib.error import HTTPError

        with pytest.raises(HTTPError) as error:
            urlopen(app.url + "/gradio_api/mcp/schema", timeout=10)
        assert error.value.code == 404
        assert MCP_PATH not in app.output


@pytest.mark.slow
def test_a_bad_question_through_mcp_is_an_error_saying_why_without_a_traceback(app: RunningApp):
    async def work(session):
        return await session.call_tool("chat", {"question": "   "})

    result = with_session(app, work)
    assert result.isError
    assert "Ask a question" in result.content[0].text
    assert "Traceback" not in app.output
