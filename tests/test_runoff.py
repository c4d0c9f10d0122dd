"""The run-off of a closed regime (rulescore.analysis.runoff, ``rulescore uitfasering``):
a tiny population by hand, laws the projection obeys, the command's table, JSON, chart and
rendered errors (issue #19 §4)."""

from __future__ import annotations

import datetime as dt
import decimal
import json

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from rulescore import load_program
from rulescore.analysis import runoff_population as rp
from rulescore.analysis.mortality import read_table
from rulescore.analysis.runoff import Costs, Recipient, project
from rulescore.cli import main
from rulescore.errors import RulesError

TABLE = read_table()
# CBS 60025 (rulescore/analysis/sterftetafel_cbs_1996_2000.csv), chance to die within the band:
Q_MAN_65_70 = 0.11824
Q_VROUW_85_90 = 0.48176
# within a five-year band the one-year chance of surviving is (1 - Q) ** (1/5)
S_MAN_65 = (1 - Q_MAN_65_70) ** (1 / 5)      # 0.975147…
S_VROUW_85 = (1 - Q_VROUW_85_90) ** (1 / 5)  # 0.876758…

# Two recipients of Bijstand buitenland with a right since before 1996 (PW art. 78h lid 1):
# the amount is the costs ter plaatse minus the means (lid 2, the plugin's aanname).
TWO = [
    {"geslacht": "man", "aantal": 1, "geboortedatum": "1960-07-01",  # 65 on 1 January 2026
     "bijstand_buitenland_verleend": True, "aanvang_bijstand_buitenland": "1990-01-01", "noodzakelijke_kosten_ter_plaatse": "600",
     "middelen_buitenland": "150"},                                  # 600 − 150 = € 450
    {"geslacht": "vrouw", "aantal": 1, "geboortedatum": "1940-07-01",  # 85 on 1 January 2026
     "bijstand_buitenland_verleend": True, "aanvang_bijstand_buitenland": "1985-06-01", "noodzakelijke_kosten_ter_plaatse": "800",
     "middelen_buitenland": "0"},                                    # 800 − 0 = € 800
]
DAY = dt.date(2026, 1, 1)


@pytest.fixture(scope="module")
def program():
    return load_program()


def _recipients(program, regulation, people, day=DAY):
    return rp.recipients(program, rp.profile_for(regulation), day, people)


def test_two_recipients_by_hand(program):
    found = sorted(_recipients(program, "bijstand_buitenland", TWO), key=lambda r: r.sex)
    assert [(r.sex, r.monthly, r.end) for r in found] == [("man", 450, None), ("vrouw", 800, None)]
    costs = Costs(structural=5000, per_recipient=1000)
    p = project(found, TABLE, 2026, 2, 0.02, costs, premium=0.49)
    y26, y27 = p.years
    # 2026: both alive on 1 January; 12 × (450 + 800) = 15.000; 5.000 + 2 × 1.000 = 7.000
    assert y26.recipients == 2 and y26.benefits == pytest.approx(15000)
    assert y26.execution == pytest.approx(7000)
    # 2027: the man survived age 65 with S_MAN_65, the woman age 85 with S_VROUW_85
    n27 = S_MAN_65 + S_VROUW_85                           # 0.975147 + 0.876758 = 1.851905
    b27 = 12 * (450 * S_MAN_65 + 800 * S_VROUW_85)        # 12 × (438.816 + 701.406) = 13.682,66
    e27 = 5000 + 1000 * n27                               # 6.851,90
    assert y27.recipients == pytest.approx(n27)
    assert y27.benefits == pytest.approx(b27) and y27.execution == pytest.approx(e27)
    # keeping from 2027 costs that year's flows; from 2026 this year's plus next year's / 1,02
    assert y27.keep == pytest.approx(b27 + e27)                          # 20.534,56
    assert y26.keep == pytest.approx(15000 + 7000 + (b27 + e27) / 1.02)  # 42.131,92
    # buying out: the benefits' present value times 1,49 (a 49% premium)
    assert y26.buyout == pytest.approx(1.49 * (15000 + b27 / 1.02))     # 42.337,11 > keep
    assert y27.buyout == pytest.approx(1.49 * b27)                       # 20.387,17 < keep
    assert p.first_buyout_year == 2027


def test_a_right_that_ends_at_aow_age_counts_its_months_by_hand(program):
    # WAO art. 49 lid 1: the uitkering ends on the day of the pensioengerechtigde leeftijd;
    # born 1 July 1959, 67 (AOW art. 7a lid 1, for 2026) on 1 July 2026.
    # Toegekend 1 June 2001 at 41: loondervingsuitkering 1 jaar (art. 21a), now the
    # vervolguitkering: vervolgpercentage 2 × (41 − 15) = 52% (art. 21b lid 3);
    # minimumloon per dag 2.294,40 / 21,75 = 105,489655; vervolgdagloon 105,489655 +
    # 52% × (150 − 105,489655) = 128,635034; klasse 80–100%: 75% × 100/108 × 128,635034 =
    # 89,329885 → 89,33 per dag (art. 21 lid 2); 21,75 × 89,33 = € 1.942,93 per maand.
    person = {"geslacht": "man", "aantal": 3, "geboortedatum": "1959-07-01",
              "arbeidsongeschiktheidsuitkering_toegekend": True,
              "eerste_arbeidsongeschiktheidsdag": "1999-06-01",
              "ingangsdatum_uitkering": "2001-06-01", "mate_van_arbeidsongeschiktheid": "0.85",
              "dagloon": "150"}
    [r] = _recipients(program, "wao", [person])
    assert (r.weight, float(r.monthly), r.end) == (3, 1942.93, dt.date(2026, 7, 1))
    p = project([r], TABLE, 2026, 3, 0.0)
    # 2026: January to June, 6 months, for the 3 he stands for; from 2027 nobody
    assert p.years[0].recipients == 3
    assert p.years[0].benefits == pytest.approx(3 * 6 * 1942.93)
    assert [(y.recipients, y.benefits) for y in p.years[1:]] == [(0, 0), (0, 0)]


_births = st.dates(dt.date(1920, 1, 1), dt.date(2000, 12, 31))
_recipient = st.builds(
    Recipient, weight=st.floats(0.5, 1000), sex=st.sampled_from(["man", "vrouw"]),
    birth=_births, monthly=st.floats(0, 5000),
    end=st.none() | st.dates(dt.date(2026, 1, 2), dt.date(2080, 1, 1)))


@settings(max_examples=60, deadline=None)
@given(st.lists(_recipient, min_size=1, max_size=6), st.integers(1, 60))
def test_recipients_never_rise(people, years):
    p = project(people, TABLE, 2026, years, 0.02, Costs(100, 10))
    counts = [y.recipients for y in p.years]
    assert all(b <= a + 1e-9 for a, b in zip(counts, counts[1:]))
    assert counts[0] <= sum(r.weight for r in people) + 1e-9


@settings(max_examples=60, deadline=None)
@given(st.lists(_recipient, min_size=1, max_size=6), st.floats(0, 0.2), st.floats(0.001, 0.2))
def test_present_value_falls_as_the_discount_rate_rises(people, low, step):
    high = low + step
    a = project(people, TABLE, 2026, 40, low, Costs(1000, 100))
    b = project(people, TABLE, 2026, 40, high, Costs(1000, 100))
    for ya, yb in zip(a.years, b.years):
        assert yb.keep <= ya.keep + 1e-6 and yb.buyout <= ya.buyout + 1e-6


@settings(max_examples=25, deadline=None)
@given(st.dates(dt.date(1996, 1, 1), dt.date(2026, 1, 1)), st.dates(dt.date(2004, 1, 1),
                                                                    dt.date(2024, 1, 1)))
def test_closed_intake_admits_nobody_after_its_date(program, aanvang, ziek):
    # PW art. 78h lid 1: only who received the bijstand in December 1995;
    # WAO art. 16 lid 1 (with the Wet WIA): only who became arbeidsongeschikt before 2004
    bbl = {**TWO[0], "aanvang_bijstand_buitenland": aanvang.isoformat()}
    wao = {"geslacht": "vrouw", "geboortedatum": "1970-03-01",
           "arbeidsongeschiktheidsuitkering_toegekend": True,
           "eerste_arbeidsongeschiktheidsdag": ziek.isoformat(),
           "ingangsdatum_uitkering": min(ziek + dt.timedelta(days=728), DAY).isoformat(),
           "mate_van_arbeidsongeschiktheid": "0.85", "dagloon": "150"}
    for regulation, person in (("bijstand_buitenland", bbl), ("wao", wao)):
        found = _recipients(program, regulation, [person])
        assert [r.monthly for r in found] == [0]
        p = project(found, TABLE, 2026, 10, 0.02, Costs(1000, 100))
        # nobody is entitled: no benefits, no execution cost, nothing to buy out
        assert all(y.recipients == y.benefits == y.execution == y.keep == 0 for y in p.years)


# ------------------------------------------------------------------ the command

def _invoke(*args):
    return CliRunner().invoke(main, list(args), env={"COLUMNS": "200"})


@pytest.fixture
def two_file(tmp_path):
    path = tmp_path / "populatie.json"
    path.write_text(json.dumps({"peildatum": "2026-01-01", "personen": TWO}))
    return str(path)


def test_cli_json_on_a_population_file(two_file):
    res = _invoke("uitfasering", "bijstand_buitenland", "--populatie", two_file, "--jaren", "2",
                  "--disconto", "2,0%", "--json")
    assert res.exit_code == 0, res.output
    doc = json.loads(res.stdout)
    assert doc["regeling"] == "bijstand_buitenland" and doc["disconto"] == 0.02
    y26, y27 = doc["jaren"]
    # the profile's execution cost: € 3.424,66 per gerechtigde, no structural part
    assert (y26["jaar"], y26["gerechtigden"], y26["uitkeringslasten"]) == (2026, 2, 15000)
    assert y26["uitvoeringskosten"] == pytest.approx(2 * 3424.66)
    assert y27["gerechtigden"] == pytest.approx(S_MAN_65 + S_VROUW_85, abs=1e-4)
    assert doc["sterftetafel"].startswith("CBS StatLine 60025")
    assert doc["aannames"]


def test_cli_csv_population_is_the_same_as_json(two_file, tmp_path):
    path = tmp_path / "populatie.csv"
    cols = list(TWO[0])
    path.write_text("peildatum," + ",".join(cols) + "\n" + "".join(
        "2026-01-01," + ",".join("ja" if p[c] is True else str(p[c]) for c in cols) + "\n" for p in TWO))
    a = _invoke("uitfasering", "bijstand_buitenland", "--populatie", str(path), "--json")
    b = _invoke("uitfasering", "bijstand_buitenland", "--populatie", two_file, "--json")
    assert a.exit_code == 0, a.output
    assert json.loads(a.stdout)["jaren"] == json.loads(b.stdout)["jaren"]


def test_cli_parquet_population_is_the_same_as_json(two_file, tmp_path):
    import pyarrow as pa
    import pyarrow.parquet as pq

    path = tmp_path / "populatie.parquet"
    # dates and exact amounts as Parquet types, not text
    rows = [{**p, "peildatum": DAY, "geboortedatum": dt.date.fromisoformat(p["geboortedatum"]),
             "aanvang_bijstand_buitenland": dt.date.fromisoformat(
                 p["aanvang_bijstand_buitenland"]),
             "noodzakelijke_kosten_ter_plaatse": decimal.Decimal(
                 p["noodzakelijke_kosten_ter_plaatse"]),
             "middelen_buitenland": decimal.Decimal(p["middelen_buitenland"])} for p in TWO]
    pq.write_table(pa.Table.from_pylist(rows), path)
    a = _invoke("uitfasering", "bijstand_buitenland", "--populatie", str(path), "--json")
    b = _invoke("uitfasering", "bijstand_buitenland", "--populatie", two_file, "--json")
    assert a.exit_code == 0, a.output
    assert json.loads(a.stdout)["jaren"] == json.loads(b.stdout)["jaren"]
    pq.write_table(pa.Table.from_pylist([{**rows[0], "peildatum": dt.date(2025, 1, 1)},
                                         rows[1]]), path)
    res = _invoke("uitfasering", "bijstand_buitenland", "--populatie", str(path))
    assert res.exit_code == 1 and "RS701: populatiebestand heeft niet één peildatum" in res.output


def test_cli_table_and_chart(tmp_path):
    svg, png = tmp_path / "u.svg", tmp_path / "u.png"
    res = _invoke("uitfasering", "bijstand_buitenland", "--jaren", "5", "--grafiek", str(svg))
    assert res.exit_code == 0, res.output
    # the generated population is the published count (Kamerbrief: 73 in January 2026)
    assert "│ 2026 │         73,0 │" in res.stdout
    assert "afkoop goedkoper dan instandhouden vanaf:" in res.stdout
    assert "aanname:" in res.stdout
    # five years do not see the last recipient leave: the command says the values are short
    assert "let op: in 2030 nog" in res.stdout
    assert "let op" not in _invoke("uitfasering", "bijstand_buitenland", "--jaren", "80").stdout
    text = svg.read_text()
    assert "<svg" in text and "gerechtigden" in text
    res = _invoke("uitfasering", "wao", "--jaren", "3", "--grafiek", str(png))
    assert res.exit_code == 0
    assert "uitkeringslasten (€ mln)" in res.stdout  # 137.100 recipients: well over € 100 mln
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert [p.name for p in tmp_path.iterdir() if "onvolledig" in p.name] == []


def test_cli_renders_user_errors(tmp_path):
    res = _invoke("uitfasering", "bijstand_buitenland", "--disconto", "twee procent")
    assert res.exit_code == 1
    assert "--disconto: fout RS703: 'twee procent' is geen percentage" in res.output
    assert "hint: bijv. 2,0%" in res.output
    res = _invoke("uitfasering", "aow")
    assert res.exit_code == 1
    assert "fout RS700: regeling 'aow' heeft geen uitfaseringsprofiel" in res.output
    assert "bijstand_buitenland, wao" in res.output
    bad = tmp_path / "p.json"
    bad.write_text(json.dumps({"peildatum": "2026-01-01",
                               "personen": [{**TWO[0], "geslacht": "x"}]}))
    res = _invoke("uitfasering", "bijstand_buitenland", "--populatie", str(bad))
    assert res.exit_code == 1
    assert "fout RS701: persoon 0: geslacht 'x' is geen 'man' of 'vrouw'" in res.output
    # a fact the situation refuses names the file's person, not the internal situation
    bad.write_text(json.dumps({"peildatum": "2026-01-01", "personen": [
        TWO[0], {**TWO[1], "middelen_buitenland": "veel"}]}))
    res = _invoke("uitfasering", "bijstand_buitenland", "--populatie", str(bad))
    assert res.exit_code == 1
    assert f"{bad}[1].middelen_buitenland: fout RS310" in res.output
    bad.write_text(json.dumps({"peildatum": "2026-01-01",
                               "personen": [{**TWO[0], "aantal": -2}]}))
    res = _invoke("uitfasering", "bijstand_buitenland", "--populatie", str(bad))
    assert f"{bad}[0].aantal: fout RS701: persoon 0: aantal -2 is geen positief getal" \
        in res.output
    bad.write_bytes(b"\xff\xfe{}")
    res = _invoke("uitfasering", "bijstand_buitenland", "--populatie", str(bad))
    assert res.exit_code == 1 and "fout RS701: populatiebestand is geen UTF-8-tekst" in res.output
    res = _invoke("uitfasering", "bijstand_buitenland", "--grafiek", str(tmp_path / "u.pdf"))
    assert res.exit_code != 0 and "--grafiek" in res.output


def test_a_table_without_the_age_is_a_rendered_error(tmp_path):
    table = tmp_path / "t.csv"
    table.write_text("geslacht,leeftijd_van,leeftijd_tot,sterftequotient\nman,0,50,0.1\n")
    with pytest.raises(RulesError) as exc:
        read_table(table).one_year("man", 70)
    assert [d.code for d in exc.value.diagnostics] == ["RS702"]
    table.write_text("geslacht,leeftijd_van,leeftijd_tot,sterftequotient\nman,0,50,1.5\n")
    with pytest.raises(RulesError) as exc:
        read_table(table)
    assert "ligt niet tussen 0 en 1" in exc.value.diagnostics[0].message


def test_an_input_after_eindigt_op_is_always_a_day():
    # docs/overgangsrecht.rst: only a definition says 'geen' (a right that still runs);
    # an input date given as null is RS311, left out RS321
    from rulescore.dsl import parse
    from rulescore.dsl.checker import check
    from rulescore.reference.results import evaluate
    from rulescore.situation import Situation

    rules = '''regeling o "O"
invoer instroomdatum: datum van persoon
invoer einde_recht: datum van persoon
invoer beeindigd: ja/nee van persoon
definitie einde_na_besluit: datum
  = eerste maand van het jaar waarin beeindigd
uitkomst via_invoer: bedrag per maand
  overgangsrecht volgens instroomdatum
  regime bestaand
    gesloten instroom vanaf 1 januari 1996
    eindigt op einde_recht
    = € 100 per maand
  regime beeindigd
    na einde van bestaand
    = € 0 per maand
  regime nieuw
    voor instroomdatum vanaf 1 januari 1996
    = € 0 per maand
uitkomst via_definitie: bedrag per maand
  overgangsrecht volgens instroomdatum
  regime bestaand
    gesloten instroom vanaf 1 januari 1996
    eindigt op einde_na_besluit
    = € 100 per maand
  regime beeindigd
    na einde van bestaand
    = € 0 per maand
  regime nieuw
    voor instroomdatum vanaf 1 januari 1996
    = € 0 per maand
'''
    prog = check([parse(rules, "o.rules")])

    def run(output, **facts):
        sit = Situation.from_dict({"peildatum": "2027-06-01", "personen": {"a": {
            "instroomdatum": "1990-01-01", **facts}}}, prog)
        return evaluate(prog, sit, outputs=[output]).values[(output, "a")]

    for facts, code in (({"einde_recht": None}, "RS311"), ({}, "RS321")):
        with pytest.raises(RulesError) as exc:
            run("o.via_invoer", **facts)
        assert [d.code for d in exc.value.diagnostics] == [code]
    assert run("o.via_invoer", einde_recht="2030-01-01") == 100
    # the definition is 'geen' while the right runs, a day once it has ended
    assert run("o.via_definitie", beeindigd=False) == 100
    assert run("o.via_definitie", beeindigd=True) == 0
