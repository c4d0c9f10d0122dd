"""A lark parse tree into :mod:`rulescore.model` objects with spans; no name resolution."""

from __future__ import annotations

import datetime as dt

from lark import Token, Tree

from rulescore import model as m
from rulescore.errors import Diagnostic, RulesError
from rulescore.dsl.transformer_expressions import MONTHS as MONTH_NUMBERS
from rulescore.periods import MONTH_NAMES
from rulescore.dsl.transformer_expressions import DateError, ExpressionRules, _unquote
from rulescore.dsl.transformer_regimes import RegimeRules, frozen_values
from rulescore.dsl.transformer_scenarios import ScenarioRules


#: Deepest nesting of the parse tree (each operator, 'als' or call is a level). Law text
#: never comes near it; the bound keeps every later stage (checker, compiler, evaluator,
#: printer — all recursive over expressions) far inside Python's recursion limit.
MAX_DEPTH = 150
_CLAUSES = ("toelichting", "aanname", "tijdvak", "betaling", "gezamenlijk", "vanaf_besluit",
            "bijdrage_aan")


class ToModel(ExpressionRules, RegimeRules, ScenarioRules):
    """Build model objects bottom-up. Each method is named after a grammar rule/alias and
    takes the node's position (``meta``) and its transformed children.

    The walk is ours rather than lark's ``Transformer``: that one builds a wrapper object
    per node for ``v_args(meta=True)``, which was a quarter of loading the bundled rules.
    """

    def __init__(self, filename: str, text: str):
        self.filename = filename
        self.text = text

    def transform(self, tree: Tree, depth: int = 0):
        if depth > MAX_DEPTH:
            raise RulesError((Diagnostic(
                "RS005", f"de regel is dieper genest dan {MAX_DEPTH} niveaus",
                span=self._span(tree.meta),
                hint="splits de uitdrukking in definities met een eigen naam"),),
                {self.filename: self.text})
        children = [self.transform(c, depth + 1) if isinstance(c, Tree) else c
                    for c in tree.children]
        try:
            return getattr(self, tree.data)(tree.meta, children)
        except DateError as exc:
            raise RulesError((Diagnostic("RS003", f"de datum {exc} bestaat niet", span=exc.span,
                                         hint="controleer dag en maand"),),
                             {self.filename: self.text}) from None
        except ValueError as exc:  # a value the grammar admits but the model cannot hold
            raise RulesError((Diagnostic("RS004", str(exc), span=self._span(tree.meta)),),
                             {self.filename: self.text}) from None

    def _span(self, meta) -> m.Span:
        if getattr(meta, "empty", True):
            return m.NOWHERE
        return m.Span(self.filename, meta.line, meta.column, meta.end_line, meta.end_column)

    def _tspan(self, tok: Token) -> m.Span:
        return m.Span(self.filename, tok.line, tok.column, tok.end_line, tok.end_column)

    # ------------------------------------------------------------ header
    def start(self, meta, children):
        return children[0]

    def regeling(self, meta, children):
        name, title, *rest = children
        header = {"bwb": None, "uitvoerder": None, "url": None, "uses": (), "tijdvak": None}
        items, examples, bindings = [], [], []
        for child in rest:
            if isinstance(child, tuple) and child and child[0] == "kop":
                key, value = child[1], child[2]
                header[key] = header["uses"] + value if key == "uses" else value
            elif isinstance(child, m.Binding):
                bindings.append(child)
            elif isinstance(child, m.Example):
                examples.append(child)
            else:
                items.append(child)
        return m.Regulation(str(name), _unquote(title), header["bwb"], header["uitvoerder"],
                            header["url"], tuple(header["uses"]), tuple(items),
                            tuple(examples), tuple(bindings), source=self.text,
                            tijdvak=header["tijdvak"], span=self._span(meta))

    def kop_begrip(self, meta, c):
        return m.Binding(str(c[0]), str(c[1]), (), span=self._span(meta))

    def begrip(self, meta, c):
        name, typ, *clauses = c
        return m.Concept(str(name), typ, self._meta(clauses), self._span(meta))

    def variant(self, meta, c):
        name, concept, *rest = c
        clauses, _ = self._split(rest[:-1], ())
        return m.Variant(str(name), str(concept), self._meta(clauses), rest[-1], self._span(meta))

    def kop_bwb(self, meta, c):
        return ("kop", "bwb", str(c[0]))

    def kop_uitvoerder(self, meta, c):
        return ("kop", "uitvoerder", _unquote(c[0]))

    def kop_url(self, meta, c):
        return ("kop", "url", _unquote(c[0]))

    def kop_gebruikt(self, meta, c):
        return ("kop", "uses", tuple(str(t) for t in c))

    # ------------------------------------------------------------ clauses
    def bron(self, meta, c):
        bwb, artikel, lid, onderdeel, url = c
        return m.Citation(str(bwb) if bwb else None, str(artikel), _opt(lid), _opt(onderdeel),
                          _unquote(url) if url else None, span=self._span(meta))

    def toelichting(self, meta, c):
        return ("toelichting", _unquote(c[0]))

    def aanname(self, meta, c):
        return ("aanname", _unquote(c[0]))

    def tijdvak(self, meta, c):
        return ("tijdvak", m.TijdvakClause(str(c[0]), self._tspan(c[0])))

    def betaling(self, meta, c):
        tok = c[0]
        words = str(tok).split()
        if words[2] == "dag":  # betaald op dag 20 van de maand ervoor
            clause = m.PaymentClause(words[0], " ".join(words[6:]), int(words[3]), None,
                                     self._tspan(tok))
        else:  # teruggevorderd op 1 juli van het jaar erna
            clause = m.PaymentClause(words[0], "jaar erna", int(words[2]),
                                     MONTH_NAMES.index(words[3]) + 1, self._tspan(tok))
        return ("betaling", clause)

    def gezamenlijk(self, meta, c):
        return ("gezamenlijk", c[0])

    def bijdrage_aan(self, meta, c):
        return ("bijdrage_aan", c[0])

    def kop_tijdvak(self, meta, c):
        return ("kop", "tijdvak", m.TijdvakClause(str(c[0]), self._tspan(c[0])))

    def _meta(self, clauses) -> m.Meta:
        cites, notes, assumptions, known, tijdvak, betaling, joint = [], [], [], [], None, None, None
        contributes = None
        for cl in clauses:
            if isinstance(cl, m.Citation):
                cites.append(cl)
            elif cl[0] == "toelichting":
                notes.append(cl[1])
            elif cl[0] == "tijdvak":
                tijdvak = cl[1]  # a second one: the last counts (the checker names it)
            elif cl[0] == "betaling":
                betaling = cl[1]  # likewise
            elif cl[0] == "gezamenlijk":
                joint = cl[1]  # likewise
            elif cl[0] == "vanaf_besluit":  # feit x telt vanaf het besluit (one per input)
                known.append(cl[1])
            elif cl[0] == "bijdrage_aan":
                contributes = cl[1]  # a second one: the last counts
            else:
                assumptions.append(cl[1])
        return m.Meta(tuple(cites), " ".join(notes) if notes else None, tuple(assumptions),
                      tijdvak, betaling, joint, tuple(known), contributes)

    @staticmethod
    def _split(children, kinds):
        clauses = [c for c in children if isinstance(c, m.Citation)
                   or (isinstance(c, tuple) and c and c[0] in _CLAUSES)]
        rest = [c for c in children if not any(c is x for x in clauses)]
        return clauses, [c for c in rest if isinstance(c, kinds)]

    # ------------------------------------------------------------ declarations
    def parameter(self, meta, c):
        name, typ, *rest = c
        clauses, values = self._split(rest, m.DatedValue)
        return m.Parameter(str(name), typ, self._meta(clauses), frozen_values(tuple(values)),
                           self._span(meta))

    def gedateerde_waarde(self, meta, c):
        date, tot, lit, aanname = c
        frozen = isinstance(lit, Token) and lit.type == "BEVROREN"
        return m.DatedValue(date, None if frozen else lit, _unquote(aanname) if aanname else None,
                            tot, frozen, span=self._span(meta))

    def tabel(self, meta, c):
        name, typ, *rest = c
        keys = [str(t) for t in rest if isinstance(t, Token) and t.type == "NAME"]
        rest = [x for x in rest if not (isinstance(x, Token) and x.type == "NAME")]
        clauses, versions = self._split(rest, m.TableVersion)
        return m.Table(str(name), typ, self._meta(clauses), tuple(keys), tuple(versions),
                       self._span(meta))

    def tabelversie(self, meta, c):
        date, tot, *rows, aanname = c
        return m.TableVersion(date, tuple(rows), _unquote(aanname) if aanname else None, tot,
                              self._span(meta))

    def rij(self, meta, c):
        *keys, value = c
        return m.Row(tuple(keys), value, self._span(meta))

    def sleutel_is(self, meta, c):
        return m.KeyPattern("is", c[0])

    def sleutel_tot(self, meta, c):
        return m.KeyPattern("tot", c[0], c[1])

    def sleutel_vanaf(self, meta, c):
        return m.KeyPattern("vanaf", c[0])

    def sleutel_overig(self, meta, c):
        return m.KeyPattern("overig")

    def definitie(self, meta, c):
        soort, name, typ, *rest = c
        body = rest[-1]
        clauses, _ = self._split(rest[:-1], ())
        dmeta = self._meta(clauses)
        selector, versions, unversioned = None, body[1], body[0] == "enkel"
        if unversioned:
            versions = (m.Version(None, None, m.Meta(), versions, span=_expr_span(versions)),)
        else:
            selector = body[2]
        return m.Definition(str(name), typ, dmeta, tuple(versions), selector,
                            output=str(soort) == "uitkomst", unversioned=unversioned,
                            span=self._span(meta))

    def enkel_lichaam(self, meta, c):
        return ("enkel", c[0], None)

    def versie_lichaam(self, meta, c):
        selector, *versions = c
        return ("versies", tuple(versions), selector)

    def versie(self, meta, c):
        vanaf, tot, *rest = c
        body = rest[-1]
        clauses, _ = self._split(rest[:-1], ())
        return m.Version(vanaf, tot, self._meta(clauses), body, span=self._span(meta))

    def invoer(self, meta, c):
        name, typ, owner, *rest = c
        domain, default = rest[-2], rest[-1]
        clauses, _ = self._split(rest[:-2], ())
        value, grounds = default if default is not None else (None, m.Meta())
        self_reported = any(c == ("zelf_opgegeven",) for c in rest[:-2])
        return m.Input(str(name), typ, owner[0], owner[1], self._meta(clauses), value,
                       self._span(meta), domain=domain, default_meta=grounds,
                       self_reported=self_reported)

    def zelf_opgegeven(self, meta, c):
        return ("zelf_opgegeven",)

    def domein_tussen(self, meta, c):
        return m.Domain("tussen", c[0], c[1], span=self._span(meta))

    def domein_niet_negatief(self, meta, c):
        return m.Domain("niet negatief", span=self._span(meta))

    def domein_niet_na_peildatum(self, meta, c):
        return m.Domain("niet na peildatum", span=self._span(meta))

    def standaard(self, meta, c):
        value, *clauses = c
        if isinstance(value, Token):  # a keuze value written bare, as in a worked case
            value = m.Literal(str(value), "tekst", None, self._span(meta))
        return (value, self._meta(clauses))

    def eigenaar_persoon(self, meta, c):
        return ("persoon", None)

    def eigenaar_woning(self, meta, c):
        return ("woning", None)

    def eigenaar_relatie(self, meta, c):
        return ("relatie", str(c[0]))

    def relatie(self, meta, c):
        name, richting, uniek, kringloos, *clauses = c
        return m.Relation(str(name), str(richting) == "wederzijds", self._meta(clauses),
                          unique=uniek is not None, span=self._span(meta),
                          acyclic=kringloos is not None)

    def kringloos(self, meta, c):
        return True

    def keuze(self, meta, c):
        name, *rest = c
        values = [str(t) for t in rest if isinstance(t, Token)]
        clauses = [x for x in rest if not isinstance(x, Token)]
        return m.Enumeration(str(name), tuple(values), self._meta(clauses), self._span(meta))

    def basistype(self, meta, c):
        base, per = c
        return m.TypeRef(str(base), str(per) if per else None, None, self._span(meta))

    def keuzetype(self, meta, c):
        return m.TypeRef("keuze", None, str(c[0]), self._span(meta))

    # ------------------------------------------------------------ worked cases
    def voorbeeld(self, meta, c):
        title, *rest = c
        when = [x for x in rest if type(x) is tuple and x[0] in ("peildatum", "reeks")]
        clauses, _ = self._split(rest, ())
        peildatum = next((x[1] for x in when if x[0] == "peildatum"), None)
        first, last = next((x[1:] for x in when if x[0] == "reeks"), (None, None))
        entities = [x for x in rest if isinstance(x, m.ExampleEntity)]
        expectations = [x for x in rest if isinstance(x, m.Expectation)]
        return m.Example(_unquote(title), self._meta(clauses), peildatum, tuple(entities),
                         tuple(expectations), first, last, self._span(meta))

    def vb_peildatum(self, meta, c):
        return ("peildatum", c[0])

    def vb_reeks(self, meta, c):
        first, last = c
        if last < first:
            raise ValueError(f"de reeks van het voorbeeld is leeg: {_month_text(last)} ligt "
                             f"vóór {_month_text(first)}")
        return ("reeks", first, last)

    def vb_maand(self, meta, c):
        month, year = c
        return dt.date(_year(year), MONTH_NUMBERS[str(month)], 1)

    def vb_persoon(self, meta, c):
        return m.ExampleEntity("persoon", (str(c[0]),), None, tuple(c[1:]), span=self._span(meta))

    def vb_woning(self, meta, c):
        return m.ExampleEntity("woning", (str(c[0]),), None, tuple(c[1:]), span=self._span(meta))

    def vb_relatie(self, meta, c):
        kind, a, b, period, *facts = c
        start, end = period if period is not None else (None, None)
        return m.ExampleEntity("relatie", (str(a), str(b)), str(kind), tuple(facts), start, end,
                               self._span(meta))

    def vb_vanaf(self, meta, c):
        start, end = c
        if end is not None and end <= start:
            raise ValueError(f"de relatie begint op {start.isoformat()} en eindigt niet "
                             "daarna: een lege periode ('tot' is exclusief)")
        return (start, end)

    def vb_alleen_einde(self, meta, c):
        return (None, c[0])

    def vb_tot(self, meta, c):
        return c[0]

    def vb_tot_en_met(self, meta, c):
        return c[0] + dt.timedelta(days=1)

    def feit(self, meta, c):
        name, value, *changes = c
        return m.Fact(str(name), value, tuple(changes), self._span(meta))

    def vb_wijziging(self, meta, c):
        return m.FactChange(c[0], c[1], c[2], self._span(meta))

    def verwijzing(self, meta, c):
        return str(c[0])

    def verwachting(self, meta, c):
        name, person, period, value = c
        return m.Expectation(name, str(person), value, period, self._span(meta))

    def vb_in_jaar(self, meta, c):
        return f"{_year(c[0]):04d}"

    def vb_in_maand(self, meta, c):
        return f"{_year(c[1]):04d}-{MONTH_NUMBERS[str(c[0])]:02d}"

    def vb_in_kwartaal(self, meta, c):
        return f"{_year(c[1]):04d}-K{QUARTERS.index(str(c[0])) + 1}"

    def vb_in_kwartaalnaam(self, meta, c):
        return str(c[0])


#: The quarters as a drafter counts them: ``in het tweede kwartaal van 2026``.
QUARTERS = ("eerste", "tweede", "derde", "vierde")


def _year(tok) -> int:
    """A year as written after a month or ``in`` (four digits, no separators)."""
    text = str(tok)
    if not text.isascii() or not text.isdigit() or not 1 <= int(text) <= 9998:
        raise ValueError(f"'{text}' is geen jaartal; schrijf bijvoorbeeld 2026")
    return int(text)


def _month_text(d: dt.date) -> str:
    return f"{d.year}-{d.month:02d}"


def _opt(tok) -> str | None:
    return str(tok) if tok is not None else None


def _expr_span(expr) -> m.Span:
    return getattr(expr, "span", m.NOWHERE)


def to_model(tree, filename: str, text: str) -> m.Regulation:
    """Transform a parse tree; problems found while building become diagnostics."""
    return ToModel(filename, text).transform(tree)
