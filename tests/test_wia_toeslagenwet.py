"""The Toeslagenwet on top of the WIA, and how much of its toeslag is left once the
inkomstenbelasting and the toeslagen react (issue #21 §2): one household computed with
current law and with a counterfactual scenario in which the Toeslagenwet pays nothing
(examples/wga_toeslagenwet.json, examples/scenarios/zonder_toeslagenwet.scenario), every
figure derived by hand from the statutes below.

The household (2026, March): piet (born 1968) has a WGA-vervolguitkering since 2025, ria
(born 1970, his wife) earns € 1.000 a month; they rent a home for € 602 kale huur and have
€ 40.000 savings (above the Participatiewet's vermogensgrens, so no bijstand either way)."""

from __future__ import annotations

import copy
import json
from fractions import Fraction
from pathlib import Path

import pytest

from rulescore.plugins import load_program
from rulescore.reference.results import evaluate
from rulescore.situation import Situation

BASE = load_program()

ROOT = Path(__file__).parents[1]
HOUSEHOLD = ROOT / "examples" / "wga_toeslagenwet.json"
# the counterfactual: toeslag_per_dag = € 0 (TW art. 8), nothing else changed
ZONDER_TOESLAG = ROOT / "examples" / "scenarios" / "zonder_toeslagenwet.scenario"


def _household() -> dict:
    return json.loads(HOUSEHOLD.read_text(encoding="utf-8"))


OUTS = ["wia.uitkering", "toeslagenwet.toeslag", "toeslagenwet.vakantie_uitkering",
        "zorgtoeslag.zorgtoeslag", "huurtoeslag.huurtoeslag", "inkomstenbelasting.netto_inkomen",
        "participatiewet.algemene_bijstand", "besteedbaar_inkomen.besteedbaar_inkomen"]


@pytest.fixture(scope="module")
def results():
    without = load_program(scenario=ZONDER_TOESLAG)
    return (evaluate(BASE, Situation.from_dict(_household(), BASE), outputs=OUTS),
            evaluate(without, Situation.from_dict(_household(), without), outputs=OUTS))


def value(result, name, person="piet") -> Fraction:
    """The exact value (the engine computes with fractions)."""
    return Fraction(str(result.value(name, person)))


def test_the_wga_and_the_toeslag_in_march(results):
    with_tw, without = results
    # WIA art. 62 lid 1, 61 lid 6, 12 lid 1 b: 35% x min(2.294,40 x 1,08; 21,75 x 114,94)
    # = 35% x 2.477,952 = 867,2832 -> 867,28 (dagloon 30.000 / 261 -> 114,94)
    assert value(with_tw, "wia.uitkering") == Fraction("867.28")
    assert value(without, "wia.uitkering") == Fraction("867.28")
    # TW art. 6 lid 1 a, 7, 8 lid 1: 105,49 - (36,92124 + 45,97701 - 15,82345) = 38,41519
    # -> 38,42 per dag; 21,75 x 38,42 = 835,635 -> 835,64; art. 10: 8% -> 66,85
    assert value(with_tw, "toeslagenwet.toeslag") == Fraction("835.64")
    assert value(with_tw, "toeslagenwet.vakantie_uitkering") == Fraction("66.85")
    assert value(without, "toeslagenwet.toeslag") == 0


def test_no_bijstand_either_way(results):
    # PW art. 34: € 40.000 vermogen is above the vermogensgrens for gehuwden
    for result in results:
        for person in ("piet", "ria"):
            assert value(result, "participatiewet.algemene_bijstand", person) == 0


def test_the_toeslagen_react_to_the_toeslag(results):
    with_tw, without = results
    # Awir art. 8, Wet IB art. 3.82: the toetsingsinkomen 2026. Evaluated on one day, every
    # month of the year counts as the peildatum's (docs/time.rst, momentopname), so it is
    # 12 x March: piet 12 x (867,28 + 835,64 + 66,85) = 21.237,24, without the toeslag
    # 12 x 867,28 = 10.407,36; ria 12 x 1.000 = 12.000.
    # Zorgtoeslag (Wzt art. 2; 2026: standaardpremie 2.119, normpremie partners 4,289% of
    # the drempelinkomen 29.736 + 13,73% above it):
    # with: 2 x 2.119 - (1.275,37704 + 13,73% x (33.237,24 - 29.736)) = 2.481,90271 -> 2.482
    # without: 22.407,36 is under the drempel: 4.238 - 1.275,37704 = 2.962,62296 -> 2.963
    assert value(with_tw, "zorgtoeslag.zorgtoeslag") == 2482
    assert value(without, "zorgtoeslag.zorgtoeslag") == 2963
    # Huurtoeslag 2026 (Wht art. 21; meerpersoons basishuur 252,49 - 3,63 - 48,15 = 200,71):
    # (498,20 - 200,71) + 65% x (602 - 498,20) = 364,96 per maand; afbouw 22% of the
    # rekeninkomen above 31.500: with 22% x (33.237,24 - 31.500) = 382,1928 per jaar;
    # 364,96 x 12 - 382,1928 = 3.997,3272 -> 3.997; without: 364,96 x 12 = 4.379,52 -> 4.380
    assert value(with_tw, "huurtoeslag.huurtoeslag") == 3997
    assert value(without, "huurtoeslag.huurtoeslag") == 4380


def test_how_much_of_the_toeslag_is_left(results):
    with_tw, without = results
    # Wet LB art. 25 lid 1 (herleiding), Wet IB art. 2.10, 8.10: piet's March x 12, no
    # arbeidskorting (no arbeidsinkomen), algemene heffingskorting 3.115 in full (< 29.736);
    # no Zvw-bijdrage of his own (the UWV owes the werkgeversheffing, Zvw art. 42); the
    # netto inkomen rounded to cents (the inkomstenbelasting's named assumption).
    # with: 12 x 1.769,77 = 21.237,24; 35,75% = 7.592,3133; (7.592,3133 - 3.115) / 12 =
    # 373,109442; netto 1.769,77 - 373,109442 = 1.396,660558 -> 1.396,66
    # without: 12 x 867,28 = 10.407,36; 35,75% = 3.720,6312; (3.720,6312 - 3.115) / 12 =
    # 50,4692667; netto 867,28 - 50,4692667 = 816,8107333 -> 816,81
    netto_with, netto_without = Fraction("1396.66"), Fraction("816.81")
    assert value(with_tw, "inkomstenbelasting.netto_inkomen") == netto_with
    assert value(without, "inkomstenbelasting.netto_inkomen") == netto_without
    # ria's own income does not change (individual taxation)
    assert value(with_tw, "inkomstenbelasting.netto_inkomen", "ria") == \
        value(without, "inkomstenbelasting.netto_inkomen", "ria")
    # the household's besteedbaar inkomen (each joint toeslag once):
    # (1.396,66 - 816,81) + (2.482 - 2.963) / 12 + (3.997 - 4.380) / 12
    # = 579,85 - 40,083333 - 31,916667 = 507,85 of a toeslag of 835,64 + 66,85 = 902,49
    # gross: about 56% is left; tax takes 322,64, the zorgtoeslag 40,08 and the
    # huurtoeslag 31,92 a month.
    household = [sum(value(r, "besteedbaar_inkomen.besteedbaar_inkomen", p)
                     for p in ("piet", "ria")) for r in (with_tw, without)]
    left = household[0] - household[1]
    assert left == (netto_with - netto_without) + Fraction(2482 - 2963, 12) \
        + Fraction(3997 - 4380, 12)
    assert left == Fraction("507.85")
    assert Fraction("902.49") - left == Fraction("394.64")


@pytest.fixture(scope="module")
def single_results():
    """piet alone (ria and the marriage taken out): an alleenstaande on the same WGA, with
    € 20.000 savings (under the huurtoeslag's vermogensgrens of € 38.479 for one, Awir art. 7
    lid 3; above the Participatiewet's € 8.000, PW art. 34 lid 3 a, so still no bijstand)."""
    doc = _household()
    del doc["personen"]["ria"]
    doc["relaties"] = []
    doc["personen"]["piet"].update({"bezittingen": "20000", "rendementsgrondslag": "20000"})
    without = load_program(scenario=ZONDER_TOESLAG)
    return (evaluate(BASE, Situation.from_dict(doc, BASE), outputs=OUTS),
            evaluate(without, Situation.from_dict(copy.deepcopy(doc), without), outputs=OUTS))


def test_alone_at_the_grens_the_toeslagen_do_not_react(single_results):
    with_tw, without = single_results
    # TW art. 2 lid 2, 8 lid 2: 75,62 - 36,92124 = 38,69876 -> 38,70 per dag; 21,75 x 38,70 =
    # 841,725 -> 841,73; vakantie-uitkering 8% -> 67,34 (art. 8a: 106,43 >= 73,84, no limit)
    assert value(with_tw, "toeslagenwet.toeslag") == Fraction("841.73")
    assert value(with_tw, "toeslagenwet.vakantie_uitkering") == Fraction("67.34")
    # toetsingsinkomen 12 x (867,28 + 841,73 + 67,34) = 21.316,20: under the zorgtoeslag's
    # drempelinkomen 29.736 and under the huurtoeslag's minimum-inkomensijkpunt 23.425, so
    # neither reacts. Zorgtoeslag (Wzt art. 2): 2.119 - 1,912% x 29.736 = 1.550,44768 -> 1.550;
    # huurtoeslag (Wht art. 21, basishuur 252,49 - 1,82 - 48,15 = 202,52):
    # (498,20 - 202,52) + 65% x (602 - 498,20) = 363,15 x 12 = 4.357,80 -> 4.358
    for result in (with_tw, without):
        assert value(result, "participatiewet.algemene_bijstand") == 0
        assert value(result, "zorgtoeslag.zorgtoeslag") == 1550
        assert value(result, "huurtoeslag.huurtoeslag") == 4358
    # Wet IB: with 12 x 1.776,35 = 21.316,20; 35,75% = 7.620,5415; (7.620,5415 - 3.115) / 12
    # = 375,46179; netto 1.776,35 - 375,46179 = 1.400,88821 -> 1.400,89; without 816,81 (above)
    # so of 841,73 + 67,34 = 909,07 gross, 1.400,89 - 816,81 = 584,08 is left: only tax
    # (324,99) takes a part.
    left = value(with_tw, "besteedbaar_inkomen.besteedbaar_inkomen") \
        - value(without, "besteedbaar_inkomen.besteedbaar_inkomen")
    assert value(with_tw, "inkomstenbelasting.netto_inkomen") == Fraction("1400.89")
    assert left == Fraction("1400.89") - Fraction("816.81") == Fraction("584.08")
