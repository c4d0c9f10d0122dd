"""A seed, a number of households and the generator's assumptions into a sample of
situation documents (persons, dwelling, relations), each with its household type.

The same seed and size give the same households on every machine (numpy's PCG64 through
``numpy.random.default_rng``). What is drawn, and from which distribution, is stated in
``doelen.toml`` under ``[aannames]``; the household types are those of the targets
(``type:<naam>``), drawn in the targets' proportions. Amounts are whole cents.
"""

from __future__ import annotations

import datetime as dt

import attrs
import numpy as np

#: household type → (adults, with children, adults of AOW age, a couple)
TYPES = {
    "alleenstaand": (1, False, False, False),
    "alleenstaand_aow": (1, False, True, False),
    "paar": (2, False, False, True),
    "paar_aow": (2, False, True, True),
    "paar_kinderen": (2, True, False, True),
    "eenouder": (1, True, False, False),
    "kostendelers": (2, False, False, False),
}


@attrs.frozen
class Sample:
    """Generated households: the documents and, per household, what the targets need."""

    documents: list
    types: list
    children: np.ndarray
    #: the household's primary income per year (wages, no benefits or pensions), euros
    primary_income: np.ndarray
    tenant: np.ndarray


def generate(n: int, seed: int, assumptions: dict, type_shares: dict,
             peildatum: dt.date) -> Sample:
    """``n`` households drawn with ``seed``; ``type_shares``: type → share of the sample."""
    rng = np.random.default_rng(seed)
    names = list(type_shares)
    p = np.array([type_shares[k] for k in names], dtype=float)
    kinds = rng.choice(len(names), size=n, p=p / p.sum())
    g = _Draw(rng, assumptions, peildatum)
    docs, types, kids, income, tenant = [], [], [], [], []
    for h in range(n):
        kind = names[kinds[h]]
        doc, n_kids, primary, renting = g.household(kind)
        docs.append(doc)
        types.append(kind)
        kids.append(n_kids)
        income.append(primary)
        tenant.append(renting)
    return Sample(docs, types, np.array(kids), np.array(income, dtype=float),
                  np.array(tenant, dtype=bool))


class _Draw:
    def __init__(self, rng, a: dict, peildatum: dt.date):
        self.rng, self.a, self.day = rng, a, peildatum

    def uniform_int(self, bounds) -> int:
        return int(self.rng.integers(bounds[0], bounds[1] + 1))

    def born(self, age: int) -> str:
        """A birth date ``age`` full years before the peildatum (a day of that year)."""
        year = self.day.year - age - 1
        start = dt.date(year, self.day.month, 1) + dt.timedelta(days=1)
        return (start + dt.timedelta(days=int(self.rng.integers(0, 364)))).isoformat()

    def cents(self, median: float, sigma: float) -> str:
        return f"{round(median * float(np.exp(self.rng.normal(0, sigma))), 2):.2f}"

    def household(self, kind: str):
        adults, with_children, aow, couple = TYPES[kind]
        a = self.a
        persons, relations = {}, []
        primary = 0.0
        any_work = False
        for i in range(adults):
            pid = f"v{i + 1}"
            older = (kind == "paar" and i == 1 and self.rng.random() < a["partner_aow_kans"])
            if aow or older:
                persons[pid] = self.pensioner()
            else:
                bounds = a["leeftijd_ouder"] if with_children else a["leeftijd_volwassene"]
                persons[pid], wage = self.working_age(self.uniform_int(bounds))
                primary += 12 * wage
                any_work = any_work or wage > 0
        if couple:
            relations.append({"soort": "huwelijk", "personen": ["v1", "v2"]})
        n_kids = 0
        if with_children:
            n_kids = 1 + int(self.rng.choice(3, p=np.array(a["kinderen_kansen"]) /
                                             sum(a["kinderen_kansen"])))
            for k in range(n_kids):
                cid = f"k{k + 1}"
                persons[cid] = self.child(int(self.rng.integers(0, 18)))
                for parent in range(adults):
                    relations.append({"soort": "ouder_van", "personen": [f"v{parent + 1}", cid]})
        renting = bool(self.rng.random() < (a["huur_kans_met_werk"] if any_work
                                            else a["huur_kans_zonder_werk"]))
        dwelling = {"huurprijs": f"{self.uniform_int(a['huur'])}.00",
                    "subsidiabele_servicekosten": 0, "geschikt_voor_acht_personen": False,
                    "overschrijding_door_voorzieningen_handicap": False} if renting else {}
        for facts in persons.values():
            facts["woonadres"] = "w1"
            if renting and "opvangsoort" not in facts:
                facts["huurder"] = True
                facts["eerder_huurtoeslag_voor_deze_woning"] = False
        doc = {"peildatum": self.day.isoformat(), "personen": persons,
               "woningen": {"w1": dwelling}, "relaties": relations}
        return doc, n_kids, primary, renting

    def base(self, age: int) -> dict:
        return {"geboortedatum": self.born(age), "zorgverzekerd": True, "student": False,
                "overige_netto_middelen": 0, "schulden": 0, "onverzekerde_jaren": 0,
                "inkomen_box_2_en_3": 0, "netto_particuliere_oudedagsvoorziening": 0}

    def assets(self, working: bool) -> str:
        a = self.a
        if not working and self.rng.random() < a["bezittingen_kans_nul"]:
            return "0.00"
        return self.cents(a["bezittingen_mediaan"], a["bezittingen_sigma"])

    def working_age(self, age: int) -> tuple[dict, float]:
        a = self.a
        facts = self.base(age)
        works = self.rng.random() < a["werkend"]
        wage = float(self.cents(a["loon_mediaan_per_maand"], a["loon_sigma"])) if works else 0.0
        facts["loon_uit_dienstbetrekking"] = f"{wage:.2f}"
        facts["overig_belastbaar_inkomen"] = 0
        facts["bezittingen"] = self.assets(works)
        facts["rendementsgrondslag"] = facts["bezittingen"]
        if not works and self.rng.random() < a["werkloos_van_niet_werkend"]:
            before = float(self.cents(a["loon_mediaan_per_maand"], a["loon_sigma"]))
            first = self.day - dt.timedelta(days=int(self.rng.integers(20, 300)))
            facts.update({
                "werkloos": True, "eerste_werkloosheidsdag": first.isoformat(),
                "weken_gewerkt_in_36": 36, "jareneis_vervuld": True,
                "loon_referteperiode": f"{before * 12 * 1.08:.2f}",
                "arbeidsverleden_jaren_tot_2016": max(0, min(age - 18, 2016 - (self.day.year - age) - 18)),
                "arbeidsverleden_jaren_vanaf_2016": min(max(age - 18, 0), self.day.year - 2016)})
        return facts, wage

    def pensioner(self) -> dict:
        a = self.a
        facts = self.base(self.uniform_int(a["leeftijd_aow"]))
        gross = (float(self.cents(a["pensioen_mediaan_per_jaar"], a["pensioen_sigma"]))
                 if self.rng.random() < a["pensioen_kans"] else 0.0)
        facts["overig_belastbaar_inkomen"] = f"{gross:.2f}"
        facts["netto_particuliere_oudedagsvoorziening"] = \
            f"{gross * a['netto_pensioen_fractie'] / 12:.2f}"
        facts["loon_uit_dienstbetrekking"] = 0
        facts["bezittingen"] = self.assets(gross > 0)
        facts["rendementsgrondslag"] = facts["bezittingen"]
        if self.rng.random() < a["onvolledige_aow_kans"]:
            facts["onverzekerde_jaren"] = self.uniform_int(a["onverzekerde_jaren"])
        return facts

    def child(self, age: int) -> dict:
        facts = self.base(age)
        facts.update({"opvangsoort": "geen", "loon_uit_dienstbetrekking": 0,
                      "overig_belastbaar_inkomen": 0, "bezittingen": 0,
                      "rendementsgrondslag": 0})
        return facts
