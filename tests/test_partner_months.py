"""Toeslagpartnerschap per month (Awir art. 3 lid 3, art. 5) and the zorgtoeslag as the sum of
its months (Wzt art. 2 lid 5): case B of docs/bronnen_geldstromen.rst by hand, and properties."""

import datetime as dt
from fractions import Fraction as F

from hypothesis import given, settings
from hypothesis import strategies as st

from rulescore.periods import Period, parse_month as M
from rulescore.reference.ranges import evaluate_range
from rulescore.reference.results import evaluate
from rulescore.situation import Situation

YEAR = Period(dt.date(2026, 1, 1), 12)
OUTPUTS = ("zorgtoeslag.zorgtoeslag", "zorgtoeslag.aanspraak_van_de_maand",
           "awir.heeft_toeslagpartner")


def month(n: int) -> Period:
    return Period(dt.date(2026, n, 1), 1)


def person(income, address="w1") -> dict:
    return {"geboortedatum": "1990-05-01", "woonadres": address, "zorgverzekerd": True,
            "rendementsgrondslag": 0, "inkomen_box_2_en_3": 0, "loon_uit_dienstbetrekking": 0,
            "overig_belastbaar_inkomen": income}


def situation(program, anna, bart, relations, dated=True):
    doc = {"peildatum": "2026-01-01", "personen": {"anna": anna, "bart": bart},
           "woningen": {"w1": {}, "w2": {}}, "relaties": relations}
    if dated:
        doc.update({"van": "2026-01", "tot": "2026-12"})
    return Situation.from_dict(doc, program)


def over_2026(program, sit) -> dict:
    values = evaluate_range(program, sit, M("2026-01"), M("2026-12"), outputs=OUTPUTS).values
    return {(q.split(".")[1], p, who): v for (q, who, p), v in values.items()}


# Wzt art. 2 lid 1–3 (2026): standaardpremie 2.119; drempelinkomen 29.736 (the rules' aanname);
# 1,912 % / 4,289 % of it, 13,73 % of the toetsingsinkomen above it.
ANNA_ALONE = 2119 - F("0.01912") * 29736                                  # 1.550,44768
BART_ALONE = 2119 - (F("0.01912") * 29736 + F("0.1373") * (30000 - 29736))  # 1.514,20048
JOINT = 2 * 2119 - (F("0.04289") * 29736 + F("0.1373") * (50000 - 29736))   # 180,37576


def test_case_b_marriage_on_1_june(program):
    """Case B: married on 1 June (Awir art. 3 lid 1, art. 5: a change on the first day counts
    that month), living together from then; apart before. Each month a twelfth of the year
    amount of its situation (Wzt art. 2 lid 5, the rules' aanname), both year incomes in the
    partner months (Awir art. 7 lid 1, art. 8 lid 1)."""
    assert (ANNA_ALONE, BART_ALONE, JOINT) == (F("1550.44768"), F("1514.20048"), F("180.37576"))
    sit = situation(program, person(20000),
                    {**person(30000), "woonadres": [{"tot": "2026-06", "waarde": "w2"},
                                                    {"vanaf": "2026-06", "waarde": "w1"}]},
                    [{"soort": "huwelijk", "personen": ["anna", "bart"], "vanaf": "2026-06-01"}])
    v = over_2026(program, sit)
    for n in range(1, 6):
        assert v[("heeft_toeslagpartner", month(n), "anna")] is False
        assert v[("aanspraak_van_de_maand", month(n), "anna")] == ANNA_ALONE / 12
        assert v[("aanspraak_van_de_maand", month(n), "bart")] == BART_ALONE / 12
    for n in range(6, 13):
        assert v[("heeft_toeslagpartner", month(n), "anna")] is True
        assert v[("aanspraak_van_de_maand", month(n), "anna")] == JOINT / 12
    # 5/12 × 1.550,44768 + 7/12 × 180,37576 = 646,01987 + 105,21919 = 751,23906 → € 751
    # 5/12 × 1.514,20048 + 7/12 × 180,37576 = 630,91687 + 105,21919 = 736,13606 → € 736
    assert v[("zorgtoeslag", YEAR, "anna")] == 751
    assert v[("zorgtoeslag", YEAR, "bart")] == 736


def test_marriage_on_the_second_counts_from_the_next_month(program):
    """Awir art. 5: a change after the first day of a month counts from the next month."""
    sit = situation(program, person(20000), person(30000),
                    [{"soort": "huwelijk", "personen": ["anna", "bart"], "vanaf": "2026-06-02"}])
    v = over_2026(program, sit)
    assert v[("heeft_toeslagpartner", month(6), "anna")] is False
    assert v[("heeft_toeslagpartner", month(7), "anna")] is True
    # 6/12 × 1.550,44768 + 6/12 × 180,37576 = 775,22384 + 90,18788 = 865,41172 → € 865
    assert v[("zorgtoeslag", YEAR, "anna")] == 865


def test_lid_3_ends_when_one_moves_out(program):
    """Art. 3 lid 3 holds only while both are registered at the same woonadres: a contract
    until 1 May keeps them partners through August; Bart moves out on 1 September."""
    sit = situation(program, person(20000),
                    {**person(30000), "woonadres": [{"tot": "2026-09", "waarde": "w1"},
                                                    {"vanaf": "2026-09", "waarde": "w2"}]},
                    [{"soort": "notarieel_samenlevingscontract", "personen": ["anna", "bart"],
                      "tot": "2026-05-01"}])
    v = over_2026(program, sit)
    assert [v[("heeft_toeslagpartner", month(n), "anna")] for n in range(1, 13)] == (
        [True] * 8 + [False] * 4)


@settings(max_examples=12, deadline=None)
@given(start=st.integers(1, 12), a=st.integers(0, 60000), b=st.integers(0, 60000))
def test_lid_3_never_reaches_back(program, start, a, b):
    """From the month a partnership arises through December they are partners, never before
    (art. 3 lid 3: 'vanaf de dag waarop het partnerschap … is ontstaan'); and the year amount
    is the months' shares added up and rounded once (the rules' aanname)."""
    sit = situation(program, person(a), person(b),
                    [{"soort": "notarieel_samenlevingscontract", "personen": ["anna", "bart"],
                      "vanaf": f"2026-{start:02d}-01", "tot": f"2026-{start:02d}-15"}])
    v = over_2026(program, sit)
    assert [v[("heeft_toeslagpartner", month(n), "anna")] for n in range(1, 13)] == (
        [False] * (start - 1) + [True] * (13 - start))
    total = sum(v[("aanspraak_van_de_maand", month(n), "anna")] for n in range(1, 13))
    rounded = int(total + F(1, 2))
    assert v[("zorgtoeslag", YEAR, "anna")] == (rounded if rounded >= 24 else 0)


@settings(max_examples=10, deadline=None)
@given(a=st.integers(0, 60000), b=st.integers(0, 60000), married=st.booleans())
def test_a_constant_year_gives_the_snapshot(program, a, b, married):
    """With nothing changing in the year, the sum of the twelve months is the snapshot's
    year amount (docs/time.rst: a constant timeline gives each period's snapshot)."""
    rel = [{"soort": "huwelijk", "personen": ["anna", "bart"]}] if married else []
    ranged = over_2026(program, situation(program, person(a), person(b, "w2"), rel))
    snap = evaluate(program, situation(program, person(a), person(b, "w2"), rel, dated=False),
                    outputs=("zorgtoeslag.zorgtoeslag",))
    for who in ("anna", "bart"):
        assert ranged[("zorgtoeslag", YEAR, who)] == snap.value("zorgtoeslag.zorgtoeslag", who)


def test_case_b_in_the_household_counts_each_month_as_it_was(program):
    """Besteedbaar inkomen of case B: the zorgtoeslag counts in the months of its right (Wzt
    art. 2 lid 5), each month a twelfth of the year amount of a year like that month (rounded
    to whole euros, Awir art. 14 lid 4), a joint month once for the two (Awir art. 3 lid 1:
    one aanspraak, each of them half). Read as the year amount / 12, Anna's € 751 (which
    holds the joint months) and Bart's € 736 (too) counted the joint months twice and spread
    the single months over the whole year."""
    sit = situation(program, person(20000),
                    {**person(30000), "woonadres": [{"tot": "2026-06", "waarde": "w2"},
                                                    {"vanaf": "2026-06", "waarde": "w1"}]},
                    [{"soort": "huwelijk", "personen": ["anna", "bart"], "vanaf": "2026-06-01"}])
    name = "besteedbaar_inkomen.zorgtoeslag_van_de_maand"
    values = evaluate_range(program, sit, M("2026-01"), M("2026-12"), outputs=(name,)).values
    share = {(who, p.start.month): v for (q, who, p), v in values.items() if q == name}
    for n in range(1, 6):  # alone: 1.550,44768 -> € 1.550 and 1.514,20048 -> € 1.514 a year
        assert share[("anna", n)] == F(1550, 12)
        assert share[("bart", n)] == F(1514, 12)
    for n in range(6, 13):  # together: 180,37576 -> € 180 a year, one aanspraak, each half
        assert share[("anna", n)] == share[("bart", n)] == F(180, 12) / 2
    # the household's year: 5 x (1.550 + 1.514) / 12 + 7 x 180 / 12 = 1.276,67 + 105
    assert sum(share.values()) == F(5 * (1550 + 1514) + 7 * 180, 12)
