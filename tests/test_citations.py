"""Every declaration says what it rests on: RS299 warns, ``check --streng`` fails (#22 §3)."""

from click.testing import CliRunner

from rulescore.cli import main
from rulescore.dsl.citation_checks import uncited
from rulescore.errors import Diagnostic, render
from rulescore.plugins import load_program

RULES = '''regeling x "X"
  bron "https://example.org/x"

parameter grens: bedrag per maand
  vanaf 1 januari 2026: € 100

uitkomst boven: ja/nee
  bron artikel 2
  = grens > € 50 per maand

definitie zonder: getal
  aanname "Een conventie, geen artikel."
  = 1

keuze kleur: rood, blauw

definitie per_versie: getal
  versie vanaf 1 januari 2025 tot 1 januari 2026
    bron artikel 3
    = 1
  versie vanaf 1 januari 2026
    = 2
'''


def _invoke(*args):
    return CliRunner().invoke(main, list(args), env={"COLUMNS": "250"})


def test_a_declaration_without_grounds_warns_and_the_check_passes(tmp_path):
    rules = tmp_path / "x.rules"
    rules.write_text(RULES)
    res = _invoke("check", str(rules))
    assert res.exit_code == 0, res.output
    assert "ok:" in res.stdout
    # the parameter (line 4) and the definition whose 2026 version has no bron (line 17);
    # the cited outcome, the definition with an aanname and the keuze are not reported
    assert f"{rules}:4:1: waarschuwing RS299: parameter 'grens' zegt niet waarop zij berust" \
        in res.stderr
    assert "  4 | parameter grens: bedrag per maand\n    | ^" in res.stderr
    assert f"{rules}:17:1: waarschuwing RS299: definitie 'per_versie'" in res.stderr
    assert "hint: voeg 'bron artikel …' toe" in res.stderr
    for name in ("boven", "zonder", "kleur"):
        assert f"'{name}'" not in res.stderr
    assert "2 waarschuwingen gevonden." in res.stderr


def test_streng_makes_the_warning_an_error(tmp_path):
    rules = tmp_path / "x.rules"
    rules.write_text(RULES)
    res = _invoke("check", "--streng", str(rules))
    assert res.exit_code == 1
    assert f"{rules}:4:1: fout RS299: parameter 'grens'" in res.output
    assert "2 fouten gevonden." in res.output
    assert "ok:" not in res.output


def test_every_bundled_regulation_passes_streng():
    program = load_program()
    assert uncited(program.regulations.values()) == []
    res = _invoke("check", "--streng")
    assert res.exit_code == 0, res.output
    assert "RS299" not in res.output


def test_the_summary_counts_errors_and_warnings_apart():
    err = Diagnostic("RS201", "onbekende naam 'x'")
    warn = Diagnostic("RS299", "parameter 'p' zegt niet waarop zij berust", level="waarschuwing")
    assert render([err, warn]).endswith("1 fout en 1 waarschuwing gevonden.")
    assert render([warn, warn]).endswith("2 waarschuwingen gevonden.")
    assert render([err]).endswith("1 fout gevonden.")
    assert render([warn]).startswith("waarschuwing RS299: ")


MUNICIPAL = '''regeling toeslag_x "Verordening individuele inkomenstoeslag X"
  cvdr CVDR645869
  gebruikt basis

uitkomst toeslag: bedrag per jaar
  bron artikel 3 lid 1
  bron BWBR0015703 artikel 36
  = € 100 per jaar
'''


def test_a_municipal_regulation_cites_its_cvdr_id_and_links_to_lokale_regelgeving(tmp_path):
    """#18 §2: a municipality's regulation cites its own source (CVDR) where no BWB-id
    applies; its articles link to lokaleregelgeving.overheid.nl, the law it rests on
    (Participatiewet art. 36) to wetten.overheid.nl as ever."""
    import json

    rules = tmp_path / "toeslag_x.rules"
    rules.write_text(MUNICIPAL, encoding="utf-8")
    situation = tmp_path / "s.json"
    situation.write_text(json.dumps({"peildatum": "2026-03-01", "woningen": {"w1": {}},
                                     "personen": {"a": {"geboortedatum": "1990-01-01",
                                                        "woonadres": "w1"}}}))
    res = _invoke("explain", str(situation), "toeslag_x.toeslag", "--persoon", "a",
                  "--regels", str(rules), "--format", "json")
    assert res.exit_code == 0, res.output
    text = res.output
    assert '"cvdr": "CVDR645869"' in text
    assert "https://lokaleregelgeving.overheid.nl/CVDR645869" in text
    assert '"bwb": "BWBR0015703"' in text and "https://wetten.overheid.nl/BWBR0015703/2026-03-01" in text
    res = _invoke("explain", str(situation), "toeslag_x.toeslag", "--persoon", "a",
                  "--regels", str(rules))
    assert "Verordening individuele inkomenstoeslag X artikel 3 lid 1" in res.output


def test_a_verordening_is_cited_by_its_cvdr_id():
    """A municipality's regulation has a CVDR-id, not a BWB-id: it stands where a BWB-id
    does, in the header and in a ``bron``, and links to lokaleregelgeving.overheid.nl."""
    import datetime as dt

    from rulescore import citations
    from rulescore.dsl import parse_uncached

    reg = parse_uncached('regeling g "Verordening X"\n  cvdr CVDR460812\n\n'
                         'parameter p: bedrag\n  bron artikel 5\n  bron CVDR656509 artikel 4 lid 1\n'
                         '  vanaf 1 januari 2026: € 1\n', "g.rules")
    assert reg.bwb == "CVDR460812"
    (param,) = [d for d in reg.items if getattr(d, "name", None) == "p"]
    own, other = param.meta.citations
    assert (own.bwb, own.artikel) == (None, "5")
    assert (other.bwb, other.artikel, other.lid) == ("CVDR656509", "4", "1")
    assert citations.describe(param.meta.citations, reg.bwb, {"CVDR460812": "Verordening X"}) \
        == "Verordening X artikel 5; CVDR656509 artikel 4 lid 1"
    data = citations.as_data(other, reg.bwb, {}, dt.date(2026, 1, 1))
    assert data["url"] == "https://lokaleregelgeving.overheid.nl/CVDR656509"
