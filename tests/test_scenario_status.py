"""A scenario states its status (issue #20 §3): vastgesteld, gepland with its expected
date, optie or verlaten; checked, printed back, and shown in the provenance and reports."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from rulescore.cli import main
from rulescore.dsl.printer import print_regulation
from rulescore.errors import RulesError
from rulescore.plugins import load_program

ROOT = Path(__file__).resolve().parent.parent
FIREWALL = ROOT / "examples" / "scenarios" / "firewall_nabetaling.scenario"
EXAMPLE = ROOT / "examples" / "huishouden.json"


def scenario(tmp_path, status_line: str) -> str:
    path = tmp_path / "s.scenario"
    path.write_text(f'scenario s "Een scenario"\n{status_line}\n'
                    "bind partner volgens awir voor aow\n", encoding="utf-8")
    return str(path)


@pytest.mark.parametrize("line, word, expected", [
    ("status vastgesteld", "vastgesteld", None), ("status optie", "optie", None),
    ("status verlaten", "verlaten", None),
    ("status gepland verwacht 1 januari 2029", "gepland", dt.date(2029, 1, 1))])
def test_each_status_is_read_and_printed_back(tmp_path, line, word, expected):
    program = load_program(scenario=scenario(tmp_path, line))
    status = program.regulations["s"].status
    assert (status.word, status.expected) == (word, expected)
    printed = print_regulation(program.regulations["s"])
    assert printed.splitlines()[1] == (line if not expected else "status gepland verwacht 2029-01-01")


@pytest.mark.parametrize("line, hint", [
    ("status geplant verwacht 1 januari 2029", "'gepland'"),
    ("status gepland", "verwacht 1 januari 2029"),
    ("status optie verwacht 1 januari 2029", "alleen een geplande")])
def test_a_bad_status_is_rs298_with_a_hint(tmp_path, line, hint):
    with pytest.raises(RulesError) as exc:
        load_program(scenario=scenario(tmp_path, line))
    text = exc.value.render()
    assert "RS298" in text and hint in text and "s.scenario:2:1" in text


def test_the_status_is_in_the_provenance_and_the_reports():
    run = CliRunner().invoke(main, ["evaluate", str(EXAMPLE), "--scenario", str(FIREWALL),
                                    "--format", "json"])
    assert run.exit_code == 0, run.output
    status = json.loads(run.stdout)["herkomst"]["scenario_status"]
    assert status == {"status": "gepland", "verwacht": "2029-01-01",
                      "weergave": "gepland (verwacht 2029-01-01)"}
    table = CliRunner().invoke(main, ["evaluate", str(EXAMPLE), "--scenario", str(FIREWALL)])
    assert "status gepland (verwacht 2029-01-01)" in table.stdout
    check = CliRunner().invoke(main, ["check", "--scenario", str(FIREWALL)])
    assert "status gepland (verwacht 2029-01-01)" in check.stdout


def test_a_scenario_without_status_has_none_in_its_provenance(tmp_path):
    path = tmp_path / "z.scenario"
    path.write_text('scenario z "Zonder status"\n', encoding="utf-8")
    run = CliRunner().invoke(main, ["evaluate", str(EXAMPLE), "--scenario", str(path),
                                    "--format", "json"])
    assert json.loads(run.stdout)["herkomst"]["scenario_status"] is None
