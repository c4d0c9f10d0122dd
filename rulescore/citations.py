"""Citations into the law's name, article and a link to its text on wetten.overheid.nl
(a municipality's verordening, cited by CVDR-id, on lokaleregelgeving.overheid.nl).

A rules file cites by BWB-id (``BWBR0018451 artikel 2 lid 1``): exact, but no reader knows
the id. The name comes from the regulation that has that BWB-id (its title, without a
parenthesised remark); an id no loaded regulation has keeps the short names below, which
cover the laws the bundled rules cite besides their own, and otherwise stays the id.
"""

from __future__ import annotations

import datetime as dt

from rulescore import model as m

#: Laws cited by the rules in this repository that no regulation is (as the rules' own comments name them).
KNOWN_LAWS = {
    "BWBR0002320": "Algemene wet inzake rijksbelastingen",
    "BWBR0002471": "Wet op de loonbelasting 1964",
    "BWBR0002656": "Burgerlijk Wetboek Boek 1",
    "BWBR0017745": "Wet financiering sociale verzekeringen",
    "BWBR0018450": "Zorgverzekeringswet",
    "BWBR0049106": "Wet verlaging eigen bijdrage huurtoeslag",
    "BWBR0017017": "Wet kinderopvang",
    "BWBR0033715": "Wet basisregistratie personen",
    "BWBR0011823": "Vreemdelingenwet 2000",
    # cited by the gemeente Amsterdam distribution (plugins/gemeente_amsterdam), whose
    # kwijtschelding applies the Uitvoeringsregeling without being it
    "BWBR0004044": "IOAW",
    "BWBR0004766": "Uitvoeringsregeling Invorderingswet 1990",
    "BWBR0004770": "Invorderingswet 1990",
    "BWBR0047157": "Regeling kwijtschelding belastingen medeoverheden",
}


def law_names(program) -> dict[str, str]:
    """BWB-id → the name readers know, from the program's regulations and KNOWN_LAWS."""
    names = {}
    for reg in program.regulations.values():
        if reg.bwb and not reg.is_scenario:
            names[reg.bwb] = reg.title.split(" (")[0]
    return names | KNOWN_LAWS  # a regulation on part of a law (basis) is not the law


def site(bwb: str) -> str:
    """Where the text of the law with this id is published."""
    return "lokaleregelgeving.overheid.nl" if bwb.startswith("CVDR") else "wetten.overheid.nl"


def url(bwb: str, day: dt.date | None) -> str:
    """The statute text as it read on ``day`` (the current text without one); a decentral
    regulation (a CVDR-id) at its current version, since CVDR numbers versions, not days."""
    if bwb.startswith("CVDR"):
        return f"https://lokaleregelgeving.overheid.nl/{bwb}"
    return f"https://wetten.overheid.nl/{bwb}" + (f"/{day.isoformat()}" if day else "")


def describe(cited, default_bwb: str | None, names: dict[str, str]) -> str:
    """``Wet op de zorgtoeslag artikel 2 lid 1, artikel 3; Awir artikel 8``: the
    citations grouped by law, in the order cited, each law named once (its id where no
    name is known)."""
    laws: dict = {}
    for c in cited:
        place = " ".join([f"artikel {c.artikel}"] + [f"{w} {v}" for w, v in (
            ("lid", c.lid), ("onderdeel", c.onderdeel)) if v])
        laws.setdefault(c.bwb or default_bwb, []).append(place)
    return "; ".join((f"{names.get(bwb, bwb)} " if bwb else "") + ", ".join(
        dict.fromkeys(places)) for bwb, places in laws.items())


def as_data(citation: m.Citation, default_bwb: str | None, names: dict[str, str],
            day: dt.date | None) -> dict:
    """The citation as JSON data: law, id, article, member, item and link."""
    bwb = citation.bwb or default_bwb
    out = {"artikel": citation.artikel}
    if citation.lid:
        out["lid"] = citation.lid
    if citation.onderdeel:
        out["onderdeel"] = citation.onderdeel
    if bwb:
        key = "cvdr" if bwb.startswith("CVDR") else "bwb"
        out |= {"wet": names.get(bwb, bwb), key: bwb, "url": citation.url or url(bwb, day)}
    elif citation.url:
        out["url"] = citation.url
    return out
