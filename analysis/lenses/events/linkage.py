"""Average-linkage agglomerative clustering on a sparse similarity graph.

The similarity of two clusters is the sum of the weights of the links between
them divided by the product of their sizes: a pair that is not linked counts as
similarity 0. Merging stops when no two clusters are more similar than the
threshold. Memory grows with the number of links, never with n x n.

Ties are broken by the clusters' smallest member (an integer), so the result
depends only on the links, not on their order.

Example:
    >>> average_linkage(4, [0, 1, 2], [1, 2, 3], [0.9, 0.2, 0.8], threshold=0.5).tolist()
    [0, 0, 2, 2]
"""

from __future__ import annotations

import heapq
import itertools

import numpy as np


def average_linkage(
    n: int,
    left,
    right,
    weights,
    *,
    threshold: float,
    initial: np.ndarray | None = None,
    cohesion_ratio: float = 0.0,
    days=None,
    max_span_days: float = np.inf,
) -> np.ndarray:
    """Cluster of each of ``n`` items, named by its smallest member.

    Args:
        n: number of items.
        left, right: item numbers of each link (any order, no self links).
        weights: similarity of each link, in [0, 1]; duplicates are summed once each.
        threshold: merge while the best average similarity is >= this.
        initial: optional starting clusters (one label per item), e.g. events
            when building storylines; links inside a starting cluster are ignored.
        cohesion_ratio: two clusters of two or more items each are not merged
            when their average similarity is below this share of the lesser of
            their internal average similarities (two tight groups weakly
            joined stay apart); 0 turns the rule off.
        days: optional day number of each item (NaN when unknown), with ``max_span_days``: two clusters are not
            merged when the merged cluster's dated items would span more than ``max_span_days`` days (one
            happening is reported within days; its aftermath weeks later is a storyline, not the event).

    Example:
        >>> average_linkage(3, [0], [1], [0.7], threshold=0.5).tolist()
        [0, 0, 2]
        >>> average_linkage(3, [0, 1], [1, 2], [0.9, 0.9], threshold=0.5, days=[0, 1, 30], max_span_days=4).tolist()
        [0, 0, 2]
    """
    left = np.asarray(left, dtype=np.int64)
    right = np.asarray(right, dtype=np.int64)
    weights = np.asarray(weights, dtype=np.float64)
    if initial is None:
        start = np.arange(n, dtype=np.int64)
    else:
        _, start = np.unique(np.asarray(initial), return_inverse=True)
    # cluster key = smallest member; members and sizes per key
    n_start = int(start.max()) + 1 if n else 0
    first_member = np.full(n_start, n, dtype=np.int64)
    np.minimum.at(first_member, start, np.arange(n, dtype=np.int64))
    node_key = first_member[start]
    size = {int(k): int(c) for k, c in zip(*np.unique(node_key, return_counts=True), strict=True)}
    parent = {k: k for k in size}
    links: dict[int, dict[int, float]] = {k: {} for k in size}
    inside = dict.fromkeys(size, 0.0)  # sum of link weights within each cluster
    capped = days is not None and np.isfinite(max_span_days)
    if capped:  # earliest and latest dated member of each cluster (NaN when none is dated; fmin/fmax skip NaN)
        first_day = dict.fromkeys(size, np.nan)
        last_day = dict.fromkeys(size, np.nan)
        for k, d in zip(node_key.tolist(), np.asarray(days, dtype=np.float64).tolist(), strict=True):
            first_day[k], last_day[k] = np.fmin(first_day[k], d), np.fmax(last_day[k], d)
    a_keys, b_keys = node_key[left], node_key[right]
    order = np.lexsort((b_keys, a_keys))
    for a, b, w in zip(a_keys[order].tolist(), b_keys[order].tolist(), weights[order].tolist(), strict=True):
        if a == b:
            inside[a] += w
            continue
        links[a][b] = links[a].get(b, 0.0) + w
        links[b][a] = links[b].get(a, 0.0) + w
    version = dict.fromkeys(size, 0)
    stamps = itertools.count(1)
    heap = []
    for a in sorted(links):
        for b, total in links[a].items():
            if a < b:
                heap.append((-total / (size[a] * size[b]), a, b, 0, 0))
    heapq.heapify(heap)
    while heap:
        negative, a, b, va, vb = heapq.heappop(heap)
        if -negative < threshold:
            break
        if version.get(a) != va or version.get(b) != vb:
            continue
        if cohesion_ratio > 0 and size[a] > 1 and size[b] > 1:
            lesser = min(_cohesion(inside[a], size[a]), _cohesion(inside[b], size[b]))
            if -negative < cohesion_ratio * lesser:
                continue
        if capped and np.fmax(last_day[a], last_day[b]) - np.fmin(first_day[a], first_day[b]) > max_span_days:
            continue  # an undated pair gives NaN, which caps nothing
        keep, gone = (a, b) if len(links[a]) >= len(links[b]) else (b, a)
        merged_key = min(a, b)
        merged_links = links.pop(keep)
        between = merged_links.pop(gone, 0.0)
        for other, total in links.pop(gone).items():
            if other != keep:
                merged_links[other] = merged_links.get(other, 0.0) + total
        inside[merged_key] = inside.pop(a) + inside.pop(b) + between
        if capped:
            first_day[merged_key] = np.fmin(first_day.pop(a), first_day.pop(b))
            last_day[merged_key] = np.fmax(last_day.pop(a), last_day.pop(b))
        new_size = size.pop(a) + size.pop(b)
        version.pop(a)
        version.pop(b)
        parent[gone] = merged_key
        parent[keep] = merged_key
        parent[merged_key] = merged_key
        size[merged_key] = new_size
        version[merged_key] = next(stamps)
        links[merged_key] = merged_links
        for other, total in merged_links.items():
            neighbour = links[other]
            neighbour.pop(a, None)
            neighbour.pop(b, None)
            neighbour[merged_key] = total
            x, y = (merged_key, other) if merged_key < other else (other, merged_key)
            heapq.heappush(heap, (-total / (new_size * size[other]), x, y, version[x], version[y]))
    return _resolve(node_key, parent)


def _cohesion(inside: float, size: int) -> float:
    """Average link weight within a cluster of ``size`` items (unlinked pairs count 0)."""
    return inside / (size * (size - 1) / 2)


def _resolve(node_key: np.ndarray, parent: dict[int, int]) -> np.ndarray:
    """Final cluster key of every item, following merges (path-compressed)."""
    def root(k: int) -> int:
        path = []
        while parent[k] != k:
            path.append(k)
            k = parent[k]
        for p in path:
            parent[p] = k
        return k

    return np.array([root(int(k)) for k in node_key], dtype=np.int64)
