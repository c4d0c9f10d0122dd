"""parse(print(model)) == model, for the bundled rules and for generated expressions."""

import datetime as dt
from fractions import Fraction
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rulescore import model as m
from rulescore.dsl import parse
from rulescore.dsl.printer import expr as print_expr
from rulescore.dsl.printer import print_regulation

ROOT = Path(__file__).parents[1]
RULES = sorted((ROOT / "plugins").glob("*/*.rules"))


@pytest.mark.parametrize("path", RULES, ids=[p.parent.name for p in RULES])
def test_bundled_rules_round_trip(path):
    model = parse(path.read_text(encoding="utf-8"), str(path))
    assert parse(print_regulation(model), "printed") == model


decimals = st.builds(lambda n, k: Fraction(n, 10 ** k), st.integers(0, 10 ** 7), st.integers(0, 3))
names = st.sampled_from(["inkomen", "norm_b", "x1", "awir.toetsingsinkomen", "p.leeftijd"])
periods = st.sampled_from([None, "dag", "maand", "kwartaal", "jaar"])
literals = st.one_of(
    st.builds(lambda v: m.Literal(v, "getal"), decimals),
    st.builds(lambda v, p: m.Literal(v, "bedrag", p), decimals, periods),
    st.builds(lambda v: m.Literal(v / 100, "percentage"), decimals),
    st.builds(lambda v, a, b: m.Literal(v, "omrekenfactor", (a, b)), decimals,
              st.sampled_from(["dagen", "maanden"]), st.sampled_from(["maand", "jaar"])),
    st.builds(lambda d: m.Literal(d, "datum"), st.dates(dt.date(1900, 1, 1), dt.date(2100, 1, 1))),
    st.builds(lambda b: m.Literal(b, "ja/nee"), st.booleans()),
    st.builds(lambda y, mo: m.Literal(m.Duration(y, mo), "duur"), st.integers(1, 99), st.integers(1, 11)),
)
atoms = st.one_of(literals, st.builds(lambda n: m.Ref(tuple(n.split("."))), names),
                  st.just(m.Subject()), st.just(m.EvalDate()))


def _compound(children):
    ops = st.sampled_from(["+", "-", "*", "/", "<", "<=", "=", "!=", "en", "of"])
    return st.one_of(
        st.builds(m.Binary, ops, children, children),
        st.builds(m.Unary, st.sampled_from(["niet", "-"]), children),
        st.builds(m.If, children, children, children),
        st.builds(m.Round, children, st.sampled_from(["centen", "euros"]),
                  st.sampled_from(["half_up", "down", "up"])),
        st.builds(lambda f, args: m.Call(m.Ref((f,)), tuple(args)),
                  st.sampled_from(["max", "min", "tabel_x"]), st.lists(children, min_size=1, max_size=3)),
        st.builds(m.Filter, st.just("p"), children, children),
        st.builds(lambda s: m.Aggregate("aantal", None, s, None), children),
        st.builds(m.Aggregate, st.sampled_from(["som", "alle", "enige"]), st.just("q"), children, children),
        # period expressions (#14)
        st.builds(m.InPeriod, children, st.sampled_from(["maand", "kwartaal", "jaar"]),
                  st.sampled_from([0, -1])),
        st.builds(m.OnDate, children, st.one_of(
            st.builds(m.DayOfYear, st.integers(1, 28), st.integers(1, 12)),
            st.builds(m.PeriodStart, st.sampled_from(["maand", "kwartaal", "jaar"])),
            st.builds(m.DayOfMonth, st.integers(1, 31), st.sampled_from([0, -1])), atoms)),
        st.builds(m.OverMonths, st.sampled_from(["som", "gemiddelde"]), children,
                  st.sampled_from(["kwartaal", "jaar"]), st.booleans()),
        st.builds(m.MonthsWhere, st.sampled_from(["aantal", "aandeel", "eerste"]),
                  st.sampled_from(["kwartaal", "jaar"]), children),
        st.builds(m.SteadyState, children, st.sampled_from(["kwartaal", "jaar"]),
                  st.sampled_from(["maand", "kwartaal"])),
    )


expressions = st.recursive(atoms, _compound, max_leaves=12)


@settings(max_examples=300, deadline=None)
@given(expressions)
def test_generated_expressions_round_trip(e):
    text = f'regeling t "T"\ndefinitie x: getal = {print_expr(e)}\n'
    parsed = parse(text, "t.rules")
    assert parsed.items[0].versions[0].body == e


def test_scenario_round_trips():
    path = ROOT / "examples" / "scenarios" / "awir_partner_overal.scenario"
    model = parse(path.read_text(encoding="utf-8"), str(path))
    assert model.is_scenario and parse(print_regulation(model), "printed") == model
