"""The tone model as a user relies on it, on real NewsMTSC dev sentences.

NewsMTSC (Hamborg & Donnay, EACL 2021; MIT, Copyright 2020 Felix Hamborg): every sentence below is copied
from its dev splits, the comment above it naming the split and the target's ``Input.gid``; the dev files
themselves are read from the project's copy in ``data/external/newsmtsc/``. ``training/tone.py evaluate``
scores the whole of both dev splits; here only what would break a user's results is checked: clear cases,
two actors of opposite tone in one sentence, the same bits on any thread count and in any batch, calibrated
probabilities, the dev_rw macro-F1, and labels read off the rounded probabilities.
"""
from __future__ import annotations

import json
import os
import subprocess
import sys

import numpy as np
import pandas as pd
import pytest

from analysis import paths
from analysis.lenses.tone import MODEL_FOLDER, load
from analysis.lenses.tone import evaluate as ev
from analysis.lenses.tone.mentions import labels_of, tone_mentions

DEV_RW = paths.EXTERNAL_DIR / "newsmtsc" / "dev_rw.jsonl"


@pytest.fixture(scope="module")
def model(resources):
    """The shipped model, loaded as the lens loads it."""
    return resources.model(MODEL_FOLDER, load)


@pytest.fixture(scope="module")
def dev_rw() -> pd.DataFrame:
    with open(DEV_RW, encoding="utf-8") as handle:
        return ev.mention_table(handle)


def _labels(model, sentences, spans):
    return labels_of(model.predict_proba(list(sentences), list(spans)))


def _span(sentence: str, mention: str) -> tuple[int, int]:
    start = sentence.index(mention)
    return start, start + len(mention)


# ------------------------------------------------------------------------------ (a) clear cases
# (sentence, target, gold label); gold is NewsMTSC's
CLEAR = [
    # dev_rw allsides_6362_2739_33_Mitt Romney_51_57
    ('Obama campaign spokesman Ben LaBolt responded that Romney "seemed unhinged" during the campaign speech.',
     "Romney", "negative"),
    # dev_rw polusa_v1_59458672_-1_17_Ivanka Trump_5_17
    ("The Ivanka Trump brand has also come under criticism for conditions at factories where its products were "
     "made in China.", "Ivanka Trump", "negative"),
    # dev_rw polusa_v1_4293344_-1_5_the GOP’s Karen Handel_51_57
    ("CNN declared the race a runoff between Ossoff and Handel shortly after midnight.", "Handel", "neutral"),
    # dev_rw polusa_v1_59509547_-1_3_Kane County_1_12
    ("Kane County Associate Judge Linda S. Abrahamson accepted the plea.", "Kane County", "neutral"),
    # dev_rw allsides_2255_917_12_Ted Cruz For President_60_64
    ("John Kasich also agreed to pull resources out of Indiana so Cruz could campaign there more effectively.",
     "Cruz", "positive"),
    # dev_rw polusa_v1_55271274_-1_31_Crown Prince Mohammed bin Salman_1_11
    ("The prince has courted the West to support his drive to transform the conservative kingdom and wean it off oil.",
     "The prince", "positive"),
]

# one sentence, two targets of opposite gold tone: (sentence, positive target, negative target)
OPPOSITE = [
    # dev_mt polusa_v1_4655869_-1_4_Attorney-General George Brandis_1_32 (positive), ..._Hanson_114_120 (negative)
    ("Attorney-General George Brandis drew applause when he said his government would not ban the burqa, and "
     "chastised Hanson for what he described as a \"stunt\" that offended Australia's Muslim minority.",
     "Attorney-General George Brandis", "Hanson"),
    # dev_mt allsides_4643_1945_4_nine-time Olympic gold medalist Carl Lewis_16_58 (positive), ..._Christie_64_72
    ("Also on Monday, nine-time Olympic gold medalist Carl Lewis said Christie dropped a plan to appoint him the "
     "state's first physical fitness ambassador when he launched a political campaign against a Christie friend.",
     "nine-time Olympic gold medalist Carl Lewis", "Christie"),
]


def test_clear_targets_get_their_label(model):
    sentences = [s for s, _, _ in CLEAR]
    found = _labels(model, sentences, [_span(s, m) for s, m, _ in CLEAR])
    assert found == [label for _, _, label in CLEAR]


@pytest.mark.parametrize("sentence, praised, criticised", OPPOSITE)
def test_two_targets_in_one_sentence_get_opposite_tone(model, sentence, praised, criticised):
    spans = [_span(sentence, praised), _span(sentence, criticised)]
    assert _labels(model, [sentence, sentence], spans) == ["positive", "negative"]
    proba = model.predict_proba([sentence, sentence], spans)
    tone = proba[:, 2] - proba[:, 0]
    assert tone[0] > 0.4 and tone[1] < -0.4


# ------------------------------------------------------------------------------ (b) same bits anywhere
STABILITY_SCRIPT = r"""
import json, sys
import analysis  # the numeric pins, before torch
import numpy as np
import torch
torch.set_num_threads(int(sys.argv[1]))
from analysis import paths
from analysis.lenses.tone import evaluate as ev
from analysis.lenses.tone.model import load_tone_model
with open(sys.argv[2], encoding="utf-8") as handle:
    frame = ev.mention_table(handle).iloc[:50]
model = load_tone_model(paths.MODELS_DIR / "tone")
sentences, spans = frame["sentence"].tolist(), list(zip(frame["start"], frame["end"]))
together = model.predict_proba(sentences, spans)
alone = np.vstack([model.predict_proba([s], [p]) for s, p in zip(sentences, spans)])
shuffled = np.random.default_rng(0).permutation(len(sentences))
mixed = np.empty_like(together)
mixed[shuffled] = model.predict_proba([sentences[i] for i in shuffled], [spans[i] for i in shuffled], batch_size=7)
print(json.dumps({"threads": torch.get_num_threads(), "together": together.tobytes().hex(),
                  "alone": alone.tobytes().hex(), "mixed": mixed.tobytes().hex()}))
"""


def _score_in_subprocess(threads: int) -> dict:
    env = {k: v for k, v in os.environ.items() if k not in ("MKL_CBWR", "ATEN_CPU_CAPABILITY")}  # the package pins them
    env.update(OMP_NUM_THREADS=str(threads), MKL_NUM_THREADS=str(threads), HF_HUB_OFFLINE="1",
               PYTHONPATH=os.pathsep.join([str(paths.PROJECT_DIR), env.get("PYTHONPATH", "")]))
    done = subprocess.run([sys.executable, "-c", STABILITY_SCRIPT, str(threads), str(DEV_RW)], capture_output=True,
                          text=True, env=env, cwd=str(paths.PROJECT_DIR), timeout=600)
    assert done.returncode == 0, done.stderr[-2000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


@pytest.fixture(scope="module")
def scored_in_subprocesses() -> dict[int, dict]:
    """The first 50 dev_rw mentions scored in a fresh process on 1 and on 2 threads (torch, OpenMP and MKL)."""
    return {threads: _score_in_subprocess(threads) for threads in (1, 2)}


def test_probabilities_are_the_same_bytes_on_one_and_two_threads(scored_in_subprocesses):
    one, two = scored_in_subprocesses[1], scored_in_subprocesses[2]
    assert (one["threads"], two["threads"]) == (1, 2)
    assert len(one["together"]) == 50 * 3 * 8 * 2  # 50 mentions x 3 float64, as hex
    assert one["together"] == two["together"]
    assert one["alone"] == two["alone"] and one["mixed"] == two["mixed"]


@pytest.mark.parametrize("threads", [1, 2])
def test_a_mentions_probabilities_are_the_same_bytes_alone_or_in_any_batch(scored_in_subprocesses, threads):
    run = scored_in_subprocesses[threads]
    assert run["alone"] == run["together"], "a mention scored alone differs from the same mention in a batch"
    assert run["mixed"] == run["together"], "a mention's bits depend on the order and size of its batches"


# ------------------------------------------------------------------------------ (c) calibration and dev score
def test_calibrated_probabilities_sum_to_one_and_dev_rw_macro_f1_is_at_least_080(model, dev_rw):
    proba = model.predict_proba(dev_rw["sentence"].tolist(), list(zip(dev_rw["start"], dev_rw["end"])))
    assert proba.shape == (len(dev_rw), 3) and proba.dtype == np.float64
    assert ((proba > 0) & (proba < 1)).all()
    np.testing.assert_allclose(proba.sum(axis=1), 1.0, rtol=0, atol=1e-12)
    logits = model.logits(dev_rw["sentence"].tolist(), list(zip(dev_rw["start"], dev_rw["end"])))
    assert np.array_equal(proba, ev.calibrated_probabilities(logits, offset=model.logit_offset,
                                                             temperature=model.temperature))
    scores = ev.classification_scores(dev_rw["label"], labels_of(proba))
    assert len(dev_rw) == 343
    assert scores["macro_f1"] >= 0.80, scores  # 0.818 when shipped; VADER 0.511, TextBlob 0.411


# ------------------------------------------------------------------------------ (d) labels off rounded values
def test_the_label_is_read_off_the_probabilities_rounded_to_4_places():
    proba = np.array([[0.33334, 0.33333, 0.33333],  # all 0.3333 once rounded: neutral, not the raw argmax
                      [0.450004, 0.1, 0.449996],  # negative and positive tie at 0.45: negative
                      [0.1, 0.2, 0.7]])
    assert proba.argmax(axis=1).tolist() == [0, 0, 2]
    assert labels_of(proba) == ["neutral", "negative", "positive"]


class _FixedModel:
    """Stands in for the tone model: the same near-tie probabilities for every mention."""

    def predict_proba(self, sentences, spans):
        return np.tile([0.33334, 0.33333, 0.33333], (len(sentences), 1))


# dev_rw allsides_6362_2739_33_Mitt Romney_51_57, as a one-sentence article
ARTICLE = 'Obama campaign spokesman Ben LaBolt responded that Romney "seemed unhinged" during the campaign speech.'


def test_the_lens_stores_rounded_probabilities_and_the_label_read_off_them(model, annotate_text):
    annotated = annotate_text(ARTICLE)
    found = tone_mentions([annotated], model)
    assert "Romney" in found["mention"].tolist()
    probabilities = found[["p_negative", "p_neutral", "p_positive"]].to_numpy()
    assert np.array_equal(probabilities, np.round(probabilities, 4))
    assert found["label"].tolist() == labels_of(probabilities)
    assert found.loc[found["mention"] == "Romney", "label"].tolist() == ["negative"]
    tied = tone_mentions([annotated], _FixedModel())
    assert len(tied) == len(found)
    assert tied["label"].tolist() == ["neutral"] * len(tied)
    assert (tied["tone"] == 0.0).all()


def test_the_victim_of_a_killing_is_never_negative(model, annotate_text, resources):
    # ABP scale_10k, June 2020 (Slate; The Atlantic): the model called George Floyd negative in both
    cues = resources.rule_table("victim_cues")
    for text in ["This weekend, as violence and protests over the death of George Floyd shook the country, President "
                 "Donald Trump called for law and order.",
                 "He denounced the THUGS rioting over Floyd’s death, as he had previously denounced the protesters."]:
        annotated = annotate_text(text)
        plain = tone_mentions([annotated], model)
        ruled = tone_mentions([annotated], model, cues)
        floyd = ruled["mention"].str.contains("Floyd")
        assert floyd.any() and (ruled.loc[floyd, "p_negative"] == 0).all(), text
        assert (ruled.loc[floyd, "label"] != "negative").all(), text
        # the other actors of the sentence keep the model's probabilities
        assert ruled.loc[~floyd].equals(plain.loc[~floyd]), text


def test_names_in_a_photo_credit_get_no_tone(model, annotate_text):
    # ABP scale_10k, October 2019 (USA Today): a caption and its credit on one line, between two paragraphs
    annotated = annotate_text(
        "Pelosi said the Trump White House has made a \u201cbaseless claim\u201d about the inquiry.\n\n"
        "President Trump in the Oval Office on Thursday. (Photo: Jabin Botsford/The Washington Post via Getty Images)"
        "\n\nThat was a quote from a letter that Trump\u2019s White House counsel, Pat Cipollone, sent to Congress on "
        "Oct. 8 rejecting cooperation with the impeachment inquiry.")
    found = tone_mentions([annotated], model)
    assert {"Pat Cipollone", "Congress"} <= set(found["mention"]), found["mention"].tolist()
    assert not found["mention"].str.contains("Washington Post|Getty|Jabin").any(), found["mention"].tolist()


def test_an_embedded_posts_words_keep_their_tone_and_its_signature_gets_none(model, annotate_text):
    # ABP supreme_court_2018-09 (Townhall): a reporter's tweet pasted with its link and signature
    annotated = annotate_text(
        "Sure enough, this update was confirmed in the press shortly thereafter:\n\n"
        "Setback for Ford team: Leland Keyser, believed to have been identified as one of 5 people at the party, told "
        "the cmte she \u201cdoes not know Kavanaugh and she has no recollection of ever being at a party or gathering "
        "where he was present, w/ or w/o Dr. Ford\u201d https://t.co/QSaVkYixEs \u2014 Nicholas Fandos (@npfandos) "
        "September 23, 2018\n\nThis is very significant.")
    found = tone_mentions([annotated], model)
    assert "Leland Keyser" in found["mention"].tolist(), found[["mention", "voice"]].values.tolist()
    assert not found["mention"].str.contains("Fandos").any(), found[["mention", "voice"]].values.tolist()


def test_the_corpus_neutral_share_reweights_probabilities_and_leaves_a_small_corpus_alone():
    from analysis.lenses.tone import prior
    rows = np.array([[0.70, 0.20, 0.10], [0.10, 0.30, 0.60], [0.50, 0.45, 0.05], [0.05, 0.90, 0.05],
                     [0.02, 0.08, 0.90], [0.40, 0.35, 0.25]])
    corpus = np.tile(rows, (20, 1))
    share = prior.neutral_share(corpus)
    adjusted = prior.adjust(corpus, share)
    assert prior.TRAIN_SHARES[1] < share < 1
    assert np.allclose(adjusted.sum(axis=1), 1.0)
    # a near tie between negative and neutral goes to neutral; a confident label stays
    assert adjusted[:6].argmax(axis=1).tolist() == [0, 2, 1, 1, 2, 1]
    # too few mentions to estimate a share: the model's probabilities stand
    assert prior.neutral_share(rows) == round(float(prior.TRAIN_SHARES[1]), 4) or \
        prior.neutral_share(rows) == float(prior.TRAIN_SHARES[1])
    assert np.allclose(prior.adjust(rows, float(prior.TRAIN_SHARES[1])), rows)
