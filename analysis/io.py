"""Atomic, deterministic file output.

Every table and figure is written to a temporary file in the target folder and
moved into place, so an interrupted run leaves the previous output intact.
Tables are written as UTF-8 CSV with ``\\n`` line endings, every float rounded to
:data:`DECIMALS` places (far above the noise of float32 models and float64 sums, see
``docs/CONTRACTS.md``), so the same input gives the same bytes on any machine. Every file gets the
mode the user's umask gives (``0644`` under umask 022).

Example:
    >>> import pandas as pd, tempfile, pathlib
    >>> out = pathlib.Path(tempfile.mkdtemp()) / "t.csv"
    >>> write_csv(pd.DataFrame({"a": [1.0 / 3]}), out)
    >>> out.read_text()
    'a\\n0.3333\\n'
"""

from __future__ import annotations

import json
import os
import tempfile
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

import pandas as pd

from . import paths

DECIMALS = 4
FLOAT_FORMAT = "%.10g"  # prints the rounded value exactly


def current_umask() -> int:
    """The process's umask (read without changing it where the system allows, else set and restored)."""
    try:
        with open("/proc/self/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("Umask:"):
                    return int(line.split()[1], 8)
    except OSError:
        pass
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def file_mode() -> int:
    """Mode of a new output file under the user's umask (``0o644`` under umask 022).

    Example:
        >>> oct(file_mode() | 0o022) in ("0o666", "0o644", "0o646", "0o664")
        True
    """
    return 0o666 & ~current_umask()


@contextmanager
def atomic_path(path: str | os.PathLike) -> Iterator[Path]:
    """Yield a temporary path beside ``path``; move it onto ``path`` on success."""
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    os.close(fd)
    tmp_path = Path(tmp)
    os.chmod(tmp_path, file_mode())  # mkstemp makes 0600; the output gets what the user's umask gives
    try:
        yield tmp_path
        os.replace(tmp_path, target)
    finally:
        if tmp_path.exists():
            tmp_path.unlink()


def write_text(text: str, path: str | os.PathLike) -> None:
    """Write UTF-8 text atomically."""
    with atomic_path(path) as tmp:
        tmp.write_text(text, encoding="utf-8", newline="\n")


def stable(df: pd.DataFrame, *, decimals: int = DECIMALS) -> pd.DataFrame:
    """``df`` with every float column rounded to ``decimals`` places (in float64), -0.0 made 0.0.

    Example:
        >>> stable(pd.DataFrame({"p": [0.123456, -0.00001]}))["p"].tolist()
        [0.1235, 0.0]
    """
    out = df.copy()
    for column in out.columns:
        if pd.api.types.is_float_dtype(out[column]):
            out[column] = out[column].astype("float64").round(decimals) + 0.0
    return out


def write_csv(df: pd.DataFrame, path: str | os.PathLike) -> None:
    """Write ``df`` as UTF-8 CSV atomically, without the index, floats rounded by :func:`stable`."""
    with atomic_path(path) as tmp:
        stable(df).to_csv(tmp, index=False, encoding="utf-8", lineterminator="\n", float_format=FLOAT_FORMAT)


def write_parquet(df: pd.DataFrame, path: str | os.PathLike) -> None:
    """Write ``df`` as Parquet atomically (a working format: values as computed, not rounded)."""
    with atomic_path(path) as tmp:
        df.reset_index(drop=True).to_parquet(tmp, index=False)


def write_json(obj, path: str | os.PathLike) -> None:
    """Write ``obj`` as sorted, indented JSON atomically."""
    write_text(json.dumps(obj, indent=1, sort_keys=True, ensure_ascii=False) + "\n", path)


def read_csv(path: str | os.PathLike) -> pd.DataFrame:
    """Read a CSV written by :func:`write_csv`: only empty fields are missing (text "NA" stays text)."""
    return pd.read_csv(path, keep_default_na=False, na_values=[""], encoding="utf-8")


def read_rule_table(path: str | os.PathLike | None, default: str, *, kind: str, required: list[str], columns: list[str]) -> tuple[Path, pd.DataFrame]:
    """Read a rule table (the packaged ``default`` when ``path`` is None) as text, with every column of ``columns``.

    Empty cells are "" and optional columns missing from the file are added empty.
    Returns the path read (for messages) and the table.

    Raises:
        ValueError: naming the file, when a ``required`` column is missing.

    Example:
        >>> path, table = read_rule_table(None, "outlets.csv", kind="outlet", required=["outlet"], columns=["outlet", "note"])
        >>> path.name, "note" in table.columns
        ('outlets.csv', True)
    """
    path = Path(path) if path is not None else paths.package_table(default)
    table = pd.read_csv(path, dtype=str, keep_default_na=False)
    missing = [c for c in required if c not in table.columns]
    if missing:
        raise ValueError(f"{path}: {kind} table lacks column(s) {missing}; expected {columns}")
    for col in columns:
        if col not in table.columns:
            table[col] = ""
    return path, table
