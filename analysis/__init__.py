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

import os

__version__ = "0.1.0"

# Same bits on any x86-64 machine: torch's own kernels and MKL take their AVX2 code paths whatever the
# CPU offers, so a float32 model gives identical outputs across CPUs and thread counts. Set before torch
# is imported (analysis imports torch lazily); the Makefile exports the same values.
NUMERIC_PINS = (("MKL_CBWR", "AVX2"), ("ATEN_CPU_CAPABILITY", "avx2"))
for _name, _value in NUMERIC_PINS:
    os.environ.setdefault(_name, _value)
