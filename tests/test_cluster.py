"""``rulescore impact --werkers N`` (issue #20 §4): the blocks of the population on a local
Dask cluster of N processes give the same report, byte for byte, as one process.

Two workers (the machine has two cores) and a small population cut into blocks of seven
households, so that the blocks really are spread and must be put back in file order."""

from __future__ import annotations

import datetime as dt
import sys

import pyarrow.parquet as pq
import pytest
from click.testing import CliRunner

from rulescore.batch import parquet_io
from rulescore.cli import main
from rulescore.plugins import load_program

pytest.importorskip("distributed")

LAGER = '''scenario premie_lager "Standaardpremie zorgtoeslag 2026 € 200 lager"
wijzig parameter zorgtoeslag.standaardpremie
  bron BWBR0018451 artikel 4
  aanname "Rekenvoorbeeld voor de test, geen voorstel."
  vanaf 1 januari 2026: € 1.919
'''


@pytest.fixture(scope="module")
def population(tmp_path_factory):
    from rulescore.population.generate import generate
    from rulescore.population.targets import load

    program = load_program()
    targets = load()
    n = 45
    sample = generate(n, 11, targets.assumptions, targets.type_shares(), dt.date(2026, 3, 1))
    tmp = tmp_path_factory.mktemp("cluster")
    path = tmp / "p.parquet"
    pq.write_table(parquet_io.households_table(
        sample.documents, program, [f"h{i}" for i in range(n)],
        [1.0 + (i % 5) * 0.75 for i in range(n)], sample.types), path)
    (tmp / "lager.scenario").write_text(LAGER, encoding="utf-8")
    return str(path), str(tmp / "lager.scenario")


def _json(args, monkeypatch) -> bytes:
    monkeypatch.setattr(parquet_io, "BLOCK_ROWS", 7)  # 45 households: seven blocks
    run = CliRunner().invoke(main, ["impact", *args, "--format", "json"])
    assert run.exit_code == 0, run.output
    return run.stdout_bytes


def test_two_workers_give_the_same_report_byte_for_byte(population, monkeypatch, tmp_path):
    path, scenario = population
    one, two = tmp_path / "een.parquet", tmp_path / "twee.parquet"
    alone = _json([path, "--scenario", scenario, "--verschillen", str(one)], monkeypatch)
    spread = _json([path, "--scenario", scenario, "--verschillen", str(two), "--werkers", "2"],
                   monkeypatch)
    assert spread == alone
    assert b'"verliezers": [\n    {' in alone  # a lower premium: losers, put in order
    # every household in file order, with the same figures to the last bit
    assert pq.read_table(two).equals(pq.read_table(one))
    assert pq.read_table(one).column("huishouden").to_pylist() == [f"h{i}" for i in range(45)]
    # and harmonisation, every variant on the same cluster
    alone = _json([path, "--harmoniseer", "partner"], monkeypatch)
    spread = _json([path, "--harmoniseer", "partner", "--werkers", "2"], monkeypatch)
    assert spread == alone


def test_without_dask_the_option_says_what_to_install(population, monkeypatch):
    path, scenario = population
    monkeypatch.setitem(sys.modules, "distributed", None)  # import fails
    run = CliRunner().invoke(main, ["impact", path, "--scenario", scenario, "--werkers", "2"])
    assert run.exit_code == 2 and "rulescore[dask]" in run.output
