"""The Gradio web chat (placeholder until the web-chat issue lands): the only Gradio module."""

from __future__ import annotations

import os

from ingest.settings import Settings


def serve(settings: Settings) -> None:
    """Build the index if needed, then serve the chat on settings.host:settings.port."""
    os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")
    import gradio as gr

    from bot.answer import Turn
    from bot.citations import plain_sources
    from bot.startup import open_chatbot

    bot = open_chatbot(settings)

    def respond(message: str, history: list) -> str:
        answer = bot.ask(message, [])
        return answer.text + "\n\n" + "\n".join(f"- {s}" for s in plain_sources(answer.citations))

    _ = Turn
    demo = gr.ChatInterface(respond, title="Hustings")
    print(f"Serving on http://{settings.host}:{settings.port}")
    demo.launch(server_name=settings.host, server_port=settings.port, share=False)
