"""The command line: main job on the bundled example, diagnostics without tracebacks."""

import json
from pathlib import Path

from click.testing import CliRunner

from rulescore.cli import main

EXAMPLE = str(Path(__file__).parents[1] / "examples" / "huishouden.json")


def invoke(*args):
    return CliRunner().invoke(main, list(args), env={"COLUMNS": "250"})


def test_evaluate_json_of_the_example_household():
    res = invoke("evaluate", EXAMPLE, "--format", "json")
    assert res.exit_code == 0, res.output
    doc = json.loads(res.output)
    # sara: kostendelersnorm A=2, € 1.001,07 minus € 333,03 netto alimentatie (PW art. 19
    # lid 2): no inkomensheffing (35,75% x 4.200 < AHK 3.115), Zvw-bijdrage 4,85% x 4.200 =
    # 203,70 (Zvw art. 43 lid 2 d), (4.200 - 203,70) / 12 = 333,025 -> 333,03
    assert doc["personen"]["sara"]["participatiewet"]["participatiewet.algemene_bijstand"]["waarde"] == "668.04"
    # household view: one dwelling, the three persons; each person's share is a stated rule
    # (besteedbaar_inkomen, hand-computed in its worked cases), the dwelling sums them exactly
    house = doc["huishoudens"]["w1"]
    assert house["personen"] == ["noor", "ruben", "sara"]
    shares = house["besteedbaar_inkomen_per_maand"]["per_persoon"]
    assert set(shares) == {"noor", "ruben", "sara"}
    assert doc["herkomst"]["begrippen"]["zorgtoeslag"]["partner"] == "awir"
    assert doc["herkomst"]["regelset"]


def test_explain_cites_articles():
    res = invoke("explain", EXAMPLE, "zorgtoeslag.zorgtoeslag", "--persoon", "ruben")
    assert res.exit_code == 0, res.output
    # the law by name (BWBR0018451 is the Wet op de zorgtoeslag), the id and link in JSON
    assert "Wet op de zorgtoeslag artikel 2 lid 2" in res.output
    assert "awir.toetsingsinkomen [ruben] = € 38.500,00 per jaar" in res.output


def test_bad_situation_renders_diagnostic_and_exits_nonzero(tmp_path):
    bad = tmp_path / "s.json"
    bad.write_text('{"personen": {"a": {"geboortedatum": "1990-13-01"}}}')
    res = invoke("evaluate", str(bad))
    assert res.exit_code == 1
    assert "$.personen.a.geboortedatum" in res.output and "Traceback" not in res.output


def test_bad_rules_file_renders_diagnostic(tmp_path):
    rules = tmp_path / "x.rules"
    rules.write_text('regeling x "X"\nuitkomst y: getal = onbekend\n')
    res = invoke("check", str(rules))
    assert res.exit_code == 1
    assert "x.rules:2:21: fout RS201: onbekende naam 'onbekend'" in res.output


def test_plugins_inputs_schema():
    res = invoke("plugins")
    assert res.exit_code == 0 and "zorgtoeslag" in res.output
    res = invoke("inputs")
    assert res.exit_code == 0 and "overig_belastbaar_inkomen" in res.output
    res = invoke("schema")
    assert res.exit_code == 0
    schema = json.loads(res.output)
    assert "geboortedatum" in schema["properties"]["personen"]["additionalProperties"]["properties"]


def _jsonl(tmp_path, docs, name="huishoudens.jsonl"):
    path = tmp_path / name
    path.write_text("\n".join(d if isinstance(d, str) else json.dumps(d) for d in docs) + "\n",
                    encoding="utf-8")
    return str(path)


def _rows(text):
    import csv
    import io
    return list(csv.DictReader(io.StringIO(text)))


def test_batch_writes_one_row_per_person_equal_to_evaluate(tmp_path):
    doc = json.loads(Path(EXAMPLE).read_text(encoding="utf-8"))
    richer = json.loads(json.dumps(doc))
    richer["personen"]["sara"]["overig_belastbaar_inkomen"] = "6.000,00"
    res = invoke("batch", _jsonl(tmp_path, [doc, richer]), "--workers", "2")
    assert res.exit_code == 0, res.output
    rows = _rows(res.stdout)
    assert [(r["regel"], r["persoon"]) for r in rows] == [
        ("1", "noor"), ("1", "ruben"), ("1", "sara"), ("2", "noor"), ("2", "ruben"), ("2", "sara")]
    # PW art. 19 lid 2: kostendelersnorm € 1.001,07 minus € 333,03 netto alimentatie
    assert rows[2]["participatiewet.algemene_bijstand (€ per maand)"] == "668.04"
    # every figure equals the reference evaluator's exact value, rounded half up to cents
    from rulescore.exact import is_number
    from rulescore.plugins import load_program
    from rulescore.batch.io import header
    from rulescore.batch.population import cents
    from rulescore.reference.results import evaluate
    from rulescore.situation import Situation

    program = load_program()
    for line, situation in ((1, doc), (2, richer)):
        result = evaluate(program, Situation.from_dict(situation, program))
        for row in (r for r in rows if r["regel"] == str(line)):
            for name in program.outputs:
                v = result.value(name, row["persoon"])
                assert is_number(v)  # every bundled outcome is an amount
                c = cents(v)
                assert row[header(program, name)] == \
                    f"{'-' if c < 0 else ''}{abs(c) // 100}.{abs(c) % 100:02d}"


def test_batch_reports_every_bad_line_and_evaluates_nothing(tmp_path):
    doc = json.loads(Path(EXAMPLE).read_text(encoding="utf-8"))
    bad_date = {"peildatum": "2026-03-01", "personen": {"x": {"geboortedatum": "1990-13-01"}}}
    res = invoke("batch", _jsonl(tmp_path, [doc, bad_date, '{"personen": ']))
    assert res.exit_code == 1
    assert "huishoudens.jsonl:2 $.personen.x.geboortedatum" in res.output
    assert "huishoudens.jsonl:3:14" in res.output and "RS301" in res.output
    assert "regel,persoon" not in res.output
    assert "Traceback" not in res.output


def test_batch_writes_what_it_can_and_names_the_line_that_failed(tmp_path):
    doc = json.loads(Path(EXAMPLE).read_text(encoding="utf-8"))
    missing = json.loads(json.dumps(doc))
    del missing["personen"]["ruben"]["bezittingen"]
    res = invoke("batch", _jsonl(tmp_path, [doc, missing]))
    assert res.exit_code == 1
    assert {r["regel"] for r in _rows(res.stdout)} == {"1"}
    assert "regel 2: ontbrekend gegeven 'bezittingen'" in res.output


def test_batch_needs_one_peildatum_and_some_households(tmp_path):
    doc = json.loads(Path(EXAMPLE).read_text(encoding="utf-8"))
    older = dict(doc, peildatum="2025-03-01")
    res = invoke("batch", _jsonl(tmp_path, [doc, older]))
    assert res.exit_code == 1 and "RS333" in res.output and "regel 2" in res.output
    res = invoke("batch", _jsonl(tmp_path, [doc, older]), "--datum", "2026-03-01")
    assert res.exit_code == 0, res.output
    res = invoke("batch", _jsonl(tmp_path, ["", "  "]))
    assert res.exit_code == 1 and "RS332" in res.output


def test_files_that_are_not_utf8_are_located_diagnostics(tmp_path):
    """Found while fuzzing the batch command: a Latin-1 or binary file was a traceback."""
    situation = tmp_path / "situatie.json"
    situation.write_bytes('{"personen": {"jos\u00e9": {}}}'.encode("latin-1"))
    rules = tmp_path / "x.rules"
    rules.write_bytes(b'regeling x "y"\n  bwb BWBR0000001\n# \xe9\n')
    for args, code, where in (
            (["evaluate", str(situation)], "RS300", "situatie.json:1:19"),
            (["batch", str(situation)], "RS300", "situatie.json:1:19"),
            (["check", str(rules)], "RS006", "x.rules:3:3"),
            (["evaluate", EXAMPLE, "--regels", str(rules)], "RS006", "x.rules:3:3")):
        res = invoke(*args)
        assert res.exit_code == 1, args
        assert code in res.output and where in res.output and "UTF-8" in res.output, res.output
        assert "Traceback" not in res.output


def test_batch_output_that_cannot_be_written_is_a_usage_error(tmp_path):
    households = tmp_path / "h.jsonl"
    households.write_text(json.dumps(json.loads(Path(EXAMPLE).read_text(encoding="utf-8")))
                          + "\n", encoding="utf-8")
    out = CliRunner().invoke(main, ["batch", str(households), "--uitvoer",
                                    str(tmp_path / "geen_map" / "uit.csv")])
    assert out.exit_code == 2
    assert "kan '" in out.output and "niet schrijven" in out.output
    assert "Traceback" not in out.output
