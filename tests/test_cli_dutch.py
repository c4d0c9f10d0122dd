"""Click's own messages are Dutch: usage errors, suggestions, help headings, every command's
help — as rulescore's own diagnostics are."""

from __future__ import annotations

import re
import pytest
from click.testing import CliRunner

from rulescore.cli import main
from rulescore.cli_dutch import CATALOG, COMMAND_HELP, PLURALS

EXAMPLE = "examples/huishouden.json"


def run(*args):
    return CliRunner().invoke(main, list(args), prog_name="rulescore")


@pytest.mark.parametrize("args, expected", [
    (["evaluate"], "Fout: Ontbrekend argument 'SITUATIE'."),
    (["evaluate", EXAMPLE, "--datm", "2026-01-01"],
     "Fout: Onbekende optie '--datm'. (Bedoelde u een van: '--date', '--datum'?)"),
    (["evalute"], "Fout: Onbekend commando 'evalute'. Bedoelde u 'evaluate'?"),
    (["schema", "uitkomst"], "'uitkomst' is niet een van 'situatie', 'resultaat', 'reeks'."),
    (["werkloont", EXAMPLE, "--persoon", "sara", "--punt", "-1"],
     "Ongeldige waarde voor '--punt': -1 ligt niet in het bereik x>=0."),
    (["evaluate", "bestaat_niet.json"], "Bestand 'bestaat_niet.json' bestaat niet."),
    (["evaluate", EXAMPLE, "--format"], "Optie '--format' vraagt een waarde."),
    (["evaluate", EXAMPLE, "extra"], "Onverwacht extra argument (extra)"),
])
def test_usage_errors_are_dutch(args, expected):
    res = run(*args)
    assert res.exit_code == 2
    assert expected in res.output, res.output
    if "vraagt een waarde" not in expected:  # (click's parser shows no usage there)
        assert "Gebruik: rulescore" in res.output and "voor hulp." in res.output
    for english in ("Usage:", "Error:", "Try '", "No such", "Missing", "Did you mean"):
        assert english not in res.output


def test_every_command_has_a_dutch_help_and_dutch_headings():
    assert set(COMMAND_HELP) == set(main.commands)
    top = run("--help").output
    assert "Gebruik: rulescore [OPTIES] COMMANDO [ARGUMENTEN]..." in top
    assert "Commando's:" in top and "Toon de versie en stop." in top
    for name in main.commands:
        text = run(name, "--help").output
        assert text.startswith(f"Gebruik: rulescore {name} [OPTIES]"), text
        assert "Opties:" in text and "Toon deze hulp en stop." in text
        assert COMMAND_HELP[name].split()[0] in text
        assert "Show this message" not in text and "Options:" not in text
        # no click type name as a value's placeholder (TEXT, INTEGER RANGE, PATH …)
        assert not re.search(r"\b(TEXT|INTEGER|FLOAT|RANGE|PATH|FILENAME|BOOLEAN|DIRECTORY)\b",
                             text), (name, text)


def test_the_catalog_keeps_every_placeholder():
    import string

    def fields(text):
        return {f for _, f, _, _ in string.Formatter().parse(text) if f}

    for english, dutch in CATALOG.items():
        assert fields(english) == fields(dutch), english
    for pair, dutch_pair in PLURALS.items():
        for english, dutch in zip(pair, dutch_pair):
            assert fields(english) == fields(dutch), english
