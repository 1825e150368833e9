"""Attribution figures: whose voices each outlet carries (by group) and how it introduces them (by verb class).

Example:
    >>> v = pd.DataFrame({"outlet": ["A", "A"], "group": ["Legislator", "unresolved"], "n": [3, 1]})
    >>> top_groups(v, n=5)
    ['Legislator', 'unresolved']
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

MAX_GROUPS = 12
TONE_COLOURS = {"neutral": "#DDDDDD", "confirming": "#44AA99", "conceding": "#88CCEE", "distancing": "#DDCC77",
                "accusing": "#CC6677"}


def top_groups(voices: pd.DataFrame, *, n: int = MAX_GROUPS) -> list[str]:
    """The groups with the most voices in the corpus."""
    totals = voices.groupby("group")["n"].sum()
    return sorted(totals.index, key=lambda g: (-totals[g], g))[:n]


def plot_voice_share(voices: pd.DataFrame, articles: pd.DataFrame, figures_dir: str | Path, *,
                     name: str = "attribution_voice_share") -> Path:
    """Share of each outlet's attributions by speaker group (cell: share; number below: attributions)."""
    outlets = top_outlets(articles)
    data = voices[voices["outlet"].isin(outlets)]
    groups = top_groups(data)
    data = data[data["group"].isin(groups)].reset_index(drop=True)
    if data.empty:
        fig, _ = empty_figure("No attributions found.")
        return save_figure(fig, data, name, figures_dir)
    rows = [o for o in outlets if o in data["outlet"].values]
    grid = np.zeros((len(rows), len(groups)))
    fig, ax = plt.subplots(figsize=grid_size(len(rows), len(groups), cell_w=0.95, cell_h=0.4))
    for r in data.itertuples():
        grid[rows.index(r.outlet), groups.index(r.group)] = r.share
    ax.imshow(grid, cmap="Purples", vmin=0, vmax=max(0.5, grid.max()), aspect="auto")
    for r in data.itertuples():
        y, x = rows.index(r.outlet), groups.index(r.group)
        ax.text(x, y, f"{r.share:.0%}\n{r.n}", ha="center", va="center", fontsize=6.5,
                color="white" if r.share > 0.35 else TEXT_COLOUR)
    ax.set_xticks(range(len(groups)), [wrap(g, 14) for g in groups], fontsize=7, rotation=45, ha="right")
    ax.set_yticks(range(len(rows)), [wrap(o, 30) for o in rows], fontsize=7)
    ax.set_title(titled("Whose voices each outlet carries: share of its attributions by speaker group\n"
                        f"(top {len(groups)} groups; number = attributions)", outlets_shown(articles, outlets)), loc="left")
    return save_figure(fig, data, name, figures_dir)


def plot_cue_tones(tones: pd.DataFrame, articles: pd.DataFrame, figures_dir: str | Path, *,
                   name: str = "attribution_cue_tones") -> Path:
    """Stacked bars: how each outlet introduces its sources (neutral 'said' against loaded verbs)."""
    outlets = top_outlets(articles)
    data = tones[tones["outlet"].isin(outlets)].reset_index(drop=True)
    if data.empty:
        fig, _ = empty_figure("No attributions found.")
        return save_figure(fig, data, name, figures_dir)
    rows = [o for o in outlets if o in data["outlet"].values]
    fig, ax = plt.subplots(figsize=(7.5, 0.9 + 0.3 * len(rows)))
    for y, outlet in enumerate(rows):
        left = 0.0
        part = data[data["outlet"] == outlet].set_index("cue_tone")
        for tone, colour in TONE_COLOURS.items():
            share = float(part.loc[tone, "share"]) if tone in part.index else 0.0
            ax.barh(y, share, left=left, color=colour, edgecolor="white", label=tone if y == 0 else None)
            left += share
        ax.text(1.01, y, f"n={int(part['n'].sum())}", va="center", fontsize=7)
    ax.set_yticks(range(len(rows)), [wrap(o, 30) for o in rows], fontsize=7)
    ax.invert_yaxis()
    ax.set_xlim(0, 1)
    ax.legend(ncol=5, fontsize=7, loc="lower left", bbox_to_anchor=(0, 1.0), frameon=False)
    ax.set_title(titled("How each outlet introduces its sources: reporting verbs by class", outlets_shown(articles, outlets))
                 + "\n", loc="left")
    return save_figure(fig, data, name, figures_dir)


def draw_figures(tables, figures_dir: str | Path) -> list[Path]:
    articles = tables["articles"]
    return [plot_voice_share(tables["voices_by_outlet"], articles, figures_dir),
            plot_cue_tones(tables["cue_tones_by_outlet"], articles, figures_dir)]
