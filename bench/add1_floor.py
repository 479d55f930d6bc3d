"""How fast can the Add1 screener be on one file? Counts and timings behind the issue-4 note.

    .venv/bin/python bench/add1_floor.py Poland_Wieliczka_2023_Green_Budget

Runs every Add1 step exactly (pabutools' semantics, as in bench_rules.py) and prints:

* the steps, their rounds, and the lockstep node-rounds one batch of all steps would need at least
  (per round, the number of different sets of projects bought so far);
* how many node-rounds interval screening would need: runs of consecutive steps that buy the same
  projects in the same order (their budgets then move monotonically with the endowment), or also
  with the same poor supporters (their budgets are then affine in the endowment, so two end rows
  would stand for the whole run);
* the screener's cost per node-round with 1 to 64 identical steps, so the fixed cost of a round;
* MES+Add1 in total and the screener's share (in-process, best of five).
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable, Sequence
from fractions import Fraction
from functools import partial
from pathlib import Path
from typing import cast

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from pbcore.outcome import Outcome  # noqa: E402
from pbcore.pabulib import read_pabulib  # noqa: E402
from pbcore.rules import PROJECT_ID_TIE_BREAKING, equal_shares  # noqa: E402
from pbcore.rules.common import Utility  # noqa: E402
from pbcore.rules.equal_shares import mes_problem  # noqa: E402
from pbcore.rules.mes_kernel import run_mes  # noqa: E402
from pbcore.rules.mes_screen import Screener  # noqa: E402

CORPUS = ROOT.parent / "shared" / "pabulib"
Trace = list[tuple[int, frozenset[int]]]


def lowest_id(tied: list[int]) -> tuple[int, str | None]:
    return min(tied), "project id"


def best_of(repeats: int, work: Callable[[], object]) -> float:
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    return min(times)


def node_rounds(
    traces: Sequence[Trace], key: Callable[[Trace], object], consecutive: bool
) -> tuple[int, int, int]:
    """(nodes, nodes of one step, rows) summed over rounds: steps share a node while ``key`` of their
    purchases so far is equal (and, if ``consecutive``, they are neighbours: an interval of
    endowments, stood for by its two end rows)."""
    nodes = alone = rows = 0
    for r in range(max(len(trace) for trace in traces) + 1):  # + the last round, where nothing is bought
        alive = [k for k, trace in enumerate(traces) if len(trace) >= r]
        members: list[list[int]] = []
        if consecutive:
            for k in alive:
                if members and members[-1][-1] == k - 1 and key(traces[k - 1][:r]) == key(traces[k][:r]):
                    members[-1].append(k)
                else:
                    members.append([k])
        else:
            by_key: dict[object, list[int]] = {}
            for k in alive:
                by_key.setdefault(key(traces[k][:r]), []).append(k)
            members = list(by_key.values())
        nodes += len(members)
        alone += sum(len(steps) == 1 for steps in members)
        rows += sum(min(len(steps), 2) if consecutive else len(steps) for steps in members)
    return nodes, alone, rows


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("name", nargs="?", default="Poland_Wieliczka_2023_Green_Budget")
    args = parser.parse_args()
    election = read_pabulib(CORPUS / f"{args.name}.pb")

    def mes_add1() -> Outcome:
        return equal_shares(
            election, tie_breaking=PROJECT_ID_TIE_BREAKING, endowment="exact", completion="add1-exhaustive"
        )

    last = cast(int, mes_add1().figures["add1_steps"])
    problem = mes_problem(election, Utility.COST, list(range(election.num_projects)))
    prepared = problem.prepared()
    start = election.budget / problem.voters
    traces: list[Trace] = []
    for step in range(last + 1):
        run = run_mes(prepared, start + step, lowest_id)
        traces.append([(round_.project, frozenset(round_.poor)) for round_ in run.rounds])
    rounds = [len(trace) + 1 for trace in traces]
    print(
        f"{args.name}: {prepared.groups} ballot groups, {len(traces)} Add1 steps, "
        f"{min(rounds)}–{max(rounds)} rounds each, {sum(rounds)} step-rounds"
    )

    def bought_set(trace: Trace) -> object:
        return frozenset(project for project, _ in trace)

    def sequence(trace: Trace) -> object:
        return tuple(project for project, _ in trace)

    def with_poor(trace: Trace) -> object:
        return tuple(trace)

    for label, key, consecutive in (
        ("lockstep, one batch, nodes joined by the set bought (as now)", bought_set, False),
        ("intervals with the same purchase sequence", sequence, True),
        ("intervals with the same sequence and poor sets (affine)", with_poor, True),
    ):
        nodes, alone, rows = node_rounds(traces, key, consecutive)
        print(f"  {label}: {nodes} node-rounds ({alone} of one step), {rows} row-rounds")

    screener = Screener(prepared)
    middle = start + last // 2
    middle_rounds = rounds[last // 2]
    print(f"screener, one node of k identical steps ({middle_rounds} rounds):")
    for k in (1, 2, 4, 8, 16, 32, 64):
        seconds = best_of(5, partial(screener.run, [middle] * k, election.budget))
        print(f"  k={k:2}: {seconds / middle_rounds * 1e6:6.0f} µs per node-round")

    spent = [0.0]
    run_batch = Screener.run

    def timed_run(self: Screener, endowments: Sequence[Fraction], cap: Fraction | None) -> object:
        begin = time.perf_counter()
        try:
            return run_batch(self, endowments, cap)
        finally:
            spent[0] += time.perf_counter() - begin

    Screener.run = timed_run  # type: ignore[method-assign,assignment]
    totals = []
    for _ in range(5):
        spent[0] = 0.0
        totals.append((best_of(1, mes_add1), spent[0]))
    total, screening = min(totals)
    print(
        f"MES+Add1 {total * 1000:.0f} ms, of which the screener {screening * 1000:.0f} ms "
        f"and the rest (exact last step, explanations, set-up) {(total - screening) * 1000:.0f} ms"
    )


if __name__ == "__main__":
    main()
