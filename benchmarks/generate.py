"""Deterministic generator of a large synthetic corpus for benchmarking (a JSONL file).

Articles are assembled from varied sentence templates, outlets, actors and dates, with a seeded
random generator, so the same arguments always give the same bytes.

    python benchmarks/generate.py --n 10000 --out build/bench/corpus.jsonl
"""

from __future__ import annotations

import argparse
import json
import random
from pathlib import Path

OUTLETS = ["Reuters", "AP", "AFP", "Sputnik", "RT", "BBC", "Al Jazeera", "CNN", "Xinhua", "The Guardian"]
ACTORS = ["Qassem Soleimani", "Donald Trump", "Mike Pompeo", "Mark Esper", "Hassan Rouhani", "Ali Khamenei",
          "Adel Abdul Mahdi", "Jens Stoltenberg", "the Pentagon", "NATO", "Iran", "Iraq", "the United States"]
VERBS = ["said", "told reporters", "claimed", "warned", "denied", "confirmed", "added", "insisted"]
TEMPLATES = [
    "{a} {v} on {day} that {b} had {act} the {thing}.",
    '"We will not accept {thing}," {a} {v}.',
    "According to {a}, the {thing} was {adj} and {b} would respond.",
    "The {adj} {thing} came days after {b} {act} a convoy near Baghdad airport.",
    "{a} accused {b} of planning attacks on {num} {thing}s in the region.",
    "Officials, speaking on condition of anonymity, said {b} was behind the {thing}.",
    "{a} reportedly met {b} in {place} on {day}, where the {thing} was discussed.",
    "At least {num} people were killed in the {thing}, {a} {v}.",
]
FILL = {
    "day": ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"],
    "act": ["struck", "targeted", "condemned", "ordered", "approved", "blamed"],
    "thing": ["strike", "letter", "withdrawal", "sanction", "attack", "resolution", "embassy", "mission"],
    "adj": ["imminent", "unprecedented", "temporary", "heinous", "defensive", "decisive", "so-called"],
    "place": ["Baghdad", "Tehran", "Washington", "Brussels", "Florida", "Kirkuk"],
}


def make_article(rng: random.Random, i: int) -> dict:
    """One synthetic article with 5 to 60 sentences in 1 to 20 paragraphs."""
    n_sentences = rng.randint(5, 60)
    sentences = []
    for _ in range(n_sentences):
        template = rng.choice(TEMPLATES)
        values = {k: rng.choice(v) for k, v in FILL.items()}
        a, b = rng.sample(ACTORS, 2)
        values.update(a=a, b=b, v=rng.choice(VERBS), num=rng.randint(2, 500))
        sentence = template.format(**values)
        sentences.append(sentence[0].upper() + sentence[1:])
    paragraphs, k = [], 0
    while k < len(sentences):
        step = rng.randint(1, 4)
        paragraphs.append(" ".join(sentences[k:k + step]))
        k += step
    return {"outlet": rng.choice(OUTLETS), "date": f"2020-01-{rng.randint(1, 31):02d}",
            "title": f"Synthetic story {i}", "url": f"https://example.org/{i}", "text": "\n\n".join(paragraphs)}


def generate(n: int, *, seed: int = 20200103) -> list[dict]:
    """``n`` synthetic articles (deterministic for a given seed)."""
    rng = random.Random(seed)
    return [make_article(rng, i) for i in range(n)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=10000)
    parser.add_argument("--seed", type=int, default=20200103)
    parser.add_argument("--out", default="build/bench/corpus.jsonl")
    args = parser.parse_args()
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    with out.open("w", encoding="utf-8") as fh:
        for record in generate(args.n, seed=args.seed):
            fh.write(json.dumps(record, ensure_ascii=False) + "\n")
    print(f"wrote {args.n} articles to {out}")


if __name__ == "__main__":
    main()
