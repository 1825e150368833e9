"""What the notebooks show: tables read from a build, selections, and prose written from the tables.

Every sentence of prose here is generated from the numbers of the corpus at hand (or is method text
true of any corpus), so a notebook run on a user's corpus says nothing about the demo corpus.

Example:
    >>> plural(1, "article"), plural(3, "article")
    ('1 article', '3 articles')
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from .. import io
from ..resources import model_table


def plural(n: int, word: str, words: str | None = None) -> str:
    return f"{n:,} {word if n == 1 else (words or word + 's')}"


def rows_shown(table: pd.DataFrame, n: int, source: str, what: str = "row", whats: str | None = None) -> str:
    """Markdown: how many of a table's rows the cell below shows, and the file that holds them; ``what`` (and its
    plural ``whats``) names the rows when the cell shows a part of the file.

    Example:
        >>> rows_shown(pd.DataFrame({"a": range(50)}), 20, "omissions.csv")
        'The first 20 of 50 rows; `omissions.csv` holds them all.'
        >>> rows_shown(pd.DataFrame({"a": range(3)}), 20, "omissions.csv")
        'All 3 rows (`omissions.csv`).'
        >>> rows_shown(pd.DataFrame(), 20, "build_log.csv", "warning or error", "warnings or errors")
        'No warnings or errors (`build_log.csv`).'
    """
    whats = whats or what + "s"
    if len(table) <= n:
        return f"All {plural(len(table), what, whats)} (`{source}`)." if len(table) else f"No {whats} (`{source}`)."
    return f"The first {n:,} of {len(table):,} {whats}; `{source}` holds them all."


def read_tables(processed_dir: str | Path, names: list[str] | None = None) -> dict[str, pd.DataFrame]:
    """The named tables of a build (every CSV of the folder when ``names`` is None); a missing table is empty."""
    folder = Path(processed_dir)
    names = names or sorted(p.stem for p in folder.glob("*.csv"))
    return {n: io.read_csv(folder / f"{n}.csv") if (folder / f"{n}.csv").is_file() else pd.DataFrame() for n in names}


def select_events(tables: dict[str, pd.DataFrame], events: list[str] | tuple[str, ...] = ()) -> dict[str, pd.DataFrame]:
    """The tables restricted to the articles of ``events`` (all when empty): the notebooks' EVENTS parameter."""
    if not events:
        return tables
    keep = set(tables["events"].loc[tables["events"]["event"].isin(events), "article_id"])
    out = {}
    for name, table in tables.items():
        if "article_id" in table.columns:
            out[name] = table[table["article_id"].isin(keep)].reset_index(drop=True)
        elif "event" in table.columns:
            out[name] = table[table["event"].isin(events)].reset_index(drop=True)
        else:
            out[name] = table
    return out


def model_evaluation(name: str) -> pd.DataFrame:
    """A model's dev evaluation table shipped beside its weights (``analysis/models/NAME``)."""
    return model_table(name)


def corpus_summary(tables: dict[str, pd.DataFrame]) -> str:
    """Markdown: how many articles, outlets and days the corpus holds, and what it lacks."""
    articles = tables["articles"]
    if articles.empty:
        return "The corpus holds no article: the folder was empty or every file failed (see the build log below)."
    dates = articles["date"].fillna("").astype(str)
    dated = dates[dates != ""]
    counts = articles["outlet"].value_counts()
    single = int((counts == 1).sum())
    lines = [f"The corpus holds **{plural(len(articles), 'article')}** from **{plural(len(counts), 'outlet')}**"
             + (f", dated {dated.min()} to {dated.max()}" if len(dated) else ", none of them dated") + "."]
    if len(dated) < len(articles) and len(dated):
        lines.append(f"{plural(len(articles) - len(dated), 'article')} carry no date: date-aware steps leave them out.")
    if single:
        lines.append(f"{plural(single, 'outlet')} contribute a single article: a difference involving one of them "
                     "describes one text, not a newsroom, and the findings leave them out.")
    sections = articles.loc[articles["section"].fillna("") != "", ["outlet_group", "section"]].drop_duplicates()
    split = sections.groupby("outlet_group").size()
    if (split > 1).any():
        lines.append("News and opinion sections of one outlet are kept apart: " + ", ".join(sorted(split[split > 1].index)) + ".")
    return " ".join(lines)


def events_summary(tables: dict[str, pd.DataFrame]) -> str:
    """Markdown: how the articles group into events and storylines, and what the grouping is sure of."""
    status = tables.get("event_status", pd.DataFrame())
    table = tables["event_table"]
    if status.empty or table.empty:
        return "No events were built."
    s = status.iloc[0]
    words = {"single_article": "The corpus is a single article: there is nothing to group.",
             "one_event": "All articles report one event.",
             "unrelated": "The articles report unrelated happenings: no two were grouped, and no same-event "
                          "comparison can be made.",
             "empty": "The corpus is empty."}
    if s["status"] in words:
        return words[s["status"]]
    shared = table[table["n_outlets"] >= 2]
    weak = shared[shared["confidence"] < 0.7]
    text = (f"The {plural(int(s['n_articles']), 'article')} group into **{plural(int(s['n_events']), 'event')}** "
            f"({plural(len(shared), 'event')} covered by two or more outlets, holding "
            f"{int(shared['n_articles'].sum()):,} articles) and {plural(int(s['n_storylines']), 'storyline')}.")
    if s["dates"] != "dated":
        text += " Some articles have no date, so those were grouped on their text alone."
    if len(weak):
        text += (f" {plural(len(weak), 'shared event')} have a confidence under 0.7: read their articles before "
                 "trusting a comparison inside them (they are often a topic rather than one happening).")
    return text


def event_articles(tables: dict[str, pd.DataFrame], event: str) -> pd.DataFrame:
    """One event's articles by outlet: date, outlet, headline, the article's confidence."""
    merged = tables["events"][tables["events"]["event"] == event].merge(
        tables["articles"][["article_id", "outlet", "date", "headline"]], on="article_id")
    return merged.sort_values(["outlet", "date", "article_id"])[["outlet", "date", "headline", "article_id",
                                                                 "event_confidence"]].reset_index(drop=True)


def build_log_summary(tables: dict[str, pd.DataFrame], *, most: int = 5) -> str:
    """Markdown: what reading the corpus left in ``build_log.csv``, by level and kind of message (names elided).

    Example:
        >>> log = pd.DataFrame({"level": ["info", "info", "warning"], "message": [
        ...     "outlet 'Vox' is not in the outlet table; kept as written",
        ...     "outlet 'Slate' is not in the outlet table; kept as written", "no date: 'a.txt'"]})
        >>> print(build_log_summary({"build_log": log}))
        `build_log.csv` holds 1 warning and 2 notes. Warnings: 1 × no date: '…'. Notes: 2 × outlet '…' is not in the outlet table; kept as written.
    """
    log = tables["build_log"]
    if log.empty:
        return "Reading the corpus left nothing in `build_log.csv`: no problem and no note."
    kinds = log["message"].astype(str).str.replace(r"'[^']*'", "'…'", regex=True)
    names = {"error": ("error", "Errors"), "warning": ("warning", "Warnings"), "info": ("note", "Notes")}
    counts = [(level, int((log["level"] == level).sum())) for level in ("error", "warning", "info")]
    text = "`build_log.csv` holds " + " and ".join(plural(n, names[level][0]) for level, n in counts if n) + "."
    for level, n in counts:
        if not n:
            continue
        top = kinds[log["level"] == level].value_counts()
        top = sorted(top.items(), key=lambda kv: (-kv[1], kv[0]))[:most]
        text += f" {names[level][1]}: " + "; ".join(f"{c} × {k.rstrip('.')}" for k, c in top) + "."
    return text


def findings_summary(tables: dict[str, pd.DataFrame]) -> str:
    """Markdown: how many outlets could be compared, how many findings, and how to read them."""
    comparisons, found = tables["comparisons"], tables["findings"]
    if comparisons.empty:
        return "No outlet could be compared."
    compared = comparisons[comparisons["status"] == "compared"]
    text = (f"{plural(len(compared), 'outlet')} of {len(comparisons)} {'has' if len(compared) == 1 else 'have'} two or more articles in events another outlet "
            f"also covered, and could be compared with those outlets; ")
    if compared.empty:
        return text + "so this corpus supports no outlet comparison."
    if found.empty:
        text += "none differs from its peers by more than the intervals allow on any measure."
        rest = len(comparisons) - len(compared)
        if rest:
            text += (f" The other {plural(rest, 'outlet')} {'has' if rest == 1 else 'have'} too few articles in shared "
                     "events to compare (the table below gives the reason for each). With few articles a side, only "
                     "large differences clear the intervals: a corpus with more articles per outlet can show more.")
        return text
    by_lens = found["lens"].value_counts()
    text += (f"**{plural(len(found), 'finding')}** {'clears' if len(found) == 1 else 'clear'} the bar ("
             + ", ".join(f"{n} on {lens}" for lens, n in by_lens.sort_index().items()) + ").")
    text += (" Many comparisons are made (each compared outlet, on each actor, group and label), so a few "
             "of these can be apart by chance: read each with its counts, and read its sentences.")
    return text


def tone_summary(tables: dict[str, pd.DataFrame]) -> str:
    """Markdown: the split of mentions in the corpus, own voice against attributed."""
    shares = tables["tone_shares"]
    if shares.empty or shares["n_mentions"].sum() == 0:
        return "No actor mention was classified."
    part = {v: shares[shares["voice"] == v].set_index("label") for v in ("own", "quoted", "reported")}
    n = {v: int(t["n_mentions"].sum()) for v, t in part.items()}

    def split(t, column="expected_share"):
        return ", ".join(f"{t.loc[k, column]:.0%} {k}" for k in ("negative", "neutral", "positive"))

    said = [f"{n[v]:,} {where} ({split(part[v])})" for v, where in
            (("quoted", "inside quotation marks"), ("reported", "in reported speech")) if n[v]]
    text = (f"{plural(sum(n.values()), 'actor mention')} were classified: {n['own']:,} in the outlets' own voice "
            f"({split(part['own'])})" + "".join(f"; {s}" for s in said) + ", by the model's calibrated "
            "probabilities re-weighted to the corpus's own share of neutral mentions.")
    if "model_expected_share" in shares:
        text += f" The model alone, at its training shares, expects {split(part['own'], 'model_expected_share')} in own voice."
    return text


def facts_summary(tables: dict[str, pd.DataFrame]) -> str:
    """Markdown: how many events could be compared on facts, how many facts are shared, omissions and unique claims."""
    coverage, facts = tables["fact_coverage"], tables["facts"]
    if coverage.empty:
        return "No event has two or more outlets, so no fact can be compared across outlets."
    n_events = coverage["event"].nunique()
    shared = facts[facts["firm_outlets"] >= 2]["firm_fact"].nunique() if len(facts) else 0
    omitted, unique = tables["omissions"], tables["unique_claims"]
    text = (f"{plural(n_events, 'event')} {'is' if n_events == 1 else 'are'} covered by two or more outlets; across them "
            f"**{plural(shared, 'firm fact')}** {'is' if shared == 1 else 'are'} stated by two or more outlets. ")
    wide = coverage.groupby("event")["outlet"].nunique()
    n_wide = int((wide >= 3).sum())
    if n_wide == 0:
        return text + "No event has three or more outlets, so no omission or unique claim is judged."
    n_omitting = omitted["article_id"].nunique() if len(omitted) else 0
    n_facts = omitted["fact_id"].nunique() if len(omitted) else 0
    left_out = (f"{plural(n_omitting, 'article')} {'leaves' if n_omitting == 1 else 'leave'} out "
                f"{plural(n_facts, 'distinct central fact')} others carry ({plural(len(omitted), 'omission')})"
                if n_omitting else "no article leaves out a central fact that two other outlets carry")
    text += (f"In the {plural(n_wide, 'event')} with three or more outlets, {left_out}, and "
             f"{plural(len(unique), 'claim')} {'is' if len(unique) == 1 else 'are'} made by one outlet only.")
    if len(omitted):
        top = omitted.groupby("outlet").size().sort_values(ascending=False)
        text += " Facts left out, by outlet: " + ", ".join(f"{o} {n}" for o, n in top.head(8).items()) + "."
    return text


def figures_folder(figures_dir: str | Path, events: list[str] | tuple[str, ...] = ()) -> Path:
    """Where a notebook draws its figures: the build's folder, or a sub-folder for a selection of events
    (so a selection never overwrites the whole corpus's figures)."""
    folder = Path(figures_dir)
    return folder / ("events-" + "-".join(sorted(events))) if events else folder


ACCURACY_ROWS = [
    # (lens, evaluation table, system, measure, split, baseline system, what is measured)
    ("tone", "tone/tone_eval.csv", "tone model (analysis/models/tone)", "macro_f1", "dev_rw",
     "baseline: VADER sentence compound", "macro-F1 on NewsMTSC real-world dev sentences"),
    ("tone", "tone/tone_eval.csv", "tone model (analysis/models/tone)", "macro_f1", "dev_mt",
     "baseline: VADER sentence compound", "macro-F1 on NewsMTSC multi-target dev sentences"),
    ("attribution", "attribution_eval.csv", "model at stored thresholds (speech > -0.5; other > 3)", "cue_f1", "",
     "baseline: speech-verb lemma + its nsubj", "speech-cue F1 on PolNeAR dev"),
    ("attribution", "attribution_eval.csv", "model at stored thresholds (speech > -0.5; other > 3)", "speaker_accuracy", "",
     "baseline: speech-verb lemma + its nsubj", "speaker right for matched cues, PolNeAR dev"),
    ("voice", "attribution_eval.csv", "package annotation (other cues > 0)", "voice_f1", "",
     "baseline: inside quote marks = attributed", "attributed-vs-own F1 over word tokens, PolNeAR dev"),
    ("facts", "facts_eval.csv", "learned pair scorer", "F1", "events found by the events lens", "MiniLM cosine",
     "sentence-pair F1 on ECB+ dev, facts within the events found (5-fold by topic); F1 rewards lumping: see precision"),
    ("facts", "facts_eval.csv", "learned pair scorer", "P", "events found by the events lens", "MiniLM cosine",
     "sentence-pair precision on ECB+ dev, facts within the events found (5-fold by topic)"),
]


def measured_value(table: pd.DataFrame, system: str, measure: str) -> float:
    """One system's value of one measure in an evaluation table (long: a ``measure`` column; wide: one column each)."""
    if "measure" in table:
        hit = table[(table["system"] == system) & (table["measure"] == measure)]
        return float(hit["value"].iloc[0]) if len(hit) else float("nan")
    hit = table[table["system"] == system]
    return float(hit[measure].iloc[0]) if len(hit) and measure in hit else float("nan")


def accuracy_summary() -> pd.DataFrame:
    """One row per lens measure: the shipped model's dev score beside its baseline, from the models' evaluation tables."""
    rows = []
    for lens, table_name, system, measure, split, baseline, what in ACCURACY_ROWS:
        table = model_evaluation(table_name)
        if table.empty:
            continue
        if split and "split" in table:
            table = table[table["split"] == split]
        rows.append((lens, what, measured_value(table, system, measure), measured_value(table, baseline, measure),
                     baseline))
    for extra in ("events_eval.csv",):
        table = model_evaluation(extra)
        if len(table) and {"lens", "what", "model", "baseline", "baseline_name"} <= set(table.columns):
            rows += list(table[["lens", "what", "model", "baseline", "baseline_name"]].itertuples(index=False, name=None))
    return pd.DataFrame(rows, columns=["lens", "measured", "model", "baseline", "baseline is"])
