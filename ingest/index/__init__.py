"""Index what was read: passages chunked, embedded and stored (the one module talking to Chroma).
"""
