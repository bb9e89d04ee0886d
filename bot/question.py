"""The question's public helpers, where the web page and the CLI import them from.

Understanding a question lives in bot/asking/; this module only names what callers outside
bot/ answering use.
"""

from bot.asking.intents import Intent
from bot.asking.question import Analysis, analyse, clean_question

__all__ = ["Analysis", "Intent", "analyse", "clean_question"]
