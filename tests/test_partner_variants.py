"""Households that tell the partner notions apart: every variant's answer, with its article.

The variants are the bundled ones: ``awir`` (Awir art. 3 with AWR art. 5a; zorgtoeslag,
kindgebonden budget), ``huurtoeslag`` (the Awir partner only if registered at the same
address, Wht art. 1a lid 3), ``participatiewet`` (PW art. 3, text per 2025 or 2026) and
``aow`` (AOW art. 1, also used by the Toeslagenwet). Expected answers are read from those
articles, not from the program.
"""

import pytest

from rulescore.plugins import load_program
from rulescore.reference.results import evaluate
from rulescore.situation import Situation

PROGRAM = load_program()
VARIANTS = ("awir", "huurtoeslag", "participatiewet", "aow")


def partners(persons: dict, relations: list, date: str = "2026-03-01") -> dict:
    """{variant: {person: sorted partner ids}} for a small household."""
    doc = {"peildatum": date, "personen": persons,
           "woningen": {p["woonadres"]: {} for p in persons.values()}, "relaties": relations}
    sit = Situation.from_dict(doc, PROGRAM)
    names = tuple(f"partner/{v}" for v in VARIANTS)
    result = evaluate(PROGRAM, sit, outputs=names)
    return {v: {pid: sorted(result.value(f"partner/{v}", pid)) for pid in persons}
            for v in VARIANTS}


def adult(born: str, address: str = "w1") -> dict:
    return {"geboortedatum": born, "woonadres": address}


def rel(kind: str, a: str, b: str, **facts) -> dict:
    return {"soort": kind, "personen": [a, b], **facts}


def test_siblings_running_a_joint_household():
    """Awir art. 3 lid 2: none of the grounds a-f applies to siblings -> no toeslagpartner.
    PW art. 3 lid 2 a (2026) excludes only first-degree relatives and care-based
    cohabitation, so siblings in a gezamenlijke huishouding are partners; AOW art. 1 lid 4
    excludes only first-degree blood relatives -> partners there too."""
    got = partners({"a": adult("1986-04-01"), "b": adult("1981-09-15")},
                   [rel("gezamenlijke_huishouding", "a", "b", tweedegraads_bloedverwanten=True)])
    assert got["awir"] == {"a": [], "b": []}
    assert got["huurtoeslag"] == {"a": [], "b": []}
    assert got["participatiewet"] == {"a": ["b"], "b": ["a"]}
    assert got["aow"] == {"a": ["b"], "b": ["a"]}


def test_co_owners_of_the_dwelling():
    """Awir art. 3 lid 2 d: adults who jointly own the dwelling they live in are partners
    (and, on the same address, for the huurtoeslag too). Without a gezamenlijke huishouding
    neither the PW (art. 3 lid 3) nor the AOW (art. 1 lid 4) sees partners."""
    got = partners({"a": adult("1980-01-01"), "b": adult("1982-02-02")},
                   [rel("mede_eigenaar_woning", "a", "b")])
    assert got["awir"] == {"a": ["b"], "b": ["a"]}
    assert got["huurtoeslag"] == {"a": ["b"], "b": ["a"]}
    assert got["participatiewet"] == {"a": [], "b": []}
    assert got["aow"] == {"a": [], "b": []}


@pytest.mark.parametrize("commercial", [True, False])
def test_lodger_in_a_single_parents_home(commercial):
    """Awir art. 3 lid 2 e: two adults on one address with a minor child of one of them are
    partners, unless they ask not to be because of a written commercial rental contract.
    No gezamenlijke huishouding, so no PW or AOW partner either way."""
    persons = {"moeder": adult("1990-05-01"), "kind": adult("2017-09-12"),
               "kamerhuurder": adult("1995-03-03")}
    relations = [rel("ouder_van", "moeder", "kind")]
    if commercial:
        relations.append(rel("schriftelijke_commerciele_huurovereenkomst", "moeder", "kamerhuurder",
                             verzoek_niet_als_partner_aangemerkt=True))
    got = partners(persons, relations)
    expected = [] if commercial else ["kamerhuurder"]
    assert got["awir"]["moeder"] == expected
    assert got["huurtoeslag"]["moeder"] == expected
    assert got["participatiewet"]["moeder"] == []
    assert got["aow"]["moeder"] == []
    assert got["awir"]["kind"] == []


@pytest.mark.parametrize("petition", [False, True])
def test_married_couple_living_apart(petition):
    """AWR art. 5a lid 4: a spouse stays toeslagpartner while living apart, until a divorce
    petition is filed and they no longer share an address. The huurtoeslag counts him only
    on the huurder's address (Wht art. 1a lid 3). PW art. 3 lid 2 b and AOW art. 1 lid 2:
    spouses who live permanently apart (duurzaam gescheiden) are not each other's partner."""
    got = partners({"a": adult("1975-01-01", "w1"), "b": adult("1974-06-06", "w2")},
                   [rel("huwelijk", "a", "b", duurzaam_gescheiden=True,
                        echtscheidingsverzoek_ingediend=petition)])
    assert got["awir"] == ({"a": [], "b": []} if petition else {"a": ["b"], "b": ["a"]})
    assert got["huurtoeslag"] == {"a": [], "b": []}
    assert got["participatiewet"] == {"a": [], "b": []}
    assert got["aow"] == {"a": [], "b": []}


@pytest.mark.parametrize("request_made", [True, False])
def test_one_spouse_in_a_nursing_home(request_made):
    """Awir art. 3 lid 6: when one spouse is admitted to a care institution, they are on
    request no longer toeslagpartners. The marriage itself continues and they are not
    duurzaam gescheiden, so the PW (art. 3 lid 2 b) and the AOW (art. 1 lid 2) still see
    spouses; for the huurtoeslag the spouse is not on the huurder's address."""
    got = partners({"thuis": adult("1950-02-01", "w1"), "opgenomen": adult("1948-07-07", "zorg")},
                   [rel("huwelijk", "thuis", "opgenomen", verzoek_geen_partner_bij_opname=request_made)])
    assert got["awir"]["thuis"] == ([] if request_made else ["opgenomen"])
    assert got["huurtoeslag"]["thuis"] == []
    assert got["participatiewet"]["thuis"] == ["opgenomen"]
    assert got["aow"]["thuis"] == ["opgenomen"]


def test_ex_spouses_living_together_again():
    """Divorced last year, together again: Awir art. 3 lid 2 f (toeslagpartner in the
    previous year, same address) makes them partners; they run a joint household, so they
    are partners for the PW (art. 3 lid 2 a) and the AOW (art. 1 lid 4) as well."""
    got = partners({"a": adult("1970-01-01"), "b": adult("1971-01-01")},
                   [rel("toeslagpartner_vorig_jaar", "a", "b"),
                    rel("gezamenlijke_huishouding", "a", "b")])
    for variant in VARIANTS:
        assert got[variant] == {"a": ["b"], "b": ["a"]}, variant


def test_care_based_cohabitation_2026_and_2025():
    """PW art. 3 lid 2 a from 2026-01-01: no gezamenlijke huishouding when care is the
    reason for living together, whatever the kinship. The text in force in 2025 excluded
    only second-degree relatives with a care need, so unrelated carers were partners. The
    AOW (art. 1 lid 4) has no such exception; the Awir needs one of its grounds."""
    persons = {"zorgvrager": adult("1951-01-01"), "mantelzorger": adult("1956-05-05")}
    relations = [rel("gezamenlijke_huishouding", "zorgvrager", "mantelzorger",
                     samenwonen_wegens_zorg=True, zorgbehoefte=True)]
    in_2026 = partners(persons, relations, "2026-03-01")
    in_2025 = partners(persons, relations, "2025-03-01")
    assert in_2026["participatiewet"]["zorgvrager"] == []
    assert in_2025["participatiewet"]["zorgvrager"] == ["mantelzorger"]
    for got in (in_2025, in_2026):
        assert got["aow"]["zorgvrager"] == ["mantelzorger"]
        assert got["awir"]["zorgvrager"] == []
        assert got["huurtoeslag"]["zorgvrager"] == []


def test_every_variant_is_covered_here():
    """A new partner variant must get its answers in the households above."""
    declared = {q.split("/", 1)[1] for q in PROGRAM.symbols if q.startswith("partner/")}
    assert declared == set(VARIANTS)


# ---------------------------------------------------------------- Awir art. 3 lid 4
def child(born: str = "2018-06-01") -> dict:
    return {"geboortedatum": born, "woonadres": "w1"}


def test_two_adult_lodgers_with_a_single_mother_are_not_decided_by_the_law():
    """Awir art. 3 lid 2 e: each lodger is, like the mother, an adult with a minor child of
    one of them on the address, so both would be her partner; lid 4 allows only one and
    names no rule within a category. rulescore does not guess: RS407, at the rule that says
    so, with what to supply."""
    from rulescore.errors import RulesError

    with pytest.raises(RulesError) as info:
        partners({"moeder": adult("1988-01-01"), "kind": child(),
                  "b": adult("1990-01-01"), "c": adult("1992-01-01")},
                 [rel("ouder_van", "moeder", "kind")])
    codes = {d.code for d in info.value.diagnostics}
    assert codes == {"RS407"}
    d = next(d for d in info.value.diagnostics if "voor moeder" in d.message)
    assert d.span.file.endswith("awir.rules") and "lid 2 onder e" in d.message
    assert "aangewezen_toeslagpartner" in d.message and d.hint


def test_the_aanwijzing_decides_and_the_other_lodger_has_no_partner():
    """With the Dienst Toeslagen's aanwijzing of b, the mother and b are each other's
    partner (art. 3 lid 4: one partner at a time). For c the mother is the only candidate
    of lid 2 e, but she is b's partner, so c has none: a partnership is mutual."""
    got = partners({"moeder": adult("1988-01-01"), "kind": child(),
                    "b": adult("1990-01-01"), "c": adult("1992-01-01")},
                   [rel("ouder_van", "moeder", "kind"),
                    rel("aangewezen_toeslagpartner", "moeder", "b")])
    assert got["awir"] == {"moeder": ["b"], "kind": [], "b": ["moeder"], "c": []}
    # PW art. 3 / AOW art. 1 need a gezamenlijke huishouding: none here
    assert got["participatiewet"]["moeder"] == [] and got["aow"]["moeder"] == []


def test_an_earlier_category_takes_the_person_for_everyone():
    """a has a child with b (art. 3 lid 2 a) and co-owns the dwelling with c (lid 2 d).
    Lid 4, third sentence: the first-named category decides, so a and b are partners.
    For c, a is a candidate under d only, but a already has a partner: c has none."""
    got = partners({"a": adult("1985-01-01"), "b": adult("1984-01-01"),
                    "c": adult("1960-01-01"), "kind": child()},
                   [rel("ouder_van", "a", "kind"), rel("ouder_van", "b", "kind"),
                    rel("mede_eigenaar_woning", "a", "c")])
    assert got["awir"] == {"a": ["b"], "b": ["a"], "c": [], "kind": []}


def test_a_married_person_is_nobodys_partner_under_lid_2():
    """AWR art. 5a lid 1 a: a is married (spouse living elsewhere, no divorce petition), so
    lid 2 does not apply to a (Awir art. 3 lid 4, second sentence). c co-owns a's home: a is
    not c's partner either, as a partnership is mutual (named assumption in awir.rules)."""
    persons = {"a": adult("1970-01-01"), "echtgenoot": adult("1971-01-01", "w2"),
               "c": adult("1972-01-01")}
    got = partners(persons, [rel("huwelijk", "a", "echtgenoot"),
                             rel("mede_eigenaar_woning", "a", "c")])
    assert got["awir"] == {"a": ["echtgenoot"], "echtgenoot": ["a"], "c": []}
    # the huurtoeslag counts a partner only at the same address (Wht art. 1a lid 3)
    assert got["huurtoeslag"]["a"] == []
