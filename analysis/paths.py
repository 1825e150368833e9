"""The project's folders, in one place.

Every default location used by the pipeline, the notebooks and the tests comes
from here, so a user can point the whole suite at another corpus by passing
other folders (``python -m analysis build --raw DIR --out DIR``).

Example:
    >>> from analysis import paths
    >>> paths.RAW_DIR.name
    'raw'
"""

from __future__ import annotations

from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
PACKAGE_DATA_DIR = PACKAGE_DIR / "data"
# trained models shipped with the package (small weights; each with the script that reproduces it)
MODELS_DIR = PACKAGE_DIR / "models"
PROJECT_DIR = PACKAGE_DIR.parent
DATA_DIR = PROJECT_DIR / "data"
RAW_DIR = DATA_DIR / "raw"
PROCESSED_DIR = DATA_DIR / "processed"
FIGURES_DIR = PROJECT_DIR / "figures"
NOTEBOOKS_DIR = PROJECT_DIR / "notebooks"
BUILD_DIR = PROJECT_DIR / "build"
EXTERNAL_DIR = DATA_DIR / "external"
# NewsMTSC training split (MIT, Hamborg & Donnay 2021), copied into the project with its notice.
NEWSMTSC_DIR = EXTERNAL_DIR / "newsmtsc"
NEWSMTSC_TRAIN = NEWSMTSC_DIR / "train.jsonl"


def package_table(name: str) -> Path:
    """Path of a rule table shipped with the package, e.g. ``actors.csv``."""
    return PACKAGE_DATA_DIR / name
