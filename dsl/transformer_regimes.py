"""The overgangsrecht rules of the parse tree (regimes, ``geleidelijk``, ``bevroren``, and a
scenario's ``waarden doorgetrokken tot`` and ``hervorming vanaf`` with its transitional
options) into :mod:`rulescore.model`
nodes: a mixin of :class:`~rulescore.dsl.transformer.ToModel`.

A regime is a :class:`~rulescore.model.Version` with a :class:`~rulescore.model.Regime`;
``geleidelijk van a naar b …`` is shorthand, built here as the expression it stands for
(docs/overgangsrecht.rst gives it), so that every stage after the parser — both
evaluators, the explanation, the batch's vectorised columns — reads it as it reads any
expression, with the source text of the shorthand shown where the rule is shown.
"""

from __future__ import annotations

from rulescore import model as m
from rulescore.dsl.transformer_expressions import _unquote

#: Most steps of a ``geleidelijk … in N stappen`` schedule, months of a linear one.
MAX_STEPS = 100
MAX_MONTHS = 1200


class RegimeRules:
    """Mixin of :class:`~rulescore.dsl.transformer.ToModel` (``_span``, ``_split``, ``_meta``)."""

    def regime_lichaam(self, meta, c):
        selector, *regimes = c
        return ("regimes", tuple(regimes), selector)

    # a scenario's carried-forward values, its reform and its transitional options
    def doortrekking(self, meta, c):
        date, *clauses = c
        return m.CarryForward(date, self._meta(clauses), self._span(meta))

    def overgangsopties(self, meta, c):
        reform, *options = c
        return m.Reform(reform[0], reform[1], tuple(options), reform[2])

    def hervorming(self, meta, c):
        date, *clauses = c
        return (date, self._meta(clauses), self._span(meta))

    def optie(self, meta, c):
        name, title, *rest = c
        clauses = [x for x in rest if not isinstance(x, m.OptionRule)]
        rules = tuple(x for x in rest if isinstance(x, m.OptionRule))
        return m.TransitionOption(str(name), _unquote(title), self._meta(clauses), rules,
                                  self._span(meta))

    def optieregel(self, meta, c):
        target, *rest = c
        body = rest[-1]
        clauses, _ = self._split(rest[:-1], ())
        unversioned = body[0] == "enkel"
        versions = ((m.Version(None, None, m.Meta(), body[1], span=target.span),)
                    if unversioned else body[1])
        return m.OptionRule(target.dotted, self._meta(clauses), tuple(versions),
                            None if unversioned else body[2], unversioned, target.span)

    def regime(self, meta, c):
        name, title, *rest = c
        body = rest[-1]
        clauses = [x for x in rest[:-1] if not (isinstance(x, tuple) and x and x[0] == "regime")]
        own = [x[1:] for x in rest[:-1] if isinstance(x, tuple) and x and x[0] == "regime"]
        fields: dict = {}
        vanaf = tot = None
        for kind, *values in own:
            if kind == "voor":
                fields["date_name"], vanaf, tot = values
            elif kind == "gesloten":
                fields["closed"], tot = True, values[0]
            elif kind == "geldt":
                fields["geldt_vanaf"], fields["geldt_tot"] = values
            elif kind == "eindigt":
                fields["ends"] = values[0]
            else:
                fields["after"] = values[0]
        clauses, _ = self._split(clauses, ())
        span = self._span(meta)
        regime = m.Regime(str(name), _unquote(title) if title else None, span=span, **fields)
        return m.Version(vanaf, tot, self._meta(clauses), body, regime=regime, span=span)

    def regime_voor(self, meta, c):
        name, vanaf, tot = c
        if vanaf is None and tot is None:
            raise ValueError(f"'voor {name}' zonder 'vanaf' of 'tot' kiest niets: "
                             f"laat de regel weg of geef de datums")
        return ("regime", "voor", str(name), vanaf, tot)

    def regime_gesloten(self, meta, c):
        return ("regime", "gesloten", c[0])

    def regime_geldt(self, meta, c):
        if c[0] is None and c[1] is None:
            raise ValueError("'geldt' zonder 'vanaf' of 'tot': geef de datums")
        return ("regime", "geldt", c[0], c[1])

    def regime_eindigt(self, meta, c):
        return ("regime", "eindigt", c[0])

    def regime_na_einde(self, meta, c):
        return ("regime", "na", str(c[0]))

    # ------------------------------------------------------------ geleidelijk
    def schema_stappen(self, meta, c):
        n = _whole(c[0], "stappen", MAX_STEPS)
        return ("stappen", n)

    def schema_lineair(self, meta, c):
        n, unit = _whole(c[0], str(c[1]), MAX_MONTHS), str(c[1])
        if unit.startswith("ja"):
            n *= 12
        elif not unit.startswith("maand"):
            raise ValueError(f"'lineair over' telt jaren of maanden, niet '{unit}'")
        if n > MAX_MONTHS:
            raise ValueError(f"'lineair over' ten hoogste {MAX_MONTHS // 12} jaar")
        return ("lineair", n)

    def afbouw(self, meta, c):
        """``geleidelijk van a naar b in N jaarlijkse stappen vanaf d`` is
        ``a + (b - a) * k / N`` with k = 0 before d, else ``min(N, jaren_tussen(d,
        peildatum) + 1)``: step k from d + (k - 1) jaar, the last one reaching b.
        ``… lineair over M maanden vanaf d`` is ``a + (b - a) * min(M, max(0,
        maanden_tussen(d, peildatum))) / M``: each completed month 1/M of the way."""
        old, new, (form, n), start = c
        span = self._span(meta)

        def lit(v):
            return m.Literal(m.fraction(str(v)), "getal", None, span)

        def call(name, *args):
            return m.Call(m.Ref((name,), span), tuple(args), span)

        today = m.EvalDate(span)
        if form == "stappen":
            passed = m.If(m.Binary("<", today, start, span), lit(0),
                          call("min", lit(n), m.Binary("+", call("jaren_tussen", start, today),
                                                       lit(1), span)), span)
        else:
            passed = call("min", lit(n), call("max", lit(0), call("maanden_tussen", start, today)))
        share = m.Binary("/", m.Binary("*", m.Binary("-", new, old, span), passed, span), lit(n),
                         span)
        return m.Binary("+", old, share, span)


def _whole(token, what: str, most: int) -> int:
    text = str(token)
    if "," in text or "." in text or int(text) < 1 or int(text) > most:
        raise ValueError(f"het aantal {what} is een heel getal van 1 tot en met {most}: "
                         f"'{text}'")
    return int(text)


def frozen_values(values: tuple) -> tuple:
    """A parameter's dated values with each ``bevroren`` one given the value in force the
    day before it (the previous value, itself possibly frozen)."""
    out: list[m.DatedValue] = []
    for v in values:
        if v.bevroren:
            prev = out[-1] if out else None
            if prev is None or (prev.tot is not None and prev.tot != v.vanaf):
                raise ValueError("'bevroren' houdt de waarde van de dag ervoor vast, maar op "
                                 "die dag geldt geen waarde: geef eerst de waarde die bevriest")
            v = m.DatedValue(v.vanaf, prev.value, v.aanname, v.tot, True, span=v.span)
        out.append(v)
    return tuple(out)
