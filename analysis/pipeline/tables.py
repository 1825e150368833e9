"""The tables of one build: read from the output folder on first use, or held in memory.

Per-article tables arrive in parts (one Parquet file per batch under ``OUT/parts/NAME/``) while
the article stage runs; a reduction asks :class:`Tables` for the tables it declared and gets them
whole, or only some columns or some articles (:meth:`Tables.read`), without the others in memory.

Example:
    >>> import pandas as pd, tempfile
    >>> tables = Tables(tempfile.mkdtemp())
    >>> _ = tables.write_part("mentions", 1, pd.DataFrame({"article_id": ["a"], "actor": ["Iran"]}))
    >>> _ = tables.write_part("mentions", 0, pd.DataFrame({"article_id": ["b"], "actor": ["Iraq"]}))
    >>> tables["mentions"]["actor"].tolist()
    ['Iraq', 'Iran']
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path

import pandas as pd

from .. import io

PARTS = "parts"


class Tables(Mapping):
    """Named DataFrames of a build: in memory first, else ``OUT/parts/NAME/*.parquet``, else ``OUT/NAME.csv``."""

    def __init__(self, folder: str | Path, memory: Mapping[str, pd.DataFrame] | None = None):
        self.folder = Path(folder)
        self.memory: dict[str, pd.DataFrame] = dict(memory or {})

    # ------------------------------------------------------------ Mapping
    def __getitem__(self, name: str) -> pd.DataFrame:
        if name not in self.memory:
            table = self._read(name)
            if table is None:
                raise KeyError(f"table {name!r} is neither built in this run nor in {self.folder}")
            self.memory[name] = table
        return self.memory[name]

    def __iter__(self) -> Iterator[str]:
        return iter(sorted(set(self.memory) | set(self._on_disk())))

    def __len__(self) -> int:
        return len(list(iter(self)))

    def __contains__(self, name) -> bool:
        return name in self.memory or name in self._on_disk()

    # ------------------------------------------------------------ reading
    def part_files(self, name: str) -> list[Path]:
        return sorted((self.folder / PARTS / name).glob("part-*.parquet"))

    def _on_disk(self) -> set[str]:
        names = {p.stem for p in self.folder.glob("*.csv")}
        parts = self.folder / PARTS
        if parts.is_dir():
            names |= {p.name for p in parts.iterdir() if p.is_dir()}
        return names

    def _read(self, name: str, columns: list[str] | None = None) -> pd.DataFrame | None:
        files = self.part_files(name)
        if files:
            frames = [pd.read_parquet(f, columns=columns) for f in files]
            frames = [f for f in frames if len(f.columns)]
            return pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=columns or [])
        csv = self.folder / f"{name}.csv"
        if csv.is_file():
            table = io.read_csv(csv)
            return table[columns] if columns else table
        return None

    def read(self, name: str, *, columns: list[str] | None = None, articles: Iterable[str] | None = None) -> pd.DataFrame:
        """Table ``name``, only ``columns`` and only the rows of ``articles`` if given (read parts one at a time)."""
        if name in self.memory:
            table = self.memory[name]
        else:
            wanted = None if columns is None else list(dict.fromkeys(
                list(columns) + (["article_id"] if articles is not None else [])))
            table = self._filtered_parts(name, wanted, articles) if self.part_files(name) else self._read(name, wanted)
            if table is None:
                raise KeyError(f"table {name!r} is neither built in this run nor in {self.folder}")
        if articles is not None:
            table = table[table["article_id"].isin(set(articles))]
        return table[columns] if columns is not None else table

    def _filtered_parts(self, name: str, columns, articles) -> pd.DataFrame:
        keep = set(articles) if articles is not None else None
        frames = []
        for f in self.part_files(name):
            frame = pd.read_parquet(f, columns=columns)
            frames.append(frame if keep is None else frame[frame["article_id"].isin(keep)])
        return pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=columns or [])

    # ------------------------------------------------------------ writing
    def put(self, name: str, table: pd.DataFrame) -> None:
        self.memory[name] = table

    def write_part(self, name: str, batch: int, table: pd.DataFrame) -> Path:
        """Write one batch's rows of a per-article table (atomic; a rerun replaces the part)."""
        path = self.folder / PARTS / name / f"part-{batch:05d}.parquet"
        io.write_parquet(table, path)
        self.memory.pop(name, None)
        return path

    def clear_parts(self, names: Iterable[str]) -> None:
        """Remove the parts of ``names`` from an earlier build."""
        for name in names:
            for f in self.part_files(name):
                f.unlink()
