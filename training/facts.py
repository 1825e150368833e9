"""Train and evaluate the facts lens's sentence-pair scorer on ECB+ topics 1-35 (dev data only).

``prepare`` builds ``../shared/data/ecbplus_dev/corpus.jsonl`` through the package (corpus, events and the
facts lens's per-article step: the same parse, sentences and statuses a user's build makes) into
``build/training/facts`` and embeds every searched sentence with the shared encoder (cached by text).

``train`` rebuilds ``analysis/models/facts.json``. Sentence pairs: two sentences of status ``fact`` in
different documents of one gold subtopic (one real event); label 1 when both are validated ECB+ sentences
sharing a gold event chain, else 0 (a non-validated sentence states none of the annotated events; without
these negatives, clustering every sentence, as the lens does, lumps). Features:
:mod:`analysis.lenses.facts.pairs`; an L2 logistic regression fits them. The article gate is a logistic
regression over whole-article features of document pairs within a topic (label: same subtopic). The split
(articles of one found event grouped into happenings on the gate) and the clustering cut are chosen together
on pooled out-of-fold results (5 folds by topic, seeded), within the events the events lens found: the best
F1 with precision >= 0.82 and at most 1.5% of predicted pairs across two real events (held-out bars: 0.80 and 2%). ``match_threshold`` is
the probability 90% of out-of-fold true pairs reach (an article "states" a fact from there on);
``firm_threshold`` the lowest cut at which facts were 90% precise (omissions use only facts that firm).

``evaluate`` writes ``analysis/models/facts_eval.csv``: the same 5-fold cross-validation, with the scorer,
gate, split and cut all chosen again on the other folds (nested), facts aligned within the events the events
lens found on the build (what a user gets) and within gold subtopics, scored with
``../shared/eval/ecbplus_score.py``'s own ``score``. Baselines: average linkage on MiniLM cosine and on lemma
TF-IDF cosine, each cut at its best F1 on the other folds (plain clustering: no precision or cross-event bar).

Cold times on this 2-core machine: ``prepare`` about 1.5 min (parse) plus 2-3 min (encoder over 12,000
sentences), ``train`` about 6 min, ``evaluate`` about 25 min.

Usage, from the project's root::

    nice -n 10 python training/facts.py prepare
    nice -n 10 python training/facts.py train
    nice -n 10 python training/facts.py evaluate
"""
from __future__ import annotations

import argparse
import hashlib
import importlib.util
import os
import shutil
import sys
from dataclasses import replace
from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parents[1]
if str(PROJECT_DIR) not in sys.path:
    sys.path.insert(0, str(PROJECT_DIR))  # this checkout's package, whatever is installed

import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402

from analysis import io, paths  # noqa: E402
from analysis.lenses import corpus_view, events, facts  # noqa: E402
from analysis.lenses.base import Registry  # noqa: E402
from analysis.lenses.facts import align_corpus  # noqa: E402
from analysis.lenses.facts.align import (  # noqa: E402
    MATCH_COSINE,
    SEARCHED_STATUSES,
    SHARED_NAME_COSINE,
    UNIQUE_COSINE,
    FactOptions,
    closest_both_ways,
    cluster,
    event_features,
    pair_probabilities,
    paraphrases,
    protagonists,
    sentence_names,
)
from analysis.lenses.facts.model import (  # noqa: E402
    fit_article_gate,
    fit_fact_model,
    load_fact_model,
    save_fact_model,
)
from analysis.lenses.facts.pairs import (  # noqa: E402
    ARTICLE_FEATURES,
    FEATURES,
    article_pair_features,
    lemma_vectors,
    pair_features,
)
from analysis.resources import Resources  # noqa: E402

DATA = Path(os.environ.get("FACTS_DATA_ROOT", PROJECT_DIR.parent / "shared" / "data")) / "ecbplus_dev"
SCORER = PROJECT_DIR.parent / "shared" / "eval" / "ecbplus_score.py"
WORK = PROJECT_DIR / "build" / "training" / "facts"
FOLDS, SEED, MIN_PRECISION, MATCH_RECALL, FIRM_PRECISION = 5, 0, 0.82, 0.90, 0.90
CUTS = (0.001, 0.002, 0.005, 0.01, 0.02, 0.03, 0.05, 0.1, 0.2)
SPLITS = (0.5, 0.6, 0.65, 0.7, 0.75, 0.8)
MAX_CROSS = 0.015
EVAL_SPLITS, EVAL_CUTS = (0.6, 0.65, 0.7), (0.001, 0.005, 0.02, 0.1)  # the nested choice in evaluate (time)
NO_FINDINGS = FactOptions(min_event_outlets=10 ** 6)  # alignment only: omissions and unique claims are not needed
BASELINE_CUTS = (0.1, 0.15, 0.2, 0.25, 0.3, 0.35, 0.4, 0.45, 0.5, 0.55, 0.6, 0.65, 0.7, 0.75, 0.8, 0.85, 0.9)


def scorer():
    spec = importlib.util.spec_from_file_location("ecbplus_score", SCORER)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def prepare() -> None:
    from analysis.pipeline.build import build

    raw = WORK / "raw"
    shutil.rmtree(WORK, ignore_errors=True)
    raw.mkdir(parents=True)
    shutil.copy(DATA / "corpus.jsonl", raw / "corpus.jsonl")
    lens = replace(facts.LENS, reduce=None, writes=(), figures=None, reads=())
    build(raw, WORK / "out", figures_dir=WORK / "figures", registry=Registry([corpus_view.LENS, events.LENS, lens]),
          jobs=2, parse_cache=False)


def load_rows() -> tuple[pd.DataFrame, np.ndarray]:
    """Every searched sentence of the ECB+ build with its gold key, subtopic, topic, lens event and unit vector."""
    out = WORK / "out"
    sentences = pd.read_csv(out / "sentences.csv", keep_default_na=False)
    rows = pd.read_csv(out / "fact_sentences.csv", keep_default_na=False)
    rows = rows[rows["status"].isin(SEARCHED_STATUSES)].merge(sentences[["article_id", "sentence_id", "text"]])
    articles = pd.read_csv(out / "articles.csv", keep_default_na=False)
    rows = rows.merge(pd.read_csv(out / "events.csv", keep_default_na=False)[["article_id", "event"]])
    rows = rows.merge(articles[["article_id", "outlet", "date"]])
    ecb = scorer()
    gold = ecb.Gold(str(DATA))
    amap, _ = ecb.map_articles(ecb.read_csv(out / "articles.csv"), gold)
    psents = {}
    for record in ecb.read_csv(out / "sentences.csv"):
        psents.setdefault(record["article_id"], []).append(record)
    gold_key = {}
    for art in ecb.read_csv(out / "articles.csv"):
        gid = amap.get(art["article_id"])
        if gid is not None:
            mapping, _ = ecb.map_sentences(psents.get(art["article_id"], []), art.get("text", ""), gid, gold)
            gold_key.update({(art["article_id"], int(sid)): (gid, num) for sid, num in mapping.items()})
    keys = [gold_key.get((a, int(s))) for a, s in zip(rows["article_id"], rows["sentence_id"])]
    rows["gold"] = keys
    rows["validated"] = [k is not None and gold.sent[k]["validated"] for k in keys]
    rows["chains"] = ["|".join(sorted(gold.chains.get(k, ()))) if k is not None else "" for k in keys]
    doc = rows["article_id"].map(dict(zip(articles["article_id"], articles["outlet"])))
    rows["topic"] = doc.str.split("_").str[0].astype(int)
    rows["subtopic"] = doc.str.split("_").str[0] + doc.str.extract(r"(ecbplus|ecb)$")[0]
    rows = rows.sort_values(["article_id", "sentence_id"]).reset_index(drop=True)
    rows["position"] = rows.groupby("article_id").cumcount()
    rows["section"], rows["text_preview"] = "", rows["text"]
    return rows, embed(rows["text"].tolist())


def embed(texts: list[str]) -> np.ndarray:
    """Unit MiniLM vectors of ``texts`` from the shared encoder, cached by the texts' hash."""
    digest = hashlib.sha256("\n".join(texts).encode()).hexdigest()[:16]
    cache = WORK / f"vectors_{digest}.npy"
    if cache.is_file():
        return np.load(cache)
    resources = Resources()
    vectors = resources.encoder().encode(texts).astype(np.float64)
    np.save(cache, vectors)
    return vectors


def group_pairs(rows, vectors, tfidf, groups):
    """Features and labels of every cross-document pair of ``fact`` sentences within each group."""
    feats, labels, topics = {n: [] for n in FEATURES}, [], []
    for _, index in rows.groupby(groups, sort=True).indices.items():
        index = index[(rows["status"].to_numpy()[index] == "fact")]
        if len(index) < 2:
            continue
        part = rows.iloc[index]
        f = pair_features(part, part, vectors[index], vectors[index], tfidf, left_rows=index, right_rows=index)
        art = part["article_id"].to_numpy()
        i, j = np.triu_indices(len(index), 1)
        keep = art[i] != art[j]
        i, j = i[keep], j[keep]
        chains = [set(c.split("|")) - {""} for c in part["chains"]]
        valid = part["validated"].to_numpy()
        labels.append(np.array([bool(valid[a] and valid[b] and chains[a] & chains[b]) for a, b in zip(i, j)]))
        topics.append(part["topic"].to_numpy()[i])
        for n in FEATURES:
            feats[n].append(f[n][i, j])
    return {n: np.concatenate(v) for n, v in feats.items()}, np.concatenate(labels), np.concatenate(topics)


def fold_of(topics) -> dict:
    rng = np.random.default_rng(SEED)
    order = rng.permutation(sorted(set(topics)))
    return {int(t): k % FOLDS for k, t in enumerate(order)}


def clusters_for(rows, vectors, tfidf, probability_of, cut, groups="event") -> dict:
    """{gold key: {fact ids}} from clustering each group's ``fact`` sentences at ``cut``."""
    out = {}
    for name, index in rows.groupby(groups, sort=True).indices.items():
        index = index[(rows["status"].to_numpy()[index] == "fact")]
        part = rows.iloc[index].reset_index(drop=True)
        labels = cluster(probability_of(part, vectors[index], tfidf[index]), cut) if len(part) > 1 else np.zeros(len(part), int)
        for key, label in zip(part["gold"], labels):
            if key is not None:
                out.setdefault(key, set()).add(f"{name}-{label}")
    return out


def learned_clusters(rows, vectors, model, groups) -> dict:
    """{gold key: {fact ids}} from the lens's own alignment (happenings, then facts) within each group."""
    facts_found, _, _ = align_corpus(rows.assign(event=rows[groups].astype(str)), vectors, model, NO_FINDINGS)
    key = dict(zip(zip(rows["article_id"], rows["sentence_id"]), rows["gold"]))
    out = {}
    for article_id, sentence_id, fact_id in zip(facts_found["article_id"], facts_found["sentence_id"], facts_found["fact_id"]):
        gold_key = key.get((article_id, sentence_id))
        if gold_key is not None:
            out.setdefault(gold_key, set()).add(fact_id)
    return out


def baselines():
    """Plain average linkage on one similarity (0 within an article), as the brief's baselines."""
    def minilm(part, v, t):
        p = np.clip(v @ v.T, 0, 1)
        return np.where(part["article_id"].to_numpy()[:, None] == part["article_id"].to_numpy()[None, :], 0.0, p)

    def tfidf_cos(part, v, t):
        p = (t @ t.T).toarray()
        return np.where(part["article_id"].to_numpy()[:, None] == part["article_id"].to_numpy()[None, :], 0.0, p)

    return {"MiniLM cosine": minilm, "TF-IDF cosine": tfidf_cos}


def pick(scores: dict):
    """The setting with the best F1 among those with P >= MIN_PRECISION and cross-event share <= MAX_CROSS
    (else the most precise)."""
    ok = [(s["F1"], key) for key, s in scores.items() if s["P"] >= MIN_PRECISION
          and s["cross_subtopic_pairs"] <= MAX_CROSS * max(s["predicted_pairs"], 1)]
    return max(ok)[1] if ok else max((s["P"], key) for key, s in scores.items())[1]


def best_cut(ecb, gold, rows, vectors, tfidf, prob, cuts, groups):
    """A baseline's cut: the best F1 on ``rows`` (plain clustering, no precision or cross-event bar)."""
    scores = {cut: ecb.score(gold, clusters_for(rows, vectors, tfidf, prob, cut, groups)) for cut in cuts}
    return max((s["F1"], cut) for cut, s in scores.items())[1]


def best_setting(ecb, gold, rows, vectors, model, groups):
    """(split, cut) of the learned scorer chosen on ``rows`` (see :func:`pick`) over the evaluation grid."""
    return pick({(split, cut): ecb.score(gold, learned_clusters(
        rows, vectors, replace(model, split_threshold=split, cluster_threshold=cut), groups))
        for split in EVAL_SPLITS for cut in EVAL_CUTS})


def article_pairs(rows, vectors, tfidf):
    """Whole-article features and labels (same gold subtopic) of every pair of documents within each topic."""
    feats, labels = {n: [] for n in ARTICLE_FEATURES}, []
    for _, index in rows.groupby("topic", sort=True).indices.items():
        part = rows.iloc[index].reset_index(drop=True)
        f = article_pair_features(part, vectors[index], tfidf[index])
        first = part.drop_duplicates("article_id").index.to_numpy()
        i, j = np.triu_indices(len(first), 1)
        a, b = first[i], first[j]
        labels.append(part["subtopic"].to_numpy()[a] == part["subtopic"].to_numpy()[b])
        for n in ARTICLE_FEATURES:
            feats[n].append(f[n][a, b])
    return {n: np.concatenate(v) for n, v in feats.items()}, np.concatenate(labels)


def fit(rows, vectors, tfidf, topics_kept):
    """The fact scorer (sentence pairs within gold subtopics) with its article gate (document pairs within topics)."""
    part = rows[rows["topic"].isin(topics_kept)]
    kept = (rows.loc[part.index].reset_index(drop=True), vectors[part.index], tfidf[part.index])
    feats, labels, _ = group_pairs(*kept, "subtopic")
    gate = fit_article_gate(*article_pairs(*kept), ARTICLE_FEATURES)
    return replace(fit_fact_model(feats, labels, FEATURES), article_gate=gate), feats, labels


def cross_validate(rows, vectors, tfidf, groups="event"):
    """Out-of-fold clusters of each system, its settings chosen on the training folds."""
    ecb = scorer()
    gold = ecb.Gold(str(DATA))
    folds = fold_of(rows["topic"])
    fold = rows["topic"].map(folds).to_numpy()
    names = ["learned pair scorer", *baselines()]
    merged, chosen = {n: {} for n in names}, {n: [] for n in names}
    for k in range(FOLDS):
        train_topics = [t for t, f in folds.items() if f != k]
        model, _, _ = fit(rows, vectors, tfidf, train_topics)
        tr, te = np.flatnonzero(fold != k), np.flatnonzero(fold == k)
        train_rows, test_rows = rows.iloc[tr].reset_index(drop=True), rows.iloc[te].reset_index(drop=True)
        train_gold = subset_gold(ecb, gold, set(train_topics))
        split, cut = best_setting(ecb, train_gold, train_rows, vectors[tr], model, groups)
        chosen["learned pair scorer"].append(f"{split}/{cut}")
        merged["learned pair scorer"].update(learned_clusters(
            test_rows, vectors[te], replace(model, split_threshold=split, cluster_threshold=cut), groups))
        for name, prob in baselines().items():
            cut = best_cut(ecb, train_gold, train_rows, vectors[tr], tfidf[tr], prob, BASELINE_CUTS, groups)
            chosen[name].append(str(cut))
            merged[name].update(clusters_for(test_rows, vectors[te], tfidf[te], prob, cut, groups))
        print(f"fold {k}: settings {[chosen[n][-1] for n in names]}", flush=True)
    return ecb, gold, merged, chosen


def subset_gold(ecb, gold, topics):
    """A copy of the scorer's gold restricted to ``topics`` (for choosing cuts on training folds)."""
    sub = object.__new__(ecb.Gold)
    sub.__dict__.update(gold.__dict__)
    sub.universe = [p for p in gold.universe if int(gold.topic(p[0])) in topics]
    sub.positive = {p for p in gold.positive if int(gold.topic(p[0])) in topics}
    sub.validated = [k for k in gold.validated if int(gold.topic(k)) in topics]
    return sub


def train(out: Path) -> None:
    rows, vectors = load_rows()
    tfidf = lemma_vectors(rows["lemmas"])
    ecb = scorer()
    gold = ecb.Gold(str(DATA))
    folds = fold_of(rows["topic"])
    fold = rows["topic"].map(folds).to_numpy()
    oof_p, oof_y, found = [], [], {}
    for k in range(FOLDS):
        model, _, _ = fit(rows, vectors, tfidf, [t for t, f in folds.items() if f != k])
        te = np.flatnonzero(fold == k)
        test = rows.iloc[te].reset_index(drop=True)
        feats, labels, _ = group_pairs(test, vectors[te], tfidf[te], "subtopic")
        oof_p.append(model.probability(feats)), oof_y.append(labels)
        for split in SPLITS:
            for cut in CUTS:
                found.setdefault((split, cut), {}).update(learned_clusters(
                    test, vectors[te], replace(model, split_threshold=split, cluster_threshold=cut), "event"))
    pooled = {key: ecb.score(gold, clusters) for key, clusters in found.items()}
    for key, sc in sorted(pooled.items()):
        print(f"split {key[0]} cut {key[1]}: P {sc['P']:.3f} R {sc['R']:.3f} F1 {sc['F1']:.3f} "
              f"cross {sc['cross_subtopic_pairs'] / max(sc['predicted_pairs'], 1):.3f}", flush=True)
    split, cut = pick(pooled)
    firm = min((c for (sp, c), sc in pooled.items() if sp == split and sc["P"] >= FIRM_PRECISION), default=max(CUTS))
    p, y = np.concatenate(oof_p), np.concatenate(oof_y)
    match = float(np.round(np.quantile(p[y], 1 - MATCH_RECALL), 3))
    model, _, labels = fit(rows, vectors, tfidf, sorted(folds))
    best = pooled[(split, cut)]
    model = replace(model, cluster_threshold=cut, split_threshold=split, match_threshold=match, firm_threshold=firm, notes={
        "trained_on": "ECB+ topics 1-35 (../shared/data/ecbplus_dev): sentence pairs within gold subtopics, "
                      "article pairs within topics",
        "pairs": int(len(labels)), "positive_pairs": int(labels.sum()),
        "pooled_out_of_fold_in_found_events": {k: round(float(best[k]), 3) for k in ("P", "R", "F1")},
        "recipe": "python training/facts.py prepare && python training/facts.py train"})
    save_fact_model(model, out)
    print(f"wrote {out}: split {split} cut {cut} ({best['P']:.3f}/{best['R']:.3f}/{best['F1']:.3f}), match {match}, firm {firm}")


def evaluate(out: Path) -> None:
    rows, vectors = load_rows()
    tfidf = lemma_vectors(rows["lemmas"])
    table = []
    for setting, groups in (("events found by the events lens", "event"),):
        ecb, gold, merged, chosen = cross_validate(rows, vectors, tfidf, groups)
        for name, found in merged.items():
            s = ecb.score(gold, found)
            table.append({"lens": "facts", "split": setting, "system": name, "P": round(s["P"], 3),
                          "R": round(s["R"], 3), "F1": round(s["F1"], 3), "predicted_pairs": s["predicted_pairs"],
                          "cross_subtopic_pairs": s["cross_subtopic_pairs"],
                          "cross_subtopic_share": round(s["cross_subtopic_pairs"] / max(s["predicted_pairs"], 1), 3),
                          "cuts": " ".join(str(c) for c in chosen[name])})
            print(table[-1], flush=True)
    io.write_csv(pd.DataFrame(table), out)


STATED_COSINES = (0.4, 0.45, 0.5, 0.55, 0.6, 0.65, 0.7)


def stated_cases(rows, vectors, tfidf, model, cosines) -> pd.DataFrame:
    """For each gold event chain validated in 3+ documents of a subtopic and each other annotated document of
    it with 2+ carrying documents besides: whether the document states the chain (gold: one of its validated
    sentences is in it) and whether the lens's test finds it stated (any of its searched sentences reaches the
    firm probability, or each cosine of ``cosines``, against a carrying sentence)."""
    records = []
    for _, index in rows.groupby("subtopic", sort=True).indices.items():
        part = rows.iloc[index].reset_index(drop=True)
        features, gate = event_features(part, vectors[index], tfidf[index], model)
        cosine = features["embedding"]
        anywhere = np.maximum(pair_probabilities(features, gate, part, model, positions=False), paraphrases(part, cosine))
        common = protagonists(part)
        names = [sentence_names(row, ("persons", "orgs")) for row in part.to_dict("records")]
        anchors = [n - common for n in names]
        article = part["article_id"].to_numpy()
        chains = [set(c.split("|")) - {""} if v else set() for c, v in zip(part["chains"], part["validated"])]
        annotated = sorted({a for a, c in zip(article, chains) if c})
        for k, mine in enumerate(chains):  # a statement another document also makes: never a unique claim
            others = np.flatnonzero(article != article[k])
            if mine and any(mine & chains[j] for j in others):
                match = anywhere[k, others].max() >= model.match_threshold
                near = cosine[k, others].max()
                named = any(anchors[k] & names[j] and cosine[k, j] >= SHARED_NAME_COSINE for j in others)
                records.append({"kind": "unique", "stated": True, "firm": bool(match),
                                "pronoun_subject": bool(part["pronoun_subject"].iloc[k]) if "pronoun_subject" in part else False,
                                **{f"found_{c}": bool(match or near >= c) for c in cosines},
                                "found_named": bool(match or near >= UNIQUE_COSINE or named)})
        for chain in sorted(set().union(*chains)):
            carriers = np.array([k for k, c in enumerate(chains) if chain in c])
            if len(set(article[carriers])) < 3:
                continue
            for doc in annotated:
                other = carriers[article[carriers] != doc]
                if len(set(article[other])) < 2:
                    continue
                own = np.flatnonzero(article == doc)
                firm = anywhere[np.ix_(own, other)].max() >= model.firm_threshold
                near = cosine[np.ix_(own, other)].max()
                named = any(names[i] & names[j] and cosine[i, j] >= SHARED_NAME_COSINE for i in own for j in other)
                records.append({"kind": "omission", "stated": doc in set(article[carriers]), "firm": bool(firm),
                                **{f"found_{c}": bool(firm or near >= c) for c in cosines},
                                "found_named": bool(firm or near >= MATCH_COSINE or named)})
    return pd.DataFrame(records)


def stated(out: Path) -> None:
    """``facts_stated_eval.csv``: precision and recall of "omitted" (the article does not state a fact two or
    more other documents carry) on ECB+ dev, out of fold (the scorer fitted on the other topics), for each
    cosine from which a sentence is taken to state the fact in other words (the lens uses the highest cosine
    whose precision reaches 0.80); and, for unique claims, the share of statements another document also
    makes that the same test fails to find there (every validated ECB+ statement is shared, so only this
    error is measured). The rows "named" add a second test: a sentence naming the same person or organisation at
    cosine 0.4 or more (for unique claims, a name not in half the subtopic's documents), beside the cosine the lens
    uses (0.6 for omissions, 0.5 for unique claims); and how often two sentences of one topic within a cosine
    are the same statement
    (the lens takes an earlier article's sentence as the same statement, making a fact background, from the
    lowest cosine where this precision reaches 0.80)."""
    rows, vectors = load_rows()
    tfidf = lemma_vectors(rows["lemmas"])
    shipped = load_fact_model(paths.MODELS_DIR / facts.MODEL_FILE)
    folds = fold_of(rows["topic"])
    fold = rows["topic"].map(folds).to_numpy()
    cases = []
    for k in range(FOLDS):
        model, _, _ = fit(rows, vectors, tfidf, [t for t, f in folds.items() if f != k])
        model = replace(model, firm_threshold=shipped.firm_threshold)
        te = np.flatnonzero(fold == k)
        cases.append(stated_cases(rows.iloc[te].reset_index(drop=True), vectors[te], tfidf[te], model, STATED_COSINES))
        print(f"fold {k}: {len(cases[-1])} cases", flush=True)
    cases = pd.concat(cases, ignore_index=True)
    table = []
    for kind, test in (("omission", "omitted: the document does not state a fact 2+ other documents carry"),
                       ("unique", "unique: a statement another document also makes, not found there")):
        part = cases[cases["kind"] == kind]
        gold = ~part["stated"]
        for c in ("model only", *STATED_COSINES, "named"):
            said = ~(part["firm"] if c == "model only" else part[f"found_{c}"])
            hit = int((said & gold).sum())
            table.append({"lens": "facts", "test": test, "cosine": c, "cases": len(part), "gold_positive": int(gold.sum()),
                          "said_positive": int(said.sum()), "correct": hit,
                          "P": round(hit / max(int(said.sum()), 1), 3) if gold.any() else "",
                          "R": round(hit / max(int(gold.sum()), 1), 3) if gold.any() else "",
                          "error_share": round((int(said.sum()) - hit) / max(len(part), 1), 3)})
            print(table[-1], flush=True)
    for pronoun in (False, True):  # a statement whose subject is a pronoun ("He was also counting on ...") or a pronoun's
        part = cases[(cases["kind"] == "unique") & (cases["pronoun_subject"] == pronoun)]
        said = ~part[f"found_{UNIQUE_COSINE}"]
        subject = "a pronoun or a pronoun's (his tweets)" if pronoun else "neither a pronoun nor a pronoun's"
        table.append({"lens": "facts", "test": f"unique: a statement another document also makes, not found there; subject {subject}",
                      "cosine": UNIQUE_COSINE, "cases": len(part),
                      "gold_positive": 0, "said_positive": int(said.sum()), "correct": 0, "P": "", "R": "",
                      "error_share": round(int(said.sum()) / max(len(part), 1), 3)})
        print(table[-1], flush=True)
    for c, (same, other) in mutual_nearest_pairs(rows, vectors, STATED_COSINES[:3]).items():
        table.append({"lens": "facts", "test": "same statement: two documents' sentences of one topic, each the other's closest "
                      "in its document", "cosine": c, "cases": same + other, "gold_positive": same, "said_positive": same + other,
                      "correct": same, "P": round(same / max(same + other, 1), 3), "R": "",
                      "error_share": round(other / max(same + other, 1), 3)})
        print(table[-1], flush=True)
    pos, neg, pos_named, neg_named = same_statement_cosines(rows, vectors)
    tests = (("same statement: two documents' sentences of one topic share an event chain", pos, neg,
              STATED_COSINES[2:] + (0.75, 0.8, 0.85)),
             ("same statement, of two sentences naming the same person or organisation", pos_named, neg_named,
              (0.3, 0.35) + STATED_COSINES))
    for test, p, n, cuts in tests:
        for c in cuts:
            hit, wrong = int((p >= c).sum()), int((n >= c).sum())
            table.append({"lens": "facts", "test": test, "cosine": c, "cases": len(p) + len(n), "gold_positive": len(p),
                          "said_positive": hit + wrong, "correct": hit, "P": round(hit / max(hit + wrong, 1), 3),
                          "R": round(hit / max(len(p), 1), 3), "error_share": round(wrong / max(len(p) + len(n), 1), 3)})
            print(table[-1], flush=True)
    io.write_csv(pd.DataFrame(table), out)


def mutual_nearest_pairs(rows, vectors, cosines) -> dict:
    """For each cosine: (same statement, not) counts of the validated sentences' pairs across two documents of one topic
    that are each other's closest sentence in the other's document (:func:`analysis.lenses.facts.align.closest_both_ways`,
    the unique-claim test) and reach the cosine."""
    valid = rows["validated"].to_numpy() & (rows["chains"] != "").to_numpy()
    article = rows["article_id"].to_numpy()
    counts = {c: [0, 0] for c in cosines}
    for _, idx in rows.groupby("topic", sort=True).indices.items():
        cos = vectors[idx] @ vectors[idx].T
        own, ok = article[idx], valid[idx]
        chains = [set(c.split("|")) for c in rows["chains"].to_numpy()[idx]]
        for i in np.flatnonzero(ok):
            for other in np.unique(own[own != own[i]]):
                j = closest_both_ways(cos, own, int(i), other)
                if j is None or not ok[j]:
                    continue
                for c in cosines:
                    if cos[i, j] >= c:
                        counts[c][0 if chains[i] & chains[j] else 1] += 1
    return counts


def same_statement_cosines(rows, vectors) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """MiniLM cosines of every pair of validated sentences in two documents of one topic, split by whether they
    share an event chain (the same statement) or not (same topic, other event or other detail); then the same
    two lists for the pairs that name the same person or organisation."""
    keep = np.flatnonzero(rows["validated"].to_numpy() & (rows["chains"] != "").to_numpy())
    part = rows.iloc[keep].reset_index(drop=True)
    names = [sentence_names(row, ("persons", "orgs")) for row in part.to_dict("records")]
    pos, neg, pos_named, neg_named = [], [], [], []
    for _, idx in part.groupby("topic", sort=True).indices.items():
        cos = vectors[keep[idx]] @ vectors[keep[idx]].T
        article = part["article_id"].to_numpy()[idx]
        chains = [set(c.split("|")) for c in part["chains"].to_numpy()[idx]]
        i, j = np.triu_indices(len(idx), 1)
        for a, b in zip(i[article[i] != article[j]], j[article[i] != article[j]]):
            same = bool(chains[a] & chains[b])
            (pos if same else neg).append(cos[a, b])
            if names[idx[a]] & names[idx[b]]:
                (pos_named if same else neg_named).append(cos[a, b])
    return np.array(pos), np.array(neg), np.array(pos_named), np.array(neg_named)


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("command", choices=("prepare", "train", "evaluate", "stated"))
    parser.add_argument("--out")
    args = parser.parse_args(argv)
    if args.command == "prepare":
        prepare()
    elif args.command == "train":
        if not (WORK / "out" / "fact_sentences.csv").is_file():
            prepare()
        train(Path(args.out or paths.MODELS_DIR / facts.MODEL_FILE))
    elif args.command == "stated":
        if not (WORK / "out" / "fact_sentences.csv").is_file():
            prepare()
        stated(Path(args.out or paths.MODELS_DIR / "facts_stated_eval.csv"))
    else:
        if not (WORK / "out" / "fact_sentences.csv").is_file():
            prepare()
        evaluate(Path(args.out or paths.MODELS_DIR / "facts_eval.csv"))


if __name__ == "__main__":
    main()
