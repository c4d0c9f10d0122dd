"""The presumed gezamenlijke huishouding (PW art. 3 lid 4, AOW art. 1 lid 5, Toeslagenwet
art. 1 lid 5 through the AOW notion) and the two facts of Awir art. 3 lid 2 e.

Expected partners are read from the articles (statute text per 2025-01-01 and 2026-01-01,
wetten.overheid.nl), not from the program. A fact a presumption needs is asked for, never
taken as "no".
"""

import pytest

from rulescore.errors import RulesError
from rulescore.plugins import load_program
from rulescore.reference.results import evaluate
from rulescore.situation import Situation

PROGRAM = load_program()


def adult(born: str, address: str = "w1", **facts) -> dict:
    return {"geboortedatum": born, "woonadres": address, **facts}


def rel(kind: str, a: str, b: str, **facts) -> dict:
    return {"soort": kind, "personen": [a, b], **facts}


def doc(persons: dict, relations: list, date: str) -> dict:
    return {"peildatum": date, "personen": persons,
            "woningen": {p["woonadres"]: {} for p in persons.values()}, "relaties": relations}


def partners(persons: dict, relations: list, date: str = "2026-03-01") -> dict:
    sit = Situation.from_dict(doc(persons, relations, date), PROGRAM)
    names = ("partner/participatiewet", "partner/aow")
    result = evaluate(PROGRAM, sit, outputs=names)
    return {n.split("/")[1]: {p: sorted(result.value(n, p)) for p in persons} for n in names}


def problems(persons: dict, relations: list, outputs, date: str = "2026-03-01") -> list:
    sit = Situation.from_dict(doc(persons, relations, date), PROGRAM)
    with pytest.raises(RulesError) as info:
        evaluate(PROGRAM, sit, outputs=outputs)
    return [(d.code, d.path, d.message) for d in info.value.diagnostics]


EX = {"a": adult("1980-05-01", datum_aanvraag_bijstand="2026-02-01"),
      "b": adult("1978-05-01", datum_aanvraag_bijstand="2026-02-01")}


@pytest.mark.parametrize("ended, pw_2026", [("2025-06-01", True), ("2024-02-02", True),
                                            ("2024-02-01", False), ("2020-06-01", False)])
def test_an_earlier_marriage_counts_for_the_pw_from_2026_only_within_two_years(ended, pw_2026):
    """PW art. 3 lid 4 a (2026): 'in de periode van twee jaar voorafgaande aan de aanvraag
    met elkaar gehuwd zijn geweest' — aanvraag 1 February 2026, so a marriage that ended on
    2 February 2024 or later counts, one that ended on 1 February 2024 not (the reading named
    as aanname in the rules). The AOW (art. 1 lid 5 a) has no time limit; nor had the PW text
    of 2025."""
    got = partners(EX, [rel("eerder_gehuwd", "a", "b", einde_eerder_huwelijk=ended)])
    assert got["participatiewet"]["a"] == (["b"] if pw_2026 else [])
    assert got["aow"]["a"] == ["b"]
    in_2025 = partners(EX, [rel("eerder_gehuwd", "a", "b", einde_eerder_huwelijk="2020-06-01")],
                       "2025-03-01")
    assert in_2025["participatiewet"] == {"a": ["b"], "b": ["a"]}


def test_no_presumption_without_the_same_dwelling():
    """Every presumption requires the hoofdverblijf in the same dwelling (lid 4 / lid 5, aanhef)."""
    persons = {"a": adult("1980-05-01"), "b": adult("1978-05-01", "w2")}
    got = partners(persons, [rel("samenlevingscontract", "a", "b")])
    assert got == {"participatiewet": {"a": [], "b": []}, "aow": {"a": [], "b": []}}


def test_the_end_of_the_earlier_marriage_is_asked_for_not_assumed():
    found = problems(EX, [rel("eerder_gehuwd", "a", "b")], ("participatiewet.gehuwd",))
    assert any("einde_eerder_huwelijk" in msg or "einde_eerder_huwelijk" in (path or "")
               for _, path, msg in found)


def test_the_day_of_the_aanvraag_is_asked_for_not_assumed():
    persons = {"a": adult("1980-05-01"), "b": adult("1978-05-01")}
    found = problems(persons, [rel("eerder_gehuwd", "a", "b", einde_eerder_huwelijk="2025-06-01")],
                     ("participatiewet.gehuwd",))
    assert ("RS321", "$.personen.a.datum_aanvraag_bijstand") in [(c, p) for c, p, _ in found]


def test_two_presumed_households_at_once_are_left_open_not_picked():
    """The PW and the AOW know one echtgenoot; with two persons presumed, neither law says
    which: onbeslist (RS407), not an arbitrary choice."""
    persons = {"a": adult("1980-05-01"), "b": adult("1978-05-01"), "c": adult("1979-05-01")}
    relations = [rel("samenlevingscontract", "a", "b"), rel("geregistreerd_als_gezamenlijke_huishouding", "a", "c")]
    assert {c for c, _, _ in problems(persons, relations, ("partner/participatiewet",))} == {"RS407"}
    assert {c for c, _, _ in problems(persons, relations, ("partner/aow",))} == {"RS407"}


LODGER = {"moeder": adult("1990-05-01"), "kind": adult("2017-09-12"),
          "kamerhuurder": adult("1995-03-03")}


@pytest.mark.parametrize("request_made, partner", [(True, False), (False, True)])
def test_awir_lid_2_e_needs_the_contract_and_the_request(request_made, partner):
    """Awir art. 3 lid 2 e: partners unless the belanghebbende asks not to be and shows a
    written commercial tenancy; the contract alone is no request."""
    relations = [rel("ouder_van", "moeder", "kind"),
                 rel("schriftelijke_commerciele_huurovereenkomst", "moeder", "kamerhuurder",
                     verzoek_niet_als_partner_aangemerkt=request_made)]
    sit = Situation.from_dict(doc(LODGER, relations, "2026-03-01"), PROGRAM)
    result = evaluate(PROGRAM, sit, outputs=("partner/awir",))
    assert sorted(result.value("partner/awir", "moeder")) == (["kamerhuurder"] if partner else [])


def test_awir_lid_2_e_request_is_asked_for_not_assumed():
    relations = [rel("ouder_van", "moeder", "kind"),
                 rel("schriftelijke_commerciele_huurovereenkomst", "moeder", "kamerhuurder")]
    found = problems(LODGER, relations, ("partner/awir",))
    assert any("verzoek_niet_als_partner_aangemerkt" in (msg + str(path)) for _, path, msg in found)
