"""Calendar periods and Dutch month notation (rulescore.periods)."""

import datetime as dt

import pytest
from hypothesis import given, strategies as st

from rulescore.periods import NotAMonth, Period, month_range, parse_month


def test_containing_quarter_and_year():
    q = Period.containing("kwartaal", dt.date(2026, 5, 31))
    assert (q.start, q.end, q.kind, q.label()) == (dt.date(2026, 4, 1), dt.date(2026, 7, 1),
                                                   "kwartaal", "2026-K2")
    y = Period.containing("jaar", dt.date(2026, 12, 31))
    assert (y.start, y.end, y.label()) == (dt.date(2026, 1, 1), dt.date(2027, 1, 1), "2026")


def test_months_of_a_year_and_shift_over_the_year_boundary():
    months = Period.containing("jaar", dt.date(2025, 6, 1)).months()
    assert [m.label() for m in months][:2] == ["2025-01", "2025-02"] and len(months) == 12
    assert Period.containing("maand", dt.date(2026, 1, 15)).shifted(-1).label() == "2025-12"
    assert Period.containing("kwartaal", dt.date(2026, 11, 1)).shifted(1).label() == "2027-K1"


@pytest.mark.parametrize("text,label", [("2026-03", "2026-03"), ("maart 2026", "2026-03"),
                                        (" December 2025 ", "2025-12")])
def test_parse_month(text, label):
    assert parse_month(text).label() == label


@pytest.mark.parametrize("text", ["2026-13", "2026-00", "maand 2026", "2026-3", "03-2026", ""])
def test_parse_month_refuses(text):
    with pytest.raises(NotAMonth):
        parse_month(text)


def test_month_range_inclusive():
    r = month_range(parse_month("2025-11"), parse_month("2026-02"))
    assert [m.label() for m in r] == ["2025-11", "2025-12", "2026-01", "2026-02"]
    assert month_range(parse_month("2026-02"), parse_month("2026-01")) == ()


@given(st.dates(min_value=dt.date(2, 1, 1), max_value=dt.date(9998, 12, 31)),
       st.sampled_from(["maand", "kwartaal", "jaar"]))
def test_a_period_contains_its_day_and_tiles_its_year(day, kind):
    p = Period.containing(kind, day)
    assert p.contains(day) and not p.contains(p.end) and p.start.day == 1
    assert p.months()[0].start == p.start and p.months()[-1].end == p.end
    assert p.within("jaar").contains(p.start) and p.shifted(1).start == p.end
