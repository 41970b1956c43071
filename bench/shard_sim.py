"""Shard layout simulation for the national deployment (docs/scale.md; issue 20 point 6).

    .venv/bin/python bench/shard_sim.py [--unions 2800000] [--members 300000000] [--seed 7]
                                        [--shards 32,128,512,2048] [--workers 16] [--isolate 0,50]
                                        [--out bench/results/FILE.md]

No database: it draws a realistic population of grassroots unions (many of 10–50 members, a long tail of giants),
places every union on a shard the way Citus places a row by its distribution column (a 32-bit hash of the union's
id mapped onto equal hash ranges), assigns the shards to worker nodes round robin as `create_distributed_table`
does, and prints how even the load is — per shard and per worker — for several shard counts, with and without the
largest unions isolated on shards of their own (Citus `isolate_tenant_to_new_shard`).

The population (assumptions, stated in docs/scale.md):

* sizes are log-normal with a median of 30 members (most grassroots unions are small enterprises, schools and
  village/community joint unions), σ chosen so that the mean is members ÷ unions (≈ 107 nationally, DOMAIN §1:
  300 million members in 2.8 million unions);
* a tail of giant unions (large state-owned groups, railway bureaus, big manufacturers) drawn from a Pareto law
  between 20,000 and 600,000 members, one giant per 20,000 unions;
* every union has at least 3 members; the total is rescaled to the requested number of members.

Load is counted in members, since every tenant table grows with them (dues rolls, attendance, votes, audit).
"""
import argparse
import datetime
import math
import random
import statistics
import sys
from pathlib import Path

MEDIAN = 30
GIANT_EVERY = 20_000
GIANT_MIN, GIANT_MAX, GIANT_ALPHA = 20_000, 600_000, 1.1
MIN_SIZE = 3


def fmix32(value):
    """MurmurHash3's 32-bit finaliser: a well-mixed 32-bit hash of an integer id (Citus uses PostgreSQL's
    ``hashint4``; any hash that spreads ids uniformly behaves the same for balance)."""
    h = value & 0xFFFFFFFF
    h ^= h >> 16
    h = (h * 0x85EBCA6B) & 0xFFFFFFFF
    h ^= h >> 13
    h = (h * 0xC2B2AE35) & 0xFFFFFFFF
    h ^= h >> 16
    return h


def population(unions, members, seed):
    """Union sizes (a list of ints summing to ``members``) by the law described in the module docstring."""
    rng = random.Random(seed)
    mean = members / unions
    sigma = math.sqrt(2 * math.log(max(mean, MEDIAN + 1) / MEDIAN))
    mu = math.log(MEDIAN)
    sizes = [max(MIN_SIZE, int(rng.lognormvariate(mu, sigma))) for _ in range(unions)]
    for i in range(0, unions, GIANT_EVERY):
        # Inverse transform of a Pareto law truncated to [GIANT_MIN, GIANT_MAX].
        u = rng.random()
        lo, hi = GIANT_MIN ** -GIANT_ALPHA, GIANT_MAX ** -GIANT_ALPHA
        sizes[i] = int((lo - u * (lo - hi)) ** (-1 / GIANT_ALPHA))
    scale = members / sum(sizes)
    sizes = [max(MIN_SIZE, round(s * scale)) for s in sizes]
    return sizes


def layout(sizes, shards, workers, isolate):
    """Members per shard and per worker. The ``isolate`` largest unions get a shard each (added to the
    ``shards`` hash-range shards), placed on the least-loaded worker, as an operator would after
    ``isolate_tenant_to_new_shard``."""
    order = sorted(range(len(sizes)), key=sizes.__getitem__, reverse=True)
    isolated = set(order[:isolate])
    per_shard = [0] * shards
    span = 2 ** 32 // shards
    for union_id, size in enumerate(sizes, start=1):
        if union_id - 1 in isolated:
            continue
        per_shard[min(fmix32(union_id) // span, shards - 1)] += size
    per_worker = [0] * workers
    for index, load in enumerate(per_shard):
        per_worker[index % workers] += load
    own = sorted((sizes[i] for i in isolated), reverse=True)
    for load in own:
        per_worker[per_worker.index(min(per_worker))] += load
    return per_shard + own, per_worker


def spread(loads):
    mean = statistics.fmean(loads)
    return {
        "max/mean": max(loads) / mean if mean else 0,
        "cv": statistics.pstdev(loads) / mean if mean else 0,
        "max": max(loads),
    }


def describe(sizes):
    ordered = sorted(sizes)
    n = len(ordered)
    share_small = sum(1 for s in ordered if s <= 50) / n
    total = sum(ordered)
    top = ordered[-100:]
    return [
        ("grassroots unions", f"{n:,}"),
        ("members", f"{total:,}"),
        ("mean / median members per union", f"{total / n:,.1f} / {ordered[n // 2]:,}"),
        ("unions with ≤ 50 members", f"{share_small:.1%}"),
        ("p99 / p99.99 union", f"{ordered[int(n * 0.99)]:,} / {ordered[int(n * 0.9999)]:,}"),
        ("largest union", f"{ordered[-1]:,}"),
        ("members in the 100 largest unions", f"{sum(top) / total:.2%}"),
    ]


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--unions", type=int, default=2_800_000)
    parser.add_argument("--members", type=int, default=300_000_000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--shards", default="32,128,512,2048")
    parser.add_argument("--workers", type=int, default=16)
    parser.add_argument("--isolate", default="0,50")
    parser.add_argument("--out", help="also write the tables to this Markdown file")
    args = parser.parse_args(argv)

    sizes = population(args.unions, args.members, args.seed)
    lines = [f"## Shard layout simulation — {datetime.date.today().isoformat()}", ""]
    lines.append(f"`bench/shard_sim.py --unions {args.unions} --members {args.members} --seed {args.seed} "
                 f"--workers {args.workers}`")
    lines += ["", "| population | |", "|---|---|"]
    lines += [f"| {k} | {v} |" for k, v in describe(sizes)]
    lines += ["", f"| shards | isolated giants | shard max/mean | shard CV | worker max/mean ({args.workers} workers) "
              "| worker CV | largest shard (members) |", "|---|---|---|---|---|---|---|"]
    for shards in (int(s) for s in args.shards.split(",")):
        for isolate in (int(i) for i in args.isolate.split(",")):
            per_shard, per_worker = layout(sizes, shards, args.workers, isolate)
            s, w = spread(per_shard[:shards]), spread(per_worker)
            lines.append(f"| {shards:,} | {isolate} | {s['max/mean']:.2f} | {s['cv']:.3f} | {w['max/mean']:.2f} "
                         f"| {w['cv']:.3f} | {s['max']:,} |")
    text = "\n".join(lines) + "\n"
    sys.stdout.write(text)
    if args.out:
        Path(args.out).write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
