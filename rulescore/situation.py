"""Situation JSON into validated, typed facts about persons, dwellings and relations.

Every problem is reported with its JSON path, all at once; an unknown field is an
error with a suggestion, never silently ignored. Any fact may be dated (docs/time.rst):
the dated forms are read by :mod:`rulescore.dated_json`, relations by
:mod:`rulescore.relations_json`, and :meth:`Situation.at` gives the plain situation of a
day (:mod:`rulescore.timeline`). Whether a *required* input is missing
is decided during evaluation (only inputs the law actually needs for this household
are required) and reported by :mod:`rulescore.evaluation`, again all at once.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from decimal import Decimal, InvalidOperation
from fractions import Fraction
from typing import Any

import attrs

from rulescore import types as t
from rulescore.dated_json import declared_range, read_dated
from rulescore.domains import date_problems, not_after_inputs, value_problem
from rulescore.errors import Diagnostic, RulesError, suggest
from rulescore.json_input import duplicate_keys, json_error, loads, lone_surrogates
from rulescore.limits import MAX_ID_LENGTH, MAX_PERSONS, number_problem
from rulescore.periods import Period
from rulescore.program import Program
from rulescore.received_json import load_received
from rulescore.relations_json import load_relations
from rulescore.timeline import Timeline

#: Digits are ASCII: Python's ``\d`` (and ``Decimal``) would read "١٥" as 15.
_DUTCH_NUMBER = re.compile(r"^-?[0-9]{1,3}(\.[0-9]{3})+(,[0-9]+)?\Z|^-?[0-9]+(,[0-9]+)?\Z")
_DOT_NUMBER = re.compile(r"^-?[0-9]+(\.[0-9]+)?\Z")
#: "1.460" is 1460 in Dutch notation but 1.46 in English: refused, never guessed.
_AMBIGUOUS = re.compile(r"^-?[0-9]{1,3}\.[0-9]{3}\Z")


@attrs.frozen
class Situation:
    """A household's facts, checked against the declared inputs: on a peildatum, or over
    time when any of them is dated (then the fields hold the undated facts, every person
    and the undated relations, and :meth:`at` gives the facts of a day)."""

    peildatum: dt.date | None
    #: person id → {input name → typed value}
    persons: dict[str, dict[str, Any]]
    #: dwelling id → {input name → typed value}
    dwellings: dict[str, dict[str, Any]]
    #: (relation kind, person a, person b) → {fact → value}; symmetric kinds stored both ways.
    relations: dict[tuple[str, str, str], dict[str, Any]]
    #: the person ids in sorted order (every rule over "everyone" walks them)
    person_ids: tuple[str, ...] = attrs.field(init=False, eq=False, repr=False)
    #: what depends on the day (dated facts, relation periods, lifetimes, van/tot); None
    #: for a situation on one peildatum
    timeline: Timeline | None = attrs.field(default=None, kw_only=True)
    #: a snapshot's (dated situation, day) it was taken from (:meth:`known_on`), or None
    origin: tuple | None = attrs.field(default=None, kw_only=True, eq=False, repr=False)
    #: person id → {outcome → amount, True or False}: ``ontvangt`` (rulescore.received_json)
    received: dict = attrs.field(factory=dict, kw_only=True, eq=False, repr=False)

    def __attrs_post_init__(self):
        object.__setattr__(self, "person_ids", tuple(sorted(self.persons)))

    @property
    def is_dated(self) -> bool:
        """Whether anything in the situation depends on the day."""
        return self.timeline is not None

    @property
    def range(self) -> tuple[Period, Period] | None:
        """The declared ``van``/``tot`` as months (``tot`` inclusive), or None."""
        tl = self.timeline
        return (tl.van, tl.tot) if tl is not None and tl.van is not None else None

    def lifetime(self, pid: str) -> tuple[dt.date | None, dt.date | None]:
        """(geboortedatum, overlijdensdatum) of a person, either None when not stated."""
        if self.timeline is not None:
            return self.timeline.lifetimes[pid]
        return self.persons[pid].get("geboortedatum"), None

    def at(self, day: dt.date) -> "Situation":
        """The plain situation of ``day``: dated values resolved, the relations active
        that day, the persons alive; ``self`` when nothing is dated."""
        tl = self.timeline
        if tl is None:
            return self
        segment = tl.segment(day)
        snap = tl.snapshots.get(segment)
        if snap is None:
            snap = tl.snapshots[segment] = tl.snapshot(self, day)
        return snap

    def known_on(self, day: dt.date, known: dt.date) -> "Situation":
        """The plain situation of ``day`` as known on ``known``: a piece whose ``besluit``
        lies after ``known`` is not yet known, the value known before it holds."""
        return self if self.timeline is None else self.timeline.known_snapshot(self, day, known)

    def change_days(self, first: dt.date, last: dt.date) -> tuple[dt.date, ...]:
        """Every day in ``[first, last]`` whose snapshot may differ from the day before's
        (a value, a relation or a person's existence changes), in order."""
        return self.timeline.change_days(first, last) if self.timeline is not None else ()

    @classmethod
    def from_json(cls, text: str, program: Program, source: str = "<situatie>") -> "Situation":
        try:
            data = loads(text)
        except json.JSONDecodeError as exc:
            raise RulesError((json_error(exc, f"{source}:{exc.lineno}:{exc.colno}"),)) from None
        return cls.from_dict(data, program)

    @classmethod
    def from_dict(cls, data: Any, program: Program) -> "Situation":
        diags: list[Diagnostic] = duplicate_keys(data)
        if surrogates := lone_surrogates(data):  # (no message may show such a text: stop here)
            raise RulesError(tuple(diags + surrogates))
        loader = _Loader(program, diags)
        situation = loader.load(data)
        if diags:
            raise RulesError(tuple(diags))
        return situation


#: Keys of a person, dwelling or relation object that are not inputs.
_RESERVED = {"persoon": ("geen", "overlijdensdatum", "ontvangt"), "woning": ("geen",),
             "relatie": ("soort", "personen", "vanaf", "tot", "tot_en_met")}


class _Loader:
    span: tuple = (None, None)

    def __init__(self, program: Program, diags: list[Diagnostic]):
        self.program = program
        self.diags = diags
        self.inputs = program.inputs()
        self.relation_kinds = program.relations()
        #: JSON path of a person, dwelling or relation → {input → pieces}
        self.dated_facts: dict = {}

    def computed(self, name: str) -> list[str]:
        """The definitions and parameters named ``name``, for a hint when one is given as input."""
        return sorted(q for q, sym in self.program.symbols.items()
                      if sym.kind in ("definitie", "parameter", "tabel")
                      and q.rsplit(".", 1)[-1] == name)

    def err(self, code, message, path, hint=None):
        self.diags.append(Diagnostic(code, message, path=path, hint=hint))

    def load(self, data) -> Situation:
        if not isinstance(data, dict):
            self.err("RS302", "een situatie is een JSON-object met 'personen'", "$")
            return Situation(None, {}, {}, {})
        allowed = {"peildatum", "personen", "woningen", "relaties", "toelichting", "van", "tot"}
        for key in data:
            if key not in allowed:
                self.err("RS303", f"onbekend veld '{key}'", f"$.{key}", suggest(key, allowed))
        peildatum = None
        if "peildatum" in data:
            peildatum = self.value(data["peildatum"], t.DATUM, "$.peildatum")
        persons_raw = data.get("personen")
        if not isinstance(persons_raw, dict) or not persons_raw:
            self.err("RS302", "'personen' moet een object zijn met minstens één persoon",
                     "$.personen", 'bijv. "personen": {"anna": {"geboortedatum": "1990-05-01"}}')
            persons_raw = {}
        self.bounded(persons_raw)
        dwellings_raw = data.get("woningen", {})
        if not isinstance(dwellings_raw, dict):
            self.err("RS302", "'woningen' moet een object zijn", "$.woningen")
            dwellings_raw = {}
        for owner, ids in (("personen", persons_raw), ("woningen", dwellings_raw)):
            for key in ids:
                if len(key) > MAX_ID_LENGTH:
                    self.err("RS346", f"een id van {len(key)} tekens; ten hoogste "
                             f"{MAX_ID_LENGTH}", f"$.{owner}.{key[:20]}…",
                             "een id is een korte naam, bijv. \"sara\" of \"w1\"")
        van = tot = None
        if "van" in data or "tot" in data:
            van, tot = self.span = declared_range(data, self.err)
        dwellings = {wid: self.facts(facts, "woning", f"$.woningen.{wid}")
                     for wid, facts in dwellings_raw.items()}
        dated_dwellings = self.take_dated("woningen", dwellings)
        persons = {pid: self.facts(facts, "persoon", f"$.personen.{pid}")
                   for pid, facts in persons_raw.items()}
        dated_persons = self.take_dated("personen", persons)
        for pid, facts in persons.items():
            for name, value in facts.items():
                if self.inputs[name].type == t.ADRES and value not in dwellings:
                    self.err("RS304", f"woning '{value}' staat niet onder 'woningen'",
                             f"$.personen.{pid}.{name}", suggest(str(value), dwellings))
        for pid, dated in dated_persons.items():
            for name, pieces in dated.items():
                for p in pieces if self.inputs[name].type == t.ADRES else ():
                    if p.value not in dwellings:
                        self.err("RS304", f"woning '{p.value}' staat niet onder 'woningen'",
                                 p.where, suggest(str(p.value), dwellings))
        deaths = {pid: self.death(pid, raw, persons[pid]) for pid, raw in persons_raw.items()
                  if isinstance(raw, dict) and "overlijdensdatum" in raw}
        rels, any_dated = load_relations(self, data.get("relaties", []), persons, deaths)
        relations = {}
        for rel in rels:
            if rel.start is None and rel.end is None and not rel.dated:
                relations[(rel.kind, rel.a, rel.b)] = rel.facts
                if rel.symmetric:
                    relations[(rel.kind, rel.b, rel.a)] = rel.facts
        timeline = None
        if van is not None or dated_persons or dated_dwellings or deaths or any_dated:
            lifetimes = {pid: (facts.get("geboortedatum"), deaths.get(pid))
                         for pid, facts in persons.items()}
            timeline = Timeline(van, tot, dated_persons, dated_dwellings, rels, lifetimes)
        situation = Situation(peildatum, persons, dwellings, relations, timeline=timeline,
                              received=load_received(self, persons_raw))
        if peildatum is not None:
            snap = situation.at(peildatum) if timeline is not None else situation
            self.diags.extend(date_problems(not_after_inputs(self.inputs), snap.persons,
                                            snap.dwellings, peildatum))
        return situation

    def take_dated(self, owners: str, ids) -> dict:
        """The dated facts read for ``$.personen`` or ``$.woningen``: id → {input → pieces}."""
        if not self.dated_facts:
            return {}
        return {i: self.dated_facts.pop(f"$.{owners}.{i}") for i in ids
                if f"$.{owners}.{i}" in self.dated_facts}

    def death(self, pid: str, raw: dict, facts: dict):
        """The ``overlijdensdatum``; RS528 when it lies before the birth."""
        birth = facts.get("geboortedatum")
        death = self.value(raw["overlijdensdatum"], t.DATUM, f"$.personen.{pid}.overlijdensdatum")
        if death is not None and birth is not None and death < birth:
            self.err("RS528", f"overlijdensdatum {death} ligt vóór geboortedatum {birth}",
                     f"$.personen.{pid}.overlijdensdatum", "controleer beide datums")
        return death

    def bounded(self, persons_raw: dict) -> None:
        """The documented bound on persons per household (docs/limits.rst)."""
        if len(persons_raw) > MAX_PERSONS:
            self.err("RS344", f"{len(persons_raw)} personen in één huishouden; ten hoogste "
                     f"{MAX_PERSONS}", "$.personen",
                     "splits de situatie in huishoudens (één per woonadres)")

    def number(self, raw, path: str, typ: t.Type):
        """A number in the stated range and precision (docs/limits.rst), or None.

        A JSON number is judged on its digits first: ``1e999999999`` is never expanded."""
        decimal = isinstance(raw, Decimal) and raw.is_finite()
        problem = number_problem(raw) if decimal else None
        if problem is None:
            number = parse_number(raw)
            if number is None:
                self.err("RS310", f"verwacht {typ.describe()}, gekregen {_show(raw)}", path,
                         "een getal als 1401.50 of als tekst in Nederlandse notatie: \"1.401,50\"")
                return None
            if not decimal:  # (a Decimal's check above was already exact)
                problem = number_problem(number)
        if problem is not None:
            code, message, hint = problem
            self.err(code, f"{message}, gekregen {_show(raw)}", path, hint)
            return None
        return number

    def facts(self, raw, owner: str, path: str, relation: str | None = None) -> dict:
        """The plain facts of a person, dwelling or relation; the dated ones go into
        ``self.dated_facts[path]``."""
        if not isinstance(raw, dict):
            self.err("RS302", f"verwacht een object met gegevens van de {owner}", path)
            return {}
        out = {}
        known = {n: s for n, s in self.inputs.items() if s.decl.owner == owner
                 and (relation is None or s.decl.relation == relation)}
        if owner != "relatie" and "geen" in raw:
            out.update(self.none_of(raw["geen"], raw, known, f"{path}.geen"))
        reserved = _RESERVED[owner]
        for key, value in raw.items():
            if key in reserved:
                continue
            sym = known.get(key)
            if sym is None:
                hint = suggest(key, known)
                if key in self.inputs:
                    hint = (f"'{key}' is een gegeven van "
                            f"{self.inputs[key].decl.relation or self.inputs[key].decl.owner}, "
                            f"niet van {relation or owner}")
                elif computed := self.computed(key):
                    hint = (f"'{key}' wordt berekend ({', '.join(computed)}) en is geen invoer; "
                            "geef de gegevens op waaruit het volgt")
                self.err("RS303", f"onbekend gegeven '{key}'", f"{path}.{key}", hint)
                continue
            if isinstance(value, (list, dict)):
                self.dated(value, sym, path, key)
                continue
            typed = self.value(value, sym.type, f"{path}.{key}")
            if typed is not None and sym.decl.domain is not None and sym.type.kind == "getal":
                problem = value_problem(sym.decl, typed, f"{path}.{key}")
                if problem is not None:
                    self.diags.append(problem)
                    continue
            if typed is not None:
                out[key] = typed
        return out

    def typed(self, value, sym, path: str):
        """One value of an input, typed and within its domain, or None (reported)."""
        typed = self.value(value, sym.type, path)
        if typed is not None and sym.decl.domain is not None and sym.type.kind == "getal":
            problem = value_problem(sym.decl, typed, path)
            if problem is not None:
                self.diags.append(problem)
                return None
        return typed

    def dated(self, value, sym, owner_path: str, key: str) -> None:
        """A dated value (pieces or per month) into :attr:`dated_facts` (RS520–RS529)."""
        domain = sym.decl.domain
        path = f"{owner_path}.{key}"
        if domain is not None and domain.kind == "niet na peildatum":
            self.err("RS525", f"'{sym.decl.name}' kan niet in de tijd veranderen: geef één "
                     "waarde", path, "een datum als de geboortedatum ligt vast; geef hem "
                     "zonder 'vanaf'/'tot'")
            return
        span = (self.span[0].start, self.span[1].end) if self.span[0] is not None else None
        pieces = read_dated(value, path, lambda raw, where: self.typed(raw, sym, where),
                            self.err, span)
        if pieces is not None:
            self.dated_facts.setdefault(owner_path, {})[key] = pieces

    def none_of(self, names, raw: dict, known: dict, path: str) -> dict:
        """``"geen": ["loon_uit_dienstbetrekking", …]``: amounts this person does not have,
        each stated as 0 — compactly, and never by a silent default."""
        if not isinstance(names, list) or not all(isinstance(n, str) for n in names):
            self.err("RS352", "'geen' is een lijst van namen van bedragen", path,
                     'bijv. "geen": ["loon_uit_dienstbetrekking", "inkomen_box_2_en_3"]')
            return {}
        out: dict = {}
        for i, name in enumerate(names):
            where = f"{path}[{i}]"
            sym = known.get(name)
            if sym is None:
                self.err("RS352", f"'geen' noemt onbekend gegeven '{name}'", where,
                         suggest(name, [n for n, s in known.items() if s.type.kind == "getal"]))
            elif sym.type.kind != "getal" or sym.type.display != "bedrag":
                self.err("RS352", f"'geen' is voor bedragen; '{name}' is {sym.type.describe()}",
                         where, f"geef '{name}' een waarde")
            elif name in out:
                self.err("RS353", f"'{name}' staat twee keer in 'geen'", where)
            elif name in raw:
                self.err("RS353", f"'{name}' staat in 'geen' en heeft ook een waarde", where,
                         f"laat '{name}' uit 'geen' of haal de waarde weg")
            elif (problem := value_problem(sym.decl, Fraction(0), where)) is not None:
                self.diags.append(problem)
            else:
                out[name] = Fraction(0)
        return out

    def value(self, raw, typ: t.Type, path: str):
        """Convert one JSON value to the declared type, or report why not."""
        if typ.kind == "getal":
            if isinstance(raw, str) and _AMBIGUOUS.match(raw.strip().removeprefix("€").strip()):
                self.err("RS314", f"dubbelzinnig getal {json.dumps(raw)}: duizendtallen of decimalen?",
                         path, f"schrijf \"{raw.replace('.', '')}\" of \"{raw.replace('.', ',')}\" "
                         "(of een JSON-getal)")
                return None
            return self.number(raw, path, typ)
        if typ.kind == "datum":
            if isinstance(raw, str):
                try:
                    return dt.date.fromisoformat(raw)
                except ValueError:
                    pass
            self.err("RS311", f"verwacht een datum (JJJJ-MM-DD), gekregen {_show(raw)}",
                     path, "bijv. \"2026-01-01\"; bestaat de datum wel?")
            return None
        if typ.kind == "ja/nee":
            if isinstance(raw, bool):
                return raw
            if raw in ("ja", "nee"):  # as a person writes it
                return raw == "ja"
            self.err("RS312", f"verwacht ja of nee (of true/false), gekregen {_show(raw)}", path)
            return None
        if typ.kind == "keuze":
            values = self.program.symbols[typ.enum].decl.values
            if raw in values:
                return raw
            self.err("RS313", f"verwacht een van {', '.join(values)}, gekregen "
                     f"{_show(raw)}", path, suggest(str(raw), values))
            return None
        if isinstance(raw, str):
            return raw
        self.err("RS310", f"verwacht {typ.describe()} als tekst, gekregen {_show(raw)}", path)
        return None


def parse_number(raw) -> Fraction | None:
    """A JSON number or Dutch/English amount text as an exact Fraction; None if it is neither."""
    if isinstance(raw, bool):
        return None
    if isinstance(raw, int):
        return Fraction(raw)
    if isinstance(raw, Decimal):
        return Fraction(raw) if raw.is_finite() else None
    if isinstance(raw, float):  # from Python callers: the shortest repr is what was written
        return Fraction(Decimal(repr(raw))) if raw == raw and abs(raw) != float("inf") else None
    if isinstance(raw, str):
        text = raw.strip().removeprefix("€").strip()
        try:
            if _DUTCH_NUMBER.match(text) and ("," in text or text.count(".") != 1):
                return Fraction(Decimal(text.replace(".", "").replace(",", ".")))
            if _DOT_NUMBER.match(text):
                return Fraction(Decimal(text))
        except InvalidOperation:
            return None
    return None


def _show(raw) -> str:
    """A JSON value as the user wrote it, shortened, for a diagnostic."""
    text = json.dumps(raw, ensure_ascii=False,
                      default=_plain)
    return text if len(text) <= 60 else text[:57] + "…"


def _plain(v):
    """A Decimal as a JSON number if it is one of a sane size, else its text."""
    if isinstance(v, Decimal):
        return int(v) if v == v.to_integral_value() and v.adjusted() < 30 else (
            float(v) if -30 < v.adjusted() < 30 else str(v))
    return str(v)
