"""Progress bars on long steps (on a terminal only; quiet in tests, notebooks' kernels and logs).

Example:
    >>> bar = bar(total=10, desc="reading", enabled=False)
    >>> bar.update(10); bar.close()
"""

from __future__ import annotations

import sys


class _Silent:
    def update(self, n: int = 1) -> None:
        pass

    def close(self) -> None:
        pass


class _Lines:
    """Progress as a log line at each tenth of the total, for a log file or a pipe (no bar to redraw)."""

    def __init__(self, *, total: int, desc: str, unit: str, log) -> None:
        self.total, self.desc, self.unit, self.log = total, desc, unit, log
        self.done, self.shown = 0, 0

    def update(self, n: int = 1) -> None:
        self.done += n
        tenths = int(10 * self.done / self.total) if self.total else 10
        if tenths > self.shown:
            self.shown = tenths
            percent = min(100, int(100 * self.done / self.total)) if self.total else 100
            self.log(f"{self.desc}: {percent}% ({self.done:,} of {self.total:,} {self.unit})")

    def close(self) -> None:
        pass


def bar(*, total: int, desc: str, unit: str = "it", enabled: bool | None = None, log=None):
    """A tqdm bar on stderr when ``enabled`` (default: when stderr is a terminal); else, with ``log`` (a
    ``logging`` method), a line at each tenth of the total; else a silent one.

    Example:
        >>> lines = bar(total=100, desc="reading articles", unit="words", enabled=False, log=print)
        >>> lines.update(25)
        reading articles: 25% (25 of 100 words)
    """
    if enabled is None:
        enabled = sys.stderr.isatty()
    if not enabled:
        return _Lines(total=total, desc=desc, unit=unit, log=log) if log is not None else _Silent()
    from tqdm import tqdm

    return tqdm(total=total, desc=desc, unit=unit, unit_scale=True, leave=False, dynamic_ncols=True)
