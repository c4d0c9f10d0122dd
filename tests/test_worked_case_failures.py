"""What a drafter reads when a worked case (``voorbeeld``) fails under pytest: each missed
expectation located (file:line:col, its source line, a caret), the computed value
explained, the expectations that held left out."""

import subprocess
import sys
from pathlib import Path

RULES = '''regeling kz "Keuze"
keuze soort: geen, dag
  aanname "test"
invoer s: soort van persoon
  aanname "test"
uitkomst u: ja/nee
  aanname "test"
  = s = "dag"
uitkomst v: ja/nee
  aanname "test"
  = s = "geen"
voorbeeld "een"
  peildatum 1 januari 2026
  persoon a s dag
  verwacht v voor a = nee
  verwacht u voor a = nee
'''


def test_a_failed_expectation_is_located_shown_and_explained(tmp_path):
    path = tmp_path / "k.rules"
    path.write_text(RULES, encoding="utf-8")
    run = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider",
                          str(path)], capture_output=True, text=True, cwd=tmp_path)
    assert run.returncode == 1, run.stdout + run.stderr
    out = run.stdout
    assert "1 van 2 verwachtingen niet gehaald" in out
    # the expectation on line 16, column 3, with its line and a caret under it
    assert f"{path}:16:3: kz.u voor a: verwacht nee, berekend ja" in out
    assert "  16 |   verwacht u voor a = nee\n     |   ^^^^" in out
    assert "kz.v voor a" not in out  # that one held
    assert "s [a] = dag   (invoer)" in out  # why u is ja
    assert "1 failed" in out


def test_a_deep_explanation_stops_at_the_depth_and_says_how_to_see_more(tmp_path):
    rules = Path(__file__).parents[1] / "plugins" / "zorgtoeslag" / "zorgtoeslag.rules"
    text = rules.read_text(encoding="utf-8")
    # Wzt art. 2 lid 1 and Awir art. 14 lid 4: the worked case's own € 1.550, one euro off
    assert "verwacht zorgtoeslag voor anna = € 1.550 per jaar" in text
    path = tmp_path / "zorgtoeslag.rules"
    path.write_text(text.replace("voor anna = € 1.550 per jaar", "voor anna = € 1.551 per jaar", 1),
                    encoding="utf-8")

    def run(*extra):
        done = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider",
                               *extra, str(path)], capture_output=True, text=True, cwd=tmp_path)
        assert done.returncode == 1, done.stdout + done.stderr
        return done.stdout

    short, full = run(), run("--regels-diepte", "0")
    assert "verwacht € 1.551,00 per jaar, berekend € 1.550,00 per jaar" in short
    assert "(pytest --regels-diepte 4 toont ze)" in short
    assert "toont ze)" not in full
    assert "basis.huisgenoten [anna]" in full and "basis.huisgenoten [anna]" not in short
    assert len(short.splitlines()) < len(full.splitlines()) / 2
