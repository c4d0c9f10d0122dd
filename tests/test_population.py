"""``rulescore populatie`` (issue #20 §1): the synthetic population meets every published
target within its stated tolerance, the docs table is what the generator achieves, the same
seed gives the same file, and every generated household is a valid situation."""

from __future__ import annotations

import csv
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from click.testing import CliRunner

from rulescore.cli import main
from rulescore.plugins import load_program
from rulescore.population import build as population_build
from rulescore.population.calibrate import rake
from rulescore.population.targets import load
from rulescore.population_cli import HEADER, report_rows

DOCS_TABLE = Path(__file__).resolve().parent.parent / "docs" / "populatie_doelen.csv"


@pytest.fixture(scope="module")
def built():
    """The population of the docs table: 5 000 households, seed 2026."""
    program = load_program()
    return population_build.build(program, 5000, 2026, load(outputs=program.outputs))


def test_every_target_is_met_within_its_tolerance(built):
    assert built.calibration.converged
    outside = [(r["naam"], r["verschil"]) for r in built.report() if not r["binnen"]]
    assert outside == []
    assert (built.calibration.weights > 0).all()


def test_every_target_has_a_source(built):
    assert all(t.source.strip() for t in built.targets.targets)


def test_the_docs_table_is_what_the_generator_achieves(built):
    with DOCS_TABLE.open(encoding="utf-8") as f:
        rows = list(csv.reader(f))
    assert rows[0] == HEADER
    assert rows[1:] == report_rows(built.report())


def test_raking_meets_categorical_and_count_totals_exactly():
    """Three households, design weight 1: indicators (1, 0; 1, 2; 1, 1), targets (30, 40).
    Any solution w > 0 of w1 + w2 + w3 = 30 and 2 w2 + w3 = 40 is a calibration; raking
    gives one (w = exp(x·λ)), and it meets both totals."""
    import numpy as np

    x = np.array([[1.0, 0.0], [1.0, 2.0], [1.0, 1.0]])
    result = rake(np.ones(3), x, np.array([30.0, 40.0]))
    assert result.converged and (result.weights > 0).all()
    assert x.T @ result.weights == pytest.approx([30, 40])


def test_same_seed_same_file_and_the_batch_reads_it(tmp_path):
    a, b = tmp_path / "a.parquet", tmp_path / "b.parquet"
    for out in (a, b):
        run = CliRunner().invoke(main, ["populatie", "--huishoudens", "2000", "--zaad", "7",
                                        "-o", str(out), "--format", "json"])
        assert run.exit_code == 0, run.output
    assert a.read_bytes() == b.read_bytes()
    table = pq.read_table(a)
    assert table.num_rows == 2000 and set(table.column("huishoudtype").to_pylist()) <= {
        "alleenstaand", "alleenstaand_aow", "paar", "paar_aow", "paar_kinderen", "eenouder",
        "kostendelers"}
    run = CliRunner().invoke(main, ["batch", str(a), "--uitvoer", str(tmp_path / "uit.csv")])
    assert run.exit_code == 0, run.output
    assert "0 niet te berekenen" in run.output


def test_a_bad_targets_file_is_reported_with_its_path(tmp_path):
    bad = tmp_path / "doelen.toml"
    bad.write_text('peildatum = "2026-03-01"\n[[doel]]\nnaam = "x"\nindicator = "type:paartje"\n'
                   'waarde = 1\nbron = "b"\ntolerantie = 0.1\n', encoding="utf-8")
    run = CliRunner().invoke(main, ["populatie", "-o", str(tmp_path / "p.parquet"),
                                    "--doelen", str(bad)])
    assert run.exit_code == 1
    assert "doel[0].indicator: fout RS394" in " ".join(run.output.split())
    assert "'paar'" in run.output and not (tmp_path / "p.parquet").exists()


def test_targets_that_contradict_each_other_are_rs395_and_nothing_is_written(tmp_path):
    """All households 100, but the single households alone 200: no positive weights do it."""
    bad = tmp_path / "doelen.toml"
    bad.write_text('peildatum = "2026-03-01"\n'
                   '[[doel]]\nnaam = "alle"\nindicator = "huishouden"\nwaarde = 100\n'
                   'bron = "test"\ntolerantie = 0.01\n'
                   '[[doel]]\nnaam = "alleenstaand"\nindicator = "type:alleenstaand"\n'
                   'waarde = 200\nbron = "test"\ntolerantie = 0.01\n'
                   '[aannames]\n' + _assumptions(), encoding="utf-8")
    out = tmp_path / "p.parquet"
    run = CliRunner().invoke(main, ["populatie", "--huishoudens", "50", "-o", str(out),
                                    "--doelen", str(bad)])
    assert run.exit_code == 1 and "RS395" in run.output and not out.exists()


def _assumptions() -> str:
    """The shipped [aannames] section, as TOML text."""
    text = Path(load().path).read_text(encoding="utf-8")
    section = text.split("[aannames]\n", 1)[1]
    return section.split("\n[", 1)[0] + "\n"
