"""The project's error hierarchy: every message says what went wrong and what to do next.

Each is translated once, at an edge: an exit code and one line in the command, a message in the
web page and its APIs, one line in the server's log. A traceback is for anything else (a bug).

    HustingsError          exit 1: the index, the files or a service failed
    ├── IngestError        nothing could be ingested or removed
    ├── IndexMissingError  there is no index, or it is empty
    ├── IndexAccessError   the index (or its Chroma server) cannot be opened or read
    └── UsageError         exit 2: the command was given something it cannot use
        ├── ConfigError    a setting or flag is missing or malformed
        └── QuestionError  a question cannot be asked as given
"""

from __future__ import annotations


class HustingsError(Exception):
    """Base class for errors a user can act on."""

    exit_code = 1


class IngestError(HustingsError):
    """Nothing could be ingested (or removed)."""


class IndexMissingError(HustingsError):
    """The index does not exist or is empty."""


class IndexAccessError(HustingsError):
    """The index cannot be opened, read or written: damaged, not an index, no permission, a
    full disk, or its Chroma server does not answer."""


class UsageError(HustingsError):
    """A command, flag or argument names something that cannot be used as given."""

    exit_code = 2


class ConfigError(UsageError):
    """A setting is missing or malformed."""


class QuestionError(UsageError):
    """The question cannot be asked as given."""
