"""Benchmark: pbcore vs pabutools 1.2.3 for parse, greedy and MES+Add1, one core, peak memory.

    .venv/bin/python bench/bench_rules.py                 # measures both (pabutools: ~15 minutes, ~10 GB)
    .venv/bin/python bench/bench_rules.py --published     # pabutools' slow runs replaced by ENGINE.md §3

Each implementation × file runs in a fresh process pinned to one core; peak memory is that process's
``ru_maxrss``. Ours runs ``--runs`` times (default 3) and the table shows the median time and the
largest peak, as the machines are noisy; pabutools runs once (its runs are long). MES+Add1 uses
pabutools' semantics on both sides (cost utilities, endowment B/n, +1 per voter, stop when
exhaustive, ties by project id) so the outcomes must be equal; the table says so.
pabutools runs on its multiprofile (identical ballots collapsed), as ENGINE.md §1.3 recommends.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "pabulib"
FILES = [
    "Poland_Lodz_2022",
    "Poland_Lodz_2023",
    "Poland_Lodz_2024",
    "Poland_Warszawa_2026",
    "Poland_Warszawa_2024_Wesola",
    "Poland_Wieliczka_2023_Green_Budget",
]
# ENGINE.md §3 (pabutools 1.2.3, same kind of machine): parse s, greedy s, MES+Add1 s, peak RSS MB
PUBLISHED = {
    "Poland_Lodz_2022": (5.40, 21.5, 43.04, 1319),
    "Poland_Lodz_2023": (3.01, 17.409, 124.0, 3045),
    "Poland_Lodz_2024": (3.07, 24.004, 138.0, 2960),
    "Poland_Warszawa_2026": (2.61, 18.226, 476.0, 10267),
    "Poland_Warszawa_2024_Wesola": (0.03, 0.125, 36.64, 856),
    "Poland_Wieliczka_2023_Green_Budget": (0.18, 0.322, 5.39, 192),
}
# ENGINE.md §4: fastmes with floats (grouped ballots, lazy ρ), the fastest float implementation measured
FLOAT_REFERENCE = {
    "Poland_Lodz_2022": 1.101,
    "Poland_Lodz_2023": 3.193,
    "Poland_Lodz_2024": 3.513,
    "Poland_Warszawa_2026": 19.621,
    "Poland_Warszawa_2024_Wesola": 1.202,
    "Poland_Wieliczka_2023_Green_Budget": 0.239,
}
TARGET_SPEEDUP = 50
SLOW_REFERENCE = 30.0  # seconds of published pabutools MES+Add1 above which --published skips the run


def measure_ours(path: Path) -> dict[str, object]:
    sys.path.insert(0, str(ROOT))
    from pbcore.pabulib import read_pabulib
    from pbcore.rules import PROJECT_ID_TIE_BREAKING, equal_shares, greedy

    start = time.perf_counter()
    election = read_pabulib(path)
    parsed = time.perf_counter()
    greedy(election, tie_breaking=PROJECT_ID_TIE_BREAKING)
    greedy_done = time.perf_counter()
    outcome = equal_shares(
        election, tie_breaking=PROJECT_ID_TIE_BREAKING, endowment="exact", completion="add1-exhaustive"
    )
    mes_done = time.perf_counter()
    return {
        "parse": parsed - start,
        "greedy": greedy_done - parsed,
        "mes": mes_done - greedy_done,
        "selected": sorted(outcome.selected),
        "steps": outcome.figures["add1_steps"],
    }


def measure_pabutools(path: Path) -> dict[str, object]:
    from pabutools.election import Cost_Sat, parse_pabulib
    from pabutools.rules import greedy_utilitarian_welfare, method_of_equal_shares

    start = time.perf_counter()
    instance, profile = parse_pabulib(str(path))
    multiprofile = profile.as_multiprofile()
    parsed = time.perf_counter()
    greedy_utilitarian_welfare(instance, multiprofile, sat_class=Cost_Sat)
    greedy_done = time.perf_counter()
    outcome = method_of_equal_shares(instance, multiprofile, sat_class=Cost_Sat, voter_budget_increment=1)
    mes_done = time.perf_counter()
    return {
        "parse": parsed - start,
        "greedy": greedy_done - parsed,
        "mes": mes_done - greedy_done,
        "selected": sorted(p.name for p in outcome),
    }


def child(implementation: str, name: str) -> None:
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})
    path = CORPUS / f"{name}.pb"
    result = measure_ours(path) if implementation == "ours" else measure_pabutools(path)
    result["rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps(result))


def run_child(implementation: str, name: str) -> dict[str, object]:
    command = [sys.executable, __file__, "--child", implementation, name]
    done = subprocess.run(command, capture_output=True, text=True, check=True, cwd=ROOT)
    return json.loads(done.stdout.strip().splitlines()[-1])  # type: ignore[no-any-return]


def median_child(name: str, runs: int) -> dict[str, object]:
    """Our figures for ``name``: the median of each time over ``runs`` fresh processes, the largest peak."""
    results = [run_child("ours", name) for _ in range(runs)]
    merged = dict(results[0])
    for key in ("parse", "greedy", "mes"):
        merged[key] = statistics.median(float(result[key]) for result in results)  # type: ignore[arg-type]
    merged["rss_mb"] = max(float(result["rss_mb"]) for result in results)  # type: ignore[arg-type]
    return merged


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--published", action="store_true", help="use ENGINE.md §3 figures for slow pabutools runs"
    )
    parser.add_argument("--files", nargs="*", default=FILES)
    parser.add_argument("--runs", type=int, default=3, help="fresh processes per file for ours (median)")
    parser.add_argument("--child", nargs=2, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(*args.child)
        return
    header = (
        "| file | ours parse s | ours greedy s | ours MES+Add1 s | ours peak MB | pabutools parse s | "
        "pabutools greedy s | pabutools MES+Add1 s | pabutools peak MB | MES+Add1 speed-up | same outcome | "
        "float MES+Add1 s (ENGINE.md §4) | ours ÷ float |"
    )
    print(header)
    print("|---" * 13 + "|")
    for name in args.files:
        ours = median_child(name, args.runs)
        published = PUBLISHED.get(name)
        if args.published and published is not None and published[2] > SLOW_REFERENCE:
            ref = {"parse": published[0], "greedy": published[1], "mes": published[2], "rss_mb": published[3]}
            label, same = " (published)", "n/a"
        else:
            ref = run_child("pabutools", name)
            label, same = "", "yes" if ref["selected"] == ours["selected"] else "NO"
        speedup = float(ref["mes"]) / float(ours["mes"])  # type: ignore[arg-type]
        mark = "" if speedup >= TARGET_SPEEDUP else " (below 50×)"
        floats = FLOAT_REFERENCE.get(name)
        versus_float = f"{floats:.2f} | {float(ours['mes']) / floats:.2f}" if floats else "– | –"  # type: ignore[arg-type]
        print(
            f"| {name} | {ours['parse']:.2f} | {ours['greedy']:.3f} | {ours['mes']:.2f} | {ours['rss_mb']:.0f} | "
            f"{ref['parse']:.2f}{label} | {ref['greedy']:.3f}{label} | {ref['mes']:.2f}{label} | "
            f"{ref['rss_mb']:.0f}{label} | {speedup:.0f}×{mark} | {same} | {versus_float} |",
            flush=True,
        )


if __name__ == "__main__":
    main()
