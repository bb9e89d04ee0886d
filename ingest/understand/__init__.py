"""Understand one document: who is who, and who said each sentence."""

from ingest.understand.model import Person, Reading, Role, Sentence, Status
from ingest.understand.reader import read_file, read_loaded

__all__ = ["Person", "Reading", "Role", "Sentence", "Status", "read_file", "read_loaded"]
