"""Corpus figures: articles by outlet and date, and what cleaning removed.

Example:
    >>> import pandas as pd
    >>> arts = pd.DataFrame({"outlet": ["Reuters", "RT"], "date": ["2020-01-07", ""], "article_id": ["a", "b"]})
    >>> timeline_data(arts, ["Reuters", "RT"])[["week", "outlet", "n_articles"]].values.tolist()
    [['2020-01-07', 'Reuters', 1], ['no date', 'RT', 1]]
"""

from __future__ import annotations

from pathlib import Path

import matplotlib.pyplot as plt
import pandas as pd

from ...style import (
    OTHER_OUTLETS,
    empty_figure,
    grid_size,
    group_other,
    outlet_palette,
    outlets_shown,
    save_figure,
    titled,
    top_outlets,
)


def timeline_data(articles: pd.DataFrame, outlets: list[str]) -> pd.DataFrame:
    """Articles per outlet and period: days when the corpus spans under three weeks, else weeks (Monday)."""
    dates = pd.to_datetime(articles["date"].fillna("").astype(str), errors="coerce", format="%Y-%m-%d")
    span = (dates.max() - dates.min()).days if dates.notna().any() else 0
    start = dates if span < 21 else dates - pd.to_timedelta(dates.dt.day_of_week, unit="D")
    period = start.dt.strftime("%Y-%m-%d")
    frame = pd.DataFrame({"week": period.fillna("no date"), "outlet": group_other(articles["outlet"], outlets)})
    counts = frame.groupby(["week", "outlet"]).size().rename("n_articles").reset_index()
    return counts.sort_values(["week", "outlet"]).reset_index(drop=True)


def plot_timeline(articles: pd.DataFrame, figures_dir: str | Path, *, name: str = "corpus_timeline") -> Path:
    """Articles by period and outlet (top outlets, the rest grouped), dot area = articles."""
    outlets = top_outlets(articles)
    data = timeline_data(articles, outlets)
    if data.empty:
        fig, _ = empty_figure("No articles to show.")
        return save_figure(fig, data, name, figures_dir)
    palette = outlet_palette(articles)
    rows = outlets + ([OTHER_OUTLETS] if (data["outlet"] == OTHER_OUTLETS).any() else [])
    periods = sorted(data["week"].unique())
    fig, ax = plt.subplots(figsize=grid_size(len(rows), len(periods)))
    for row in data.itertuples():
        y, x = rows.index(row.outlet), periods.index(row.week)
        ax.scatter(x, y, s=60 * row.n_articles ** 0.5, color=palette.get(row.outlet, "#BBBBBB"), zorder=3)
        ax.annotate(str(row.n_articles), (x, y), xytext=(7, 5), textcoords="offset points", fontsize=7)
    ax.set_yticks(range(len(rows)), rows)
    step = max(1, len(periods) // 20)
    ax.set_xticks(range(0, len(periods), step), periods[::step], rotation=45, ha="right")
    ax.set_ylim(len(rows) - 0.4, -0.6)
    ax.grid(axis="x", alpha=0.3)
    ax.set_title(titled("Articles by outlet and date (number = articles)", outlets_shown(articles, outlets, grouped=True)))
    return save_figure(fig, data, name, figures_dir)


def removal_data(removed_lines: pd.DataFrame) -> pd.DataFrame:
    """Removed lines per cleaning rule."""
    counts = removed_lines.groupby("rule").size().rename("n_lines").reset_index()
    return counts.sort_values(["n_lines", "rule"], ascending=[False, True]).reset_index(drop=True)


def plot_removals(removed_lines: pd.DataFrame, figures_dir: str | Path, *, name: str = "corpus_removed_lines") -> Path:
    """Bars: how many lines each cleaning rule removed (the audit is in ``removed_lines.csv``)."""
    data = removal_data(removed_lines)
    if data.empty:
        fig, _ = empty_figure("Cleaning removed nothing.")
        return save_figure(fig, data, name, figures_dir)
    shown = data.head(20)
    fig, ax = plt.subplots(figsize=grid_size(len(shown), 8, min_w=6))
    ax.barh(range(len(shown)), shown["n_lines"], color="#332288")
    ax.set_yticks(range(len(shown)), shown["rule"])
    ax.invert_yaxis()
    ax.set_xlabel("lines removed")
    ax.set_title("What cleaning removed, by rule")
    return save_figure(fig, data, name, figures_dir)


def draw_figures(tables, figures_dir: str | Path) -> list[Path]:
    """The corpus figures of the report."""
    return [plot_timeline(tables["articles"], figures_dir), plot_removals(tables["removed_lines"], figures_dir)]
