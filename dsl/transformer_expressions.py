"""The expression and literal rules of the parse tree into :mod:`rulescore.model` expression
nodes: the half of :class:`~rulescore.dsl.transformer.ToModel` that builds expressions."""

from __future__ import annotations

import datetime as dt
import re

from rulescore import model as m

MONTHS = {name: i + 1 for i, name in enumerate(
    "januari februari maart april mei juni juli augustus september oktober november december"
    .split())}


class DateError(ValueError):
    """A date that does not exist (31 februari); carries the span for the diagnostic."""

    def __init__(self, text: str, span: m.Span):
        super().__init__(text)
        self.span = span


class ExpressionRules:
    """Mixin of :class:`~rulescore.dsl.transformer.ToModel` (which provides ``_span``)."""

    # ------------------------------------------------------------ expressions
    def als(self, meta, c):
        return m.If(c[0], c[1], c[2], self._span(meta))

    def of(self, meta, c):
        return m.Binary("of", c[0], c[1], self._span(meta))

    def en(self, meta, c):
        return m.Binary("en", c[0], c[1], self._span(meta))

    def niet(self, meta, c):
        return m.Unary("niet", c[0], self._span(meta))

    def vergelijk(self, meta, c):
        op = {"≠": "!=", "≤": "<=", "≥": ">="}.get(str(c[1]), str(c[1]))
        return m.Binary(op, c[0], c[2], self._span(meta))

    def gelijk(self, meta, c):
        return m.Binary("=", c[0], c[1], self._span(meta))

    def reken(self, meta, c):
        op = "*" if str(c[1]) == "×" else str(c[1])
        return m.Binary(op, c[0], c[2], self._span(meta))

    def min_teken(self, meta, c):
        return m.Unary("-", c[0], self._span(meta))

    def afronding(self, meta, c):
        text = str(c[1])
        mode = "down" if "beneden" in text else "up" if "boven" in text else "half_up"
        to = "centen" if text.endswith("centen") else "euros"
        return m.Round(c[0], to, mode, self._span(meta))

    def verwijs(self, meta, c):
        return c[0]

    def naam(self, meta, c):
        return m.Ref(tuple(str(t) for t in c), self._span(meta))

    def aanroep(self, meta, c):
        func, *args = c
        return m.Call(func, tuple(a for a in args if a is not None), self._span(meta))

    def ik(self, meta, c):
        return m.Subject(self._span(meta))

    def peildatum_expr(self, meta, c):
        return m.EvalDate(self._span(meta))

    def onbeslist(self, meta, c):
        return m.Undecided(_unquote(c[0]), self._span(meta))

    def bijdragen(self, meta, c):
        return m.Contributions(self._span(meta))

    def filter(self, meta, c):
        return m.Filter(str(c[0]), c[1], c[2], self._span(meta))

    def aantal(self, meta, c):
        return m.Aggregate("aantal", None, c[0], None, self._span(meta))

    def aggregaat(self, meta, c):
        return m.Aggregate(str(c[0]), str(c[1]), c[2], c[3], self._span(meta))

    # ------------------------------------------------------------ literals
    def bedrag(self, meta, c):
        num, per = c
        return m.Literal(m.fraction(num), "bedrag", str(per) if per else None, self._span(meta))

    def omrekenfactor(self, meta, c):
        num, a, b = c
        return m.Literal(m.fraction(num), "omrekenfactor", (str(a), str(b)), self._span(meta))

    def duur(self, meta, c):
        years, months = map(int, re.findall(r"\d+", str(c[0])))
        return m.Literal(m.Duration(years, months), "duur", None, self._span(meta))

    def duur_kort(self, meta, c):
        n, unit = c
        if "," in str(n) or "." in str(n):
            raise ValueError(f"een duur is een heel aantal: '{n} {unit}'")
        n = int(str(n))
        unit = str(unit)
        dur = (m.Duration(years=n) if unit.startswith("ja") else
               m.Duration(months=n) if unit.startswith("maand") else
               m.Duration(months=3 * n) if unit.startswith("kwarta") else m.Duration(days=n))
        return m.Literal(dur, "duur", None, self._span(meta))

    def percentage(self, meta, c):
        text = str(c[0]).replace("%", "").strip()
        return m.Literal(m.fraction(text) / 100, "percentage", None, self._span(meta))

    def getal(self, meta, c):
        return m.Literal(m.fraction(str(c[0])), "getal", None, self._span(meta))

    def janee(self, meta, c):
        return m.Literal(str(c[0]) == "ja", "ja/nee", None, self._span(meta))

    def tekst(self, meta, c):
        return m.Literal(_unquote(c[0]), "tekst", None, self._span(meta))

    def datumwaarde(self, meta, c):
        return m.Literal(c[0], "datum", None, self._span(meta))

    def datum_nl(self, meta, c):
        day, month, year = c
        return self._date(int(str(year)), MONTHS[str(month)], int(str(day)), meta)

    def datum_iso(self, meta, c):
        y, mo, d = map(int, str(c[0]).split("-"))
        return self._date(y, mo, d, meta)

    def _date(self, y, mo, d, meta):
        try:
            return dt.date(y, mo, d)
        except (ValueError, OverflowError):  # (a year of twenty digits overflows)
            raise DateError(f"{d}-{mo}-{y}", self._span(meta)) from None

    # ------------------------------------------------------------ period expressions (#14)
    def in_periode(self, meta, c):
        words = str(c[1]).split()
        return m.InPeriod(c[0], words[-1], -1 if words[2] == "vorige" else 0,
                          self._span(meta))

    def als_deze(self, meta, c):
        words = str(c[1]).split()  # in een <kind> als deze|dit <like>
        return m.SteadyState(c[0], words[2], words[-1], self._span(meta))

    def op_datum(self, meta, c):
        return m.OnDate(c[0], c[1], self._span(meta))

    def telt_vanaf_besluit(self, meta, c):  # the clause "feit x telt vanaf het besluit"
        return ("vanaf_besluit", m.Ref((str(c[0]),), self._tspan(c[0])))

    def zoals_bekend(self, meta, c):
        return m.KnownAs(c[0], c[2], self._span(meta))

    def dag_van_jaar(self, meta, c):
        day, month = int(str(c[0])), MONTHS[str(c[1])]  # '1,5 januari': ValueError → RS004
        self._date(2000, month, day, meta)  # 29 februari exists in a leap year
        return m.DayOfYear(day, month, self._span(meta))

    def eerste_dag(self, meta, c):
        return m.PeriodStart(str(c[0]).split()[-1], self._span(meta))

    def dag_van_maand(self, meta, c):
        words = str(c[0]).split()  # dag <N> van de [vorige] maand
        return m.DayOfMonth(int(words[1]), -1 if words[4] == "vorige" else 0, self._span(meta))

    def over_maanden(self, meta, c):
        words = str(c[2]).split()  # over de [eerdere] maanden van het <period>
        return m.OverMonths(str(c[0]).split()[0], c[1], words[-1], earlier=words[2] == "eerdere",
                            span=self._span(meta))

    def maanden_waarin(self, meta, c):
        text = str(c[0])
        return m.MonthsWhere(text.split()[0], text.split()[-1], c[1], self._span(meta))

    # ------------------------------------------------------------ other facts (#14 §4)
    def waarbij(self, meta, c):
        return m.Where(c[0], tuple(c[1:]), self._span(meta))

    def vervanging(self, meta, c):
        return m.Substitution(c[0], c[1], self._span(meta))


def _unquote(tok) -> str:
    return str(tok)[1:-1]
