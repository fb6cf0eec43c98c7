"""What the benchmarks share: percentiles and the peak memory of the measuring process.

Standard library only: the benches import it in every child process, the empty-app baseline
included.
"""

from __future__ import annotations

import resource
import sys

MB = 1024 * 1024


def peak_mb() -> float:
    """The peak resident set size of this process so far, in MB."""
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return rss / MB if sys.platform == "darwin" else rss / 1024


def pct(values: list[float], q: float) -> float:
    """The q-th percentile (0-100) with linear interpolation between the nearest ranks."""
    if not values:
        return float("nan")
    ordered = sorted(values)
    if len(ordered) == 1:
        return ordered[0]
    pos = (len(ordered) - 1) * q / 100
    low = int(pos)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (pos - low)
