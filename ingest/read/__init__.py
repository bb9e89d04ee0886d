"""Readers, one per format: each returns a document's clean Markdown-flavoured text and metadata."""
