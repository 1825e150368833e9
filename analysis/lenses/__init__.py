"""The lenses, each a sub-package exposing one :class:`~analysis.lenses.base.Lens` as ``LENS``.

:func:`default_registry` lists them; a user adds one of their own with
``default_registry().with_lens(MY_LENS)`` and passes it to :func:`analysis.pipeline.build`.
"""

from __future__ import annotations

from .base import Lens, Registry


def default_registry() -> Registry:
    """Every lens of the suite, registered explicitly (no lens is loaded by name)."""
    from . import actors, attribution, corpus_view, events, facts, overview, tone, wording

    return Registry([corpus_view.LENS, events.LENS, facts.LENS, actors.LENS, attribution.LENS, tone.LENS,
                     wording.LENS, overview.LENS])


__all__ = ["Lens", "Registry", "default_registry"]
