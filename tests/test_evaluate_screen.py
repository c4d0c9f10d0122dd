"""What ``rulescore evaluate`` shows (issue #18 §2): the households first, then per person
only the outcomes that apply, amounts rounded for display, names never cut off."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from rulescore.cli import main

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = str(ROOT / "examples" / "huishouden.json")


def run(*args) -> str:
    r = CliRunner().invoke(main, ["evaluate", *args], terminal_width=80)
    assert r.exit_code == 0, r.output
    return r.output


def test_the_household_comes_first_and_zero_outcomes_are_left_out():
    out = run(EXAMPLE)
    assert out.index("huishoudens op 2026-03-01") < out.index("noor op 2026-03-01")
    noor = out[out.index("noor op 2026-03-01"):out.index("ruben op 2026-03-01")]
    # an 8-year-old: kinderbijslag (paid to her parent's household) and her share, no AOW
    assert "kinderbijslag" in noor and "ouderdomspensioen" not in noor
    assert "niet getoond (--alles toont ze)" in out
    assert "…" not in out  # neither a cut-off name nor an unrounded amount


def test_alles_shows_every_outcome():
    out = run(EXAMPLE, "--alles")
    noor = out[out.index("noor op 2026-03-01"):out.index("ruben op 2026-03-01")]
    assert "ouderdomspensioen" in noor and "€ 0,00 per maand" in noor
    assert "niet getoond" not in out


def test_display_rounds_with_a_sign_and_json_stays_exact():
    """Ruben's inkomensheffing is not a whole number of cents: shown rounded after ≈."""
    out = run(EXAMPLE)
    assert "≈ € 11.209,47 per jaar" in out
    assert "€ 11.209,47072" not in out
