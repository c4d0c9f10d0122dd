"""The 2025 huurtoeslag against a table published in January 2025.

Metro (metronieuws.nl, "Zoveel huurtoeslag ontvang je in 2025 per inkomen", January 2025;
reprinted by nosnews.nl) lists the 2025 huurtoeslag per month for one tenant of 27,
living alone, with a kale huur of € 900 and no servicekosten, at sixteen incomes. The
amounts are whole euros, rounded down. It is a third-party table, not the law: it checks
the parts of the rules that rest on figures we could not read in a statute — the
minimum-inkomensijkpunt (€ 22.700), the factors a and b derived as Wht art. 19 lid 2
prescribes, and the basishuur (normhuur + € 0 − € 37,14). Our yearly amount is twelve
times the monthly one, rounded to whole euros (Awir art. 14 lid 4), so a monthly amount
in [published, published + 1) gives a yearly one in [12 × published, 12 × published + 12].
"""

import pytest

from rulescore.plugins import load_program
from rulescore.reference.results import evaluate
from rulescore.situation import Situation

PROGRAM = load_program()

PUBLISHED = [(22_000, 498), (23_500, 482), (25_000, 449), (26_500, 414), (28_000, 378),
             (29_500, 339), (31_000, 299), (32_500, 257), (34_000, 215), (35_500, 185),
             (37_000, 153), (39_500, 98), (41_000, 72), (43_500, 35), (45_000, 11),
             (46_500, 0)]


def yearly(income: int, date: str = "2025-03-01") -> int:
    doc = {"peildatum": date,
           "personen": {"x": {"geboortedatum": "1997-06-01", "woonadres": "w1", "huurder": True,
                              "rendementsgrondslag": 0, "overig_belastbaar_inkomen": income,
                              "geen": ["loon_uit_dienstbetrekking", "inkomen_box_2_en_3"]}},
           "woningen": {"w1": {"huurprijs": 900, "subsidiabele_servicekosten": 0}}}
    result = evaluate(PROGRAM, Situation.from_dict(doc, PROGRAM), outputs=("huurtoeslag.huurtoeslag",))
    value = result.value("huurtoeslag.huurtoeslag", "x")
    assert value.denominator == 1
    return int(value)


@pytest.mark.parametrize("income,monthly", PUBLISHED)
def test_2025_matches_the_published_table(income, monthly):
    assert 12 * monthly <= yearly(income) <= 12 * monthly + 12


def test_the_same_household_in_2026_follows_the_new_system():
    """At € 22.000 (below both years' ijkpunt) the 2026 amount is the 2026 bands with the
    2026 basishuur: a 498,20 − 202,52 = 295,68; b 65% × (713,02 − 498,20) = 139,633;
    c 40% × (900 − 713,02) = 74,792; 510,105 × 12 = 6.121,26 → € 6.121 (Wht art. 21)."""
    assert yearly(22_000, "2026-03-01") == 6121
