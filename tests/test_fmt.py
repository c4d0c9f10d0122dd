"""``rulescore fmt`` (#22 §2): canonical layout, comments kept, idempotent, rules unchanged."""

import re
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from rulescore.cli import main
from rulescore.dsl import parse_uncached
from rulescore.dsl.formatter import format_text

ROOT = Path(__file__).parents[1]
FILES = sorted((ROOT / "plugins").glob("*/*.rules")) + sorted(
    (ROOT / "examples" / "scenarios").glob("*.scenario"))


def comments(text):
    return re.findall(r"#[^\n]*", re.sub(r'"[^"\n]*"', '""', text))


@pytest.mark.parametrize("path", FILES, ids=[p.name for p in FILES])
def test_bundled_files_keep_rules_and_comments_and_format_once(path):
    text = path.read_text(encoding="utf-8")
    once = format_text(text, str(path))
    assert parse_uncached(once, "f") == parse_uncached(text, "f")
    assert [c.rstrip() for c in comments(once)] == [c.rstrip() for c in comments(text)]
    assert format_text(once, str(path)) == once


SMALL = (ROOT / "plugins" / "zorgtoeslag" / "zorgtoeslag.rules").read_text(encoding="utf-8")
LINES = SMALL.split("\n")


@settings(max_examples=25, deadline=None)
@given(st.lists(st.tuples(st.integers(0, len(LINES) - 1), st.sampled_from([0, 1, 3, 6]),
                          st.booleans()), max_size=30))
def test_layout_written_does_not_matter(changes):
    """Re-indent lines, join blank lines away: the language is layout-free, so the
    formatted text is the same as that of the original."""
    lines = list(LINES)
    for i, indent, drop_blank in changes:
        if drop_blank and lines[i].strip() == "" and not lines[i - 1].lstrip().startswith("#"):
            lines[i] = " "
        elif lines[i].strip() and not lines[i].lstrip().startswith("#"):
            lines[i] = " " * indent + lines[i].strip()
    assert format_text("\n".join(lines)) == format_text(SMALL)


@settings(max_examples=25, deadline=None)
@given(st.lists(st.tuples(st.integers(1, len(LINES) - 1), st.booleans()), max_size=8))
def test_inserted_comments_survive_in_order(places):
    lines = list(LINES)
    for n, (i, trailing) in enumerate(sorted(set(places), reverse=True)):
        if trailing and lines[i].strip() and "#" not in lines[i]:
            lines[i] += f"  # opmerking {n}"
        else:
            lines.insert(i, f"# opmerking {n}")
    text = "\n".join(lines)
    once = format_text(text)
    assert [c for c in comments(once) if "opmerking" in c] == \
        [c for c in comments(text) if "opmerking" in c]
    assert format_text(once) == once
    assert parse_uncached(once, "f") == parse_uncached(SMALL, "f")


def _body(text):
    lines = format_text('regeling x "X"\nuitkomst u: getal\n  bron artikel 1\n  = ' + text + "\n")
    return lines.split("\n")[4:-1]


def test_a_long_condition_chain_puts_one_case_a_line_and_breaks_a_case_too_long():
    long_then = "een_andere_heel_lange_naam + nog_een_lange_naam + en_nog_een_derde_lange_naam"
    assert _body(f"als a_is_een_heel_lange_naam > 100 dan {long_then} anders als b dan 2 "
                 "anders derde_heel_lange_naam_voor_het_overige + vierde_heel_lange_naam") == [
        "  = als a_is_een_heel_lange_naam > 100",
        f"      dan {long_then}",
        "    anders als b dan 2",
        "    anders derde_heel_lange_naam_voor_het_overige + vierde_heel_lange_naam"]


def test_a_long_sum_fills_its_lines_and_starts_each_further_line_with_the_operator():
    names = [f"bedrag_nummer_{n}_met_een_lange_naam" for n in range(6)]
    assert _body(" + ".join(names[:3]) + " - " + " + ".join(names[3:])) == [
        "  = " + " + ".join(names[:2]),
        "    + " + names[2] + " - " + names[3],
        "    + " + " + ".join(names[4:])]


def test_long_calls_filters_and_aggregates_break_inside_their_brackets():
    a = "eerste_heel_lange_argumentnaam_van_de_aanroep"
    b = "tweede_heel_lange_argumentnaam_die_er_na_komt"
    assert _body(f"min({a} + 1, {b} + 2)") == [f"  = min({a} + 1,", f"        {b} + 2)"]
    cond = "heel_lange_voorwaarde_nummer_een(ik, p) en heel_lange_voorwaarde_nummer_twee(ik, p)"
    assert _body(f"(p in huisgenoten_van_deze_persoon waarvoor {cond})") == [
        "  = (p in huisgenoten_van_deze_persoon waarvoor",
        f"       {cond})"]
    assert _body(f"som(p in huisgenoten_van_deze_persoon_in_het_huishouden: {b} + 1)") == [
        "  = som(p in huisgenoten_van_deze_persoon_in_het_huishouden:",
        f"        {b} + 1)"]


def test_fmt_command_check_writes_nothing_and_fmt_rewrites(tmp_path):
    f = tmp_path / "x.rules"
    messy = 'regeling x "X"\n# kop\nuitkomst u: getal\n      bron artikel 1\n = 1 # één\n'
    f.write_text(messy, encoding="utf-8")
    res = CliRunner().invoke(main, ["fmt", "--check", str(tmp_path)])
    assert res.exit_code == 1 and f"zou anders opgemaakt worden: {f}" in res.output
    assert f.read_text(encoding="utf-8") == messy
    res = CliRunner().invoke(main, ["fmt", str(f)])
    assert res.exit_code == 0, res.output
    assert f.read_text(encoding="utf-8") == (
        'regeling x "X"\n\n# kop\nuitkomst u: getal\n  bron artikel 1\n  # één\n  = 1\n')
    assert CliRunner().invoke(main, ["fmt", "--check", str(f)]).exit_code == 0
    assert not list(tmp_path.glob("*onvolledig*"))


def test_fmt_reports_a_file_that_does_not_parse_and_writes_nothing(tmp_path):
    good, bad = tmp_path / "a.rules", tmp_path / "b.rules"
    good.write_text('regeling a "A"\nuitkomst u: getal\n   bron artikel 1\n = 1\n')
    bad.write_text('regeling b "B"\nuitkomst y: getal = (1 +\n')
    before = good.read_text()
    res = CliRunner().invoke(main, ["fmt", str(tmp_path)])
    assert res.exit_code == 1
    assert f"{bad}:2:24: fout RS002" in res.output and "Traceback" not in res.output
    assert good.read_text() == before


def test_the_layout_shown_in_the_docs_is_the_formatters():
    text = (Path(__file__).parents[1] / "docs" / "workbench.rst").read_text(encoding="utf-8")
    block = text.split("reads best:\n\n.. code-block:: rules\n\n")[1].split("\n\n\n")[0]
    block = block.split("\n\none case")[0]
    example = "\n".join(line[4:] for line in block.splitlines()) + "\n"
    assert "waarvoor\n" in example and "anders als" in example
    assert format_text(example) == example


def test_a_worked_case_fills_its_facts_and_continues_four_columns_in():
    facts = " ".join(f"feit_nummer_{n} € {n}.000" for n in range(8))
    text = ('regeling x "X"\ninvoer feit_nummer_0: bedrag per maand van persoon\n'
            'uitkomst u: getal\n  bron artikel 1\n  = 1\n'
            'voorbeeld "v"\n  peildatum 1 maart 2026\n'
            f'  persoon anna {facts}, vanaf 1 april 2026 € 2.000 per maand\n'
            '  verwacht u voor anna = 1\n')
    lines = format_text(text).split("\n")
    start = next(n for n, line in enumerate(lines) if line.startswith("  persoon anna"))
    block = lines[start:lines.index("  verwacht u voor anna = 1")]
    assert len(block) > 1 and all(len(line) <= 100 for line in block)
    assert all(line.startswith("      feit_nummer_") or line.startswith("      vanaf")
               for line in block[1:])
    # no fact is split; a dated change may continue after its comma
    assert " ".join(line.strip() for line in block) == (
        f"persoon anna {facts}, vanaf 1 april 2026 € 2.000 per maand")


def test_a_long_gebruikt_list_breaks_after_a_comma():
    names = [f"regeling_met_een_lange_naam_{n}" for n in range(5)]
    out = format_text('regeling x "X"\n  gebruikt ' + ", ".join(names) + "\n")
    # 11 + 29 + 2 + 29 + 1 = 72 columns; a third name (1 + 30) would make 103 > 100;
    # the second line: 6 + 30 + 31 + 30 = 97
    assert out.split("\n")[1:3] == [
        "  gebruikt " + ", ".join(names[:2]) + ",",
        "      " + ", ".join(names[2:])]


def test_a_long_substitution_breaks_its_value_and_a_suffix_counts_in_the_width():
    value = "(geschat_toetsingsinkomen_van_het_jaar zoals bekend op dag 20 van de maand)"
    body = _body(f"(zorgtoeslag waarbij awir.toetsingsinkomen gelijk is aan {value} "
                 "op dag 20 van de vorige maand) in een jaar als deze maand")
    assert all(len(line) <= 100 for line in body)
    assert body[0] == "  = (zorgtoeslag"
    assert body[1].strip() == "waarbij awir.toetsingsinkomen gelijk is aan"
    assert body[-1].endswith(") in een jaar als deze maand")


def test_the_worked_case_layout_shown_in_the_docs_is_the_formatters():
    text = (ROOT / "docs" / "workbench.rst").read_text(encoding="utf-8")
    block = text.split("after their comma:\n\n.. code-block:: rules\n\n")[1].split("\n\n")[0]
    example = 'regeling x "X"\n\n' + "\n".join(line[4:] for line in block.splitlines()) + "\n"
    assert "\n      vanaf 1 april 2026" in example
    assert format_text(example) == example


def test_a_scenario_puts_gebruikt_each_change_and_a_known_fact_clause_on_their_own_lines():
    # the layout was lost: 'gebruikt', 'wijzig definitie' and 'feit … telt vanaf het besluit'
    # ran on the line before them (the rules the same, the text one long line)
    text = ('scenario s "S"\nstatus optie\ngebruikt awir\n'
            'wijzig definitie zonder_rechtmatig_verblijf\n  aanname "x"\n'
            '  feit rechtmatig_verblijf telt vanaf het besluit\n'
            '  = vreemdeling en rechtmatig_verblijf = "geen"\n')
    out = format_text(text)
    assert out == ('scenario s "S"\nstatus optie\ngebruikt awir\n\n'
                   'wijzig definitie zonder_rechtmatig_verblijf\n  aanname "x"\n'
                   '  feit rechtmatig_verblijf telt vanaf het besluit\n'
                   '  = vreemdeling en rechtmatig_verblijf = "geen"\n')
    assert parse_uncached(out, "f") == parse_uncached(text, "f")


def test_the_bundled_rules_and_scenarios_are_in_the_canonical_layout():
    res = CliRunner().invoke(main, ["fmt", "--check", str(ROOT / "plugins"),
                                    str(ROOT / "examples")])
    assert res.exit_code == 0, res.output
