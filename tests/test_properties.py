"""Hypothesis properties over the bundled regulations (each follows from an article)."""

from hypothesis import given, settings
from hypothesis import strategies as st

from rulescore.reference.results import evaluate
from rulescore.situation import Situation


def single(income: int, date: str, program):
    return Situation.from_dict({"peildatum": date, "personen": {"a": {
        "geboortedatum": "1980-01-01", "woonadres": "w", "zorgverzekerd": True,
        "overig_belastbaar_inkomen": income, "rendementsgrondslag": 0,
        "geen": ["loon_uit_dienstbetrekking", "inkomen_box_2_en_3"]}}, "woningen": {"w": {}}}, program)


@settings(max_examples=60, deadline=None)
@given(st.integers(0, 60_000), st.integers(1, 5_000), st.sampled_from(["2025-03-01", "2026-03-01"]))
def test_more_income_never_raises_zorgtoeslag(program, income, extra, date):
    """Wzt art. 2 lid 2: the normpremie rises with the toetsingsinkomen."""
    low = evaluate(program, single(income, date, program), outputs=("zorgtoeslag.zorgtoeslag",))
    high = evaluate(program, single(income + extra, date, program), outputs=("zorgtoeslag.zorgtoeslag",))
    a, b = low.value("zorgtoeslag.zorgtoeslag", "a"), high.value("zorgtoeslag.zorgtoeslag", "a")
    assert b <= a
    assert a == 0 or a >= 24  # Awir art. 14 lid 5
    assert a.denominator == 1  # Awir art. 14 lid 4: whole euros


@settings(max_examples=40, deadline=None)
@given(st.integers(0, 4), st.integers(27, 80))
def test_kostendelersnorm_never_rises_when_a_housemate_moves_in(program, n, age):
    """PW art. 22a: (40% + A x 30%) / A decreases as A grows."""
    def norm(k):
        persons = {"a": {"geboortedatum": "1990-01-01", "woonadres": "w", "student": False}}
        for i in range(k):
            persons[f"h{i}"] = {"geboortedatum": f"{2026 - age - 1}-01-01", "woonadres": "w",
                                "student": False}
        sit = Situation.from_dict({"peildatum": "2026-06-01", "personen": persons,
                                   "woningen": {"w": {}}}, program)
        return evaluate(program, sit, outputs=("participatiewet.bijstandsnorm",)).value(
            "participatiewet.bijstandsnorm", "a")
    assert norm(n + 1) <= norm(n)
