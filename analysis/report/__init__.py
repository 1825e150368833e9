"""The report: executed notebooks (:mod:`.notebooks`) and their static HTML pages (:mod:`.html`)."""

from .html import build_report
from .notebooks import execute_notebook, notebook_paths

__all__ = ["build_report", "execute_notebook", "notebook_paths"]
