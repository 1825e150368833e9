"""Word-choice figures: label shares by outlet (one panel per family), distinctive terms, marker rates.

Each shows the top outlets by article count (the rest grouped or left out, as the title says), so it
stays legible from 5 to 50 outlets.

Example:
    >>> summary = pd.DataFrame({"outlet": ["A", "A"], "family": ["f", "f"], "label": ["x", "y"], "voice": ["own"] * 2,
    ...                         "n_uses": [3, 1], "n_family": [4, 4], "share": [0.75, 0.25]})
    >>> label_grid(summary, ["A"], "f")["n_uses"].tolist()
    [3, 1]
"""

from __future__ import annotations

from pathlib import Path

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

from ...style import (
    TEXT_COLOUR,
    empty_figure,
    outlet_palette,
    outlets_shown,
    save_figure,
    titled,
    top_outlets,
    wrap,
)

MAX_FAMILIES = 6
MAX_LABELS = 6
MIN_FAMILY_USES = 5
FULL_COLOUR_USES = 5  # an outlet's row of a family is drawn in full colour from this many uses of the family


def faded(rgba: np.ndarray, weight: np.ndarray) -> np.ndarray:
    """Each row of an RGBA image blended toward white by ``1 - weight`` (a weight per row, 0 to 1).

    Example:
        >>> faded(np.array([[[0.0, 0.0, 1.0, 1.0]]]), np.array([0.5])).tolist()
        [[[0.5, 0.5, 1.0, 1.0]]]
    """
    out = rgba.copy()
    w = np.asarray(weight, dtype=float)[:, None, None]
    out[..., :3] = 1 - w * (1 - rgba[..., :3])
    return out


def top_families(summary: pd.DataFrame, outlets: list[str], *, n: int = MAX_FAMILIES) -> list[str]:
    """Families with the most own-voice uses among ``outlets`` used by at least two of them."""
    own = summary[(summary["voice"] == "own") & summary["outlet"].isin(outlets)]
    spread = own.groupby("family").agg(uses=("n_uses", "sum"), outlets=("outlet", "nunique"))
    spread = spread[(spread["uses"] >= MIN_FAMILY_USES) & (spread["outlets"] >= 2)]
    return sorted(spread.index, key=lambda f: (-spread.loc[f, "uses"], f))[:n]


def label_grid(summary: pd.DataFrame, outlets: list[str], family: str) -> pd.DataFrame:
    """Own-voice uses of one family's labels by the given outlets (the plotted data)."""
    own = summary[(summary["voice"] == "own") & (summary["family"] == family) & summary["outlet"].isin(outlets)]
    return own[["outlet", "family", "label", "n_uses", "n_family", "share"]].reset_index(drop=True)


def plot_labels(summary: pd.DataFrame, articles: pd.DataFrame, figures_dir: str | Path, *, name: str = "wording_labels") -> Path:
    """One panel per label family: each outlet's share of own-voice uses per label (number = uses)."""
    outlets = top_outlets(articles)
    families = top_families(summary, outlets)
    if not families:
        fig, _ = empty_figure("No label family is used in their own voice by two or more outlets (5+ uses).")
        return save_figure(fig, pd.DataFrame(), name, figures_dir)
    grids = [label_grid(summary, outlets, f) for f in families]
    n_rows = len([o for o in outlets if any(o in g["outlet"].values for g in grids)])
    n_cols = 1 if len(families) <= 2 else 2  # small multiples two abreast: the figure stays about as tall as wide
    n_grid_rows = -(-len(families) // n_cols)
    fig, axes = plt.subplots(n_grid_rows, n_cols, figsize=(8.5 * n_cols, 0.9 + n_grid_rows * (0.9 + 0.26 * n_rows)),
                             squeeze=False, layout="constrained")
    for ax in axes.flat[len(families):]:
        ax.set_visible(False)
    for ax, family, grid in zip(axes.flat, families, grids):
        rows = [o for o in outlets if o in grid["outlet"].values]
        labels = (grid.groupby("label")["n_uses"].sum().sort_values(ascending=False).index[:MAX_LABELS].tolist())
        shares = np.full((len(rows), len(labels)), np.nan)
        weight = np.ones(len(rows))  # a share of a handful of uses is faded: one use of one label is not a habit
        for r in grid.itertuples():
            weight[rows.index(r.outlet)] = min(1.0, r.n_family / FULL_COLOUR_USES)
            if r.label in labels:
                shares[rows.index(r.outlet), labels.index(r.label)] = r.share
        ax.imshow(faded(plt.get_cmap("Blues")(np.nan_to_num(shares)), weight), aspect="auto")
        for r in grid.itertuples():
            if r.label in labels:
                dark = r.share * weight[rows.index(r.outlet)] > 0.6
                ax.text(labels.index(r.label), rows.index(r.outlet), f"{r.n_uses}", ha="center", va="center",
                        fontsize=7, color="white" if dark else TEXT_COLOUR)
        ax.set_xticks(range(len(labels)), [wrap(x, 16) for x in labels], fontsize=7)
        ax.set_yticks(range(len(rows)), rows, fontsize=7)
        ax.set_title(f"{family}: share of own-voice uses (number = uses; faded: under {FULL_COLOUR_USES} uses)",
                     loc="left", fontsize=8)
    fig.suptitle(titled("Labels in each outlet's own voice", outlets_shown(articles, outlets)), x=0.01, ha="left")
    return save_figure(fig, pd.concat(grids, ignore_index=True), name, figures_dir)


def plot_distinctive_terms(terms: pd.DataFrame, articles: pd.DataFrame, figures_dir: str | Path, *,
                           name: str = "wording_distinctive_terms", per_outlet: int = 8) -> Path:
    """Small multiples: each top outlet's most distinctive own-voice words (z-score; count in brackets)."""
    outlets = [o for o in top_outlets(articles) if ((terms["outlet"] == o) & (terms["status"] == "ok")).any()]
    data = terms[terms["outlet"].isin(outlets) & (terms["status"] == "ok") & (terms["ngram"] == 1)]
    data = data.sort_values(["outlet", "z"], ascending=[True, False]).groupby("outlet").head(per_outlet)
    if data.empty:
        fig, _ = empty_figure("Not enough own-voice text to compare the outlets' words.")
        return save_figure(fig, data, name, figures_dir)
    cols = min(4, len(outlets))
    rows = int(np.ceil(len(outlets) / cols))
    palette = outlet_palette(articles)
    fig, axes = plt.subplots(rows, cols, figsize=(3.2 * cols, 0.4 + 2.2 * rows), squeeze=False)
    for ax in axes.flat:
        ax.axis("off")
    for ax, outlet in zip(axes.flat, outlets):
        part = data[data["outlet"] == outlet].iloc[::-1]
        ax.axis("on")
        ax.barh(range(len(part)), part["z"], color=palette.get(outlet, "#BBBBBB"))
        ax.set_yticks(range(len(part)), [f"{t} ({c})" for t, c in zip(part["term"], part["count"])], fontsize=7)
        ax.set_title(wrap(outlet, 30), fontsize=8, loc="left")
        ax.tick_params(axis="x", labelsize=7)
    fig.suptitle(titled("Words that set each outlet's own voice apart (z of the log-odds ratio)",
                        outlets_shown(articles, top_outlets(articles))), x=0.01, ha="left")
    fig.tight_layout()
    return save_figure(fig, data.reset_index(drop=True), name, figures_dir)


def plot_markers(rates: pd.DataFrame, articles: pd.DataFrame, figures_dir: str | Path, *, name: str = "wording_markers") -> Path:
    """Dots with 95% intervals: markers per 1,000 own-voice words, by category, top outlets."""
    outlets = top_outlets(articles)
    data = rates[rates["outlet"].isin(outlets) & (rates["status"] == "ok")].reset_index(drop=True)
    if data.empty:
        fig, _ = empty_figure("Not enough own-voice text for marker rates.")
        return save_figure(fig, data, name, figures_dir)
    categories = sorted(data["category"].unique())
    palette = outlet_palette(articles)
    fig, axes = plt.subplots(1, len(categories), figsize=(2.6 * len(categories) + 1.5, 0.8 + 0.28 * len(outlets)),
                             squeeze=False, sharey=True)
    rows = [o for o in outlets if o in data["outlet"].values]
    for ax, category in zip(axes[0], categories):
        part = data[data["category"] == category]
        for r in part.itertuples():
            y = rows.index(r.outlet)
            ax.plot([r.ci_low, r.ci_high], [y, y], color="#888888", lw=1)
            ax.plot(r.per_1000, y, "o", color=palette.get(r.outlet, "#BBBBBB"))
        ax.set_title(category, fontsize=8)
        ax.set_yticks(range(len(rows)), rows, fontsize=7)
        ax.invert_yaxis() if ax is axes[0][0] else None
        ax.tick_params(axis="x", labelsize=7)
    fig.suptitle(titled("Framing markers per 1,000 own-voice words (95% interval over articles)",
                        outlets_shown(articles, outlets)), x=0.01, ha="left")
    fig.tight_layout()
    return save_figure(fig, data, name, figures_dir)


def draw_figures(tables, figures_dir: str | Path) -> list[Path]:
    articles = tables["articles"]
    return [plot_labels(tables["label_summary"], articles, figures_dir),
            plot_distinctive_terms(tables["distinctive_terms"], articles, figures_dir),
            plot_markers(tables["marker_rates"], articles, figures_dir)]
