"""``bijdrage aan x`` and ``bijdragen`` (#18 §2): a regulation adds to the household's
besteedbaar inkomen without editing a bundled plugin; the core sums the contributions."""

import datetime as dt
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from rulescore import Population, Situation, evaluate_batch
from rulescore.batch.population import cents
from rulescore.cli import main
from rulescore.errors import RulesError
from rulescore.plugins import load_program
from rulescore.reference.results import evaluate

ROOT = Path(__file__).parents[1]
EXAMPLE = ROOT / "examples" / "huishouden.json"
TOTAL = "besteedbaar_inkomen.besteedbaar_inkomen"
OTHER = "besteedbaar_inkomen.overige_regelingen"

# A municipality's toeslag of € 25 a month for every adult (an illustration, not a
# real verordening) and a second regulation's € 10 for the same persons.
GEMEENTE = '''regeling gemeente_x "Verordening individuele inkomenstoeslag X"
  cvdr CVDR645869
  gebruikt basis
  tijdvak maand

uitkomst toeslag: bedrag per maand
  bron artikel 3
  bijdrage aan besteedbaar_inkomen.overige_regelingen
  = als leeftijd >= 18 dan € 25 per maand anders € 0 per maand
'''
FONDS = '''regeling fonds_y "Fonds Y"
  gebruikt basis, besteedbaar_inkomen
  tijdvak maand

uitkomst steun: bedrag per maand
  aanname "Een voorbeeld."
  bijdrage aan overige_regelingen
  = als leeftijd >= 18 dan € 10 per maand anders € 0 per maand
'''


def _program(tmp_path, *texts):
    paths = []
    for n, text in enumerate(texts):
        path = tmp_path / f"r{n}.rules"
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    return load_program(extra_paths=paths)


def test_every_contribution_adds_to_its_person_and_nothing_else(program, tmp_path):
    with_two = _program(tmp_path, GEMEENTE, FONDS)
    sit = Situation.from_json(EXAMPLE.read_text(encoding="utf-8"), program)
    both = (TOTAL, OTHER)
    base = evaluate(program, sit, outputs=both)
    more = evaluate(with_two, Situation.from_json(EXAMPLE.read_text(encoding="utf-8"), with_two),
                    outputs=both)
    adults = {p for p, facts in json.loads(EXAMPLE.read_text(encoding="utf-8"))["personen"].items()
              if facts["geboortedatum"] <= "2008-03-01"}  # 18 on the peildatum 2026-03-01
    assert adults == {"sara", "ruben"}
    for person in sit.persons:
        extra = 35 if person in adults else 0  # € 25 (gemeente_x) + € 10 (fonds_y)
        assert more.value(TOTAL, person) - base.value(TOTAL, person) == extra
        assert more.value(OTHER, person) == extra
        assert base.value(OTHER, person) == 0


def test_the_batch_gives_the_same_to_the_cent(tmp_path):
    prog = _program(tmp_path, GEMEENTE)
    sit = Situation.from_json(EXAMPLE.read_text(encoding="utf-8"), prog)
    batch = evaluate_batch(prog, Population.from_situations([sit], prog), dt.date(2026, 3, 1),
                           outputs=[TOTAL, OTHER])
    ref = evaluate(prog, sit, dt.date(2026, 3, 1), outputs=(TOTAL, OTHER))
    for i, person in enumerate(sorted(sit.persons)):
        for q in (TOTAL, OTHER):
            assert batch.values[q][i] == cents(ref.value(q, person)), (q, person)


def test_the_explanation_names_each_contribution(tmp_path):
    rules = tmp_path / "g.rules"
    rules.write_text(GEMEENTE, encoding="utf-8")
    res = CliRunner().invoke(main, ["explain", str(EXAMPLE), "besteedbaar_inkomen.overige_regelingen",
                                    "--persoon", "ruben", "--regels", str(rules)],
                             env={"COLUMNS": "200"})
    assert res.exit_code == 0, res.output
    assert "bijdragen" in res.output  # the formula as written
    assert "gemeente_x.toeslag" in res.output and "€ 25,00 per maand" in res.output


def _problems(tmp_path, *texts) -> str:
    with pytest.raises(RulesError) as err:
        _program(tmp_path, *texts)
    return str(err.value)


def test_a_contribution_to_nothing_or_to_a_closed_rule_is_reported(tmp_path):
    text = _problems(tmp_path, GEMEENTE.replace("besteedbaar_inkomen.overige_regelingen",
                                                "besteedbaar_inkomen.overige_regeling"))
    assert "RS580" in text and "overige_regelingen" in text  # the did-you-mean
    text = _problems(tmp_path, GEMEENTE.replace("besteedbaar_inkomen.overige_regelingen",
                                                "besteedbaar_inkomen.bijstand"))
    assert "RS581" in text and "neemt geen bijdragen" in text


def test_a_contribution_of_another_type_or_tijdvak_is_reported(tmp_path):
    text = _problems(tmp_path, GEMEENTE.replace("uitkomst toeslag: bedrag per maand",
                                                "uitkomst toeslag: bedrag per jaar").replace(
        "€ 25 per maand anders € 0 per maand", "€ 300 per jaar anders € 0 per jaar"))
    assert "RS583" in text
    text = _problems(tmp_path, GEMEENTE.replace("  tijdvak maand\n", ""))
    assert "RS584" in text and "tijdvak maand" in text


def test_the_clause_on_a_parameter_and_bijdragen_in_a_variant_are_reported(tmp_path):
    text = _problems(tmp_path, GEMEENTE + '''
parameter p: bedrag per maand
  bron artikel 4
  bijdrage aan besteedbaar_inkomen.overige_regelingen
  vanaf 1 januari 2026: € 5
''')
    assert "RS582" in text
    scenario = tmp_path / "s.scenario"
    scenario.write_text('''scenario s "S"
  status optie
  gebruikt besteedbaar_inkomen
wijzig definitie bijstand: bedrag per maand
  aanname "x"
  = bijdragen
''', encoding="utf-8")
    with pytest.raises(RulesError) as err:
        load_program(scenario=scenario)
    assert "RS585" in str(err.value)


def test_json_output_is_unchanged_without_contributions(program):
    """Without a contributing regulation the term is € 0 for everyone: the bundled results
    are what they were (the README's household: € 3.530,20 per month together)."""
    sit = Situation.from_json(EXAMPLE.read_text(encoding="utf-8"), program)
    res = evaluate(program, sit, outputs=(OTHER,))
    assert all(res.value(OTHER, p) == 0 for p in sit.persons)
    assert json.dumps(res.to_dict())  # still serialisable
