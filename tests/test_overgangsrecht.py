"""Overgangsrecht in the language (issue #19): regimes, gesloten instroom, the end of a
right, geleidelijk (afbouw/ingroei), bevroren; the checker's tiling; both evaluators;
``rulescore regimes``; worked cases by hand and hypothesis properties."""

import datetime as dt
import json
from fractions import Fraction

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from rulescore import transitions
from rulescore.batch.population import Population
from rulescore.batch.run import evaluate_batch
from rulescore.cli import main
from rulescore.dsl import parse
from rulescore.dsl.checker import check
from rulescore.dsl.printer import print_regulation
from rulescore.errors import RulesError
from rulescore.reference.explanation import explain
from rulescore.reference.results import evaluate
from rulescore.regimes import choices
from rulescore.situation import Situation

# A closed regime in the shape of Bijstand Buitenland (closed to new entrants on 1 January
# 1996, issue #19); the amounts are made up. The kindgebonden budget's afbouwpercentage
# (Wet op het kindgebonden budget art. 3 lid 5: 2026 7,60%, 2027 8,05%, 2028 8,50%;
# /work/shared/law §kindgebonden budget) is an ingroei in two yearly steps from 2027.
RULES = '''regeling o "Overgang"
  bwb BWBR0022751
invoer instroomdatum: datum van persoon
invoer einde_recht: datum van persoon
parameter bedrag_oud: bedrag per maand
  bron artikel 1
  vanaf 1 januari 2025: € 100
  vanaf 1 januari 2026: bevroren
  vanaf 1 januari 2028: € 130
uitkomst uitkering: bedrag per maand
  bron artikel 2
  overgangsrecht volgens instroomdatum
  regime bestaand "Bestaande rechten"
    bron artikel 3
    gesloten instroom vanaf 1 januari 1996
    eindigt op einde_recht
    = bedrag_oud
  regime beeindigd "Beëindigd recht"
    na einde van bestaand
    = € 0 per maand
  regime geen_instroom "Geen nieuwe instroom"
    voor instroomdatum vanaf 1 januari 1996
    = € 0 per maand
uitkomst afbouwpercentage: percentage
  bron artikel 3 lid 5
  = geleidelijk van 7,60% naar 8,50% in 2 jaarlijkse stappen vanaf 1 januari 2027
uitkomst lineair: bedrag per maand
  bron artikel 4
  = geleidelijk van € 0 per maand naar € 120 per maand lineair over 1 jaar vanaf 1 januari 2030
uitkomst sunset: bedrag per maand
  bron artikel 5
  overgangsrecht
  regime oud "Tot 2030"
    geldt tot 1 januari 2030
    = € 10 per maand
  regime nieuw "Vanaf 2030"
    geldt vanaf 1 januari 2030
    = € 20 per maand
'''
PROGRAM = check([parse(RULES, "o.rules")])


def _sit(day, **persons):
    return Situation.from_dict({"peildatum": day, "personen": persons}, PROGRAM)


def _values(day, outputs=None, **persons):
    return evaluate(PROGRAM, _sit(day, **persons), outputs=outputs).values


def test_round_trip():
    model = parse(RULES, "o.rules")
    assert parse(print_regulation(model), "printed") == model


def test_closed_intake_and_the_end_of_a_right_by_hand():
    a = {"instroomdatum": "1990-01-01", "einde_recht": "2031-01-01"}
    b = {"instroomdatum": "1996-01-01", "einde_recht": "2040-01-01"}
    # 2027: a entered before 1996, bedrag_oud frozen at the 2025 value € 100 (art. 1);
    # b entered on the closing day itself: admitted by nobody (art. 3)
    v = _values("2027-06-01", a=a, b=b)
    assert v[("o.uitkering", "a")] == 100 and v[("o.uitkering", "b")] == 0
    # 2028: the freeze is over, € 130; from 2031-01-01 a's right has ended
    assert _values("2028-01-01", a=a)[("o.uitkering", "a")] == 130
    assert _values("2031-01-01", a=a)[("o.uitkering", "a")] == 0


def test_ingroei_of_the_kindgebonden_budget_afbouwpercentage_by_hand():
    # art. 3 lid 5: 2026 7,60%; 2027 7,60 + 0,90 × 1/2 = 8,05%; 2028 8,50%; later 8,50%
    for day, pct in (("2026-07-01", "7.60"), ("2027-01-01", "8.05"), ("2028-03-01", "8.50"),
                     ("2035-01-01", "8.50")):
        assert _values(day, ["o.afbouwpercentage"], a={})[("o.afbouwpercentage", "a")] == Fraction(pct) / 100


def test_linear_schedule_and_sunset_by_hand():
    # lineair over 12 months from 2030-01-01: on 2030-03-15 two months done, 2/12 × 120 = 20
    v = _values("2030-03-15", ["o.lineair", "o.sunset"], a={})
    assert v[("o.lineair", "a")] == 20 and v[("o.sunset", "a")] == 20
    assert _values("2029-12-31", ["o.sunset"], a={})[("o.sunset", "a")] == 10


def _diagnostics(text):
    with pytest.raises(RulesError) as exc:
        check([parse(text, "x.rules")])
    return exc.value.diagnostics


def test_gap_and_overlap_name_the_persons_dates_and_the_peildata():
    text = '''regeling x "X"
invoer geboortedatum: datum van persoon
definitie y: getal
  bron artikel 1
  overgangsrecht volgens geboortedatum
  regime oud
    voor geboortedatum tot 1 januari 1961
    = 1
  regime nieuw
    voor geboortedatum vanaf 1 januari 1960 tot 1 januari 1990
    geldt tot 1 januari 2030
    = 2
'''
    found = {d.code: d for d in _diagnostics(text)}
    assert "vanaf 1990-01-01" in found["RS245"].message
    overlap = found["RS244"]
    assert "'oud' en 'nieuw'" in overlap.message
    assert "van 1960-01-01 tot 1961-01-01" in overlap.message
    assert "vóór 2030-01-01" in overlap.message
    assert overlap.span.line == 9 and overlap.span.column == 3 and overlap.hint


def test_clause_errors():
    text = '''regeling x "X"
invoer instroomdatum: datum van persoon
definitie y: getal
  bron artikel 1
  overgangsrecht volgens instroomdatum
  regime oud
    gesloten instroom vanaf 1 januari 1996
    eindigt op 5
    = 1
  regime rest
    voor geboortedatum vanaf 1 januari 1996
    = 2
'''
    codes = [d.code for d in _diagnostics(text)]
    assert "RS247" in codes  # eindigt op a getal
    assert codes.count("RS246") == 2  # no 'na einde van'; 'voor' another date


def test_bevroren_without_a_value_before_is_an_error():
    text = 'regeling x "X"\nparameter p: getal\n  bron artikel 1\n  vanaf 1 januari 2025: bevroren\n'
    with pytest.raises(RulesError) as exc:
        parse(text, "x.rules")
    assert exc.value.diagnostics[0].code == "RS004"


# ------------------------------------------------------------------ properties
dates = st.dates(dt.date(1980, 1, 1), dt.date(2045, 12, 31))
days = st.dates(dt.date(2025, 1, 1), dt.date(2045, 12, 31))  # bedrag_oud has values from 2025


@settings(max_examples=60, deadline=None)
@given(entry=dates, end=dates, day=days)
def test_batch_agrees_with_the_reference(entry, end, day):
    sit = _sit(day.isoformat(), a={"instroomdatum": entry.isoformat(),
                                   "einde_recht": end.isoformat()})
    exact = evaluate(PROGRAM, sit).values
    batch = evaluate_batch(PROGRAM, Population.from_situations([sit], PROGRAM), day)
    for q in ("o.uitkering", "o.lineair", "o.sunset"):  # amounts: whole cents in the batch
        assert batch.values[q][0] == exact[(q, "a")] * 100, q


@settings(max_examples=60, deadline=None)
@given(entry=dates, end=dates, day=days)
def test_closed_intake_admits_nobody_on_or_after_its_date(entry, end, day):
    sit = _sit(day.isoformat(), a={"instroomdatum": entry.isoformat(),
                                   "einde_recht": end.isoformat()})
    (choice,) = [c for c in choices(PROGRAM, sit) if c.definition == "o.uitkering"]
    if entry >= dt.date(1996, 1, 1):
        assert choice.regime.startswith("regime geen_instroom")
    # an ended right cannot revive: on every later day it stays ended
    if end <= day:
        later = _sit((day + dt.timedelta(days=400)).isoformat(),
                     a={"instroomdatum": entry.isoformat(), "einde_recht": end.isoformat()})
        assert evaluate(PROGRAM, later).values[("o.uitkering", "a")] == 0


@settings(max_examples=60, deadline=None)
@given(entry=dates, end=dates, day=days, shift=st.integers(0, 4000))
def test_regime_is_stable_within_its_period(entry, end, day, shift):
    person = {"instroomdatum": entry.isoformat(), "einde_recht": end.isoformat()}
    (c,) = [c for c in choices(PROGRAM, _sit(day.isoformat(), a=person))
            if c.definition == "o.uitkering"]
    other = day + dt.timedelta(days=shift)
    if (c.start is None or c.start <= other) and (c.end is None or other < c.end):
        (d,) = [d for d in choices(PROGRAM, _sit(other.isoformat(), a=person))
                if d.definition == "o.uitkering"]
        assert d.regime == c.regime


amounts = st.integers(0, 500_000).map(lambda c: Fraction(c, 100))


@settings(max_examples=40, deadline=None)
@given(old=amounts, new=amounts, steps=st.integers(1, 6), start=dates,
       days=st.lists(dates, min_size=2, max_size=2))
def test_afbouw_is_monotone_between_old_and_new(old, new, steps, start, days):
    text = (f'regeling g "G"\nuitkomst a: bedrag per maand\n  bron artikel 1\n'
            f'  = geleidelijk van € {_nl(old)} per maand naar € {_nl(new)} per maand in {steps} '
            f'jaarlijkse stappen vanaf {start.isoformat()}\n')
    program = check([parse(text, "g.rules")])
    first, second = sorted(days)
    va, vb = (evaluate(program, Situation.from_dict(
        {"peildatum": d.isoformat(), "personen": {"p": {}}}, program)).values[("g.a", "p")]
        for d in (first, second))
    low, high = min(old, new), max(old, new)
    assert low <= va <= high and low <= vb <= high
    assert (vb - va) * (new - old) >= 0  # moves only towards the new amount


def _nl(x: Fraction) -> str:
    cents = int(x * 100)
    return f"{cents // 100},{cents % 100:02d}"


# ------------------------------------------------------------------ per person, CLI, explain
def test_regimes_command_table_and_json(tmp_path):
    rules = tmp_path / "o.rules"
    rules.write_text(RULES.replace('regeling o "Overgang"\n', 'regeling o "Overgang"\n'
                                   '  gebruikt basis\n').replace(
        "invoer instroomdatum: datum van persoon\n", "invoer instroomdatum: datum van persoon\n"),
        encoding="utf-8")
    sit = tmp_path / "s.json"
    sit.write_text(json.dumps({"peildatum": "2027-06-01", "personen": {
        "a": {"geboortedatum": "1950-01-01", "instroomdatum": "1990-01-01",
              "einde_recht": "2031-01-01"}}}), encoding="utf-8")
    out = CliRunner().invoke(main, ["regimes", str(sit), "--regels", str(rules), "--json",
                                    "--regeling", "o"])
    assert out.exit_code == 0, out.output
    rows = {r["definitie"]: r for r in json.loads(out.output)}
    row = rows["o.uitkering"]
    assert row["regime"].startswith("regime bestaand") and row["gekozen_door"] == "instroomdatum"
    assert row["datum"] == "1990-01-01" and row["tot"] == "2031-01-01"
    assert "artikel 3" in row["bron"]
    assert rows["o.sunset"]["tot"] == "2030-01-01"
    table = CliRunner().invoke(main, ["regimes", str(sit), "--regels", str(rules),
                                      "--persoon", "a"])
    assert table.exit_code == 0 and "bestaand" in table.output


def test_explain_names_the_regime():
    sit = _sit("2027-06-01", a={"instroomdatum": "1990-01-01", "einde_recht": "2031-01-01"})
    from rulescore.reference.results import compiled
    ctx = compiled(PROGRAM).context(sit, trace=True)
    text = explain(ctx, "o.uitkering", "a").render()
    assert 'regime bestaand "Bestaande rechten"' in text and "gesloten instroom" in text


def test_transitions_choose_a_person_without_a_date():
    decl = PROGRAM.symbols["o.uitkering"].decl
    assert transitions.choose(decl, None, dt.date(2026, 1, 1)) is None


def test_instroomdatum_from_a_timeline():
    """The first month of a right, derived with the time machinery, chooses the regime:
    a right from July 2026 gives instroomdatum 1 juli 2026 and the regime for entrants
    from July, one from March 2026 the regime before it (made-up regulation; the date and the choice follow from the rules)."""
    from rulescore.periods import parse_month
    from rulescore.reference.ranges import evaluate_range

    text = '''regeling t "Tijdlijn"
invoer heeft_recht: ja/nee van persoon
definitie instroomdatum: datum
  bron artikel 1
  = eerste maand van het jaar waarin heeft_recht
uitkomst regime_nummer: getal
  bron artikel 2
  tijdvak jaar
  overgangsrecht volgens instroomdatum
  regime oud
    voor instroomdatum tot 1 juli 2026
    = 1
  regime nieuw
    voor instroomdatum vanaf 1 juli 2026
    = 2
  regime nooit "Nooit ingestroomd"
    = 0
'''
    with pytest.raises(RulesError) as exc:  # 'nooit' overlaps both: it chooses no date
        check([parse(text, "t.rules")])
    assert {d.code for d in exc.value.diagnostics} == {"RS244"}
    program = check([parse(text.replace('''  regime nooit "Nooit ingestroomd"
    = 0
''', ""), "t.rules")])
    sit = Situation.from_dict({"van": "2026-01", "tot": "2026-12", "personen": {"a": {
        "heeft_recht": [{"tot": "2026-07", "waarde": "nee"}, {"vanaf": "2026-07", "waarde": "ja"}]},
        "b": {"heeft_recht": [{"tot": "2026-03", "waarde": "nee"},
                              {"vanaf": "2026-03", "waarde": "ja"}]}}}, program)
    result = evaluate_range(program, sit, parse_month("2026-01"), parse_month("2026-12"))
    assert result.value("t.regime_nummer", "a", "2026") == 2
    assert result.value("t.regime_nummer", "b", "2026") == 1


def test_keeps_the_old_amount_until_2030_then_afbouw_in_three_steps():
    """The issue's example: who entered before 2027 keeps the old amount until 2030, then
    afbouw in three steps; newcomers get the new amount (made-up € 300 → € 150)."""
    text = '''regeling k "Korting"
invoer instroomdatum: datum van persoon
uitkomst korting: bedrag per maand
  bron artikel 1
  overgangsrecht volgens instroomdatum
  regime bestaand_tot_2030 "Eerbiedigende werking tot 2030"
    voor instroomdatum tot 1 januari 2027
    geldt tot 1 januari 2030
    = € 300 per maand
  regime bestaand_afbouw "Afbouw vanaf 2030"
    voor instroomdatum tot 1 januari 2027
    geldt vanaf 1 januari 2030
    = geleidelijk van € 300 per maand naar € 150 per maand in 3 jaarlijkse stappen vanaf 1 januari 2030
  regime nieuw "Nieuwe gevallen"
    voor instroomdatum vanaf 1 januari 2027
    = € 150 per maand
'''
    program = check([parse(text, "k.rules")])

    def value(day, entry):
        sit = Situation.from_dict({"peildatum": day, "personen": {"a": {"instroomdatum": entry}}},
                                  program)
        return evaluate(program, sit).values[("k.korting", "a")]
    # 2029: 300; 2030: 300 - 150/3 = 250; 2031: 200; 2032 and later: 150; newcomer 150
    assert [value(f"{y}-06-01", "2020-01-01") for y in (2029, 2030, 2031, 2032, 2040)] == [
        300, 250, 200, 150, 150]
    assert value("2028-06-01", "2027-01-01") == 150


def test_dekking_shows_what_applies_after_a_sunset_and_a_freeze(tmp_path):
    rules = tmp_path / "o.rules"
    rules.write_text(RULES.replace('regeling o "Overgang"\n', 'regeling o "Overgang"\n'
                                   '  gebruikt basis\n'), encoding="utf-8")
    out = CliRunner().invoke(main, ["check", str(rules), "--dekking", "2025-01-01:2030-12-31"])
    assert out.exit_code == 0, out.output
    lines = [x for x in out.output.splitlines() if x.startswith("overgangsrecht: ")]
    assert "overgangsrecht: o.sunset: regime oud geldt tot 2030-01-01; daarna: regime nieuw" in lines
    assert ("overgangsrecht: o.bedrag_oud: bevroren vanaf 2026-01-01 tot 2028-01-01; daarna de "
            "waarde vanaf 2028-01-01") in lines
    # the bundled Participatiewet art. 3: the text until 2026, then the 2026 text
    assert any(x.startswith("overgangsrecht: participatiewet.gezamenlijke_huishouding_als_gehuwden:"
                            " regime tot_2026 geldt tot 2026-01-01; daarna: regime vanaf_2026")
               for x in lines)
    # a range that ends before the sunset does not name it
    early = CliRunner().invoke(main, ["check", str(rules), "--dekking", "2025-01-01:2025-06-30"])
    assert "o.sunset" not in early.output
