"""Exactly one version applies on every date, or the coverage report names the gap."""

import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st

from rulescore import model as m
from rulescore.coverage import applicable, gaps, reachable
from rulescore.dsl import parse
from rulescore.dsl.checker import check

START, END = dt.date(2025, 1, 1), dt.date(2026, 12, 31)


@settings(max_examples=200, deadline=None)
@given(st.dates(START, END))
def test_one_version_or_a_reported_gap(program, date):
    """Every item has one version on the date, or it has none and is either reported or
    not needed then (only another date's version of a rule reads it)."""
    reported = {g.item for g in gaps(program, START, END) if g.start <= date <= g.end}
    needed = reachable(program, date)
    for qual, sym in program.symbols.items():
        decl = sym.decl
        if isinstance(decl, (m.Parameter, m.Table)) or (
                isinstance(decl, m.Definition) and decl.selector is None):
            n = applicable(decl, date)
            assert n == 1 or (n == 0 and (qual in reported or qual not in needed)), \
                (qual, date, n)
            assert not (qual in reported and qual not in needed), (qual, date)


def test_gaps_are_reported_with_their_dates():
    program = check([parse("""regeling t "T"
parameter p: getal
  vanaf 1 juli 2025: 1
definitie d: getal
  versie vanaf 1 januari 2025 tot 1 maart 2026 = 1
""", "t.rules")])
    found = {(g.item, g.start, g.end) for g in gaps(program, START, END)}
    assert found == {("t.p", START, dt.date(2025, 6, 30)),
                     ("t.d", dt.date(2026, 3, 1), END)}


def test_bundled_rules_cover_2025_and_2026_except_known_gaps(program):
    """Known gaps: the AOW amounts (pension and vakantie-uitkering) per 2026-07-01 are not
    in our sources yet. The huurtoeslag's two systems leave no gap: the 2025 normhuur
    parameters (art. 18) are read only by the 2025 version of the normhuur, the 2026
    afbouw percentages only by the 2026 version of the afbouw."""
    found = {(g.item, g.start, g.end) for g in gaps(program, START, END)}
    assert found == {
        ("aow.bruto_gehuwd", dt.date(2026, 7, 1), END),
        ("aow.bruto_ongehuwd", dt.date(2026, 7, 1), END),
        ("aow.vakantie_uitkering_gehuwd", dt.date(2026, 7, 1), END),
        ("aow.vakantie_uitkering_ongehuwd", dt.date(2026, 7, 1), END)}
    assert "huurtoeslag.referentie_inkomensijkpunt_eenpersoons" in reachable(program, START)
    assert "huurtoeslag.referentie_inkomensijkpunt_eenpersoons" not in reachable(program, END)
    assert "huurtoeslag.afbouwpercentage_eenpersoons" in reachable(program, END)


def test_a_value_counts_only_where_a_version_that_reads_it_applies():
    """``oud`` is read only by the version of ``d`` before 2026: its missing 2026 value is
    no gap. ``nieuw`` is read from 2026 and lacks a value in March: that is one."""
    program = check([parse("""regeling t "T"
parameter oud: getal
  vanaf 1 januari 2025 tot 1 januari 2026: 1
parameter nieuw: getal
  vanaf 1 januari 2025 tot 1 maart 2026: 2
  vanaf 1 april 2026: 3
uitkomst d: getal
  versie tot 1 januari 2026 = oud
  versie vanaf 1 januari 2026 = nieuw
""", "t.rules")])
    found = {(g.item, g.start, g.end) for g in gaps(program, START, END)}
    assert found == {("t.nieuw", dt.date(2026, 3, 1), dt.date(2026, 3, 31))}
    assert reachable(program, dt.date(2025, 6, 1)) == {"t.d", "t.oud"}
    assert reachable(program, dt.date(2026, 6, 1)) == {"t.d", "t.nieuw"}
