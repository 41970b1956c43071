"""The shard layout simulation behind docs/scale.md: its population law and its placement."""
import importlib.util
from pathlib import Path

import pytest

pytestmark = pytest.mark.sqlite_only

_spec = importlib.util.spec_from_file_location("shard_sim", Path(__file__).parents[1] / "bench" / "shard_sim.py")
shard_sim = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(shard_sim)


def test_the_population_has_the_requested_totals_a_small_median_and_giants():
    sizes = shard_sim.population(40_000, 4_280_000, seed=1)
    assert len(sizes) == 40_000
    assert abs(sum(sizes) - 4_280_000) / 4_280_000 < 0.01
    ordered = sorted(sizes)
    assert 20 <= ordered[len(ordered) // 2] <= 40
    assert min(sizes) >= shard_sim.MIN_SIZE
    assert ordered[-1] > 10_000


def test_every_member_is_placed_once_and_isolated_giants_get_their_own_shards():
    sizes = shard_sim.population(5_000, 500_000, seed=2)
    per_shard, per_worker = shard_sim.layout(sizes, 32, 4, isolate=3)
    assert sum(per_shard) == sum(sizes) == sum(per_worker)
    assert len(per_shard) == 32 + 3
    assert per_shard[32:] == sorted(sizes, reverse=True)[:3]


def test_the_hash_spreads_consecutive_ids_over_the_whole_range():
    buckets = [0] * 8
    for union_id in range(1, 80_001):
        buckets[shard_sim.fmix32(union_id) >> 29] += 1
    assert max(buckets) / min(buckets) < 1.05
