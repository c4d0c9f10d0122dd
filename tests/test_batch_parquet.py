"""``rulescore batch`` with Parquet (issue #20 §1): households in (one row per household,
persons nested), results out (one row per person), streamed in blocks, with the schema
and every row checked and reported as JSON input is."""

from __future__ import annotations

import copy
import csv
import io
import json
from decimal import Decimal
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from click.testing import CliRunner

from rulescore.batch import parquet_io
from rulescore.cli import main
from rulescore.plugins import load_program

EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "huishouden.json"


@pytest.fixture(scope="module")
def program():
    return load_program()


def variants(n: int) -> list[dict]:
    """The example household with ruben's income varied, so rows differ."""
    base = json.loads(EXAMPLE.read_text(encoding="utf-8"))
    base.pop("toelichting")
    docs = []
    for i in range(n):
        doc = copy.deepcopy(base)
        doc["personen"]["ruben"]["overig_belastbaar_inkomen"] = f"{20_000 + 3_000 * i},00"
        docs.append(doc)
    return docs


def write_both(tmp_path, program, docs, weights=None):
    weights = weights or [1.0] * len(docs)
    table = parquet_io.households_table(docs, program, [f"h{i}" for i in range(len(docs))],
                                        weights)
    pq.write_table(table, tmp_path / "h.parquet")
    (tmp_path / "h.jsonl").write_text("\n".join(json.dumps(d) for d in docs) + "\n",
                                      encoding="utf-8")
    return str(tmp_path / "h.parquet"), str(tmp_path / "h.jsonl")


def test_parquet_in_gives_the_same_csv_as_json_lines(tmp_path, program):
    parquet, jsonl = write_both(tmp_path, program, variants(4))
    a = CliRunner().invoke(main, ["batch", parquet])
    b = CliRunner().invoke(main, ["batch", jsonl])
    assert a.exit_code == b.exit_code == 0, a.output
    assert a.stdout == b.stdout and a.stdout.count("\n") == 1 + 4 * 3


def test_blocks_stream_and_give_the_same_rows_as_one_block(tmp_path, program, monkeypatch):
    parquet, _ = write_both(tmp_path, program, variants(5))
    whole = CliRunner().invoke(main, ["batch", parquet])
    monkeypatch.setattr(parquet_io, "BLOCK_ROWS", 2)
    sizes = [len(b.situations) for b in parquet_io.blocks(parquet, program, None, rows=2)]
    assert sizes == [2, 2, 1]
    monkeypatch.setattr(parquet_io.blocks, "__defaults__", (2,))
    streamed = CliRunner().invoke(main, ["batch", parquet])
    assert streamed.exit_code == 0, streamed.output
    assert streamed.stdout == whole.stdout  # one header, rows in order


def test_parquet_out_holds_exact_euros_ids_and_weights(tmp_path, program):
    parquet, jsonl = write_both(tmp_path, program, variants(3), weights=[2.5, 1.0, 0.0])
    out = tmp_path / "uit.parquet"
    run = CliRunner().invoke(main, ["batch", parquet, "--uitvoer", str(out)])
    assert run.exit_code == 0, run.output
    table = pq.read_table(out)
    rows = table.to_pylist()
    assert [r["huishouden"] for r in rows[:4]] == ["h0", "h0", "h0", "h1"]
    assert [r["gewicht"] for r in rows[::3]] == [2.5, 1.0, 0.0]
    field = table.schema.field("participatiewet.algemene_bijstand")
    assert field.type == pa.decimal128(18, 2)
    assert field.metadata[b"eenheid"].decode() == "participatiewet.algemene_bijstand (€ per maand)"
    # PW art. 19a/22a: sara's kostendelersnorm € 1.001,07 minus her € 333,03 net (the
    # example's toelichting; her income does not vary) is € 668,04 a month
    sara = [r for r in rows if r["persoon"] == "sara"]
    assert {r["participatiewet.algemene_bijstand"] for r in sara} == {Decimal("668.04")}
    csv_rows = list(csv.DictReader(io.StringIO(CliRunner().invoke(main, ["batch", jsonl]).stdout)))
    for r, c in zip(rows, csv_rows):
        assert str(r["zorgtoeslag.zorgtoeslag"]) == c["zorgtoeslag.zorgtoeslag (€ per jaar)"]


def test_a_json_lines_file_can_be_written_as_parquet(tmp_path, program):
    _, jsonl = write_both(tmp_path, program, variants(2))
    out = tmp_path / "uit.parquet"
    assert CliRunner().invoke(main, ["batch", jsonl, "--uitvoer", str(out)]).exit_code == 0
    rows = pq.read_table(out).to_pylist()
    assert [(r["rij"], r["huishouden"], r["gewicht"]) for r in rows[::3]] == [(1, "1", 1.0),
                                                                             (2, "2", 1.0)]


def test_schema_problems_are_all_reported_with_the_column_and_a_hint(tmp_path):
    bad = tmp_path / "bad.parquet"
    pq.write_table(pa.table({"persoonen": [1], "personen": [[{
        "id": "a", "geboortedatum": 5, "woonadress": "x"}]]}), bad)
    run = CliRunner().invoke(main, ["batch", str(bad), "--uitvoer", str(tmp_path / "o.csv")])
    assert run.exit_code == 1
    text = " ".join(run.output.split())
    assert "kolom personen.geboortedatum: fout RS392" in text and "date32" in text
    assert "kolom personen.woonadress: fout RS391" in text and "'woonadres'" in text
    assert "kolom persoonen: fout RS391" in text and "'personen'" in text
    assert not (tmp_path / "o.csv").exists()


def test_bad_rows_are_all_reported_by_row_and_json_path_before_any_work(tmp_path):
    bad = tmp_path / "bad.parquet"
    pq.write_table(pa.table({
        "personen": [[{"id": "a", "geboortedatum": "1990-13-01", "woonadres": "w1"}],
                     [{"id": "b", "geboortedatum": "1990-01-01", "woonadres": "w9"}]],
        "woningen": [[{"id": "w1"}], [{"id": "w1"}]], "gewicht": [1.0, -2.0]}), bad)
    run = CliRunner().invoke(main, ["batch", str(bad), "--datum", "2026-03-01"])
    text = " ".join(run.output.split())
    assert run.exit_code == 1 and "klaar:" not in text
    assert "bad.parquet:rij 1 $.personen.a.geboortedatum: fout RS311" in text
    assert "bad.parquet:rij 2 $.personen.b.woonadres: fout RS304" in text
    assert "bad.parquet:rij 2 $.gewicht: fout RS393" in text


def test_a_file_named_parquet_that_is_not_is_refused(tmp_path):
    fake = tmp_path / "x.parquet"
    fake.write_text('{"personen": {}}\n', encoding="utf-8")
    run = CliRunner().invoke(main, ["batch", str(fake)])
    assert run.exit_code == 1 and "RS390" in run.output
