"""Parse time and peak memory: pbcore's Pabulib reader beside pabutools' ``parse_pabulib``.

    .venv/bin/python bench/bench_parse.py                   # the default large files
    .venv/bin/python bench/bench_parse.py FILE.pb ... --repeat 5 --skip-pabutools

Each measurement runs in a fresh subprocess, so peak figures belong to that parser alone:
* ``s``: best wall time of ``--repeat`` parses (no tracing);
* ``traced MiB``: ``tracemalloc`` peak of one more parse (Python allocations only);
* ``RSS MiB``: the subprocess's peak resident memory (``ru_maxrss``) minus its size after imports.
pabutools (GPL) is a benchmark/test oracle only; pbcore never imports it.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CORPUS = Path(os.environ.get("PABULIB_DIR", ROOT.parent / "shared" / "pabulib"))
DEFAULT_FILES = (
    "Poland_Wroclaw_2015_150_-_500.pb",  # 131,778 choose-1 ballots: the 0.5 s target
    "Poland_Lodz_2022.pb",
    "Poland_Warszawa_2026.pb",
    "Poland_Wieliczka_2023_Green_Budget.pb",
)


def _rss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kB on Linux


def _load_parser(which: str):  # type: ignore[no-untyped-def]
    if which == "pbcore":
        from pbcore.pabulib import read_pabulib

        return lambda path: read_pabulib(path).profile.num_voters
    from pabutools.election import parse_pabulib  # oracle only, in its own process

    return lambda path: len(parse_pabulib(str(path))[1])


def worker(which: str, path: Path, repeat: int) -> dict[str, float]:
    """Runs inside the subprocess: time, then trace, one parser on one file."""
    parse = _load_parser(which)
    baseline = _rss_mib()
    best = float("inf")
    voters = 0
    for _ in range(repeat):
        start = time.perf_counter()
        voters = parse(path)
        best = min(best, time.perf_counter() - start)
    rss = _rss_mib() - baseline
    tracemalloc.start()
    parse(path)
    traced = tracemalloc.get_traced_memory()[1] / 2**20
    tracemalloc.stop()
    return {"seconds": best, "traced_mib": traced, "rss_mib": rss, "voters": voters}


def measure(which: str, path: Path, repeat: int) -> dict[str, float]:
    command = [sys.executable, __file__, "--worker", which, str(path), "--repeat", str(repeat)]
    env = {**os.environ, "PYTHONPATH": f"{ROOT}{os.pathsep}{os.environ.get('PYTHONPATH', '')}"}
    result = subprocess.run(command, capture_output=True, text=True, check=True, env=env)
    figures: dict[str, float] = json.loads(result.stdout)
    return figures


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("files", nargs="*", type=Path)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--skip-pabutools", action="store_true", help="measure pbcore only")
    parser.add_argument("--worker", choices=("pbcore", "pabutools"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        print(json.dumps(worker(args.worker, args.files[0], args.repeat)))
        return 0
    files = args.files or [CORPUS / name for name in DEFAULT_FILES]
    parsers = ["pbcore"] if args.skip_pabutools else ["pbcore", "pabutools"]
    print(f"{'file':<42} {'voters':>8}  {'parser':<9} {'s':>7} {'traced MiB':>10} {'RSS MiB':>8}  speed-up")
    for path in files:
        results = {which: measure(which, path, args.repeat) for which in parsers}
        ours = results["pbcore"]["seconds"]
        for which, figures in results.items():
            speedup = f"{figures['seconds'] / ours:6.1f}×" if which != "pbcore" else ""
            print(
                f"{path.name[:42]:<42} {int(figures['voters']):>8,}  {which:<9} {figures['seconds']:>7.3f} "
                f"{figures['traced_mib']:>10.1f} {figures['rss_mib']:>8.1f}  {speedup}",
                flush=True,
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
