"""Calendar arithmetic, scalar (reference) and vectorised (batch), and their agreement."""

import datetime as dt

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from rulescore.batch import dates as ops
from rulescore import calendar as cal
from rulescore.model import Duration
from rulescore.batch.population import date_to_days, days_to_date

dates = st.dates(dt.date(1900, 1, 1), dt.date(2100, 12, 31))
durations = st.builds(Duration, st.integers(0, 80), st.integers(0, 11), st.integers(0, 30))


def test_age_of_someone_born_on_29_february():
    born = dt.date(2008, 2, 29)
    assert cal.years_between(born, dt.date(2026, 2, 28)) == 17
    assert cal.years_between(born, dt.date(2026, 3, 1)) == 18


def test_adding_months_clamps_to_the_month_end():
    assert cal.add(dt.date(2026, 1, 31), Duration(months=1)) == dt.date(2026, 2, 28)
    assert cal.add(dt.date(1961, 1, 1), Duration(years=67, months=3)) == dt.date(2028, 4, 1)


def test_month_and_quarter_starts():
    assert cal.first_of_next_month(dt.date(2026, 12, 15)) == dt.date(2027, 1, 1)
    assert cal.first_of_quarter(dt.date(2026, 8, 20)) == dt.date(2026, 7, 1)
    assert cal.months_between(dt.date(2026, 1, 31), dt.date(2026, 3, 30)) == 1


@given(dates, dates)
def test_vectorised_ages_agree(a, b):
    got = ops.years_between(np.array([date_to_days(a)]), np.array([date_to_days(b)]))[0]
    assert got == cal.years_between(a, b)
    got = ops.months_between(np.array([date_to_days(a)]), np.array([date_to_days(b)]))[0]
    assert got == cal.months_between(a, b)


@given(dates, durations, st.sampled_from([1, -1]))
def test_vectorised_date_arithmetic_agrees(d, dur, sign):
    encoded = (dur.years * 12 + dur.months) * ops.DURATION_MONTH + dur.days
    got = ops.add_duration(np.array([date_to_days(d)]), np.array([encoded]), sign)[0]
    assert days_to_date(got) == cal.add(d, dur, sign)


@given(dates)
def test_vectorised_month_starts_agree(d):
    days = np.array([date_to_days(d)])
    assert days_to_date(ops.first_of_next_month(days)[0]) == cal.first_of_next_month(d)
    assert days_to_date(ops.first_of_quarter(days)[0]) == cal.first_of_quarter(d)
    assert days_to_date(ops.first_of_year(days)[0]) == cal.first_of_year(d)


def test_day_numbers_agree_with_datetime_on_every_day_1900_2100():
    first, last = date_to_days(dt.date(1900, 1, 1)), date_to_days(dt.date(2100, 12, 31))
    days = np.arange(first, last + 1)
    expected = [days_to_date(d) for d in days.tolist()]
    y, m, d = ops.ymd(days)
    assert [dt.date(*t) for t in zip(y.tolist(), m.tolist(), d.tolist())] == expected
    assert (ops.days_from_ymd(y, m, d) == days).all()
    assert [days_to_date(x) for x in ops.first_of_month(days).tolist()] == [
        e.replace(day=1) for e in expected]
    assert (ops.month_length(y, m) == [cal.first_of_next_month(e).toordinal()
                                       - e.replace(day=1).toordinal() for e in expected]).all()
