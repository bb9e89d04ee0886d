"""The spaCy module: parses in batches, and loads without torch (seconds of start-up)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_parse_gives_one_parse_per_text_in_order():
    from ingest.understand.nlp import MAX_CHARS, parse

    texts = ["Mara Quell said the council should build homes.", "",
             "Tomas Birk argued for buses.", "x" * (MAX_CHARS + 1)]
    got = parse(texts)
    assert [p.text for p in got] == texts
    assert [t.text for t in got[0].tokens][:2] == ["Mara", "Quell"]
    assert any(e.label == "PERSON" and e.text == "Tomas Birk" for e in got[2].entities)
    assert got[3].tokens == ()  # a runaway block is read by its structure alone


def test_reading_never_imports_torch_yet_torch_still_imports_after():
    script = ("import sys\nfrom ingest.understand.nlp import parse\n"
              "parse(['Mara Quell said hello.'])\n"
              "print('TORCH' if 'torch' in sys.modules else 'NO TORCH')\n"
              "import torch\nprint(torch.tensor([1]).sum().item())\n")
    done = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True,
                          text=True, timeout=300)
    assert done.stdout.split() == ["NO", "TORCH", "1"], done.stderr


def test_another_thread_may_import_torch_while_spacy_loads():
    # typing first, as any program of ours has it: CPython's dataclasses reads it from
    # sys.modules without waiting, so a half-imported typing from the other thread breaks it
    script = ("import sys, threading, typing\n"
              "got = {}\n"
              "def model():\n    import torch\n    got['torch'] = torch.__name__\n"
              "loader = threading.Thread(target=model)\nloader.start()\n"
              "from ingest.understand.nlp import parse\nparse(['Mara Quell said hello.'])\n"
              "loader.join()\nprint(got['torch'])\n")
    done = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True,
                          text=True, timeout=300)
    assert done.stdout.strip() == "torch", done.stderr
