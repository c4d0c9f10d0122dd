"""The batch evaluator over a range of months (issue #14 §3): ``rulescore batch --van/--tot``
and its long-form CSV, and the property that it gives exactly the reference evaluator's
value (``evaluate_range``) for every person, outcome and period."""

import copy
import csv
import datetime as dt
import io
import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from rulescore.batch.population import cents, date_to_days
from rulescore.batch.ranges import UNSURE, evaluate_batch_range
from rulescore.cli import main
from rulescore.errors import RulesError
from rulescore.exact import is_number
from rulescore.periods import parse_month as M
from rulescore.reference.ranges import MAX_MONTHS, evaluate_range
from rulescore.situation import Situation
from test_timeline import dated_households

ROOT = Path(__file__).parents[1]
JOB = json.loads((ROOT / "examples" / "baan_vanaf_juli.json").read_text(encoding="utf-8"))
FAMILY = json.loads((ROOT / "examples" / "huishouden.json").read_text(encoding="utf-8"))
#: A child born on 14 May 2026 into Daan's household: his persons change within the range.
KIM = {"geboortedatum": "2026-05-14", "woonadres": "w1", "zorgverzekerd": True,
       "opvangsoort": "geen", "huurder": False, "student": False, "onverzekerde_jaren": 0,
       "overige_netto_middelen": 0, "bezittingen": 0, "schulden": 0,
       "rendementsgrondslag": 0,
       "geen": ["overig_belastbaar_inkomen", "inkomen_box_2_en_3", "loon_uit_dienstbetrekking"]}


def with_kim() -> dict:
    doc = copy.deepcopy(JOB)
    doc["personen"]["kim"] = KIM
    doc["relaties"] = [{"soort": "ouder_van", "personen": ["daan", "kim"],
                        "vanaf": "2026-05-14"}]
    return doc


def jsonl(tmp_path, *docs) -> Path:
    path = tmp_path / "huishoudens.jsonl"
    path.write_text("".join(json.dumps(d, ensure_ascii=False) + "\n" for d in docs),
                    encoding="utf-8")
    return path


def invoke(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


def cells(text: str) -> dict:
    """(regel, persoon, uitkomst, periode) → waarde of the long-form CSV."""
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0] == ["regel", "persoon", "uitkomst", "eenheid", "periode", "waarde"]
    out = {}
    for line, person, q, _unit, period, value in rows[1:]:
        key = (int(line), person, q, period)
        assert key not in out, key  # one row per person, outcome and period
        out[key] = value
    return out


def reference_cell(value) -> str:
    """The CSV text of an exact value (two decimals for numbers, as the batch writes them)."""
    if isinstance(value, bool):
        return "ja" if value else "nee"
    if is_number(value):
        c = cents(value)
        sign, c = ("-" if c < 0 else ""), abs(c)
        return f"{sign}{c // 100}.{c % 100:02d}"
    return value.isoformat() if isinstance(value, dt.date) else str(value)


# ------------------------------------------------------------------ command line

def test_the_command_line_writes_one_row_per_person_outcome_and_period(program, tmp_path):
    out = tmp_path / "uit.csv"
    result = invoke("batch", jsonl(tmp_path, JOB, FAMILY, with_kim()), "--van", "2026-01",
                    "--tot", "2026-12", "--uitvoer", out)
    assert result.exit_code == 0, result.output
    got = cells(out.read_text(encoding="utf-8"))
    # Daan (line 1): no income January–June 2026, € 2.500 gross a month from 1 July.
    # Zorgtoeslag 2026 (Awir art. 8 lid 1, Wet IB art. 3.146: verzamelinkomen 6 × 2.500 =
    # 15.000 below the drempelinkomen € 29.736; Wzt art. 2 lid 2: 2.119 − 1,912 % × 29.736
    # = 1.550,44768, € 1.550 in whole euros, Awir art. 14 lid 4): one row, for the year.
    assert got[(1, "daan", "zorgtoeslag.zorgtoeslag", "2026")] == "1550.00"
    assert not any(k[:3] == (1, "daan", "zorgtoeslag.zorgtoeslag") and k[3] != "2026"
                   for k in got)
    # March: no income, so PW art. 19 lid 1: bijstand = the norm of art. 21 onder a
    # (alleenstaande, 21 to AOW age, from 1 January 2026: € 1.401,50), middelen € 0.
    assert got[(1, "daan", "participatiewet.algemene_bijstand", "2026-03")] == "1401.50"
    # September: the month's net is the wage minus the herleid loonheffing (Wet LB art. 25
    # lid 1: a year of 12 × 2.500 = 30.000 gives a heffing of 2.245,86822 after the
    # kortingen of Wet IB art. 8.10/8.11, a twelfth 187,155685): 2.312,84, above the norm,
    # so no bijstand (see tests/test_monthly_income.py for every step).
    assert got[(1, "daan", "inkomstenbelasting.netto_inkomen", "2026-09")] == "2312.84"
    assert got[(1, "daan", "participatiewet.algemene_bijstand", "2026-09")] == "0.00"
    # every outcome a month without a tijdvak: twelve rows per person
    assert {k[3] for k in got if k[:3] == (1, "daan", "participatiewet.bijstandsnorm")} == \
        {f"2026-{m:02d}" for m in range(1, 13)}
    assert {k[3] for k in got if k[:3] == (1, "daan", "kinderbijslag.kinderbijslag")} == \
        {"2026-K1", "2026-K2", "2026-K3", "2026-K4"}
    # Kim (line 3), born 14 May 2026: rows from June, the first month on whose first day
    # she is alive; her household goes to the exact evaluator (its persons change).
    kim = {k[3] for k in got if k[:3] == (3, "kim", "participatiewet.bijstandsnorm")}
    assert kim == {f"2026-{m:02d}" for m in range(6, 13)}
    # every cell of every line is the reference evaluator's value
    for line, doc in enumerate((JOB, FAMILY, with_kim()), start=1):
        ref = evaluate_range(program, Situation.from_dict(copy.deepcopy(doc), program),
                             M("2026-01"), M("2026-12"))
        expected = {(line, p, q, per.label()): reference_cell(v)
                    for (q, p, per), v in ref.values.items()}
        assert {k: v for k, v in got.items() if k[0] == line} == expected


def test_the_command_line_range_with_two_workers_writes_the_same_csv(tmp_path):
    path = jsonl(tmp_path, JOB, FAMILY, with_kim(), JOB, FAMILY)
    one = invoke("batch", path, "--van", "2026-05", "--tot", "2026-07")
    two = invoke("batch", path, "--van", "2026-05", "--tot", "2026-07", "--workers", "2")
    assert one.exit_code == two.exit_code == 0, (one.output, two.output)
    assert one.stdout == two.stdout  # (the closing summary on stderr says the time)
    assert cells(one.stdout)[(4, "daan", "zorgtoeslag.zorgtoeslag", "2026")] == "1550.00"


@pytest.mark.parametrize("args, code, message", [
    (["--datum", "2026-03-01", "--van", "2026-01", "--tot", "2026-02"], 2,
     "geef --datum of --van/--tot, niet beide"),
    (["--van", "2026-01"], 2, "geef --van en --tot samen"),
    (["--tot", "2026-01"], 2, "geef --van en --tot samen"),
    (["--van", "2026-13", "--tot", "2026-12"], 2, "'--van'"),
    (["--van", "2026-05", "--tot", "2026-03"], 1, "RS541"),
    (["--van", "2020-01", "--tot", M("2020-01").shifted(MAX_MONTHS).label()], 1, "RS542"),
])
def test_bad_range_options_are_rendered_errors_with_a_hint(tmp_path, args, code, message):
    path = jsonl(tmp_path, JOB)
    out = path.parent / "uit.csv"
    for command in (["batch", path, "--uitvoer", out], ["evaluate", path.parent / "j.json"]):
        (path.parent / "j.json").write_text(json.dumps(JOB), encoding="utf-8")
        result = invoke(*command, *args)
        assert result.exit_code == code, result.output
        assert message in result.output
        assert "Traceback" not in result.output
        # a usage error names the command's help; a diagnostic its hint
        assert ("--help" if code == 2 else "hint: --van ligt" if "RS541" in message
                else "hint: reken in delen") in result.output
    assert not out.exists()  # refused before anything was written


def test_a_missing_input_is_reported_with_its_line_and_the_others_written(tmp_path):
    bad = copy.deepcopy(JOB)
    del bad["personen"]["daan"]["bezittingen"]
    out = tmp_path / "uit.csv"
    result = invoke("batch", jsonl(tmp_path, JOB, bad), "--van", "2026-01", "--tot",
                    "2026-02", "--uitvoer", out)
    assert result.exit_code == 1
    assert "regel 2:" in result.output and "RS321" in result.output
    assert "bezittingen" in result.output
    got = cells(out.read_text(encoding="utf-8"))
    assert {k[0] for k in got} == {1}  # never a silent zero for line 2
    assert got[(1, "daan", "participatiewet.algemene_bijstand", "2026-02")] == "1401.50"


# ------------------------------------------------------------------ batch == reference

def same_as_reference(program, docs, first, last, workers=1):
    """Every household's batch cells are the reference's, and an error where it errs."""
    sits = [Situation.from_dict(copy.deepcopy(d), program) for d in docs]
    result = evaluate_batch_range(program, sits, first, last, workers=workers)
    got: dict = {}
    for h, pid, q, period, v in result.cells():
        got.setdefault(h, {})[(q, pid, period)] = v
    for h, sit in enumerate(sits):
        try:
            ref = evaluate_range(program, sit, first, last).values
        except RulesError as exc:
            assert h in result.errors, exc
            assert {d.code for d in result.errors[h].diagnostics} <= \
                {d.code for d in exc.diagnostics}
            continue
        assert h not in result.errors, result.errors.get(h)
        expected = {k: (cents(v) if is_number(v) and not isinstance(v, bool) else
                        date_to_days(v) if isinstance(v, dt.date) else v)
                    for k, v in ref.items()}
        assert got.get(h, {}) == expected
    return result


@st.composite
def changing_households(draw, program):
    """A dated household of tests/test_timeline.py, where a person may be born or die
    within 2026 (then its persons change within the range)."""
    doc, _day, _plain = draw(dated_households(program))
    change = draw(st.sampled_from(["none", "none", "birth", "death"]))
    if change != "none":
        pid = draw(st.sampled_from(sorted(doc["personen"])))
        day = dt.date(2026, draw(st.integers(1, 12)), draw(st.integers(1, 28)))
        if change == "birth":
            doc["personen"][pid]["geboortedatum"] = day.isoformat()
            doc["relaties"] = [r for r in doc["relaties"] if pid not in r["personen"]]
        else:
            doc["personen"][pid]["overlijdensdatum"] = day.isoformat()
            doc["relaties"] = [r for r in doc["relaties"]
                               if pid not in r["personen"] or "vanaf" not in r]
    return doc


@given(st.data())
@settings(max_examples=12, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
def test_the_batch_over_a_range_is_the_reference_to_the_cent(program, data):
    docs = data.draw(st.lists(changing_households(program), min_size=1, max_size=3))
    loadable = []
    for doc in docs:
        try:
            Situation.from_dict(copy.deepcopy(doc), program)
        except RulesError:
            continue  # e.g. a relation before a birth: refused when read, never evaluated
        loadable.append(doc)
    if not loadable:
        return
    a = data.draw(st.integers(1, 12))
    b = data.draw(st.integers(a, min(12, a + 5)))
    same_as_reference(program, loadable, M(f"2026-{a:02d}"), M(f"2026-{b:02d}"))


def test_with_two_workers_the_batch_over_a_range_is_the_reference(program):
    docs = [JOB, FAMILY, with_kim(), FAMILY, JOB]
    result = same_as_reference(program, docs, M("2026-01"), M("2026-12"), workers=2)
    assert result.reasons == {2: "de personen wisselen: kim is geboren op 2026-05-14"}
    assert UNSURE not in result.reasons.values()


@given(st.data())
@settings(max_examples=10, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
def test_a_days_population_shared_from_another_day_is_that_days_own(program, data):
    """A day's columns reuse those of a day already built for every household in the
    same stretch between its change days: they equal the columns built from that day's
    snapshots."""
    from rulescore.batch.population import Population
    from rulescore.batch.range_runs import RangeRuns, persons_on

    sits = []
    for doc in data.draw(st.lists(dated_households(program), min_size=1, max_size=4)):
        try:
            sits.append(Situation.from_dict(copy.deepcopy(doc[0]), program))
        except RulesError:
            continue
    if not sits:
        return
    days = data.draw(st.lists(st.sampled_from([dt.date(2026, m, 1) for m in range(1, 13)]),
                              min_size=2, max_size=5))
    runs = RangeRuns(program, sits, [persons_on(s, days[0]) for s in sits], {})
    for day in days:
        got = runs.population(day)
        own = Population.from_situations([s.at(day) for s in sits], program,
                                         codes=runs.codes)
        for name, column in own.inputs.items():
            mine = got.inputs[name]
            assert (mine.present == column.present).all(), name
            assert (mine.values[column.present] == column.values[column.present]).all(), name
        for kind, table in own.relations.items():
            assert (got.relations[kind].keys == table.keys).all(), kind
            for f, column in table.facts.items():
                mine = got.relations[kind].facts[f]
                assert (mine.present == column.present).all()
                assert (mine.values[column.present] == column.values[column.present]).all()
