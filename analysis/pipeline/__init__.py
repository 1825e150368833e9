"""The build: corpus, the per-article stage (parallel, or on Dask), reductions, tables and figures.

* :mod:`.build`: :func:`build`, the whole run.
* :mod:`.stage`: batches and what runs on each.
* :mod:`.executor`: local worker processes or a Dask cluster.
* :mod:`.tables`: the tables of a build, read on demand.
"""

from .build import BuildOptions, build
from .tables import Tables

__all__ = ["BuildOptions", "Tables", "build"]
