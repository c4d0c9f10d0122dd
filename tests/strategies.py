"""Hypothesis strategies for households over the bundled regulations' inputs."""

import datetime as dt
from decimal import Decimal

from hypothesis import strategies as st

amounts = lambda hi: st.integers(0, hi * 100).map(lambda c: str(Decimal(c) / 100))


@st.composite
def households(draw, max_persons: int = 5):
    """A valid situation document: persons in one or two dwellings, maybe a marriage."""
    n = draw(st.integers(1, max_persons))
    two_dwellings = n > 1 and draw(st.booleans())
    persons = {}
    for i in range(n):
        persons[f"p{i}"] = {
            "geboortedatum": draw(st.dates(dt.date(1940, 1, 1), dt.date(2025, 12, 31))).isoformat(),
            "woonadres": "w1" if not two_dwellings or i % 2 == 0 else "w2",
            "zorgverzekerd": draw(st.booleans()),
            "toetsingsinkomen": draw(amounts(80_000)),
            "rendementsgrondslag": draw(st.sampled_from(["0", "50000", "146011", "146012", "190000"])),
            "student": draw(st.booleans()),
            "overige_netto_middelen": draw(amounts(3_000)),
            "netto_inkomsten_uit_arbeid": draw(amounts(2_000)),
            "toegekende_vrijlating": draw(st.sampled_from(["geen", "onderdeel_n", "onderdeel_r"])),
            "uitgesloten_van_bijstand": draw(st.integers(0, 9)) == 0,
            "tijdelijk_elders_voor_mantelzorg": draw(st.integers(0, 9)) == 0,
            "bezittingen": draw(amounts(20_000)),
            "schulden": draw(amounts(5_000)),
            "onverzekerde_jaren": draw(st.integers(0, 10)),
        }
    if draw(st.integers(0, 9)) == 0:  # sometimes an input is missing: both paths must refuse
        del persons[f"p{n - 1}"][draw(st.sampled_from(["toetsingsinkomen", "overige_netto_middelen"]))]
    relations = []
    if n >= 2 and draw(st.booleans()):
        relations.append({"soort": "huwelijk", "personen": ["p0", "p1"],
                          "duurzaam_gescheiden": draw(st.booleans()),
                          "echtscheidingsverzoek_ingediend": draw(st.booleans()),
                          "verzoek_geen_partner_bij_opname": draw(st.integers(0, 4)) == 0})
    elif n >= 2 and draw(st.booleans()):
        kind = draw(st.sampled_from(["notarieel_samenlevingscontract", "pensioenpartner",
                                     "mede_eigenaar_woning", "toeslagpartner_vorig_jaar"]))
        relations.append({"soort": kind, "personen": ["p0", "p1"]})
    if n >= 3 and draw(st.booleans()):
        relations.append({"soort": "schriftelijke_commerciele_huurovereenkomst",
                          "personen": ["p0", "p2"], "verwant_tot_tweede_graad": draw(st.booleans())})
    if n >= 3 and draw(st.booleans()):
        relations.append({"soort": "ouder_van", "personen": ["p0", f"p{n - 1}"]})
    if n >= 3 and draw(st.booleans()):
        relations.append({"soort": "gezamenlijke_huishouding", "personen": ["p1", "p2"],
                          "samenwonen_wegens_zorg": draw(st.booleans()),
                          "tweedegraads_bloedverwanten": draw(st.booleans()),
                          "zorgbehoefte": draw(st.booleans())})
    dwellings = {"w1": {}, **({"w2": {}} if two_dwellings else {})}
    return {"personen": persons, "woningen": dwellings, "relaties": relations}
