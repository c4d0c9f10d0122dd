"""Situations over time (issue #14 §1): the dated forms, their diagnostics, the snapshot of a
day, and that a dated situation evaluates on a day as the plain situation of that day."""

import copy
import datetime as dt
import json
from fractions import Fraction
from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from rulescore.batch.population import Population
from rulescore.batch.run import evaluate_batch
from rulescore.errors import RulesError
from rulescore.reference.results import evaluate
from rulescore.situation import Situation
from rulescore.testing.strategies import situations, value_strategy

ROOT = Path(__file__).parents[1]
D = dt.date.fromisoformat


def load(program, doc) -> Situation:
    return Situation.from_dict(copy.deepcopy(doc), program)


def problems(program, doc) -> dict:
    with pytest.raises(RulesError) as info:
        load(program, doc)
    return {(d.code, d.path): d for d in info.value.diagnostics}


def person(**facts) -> dict:
    return {"geboortedatum": "1990-01-01", **facts}


# ------------------------------------------------------------------ diagnostics

def test_overlap_gap_empty_period_and_bad_dates_are_reported_together(program):
    found = problems(program, {"personen": {"a": person(
        loon_uit_dienstbetrekking=[{"tot": "2026-07", "waarde": 0},
                                   {"vanaf": "juni 2026", "waarde": "2500"}],
        overige_netto_middelen=[{"tot": "2026-03", "waarde": 0},
                                {"vanaf": "2026-05-01", "waarde": 10}],
        bezittingen=[{"vanaf": "2026-07", "tot": "2026-07", "waarde": 0}],
        schulden=[{"vanaf": "2026-02-30", "waarde": 0}, {"vanaf": "2026-13", "waarde": 0}])}})
    assert set(found) == {
        ("RS520", "$.personen.a.loon_uit_dienstbetrekking[1]"),
        ("RS521", "$.personen.a.overige_netto_middelen[1]"),
        ("RS522", "$.personen.a.bezittingen[0].tot"),
        ("RS523", "$.personen.a.schulden[0].vanaf"),
        ("RS523", "$.personen.a.schulden[1].vanaf")}
    assert "2026-06-01" in found[("RS520", "$.personen.a.loon_uit_dienstbetrekking[1]")].message
    gap = found[("RS521", "$.personen.a.overige_netto_middelen[1]")]
    assert "2026-03-01 tot 2026-05-01" in gap.message and "€ 0" in gap.hint


def test_per_month_keys_must_be_months_without_duplicates_or_gaps(program):
    found = problems(program, {"personen": {"a": person(
        loon_uit_dienstbetrekking={"2026-01": 0, "januari 2026": 0, "2026-03": 0, "lente": 5})}})
    assert set(found) == {("RS524", "$.personen.a.loon_uit_dienstbetrekking.lente"),
                          ("RS520", "$.personen.a.loon_uit_dienstbetrekking.januari 2026"),
                          ("RS521", "$.personen.a.loon_uit_dienstbetrekking.2026-03")}


def test_malformed_pieces_and_undatable_inputs(program):
    found = problems(program, {"personen": {"a": {
        "geboortedatum": [{"waarde": "1990-01-01"}],
        "loon_uit_dienstbetrekking": [{"vanaf": "2026-01", "tot": "2026-03",
                                       "tot_en_met": "2026-02", "waarde": 0}],
        "bezittingen": [{"vanaf": "2026-01"}],
        "schulden": [{"van": "2026-01", "waarde": 0}],
        "overige_netto_middelen": [],
        "rendementsgrondslag": [{"waarde": {"2026-01": 0}}]}}})
    assert set(found) == {
        ("RS525", "$.personen.a.geboortedatum"),
        ("RS525", "$.personen.a.loon_uit_dienstbetrekking[0].tot_en_met"),
        ("RS525", "$.personen.a.bezittingen[0]"),
        ("RS525", "$.personen.a.schulden[0].van"),
        ("RS525", "$.personen.a.overige_netto_middelen"),
        ("RS525", "$.personen.a.rendementsgrondslag[0].waarde")}
    assert found[("RS525", "$.personen.a.schulden[0].van")].hint == "bedoelde u 'vanaf'?"


def test_the_checks_of_plain_values_apply_to_every_piece(program):
    found = problems(program, {
        "personen": {"a": person(
            onverzekerde_jaren=[{"tot": "2026-05", "waarde": 3}, {"vanaf": "2026-05", "waarde": 60}],
            woonadres={"2026-01": "w1", "2026-02": "w2"},
            loon_uit_dienstbetrekking=[{"waarde": "veel"}])},
        "woningen": {"w1": {}}})
    assert set(found) == {("RS350", "$.personen.a.onverzekerde_jaren[1].waarde"),
                          ("RS304", "$.personen.a.woonadres.2026-02"),
                          ("RS310", "$.personen.a.loon_uit_dienstbetrekking[0].waarde")}


def test_lifetimes_and_relation_periods(program):
    found = problems(program, {
        "personen": {"a": person(overlijdensdatum="1980-01-01"),
                     "b": person(geboortedatum="2000-01-01", overlijdensdatum="2026-05-03"),
                     "c": person(), "d": person()},
        "relaties": [
            {"soort": "huwelijk", "personen": ["b", "c"], "vanaf": "1999-06-01"},
            {"soort": "huwelijk", "personen": ["b", "c"], "vanaf": "2020-01-01",
             "tot": "2026-06"},
            {"soort": "huwelijk", "personen": ["c", "d"], "vanaf": "2010-01-01", "tot": "2020-01-01"},
            {"soort": "huwelijk", "personen": ["d", "c"], "vanaf": "2019-01-01"},
            {"soort": "huwelijk", "personen": ["a", "d"], "vanaf": "2026-01", "tot": "2025-01"}]})
    assert set(found) == {
        ("RS528", "$.personen.a.overlijdensdatum"),
        ("RS526", "$.relaties[0].vanaf"),   # before b was born
        ("RS526", "$.relaties[1].tot"),     # after b died (the day after is 2026-05-04)
        ("RS527", "$.relaties[3]"),         # the same marriage c–d, overlapping 2019
        ("RS522", "$.relaties[4].tot")}
    assert "buiten het leven van b" in found[("RS526", "$.relaties[0].vanaf")].message


def test_a_unique_relation_twice_on_one_day_and_the_same_relation_twice(program):
    doc = {"personen": {"a": person(), "b": person(), "c": person()},
           "relaties": [{"soort": "huwelijk", "personen": ["a", "b"], "tot": "2026-03"},
                        {"soort": "huwelijk", "personen": ["a", "c"], "vanaf": "2026-02"},
                        {"soort": "ouder_van", "personen": ["a", "b"]},
                        {"soort": "ouder_van", "personen": ["a", "b"]}]}
    assert set(problems(program, doc)) == {("RS309", "$.relaties[1]"), ("RS308", "$.relaties[3]")}
    doc["relaties"][1]["vanaf"] = "2026-03"  # after the divorce: allowed
    del doc["relaties"][3]
    sit = load(program, doc)
    assert ("huwelijk", "a", "b") in sit.at(D("2026-02-28")).relations
    assert ("huwelijk", "c", "a") in sit.at(D("2026-03-01")).relations
    assert ("huwelijk", "a", "b") not in sit.at(D("2026-03-01")).relations


def test_the_situations_own_range(program):
    found = problems(program, {
        "van": "2026-01", "tot": "2026-12",
        "personen": {"a": person(loon_uit_dienstbetrekking={"2025-12": 0, "2026-01": 0},
                                 bezittingen=[{"vanaf": "2027-01-01", "waarde": 0}],
                                 schulden=[{"tot": "2026-01", "waarde": 0},
                                           {"vanaf": "2026-01", "waarde": 1}],
                                 overige_netto_middelen=[{"tot": "2026-01-02", "waarde": 0},
                                                         {"vanaf": "2026-01-02", "waarde": 1}])}})
    assert set(found) == {("RS529", "$.personen.a.loon_uit_dienstbetrekking.2025-12"),
                          ("RS529", "$.personen.a.bezittingen[0]"),
                          ("RS529", "$.personen.a.schulden[0]")}  # from always to 2026-01-01
    assert {c for c, _ in problems(program, {"van": "2026-01", "personen": {"a": person()}})} \
        == {"RS530"}
    assert set(problems(program, {"van": "2026-05", "tot": "2026-02", "personen": {"a": person()}})) \
        == {("RS530", "$.tot")}
    assert set(problems(program, {"van": "2026", "tot": "dec 2026", "personen": {"a": person()}})) \
        == {("RS523", "$.van"), ("RS523", "$.tot")}


# ------------------------------------------------------------------ at() semantics

def test_plain_situations_are_their_own_snapshot(program):
    sit = load(program, json.loads((ROOT / "examples" / "huishouden.json").read_text()))
    assert not sit.is_dated and sit.range is None
    assert sit.at(D("2026-03-01")) is sit and sit.at(D("1900-01-01")) is sit
    assert sit.change_days(D("2000-01-01"), D("2030-01-01")) == ()
    assert sit.lifetime("noor") == (D("2017-09-12"), None)


def test_tot_is_exclusive_tot_en_met_inclusive_and_months_in_both_notations(program):
    sit = load(program, {"personen": {"a": person(
        loon_uit_dienstbetrekking=[{"tot": "2026-07", "waarde": 0},
                                   {"vanaf": "juli 2026", "tot_en_met": "2026-09-15", "waarde": 2500},
                                   {"vanaf": "2026-09-16", "tot_en_met": "OKTOBER 2026", "waarde": 100}],
        bezittingen={"2026-03": 1, "april 2026": 2})}})
    wage = lambda day: sit.at(D(day)).persons["a"].get("loon_uit_dienstbetrekking")  # noqa: E731
    assert [wage(d) for d in ("2000-01-01", "2026-06-30", "2026-07-01", "2026-09-15",
                              "2026-09-16", "2026-10-31", "2026-11-01")] == [0, 0, 2500, 2500,
                                                                             100, 100, None]
    stock = lambda day: sit.at(D(day)).persons["a"].get("bezittingen")  # noqa: E731
    assert [stock(d) for d in ("2026-02-28", "2026-03-01", "2026-03-31", "2026-04-30",
                               "2026-05-01")] == [None, 1, 1, 2, None]
    assert sit.change_days(D("2026-01-01"), D("2026-12-31")) == (
        D("2026-03-01"), D("2026-04-01"), D("2026-05-01"), D("2026-07-01"), D("2026-09-16"),
        D("2026-11-01"))
    assert sit.change_days(D("2026-07-01"), D("2026-09-16")) == (D("2026-07-01"), D("2026-09-16"))


def test_births_deaths_and_relations_start_and_end(program):
    sit = load(program, {
        "van": "2026-01", "tot": "2026-12",
        "personen": {"moeder": person(), "kind": person(geboortedatum="2026-05-03"),
                     "opa": person(geboortedatum="1940-02-01", overlijdensdatum="2026-08-10")},
        "relaties": [{"soort": "ouder_van", "personen": ["moeder", "kind"]},
                     {"soort": "ouder_van", "personen": ["opa", "moeder"]},
                     {"soort": "gezamenlijke_huishouding", "personen": ["moeder", "opa"],
                      "vanaf": "2026-02", "tot_en_met": "2026-06-30"}]})
    assert sit.is_dated and [p.label() for p in sit.range] == ["2026-01", "2026-12"]
    assert sit.lifetime("opa") == (D("1940-02-01"), D("2026-08-10"))
    on = lambda day: sit.at(D(day))  # noqa: E731
    assert on("2026-05-02").person_ids == ("moeder", "opa")
    assert on("2026-05-03").person_ids == ("kind", "moeder", "opa")
    assert on("2026-08-10").person_ids == ("kind", "moeder", "opa")
    assert on("2026-08-11").person_ids == ("kind", "moeder")
    assert ("ouder_van", "moeder", "kind") not in on("2026-05-02").relations
    assert ("ouder_van", "moeder", "kind") in on("2026-05-03").relations
    assert ("ouder_van", "opa", "moeder") not in on("2026-08-11").relations
    together = ("gezamenlijke_huishouding", "opa", "moeder")  # symmetric: both ways
    assert [together in on(d).relations for d in ("2026-01-31", "2026-02-01", "2026-06-30",
                                                  "2026-07-01")] == [False, True, True, False]
    assert sit.change_days(D("2026-01-01"), D("2026-12-31")) == (
        D("2026-02-01"), D("2026-05-03"), D("2026-07-01"), D("2026-08-11"))
    assert on("2026-05-03") is on("2026-06-01")  # one snapshot per stretch between changes


def test_dated_relation_facts(program):
    sit = load(program, {"personen": {"a": person(), "b": person()}, "relaties": [
        {"soort": "huwelijk", "personen": ["a", "b"],
         "duurzaam_gescheiden": [{"tot": "2026-04", "waarde": False},
                                 {"vanaf": "2026-04", "waarde": True}]}]})
    assert sit.at(D("2026-03-31")).relations[("huwelijk", "b", "a")] == {"duurzaam_gescheiden": False}
    assert sit.at(D("2026-04-01")).relations[("huwelijk", "a", "b")] == {"duurzaam_gescheiden": True}


# ------------------------------------------------------------------ evaluation on a day

def test_outside_every_piece_an_input_is_not_given(program):
    """Not given is absent: a default applies (and is listed), otherwise it is missing."""
    doc = json.loads((ROOT / "examples" / "baan_vanaf_juli.json").read_text())
    daan = doc["personen"]["daan"]
    daan["uitgesloten_van_bijstand"] = {"2026-01": False}  # standaard nee (participatiewet)
    daan["loon_uit_dienstbetrekking"] = {"2026-01": 0, "2026-02": "2500,00"}
    sit = load(program, doc)
    january = evaluate(program, sit, D("2026-01-15")).to_dict()
    assert "uitgesloten_van_bijstand" not in january["standaardwaarden"]["daan"]
    with pytest.raises(RulesError) as info:
        evaluate(program, sit, D("2026-03-01"))
    codes = {(d.code, d.path) for d in info.value.diagnostics}
    assert ("RS321", "$.personen.daan.loon_uit_dienstbetrekking") in codes
    feb = evaluate(program, sit, D("2026-02-01")).to_dict()
    assert feb["standaardwaarden"]["daan"]["uitgesloten_van_bijstand"]["waarde"] is False


def test_the_example_job_from_july(program):
    """PW art. 21 onder a (2026-01-01: € 1.401,50 per maand) for a single person of 30
    without income and with € 1.200 bezittingen, below the vermogensgrens of € 8.000 (art. 34);
    from July € 2.500 gross per month: the net wage (at least 63 % of gross, the highest
    box 1 rate 2026 being 37,56 %, so ≥ € 1.561) exceeds every 2026 norm for him, so no
    bijstand (art. 19 lid 1)."""
    text = (ROOT / "examples" / "baan_vanaf_juli.json").read_text()
    sit = Situation.from_json(text, program)
    march = evaluate(program, sit, D("2026-03-01"))
    assert march.value("participatiewet.algemene_bijstand", "daan") == Fraction("1401.50")
    august = evaluate(program, sit, D("2026-08-01"))
    assert august.value("participatiewet.algemene_bijstand", "daan") == 0
    assert august.value("inkomstenbelasting.netto_inkomen", "daan") > Fraction(1561)
    for day in ("2026-01-01", "2026-06-30", "2026-07-01", "2026-12-31"):
        evaluate(program, sit, D(day))  # every day of the range evaluates


def test_cli_evaluates_a_dated_situation_on_the_day(program):
    from click.testing import CliRunner

    from rulescore.cli import main

    path = str(ROOT / "examples" / "baan_vanaf_juli.json")
    out = CliRunner().invoke(main, ["evaluate", path, "--datum", "2026-08-01", "--format", "json"])
    assert out.exit_code == 0, out.output
    doc = json.loads(out.output)
    entry = doc["personen"]["daan"]["participatiewet"]["participatiewet.algemene_bijstand"]
    assert doc["peildatum"] == "2026-08-01" and Fraction(entry["waarde"]) == 0


# ------------------------------------------------------------------ schema

def test_the_schema_describes_the_dated_forms(program):
    import jsonschema

    from rulescore.schema import situation_schema

    validator = jsonschema.Draft202012Validator(situation_schema(program))
    good = json.loads((ROOT / "examples" / "baan_vanaf_juli.json").read_text())
    good["personen"]["daan"]["overlijdensdatum"] = "2026-11-30"
    good["personen"]["daan"]["bezittingen"] = {"2026-01": 0, "februari 2026": "1.200,00"}
    good["personen"]["eva"] = {"geboortedatum": "1996-01-01"}
    good["relaties"] = [{"soort": "huwelijk", "personen": ["daan", "eva"], "vanaf": "2026-06-01",
                         "tot_en_met": "september 2026"}]
    assert list(validator.iter_errors(good)) == []
    bad = copy.deepcopy(good)
    bad["van"] = "januari"
    bad["personen"]["daan"]["geboortedatum"] = [{"waarde": "1995-10-20"}]
    bad["personen"]["daan"]["bezittingen"] = {"feb": 0}
    bad["relaties"][0]["tot"] = "2026-10"
    paths = {e.json_path for e in validator.iter_errors(bad)}
    assert paths == {"$.van", "$.personen.daan.geboortedatum", "$.personen.daan.bezittingen",
                     "$.relaties[0]"}


# ------------------------------------------------------------------ properties

MONTHS = [dt.date(2026, m, 1) for m in range(1, 13)]
DAYS = st.dates(dt.date(2026, 1, 1), dt.date(2026, 12, 31))
PROPERTY = settings(max_examples=40, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


def _month_key(d: dt.date, dutch: bool) -> str:
    from rulescore.periods import MONTH_NAMES
    return f"{MONTH_NAMES[d.month - 1]} {d.year}" if dutch else f"{d.year}-{d.month:02d}"


def _written(value, form: str, draw) -> object:
    """One constant value in one of the forms."""
    if form == "plain":
        return value
    if form == "piece":
        return [{"waarde": value}]
    if form == "pieces":  # split at some months, same value in each piece
        cuts = sorted(draw(st.sets(st.sampled_from(MONTHS[1:]), max_size=3)))
        bounds = [None, *cuts, None]
        return [{**({"vanaf": a.isoformat()} if a else {}),
                 **({"tot": _month_key(b, draw(st.booleans()))} if b else {}), "waarde": value}
                for a, b in zip(bounds, bounds[1:])]
    return {_month_key(m, draw(st.booleans())): value for m in MONTHS}


@given(st.data())
@PROPERTY
def test_a_constant_gives_equal_snapshots_however_it_is_written(program, data):
    doc = data.draw(situations(program, max_persons=3, date=dt.date(2026, 1, 1)))
    doc.update({"van": "2026-01", "tot": "2026-12"})
    variants = []
    for form in ("plain", "piece", "pieces", "months"):
        variant = copy.deepcopy(doc)
        for facts in [*variant["personen"].values(), *variant["woningen"].values()]:
            for name in sorted(facts):
                if name != "geboortedatum" and name != "geen":
                    facts[name] = _written(facts[name], form, data.draw)
        variants.append(load(program, variant))
    for day in data.draw(st.lists(DAYS, min_size=1, max_size=5)):
        first = variants[0].at(day)
        assert all(v.at(day) == first for v in variants[1:])
        assert first == load(program, {k: v for k, v in doc.items() if k not in ("van", "tot")})


@st.composite
def dated_households(draw, program):
    """(dated document, a day, the plain document of that day): some inputs change value
    at a month, a relation may start or end there."""
    doc = draw(situations(program, max_persons=3, date=dt.date(2026, 1, 1)))
    cut = draw(st.sampled_from(MONTHS[1:]))
    day = draw(DAYS)
    plain = copy.deepcopy(doc)
    inputs = program.inputs()
    owners = [("personen", pid) for pid in doc["personen"]] + [("woningen", w) for w in doc["woningen"]]
    for kind, oid in owners:
        for name in sorted(doc[kind][oid]):
            domain = inputs[name].decl.domain if name in inputs else None
            fixed = domain is not None and domain.kind == "niet na peildatum"  # RS525
            if name in ("geboortedatum", "geen") or fixed or not draw(st.booleans()):
                continue
            before = doc[kind][oid][name]
            after = (draw(st.sampled_from(sorted(doc["woningen"]))) if name == "woonadres"
                     else draw(value_strategy(inputs[name], program, dt.date(2026, 1, 1))))
            if draw(st.booleans()):
                doc[kind][oid][name] = [{"tot": _month_key(cut, True), "waarde": before},
                                        {"vanaf": cut.isoformat(), "waarde": after}]
            else:
                doc[kind][oid][name] = {_month_key(m, draw(st.booleans())): before if m < cut else after
                                        for m in MONTHS}
            plain[kind][oid][name] = before if day < cut else after
    if doc["relaties"] and draw(st.booleans()):
        i = draw(st.integers(0, len(doc["relaties"]) - 1))
        key = draw(st.sampled_from(["vanaf", "tot"]))
        doc["relaties"][i][key] = cut.isoformat()
        if (day < cut) == (key == "vanaf"):
            del plain["relaties"][i]
    return doc, day, plain


def _outcome(program, sit, day):
    try:
        return evaluate(program, sit, day).values
    except RulesError as exc:
        return sorted((d.code, d.path or "") for d in exc.diagnostics)


@given(st.data())
@PROPERTY
def test_a_dated_situation_evaluates_as_the_plain_situation_of_the_day(program, data):
    doc, day, plain = data.draw(dated_households(program))
    dated, flat = load(program, doc), load(program, plain)
    assert _outcome(program, dated, day) == _outcome(program, flat, day)
    one = evaluate_batch(program, Population.from_situations([dated], program, day), day)
    other = evaluate_batch(program, Population.from_situations([flat], program, day), day)
    assert one.values.keys() == other.values.keys() and set(one.errors) == set(other.errors)
    for name in one.values:
        assert np.array_equal(one.values[name], other.values[name]), name


JSON = st.recursive(st.none() | st.booleans() | st.integers(-10, 10_000) | st.text(max_size=12)
                    | st.sampled_from(["2026-07", "juli 2026", "2026-07-01", "9999-12", "9999-12-31",
                                       "0001-01", "2026-02-30", "€ 0", "1.401,50"]),
                    lambda inner: st.lists(inner, max_size=4)
                    | st.dictionaries(st.sampled_from(["vanaf", "tot", "tot_en_met", "waarde",
                                                       "2026-01", "maart 2026", "x"]), inner,
                                      max_size=4), max_leaves=12)


@given(st.sampled_from(["loon_uit_dienstbetrekking", "woonadres", "student", "geboortedatum",
                        "toegekende_vrijlating", "eerste_werkloosheidsdag"]), JSON,
       st.sampled_from([None, ("2026-01", "2026-12")]), st.sampled_from([None, "2026-05-03", 7]))
@settings(max_examples=300, deadline=None)
def test_any_json_in_a_dated_form_is_loaded_or_reported_never_a_crash(program, name, value, span,
                                                                          death):
    doc = {"personen": {"a": {"geboortedatum": "1990-01-01", name: value}}, "woningen": {"w1": {}},
           "relaties": [{"soort": "huwelijk", "personen": ["a", "b"], "vanaf": value}]}
    doc["personen"]["b"] = {"geboortedatum": "1991-01-01"}
    if span:
        doc["van"], doc["tot"] = span
    if death:
        doc["personen"]["b"]["overlijdensdatum"] = death
    try:
        sit = Situation.from_dict(doc, program)
    except RulesError as exc:
        assert all(d.code.startswith("RS") and d.path for d in exc.diagnostics)
        return
    for day in (dt.date(1, 1, 1), dt.date(2026, 6, 1), dt.date(9999, 12, 31)):
        assert set(sit.at(day).persons) <= {"a", "b"}
