"""``waarden doorgetrokken tot D`` in a scenario: a parameter or table whose values end
before D keeps its last value until D, a named assumption; what the regulations or the
scenario give themselves is unchanged.

The figures are the bundled regulations' own: AOW art. 9 lid 1, bruto ouderdomspensioen
ongehuwde € 1.637,57 per month from 1 January 2026 until 1 July 2026 (plugins/aow); the
kinderbijslag per kind of art. 12 for a child under 6, € 298,40 per quarter from 1 July
2026 until 1 January 2027 (plugins/kinderbijslag).
"""

from __future__ import annotations

import datetime as dt
from fractions import Fraction

import pytest
from hypothesis import given, settings, strategies as st

from rulescore.dated import dated_on, parameter_value
from rulescore.errors import RulesError
from rulescore.plugins import load_program

CARRY = ('scenario door "Doorgetrokken"\n'
         "{changes}"
         "waarden doorgetrokken tot 1 januari 2030\n"
         '  aanname "Geen indexatie: de laatst bekende waarde blijft gelden."\n')


def program(tmp_path, changes: str = ""):
    path = tmp_path / "door.scenario"
    path.write_text(CARRY.format(changes=changes), encoding="utf-8")
    return load_program(scenario=str(path))


@pytest.fixture(scope="module")
def carried(tmp_path_factory):
    return program(tmp_path_factory.mktemp("door"))


@pytest.fixture(scope="module")
def own():
    return load_program()


def test_the_last_value_holds_until_the_date_with_the_assumption(carried):
    # AOW art. 9 lid 1: € 1.637,57 ends on 1 July 2026; held until 1 January 2030
    bruto = carried.symbols["aow.bruto_ongehuwd"].decl
    held = parameter_value(bruto, dt.date(2029, 12, 31))
    assert held.value.value == Fraction("1637.57")
    assert held.aanname.startswith("scenario door: waarde doorgetrokken tot 2030-01-01")
    assert "Geen indexatie" in held.aanname
    assert parameter_value(bruto, dt.date(2030, 1, 1)) is None  # not beyond the date


def test_a_table_is_held_as_well(carried):
    # Kinderbijslag art. 12: the version of 1 July 2026 (€ 298,40 under 6) ends 1 January 2027
    table = carried.symbols["kinderbijslag.kinderbijslag_per_kind"].decl
    version = dated_on(table.versions, dt.date(2028, 4, 1))
    assert version.rows[0].value.value == Fraction("298.40")
    assert "scenario door" in version.aanname


def test_open_ended_values_and_a_later_scenario_value_are_unchanged(tmp_path, own):
    # AOW art. 13 lid 1: 2% per onverzekerd jaar, open-ended: nothing to hold. A scenario
    # value of € 1.650 from 1 July 2026 until 1 January 2027 is the last value: it is held.
    change = ("wijzig parameter aow.bruto_ongehuwd\n  aanname \"voorstel\"\n"
              "  vanaf 1 juli 2026 tot 1 januari 2027: € 1.650\n")
    prog = program(tmp_path, change)
    assert (prog.symbols["aow.korting_per_onverzekerd_jaar"].decl
            == own.symbols["aow.korting_per_onverzekerd_jaar"].decl)
    bruto = prog.symbols["aow.bruto_ongehuwd"].decl
    assert parameter_value(bruto, dt.date(2026, 3, 1)).value.value == Fraction("1637.57")
    assert parameter_value(bruto, dt.date(2026, 9, 1)).value.value == 1650
    assert parameter_value(bruto, dt.date(2028, 1, 1)).value.value == 1650


@settings(max_examples=40, deadline=None)
@given(st.dates(dt.date(2025, 1, 1), dt.date(2029, 12, 31)))
def test_before_the_end_nothing_changes_after_it_the_last_value_holds(carried, own, day):
    for name in ("aow.bruto_ongehuwd", "aow.bruto_gehuwd", "participatiewet.norm_21_alleenstaande"):
        mine, theirs = carried.symbols[name].decl, own.symbols[name].decl
        last = max(theirs.values, key=lambda v: v.vanaf)
        got = parameter_value(mine, day)
        if parameter_value(theirs, day) is not None:
            assert got.value == parameter_value(theirs, day).value
        else:
            assert day >= last.tot and got.value == last.value


def test_a_carry_forward_without_grounds_is_rs273(tmp_path):
    path = tmp_path / "s.scenario"
    path.write_text('scenario s "S"\nwaarden doorgetrokken tot 1 januari 2030\n'
                    '  toelichting "Zonder grond."\n', encoding="utf-8")
    with pytest.raises(RulesError) as exc:
        load_program(scenario=str(path))
    assert "RS273" in exc.value.render() and "waarden doorgetrokken" in exc.value.render()
