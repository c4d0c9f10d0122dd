"""What ``rulescore batch`` writes for people (issue #18 §2): column names with their unit,
a Dutch spreadsheet dialect, and a closing summary."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from click.testing import CliRunner

from rulescore.cli import main

EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "huishouden.json"


def households(tmp_path, n=2) -> str:
    line = json.dumps(json.loads(EXAMPLE.read_text(encoding="utf-8")))
    path = tmp_path / "h.jsonl"
    path.write_text("\n".join([line] * n) + "\n", encoding="utf-8")
    return str(path)


def test_columns_say_their_unit_and_nl_uses_semicolons_and_commas(tmp_path):
    plain = CliRunner().invoke(main, ["batch", households(tmp_path)])
    dutch = CliRunner().invoke(main, ["batch", households(tmp_path), "--nl"])
    assert plain.exit_code == dutch.exit_code == 0, plain.output
    rows = list(csv.DictReader(io.StringIO(plain.stdout)))
    nl = list(csv.DictReader(io.StringIO(dutch.stdout), delimiter=";"))
    # PW art. 19a/22a: Sara's kostendelersnorm € 1.001,07 minus her € 333,03 net (see the
    # example's toelichting) is € 668,04 a month
    column = "participatiewet.algemene_bijstand (€ per maand)"
    assert rows[2][column] == "668.04" and nl[2][column] == "668,04"
    assert "zorgtoeslag.zorgtoeslag (€ per jaar)" in rows[0]
    assert [r["persoon"] for r in nl] == [r["persoon"] for r in rows]


def test_the_summary_counts_households_persons_and_errors(tmp_path):
    path = tmp_path / "h.jsonl"
    good = json.dumps(json.loads(EXAMPLE.read_text(encoding="utf-8")))
    path.write_text(good + "\n" + good + "\n", encoding="utf-8")
    r = CliRunner().invoke(main, ["batch", str(path), "--uitvoer", str(tmp_path / "u.csv")])
    assert r.exit_code == 0, r.output
    assert "klaar: 2 huishoudens, 6 personen, 0 exact herberekend, 0 niet te berekenen" \
        in r.stderr
