"""Progress on long runs (issue #20 §4): one bar on a terminal's standard error for batch,
impact (also --harmoniseer) and populatie, off when standard error is not a terminal, and
the same closing line everywhere: households, persons, exact fallbacks, errors, time."""

from __future__ import annotations

import io
import json
import re
from types import SimpleNamespace

import numpy as np
import pyarrow.parquet as pq
import pytest
from click.testing import CliRunner
from rich.console import Console

from rulescore import batch_cli, impact_cli, population_cli
from rulescore.batch import parquet_io
from rulescore.cli import main
from rulescore.plugins import load_program
from rulescore.progress import Run, summary_line
from rulescore.values import grouped

ANSI = re.compile(r"\x1b\[")
PERSON = {"geboortedatum": "1990-05-01", "woonadres": "w1", "loon_uit_dienstbetrekking": 3000,
          "zorgverzekerd": True, "rendementsgrondslag": 0, "student": False,
          "overige_netto_middelen": 0, "bezittingen": 0, "schulden": 0,
          "inkomen_box_2_en_3": 0, "overig_belastbaar_inkomen": 0}
NIETS = 'scenario niets "Wijzigt niets"\n'


def terminal() -> tuple[Console, io.StringIO]:
    out = io.StringIO()
    return Console(force_terminal=True, file=out, width=120), out


def household(*names):
    return SimpleNamespace(person_ids=list(names))


def result(fallback=(), errors=()):
    return SimpleNamespace(fallback=np.array(fallback, dtype=np.int64),
                           errors=dict.fromkeys(errors))


def test_a_household_is_counted_once_whichever_program_recomputed_it():
    """Two programs over the same block (impact): households 0 and 2 recomputed exactly,
    0 by both; household 3 failed under one of them (and was recomputed under the other):
    two fallbacks, one error, not four and two."""
    console, out = terminal()
    block = [household("a"), household("a", "b"), household("a", "b", "c"), household("a")]
    with Run(console, 8, "huishoudens berekenen") as run:
        run.block(block, result([0, 2, 3]), result([0], errors=[3]))
        run.block(block[:1], result())
    assert (run.households, run.persons, run.fallbacks, run.errors) == (5, 8, 2, 1)
    run.report()
    text = out.getvalue()
    assert "huishoudens berekenen" in text and ANSI.search(text)  # the bar was drawn
    assert text.rstrip().endswith("klaar: 5 huishoudens, 8 personen, 2 exact herberekend, "
                                  "1 niet te berekenen, in 0,0 s")


def test_no_bar_when_standard_error_is_not_a_terminal():
    out = io.StringIO()
    with Run(Console(file=out, width=120), 3, "huishoudens berekenen") as run:
        run.block([household("a")] * 3, result())
    assert out.getvalue() == ""
    run.report()
    assert out.getvalue().startswith("klaar: 3 huishoudens, 3 personen, 0 exact")
    assert not ANSI.search(out.getvalue())


def test_the_summary_groups_thousands_the_dutch_way():
    assert summary_line(1, 1234567, 0, 0, 12.34) == (
        "klaar: 1 huishouden, 1.234.567 personen, 0 exact herberekend, 0 niet te "
        "berekenen, in 12,3 s")


@pytest.fixture(scope="module")
def small(tmp_path_factory):
    """Three households of one, two and one persons (four persons), and a scenario that
    changes nothing."""
    program = load_program()
    docs = [{"peildatum": "2026-03-01", "woningen": {"w1": {}}, "relaties": [],
             "personen": {f"p{i}": PERSON for i in range(k)}} for k in (1, 2, 1)]
    tmp = tmp_path_factory.mktemp("progress")
    path = tmp / "p.parquet"
    pq.write_table(parquet_io.households_table(docs, program, ["h1", "h2", "h3"],
                                               [1.0, 1.0, 1.0]), path)
    (tmp / "niets.scenario").write_text(NIETS, encoding="utf-8")
    return str(path), str(tmp / "niets.scenario")


def test_impact_and_batch_end_with_the_summary_and_no_bar_under_a_runner(small):
    path, scenario = small
    run = CliRunner().invoke(main, ["impact", path, "--scenario", scenario, "--format", "json"])
    assert run.exit_code == 0, run.output
    json.loads(run.stdout)  # the summary is not on standard output
    assert "klaar: 3 huishoudens, 4 personen" in run.stderr
    assert "0 niet te berekenen" in run.stderr and not ANSI.search(run.stderr)
    run = CliRunner().invoke(main, ["batch", path])
    assert run.exit_code == 0, run.output
    assert "klaar: 3 huishoudens, 4 personen" in run.stderr and not ANSI.search(run.stderr)


@pytest.mark.parametrize("module", [impact_cli, batch_cli])
def test_the_bar_is_drawn_on_a_terminal(small, monkeypatch, module):
    path, scenario = small
    console, out = terminal()
    monkeypatch.setattr(module, "err_console", console)
    args = (["impact", path, "--scenario", scenario, "--format", "json"]
            if module is impact_cli else ["batch", path])
    run = CliRunner().invoke(main, args)
    assert run.exit_code == 0, run.output
    text = out.getvalue()
    assert ANSI.search(text) and "3/3" in text
    assert "klaar: 3 huishoudens, 4 personen" in text


def test_harmonisation_reports_each_variant(small):
    """One line per variant of partner that every regulation accepts, each named."""
    path, _ = small
    run = CliRunner().invoke(main, ["impact", path, "--harmoniseer", "partner",
                                    "--format", "json"])
    assert run.exit_code == 0, run.output
    variants = json.loads(run.stdout)["varianten"]
    lines = [line for line in run.stderr.splitlines() if "klaar:" in line]
    assert len(lines) == len(variants) >= 1
    for variant, line in zip(variants, lines):
        assert line.startswith(f"begrip partner volgens {variant}: klaar: 3 huishoudens, "
                               "4 personen")


def test_populatie_draws_calculates_writes_and_sums_up(tmp_path, monkeypatch):
    console, out = terminal()
    monkeypatch.setattr(population_cli, "err_console", console)
    run = CliRunner().invoke(main, ["populatie", "--huishoudens", "300", "--zaad", "3",
                                    "-o", str(tmp_path / "p.parquet"), "--format", "json"])
    assert run.exit_code == 0, run.output
    text = out.getvalue()
    assert "600/600" in text  # drawn and evaluated, then written: two steps a household
    summary = [line for line in text.splitlines() if "klaar:" in line][-1]
    persons = sum(len(r) for r in pq.read_table(tmp_path / "p.parquet").column(
        "personen").to_pylist())
    assert f"klaar: 300 huishoudens, {grouped(persons)} personen, " in summary
    assert "0 niet te berekenen" in summary
