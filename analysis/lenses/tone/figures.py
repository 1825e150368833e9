"""Tone figures: the outlet-by-actor grid (own voice) and the split of mentions with its calibration.

Example:
    >>> by = pd.DataFrame({"outlet": ["A", "B"], "actor": ["Iran", "Iran"], "voice": ["own", "own"], "n_mentions": [5, 4],
    ...                    "n_articles": [2, 2], "mean_tone": [-0.3, 0.1]})
    >>> top_actors(by, ["A", "B"], n=5)
    ['Iran']
"""

from __future__ import annotations

from pathlib import Path

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

from ...style import (
    TEXT_COLOUR,
    empty_figure,
    grid_size,
    outlets_shown,
    save_figure,
    titled,
    top_outlets,
    wrap,
)

MAX_ACTORS = 12
NO_DATA_COLOUR = "#E4E4E4"


def top_actors(by_outlet: pd.DataFrame, outlets: list[str], *, n: int = MAX_ACTORS) -> list[str]:
    """Actors with the most own-voice mentions among ``outlets``, named by at least two of them."""
    own = by_outlet[(by_outlet["voice"] == "own") & by_outlet["outlet"].isin(outlets)]
    spread = own.groupby("actor").agg(n=("n_mentions", "sum"), outlets=("outlet", "nunique"))
    spread = spread[spread["outlets"] >= min(2, len(outlets))]
    return sorted(spread.index, key=lambda a: (-spread.loc[a, "n"], a))[:n]


def plot_tone_grid(by_outlet: pd.DataFrame, articles: pd.DataFrame, figures_dir: str | Path, *,
                   name: str = "tone_by_outlet") -> Path:
    """Mean tone toward each top actor in each top outlet's own voice (cell text: tone and mentions;
    grey where an outlet has fewer than 2 articles or 3 mentions on the actor; a colour bar gives the scale)."""
    outlets = top_outlets(articles)
    actors = top_actors(by_outlet, outlets)
    data = by_outlet[(by_outlet["voice"] == "own") & by_outlet["outlet"].isin(outlets) & by_outlet["actor"].isin(actors)
                     & (by_outlet["n_articles"] >= 2)].reset_index(drop=True)
    if data.empty:
        fig, _ = empty_figure("No actor is named in their own voice by two outlets with 2+ articles and 3+ mentions each.")
        return save_figure(fig, data, name, figures_dir)
    rows = [o for o in outlets if o in data["outlet"].values]
    grid = np.full((len(rows), len(actors)), np.nan)
    fig, ax = plt.subplots(figsize=grid_size(len(rows), len(actors), cell_w=0.9, cell_h=0.38))
    for r in data.itertuples():
        grid[rows.index(r.outlet), actors.index(r.actor)] = r.mean_tone
    colours = plt.get_cmap("RdBu").with_extremes(bad=NO_DATA_COLOUR)  # no comparison: the outlet names the actor too little
    image = ax.imshow(np.ma.masked_invalid(grid), cmap=colours, vmin=-0.6, vmax=0.6, aspect="auto")
    bar = fig.colorbar(image, ax=ax, fraction=0.035, pad=0.02, ticks=[-0.6, -0.3, 0, 0.3, 0.6])
    bar.set_label("mean tone; grey: too few articles\nor mentions to compare", fontsize=6.5)
    bar.ax.tick_params(labelsize=6.5)
    for r in data.itertuples():
        y, x = rows.index(r.outlet), actors.index(r.actor)
        ax.text(x, y, f"{r.mean_tone:+.2f}\n{r.n_mentions}", ha="center", va="center", fontsize=6.5,
                color="white" if abs(r.mean_tone) > 0.4 else TEXT_COLOUR)
    ax.set_xticks(range(len(actors)), [wrap(a, 14) for a in actors], fontsize=7, rotation=45, ha="right")
    ax.set_yticks(range(len(rows)), [wrap(o, 30) for o in rows], fontsize=7)
    ax.set_title(titled("Tone toward each actor in the outlet's own voice\n(P(positive) - P(negative), mean; number = mentions)",
                        outlets_shown(articles, outlets)), loc="left")
    return save_figure(fig, data, name, figures_dir)


def plot_shares(shares: pd.DataFrame, figures_dir: str | Path, *, name: str = "tone_shares") -> Path:
    """Negative / neutral / positive mentions in the outlets' own voice, in quotations and in reported speech:
    expected shares, with the mentions behind each bar."""
    voices = {"own": "own voice", "quoted": "quoted", "reported": "reported speech"}
    data = shares[shares["voice"].isin(list(voices))].reset_index(drop=True)
    if data.empty or data["n_mentions"].sum() == 0:
        fig, _ = empty_figure("No actor mentions to classify.")
        return save_figure(fig, data, name, figures_dir)
    colours = {"negative": "#CC6677", "neutral": "#DDDDDD", "positive": "#4477AA"}
    fig, ax = plt.subplots(figsize=(7, 2.2))
    for y, voice in enumerate(voices):
        part = data[data["voice"] == voice].set_index("label")
        ax.text(1.01, y, f"n={int(part['n_mentions'].sum()):,}", va="center", fontsize=7)
        left = 0.0
        for label in ("negative", "neutral", "positive"):
            share = float(part.loc[label, "expected_share"]) if label in part.index else 0.0
            ax.barh(y, share, left=left, color=colours[label], edgecolor="white")
            if share > 0.06:
                ax.text(left + share / 2, y, f"{label}\n{share:.0%}", ha="center", va="center", fontsize=7, color=TEXT_COLOUR)
            left += share
    ax.set_yticks(range(len(voices)), list(voices.values()))
    ax.set_xlim(0, 1)
    ax.invert_yaxis()
    ax.set_title("Expected share of mentions by class (probabilities re-weighted to the corpus's neutral share)",
                 loc="left")
    return save_figure(fig, data, name, figures_dir)


def draw_figures(tables, figures_dir: str | Path) -> list[Path]:
    from ...resources import model_table

    return [plot_tone_grid(tables["tone_by_outlet"], tables["articles"], figures_dir),
            plot_shares(tables["tone_shares"], figures_dir),
            plot_reliability(model_table("tone/reliability.csv"), figures_dir)]


def plot_reliability(reliability: pd.DataFrame, figures_dir: str | Path, *, name: str = "tone_reliability") -> Path:
    """Reliability diagram on NewsMTSC dev: accuracy against confidence per bin, before and after calibration."""
    if reliability.empty:
        fig, _ = empty_figure("No reliability table shipped with the model.")
        return save_figure(fig, reliability, name, figures_dir)
    fig, ax = plt.subplots(figsize=(4.2, 4.2))
    ax.plot([0, 1], [0, 1], color="#999999", lw=1, ls="--", label="perfect calibration")
    styles = {0: ("#CC6677", "o"), 1: ("#332288", "s")}
    if "split" in reliability:
        reliability = reliability[reliability["split"] == "dev_rw"]
    for k, (stage, part) in enumerate(reliability.groupby("scaling", sort=True)):
        part = part[part["count"] > 0]
        colour, marker = styles[k % 2]
        ax.plot(part["mean_confidence"], part["accuracy"], marker=marker, color=colour, label=str(stage))
    ax.set_xlabel("mean confidence in bin")
    ax.set_ylabel("accuracy in bin")
    ax.set_xlim(0.3, 1)
    ax.set_ylim(0.3, 1)
    ax.legend(fontsize=7, loc="upper center", bbox_to_anchor=(0.5, -0.14), ncol=1, frameon=False)  # off the points
    ax.set_title("Calibration on NewsMTSC dev (real-world)", loc="left")
    return save_figure(fig, reliability, name, figures_dir)
