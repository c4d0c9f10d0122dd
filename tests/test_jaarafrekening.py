"""The inkomstenbelasting after the year (Wet IB 2001 art. 9.2, 9.4): the aanslag over the real
income against the loonheffing withheld month by month (Wet LB art. 25 lid 1), the teruggaaf
or the amount to pay, on the payment calendar; Daan by hand and properties."""

import datetime as dt
from fractions import Fraction as F
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from rulescore.payments import payment_calendar
from rulescore.periods import Period, parse_month as M
from rulescore.reference.ranges import evaluate_range
from rulescore.situation import Situation

EXAMPLE = Path(__file__).parent.parent / "examples" / "baan_vanaf_juli.json"
IB = "inkomstenbelasting."
YEAR = Period(dt.date(2026, 1, 1), 12)
OUTPUTS = tuple(IB + q for q in ("ingehouden_loonheffing", "inkomensheffing",
                                 "teruggaaf_inkomstenbelasting", "te_betalen_inkomstenbelasting"))


def year_of(program, sit) -> dict:
    values = evaluate_range(program, sit, M("2026-01"), M("2026-12"), outputs=OUTPUTS).values
    return {q[len(IB):]: v for (q, _, p), v in values.items() if p == YEAR}


def test_daan_gets_812_56_back_on_1_july_2027(program):
    """Daan (examples/baan_vanaf_juli.json): € 2.500 a month from July. Each month from July the
    loonheffing is the tax of a year like July (€ 30.000: 10.725 − AHK 3.098,10928 − AK
    5.381,0225 = 2.245,86822) / 12 = 187,155685 (Wet LB art. 25 lid 1; Wet IB art. 2.10, 8.10,
    8.11); six months 1.122,93411. The aanslag over the real € 15.000 (art. 3.146): 5.362,50 −
    3.115 − 1.937,12315 = 310,37685. 812,55726 more than € 18 (art. 9.4 lid 5): € 812,56 back."""
    sit = Situation.from_json(EXAMPLE.read_text(encoding="utf-8"), program)
    v = year_of(program, sit)
    assert v["ingehouden_loonheffing"] == F("1122.93411")
    assert v["inkomensheffing"] == F("310.37685")
    assert v["teruggaaf_inkomstenbelasting"] == F("812.56")
    assert v["te_betalen_inkomstenbelasting"] == 0
    cal = payment_calendar(program, sit, 2027)
    assert [(p.day, p.amount) for p in cal.payments
            if p.qualname == IB + "teruggaaf_inkomstenbelasting"] == [
        (dt.date(2027, 7, 1), F("812.56"))]


def person(wage, other=0):
    return {"geboortedatum": "1990-05-01", "woonadres": "w1", "loon_uit_dienstbetrekking": wage,
            "overig_belastbaar_inkomen": other}


def situation(program, facts):
    return Situation.from_dict({"peildatum": "2026-01-01", "van": "2026-01", "tot": "2026-12",
                                "personen": {"p": facts}, "woningen": {"w1": {}}}, program)


@settings(max_examples=12, deadline=None)
@given(cents=st.integers(0, 1_500_000))
def test_the_same_wage_all_year_settles_with_nothing(program, cents):
    """A constant wage: every month's herleiding is the real year, so the loonheffing withheld
    is the aanslag and nothing is refunded or paid (issue #14 §5: a correct advance settles
    with 0)."""
    v = year_of(program, situation(program, person(f"{cents // 100}.{cents % 100:02d}")))
    assert v["ingehouden_loonheffing"] == v["inkomensheffing"]
    assert v["teruggaaf_inkomstenbelasting"] == v["te_betalen_inkomstenbelasting"] == 0


@settings(max_examples=12, deadline=None)
@given(before=st.integers(0, 8000), after=st.integers(0, 8000), change=st.integers(2, 12))
def test_settlement_is_the_difference_and_never_both(program, before, after, change):
    """A wage that changes in some month: what is refunded minus what is paid is the
    loonheffing minus the aanslag, to the cent, except a refund of € 18 or less (art. 9.4
    lid 5); never both."""
    wage = [{"tot": f"2026-{change:02d}", "waarde": before},
            {"vanaf": f"2026-{change:02d}", "waarde": after}]
    v = year_of(program, situation(program, person(wage)))
    back, pay = v["teruggaaf_inkomstenbelasting"], v["te_betalen_inkomstenbelasting"]
    diff = v["ingehouden_loonheffing"] - v["inkomensheffing"]
    assert back == 0 or pay == 0
    if diff > 18:
        assert abs(back - diff) <= F(1, 200) and pay == 0
    elif diff >= 0:
        assert back == 0 and pay == 0
    else:
        assert abs(pay + diff) <= F(1, 200) and back == 0
