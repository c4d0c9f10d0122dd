"""The ``relaties`` list of a situation into relations with their periods, checked.

A relation may carry ``vanaf``/``tot``/``tot_en_met`` (marriage, tenancy, …); the same
kind between the same persons may occur more than once with disjoint periods (divorce and
remarriage). Reported: unknown kinds and persons (RS305–RS307), the same relation twice
(RS308, or RS527 when a period is stated and they overlap), a second relation of a
``uniek`` kind on a day the first holds (RS309), a relation outside a person's lifetime
(RS526) and cycles of a ``zonder kringen`` kind (RS354).
"""

from __future__ import annotations

import datetime as dt

from rulescore.dated_json import period, show_period
from rulescore.domains import parent_cycles
from rulescore.errors import suggest
from rulescore.timeline import DatedRelation, overlaps


def load_relations(loader, raw, persons: dict, deaths: dict) -> tuple[tuple, bool]:
    """Every valid entry of ``relaties``, and whether any has a period or dated facts
    (``loader`` is the situation loader: it types the facts and collects the diagnostics;
    ``deaths`` maps a person to the overlijdensdatum, if stated)."""
    err = loader.err
    if not isinstance(raw, list):
        err("RS302", "'relaties' moet een lijst zijn", "$.relaties")
        return (), False
    any_dated = False
    out: list[tuple[int, DatedRelation, bool]] = []  # (index, relation, has a period)
    chains: dict = {}  # kind → {(a, b): index} for the relations declared 'zonder kringen'
    for i, rel in enumerate(raw):
        path = f"$.relaties[{i}]"
        if not isinstance(rel, dict):
            err("RS302", "een relatie is een object met 'soort' en 'personen'", path)
            continue
        kind = rel.get("soort")
        if not isinstance(kind, str) or kind not in loader.relation_kinds:
            err("RS305", f"onbekende soort relatie {kind!r}", f"{path}.soort",
                suggest(str(kind), loader.relation_kinds))
            continue
        pair = rel.get("personen")
        if (not isinstance(pair, list) or len(pair) != 2
                or not all(isinstance(p, str) for p in pair)):
            err("RS302", "'personen' van een relatie is een lijst van twee namen",
                f"{path}.personen")
            continue
        bad = [p for p in pair if p not in persons]
        for p in bad:
            err("RS306", f"relatie met onbekende persoon '{p}'", f"{path}.personen",
                suggest(p, persons))
        if bad:
            continue
        if pair[0] == pair[1]:
            err("RS307", "een relatie verbindt twee verschillende personen", f"{path}.personen")
            continue
        facts = loader.facts(rel, "relatie", path, relation=kind)
        dated = loader.dated_facts.pop(path, {})
        a, b = pair
        has_period = "vanaf" in rel or "tot" in rel or "tot_en_met" in rel
        start = end = None
        if has_period:
            good, start, end = period(rel, path, err)
            lifetimes = {p: (persons[p].get("geboortedatum"), deaths.get(p)) for p in pair}
            end_key = f"{path}.{'tot' if 'tot' in rel else 'tot_en_met'}"
            if not good or not _in_lifetimes(err, kind, pair, start, end, lifetimes,
                                             f"{path}.vanaf", end_key):
                continue
        decl = loader.relation_kinds[kind].decl
        new = DatedRelation(kind, a, b, start, end, decl.symmetric, facts, dated)
        if not _fits(err, new, has_period, out, decl, path):
            continue
        out.append((i, new, has_period))
        any_dated = any_dated or has_period or bool(dated)
        if decl.acyclic:
            chains.setdefault(kind, {}).setdefault((a, b), i)
    for kind, pairs in sorted(chains.items()):
        loader.diags.extend(parent_cycles(kind, pairs))
    return tuple(rel for _, rel, _ in out), any_dated


def _same_pair(x: DatedRelation, y: DatedRelation) -> bool:
    return (x.a, x.b) == (y.a, y.b) or (x.symmetric and (x.a, x.b) == (y.b, y.a))


def _fits(err, new: DatedRelation, has_period: bool, out, decl, path: str) -> bool:
    """Whether ``new`` may stand next to the relations already read (else reported)."""
    kind, a, b = new.kind, new.a, new.b
    for j, old, old_period in out:
        if old.kind != kind or not _same_pair(old, new):
            continue
        if not has_period and not old_period:
            err("RS308", f"relatie '{kind}' tussen {a} en {b} staat er twee keer", path)
            return False
        if overlaps(old.start, old.end, new.start, new.end):
            err("RS527", f"relatie '{kind}' tussen {a} en {b} ({show_period(new.start, new.end)}) "
                f"overlapt met $.relaties[{j}] ({show_period(old.start, old.end)})", path,
                "dezelfde relatie kan vaker voorkomen (scheiding en hertrouwen), maar "
                "in perioden die elkaar niet overlappen")
            return False
    if decl.unique:
        for p, other in ((a, b), (b, a)) if decl.symmetric else ((a, b),):
            taken = [y for _, r, _ in out for (x, y) in _ends(r)
                     if r.kind == kind and x == p and y != other
                     and overlaps(r.start, r.end, new.start, new.end)]
            if taken:
                err("RS309", f"{p} heeft al een relatie '{kind}' (met {taken[0]}); "
                    f"er kan er maar één zijn", path,
                    hint=f"'{kind}' is uniek: een persoon heeft er hoogstens één")
                return False
    return True


def _ends(r: DatedRelation):
    return ((r.a, r.b), (r.b, r.a)) if r.symmetric else ((r.a, r.b),)


def _in_lifetimes(err, kind, pair, start, end, lifetimes, start_key, end_key) -> bool:
    """A stated period within the lifetime of both persons (RS526)."""
    ok = True
    for p in pair:
        birth, death = lifetimes.get(p, (None, None))
        after_death = death + dt.timedelta(days=1) if death is not None else None
        if start is not None and ((birth is not None and start < birth)
                                  or (death is not None and start > death)):
            where = start_key
        elif end is not None and ((after_death is not None and end > after_death)
                                  or (birth is not None and end <= birth)):
            where = end_key
        else:
            continue
        life = ", ".join(([f"geboren {birth}"] if birth else [])
                         + ([f"overleden {death}"] if death else []))
        err("RS526", f"relatie '{kind}' ({show_period(start, end)}) valt buiten het leven "
            f"van {p} ({life})", where,
            f"een relatie begint niet vóór de geboorte en eindigt niet na het overlijden "
            f"van {p}; controleer de datums")
        ok = False
    return ok
