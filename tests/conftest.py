"""Shared fixtures: the bundled program, loaded once per session, and small households."""

import pytest

from rulescore.plugins import load_program


@pytest.fixture(scope="session")
def program():
    return load_program()


def _sara_alone(date: str) -> dict:
    """Sara, 35, alone in w1 on ``date``: € 500 other netto means, no income, no vermogen."""
    return {"peildatum": date, "woningen": {"w1": {}},
            "personen": {"sara": {"geboortedatum": "1990-05-01", "woonadres": "w1",
                                  "student": False, "overige_netto_middelen": "500",
                                  "bezittingen": "0", "schulden": "0",
                                  "rendementsgrondslag": "0", "zorgverzekerd": True,
                                  "geen": ["loon_uit_dienstbetrekking",
                                           "overig_belastbaar_inkomen", "inkomen_box_2_en_3"]}}}


@pytest.fixture(scope="session")
def sara_alone():
    """A function of a peildatum into the situation document of Sara alone (see above)."""
    return _sara_alone
