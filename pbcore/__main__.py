"""Command line: recount, verify and time Pabulib elections without the platform.

    python -m pbcore tally FILE.pb --rule equal-shares [--format table|text|json]
    python -m pbcore verify FILE.pb [FILE.pb ...]
    python -m pbcore check FILE.pb
    python -m pbcore bench FILE.pb [--rule greedy --rule equal-shares] [--repeat 3] [--memory]

Exit codes: 0 success (``verify``: every file agrees), 1 ``verify`` found a disagreement (``check``:
invalid ballots), 2 bad input (unreadable file, unknown rule or parameter, nothing to compare with).
"""

from __future__ import annotations

import argparse
import json
import resource
import sys
import time
import tracemalloc
from collections import Counter
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, TextIO

from pbcore.election import Election
from pbcore.explain import outcome_json, outcome_table, outcome_text
from pbcore.outcome import Outcome
from pbcore.pabulib import PabulibError, parse_number, read_pabulib
from pbcore.progress import ProgressBar
from pbcore.verify import UnverifiableError, Verification, resolve_rule, verify_election

EXIT_OK, EXIT_DIFFERS, EXIT_BAD_INPUT = 0, 1, 2


class UsageError(ValueError):
    """A command-line value that cannot be used (reported with exit code 2)."""


# -- arguments ------------------------------------------------------------------------------------


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m pbcore", description=__doc__.split("\n\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)

    tally = commands.add_parser("tally", help="compute the outcome of a rule")
    _add_files(tally)
    tally.add_argument("--rule", required=True, help="a key of pbcore.rules.RULES or a Pabulib rule name")
    _add_rule_options(tally)
    tally.add_argument("--format", choices=("table", "text", "json"), default="table")
    tally.add_argument("--voter", action="append", default=[], metavar="ID", help="explain this voter (text)")
    tally.add_argument("--voters", action="store_true", help="JSON: one entry per voter")

    verify = commands.add_parser("verify", help="recount the META rule and compare with 'selected'")
    _add_files(verify)
    verify.add_argument("--rule", help="recount with this rule instead of the file's META rule")
    _add_rule_options(verify)
    verify.add_argument("--format", choices=("text", "json"), default="text")

    check = commands.add_parser("check", help="report ballots that break the file's ballot limits")
    _add_files(check)

    bench = commands.add_parser("bench", help="time parsing and rules (our side only; see bench/)")
    _add_files(bench)
    bench.add_argument("--rule", action="append", default=[], help="rule(s) to time (default: greedy)")
    bench.add_argument("--repeat", type=int, default=3, help="runs per measurement; the best is shown")
    bench.add_argument("--memory", action="store_true", help="also measure peak traced memory (slower)")
    return parser


def _add_files(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("files", nargs="+", type=Path, metavar="FILE.pb")
    parser.add_argument("--quiet", "-q", action="store_true", help="no progress bar")


def _add_rule_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--param",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="a rule parameter, e.g. completion=none",
    )
    parser.add_argument("--tie-breaking", metavar="CHAIN", help="e.g. lower-cost,more-votes,lottery")
    parser.add_argument("--lottery-order", metavar="IDS", help="comma-separated project ids, first wins")


def rule_params(args: argparse.Namespace) -> dict[str, object]:
    """``--param``/``--tie-breaking`` values as keyword arguments for a rule."""
    params: dict[str, object] = {}
    for item in args.param:
        name, sep, text = item.partition("=")
        if not sep or not name.strip():
            raise UsageError(f"--param needs NAME=VALUE, got {item!r}")
        params[name.strip().replace("-", "_")] = _param_value(text.strip())
    if args.tie_breaking or args.lottery_order:
        params["tie_breaking"] = _tie_breaking(args.tie_breaking, args.lottery_order)
    return params


def _param_value(text: str) -> object:
    lowered = text.lower()
    if lowered in ("true", "yes"):
        return True
    if lowered in ("false", "no"):
        return False
    if lowered == "none":
        return None
    try:
        return parse_number(text)
    except ValueError:
        return text


def _tie_breaking(chain: str | None, lottery: str | None) -> object:
    from pbcore.rules.tiebreak import Criterion, TieBreaking

    try:
        criteria = tuple(Criterion(c.strip()) for c in chain.split(",")) if chain else TieBreaking().criteria
    except ValueError as error:
        known = ", ".join(c.value for c in Criterion)
        raise UsageError(f"{error}; tie-break criteria are: {known}") from None
    order = tuple(p.strip() for p in lottery.split(",")) if lottery else ()
    return TieBreaking(criteria=criteria, lottery_order=order)


# -- shared steps -----------------------------------------------------------------------------------


def read_with_progress(path: Path, bar: ProgressBar, prefix: str) -> Election:
    def report(done: int, expected: int) -> None:
        bar.update(done, expected or None)

    bar.stage(f"{prefix}reading {path.name}")
    return read_pabulib(path, progress=report)


def run_rule(
    election: Election, name: str, params: dict[str, object], bar: ProgressBar, prefix: str
) -> Outcome:
    from pbcore.rules import RULES

    key, preset = resolve_rule(name)
    bar.stage(f"{prefix}counting ({key})")
    try:
        return RULES[key](election, **{**preset, **params})
    except TypeError as error:
        if "keyword argument" not in str(error):  # a bug, not a bad --param: let it surface
            raise
        raise UsageError(f"rule {key!r}: {error}") from None


def _prefix(index: int, count: int) -> str:
    return f"[{index}/{count}] " if count > 1 else ""


def _fail(path: Path, error: Exception, err: TextIO) -> None:
    err.write(f"{path}: {error}\n")


# -- commands ---------------------------------------------------------------------------------------


def cmd_tally(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    params = rule_params(args)
    documents: list[dict[str, Any]] = []
    status = EXIT_OK
    for index, path in enumerate(args.files, start=1):
        with ProgressBar("", enabled=None if not args.quiet else False, stream=err) as bar:
            try:
                election = read_with_progress(path, bar, _prefix(index, len(args.files)))
                outcome = run_rule(election, args.rule, params, bar, _prefix(index, len(args.files)))
            except (OSError, PabulibError, UnverifiableError, UsageError, ValueError) as error:
                bar.close()
                _fail(path, error, err)
                status = EXIT_BAD_INPUT
                continue
        if args.format == "json":
            documents.append({"file": str(path), **outcome_json(outcome, election, voters=args.voters)})
        else:
            if len(args.files) > 1:
                out.write(f"== {path}\n")
            if args.format == "table":
                out.write(outcome_table(outcome, election))
            else:
                unknown = [v for v in args.voter if v not in election.profile.voter_ids]
                if unknown:
                    _fail(path, UsageError(f"unknown voter id {unknown[0]!r}"), err)
                    status = EXIT_BAD_INPUT
                out.write(
                    outcome_text(outcome, election, voter_ids=[v for v in args.voter if v not in unknown])
                )
    if args.format == "json" and documents:
        json.dump(documents[0] if len(args.files) == 1 else documents, out, ensure_ascii=False, indent=2)
        out.write("\n")
    return status


def cmd_verify(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    params = rule_params(args)
    results: list[dict[str, Any]] = []
    codes: list[int] = []
    for index, path in enumerate(args.files, start=1):
        prefix = _prefix(index, len(args.files))
        with ProgressBar("", enabled=None if not args.quiet else False, stream=err) as bar:
            try:
                election = read_with_progress(path, bar, prefix)
                bar.stage(f"{prefix}recounting {path.name}")
                verification = verify_election(election, rule=args.rule, **params)
            except (OSError, PabulibError, UnverifiableError, UsageError, ValueError, TypeError) as error:
                bar.close()
                _fail(path, error, err)
                codes.append(EXIT_BAD_INPUT)
                results.append({"file": str(path), "error": str(error)})
                continue
        codes.append(EXIT_OK if verification.agrees else EXIT_DIFFERS)
        if args.format == "json":
            results.append({"file": str(path), **_verification_json(verification)})
        else:
            out.write(f"== {path}\n{verification.report()}")
    if args.format == "json":
        json.dump(results[0] if len(results) == 1 else results, out, ensure_ascii=False, indent=2)
        out.write("\n")
    if len(args.files) > 1 and args.format == "text":
        tally = Counter(codes)
        out.write(
            f"{tally[EXIT_OK]} agree, {tally[EXIT_DIFFERS]} differ, {tally[EXIT_BAD_INPUT]} could not be verified\n"
        )
    return max(codes, default=EXIT_OK)


def _verification_json(verification: Verification) -> dict[str, Any]:
    return {
        "agrees": verification.agrees,
        "meta_rule": verification.meta_rule,
        "rule": verification.rule_key,
        "official": list(verification.official),
        "recount": list(verification.outcome.selected),
        "outside_rule": list(verification.outside_rule),
        "missing": list(verification.missing),
        "unexpected": list(verification.unexpected),
        "explanations": dict(verification.explanations),
        "decided": verification.outcome.decided,
        "outcome": outcome_json(verification.outcome, payments=False),
    }


def cmd_check(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from pbcore.constraints import profile_violations

    status = EXIT_OK
    for path in args.files:
        try:
            election = read_pabulib(path)
        except (OSError, PabulibError) as error:
            _fail(path, error, err)
            status = EXIT_BAD_INPUT
            continue
        invalid = profile_violations(election)
        out.write(f"== {path}: {election.profile.num_voters:,} ballots, {len(invalid):,} invalid\n")
        codes = Counter(v.code.value for vs in invalid.values() for v in vs)
        for code, count in codes.most_common():
            out.write(f"  {code}: {count:,}\n")
        for voter, violations in list(invalid.items())[:5]:
            out.write(f"  e.g. voter {election.profile.voter_ids[voter]}: {violations[0].message}\n")
        if invalid and status == EXIT_OK:
            status = EXIT_DIFFERS
    return status


def cmd_bench(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    rules = args.rule or ["greedy"]
    header = ["file", "voters", "groups", "parse s", *[f"{r} s" for r in rules]]
    if args.memory:
        header.append("peak MiB")
    rows: list[list[str]] = []
    for path in args.files:
        try:
            row = _bench_file(path, rules, max(args.repeat, 1), args.memory)
        except (OSError, PabulibError, UnverifiableError, UsageError) as error:
            _fail(path, error, err)
            return EXIT_BAD_INPUT
        rows.append(row)
        if not args.quiet:
            err.write(f"{path.name}: done\n")
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(len(header))]
    for row in [header, *rows]:
        out.write(
            "  ".join(
                c.ljust(w) if i == 0 else c.rjust(w) for i, (c, w) in enumerate(zip(row, widths, strict=True))
            )
            + "\n"
        )
    peak_rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    out.write(f"process peak RSS: {peak_rss:,.0f} MiB\n")
    return EXIT_OK


def _best_time(action: Callable[[], object], repeat: int) -> tuple[float, object]:
    best, result = float("inf"), None
    for _ in range(repeat):
        start = time.perf_counter()
        result = action()
        best = min(best, time.perf_counter() - start)
    return best, result


def _bench_file(path: Path, rules: Sequence[str], repeat: int, memory: bool) -> list[str]:
    from pbcore.rules import RULES

    parse_s, loaded = _best_time(lambda: read_pabulib(path), repeat)
    assert isinstance(loaded, Election)
    election = loaded
    groups = len(election.profile.groups)
    cells = [path.name, f"{election.profile.num_voters:,}", f"{groups:,}", f"{parse_s:.3f}"]
    for name in rules:
        key, preset = resolve_rule(name)
        seconds, _ = _best_time(lambda key=key, preset=preset: RULES[key](election, **preset), repeat)  # type: ignore[misc]
        cells.append(f"{seconds:.3f}")
    if memory:
        cells.append(f"{_peak_traced_mib(path, rules):,.0f}")
    return cells


def _peak_traced_mib(path: Path, rules: Sequence[str]) -> float:
    from pbcore.rules import RULES

    tracemalloc.start()
    try:
        election = read_pabulib(path)
        for name in rules:
            key, preset = resolve_rule(name)
            RULES[key](election, **preset)
        return tracemalloc.get_traced_memory()[1] / 2**20
    finally:
        tracemalloc.stop()


COMMANDS: dict[str, Callable[[argparse.Namespace, TextIO, TextIO], int]] = {
    "tally": cmd_tally,
    "verify": cmd_verify,
    "check": cmd_check,
    "bench": cmd_bench,
}


def main(argv: Sequence[str] | None = None, *, out: TextIO | None = None, err: TextIO | None = None) -> int:
    args = build_parser().parse_args(argv)
    stdout = sys.stdout if out is None else out
    stderr = sys.stderr if err is None else err
    try:
        return COMMANDS[args.command](args, stdout, stderr)
    except UsageError as error:
        stderr.write(f"error: {error}\n")
        return EXIT_BAD_INPUT


if __name__ == "__main__":
    sys.exit(main())
