"""Scoring against the eval sets: answers (conversations) and attribution (who said what)."""
