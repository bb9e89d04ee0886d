"""Understand a question and plan its answer once: intents, people, follow-ups, the Plan."""
