"""The scenario rules of the parse tree (status, ``gebruikt``, bindings from a date and the
``wijzig …`` changes) into :mod:`rulescore.model` nodes: a mixin of
:class:`~rulescore.dsl.transformer.ToModel`."""

from __future__ import annotations

from rulescore import model as m
from rulescore.dsl.transformer_expressions import _unquote
from rulescore.dsl.transformer_regimes import frozen_values


class ScenarioRules:
    """Build a scenario's model objects; uses ``_split``, ``_meta`` and ``_span`` of
    :class:`~rulescore.dsl.transformer.ToModel`."""

    def scenario(self, meta, children):
        name, title, *rest = children
        clauses, _ = self._split(rest, ())
        bindings = [c for c in rest if isinstance(c, m.Binding)]
        kinds = (m.ParameterChange, m.PaymentChange, m.DefinitionChange, m.Abolition)
        changes = [c for c in rest if isinstance(c, kinds)]
        status = next((c for c in rest if isinstance(c, m.ScenarioStatus)), None)
        uses = tuple(u for c in rest if isinstance(c, tuple) and c and c[0] == "gebruikt"
                     for u in c[1])
        extra = {type(c): c for c in rest if isinstance(c, (m.Reform, m.CarryForward))}
        items = [c for c in rest if not isinstance(c, (m.Binding, m.ScenarioStatus, tuple,
                                                       m.Reform, m.CarryForward) + kinds)
                 and c is not None and not any(c is x for x in clauses)]
        return m.Regulation(str(name), _unquote(title), None, None, None, uses, tuple(items), (),
                            tuple(bindings), is_scenario=True, changes=tuple(changes),
                            source=self.text, span=self._span(meta), status=status,
                            reform=extra.get(m.Reform), carry_forward=extra.get(m.CarryForward))

    def scenariostatus(self, meta, c):
        word, expected = c
        return m.ScenarioStatus(str(word), expected, self._span(meta))

    def wijziging(self, meta, c):
        target, *rest = c
        clauses, values = self._split(rest, m.DatedValue)
        return m.ParameterChange(target.dotted, self._meta(clauses), frozen_values(tuple(values)),
                                 target.span)

    def betaalwijziging(self, meta, c):
        target, *clauses = c
        return m.PaymentChange(target.dotted, self._meta(clauses), target.span)

    def scenariogebruikt(self, meta, c):
        return ("gebruikt", tuple(str(t) for t in c))

    def definitiewijziging(self, meta, c):
        target, typ, *rest = c
        body = rest[-1] if rest and isinstance(rest[-1], tuple) and rest[-1][0] == "enkel" else None
        versions = [v for v in rest if isinstance(v, m.Version)]
        clauses, _ = self._split([x for x in rest if x is not body and not isinstance(x, m.Version)], ())
        if body is not None:
            expr = body[1]
            versions = [m.Version(None, None, m.Meta(), expr, span=getattr(expr, "span", m.NOWHERE))]
        return m.DefinitionChange(target.dotted, typ, self._meta(clauses), tuple(versions),
                                  body is not None, target.span)

    def afschaffing(self, meta, c):
        name, vanaf, *clauses = c
        return m.Abolition(str(name), vanaf, self._meta(clauses), self._span(meta))

    def enkel_wijziging(self, meta, c):
        return ("enkel", c[0])

    def binding(self, meta, c):
        concept, variant, *regs, vanaf = c
        return m.Binding(str(concept), str(variant), tuple(str(r) for r in regs), vanaf,
                         self._span(meta))
