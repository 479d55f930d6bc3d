"""The recount CLI: tally, verify, check and bench, with their exit codes."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

from pbcore.__main__ import main

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "tests" / "data"
ASSEN = DATA / "Netherlands_Assen_2024.pb"  # rule equalshares/add1, official result reproducible
KRAKOW = DATA / "Poland_Krakow_2021_Bienczyce.pb"  # rule greedy, ordinal
NO_SELECTED = DATA / "Poland_Zabrze_2020_Konczyce.pb"
WESOLA = DATA / "Poland_Warszawa_2024_Wesola.pb"  # rule greedy-exclusive
POZNAN = DATA / "Poland_Poznan_2025_9_-_Stare_Miasto__small.pb"  # rule greedy-custom


def _run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main([*argv], out=out, err=err)
    return code, out.getvalue(), err.getvalue()


def test_tally_prints_a_table_with_the_winners() -> None:
    code, out, _ = _run("tally", str(ASSEN), "--rule", "equal-shares")
    assert code == 0
    assert out.splitlines()[0].split()[:4] == ["project", "cost", "score", "status"]
    assert "selected 9 of 14; cost 76,700 of 100,000" in out


def test_tally_json_is_exact_and_complete() -> None:
    code, out, _ = _run("tally", str(ASSEN), "--rule", "greedy", "--format", "json", "--voters")
    assert code == 0
    data = json.loads(out)
    assert data["rule"] == "greedy"
    assert data["budget"] == "100000"
    assert len(data["projects"]) == 14
    assert len(data["voters"]) == 84
    assert {"voter_id", "won", "lost", "paid"} <= set(data["voters"][0])


def test_tally_accepts_pabulib_rule_names_and_parameters() -> None:
    code, out, _ = _run(
        "tally", str(ASSEN), "--rule", "equalshares", "--param", "endowment=exact", "--format", "json"
    )
    assert code == 0
    params = json.loads(out)["params"]
    assert params["completion"] == "none"
    assert params["endowment"] == "exact"


def test_tally_text_explains_a_voter() -> None:
    code, out, _ = _run(
        "tally",
        str(ASSEN),
        "--rule",
        "equal-shares",
        "--format",
        "text",
        "--voter",
        "vote01006bcf-62b6-435d-a0de-2966c3e75249",
    )
    assert code == 0
    assert "Selected in round 1" in out
    assert "Voter vote01006bcf-62b6-435d-a0de-2966c3e75249:" in out


def test_tally_rejects_an_unknown_rule_with_exit_code_2() -> None:
    code, _, err = _run("tally", str(ASSEN), "--rule", "borda")
    assert code == 2
    assert "rule 'borda' is not implemented" in err


def test_tally_rejects_an_unknown_parameter_with_exit_code_2() -> None:
    code, _, err = _run("tally", str(ASSEN), "--rule", "greedy", "--param", "colour=blue")
    assert code == 2
    assert "colour" in err


def test_tally_reports_a_malformed_file_with_exit_code_2(tmp_path: Path) -> None:
    bad = tmp_path / "bad.pb"
    bad.write_text(ASSEN.read_text(encoding="utf-8").replace("budget;", "budgte;"), encoding="utf-8")
    code, _, err = _run("tally", str(bad), "--rule", "greedy")
    assert code == 2
    assert "missing budget" in err


def test_verify_agrees_on_files_whose_official_result_is_reproducible() -> None:
    code, out, _ = _run("verify", str(ASSEN), str(KRAKOW))
    assert code == 0
    assert out.count("AGREES") == 2
    assert "2 agree, 0 differ, 0 could not be verified" in out


def test_verify_explains_a_disagreement_with_exit_code_1(tmp_path: Path) -> None:
    text = ASSEN.read_text(encoding="utf-8")
    # Declare the file's official result to be greedy's while META still says equalshares/add1.
    forged = tmp_path / "forged.pb"
    forged.write_text(text, encoding="utf-8")
    code, out, _ = _run("verify", str(forged), "--rule", "greedy")
    assert code == 1
    assert "DIFFERS" in out
    assert (
        "official winner; recount: Not selected" in out or "not an official winner; recount: Selected" in out
    )


QUOTA_FILE = """META
key;value
budget;100
vote_type;approval
rule;greedy
categories;A,B
budget_per_category;50,40
PROJECTS
project_id;cost;votes;category;selected
a1;50;10;A;1
b1;40;2;B;1
c1;50;9;A;0
VOTES
voter_id;vote
{votes}
"""


def test_verify_recounts_with_the_files_category_quotas(tmp_path: Path) -> None:
    # 9 voters approve a1,c1, one a1, two b1: plain greedy would fund a1 and c1; the quotas reserve
    # 50 for category A (a1) and 40 for B (b1), which is the published result.
    votes = [f"{n};a1,c1" for n in range(1, 10)] + ["10;a1", "11;b1", "12;b1"]
    path = tmp_path / "quotas.pb"
    path.write_text(QUOTA_FILE.format(votes="\n".join(votes)), encoding="utf-8")
    code, out, _ = _run("verify", str(path))
    assert code == 0, out
    assert "AGREES" in out
    plain = path.read_text(encoding="utf-8").replace("categories;A,B\nbudget_per_category;50,40\n", "")
    path.write_text(plain, encoding="utf-8")
    assert _run("verify", str(path))[0] == 1  # without the quotas the same ballots fund c1, not b1


def test_verify_without_a_selected_column_exits_2() -> None:
    code, _, err = _run("verify", str(NO_SELECTED))
    assert code == 2
    assert "no 'selected' column" in err


def test_verify_recounts_greedy_exclusive_as_greedy() -> None:
    code, out, _ = _run("verify", str(WESOLA))
    assert code == 0
    assert "Rule recounted: greedy (META rule greedy-exclusive)" in out
    assert "AGREES" in out


def test_verify_of_a_custom_rule_says_to_pick_one_with_exit_code_2() -> None:
    code, _, err = _run("verify", str(POZNAN))
    assert code == 2
    assert "'greedy-custom' is not a standard rule" in err
    assert _run("verify", str(POZNAN), "--rule", "greedy")[0] in (0, 1)  # compared, agreeing or not


def test_verify_json_reports_agreement() -> None:
    code, out, _ = _run("verify", str(ASSEN), "--format", "json")
    data = json.loads(out)
    assert code == 0
    assert data["agrees"] is True
    assert data["meta_rule"] == "equalshares/add1"
    assert sorted(data["official"]) == sorted(data["recount"])


def test_check_reports_invalid_ballots(tmp_path: Path) -> None:
    text = ASSEN.read_text(encoding="utf-8")
    assert "max_length" not in text
    limited = tmp_path / "limited.pb"
    limited.write_text(text.replace("budget;", "max_length;1\r\nbudget;", 1), encoding="utf-8")
    code, out, _ = _run("check", str(limited))
    assert code == 1
    assert "too-many-projects" in out
    assert _run("check", str(ASSEN))[0] == 0


def test_bench_prints_times_for_each_rule() -> None:
    code, out, _ = _run("bench", str(ASSEN), "--rule", "greedy", "--repeat", "1", "--quiet")
    assert code == 0
    header, row = out.splitlines()[:2]
    assert header.split()[:4] == ["file", "voters", "groups", "parse"]
    assert row.split()[1] == "84"


@pytest.mark.parametrize("quiet", [True, False])
def test_the_module_runs_as_a_script_without_progress_noise_when_piped(quiet: bool) -> None:
    argv = [sys.executable, "-m", "pbcore", "verify", str(ASSEN)] + (["--quiet"] if quiet else [])
    result = subprocess.run(argv, cwd=ROOT, capture_output=True, text=True, check=False)
    assert result.returncode == 0
    assert "AGREES" in result.stdout
    assert result.stderr == ""  # stderr is not a terminal: no progress bar
