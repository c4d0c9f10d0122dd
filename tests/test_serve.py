"""The web service (issue #18 §3): answers, located diagnostics with their status, the
bounds on body size, time and queue, and the OpenAPI document built from the schemas.

Runs the real app with a real worker pool (one process that loads the rules once)."""

from __future__ import annotations

import json
import logging
from pathlib import Path

import jsonschema
import pytest
from starlette.testclient import TestClient

from rulescore import limits
from rulescore.plugins import load_program
from rulescore.reference.results import evaluate
from rulescore.schema import situation_schema
from rulescore.server.app import create_app
from rulescore.server.workers import Workers
from rulescore.situation import Situation

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = (ROOT / "examples" / "huishouden.json").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def program():
    return load_program()


@pytest.fixture(scope="module")
def client(program):
    workers = Workers(1, 60)
    with TestClient(create_app(workers, program), raise_server_exceptions=False) as c:
        yield c
    workers.close()


def post(client, path, body=EXAMPLE, **query):
    return client.post(path, params=query, content=body.encode("utf-8") if isinstance(body, str)
                       else body, headers={"Content-Type": "application/json"})


def codes(response) -> list[str]:
    return [f["code"] for f in response.json()["fouten"]]


def test_evaluate_gives_the_joint_zorgtoeslag_computed_by_hand(client, program):
    """Sara (€ 4.200 alimentatie) and her brother Ruben (€ 38.500) are toeslagpartners
    (Awir art. 3 lid 2 onder e, see the example's toelichting): joint toetsingsinkomen
    € 42.700. Wzt art. 2 lid 1–3 (2026): 2 × standaardpremie 2.119 = 4.238; normpremie
    = 4,289% × drempelinkomen 29.736 (as the Dienst Toeslagen fixes it) + 13,73% ×
    (42.700 − 29.736) = 1.275,37704 + 1.779,9572 = 3.055,33424; 4.238 − 3.055,33424 =
    1.182,66576, rounded to whole euros (Awir art. 14 lid 4): € 1.183 per year."""
    r = post(client, "/evaluate")
    assert r.status_code == 200
    zt = r.json()["personen"]["ruben"]["zorgtoeslag"]["zorgtoeslag.zorgtoeslag"]
    assert zt["waarde"] == "1183" and zt["weergave"] == "€ 1.183,00 per jaar"
    # the service answers exactly what the library (and so the CLI) answers
    sit = Situation.from_json(EXAMPLE, program)
    expected = json.loads(json.dumps(evaluate(program, sit).to_dict()))
    assert r.json() == expected


def test_json_values_are_exact_and_readable_back(client):
    """No cut-off expansion anywhere: a value is a terminating decimal or a fraction."""
    from fractions import Fraction

    text = post(client, "/evaluate").text
    assert "…" not in text
    income = post(client, "/evaluate").json()["huishoudens"]["w1"]["besteedbaar_inkomen_per_maand"]
    parts = [Fraction(v) for v in income["per_persoon"].values()]
    assert sum(parts) == Fraction(income["waarde"])


def test_explain_is_the_graph_with_the_law_by_name(client):
    r = post(client, "/explain", naam="zorgtoeslag.zorgtoeslag", persoon="ruben", diepte="1")
    assert r.status_code == 200
    body = r.json()
    root = body["knopen"][body["wortels"][0]]
    assert root["naam"] == "zorgtoeslag.zorgtoeslag" and root["persoon"] == "ruben"
    assert {"wet": "Wet op de zorgtoeslag", "artikel": "2", "lid": "1"}.items() <= \
        root["bronnen"][0].items()
    assert body["tekst"].startswith("zorgtoeslag.zorgtoeslag [ruben] = € 1.183,00 per jaar")


def test_waarom_names_the_threshold_and_its_lever(client):
    """Wzt art. 3 lid 1 (2026): joint vermogen € 12.000 against € 184.633 with a partner."""
    r = post(client, "/waarom", naam="zorgtoeslag.zorgtoeslag", persoon="ruben")
    assert r.status_code == 200, r.text
    steps = {s["voorwaarde"]: s for s in r.json()["beslissend"]}
    vermogen = steps["vermogen > vermogensgrens_met_partner"]
    assert (vermogen["geldt"], vermogen["afstand"]) == (False, "€ 172.633,00")
    assert vermogen["hefboom"]["omslag_bij"] == "€ 184.633,01"
    assert r.json()["tekst"].startswith("zorgtoeslag.zorgtoeslag [ruben] = € 1.183,00")


@pytest.mark.parametrize("path, query, status, code, where", [
    ("/evaluate", {"datum": "2026-13-01"}, 400, "RS601", "?datum"),
    ("/evaluate", {"datun": "2026-03-01"}, 400, "RS600", "?datun"),
    ("/evaluate", {"van": "2026-01"}, 400, "RS601", "?tot"),
    ("/explain", {"naam": "zorgtoeslag.zorgtoeslg"}, 404, "RS330", "?naam"),
    ("/explain", {"naam": "zorgtoeslag.zorgtoeslag", "persoon": "rubn"}, 404, "RS331",
     "?persoon"),
    ("/explain", {}, 400, "RS601", "?naam"),
    ("/evaluate", {"scenario": "geen_scenario"}, 404, "RS603", "?scenario"),
    ("/kalender", {}, 400, "RS601", "?jaar"),
    ("/waarom", {"naam": "zorgtoeslag.zorgtoeslag"}, 400, "RS601", "?persoon"),
])
def test_a_bad_parameter_is_a_located_diagnostic(client, path, query, status, code, where):
    r = post(client, path, **query)
    assert r.status_code == status, r.text
    first = r.json()["fouten"][0]
    assert first["code"] == code and first["pad"] == where and first["hint"]
    assert first["weergave"].startswith(f"{where}: fout {code}")


def test_a_misspelt_parameter_gets_a_suggestion(client):
    r = post(client, "/evaluate", datun="2026-03-01")
    assert "bedoelde u 'datum'?" in r.json()["fouten"][0]["hint"]


def test_bad_json_and_bad_situations_are_located(client):
    r = post(client, "/evaluate", body='{"personen": ')
    assert r.status_code == 400 and codes(r) == ["RS301"]
    assert r.json()["fouten"][0]["pad"] == "inhoud:1:14"
    r = post(client, "/evaluate", body='{"personen": {"a": {"geboortedatum": "1990-02-30"}}}')
    assert r.status_code == 422 and codes(r) == ["RS311"]
    assert r.json()["fouten"][0]["pad"] == "$.personen.a.geboortedatum"
    r = post(client, "/evaluate", body="")
    assert r.status_code == 400 and codes(r) == ["RS602"]


def test_a_body_over_the_bound_is_refused_without_being_read(client):
    big = b"{" + b" " * (limits.MAX_REQUEST_BYTES + 1) + b"}"
    r = post(client, "/evaluate", body=big)
    assert r.status_code == 413 and codes(r) == ["RS607"]


def test_unknown_routes_and_methods_are_json_diagnostics(client):
    r = client.get("/evalueer")
    assert r.status_code == 404 and codes(r) == ["RS604"]
    assert "/evaluate" in r.json()["fouten"][0]["hint"]
    r = client.get("/evaluate")
    assert r.status_code == 405 and codes(r) == ["RS600"]


def test_inputs_follow_the_dependencies_and_an_unknown_regulation_is_an_error(client):
    r = client.get("/inputs", params={"regeling": "zorgtoeslag"})
    names = {row["naam"]: row for row in r.json()["invoer"]}
    # the zorgtoeslag's own input, and the wages the Awir's toetsingsinkomen reads
    assert names["zorgverzekerd"]["eigen"] is True
    assert names["loon_uit_dienstbetrekking"]["eigen"] is False
    r = client.get("/inputs", params={"regeling": "zorgtoeslg"})
    assert r.status_code == 404 and codes(r) == ["RS334"]
    assert "zorgtoeslag" in r.json()["fouten"][0]["hint"]


def test_openapi_uses_the_situation_schema_itself(client, program):
    doc = client.get("/openapi.json").json()
    schema = situation_schema(program)
    assert doc["components"]["schemas"]["Situatie"] == {k: v for k, v in schema.items()
                                                        if k != "$schema"}
    jsonschema.validate(json.loads(EXAMPLE), client.get("/schema").json())
    for path, ops in doc["paths"].items():  # every documented path answers
        method = next(iter(ops))
        r = post(client, path) if method == "post" else client.get(path)
        assert r.status_code != 404 or codes(r) != ["RS604"], path


def test_explain_with_a_path_keeps_only_the_way_to_that_value(client):
    r = post(client, "/explain", naam="zorgtoeslag.zorgtoeslag", persoon="ruben", pad="vermogen")
    assert r.status_code == 200
    shown = {n["naam"] for n in r.json()["knopen"].values()}
    assert "zorgtoeslag.vermogen_boven_grens" in shown and "zorgtoeslag.normpremie" not in shown
    r = post(client, "/explain", naam="zorgtoeslag.zorgtoeslag", pad="vermogn")
    assert r.status_code == 422 and codes(r) == ["RS335"]


def test_evaluate_answers_satisfy_the_published_result_schemas(client):
    day = client.get("/schema", params={"soort": "resultaat"}).json()
    jsonschema.validate(post(client, "/evaluate").json(), day)
    series = client.get("/schema", params={"soort": "reeks"}).json()
    jsonschema.validate(post(client, "/evaluate", van="2026-01", tot="2026-03").json(), series)
    doc = client.get("/openapi.json").json()
    assert doc["components"]["schemas"]["Resultaat"]["title"] == day["title"]
    r = client.get("/schema", params={"soort": "resultaten"})
    assert r.status_code == 400 and codes(r) == ["RS601"]
    assert "resultaat" in r.json()["fouten"][0]["hint"]


def test_a_request_over_the_time_limit_is_stopped_and_the_worker_replaced(program):
    workers = Workers(1, 0.5)
    try:
        with TestClient(create_app(workers, program)) as c:
            slow = post(c, "/werkloont", persoon="sara", brutoloon="0:4000:10")
            assert slow.status_code == 503 and codes(slow) == ["RS605"]
            assert "tijdslimiet" in slow.json()["fouten"][0]["hint"]
            after = post(c, "/explain", naam="awir.toetsingsinkomen", persoon="ruben", diepte="0")
            assert after.status_code == 200  # a fresh worker answers
    finally:
        workers.close()


def test_a_full_queue_answers_busy_at_once(program):
    workers = Workers(1, 60, queue=0)
    try:
        with TestClient(create_app(workers, program)) as c:
            r = post(c, "/evaluate")
            assert r.status_code == 503 and codes(r) == ["RS606"]
    finally:
        workers.close()


class _Broken:
    capacity = 1

    async def answer(self, kind, query, body):
        raise ZeroDivisionError("a bug")


def test_an_internal_error_is_a_500_without_traceback_and_logged_with_it(program, caplog):
    with TestClient(create_app(_Broken(), program), raise_server_exceptions=False) as c:
        with caplog.at_level(logging.ERROR, logger="rulescore.server"):
            r = post(c, "/evaluate")
    assert r.status_code == 500 and codes(r) == ["RS699"]
    assert "Traceback" not in r.text and "ZeroDivisionError" not in r.text
    assert any(rec.exc_info and rec.exc_info[0] is ZeroDivisionError for rec in caplog.records)


def test_the_example_is_shipped_with_the_package_and_equal_to_examples(client):
    """/voorbeeld serves the copy inside the package (a wheel has no examples/ folder)."""
    shipped = ROOT / "rulescore" / "server" / "static" / "voorbeeld.json"
    assert shipped.read_bytes() == (ROOT / "examples" / "huishouden.json").read_bytes()
    assert client.get("/voorbeeld").content == shipped.read_bytes()
