"""Compare how news outlets frame the same events.

Lenses (one module each) are pure functions of DataFrames:

- :mod:`analysis.corpus`: raw pages -> ``articles`` and ``sentences`` tables.
- :mod:`analysis.tone`: sentence, article and per-actor tone.
- :mod:`analysis.attribution`: who is quoted, how, with which verbs.
- :mod:`analysis.wording`: labels, distinctive words, framing markers.
- :mod:`analysis.facts` and :mod:`analysis.events`: fact coverage and omissions.

:mod:`analysis.pipeline` composes them and writes ``data/processed/``;
:mod:`analysis.plots` draws every figure in one outlet palette.
"""

__version__ = "0.1.0"
