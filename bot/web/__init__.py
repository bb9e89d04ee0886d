"""The web chat: the Gradio page, its API and what it shows (the one package using Gradio)."""
