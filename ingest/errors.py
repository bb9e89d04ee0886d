"""The project's error hierarchy: every message says what to do next."""

from __future__ import annotations


class HustingsError(Exception):
    """Base class for errors a user can act on."""

    exit_code = 1


class ConfigError(HustingsError):
    """A setting is missing or malformed."""

    exit_code = 2


class IngestError(HustingsError):
    """Nothing could be ingested."""


class IndexMissingError(HustingsError):
    """The index does not exist or is empty."""


class QuestionError(HustingsError):
    """The question cannot be asked as given."""

    exit_code = 2


class IndexAccessError(HustingsError):
    """The index folder cannot be opened or written (permissions, a full disk, not an index)."""
