"""The household view: outcomes per month, and a joint entitlement counted once."""

from fractions import Fraction

from rulescore.reference.household import per_month
from rulescore.plugins import load_program
from rulescore.reference.results import evaluate
from rulescore.situation import Situation
from rulescore import types as t

PROGRAM = load_program()


def test_periods_convert_to_months():
    assert per_month(Fraction(1200), t.amount("jaar")) == 100
    assert per_month(Fraction(300), t.amount("kwartaal")) == 100
    assert per_month(Fraction(100), t.amount("maand")) == 100
    assert per_month(Fraction(50), t.amount("dag")) is None  # a day has no calendar month
    assert per_month(True, t.JANEE) is None


def test_couple_counts_the_joint_zorgtoeslag_once():
    """Wzt art. 2 lid 3: 4.238 - (4,289% x 29.736 + 13,73% x 6.264) = 2.102,57576 -> € 2.103 per
    year for the couple, € 175,25 per month. Ali's net wage € 2.611,85 (Wet IB art. 2.10, 8.10,
    8.11; see its worked case); no bijstand (gezinsnorm € 2.002,13 < net wage); so the dwelling
    has 2.611,85 + 175,25 = € 2.787,10 per month — not 2.962,35 (the toeslag twice)."""
    common = {"woonadres": "w1", "zorgverzekerd": True, "rendementsgrondslag": 0, "student": False,
              "overige_netto_middelen": 0, "bezittingen": 0, "schulden": 0,
              "geen": ["overig_belastbaar_inkomen", "inkomen_box_2_en_3"]}
    doc = {"peildatum": "2026-03-01", "woningen": {"w1": {}},
           "personen": {"ali": dict(common, geboortedatum="1990-05-01",
                                    loon_uit_dienstbetrekking="3.000,00"),
                        "bea": dict(common, geboortedatum="1991-06-01",
                                    loon_uit_dienstbetrekking=0)},
           "relaties": [{"soort": "huwelijk", "personen": ["ali", "bea"]}]}
    result = evaluate(PROGRAM, Situation.from_dict(doc, PROGRAM))
    assert result.value("zorgtoeslag.zorgtoeslag", "ali") == 2103
    assert result.value("zorgtoeslag.zorgtoeslag", "bea") == 2103
    house = result.to_dict()["huishoudens"]["w1"]["besteedbaar_inkomen_per_maand"]
    assert Fraction(house["waarde"]) == Fraction("2787.10")
    assert house["weergave"] == "€ 2.787,10 per maand"
