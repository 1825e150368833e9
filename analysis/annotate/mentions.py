"""Actor mentions: the people, organisations and states an article names (interim NER version).

Example:
    >>> from analysis.resources import Resources
    >>> doc = Resources().nlp()("Iran's foreign minister met Mike Pompeo. Pompeo left.")
    >>> find_mentions(doc, Resources())[["text", "actor"]].values.tolist()
    [['Iran', 'Iran'], ['Mike Pompeo', 'Mike Pompeo'], ['Pompeo', 'Mike Pompeo']]
"""

from __future__ import annotations

import pandas as pd

MENTION_COLUMNS = ["start", "end", "text", "label", "actor"]
ACTOR_LABELS = ("PERSON", "ORG", "GPE", "NORP")


def find_mentions(doc, resources) -> pd.DataFrame:
    """Named actors in ``doc``; a surname alone links to the article's earlier full name."""
    rows, full_names = [], {}
    for ent in doc.ents:
        if ent.label_ not in ACTOR_LABELS:
            continue
        name = ent.text.strip()
        actor = name
        if ent.label_ == "PERSON":
            parts = name.split()
            if len(parts) > 1:
                full_names.setdefault(parts[-1], name)
            actor = full_names.get(name, name)
        rows.append((ent.start_char, ent.end_char, ent.text, ent.label_, actor))
    return pd.DataFrame(rows, columns=MENTION_COLUMNS)
