"""Exactly one version applies on every date, or the coverage report names the gap."""

import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st

from rulescore import model as m
from rulescore.coverage import applicable, gaps
from rulescore.dsl import parse
from rulescore.dsl.checker import check

START, END = dt.date(2025, 1, 1), dt.date(2026, 12, 31)


@settings(max_examples=200, deadline=None)
@given(st.dates(START, END))
def test_one_version_or_a_reported_gap(program, date):
    reported = {g.item for g in gaps(program, START, END) if g.start <= date <= g.end}
    for qual, sym in program.symbols.items():
        decl = sym.decl
        if isinstance(decl, (m.Parameter, m.Table)) or (
                isinstance(decl, m.Definition) and decl.selector is None):
            n = applicable(decl, date)
            assert n == 1 or (n == 0 and qual in reported), (qual, date, n)


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
    in our sources yet, and the huurtoeslag is encoded for the 2026 system only (every one
    of its dated amounts starts on 1 January 2026). Everything else is covered."""
    found = {(g.item, g.start, g.end) for g in gaps(program, START, END)}
    huurtoeslag_2025 = {item for item, start, end in found
                        if item.startswith("huurtoeslag.")
                        and (start, end) == (START, dt.date(2025, 12, 31))}
    huurtoeslag_params = {q for q, sym in program.symbols.items()
                          if sym.regulation == "huurtoeslag" and sym.kind == "parameter"}
    assert huurtoeslag_2025 == huurtoeslag_params
    assert found - {(q, START, dt.date(2025, 12, 31)) for q in huurtoeslag_params} == {
        ("aow.bruto_gehuwd", dt.date(2026, 7, 1), END),
        ("aow.bruto_ongehuwd", dt.date(2026, 7, 1), END),
        ("aow.vakantie_uitkering_gehuwd", dt.date(2026, 7, 1), END),
        ("aow.vakantie_uitkering_ongehuwd", dt.date(2026, 7, 1), END)}
