"""Lay a document out: blocks, turn labels, lists, sections, tables and quotes, computed once."""

from ingest.layout.layout import Block, Layout, lay_out

__all__ = ["Block", "Layout", "lay_out"]
