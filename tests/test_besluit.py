"""Facts known later (issue #14 §4, docs/time.rst "Later bekend: besluitdatum"): a dated
piece's ``besluit``, ``x zoals bekend op D`` and ``feit x telt vanaf het besluit``: the
timeline's second axis by hand, the Awir voorschot on the estimate as known on the day its
termijn is paid (worked by hand), and properties of the prospective-only reads."""

import copy
import datetime as dt
from fractions import Fraction

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from rulescore.batch.population import cents
from rulescore.batch.ranges import UNSURE, evaluate_batch_range
from rulescore.dsl import parse
from rulescore.dsl.checker import check
from rulescore.errors import RulesError
from rulescore.periods import Period, parse_month as M
from rulescore.reference.ranges import evaluate_range
from rulescore.situation import Situation
from rulescore.timeline import ABSENT, Piece, value_on
from test_timeline import dated_households
from test_voorschot import OLD, anna, from_july, month, over_2026, YEAR

D = dt.date


# ------------------------------------------------------------------ the second axis by hand

def test_a_later_decided_piece_supersedes_from_its_besluit_on():
    # € 0 known from the start; on 12 May it is decided that € 500 holds from 1 February
    pieces = (Piece(None, None, 0), Piece(D(2026, 2, 1), None, 500, known=D(2026, 5, 12)))
    assert value_on(pieces, D(2026, 3, 1)) == 500  # every decision taken
    assert value_on(pieces, D(2026, 3, 1), D(2026, 5, 11)) == 0  # not yet decided
    assert value_on(pieces, D(2026, 3, 1), D(2026, 5, 12)) == 500  # known on its own day
    assert value_on(pieces, D(2026, 1, 15), D(2026, 6, 1)) == 0  # before the piece's start


def test_of_two_decisions_the_latest_known_holds():
    pieces = (Piece(None, None, 1), Piece(None, None, 2, known=D(2026, 3, 1)),
              Piece(None, None, 3, known=D(2026, 6, 1)))
    assert [value_on(pieces, D(2026, 1, 1), k) for k in
            (D(2026, 2, 28), D(2026, 3, 1), D(2026, 5, 31), D(2026, 6, 1), None)] == [1, 2, 2, 3, 3]


def test_a_day_no_known_piece_covers_is_absent():
    pieces = (Piece(D(2026, 1, 1), None, 7, known=D(2026, 4, 1)),)
    assert value_on(pieces, D(2026, 2, 1), D(2026, 3, 1)) is ABSENT


def test_the_situation_as_known_on_a_day(program):
    sit = Situation.from_dict({"van": "2026-01", "tot": "2026-12", "personen": {"anna": anna(
        0, [{"waarde": 0}, {"vanaf": "2026-01", "waarde": 36000, "besluit": "2026-07-15"}])},
        "woningen": {"w1": {}}}, program)
    assert sit.timeline.decisions == (D(2026, 7, 15),)
    est = "geschat_toetsingsinkomen"
    assert sit.known_on(D(2026, 3, 1), D(2026, 7, 14)).persons["anna"][est] == 0
    assert sit.known_on(D(2026, 3, 1), D(2026, 7, 15)).persons["anna"][est] == 36000
    assert sit.at(D(2026, 3, 1)).persons["anna"][est] == 36000


# ------------------------------------------------------------------ the voorschot, by hand

def estimate(raised: str) -> list:
    """The estimate of 2026: € 0 from the start; € 36.000 for the whole year, reported (and
    so known to the Dienst) on ``raised`` (Awir art. 17 lid 1: a change is reported)."""
    return [{"waarde": 0}, {"vanaf": "2026-01", "waarde": 36000, "besluit": raised}]


def test_case_a_with_the_report_as_besluit(program):
    """Case A of tests/test_voorschot.py (the estimate raised to € 36.000 on 15 July) written
    the way it happened: the estimate is one for the whole year, known from 15 July. The
    voorschot reads it as known on the day its termijn is paid (Awir art. 16 lid 5, art. 22:
    the termijn for a month is paid on the 20th of the month before), so the figures are
    case A's: Jan–Jul on € 0 (€ 1.550 a year, termijnen 129,17 … 129,16 … 904,18 paid),
    August on € 36.000 (€ 690 a year, 904,18 − 690 = 214,18 recovered, art. 16 lid 6)."""
    v = over_2026(program, anna(from_july(0, 6000), estimate("2026-07-15")))
    assert [v[("termijn_voorschot", month(n))] for n in range(1, 8)] == OLD
    assert v[("jaarbedrag_voorschot", month(7))] == 1550
    assert v[("jaarbedrag_voorschot", month(8))] == 690
    assert [v[("termijn_voorschot", month(n))] for n in range(8, 13)] == [0] * 5
    assert v[("terugvordering_voorschot", month(8))] == Fraction("214.18")
    # the definitieve toekenning (art. 19) on the actual income 6 × 6.000 = 36.000: € 690,
    # set off against 904,18 − 214,18 = 690 paid (art. 24): nothing left
    assert v[("zorgtoeslag", YEAR)] == 690
    assert v[("verrekening_voorschotten", YEAR)] == 0


def test_a_report_after_the_20th_counts_from_the_termijn_paid_after_it(program):
    """The same estimate reported on 25 July: August's termijn was paid on 20 July, on the
    estimate then known (€ 0, art. 22): (1.550 − 904,18) / 5 = 645,82 / 5 = 129,164 → 129,16
    (the rules' aanname: cents, the rest spread over the termijnen left). Paid for Jan–Aug
    904,18 + 129,16 = 1.033,34. September's termijn (paid 20 August) is on € 36.000: the
    year amount € 690 lies below what was paid, so no termijn and 1.033,34 − 690 = 343,34
    recovered (art. 16 lid 6). Definitief € 690 (art. 19) against 690 paid net: 0 (art. 24)."""
    v = over_2026(program, anna(from_july(0, 6000), estimate("2026-07-25")))
    assert v[("jaarbedrag_voorschot", month(8))] == 1550
    assert v[("termijn_voorschot", month(8))] == Fraction("129.16")
    assert v[("jaarbedrag_voorschot", month(9))] == 690
    assert v[("termijn_voorschot", month(9))] == 0
    assert v[("terugvordering_voorschot", month(9))] == Fraction("343.34")
    assert [v[("terugvordering_voorschot", month(n))] for n in (8, 10, 11, 12)] == [0] * 4
    assert v[("betaalde_voorschotten", YEAR)] == 690
    assert v[("verrekening_voorschotten", YEAR)] == 0


def test_a_report_written_as_the_estimates_start_keeps_its_old_figures(program):
    """Without besluit (as situations were written before it existed) a report is the
    start of the estimate's new piece; the voorschot reads the estimate on the 20th as
    known then, so the figures stay those of the report on 25 July above."""
    old = over_2026(program, anna(from_july(0, 6000), from_july(0, 36000, "2026-07-25")))
    new = over_2026(program, anna(from_july(0, 6000), estimate("2026-07-25")))
    assert old == new


def test_the_example_calendar_pays_augusts_termijn_on_the_old_estimate(program):
    """examples/voorschot_besluit.json: the report of 25 July as besluit. Termijnen on the
    20th of the month before (art. 22 lid 1) for February–August as case A's, with
    August's 129,16 (computed above); September's recovery 343,34 on 1 October."""
    from pathlib import Path

    from rulescore.payments import payment_calendar

    path = Path(__file__).parents[1] / "examples" / "voorschot_besluit.json"
    sit = Situation.from_json(path.read_text(encoding="utf-8"), program)
    rows = [(p.day, p.period.label(), p.amount)
            for p in payment_calendar(program, sit, 2026).payments
            if p.qualname.startswith("zorgtoeslag.")]
    expected = [(D(2026, n - 1, 20), f"2026-{n:02d}", OLD[n - 1]) for n in range(2, 8)]
    expected += [(D(2026, 7, 20), "2026-08", Fraction("129.16")),
                 (D(2026, 10, 1), "2026-09", Fraction("-343.34"))]
    assert rows == expected


def test_the_batch_leaves_a_household_with_a_besluit_to_the_exact_evaluator(program):
    doc = {"peildatum": "2026-01-01", "van": "2026-01", "tot": "2026-12",
           "personen": {"anna": anna(from_july(0, 6000), estimate("2026-07-25"))},
           "woningen": {"w1": {}}}
    sit = Situation.from_dict(copy.deepcopy(doc), program)
    outs = ("zorgtoeslag.termijn_voorschot", "zorgtoeslag.terugvordering_voorschot")
    ref = evaluate_range(program, sit, M("2026-01"), M("2026-12"), outputs=outs).values
    result = evaluate_batch_range(program, [sit], M("2026-01"), M("2026-12"), outputs=outs)
    got = {(q, pid, period): v for _h, pid, q, period, v in result.cells()}
    assert got == {k: cents(v) for k, v in ref.items()}
    assert got[("zorgtoeslag.termijn_voorschot", "anna", month(8))] == cents(Fraction("129.16"))
    assert result.reasons == {0: UNSURE}  # decided exactly (docs/time.rst)


# ------------------------------------------------------------------ properties

RULES = '''regeling t "Proef: feiten die later bekend worden"
invoer geboortedatum: datum van persoon
  bron artikel 1
  domein niet na peildatum
invoer inkomen: bedrag per maand van persoon
  bron artikel 2
uitkomst vanaf_besluit: bedrag per maand
  bron artikel 3
  tijdvak maand
  feit inkomen telt vanaf het besluit
  = inkomen
uitkomst gewoon: bedrag per maand
  bron artikel 4
  tijdvak maand
  = inkomen
uitkomst bekend_op_de_eerste: bedrag per maand
  bron artikel 5
  tijdvak maand
  = inkomen zoals bekend op de eerste dag van de maand
uitkomst bekend_op_de_20e: bedrag per maand
  bron artikel 6
  tijdvak maand
  = inkomen zoals bekend op dag 20 van de vorige maand
'''
NEW = 5000  # the value of the later-decided piece: no base piece has it


@pytest.fixture(scope="module")
def toy():
    return check([parse(RULES, "proef.rules")])


def months_of(toy, pieces, outputs=None) -> dict:
    sit = Situation.from_dict({"van": "2026-01", "tot": "2026-12", "personen": {"a": {
        "geboortedatum": "1990-01-01", "inkomen": pieces}}}, toy)
    outputs = None if outputs is None else tuple("t." + q for q in outputs)
    values = evaluate_range(toy, sit, M("2026-01"), M("2026-12"), outputs=outputs).values
    return {(q[2:], per.start.month): v for (q, _p, per), v in values.items()}


@st.composite
def base_pieces(draw):
    """€-values per month over 2026 as pieces without besluit, the first from January."""
    cuts = sorted(draw(st.sets(st.integers(2, 12), max_size=4)))
    starts = [1] + cuts
    return [{"vanaf": f"2026-{a:02d}", "waarde": draw(st.integers(0, 1000))}
            | ({"tot": f"2026-{b:02d}"} if b is not None else {})
            for a, b in zip(starts, cuts + [None])]


def day_in_2026(draw, lo=D(2025, 12, 1), hi=D(2026, 12, 31)) -> dt.date:
    return lo + dt.timedelta(days=draw(st.integers(0, (hi - lo).days)))


SETTINGS = settings(max_examples=25, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow])


@given(base_pieces())
@SETTINGS
def test_without_any_besluit_every_read_is_the_value_itself(toy, pieces):
    got = months_of(toy, pieces)
    for n in range(1, 13):
        plain = got[("gewoon", n)]
        assert got[("vanaf_besluit", n)] == got[("bekend_op_de_eerste", n)] == plain
        assert got[("bekend_op_de_20e", n)] == plain  # known from the start


@given(base_pieces(), st.data())
@SETTINGS
def test_a_besluit_on_or_before_each_pieces_start_changes_nothing(toy, pieces, data):
    decided = copy.deepcopy(pieces)
    for piece in decided:
        start = D.fromisoformat(piece["vanaf"] + "-01")
        piece["besluit"] = (start - dt.timedelta(days=data.draw(st.integers(0, 400)))).isoformat()
    # (as known on the 20th of the month before, the value may not be known yet at all:
    # then it is missing, see the test below)
    outputs = ("gewoon", "vanaf_besluit", "bekend_op_de_eerste")
    before, after = months_of(toy, pieces, outputs), months_of(toy, decided, outputs)
    assert after == before


def test_a_fact_not_yet_known_on_the_day_read_is_missing_never_zero(toy):
    pieces = [{"vanaf": "2026-01", "waarde": 0, "besluit": "2026-01-01"}]
    assert months_of(toy, pieces, ("vanaf_besluit",))[("vanaf_besluit", 1)] == 0
    with pytest.raises(RulesError) as info:
        months_of(toy, pieces, ("bekend_op_de_20e",))  # January's: as known on 20 December
    assert [d.code for d in info.value.diagnostics] == ["RS321"]
    assert "2026-01" in info.value.render()


@st.composite
def a_later_decision(draw):
    """Base pieces and one piece of € 5.000 over months ``s`` to ``e`` (exclusive), decided
    on one of two days ``b1 <= b2``."""
    pieces = draw(base_pieces())
    s = draw(st.integers(1, 12))
    e = draw(st.integers(s + 1, 13))
    b1 = day_in_2026(draw)
    b2 = b1 + dt.timedelta(days=draw(st.integers(0, 200)))
    return pieces, s, e, b1, b2


def with_decision(pieces, s, e, day):
    piece = {"vanaf": f"2026-{s:02d}", "waarde": NEW, "besluit": day.isoformat()}
    if e <= 12:
        piece["tot"] = f"2026-{e:02d}"
    return pieces + [piece]


@given(a_later_decision())
@SETTINGS
def test_a_decided_fact_counts_exactly_from_the_first_month_after_its_besluit(toy, drawn):
    """A rule per maand reads its facts on its month's first day (docs/time.rst): the decided
    value counts in the months of its piece that begin on or after the besluit; the plain
    read (every decision taken) sees it in all of them."""
    pieces, s, e, b1, _b2 = drawn
    got = months_of(toy, with_decision(pieces, s, e, b1))
    for n in range(1, 13):
        inside = s <= n < e
        assert (got[("vanaf_besluit", n)] == NEW) == (inside and b1 <= D(2026, n, 1))
        assert (got[("gewoon", n)] == NEW) == inside
        assert got[("bekend_op_de_eerste", n)] == got[("vanaf_besluit", n)]
        # as known on the 20th of the month before (the day a voorschot termijn is paid)
        twentieth = D(2026 if n > 1 else 2025, n - 1 if n > 1 else 12, 20)
        assert (got[("bekend_op_de_20e", n)] == NEW) == (inside and b1 <= twentieth)


@given(a_later_decision())
@SETTINGS
def test_moving_a_besluit_later_never_makes_the_fact_count_earlier(toy, drawn):
    pieces, s, e, b1, b2 = drawn
    base = months_of(toy, pieces)
    early, late = (months_of(toy, with_decision(pieces, s, e, b)) for b in (b1, b2))
    for q in ("vanaf_besluit", "bekend_op_de_20e"):
        counted_late = {n for n in range(1, 13) if late[(q, n)] == NEW}
        counted_early = {n for n in range(1, 13) if early[(q, n)] == NEW}
        assert counted_late <= counted_early
        # what is not yet counted is what was known before: the base value
        for n in counted_early - counted_late:
            assert late[(q, n)] == base[("gewoon", n)]


@given(st.lists(a_later_decision(), min_size=1, max_size=3))
@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_the_batch_gives_the_reference_for_facts_known_later(toy, drawn):
    sits = [Situation.from_dict({"van": "2026-01", "tot": "2026-12", "personen": {"a": {
        "geboortedatum": "1990-01-01", "inkomen": with_decision(p, s, e, b)}}}, toy)
        for p, s, e, b, _ in drawn]
    result = evaluate_batch_range(toy, sits, M("2026-01"), M("2026-12"))
    got: dict = {}
    for h, pid, q, period, v in result.cells():
        got.setdefault(h, {})[(q, pid, period)] = v
    for h, sit in enumerate(sits):
        try:
            ref = evaluate_range(toy, sit, M("2026-01"), M("2026-12")).values
        except RulesError:
            assert h in result.errors
            continue
        assert got[h] == {k: cents(v) for k, v in ref.items()}


def test_on_one_peildatum_a_fact_counts_as_known_that_day(toy):
    """A snapshot (``evaluate --datum``) reads a fact decided on 12 May, over February
    onwards, as known on its peildatum: not on 1 May, from 1 June; the plain read sees it."""
    from rulescore.reference.results import evaluate

    got = {}
    for day in ("2026-05-01", "2026-06-01"):
        sit = Situation.from_dict({"peildatum": day, "personen": {"a": {
            "geboortedatum": "1990-01-01", "inkomen": [
                {"waarde": 0}, {"vanaf": "2026-02", "waarde": NEW, "besluit": "2026-05-12"}]}}},
            toy)
        values = evaluate(toy, sit, outputs=("t.vanaf_besluit", "t.gewoon")).values
        got[day] = (values[("t.vanaf_besluit", "a")], values[("t.gewoon", "a")])
    assert got == {"2026-05-01": (0, NEW), "2026-06-01": (NEW, NEW)}


def test_a_situation_without_dated_facts_reads_each_fact_itself(toy, program):
    """A plain value over a range (nothing dated: no timeline at all) and on one peildatum."""
    from rulescore.reference.results import evaluate

    sit = Situation.from_dict({"peildatum": "2026-03-01", "personen": {"a": {
        "geboortedatum": "1990-01-01", "inkomen": 700}}}, toy)
    assert sit.timeline is None
    assert set(evaluate(toy, sit).values.values()) == {700}
    over = evaluate_range(toy, sit, M("2026-01"), M("2026-12")).values
    assert len(over) == 4 * 12 and set(over.values()) == {700}
    # the voorschot of a household written without van/tot, over a range
    sit = Situation.from_dict({"peildatum": "2026-01-01", "personen": {"anna": anna(0, 0)},
                               "woningen": {"w1": {}}}, program)
    v = evaluate_range(program, sit, M("2026-01"), M("2026-02"),
                       outputs=("zorgtoeslag.termijn_voorschot",)).values
    assert v[("zorgtoeslag.termijn_voorschot", "anna", month(1))] == Fraction("129.17")


@pytest.mark.parametrize("day, year_amount", [("2026-08-01", "1.550,00"),
                                              ("2026-09-01", "690,00")])
def test_explain_on_a_peildatum_shows_the_estimate_as_known(day, year_amount):
    """On 1 August the termijn was paid on 20 July, before the report of 25 July: € 1.550
    (the estimate € 0, Wzt art. 2); on 1 September on € 36.000: € 690 (computed above)."""
    from pathlib import Path

    from click.testing import CliRunner

    from rulescore.cli import main

    path = Path(__file__).parents[1] / "examples" / "voorschot_besluit.json"
    result = CliRunner().invoke(main, ["explain", str(path), "zorgtoeslag.jaarbedrag_voorschot",
                                       "--datum", day, "--diepte", "1"])
    assert result.exit_code == 0, result.output
    first = result.output.splitlines()[0]
    assert first.startswith("zorgtoeslag.jaarbedrag_voorschot [anna] = € " + year_amount)
    assert "zoals bekend op dag 20 van de maand" in result.output


def _decided_before_start(doc: dict, lead: int) -> dict:
    """``doc`` with a ``besluit`` on every piece: ``lead`` days before its ``vanaf``, or for
    a piece without one a day before anything 2026 reads (1 January 2024)."""
    out = copy.deepcopy(doc)
    for kind in ("personen", "woningen"):
        for facts in out.get(kind, {}).values():
            for value in facts.values():
                if isinstance(value, list) and value and isinstance(value[0], dict):
                    for piece in value:
                        start = piece.get("vanaf")
                        piece["besluit"] = "2024-01-01" if start is None else (
                            D.fromisoformat(start[:10] if len(start) > 7 else start + "-01")
                            - dt.timedelta(days=lead)).isoformat()
    return out


def _over_2026(program, doc):
    try:
        sit = Situation.from_dict(copy.deepcopy(doc), program)
        return evaluate_range(program, sit, M("2026-01"), M("2026-12")).values
    except RulesError as exc:
        return sorted((d.code, d.path or "") for d in exc.diagnostics)


@given(st.data())
@settings(max_examples=8, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
def test_the_bundled_rules_see_no_besluit_known_before_its_piece(program, data):
    """Every bundled regulation over 2026, on generated dated households: a ``besluit`` on
    or before each piece's start changes no outcome in any period (the voorschot reads its
    estimate on the 20th as known then, so a value known when it starts is known there)."""
    doc, _day, _plain = data.draw(dated_households(program))
    decided = _decided_before_start(doc, data.draw(st.integers(0, 40)))
    assert _over_2026(program, decided) == _over_2026(program, doc)
