"""``gezamenlijk met …`` clauses into diagnostics RS570–RS571.

A joint entitlement (a toeslag of toeslagpartners, the bijstand of gehuwden) is one amount
that the rules compute for each of the persons it belongs to. The clause names the set of
the others: ``gezamenlijk met awir.toeslagpartners``. Outputs then show it once, with who
it belongs to, and the result JSON says so (docs/language.rst, "Gezamenlijke aanspraken").
"""

from __future__ import annotations

from rulescore import model as m
from rulescore import types as t
from rulescore.dsl.clause_checks import misplaced
from rulescore.dsl.expressions import ERR, check_expr
from rulescore.errors import Diagnostic


def check_joint_placement(regs: dict[str, m.Regulation], diags: list[Diagnostic]) -> None:
    """RS570: the clause on anything but a definition."""
    misplaced(regs, "gezamenlijk", "RS570", "is een gezamenlijke aanspraak",
              "zet 'gezamenlijk met …' bij de uitkomst van het gezamenlijke bedrag", diags)


def check_joint(item: m.Definition, scope) -> None:
    """RS571: the set a definition is joint with is not a set of persons. The set is a
    name in the definition's scope (a concept's bound variant too), checked like any
    reference but not a dependency: the value does not read it."""
    joint = item.meta.gezamenlijk
    if joint is None:
        return
    deps = set(scope.deps)
    typ = check_expr(joint, scope)
    scope.deps.clear()
    scope.deps.update(deps)
    if typ is not ERR and typ != t.PERSONEN:
        scope.error("RS571", f"'gezamenlijk met {joint.dotted}': dat is een "
                    f"{typ.describe()}, geen verzameling personen", joint,
                    hint="noem de anderen met wie de aanspraak gezamenlijk is, bijv. "
                         "awir.toeslagpartners")
