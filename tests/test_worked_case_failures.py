"""What a drafter reads when a worked case (``voorbeeld``) fails under pytest: each missed
expectation located (file:line:col, its source line, a caret), the computed value
explained, the expectations that held left out."""

import subprocess
import sys

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
