"""The reference evaluator's shortcuts for sets of persons change nothing: members skipped
because a relation says the condition is nee (rulescore.reference.related), parts on the
member computed once per member, and membership tests give the same result document, the
same defaults read and the same diagnostics as visiting every member (issue #17 §1)."""

import datetime as dt

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from rulescore.errors import RulesError
from rulescore.plugins import load_program
from rulescore.reference import related, set_compiler
from rulescore.reference.results import compiled, evaluate
from rulescore.situation import Situation
from rulescore.testing import situations

from test_batch import PROGRAM
from test_batch_household_size import enlarged, with_relations


@pytest.fixture(scope="module")
def plain():
    """The same rules compiled without the shortcuts: every member visited and evaluated."""
    program = load_program()
    patch = pytest.MonkeyPatch()
    patch.setattr(related, "narrowing", lambda *args, **kwargs: None)
    patch.setattr(related, "membership", lambda *args, **kwargs: None)
    patch.setattr(set_compiler, "member_only", lambda *args, **kwargs: False)
    try:
        compiled(program)
    finally:
        patch.undo()
    return program


def _outcome(program, doc, date):
    sit = Situation.from_dict(doc, program)
    try:
        return evaluate(program, sit, date).to_dict()
    except RulesError as e:
        return [str(d) for d in e.diagnostics]


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                 HealthCheck.function_scoped_fixture])
@given(situations(PROGRAM, max_persons=4, omit_required=True), st.integers(1, 40),
       st.integers(0, 2**32))
def test_shortcuts_change_no_result(plain, doc, n, seed):
    """Small households and up to 40 related persons, some inputs missing (the missing
    inputs reported must be the same: a skipped member must not hide one)."""
    if n > len(doc["personen"]):
        doc = with_relations(enlarged(doc, n, seed), PROGRAM, seed)
    date = dt.date.fromisoformat(doc["peildatum"])
    assert _outcome(PROGRAM, doc, date) == _outcome(plain, doc, date)


class _Ctx:
    def __init__(self, fast):
        self.fast = fast


def test_a_representative_is_evaluated_where_the_skipped_members_read_more():
    """Where the members outside the narrowed set still read a part that does not depend
    on them (``enige(e in partner: …)``: the partner may be unknown, or undecided), the
    first of them is evaluated as before, so its missing inputs and errors are kept; on
    the diagnosing path (no fast memo) every member is."""
    only_c = (lambda ctx, p, env, members: frozenset({"c"}))
    members = ["a", "b", "c", "d"]
    assert related.visited((only_c, False, True), _Ctx({}), "x", {}, members) == ["c"]
    assert related.visited((only_c, True, False), _Ctx({}), "x", {}, members) == ["a", "c"]
    assert related.visited((only_c, True, False), _Ctx(None), "x", {}, members) == members
    everyone = (lambda ctx, p, env, members: None)
    assert related.visited((everyone, False, False), _Ctx({}), "x", {}, members) == members


def test_narrowing_reads_nothing_the_evaluation_would_not():
    """``gezamenlijke_huishouding(ik, p) of enige(q in vermoede_…: q = p)`` (AOW art. 1
    lid 4 and 5): where the relation holds with every member, the evaluation never reads
    the presumption, so neither may the narrowing (it could be undecided, RS407); where a
    member lacks the relation it is read, and the set is the union."""
    from rulescore.reference.compiler import compile_expr
    from rulescore.reference.context import NO_VARS

    cond = PROGRAM.symbols["aow.voert_gezamenlijke_huishouding_met"].decl.versions[0].body
    source = cond.cond.right.source
    read = []

    def compiling(e, program):
        fn = compile_expr(e, program)
        if e is not source:
            return fn
        return lambda ctx, p, env: (read.append(p), ("c",))[1]
    fn, representative, exact = related.narrowing(cond.cond, "p", PROGRAM, compiling)
    doc = {"peildatum": "2026-03-01", "woningen": {"w": {}},
           "personen": {x: {"geboortedatum": "1950-01-01", "woonadres": "w"} for x in "abc"},
           "relaties": [{"soort": "gezamenlijke_huishouding", "personen": ["a", "b"]}]}
    ctx = compiled(PROGRAM).context(Situation.from_dict(doc, PROGRAM))
    assert fn(ctx, "a", NO_VARS, ["b"]) == {"b"} and read == []
    assert fn(ctx, "a", NO_VARS, ["b", "c"]) == {"b", "c"} and read == ["a"]
    assert representative and not exact
