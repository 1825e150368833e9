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


def bar(*, total: int, desc: str, unit: str = "it", enabled: bool | None = None):
    """A tqdm bar on stderr when ``enabled`` (default: when stderr is a terminal), else a silent one."""
    if enabled is None:
        enabled = sys.stderr.isatty()
    if not enabled:
        return _Silent()
    from tqdm import tqdm

    return tqdm(total=total, desc=desc, unit=unit, unit_scale=True, leave=False, dynamic_ncols=True)
