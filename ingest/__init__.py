"""Turn hustings round-ups into a searchable, speaker-aware index."""
