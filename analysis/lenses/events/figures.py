"""Events figure: the largest events, their articles by outlet.

Example:
    >>> ev = pd.DataFrame({"article_id": ["a", "b"], "event": ["EV001", "EV001"]})
    >>> arts = pd.DataFrame({"article_id": ["a", "b"], "outlet": ["X", "Y"]})
    >>> table = pd.DataFrame({"event": ["EV001"], "label": ["Quake"], "n_articles": [2], "n_outlets": [2]})
    >>> event_outlet_counts(ev, arts, table, ["X", "Y"])["n_articles"].tolist()
    [1, 1]
"""

from __future__ import annotations

from pathlib import Path

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

from ...style import (
    OTHER_OUTLETS,
    TEXT_COLOUR,
    empty_figure,
    grid_size,
    group_other,
    outlets_shown,
    save_figure,
    titled,
    top_outlets,
    wrap,
)

MAX_EVENTS = 15


def event_outlet_counts(events: pd.DataFrame, articles: pd.DataFrame, table: pd.DataFrame, outlets: list[str]) -> pd.DataFrame:
    """Articles per event and outlet for the largest multi-outlet events (the rest of the outlets grouped)."""
    big = table[table["n_outlets"] >= 2].sort_values(["n_articles", "event"], ascending=[False, True]).head(MAX_EVENTS)
    merged = events[events["event"].isin(big["event"])].merge(articles[["article_id", "outlet"]], on="article_id")
    merged["outlet"] = group_other(merged["outlet"], outlets)
    counts = merged.groupby(["event", "outlet"]).size().rename("n_articles").reset_index()
    return counts.merge(big[["event", "label"]], on="event").sort_values(["event", "outlet"]).reset_index(drop=True)


def plot_events(events: pd.DataFrame, articles: pd.DataFrame, table: pd.DataFrame, figures_dir: str | Path, *,
                name: str = "events_by_outlet") -> Path:
    """Grid of the largest events covered by two or more outlets: articles per outlet (top outlets, the rest grouped)."""
    outlets = top_outlets(articles)
    data = event_outlet_counts(events, articles, table, outlets)
    if data.empty:
        fig, _ = empty_figure("No event is covered by two or more outlets.")
        return save_figure(fig, data, name, figures_dir)
    order = table.set_index("event").loc[data["event"].unique()].sort_values(["n_articles"], ascending=False).index.tolist()
    cols = [o for o in outlets + [OTHER_OUTLETS] if o in data["outlet"].values]
    grid = np.zeros((len(order), len(cols)))
    for r in data.itertuples():
        grid[order.index(r.event), cols.index(r.outlet)] = r.n_articles
    fig, ax = plt.subplots(figsize=grid_size(len(order), len(cols), cell_w=0.55, cell_h=0.42, min_w=8))
    ax.imshow(grid, cmap="Greys", vmin=0, vmax=max(3, grid.max()), aspect="auto")
    for (i, j), v in np.ndenumerate(grid):
        if v:
            ax.text(j, i, int(v), ha="center", va="center", fontsize=7, color="white" if v > grid.max() * 0.6 else TEXT_COLOUR)
    labels = data.drop_duplicates("event").set_index("event")["label"]
    lines = {e: wrap(labels[e], 50).splitlines() or [""] for e in order}
    ax.set_yticks(range(len(order)), [f"{e} {lines[e][0]}{' …' if len(lines[e]) > 1 else ''}" for e in order], fontsize=7)
    ax.set_xticks(range(len(cols)), [wrap(c, 16) for c in cols], fontsize=7, rotation=45, ha="right")
    ax.set_title(titled("The largest events covered by two or more outlets: articles per outlet",
                        outlets_shown(articles, outlets, grouped=True)), loc="left")
    return save_figure(fig, data, name, figures_dir)


def draw_figures(tables, figures_dir: str | Path) -> list[Path]:
    return [plot_events(tables["events"], tables["articles"], tables["event_table"], figures_dir)]
