"""``rulescore impact --harmoniseer``: every regulation rebound to each variant of a concept
over a population (issue #20 §2), and the chart of an impact report (``--grafiek``)."""

from __future__ import annotations

import json

import pyarrow.parquet as pq
import pytest
from click.testing import CliRunner

from rulescore.batch import parquet_io
from rulescore.cli import main
from rulescore.impact import harmonise
from rulescore.plugins import load_program

BASE = load_program()

# two AOW pensioners (full build-up) who own their home together, no joint household,
# no other income
PENSIONER = {"woonadres": "w1", "onverzekerde_jaren": 0, "zorgverzekerd": True,
             "rendementsgrondslag": 0, "student": False, "overige_netto_middelen": 0,
             "bezittingen": 0, "schulden": 0, "inkomen_box_2_en_3": 0,
             "overig_belastbaar_inkomen": 0, "loon_uit_dienstbetrekking": 0,
             "netto_particuliere_oudedagsvoorziening": 0}


@pytest.fixture(scope="module")
def co_owners(tmp_path_factory):
    doc = {"peildatum": "2026-03-01", "woningen": {"w1": {}},
           "personen": {"a": {**PENSIONER, "geboortedatum": "1950-01-01"},
                        "b": {**PENSIONER, "geboortedatum": "1951-02-02"}},
           "relaties": [{"soort": "mede_eigenaar_woning", "personen": ["a", "b"]}]}
    path = tmp_path_factory.mktemp("h") / "p.parquet"
    pq.write_table(parquet_io.households_table([doc], BASE, ["h1"], [2.0]), path)
    return str(path)


def test_the_scenarios_bind_every_user_of_the_concept():
    text = harmonise.scenario_text(BASE, "partner", "awir")
    users = harmonise.users(BASE, "partner")
    assert {"aow", "participatiewet", "zorgtoeslag"} <= set(users)
    assert f"bind partner volgens awir voor {', '.join(users)}\n" in text
    assert set(harmonise.variants(BASE, "partner")) == {"aow", "awir", "huurtoeslag",
                                                        "participatiewet"}


def test_hand_checked_aow_budget_of_the_awir_partner_everywhere(co_owners):
    """AOW art. 1: without a joint household the co-owners are each ongehuwd: art. 9 lid 1
    € 1.637,57 and the vakantie-uitkering (art. 29 lid 1 a) € 106,55 a month per person,
    per 1 January 2026. Awir art. 3 lid 2 d makes co-owners of the dwelling they live in
    partners: with the Awir notion each is gehuwd, € 1.122,12 + € 76,10 (art. 29 lid 1 b).
    Change per person (1.198,22 - 1.744,12) = -545,90 a month, x 12 = -6.550,80 a year;
    two persons, weight 2: -26.203,20 on the AOW line."""
    run = CliRunner().invoke(main, ["impact", co_owners, "--harmoniseer", "partner",
                                    "--format", "json"])
    assert run.exit_code == 0, run.output
    doc = json.loads(run.stdout)
    assert doc["harmonisatie"] == "partner"
    awir = doc["varianten"]["awir"]
    by = {b["regeling"]: b for b in awir["budget"]}
    assert by["aow"]["huidig"] == pytest.approx(2 * 2 * 12 * 1744.12, abs=1e-6)
    assert by["aow"]["verschil"] == pytest.approx(-26203.20, abs=1e-6)
    assert awir["herkomst"]["scenario"] == "harmonisatie_partner_awir"
    # the AOW's own notion is monthly and the huurtoeslag reads its partner per year: a
    # harmonisation the rules do not allow as written is reported, not computed
    assert "aow" not in doc["varianten"]
    assert doc["niet_toepasbaar"]["aow"][0]["code"] == "RS500"


def test_an_unknown_concept_and_a_missing_choice_are_usage_errors(co_owners):
    run = CliRunner().invoke(main, ["impact", co_owners, "--harmoniseer", "partnr"])
    assert run.exit_code == 2 and "begrippen:" in run.output
    run = CliRunner().invoke(main, ["impact", co_owners])
    assert run.exit_code == 2


@pytest.mark.parametrize("suffix", ["svg", "png"])
def test_the_chart_has_deciles_types_and_budget(co_owners, tmp_path, suffix):
    out = tmp_path / f"g.{suffix}"
    run = CliRunner().invoke(main, ["impact", co_owners, "--harmoniseer", "partner",
                                    "--grafiek", str(out)])
    assert run.exit_code == 0, run.output
    data = out.read_bytes()
    if suffix == "svg":
        text = data.decode()
        assert all(f'id="{g}' in text for g in ("decielen", "huishoudtypen", "budget"))
        assert "volgens awir" in text
    else:
        assert data.startswith(b"\x89PNG")
    assert not list(tmp_path.glob("*onvolledig*"))
    bad = CliRunner().invoke(main, ["impact", co_owners, "--harmoniseer", "partner",
                                    "--grafiek", str(tmp_path / "g.pdf")])
    assert bad.exit_code == 2
