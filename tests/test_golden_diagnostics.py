"""Every bad input in tests/golden renders exactly as its .expected file.

* ``X.bad``: rules text that must fail to check (``--- bestand naam`` starts another file);
* ``X.bad`` + ``X.json``: rules that check, and a situation that must fail to load or evaluate;
* ``X.json`` alone: a situation that must fail against the bundled regulations.

Regenerate after an intended wording change with ``RULESCORE_REGOLD=1 pytest``;
then read every changed .expected file before committing it.
"""

import os
import re
from pathlib import Path

import pytest

from rulescore.dsl import parse
from rulescore.dsl.checker import check
from rulescore.errors import RulesError
from rulescore.reference.results import evaluate
from rulescore.situation import Situation

GOLDEN = Path(__file__).parent / "golden"
CASES = sorted({p.name.split(".")[0] for p in GOLDEN.iterdir() if p.suffix in (".bad", ".json")})

#: Codes that no file can provoke, with where they are tested instead.
NOT_GOLDEN = {
    "RS299": "a warning unless check --streng (the check passes): tests/test_citations.py",
    "RS540": "a person outside the period read, only over a range: tests/test_ranges.py",
    "RS541": "an empty range (--tot before --van): tests/test_ranges.py",
    "RS542": "a range of more than 120 months: tests/test_ranges.py",
    "RS104": "two plugins offering one function: tests/test_plugins.py",
    "RS345": "half a surrogate pair in a situation: tests/test_hardening_review.py",
    "RS346": "a 101-character person id: tests/test_hardening_review.py",
    "RS105": "a regulation given as a scenario: tests/test_concepts.py",
    "RS007": "a damaged or altered parse-cache entry (a warning): tests/test_parse_cache.py",
    "RS008": "a parse-cache directory others can write (a warning): tests/test_parse_cache.py",
    "RS009": "a parse cache that cannot be written (a warning): tests/test_hardening_text.py",
    "RS110": "RULESCORE_PLUGINS naming no installed plugin: tests/test_hardening_text.py",
    "RS111": "RULESCORE_PLUGINS naming nothing: tests/test_hardening_text.py",
    "RS300": "an unreadable or non-UTF-8 situation file: tests/test_cli.py",
    "RS330": "explain of an unknown definition: tests/test_cli.py",
    "RS331": "explain for an unknown person: tests/test_cli.py",
    "RS335": "explain --pad of a name not in the explanation: tests/test_focus.py",
    "RS332": "a households file without households: tests/test_cli.py",
    "RS333": "households with different peildata: tests/test_cli.py",
    "RS006": "a rules file that is not UTF-8: tests/test_cli.py",
    "RS282": "5 000 definitions (a slow file): tests/test_hardening_numbers.py",
    "RS283": "a 500 000-byte rules file: tests/test_hardening_numbers.py",
    "RS410": "rulescore batch only: tests/test_hardening_numbers.py",
    "RS412": "two million iterations (seconds): tests/test_hardening_numbers.py",
    "RS370": "batch output that cannot be written: tests/test_hardening_faults.py",
    "RS371": "a batch run interrupted by a signal: tests/test_hardening_faults.py",
    "RS372": "a batch worker that died: tests/test_hardening_faults.py",
    "RS380": "rulescore werkloont, a bad grid: tests/test_werkloont.py",
    "RS381": "rulescore werkloont, an unknown person: tests/test_werkloont.py",
    "RS383": "rulescore werkloont --baan at the current wage: tests/test_werkloont.py",
    "RS384": "rulescore werkloont --punt outside the grid: tests/test_werkloont.py",
    "RS334": "rulescore inputs of an unknown regulation: tests/test_serve.py, test_cli.py",
    "RS600": "the web service, an unknown parameter or method: tests/test_serve.py",
    "RS601": "the web service, a bad parameter: tests/test_serve.py",
    "RS602": "the web service, a body that is empty or not UTF-8: tests/test_serve.py",
    "RS603": "the web service, an unknown scenario: tests/test_serve.py",
    "RS604": "the web service, an unknown address: tests/test_serve.py",
    "RS605": "the web service, a request over the time limit: tests/test_serve.py",
    "RS606": "the web service, a full queue: tests/test_serve.py",
    "RS607": "the web service, a body over the size bound: tests/test_serve.py",
    "RS699": "the web service, an internal error: tests/test_serve.py",
    "RS298": "a scenario's status, which a golden case (regulations only) cannot hold: "
             "tests/test_scenario_status.py",
    "RS390": "a Parquet households file: tests/test_batch_parquet.py",
    "RS391": "a Parquet households file: tests/test_batch_parquet.py",
    "RS392": "a Parquet households file: tests/test_batch_parquet.py",
    "RS393": "a Parquet households file: tests/test_batch_parquet.py",
    "RS394": "a targets file of rulescore populatie: tests/test_population.py",
    "RS395": "targets that cannot be met: tests/test_population.py",
    "RS396": "a budget lines file of rulescore impact: tests/test_impact.py",
    "RS700": "rulescore uitfasering, a regulation without a profile: tests/test_runoff.py",
    "RS701": "rulescore uitfasering, a bad population file: tests/test_runoff.py",
    "RS702": "rulescore uitfasering, a bad mortality table: tests/test_runoff.py",
    "RS703": "rulescore uitfasering, a bad percentage: tests/test_runoff.py",
    "RS289": "rulescore overgang or a program for an option the scenario lacks: "
             "tests/test_overgang.py",
    "RS276": "a scenario's schaf … af: tests/test_abolition.py",
    "RS277": "a scenario's schaf … af: tests/test_abolition.py",
    "RS278": "a warning of a scenario's schaf … af: tests/test_abolition.py",
    "RS585": "bijdragen in a scenario's changed rule, which a golden case (regulations "
             "only) cannot hold: tests/test_contributions.py",
}


def _rules(path: Path):
    parts = re.split(r"^--- bestand (\S+)\n", path.read_text(encoding="utf-8"), flags=re.M)
    files = [(path.name, parts[0])] + list(zip(parts[1::2], parts[2::2]))
    return [parse(text, name) for name, text in files]


def _render(name: str, program) -> str:
    bad, situation = GOLDEN / f"{name}.bad", GOLDEN / f"{name}.json"
    with pytest.raises(RulesError) as info:
        if bad.exists():
            program = check(_rules(bad))
        if situation.exists():
            sit = Situation.from_json(situation.read_text(encoding="utf-8"), program,
                                      source=situation.name)
            evaluate(program, sit)
    return info.value.render() + "\n"


@pytest.mark.parametrize("name", CASES)
def test_golden(name, program):
    rendered = _render(name, program)
    expected = GOLDEN / f"{name}.expected"
    if os.environ.get("RULESCORE_REGOLD"):
        expected.write_text(rendered, encoding="utf-8")
    assert rendered == expected.read_text(encoding="utf-8")


def test_every_diagnostic_has_a_golden_case():
    documented = set(re.findall(r"^(RS\d{3})$", (GOLDEN.parents[1] / "docs" / "diagnostics.rst")
                                .read_text(encoding="utf-8"), re.M))
    covered = set()
    for path in GOLDEN.glob("*.expected"):
        covered |= set(re.findall(r"fout (RS\d{3})", path.read_text(encoding="utf-8")))
    assert documented - covered - set(NOT_GOLDEN) == set()
