"""The corpus view: what is in the corpus (outlets, dates) and what cleaning removed.

It has no tables of its own; its figures read ``articles`` and ``removed_lines``.
"""

from ..base import Lens
from .figures import draw_figures

LENS = Lens(name="corpus", reads=("articles", "removed_lines"), figures=draw_figures,
            description="what the corpus holds and what cleaning removed")
