"""Start the hustings web chat: python app.py [--host HOST] [--port PORT]."""

from __future__ import annotations

import sys

from bot.cli import main

if __name__ == "__main__":
    sys.exit(main(["serve", *sys.argv[1:]]))
