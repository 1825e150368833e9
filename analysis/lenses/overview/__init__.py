"""Overview: the findings the data carries, the scorecard, and each event's outlets side by side.

It reads every other lens's tables and writes ``findings`` (outlet against the other outlets covering the
same events; intervals apart, two or more articles each side), ``comparisons`` (which outlets could be
compared and why not), ``scorecard`` and ``event_view``.
"""

from __future__ import annotations

import pandas as pd

from ..base import Lens
from .findings import comparisons_made, findings
from .tables import event_view, scorecard


def reduce(tables, resources) -> dict[str, pd.DataFrame]:
    return {"findings": findings(tables), "comparisons": comparisons_made(tables),
            "scorecard": scorecard(tables), "event_view": event_view(tables, facts=tables["fact_coverage"])}


LENS = Lens(name="overview",
            reads=("articles", "sentences", "events", "event_table", "actor_names", "tone_mentions", "speakers",
                   "label_uses", "fact_coverage", "voice"),
            writes=("findings", "comparisons", "scorecard", "event_view"), reduce=reduce,
            description="findings the data carries, scorecard, per-event view")
