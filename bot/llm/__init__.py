"""The optional LLM writer: the one client module, its prompts, and the check of its replies."""
