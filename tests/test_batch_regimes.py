"""The batch evaluator's regimes of overgangsrecht stay unsure where the person's date is
missing, so the exact evaluator reports it (RS321) as it does alone — not the value of
whichever regime an absent date's placeholder falls in."""

import datetime as dt

import pytest

from rulescore.batch.population import Population
from rulescore.batch.run import evaluate_batch
from rulescore.errors import RulesError
from rulescore.plugins import load_program
from rulescore.reference.results import evaluate
from rulescore.situation import Situation

PROGRAM = load_program()
DAY = dt.date(2025, 1, 1)


@pytest.mark.parametrize("output, facts, missing", [
    # PW art. 78h: the regime is chosen by aanvang_bijstand_buitenland
    ("bijstand_buitenland.bijstand", {"bijstand_buitenland_verleend": True,
                                      "noodzakelijke_kosten_ter_plaatse": "10",
                                      "middelen_buitenland": "0"}, "aanvang_bijstand_buitenland"),
    # WAO art. 16 lid 1: the regime is chosen by eerste_arbeidsongeschiktheidsdag
    ("wao.uitkering", {"arbeidsongeschiktheidsuitkering_toegekend": True, "dagloon": "100",
                       "mate_van_arbeidsongeschiktheid": 0.9,
                       "ingangsdatum_uitkering": "2001-01-01"}, "eerste_arbeidsongeschiktheidsdag"),
])
def test_a_missing_regime_date_is_the_same_error_in_both_evaluators(output, facts, missing):
    sit = Situation.from_dict({"peildatum": DAY.isoformat(), "personen": {
        "p": {"geboortedatum": "1966-01-01", **facts}}}, PROGRAM)
    with pytest.raises(RulesError) as exc:
        evaluate(PROGRAM, sit, DAY, outputs=[output])
    assert [(d.code, d.path) for d in exc.value.diagnostics] == [
        ("RS321", f"$.personen.p.{missing}")]
    batch = evaluate_batch(PROGRAM, Population.from_situations([sit], PROGRAM), DAY,
                           outputs=(output,))
    assert list(batch.fallback) == [0]
    assert [d.code for d in batch.errors[0].diagnostics] == ["RS321"]
