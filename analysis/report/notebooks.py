"""Executing the report notebooks, in place for the bundled corpus or on a user's corpus.

Notebooks take their folders and selections from a cell tagged ``parameters`` (papermill style).
For a user's corpus they are copied into the output folder with an ``injected-parameters`` cell
after the parameters cell, and run there, so the bundled results stay untouched.

Example:
    >>> injected_cell({"PROCESSED_DIR": "/tmp/p"}).source
    "# Parameters injected for this run\\nPROCESSED_DIR = '/tmp/p'"
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import nbformat

from .. import io, paths

KERNEL = "python3"
TIMEOUT_S = 1800


def notebook_paths(notebooks_dir: str | Path = paths.NOTEBOOKS_DIR) -> list[Path]:
    """The report notebooks, in reading order (their names start with a number)."""
    return sorted(p for p in Path(notebooks_dir).glob("[0-9][0-9]-*.ipynb"))


def injected_cell(parameters: dict) -> nbformat.NotebookNode:
    """A code cell assigning ``parameters``, tagged ``injected-parameters``."""
    lines = ["# Parameters injected for this run"] + [f"{k} = {v!r}" for k, v in parameters.items()]
    cell = nbformat.v4.new_code_cell("\n".join(lines))
    cell.metadata["tags"] = ["injected-parameters"]
    cell["id"] = "injected-parameters"  # a fixed id: same bytes on every run, and nbformat asks for one
    return cell


def with_parameters(nb: nbformat.NotebookNode, parameters: dict | None) -> nbformat.NotebookNode:
    """The notebook with an injected-parameters cell after its ``parameters`` cell (replacing an old one)."""
    nb.cells = [c for c in nb.cells if "injected-parameters" not in c.get("metadata", {}).get("tags", [])]
    if not parameters:
        return nb
    at = next((i for i, c in enumerate(nb.cells) if "parameters" in c.get("metadata", {}).get("tags", [])), -1)
    nb.cells.insert(at + 1, injected_cell(parameters))
    return nb


def execute_notebook(source: str | Path, target: str | Path, *, parameters: dict | None = None) -> Path:
    """Run a notebook top to bottom (cwd = its target folder) and save it executed at ``target``."""
    from jupyter_client.manager import KernelManager
    from nbclient import NotebookClient

    nb = with_parameters(nbformat.read(source, as_version=4), parameters)
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    env_before = os.environ.get("PYTHONHASHSEED")
    os.environ["PYTHONHASHSEED"] = "0"
    try:
        with tempfile.TemporaryDirectory(prefix="kernel-") as sockets:
            # local sockets instead of TCP: nothing listens on the network, and ipykernel has no warning to print
            km = KernelManager(kernel_name=KERNEL, transport="ipc", ip=os.path.join(sockets, "ipc"))
            client = NotebookClient(nb, km=km, timeout=TIMEOUT_S, kernel_name=KERNEL,
                                    resources={"metadata": {"path": str(target.parent)}})
            try:
                client.execute(cleanup_kc=False)
            finally:
                if client.kc is not None:
                    client.kc.stop_channels()
                if km.has_kernel:
                    km.shutdown_kernel(now=False)
                km.context.destroy(linger=0)
    finally:
        if env_before is None:
            os.environ.pop("PYTHONHASHSEED", None)
        else:
            os.environ["PYTHONHASHSEED"] = env_before
    _strip_volatile(nb)
    with io.atomic_path(target) as tmp:
        nbformat.write(nb, str(tmp))
    return target


def _strip_volatile(nb: nbformat.NotebookNode) -> None:
    """Drop execution timestamps so a re-run changes only what really changed."""
    for cell in nb.cells:
        cell.get("metadata", {}).pop("execution", None)
    nb.metadata.pop("widgets", None)
