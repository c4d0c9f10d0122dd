"""Properties of the gemeente Amsterdam rules over generated households, each with its article."""

import copy
import datetime as dt
from fractions import Fraction

from hypothesis import given, settings
from hypothesis import strategies as st

from rulescore.plugins import load_program
from rulescore.testing import (assert_batch_equals_reference, assert_holds, assert_monotone,
                               assert_unaffected, situations)
from rulescore.situation import parse_number

PROGRAM = load_program()
KWIJTSCHELDING = "kwijtschelding_amsterdam.kwijtschelding"
TOESLAG = "inkomenstoeslag_amsterdam.individuele_inkomenstoeslag"
SETTINGS = settings(max_examples=40, deadline=None)


def _asking(doc: dict, request: str) -> dict:
    """The household with every adult asking (``request`` = ja)."""
    asked = copy.deepcopy(doc)
    for facts in asked["personen"].values():
        facts[request] = True
    return asked


@SETTINGS
@given(situations(PROGRAM, max_persons=3, date=dt.date(2026, 3, 1)))
def test_kwijtschelding_lies_between_nothing_and_the_aanslag(doc):
    """URI 1990 art. 11: at most the whole openstaande bedrag (onderdeel a), never below
    nothing (onderdeel b: what is left after vermogen and capacity)."""
    asked = _asking(doc, "verzoek_kwijtschelding")

    def within(result, person):
        aanslag = parse_number(asked["personen"][person]["aanslag_gemeentelijke_belastingen"])
        return 0 <= result.value(KWIJTSCHELDING, person) <= Fraction(aanslag)

    assert_holds(PROGRAM, asked, [KWIJTSCHELDING], within, "0 <= kwijtschelding <= aanslag")


@SETTINGS
@given(situations(PROGRAM, max_persons=3, date=dt.date(2026, 3, 1)), st.integers(1, 2_000))
def test_higher_woonlasten_never_lower_the_kwijtschelding(doc, more):
    """URI 1990 art. 15 onderdeel b and art. 12 lid 2 onderdeel d: woonlasten lower the
    netto-besteedbaar inkomen and raise the vrijgelaten financiële middelen."""
    asked = _asking(doc, "verzoek_kwijtschelding")
    for person in asked["personen"]:
        assert_monotone(PROGRAM, asked, KWIJTSCHELDING, person, "woonlasten", more, "niet dalend")


@SETTINGS
@given(situations(PROGRAM, max_persons=3, date=dt.date(2026, 3, 1)))
def test_asking_changes_no_national_outcome(doc):
    """The gemeente's regulations only read the national outcomes: a household that asks for
    kwijtschelding and an individuele inkomenstoeslag keeps its bijstand and besteedbaar inkomen."""
    asked = _asking(_asking(doc, "verzoek_kwijtschelding"), "verzoek_individuele_inkomenstoeslag")
    assert_unaffected(PROGRAM, doc, asked, ["participatiewet.algemene_bijstand",
                                            "besteedbaar_inkomen.besteedbaar_inkomen"],
                      "alleen om kwijtschelding en inkomenstoeslag is gevraagd")


@SETTINGS
@given(situations(PROGRAM, max_persons=3, date=dt.date(2026, 3, 1)))
def test_the_toeslag_is_one_of_the_two_amounts_and_only_from_21_to_the_aow_age(doc):
    """PW art. 36 lid 1 (21 jaar tot de pensioengerechtigde leeftijd) and the verordening's
    art. 5 (one amount per gezinssituatie)."""
    asked = _asking(doc, "verzoek_individuele_inkomenstoeslag")

    def fits(result, person):
        value = result.value(TOESLAG, person)
        if value == 0:
            return True
        age = result.value("basis.leeftijd", person)
        return value in (85, 170) and age >= 21 and not result.value(
            "aow.heeft_pensioengerechtigde_leeftijd", person)

    assert_holds(PROGRAM, asked, [TOESLAG, "basis.leeftijd", "aow.heeft_pensioengerechtigde_leeftijd"],
                 fits, "toeslag € 0, € 85 of € 170, alleen van 21 tot de AOW-leeftijd")


@settings(max_examples=15, deadline=None)
@given(st.lists(situations(PROGRAM, max_persons=3, date=dt.date(2026, 3, 1)), min_size=1, max_size=4))
def test_the_batch_evaluator_agrees_with_the_reference_when_households_ask(docs):
    """The gemeente's rules use nothing the batch evaluator cannot do exactly: every
    household that asks for both gets the reference outcome in cents."""
    asked = [_asking(_asking(d, "verzoek_kwijtschelding"), "verzoek_individuele_inkomenstoeslag")
             for d in docs]
    assert_batch_equals_reference(PROGRAM, asked, dt.date(2026, 3, 1))
