"""Regression tests for what an adversarial review found after the hardening landed.

Each test is a reproducer that failed on the merged hardening (commit 6c82803): a loss
that paid out bijstand, Rich emoji codes in data, half a surrogate pair in an id, a full
disk on standard output, ``--uitvoer`` onto a device or pipe, a reversed ``--dekking``,
an RS410 message that rewrote names, and ids of any length.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from rulescore import load_program
from rulescore.cli import main
from rulescore.errors import RulesError
from rulescore.reference.results import evaluate
from rulescore.situation import Situation

EXAMPLE = Path(__file__).parents[1] / "examples" / "huishouden.json"


def invoke(*args):
    return CliRunner().invoke(main, [str(a) for a in args], env={"COLUMNS": "200"})


@pytest.fixture(scope="module")
def program():
    return load_program()


def _single(**facts) -> dict:
    """A woman of 35 living alone in 2026, no income unless given (cf. the worked case
    'Alleenstaande van 35 zonder inkomen, 2026' in participatiewet.rules)."""
    person = {"geboortedatum": "1990-05-01", "woonadres": "w1", "student": False,
              "zorgverzekerd": True, "overige_netto_middelen": 0, "bezittingen": 2000,
              "schulden": 0, "rendementsgrondslag": 0, "onverzekerde_jaren": 0,
              "geen": ["loon_uit_dienstbetrekking", "overig_belastbaar_inkomen",
                       "inkomen_box_2_en_3"]}
    person.update(facts)
    return {"peildatum": "2026-01-01", "personen": {"sara": person}, "woningen": {"w1": {}},
            "relaties": []}


def test_a_loss_does_not_raise_bijstand_above_the_norm(program):
    """PW art. 19 lid 1 and 31 lid 1: bijstand is the norm less the middelen a person
    *beschikt over*; a loss of € 100.000 in the other taxable income is no middel. The
    alleenstaandennorm of art. 21 onderdeel a is € 1.401,50 per maand on 2026-01-01 (the
    bundled worked case); with the loss the bijstand is that norm, not € 9.734,83 (the
    norm plus 100 000 / 12 of negative net income, as it was)."""
    doc = _single(overig_belastbaar_inkomen=-100000)
    doc["personen"]["sara"]["geen"].remove("overig_belastbaar_inkomen")
    result = evaluate(program, Situation.from_dict(doc, program))
    assert result.value("participatiewet.algemene_bijstand", "sara") == 140150 / 100


def test_a_negative_overige_netto_middelen_is_refused(program):
    with pytest.raises(RulesError) as info:
        Situation.from_dict(_single(overige_netto_middelen=-100000), program)
    assert [(d.code, d.path) for d in info.value.diagnostics] == [
        ("RS350", "$.personen.sara.overige_netto_middelen")]


def _renamed(tmp_path, new_id: str) -> Path:
    doc = json.loads(EXAMPLE.read_text(encoding="utf-8"))
    doc["personen"][new_id] = doc["personen"].pop("sara")
    for rel in doc["relaties"]:
        rel["personen"] = [new_id if p == "sara" else p for p in rel["personen"]]
    path = tmp_path / "s.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    return path


def test_emoji_codes_in_data_are_shown_as_written(tmp_path):
    path = _renamed(tmp_path, ":smile:")
    out = invoke("explain", path, "zorgtoeslag.zorgtoeslag", "--persoon", ":smile:").output
    assert ":smile:" in out and "\N{SMILING FACE WITH OPEN MOUTH AND SMILING EYES}" not in out
    out = invoke("evaluate", path).output
    assert ":smile:" in out and "\N{SMILING FACE WITH OPEN MOUTH AND SMILING EYES}" not in out


def test_a_location_on_line_100_is_not_an_emoji(tmp_path):
    rules = tmp_path / "honderd.rules"
    rules.write_text('regeling honderd "Honderd"\n' + "\n" * 98
                     + "uitkomst x: bedrag per jaar bron artikel 1 = onbekend_ding\n",
                     encoding="utf-8")
    out = invoke("check", rules).output
    assert "honderd.rules:100:" in out and "\N{HUNDRED POINTS SYMBOL}" not in out


def test_half_a_surrogate_pair_is_a_diagnostic_not_a_traceback(tmp_path):
    text = EXAMPLE.read_text(encoding="utf-8").replace('"sara"', '"sa\\ud800ra"')
    path = tmp_path / "s.json"
    path.write_text(text, encoding="utf-8")
    result = invoke("evaluate", path)
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert "RS345" in result.output and "$.personen.sa?ra" in result.output
    line = json.dumps(json.loads(EXAMPLE.read_text(encoding="utf-8")))
    jsonl = tmp_path / "h.jsonl"
    jsonl.write_text(line.replace('"sara"', '"sa\\udc00ra"') + "\n", encoding="utf-8")
    result = invoke("batch", jsonl)
    assert result.exit_code == 1 and "RS345" in result.output


def test_a_valid_surrogate_pair_is_a_character(program):
    text = EXAMPLE.read_text(encoding="utf-8").replace('"sara"', '"sara\\ud83d\\ude00"')
    situation = Situation.from_json(text, program)
    assert "sara\N{GRINNING FACE}" in situation.persons


@pytest.mark.parametrize("command", [["evaluate", str(EXAMPLE)], ["schema"], ["check"]])
def test_a_full_disk_on_standard_output_is_a_diagnostic(command):
    with open("/dev/full", "w") as full:
        proc = subprocess.run([sys.executable, "-c", "from rulescore.cli import main; main()",
                               *command], stdout=full,
                              stderr=subprocess.PIPE, text=True, timeout=120,
                              env={**os.environ, "COLUMNS": "120"})
    assert proc.returncode == 1
    assert "fout RS370" in proc.stderr and "Traceback" not in proc.stderr


def test_uitvoer_onto_a_pipe_is_refused_and_the_pipe_stays(tmp_path):
    fifo = tmp_path / "pijp"
    os.mkfifo(fifo)
    line = json.dumps(json.loads(EXAMPLE.read_text(encoding="utf-8")))
    jsonl = tmp_path / "h.jsonl"
    jsonl.write_text(line + "\n", encoding="utf-8")
    result = invoke("batch", jsonl, "--uitvoer", fifo)
    assert result.exit_code == 2 and "geen gewoon bestand" in result.output
    assert fifo.is_fifo()


@pytest.mark.parametrize("span, fragment", [("9999-12-31:0001-01-01", "de periode is leeg"),
                                            ("2025-01-01", "VAN:TOT"),
                                            ("2025-01-01:10000-01-01", "geen datum")])
def test_a_bad_dekking_is_a_usage_error_before_the_check(span, fragment):
    result = invoke("check", "--dekking", span)
    assert result.exit_code == 2 and fragment in result.output
    assert "ok:" not in result.output


def test_rs410_names_the_outcome_as_it_is(program):
    from rulescore.batch.run import _beyond_cents

    exc = _beyond_cents("besteedbaar_inkomen.besteedbaar_inkomen", "sara_1", 10**30, program)
    message = exc.diagnostics[0].message
    assert "besteedbaar_inkomen.besteedbaar_inkomen voor sara_1" in message
    assert "92.233.720.368.547.758" in message


def test_ids_longer_than_the_bound_are_refused(program):
    doc = _single()
    doc["personen"] = {"x" * 101: doc["personen"]["sara"]}
    with pytest.raises(RulesError) as info:
        Situation.from_dict(doc, program)
    assert "RS346" in {d.code for d in info.value.diagnostics}
    doc["personen"] = {"x" * 100: doc["personen"]["x" * 101]}
    Situation.from_dict(doc, program)  # at the bound: accepted


def test_a_cache_warning_reads_as_a_diagnostic_not_a_python_warning(tmp_path):
    shared = tmp_path / "gedeeld"
    shared.mkdir()
    shared.chmod(0o777)
    proc = subprocess.run([sys.executable, "-c", "from rulescore.cli import main; main()",
                           "check"], capture_output=True, text=True, timeout=120,
                          env={**os.environ, "RULESCORE_CACHE_DIR": str(shared)})
    assert proc.returncode == 0
    assert proc.stderr.startswith("waarschuwing RS008: ")
    assert "RuntimeWarning" not in proc.stderr and "cached_parse" not in proc.stderr
