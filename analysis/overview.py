"""The comparison report: one scorecard per outlet joining the lenses, and findings built from the numbers.

Every finding is generated from the processed tables with its evidence (counts,
intervals) and its limits, so the overview stays true on any corpus: a
difference between two outlets is only stated when their 95% intervals do not
overlap, and outlets with few articles carry a caveat.

Example:
    >>> import pandas as pd
    >>> fmt_share(10, 21, 0.28, 0.68)
    '10/21 (48%, 95% CI 28%–68%)'
"""

from __future__ import annotations

import pandas as pd

from . import io, plots, stats

KEY_ACTORS = ("Qassem Soleimani", "United States", "Iran", "Iraq")
STRIKE = "strike on Soleimani"
SOLEIMANI = "Qassem Soleimani"
ANONYMOUS = "Anonymous sources"
FOCAL_OUTLETS = ("Reuters", "AP", "AFP", "Sputnik", "RT")
MIN_MENTIONS_TO_COMPARE = 5
MIN_ATTRIBUTIONS_TO_COMPARE = 10
SCORECARD_COLUMNS = [
    "outlet", "articles", "words", "tone_soleimani", "tone_united_states", "strike_own_voice", "soleimani_own_voice",
    "top_voice_group", "anonymous_rate", "distancing_cues", "omissions", "unique_claims", "caveat",
]
FINDING_COLUMNS = ["outlet", "lens", "finding", "evidence", "limits"]
TABLES = [
    "articles", "tone_by_outlet", "label_summary", "attribution_by_outlet", "omissions", "unique_claims",
    "tone_eval", "facts_status", "labels", "coverage",
]


def read_tables(processed_dir, names=TABLES) -> dict[str, pd.DataFrame]:
    """The processed tables the overview joins (an empty table for any that is missing)."""
    from pathlib import Path

    return {n: io.read_csv(Path(processed_dir) / f"{n}.csv") if (Path(processed_dir) / f"{n}.csv").exists()
            else pd.DataFrame() for n in names}


def fmt_share(count: int, total: int, low: float, high: float) -> str:
    """'count/total (share, 95% CI low–high)' with percentages."""
    if not total:
        return "no data"
    return f"{int(count)}/{int(total)} ({count / total:.0%}, 95% CI {low:.0%}–{high:.0%})"


def fmt_tone(row) -> str:
    """Mean tone toward an actor with its interval and the number of mentions."""
    return f"{row.mean_tone:+.2f} [{row.tone_ci_low:+.2f}, {row.tone_ci_high:+.2f}], n={int(row.n_mentions)}"


def _tone_cell(tone: pd.DataFrame, outlet: str, actor: str) -> str:
    rows = tone[(tone.get("outlet") == outlet) & (tone.get("actor") == actor)] if len(tone) else tone
    return fmt_tone(rows.iloc[0]) if len(rows) else "not mentioned"


def _own_labels(summary: pd.DataFrame, outlet: str, target: str, *, top: int = 3) -> str:
    if summary.empty:
        return "no data"
    rows = summary[(summary["outlet"] == outlet) & (summary["target"] == target)]
    rows = rows.assign(n_own_voice=rows["n_own"] + rows["n_reported"])
    rows = rows[(rows["n_own_voice"] > 0) & rows["label"].notna()]
    if rows.empty:
        return "not in its own voice"
    rows = rows.sort_values(["n_own_voice", "label"], ascending=[False, True]).head(top)
    return ", ".join(f"{r.label} ({r.n_own_voice})" for r in rows.itertuples())


def _attribution_row(by_outlet: pd.DataFrame, outlet: str, measure: str, category: str | None = None):
    if by_outlet.empty:
        return None
    rows = by_outlet[(by_outlet["outlet"] == outlet) & (by_outlet["measure"] == measure)]
    if category is not None:
        rows = rows[rows["category"] == category]
    return rows.sort_values(["count", "category"], ascending=[False, True]).iloc[0] if len(rows) else None


def _share_text(row) -> str:
    return "no attributions" if row is None else fmt_share(row["count"], row["total"], row["ci_low"], row["ci_high"])


def scorecard(tables: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """One row per outlet joining tone, word choice, attribution and omissions, with counts and intervals."""
    articles = tables["articles"]
    if articles.empty:
        return pd.DataFrame(columns=SCORECARD_COLUMNS)
    tone, labels, attribution = tables["tone_by_outlet"], tables["label_summary"], tables["attribution_by_outlet"]
    omissions, unique = tables["omissions"], tables["unique_claims"]
    rows = []
    for outlet in plots.order_outlets(articles["outlet"]):
        own = articles[articles["outlet"] == outlet]
        top = _attribution_row(attribution, outlet, "voice_share")
        rows.append({
            "outlet": outlet,
            "articles": len(own),
            "words": int(own["n_words"].sum()),
            "tone_soleimani": _tone_cell(tone, outlet, SOLEIMANI),
            "tone_united_states": _tone_cell(tone, outlet, "United States"),
            "strike_own_voice": _own_labels(labels, outlet, STRIKE),
            "soleimani_own_voice": _own_labels(labels, outlet, SOLEIMANI),
            "top_voice_group": "no attributions" if top is None else f"{top['category']}: {_share_text(top)}",
            "anonymous_rate": _share_text(_attribution_row(attribution, outlet, "anonymous_rate")),
            "distancing_cues": _share_text(_attribution_row(attribution, outlet, "cue_class", "distancing")),
            "omissions": int((omissions.get("outlet", pd.Series(dtype=str)) == outlet).sum()) if len(omissions) else 0,
            "unique_claims": int((unique.get("outlet", pd.Series(dtype=str)) == outlet).sum()) if len(unique) else 0,
            "caveat": article_caveat(len(own)),
        })
    return pd.DataFrame(rows, columns=SCORECARD_COLUMNS)


def article_caveat(n_articles: int) -> str:
    """A warning when an outlet has too few articles to stand for the outlet.

    Example:
        >>> article_caveat(1)
        'only 1 article: describes this text, not the outlet'
    """
    if n_articles >= stats.MIN_ARTICLES:
        return ""
    return f"only {n_articles} article{'s' if n_articles != 1 else ''}: describes {'this text' if n_articles == 1 else 'these texts'}, not the outlet"


def _pairs_apart(rows: pd.DataFrame, low: str, high: str) -> list[tuple[str, str]]:
    """Pairs of outlets whose intervals do not overlap, higher first."""
    out = []
    records = list(rows.itertuples(index=False))
    for a in records:
        for b in records:
            if a.outlet < b.outlet and not stats.intervals_overlap(getattr(a, low), getattr(a, high), getattr(b, low), getattr(b, high)):
                hi, lo = (a, b) if getattr(a, low) > getattr(b, high) else (b, a)
                out.append((hi.outlet, lo.outlet))
    return out


TONE_INTERVALS = "Intervals resample articles, then mentions within them: an outlet with one article has an interval over that article's mentions only."
SHARE_INTERVALS = "Wilson intervals count attributions as independent, within and across these articles."


def _limits(articles: pd.DataFrame, outlets: list[str], intervals: str = "") -> str:
    counts = articles["outlet"].value_counts()
    parts = [f"{o}: {counts.get(o, 0)} article{'s' if counts.get(o, 0) != 1 else ''}" for o in outlets]
    return "; ".join(parts) + "." + (f" {intervals}" if intervals else "")


def tone_findings(tables: dict[str, pd.DataFrame]) -> list[dict]:
    """Tone toward the key actors: a finding only where two outlets' intervals do not overlap.

    Outlets with fewer than ``MIN_MENTIONS_TO_COMPARE`` mentions of the actor are left out.
    """
    tone, articles = tables["tone_by_outlet"], tables["articles"]
    found = []
    for actor in KEY_ACTORS:
        rows = tone[tone["actor"] == actor] if len(tone) else tone
        rows = rows[rows["n_mentions"] >= MIN_MENTIONS_TO_COMPARE] if len(rows) else rows
        if len(rows) < 2:
            continue
        apart = _pairs_apart(rows, "tone_ci_low", "tone_ci_high")
        evidence = "; ".join(f"{r.outlet} {fmt_tone(r)}" for r in rows.itertuples())
        if apart:
            for hi, lo in apart:
                found.append({"outlet": lo, "lens": "tone", "finding": f"{lo} writes about {actor} more negatively than {hi}",
                              "evidence": evidence, "limits": _limits(articles, [hi, lo], TONE_INTERVALS)})
        else:
            found.append({"outlet": "all", "lens": "tone",
                          "finding": f"No outlet's tone toward {actor} differs from another's beyond chance",
                          "evidence": evidence, "limits": "all 95% intervals overlap; " + _limits(articles, list(rows["outlet"]), TONE_INTERVALS)})
    return found


def attribution_findings(tables: dict[str, pd.DataFrame]) -> list[dict]:
    """Anonymous-source rates and distancing cues that differ between outlets (Wilson intervals apart)."""
    by_outlet, articles = tables["attribution_by_outlet"], tables["articles"]
    found = []
    if by_outlet.empty:
        return found
    for measure, category, what in [("anonymous_rate", None, "anonymous sources"), ("cue_class", "distancing", "distancing reporting verbs ('claimed', 'alleged')")]:
        rows = by_outlet[by_outlet["measure"] == measure]
        if category:
            rows = rows[rows["category"] == category]
        rows = rows[rows["total"] >= MIN_ATTRIBUTIONS_TO_COMPARE]
        apart = _pairs_apart(rows, "ci_low", "ci_high")
        evidence = "; ".join(f"{r.outlet} {fmt_share(r.count, r.total, r.ci_low, r.ci_high)}" for r in rows.itertuples())
        for hi, lo in apart:
            found.append({"outlet": hi, "lens": "attribution", "finding": f"{hi} relies on {what} more than {lo}",
                          "evidence": evidence, "limits": _limits(articles, [hi, lo], SHARE_INTERVALS)})
    return found


def wording_findings(tables: dict[str, pd.DataFrame]) -> list[dict]:
    """Which outlets call the strike an assassination in their own voice, and which only quote the word."""
    summary, articles = tables["label_summary"], tables["articles"]
    if summary.empty:
        return []
    rows = summary[(summary["target"] == STRIKE) & (summary["label"] == "assassination")]
    found = []
    for outlet in plots.order_outlets(articles["outlet"]):
        own = rows[rows["outlet"] == outlet]
        n_own = int((own["n_own"] + own["n_reported"]).sum())
        n_quoted = int(own["n_quoted"].sum())
        mentions = summary[(summary["outlet"] == outlet) & (summary["target"] == STRIKE) & (summary["n_total"] > 0)]
        if mentions.empty:
            continue
        translated_only = _only_in_translations(tables, outlet)
        if n_own and translated_only:
            finding = (f"{outlet} calls the strike an assassination in its own voice only in a machine-translated "
                       f"republication ({translated_only})")
        elif n_own:
            finding = f"{outlet} calls the strike an assassination in its own voice"
        elif n_quoted:
            finding = f"{outlet} uses 'assassination' only inside quotations"
        else:
            finding = f"{outlet} never calls the strike an assassination"
        found.append({"outlet": outlet, "lens": "word choice", "finding": finding,
                      "evidence": f"own voice: {_own_labels(summary, outlet, STRIKE, top=4)}; 'assassination' own {n_own}, quoted {n_quoted}",
                      "limits": _limits(articles, [outlet]).split(".")[0] + "; counts are of the outlet's texts, not of its editorial policy."})
    return found


def _only_in_translations(tables: dict[str, pd.DataFrame], outlet: str) -> str:
    """Article ids when every own-voice 'assassination' of an outlet is in a machine-translated text, else ''."""
    labels, articles = tables.get("labels", pd.DataFrame()), tables["articles"]
    if labels.empty or "voice" not in labels.columns:
        return ""
    own = labels[(labels["outlet"] == outlet) & (labels["target"] == STRIKE) & (labels["label"] == "assassination")
                 & (labels["voice"] != "quoted")]
    translated = set(articles.loc[articles["note"].fillna("").str.contains("machine-translated", case=False), "article_id"])
    ids = sorted(set(own["article_id"]))
    return ", ".join(ids) if ids and set(ids) <= translated else ""


def findings(tables: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """Findings from every lens, each with its evidence and limits (empty when nothing can be compared)."""
    rows = tone_findings(tables) + attribution_findings(tables) + wording_findings(tables)
    return pd.DataFrame(rows, columns=FINDING_COLUMNS)


def comparability(tables: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """What the corpus allows: outlets, articles per outlet, days covered, and what cannot be compared."""
    articles = tables["articles"]
    if articles.empty:
        return pd.DataFrame([{"check": "articles", "value": "0", "meaning": "no articles: nothing can be compared"}])
    counts = articles["outlet"].value_counts()
    dates = articles["date"].dropna()
    rows = [
        {"check": "outlets", "value": str(len(counts)),
         "meaning": "one outlet: no comparison between outlets is possible" if len(counts) < 2 else "outlets can be compared, with the caveats below"},
        {"check": "articles per outlet", "value": ", ".join(f"{o} {n}" for o, n in sorted(counts.items())),
         "meaning": f"outlets with fewer than {stats.MIN_ARTICLES} articles describe those texts, not the outlet"},
        {"check": "days covered", "value": f"{dates.nunique()} ({dates.min()} to {dates.max()})" if len(dates) else "no dates",
         "meaning": "a story cannot report what happened after its date; omissions respect this"},
        {"check": "outlets with no articles", "value": ", ".join(o for o in FOCAL_OUTLETS if o not in counts) or "none",
         "meaning": "nothing is said about them"},
    ]
    translated = articles["note"].fillna("").str.contains("machine-translated", case=False)
    if translated.any():
        rows.append({"check": "machine-translated texts", "value": ", ".join(articles.loc[translated, "article_id"]),
                     "meaning": "their word choice is partly the translator's"})
    return pd.DataFrame(rows)
