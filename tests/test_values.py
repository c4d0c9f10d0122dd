"""Exact value display and the dimensions of amounts and periods."""

from fractions import Fraction

from rulescore import types as t
from rulescore.values import decimal_text, format_value, json_value


def test_amounts_display_in_dutch_notation_with_their_period():
    assert format_value(Fraction(140150, 100), t.amount("maand")) == "€ 1.401,50 per maand"
    assert format_value(Fraction(1001065, 1000), t.amount("maand")) == "€ 1.001,065 per maand"
    assert format_value(Fraction(1373, 10000), t.PERCENTAGE) == "13,73%"


def test_non_terminating_values_are_marked():
    assert decimal_text(Fraction(13, 3)) == "4.3333333333…"
    assert json_value(Fraction(-1, 8)) == "-0.125"


def test_periods_are_dimensions():
    per_day = t.amount("dag")
    days_per_month = t.number(t.Dimension.of([("dag", 1), ("maand", -1)]))
    assert (per_day.dimension * days_per_month.dimension) == t.amount("maand").dimension
    assert t.amount("maand").dimension.describe() == "bedrag per maand"
    assert not t.amount("maand").compatible(t.amount("jaar"))
