"""Hardening of names, numbers and lines (ASCII only, LF lines as lark counts them) and of
RULESCORE_PLUGINS (an unknown name is an error, not "ok: 0 regelingen")."""

import json
import os

import pytest
from click.testing import CliRunner

from rulescore.cli import main
from rulescore.dsl import cache as cache_module
from rulescore.dsl import parse, parse_uncached
from rulescore.errors import RulesError
from rulescore import plugins
from rulescore.situation import Situation, parse_number

HEAD = 'regeling t "Test"\n'


def diagnostic(text: str, name: str = "t.rules"):
    with pytest.raises(RulesError) as info:
        parse_uncached(text, name)
    (d,) = info.value.diagnostics
    return d, info.value.render()


def param(name: str, value: str) -> str:
    return f"{HEAD}parameter {name}: getal\n  vanaf 1 januari 2025: {value}\n"


# ------------------------------------------------------------------ names are ASCII

@pytest.mark.parametrize("char, meant", [
    ("\u212a", "K"),   # KELVIN SIGN: re.I took it for k
    ("\u017f", "s"),   # LATIN SMALL LETTER LONG S: for s
    ("\u0131", "i"),   # LATIN SMALL LETTER DOTLESS I: for i
    ("\u0130", "I"),   # LATIN CAPITAL LETTER I WITH DOT ABOVE: for i
    ("\uff41", "a"),   # FULLWIDTH LATIN SMALL LETTER A
    ("\u00e9", "e"),   # é: never allowed, now with a hint
])
def test_a_name_with_a_letter_that_folds_to_ascii_is_refused(char, meant):
    d, shown = diagnostic(param(f"kor{char}ing", "1"))
    assert d.code == "RS010"
    assert (d.span.line, d.span.column) == (2, 14)
    assert f"U+{ord(char):04X}" in d.message
    assert f"schrijf '{meant}'" in d.hint
    assert "Traceback" not in shown


def test_two_names_that_differ_only_by_a_kelvin_sign_are_not_one_name():
    """The Kelvin sign used to make 'Korting' a NAME of its own, which NFKC folding
    elsewhere (a search, a JSON key) would confuse with 'Korting'."""
    text = (f"{HEAD}parameter Korting: getal\n  vanaf 1 januari 2025: 1\n"
            f"parameter \u212aorting: getal\n  vanaf 1 januari 2025: 2\n")
    d, _ = diagnostic(text)
    assert d.code == "RS010" and d.span.line == 4


# ------------------------------------------------------------------ digits are ASCII

@pytest.mark.parametrize("value, column", [
    ("1\u0665", 26),          # ARABIC-INDIC DIGIT FIVE: was read as 15
    ("\uff11\uff15", 25),     # FULLWIDTH DIGIT ONE, FIVE
    ("1\u06f5", 26),          # EXTENDED ARABIC-INDIC DIGIT FIVE
])
def test_a_number_with_digits_that_are_not_ascii_is_refused(value, column):
    d, _ = diagnostic(param("p", value))
    assert d.code == "RS010" and (d.span.line, d.span.column) == (3, column)
    assert "schrijf" in d.hint


@pytest.mark.parametrize("literal", ["\u20ac 1\u0665", "1\u0665%", "1 januari 2\u0660\u0662\u0665",
                                     "\u0662\u0660\u0662\u0665-01-01", "1\u0665 jaar en 2 maanden"])
def test_no_literal_reads_unicode_digits(literal):
    text = f"{HEAD}parameter p: getal\n  vanaf 1 januari 2025: {literal}\n"
    assert diagnostic(text)[0].code == "RS010"


@pytest.mark.parametrize("literal", ["1.\u0660\u0660\u0660", "2025-0\u0661-01"])
def test_unicode_digits_after_a_separator_are_refused_too(literal):
    """The ASCII part before '.' or '-' is a token of its own, so the parser stops there."""
    text = f"{HEAD}parameter p: getal\n  vanaf 1 januari 2025: {literal}\n"
    assert diagnostic(text)[0].code in ("RS002", "RS010")


def test_ascii_numbers_still_read():
    model = parse_uncached(param("p", "1.401,50"), "t.rules")
    assert model.items[0].values[0].value.value == 140150 / 100


def test_situation_numbers_are_ascii_digits_only(program):
    assert parse_number("\u20ac 15") == 15
    for raw in ("\u20ac 1\u0665", "1\u0665", "\uff11\uff15", "1.\u0660\u0660\u0660,50", "15\u0660"):
        assert parse_number(raw) is None, raw
    doc = {"personen": {"a": {"geboortedatum": "1990-01-01",
                              "overig_belastbaar_inkomen": "\u20ac 1\u0665"}}}
    with pytest.raises(RulesError) as info:
        Situation.from_json(json.dumps(doc), program)
    assert [(d.code, d.path) for d in info.value.diagnostics] == [
        ("RS310", "$.personen.a.overig_belastbaar_inkomen")]


def test_the_situation_schema_takes_ascii_digits_only(program):
    import jsonschema

    from rulescore.schema import situation_schema

    validator = jsonschema.Draft202012Validator(situation_schema(program))

    def doc(value):
        return {"personen": {"a": {"overig_belastbaar_inkomen": value}}}

    assert list(validator.iter_errors(doc("1.401,50"))) == []
    assert list(validator.iter_errors(doc("1\u0665"))) != []


# ------------------------------------------------------------------ lines as lark counts them

@pytest.mark.parametrize("brk, what", [("\u2028", "U+2028"), ("\u2029", "U+2029"),
                                       ("\r", "losse CR"), ("\x85", "U+0085")])
def test_code_after_a_foreign_line_break_in_a_comment_is_not_silently_ignored(brk, what):
    """'# …<U+2028>parameter q …' looked like two lines; lark read one comment, and q was
    silently missing from the model."""
    text = (f"{HEAD}# de drempel{brk}parameter q: getal\n  vanaf 1 januari 2025: 2\n"
            "parameter p: getal\n  vanaf 1 januari 2025: 1\n")
    d, shown = diagnostic(text)
    assert d.code == "RS011" and what in d.message
    assert (d.span.line, d.span.column) == (2, 13)
    # the line shown is the line lark counts (the break made visible, nothing overprinted)
    assert "  2 | # de drempel" in shown and "parameter q: getal" in shown.splitlines()[1]
    assert "\r" not in shown and "\u2028" not in shown


def test_a_foreign_break_is_counted_once_for_the_whole_file():
    d, _ = diagnostic(f"{HEAD}# a\rb\r# c\r")
    assert d.code == "RS011" and "nog 2 keer" in d.message


def test_crlf_files_parse_and_point_at_the_right_line():
    good = param("p", "1").replace("\n", "\r\n")
    assert parse_uncached(good, "t.rules").items[0].name == "p"
    d, shown = diagnostic(param("p", "$1").replace("\n", "\r\n"))
    assert (d.span.line, d.span.column) == (3, 25)
    assert shown.splitlines()[1] == "  3 |   vanaf 1 januari 2025: $1"
    assert shown.splitlines()[2] == "    |                         ^"


@pytest.mark.parametrize("brk", ["\f", "\x0b", "\x1c", "\x1d", "\x1e"])
def test_the_shown_source_line_is_the_line_lark_reports(brk):
    """str.splitlines() also breaks at FF, VT and U+001C-1E, which lark does not: the
    rendered line used to be another one than the line number said."""
    text = f"{HEAD}# een{brk}commentaar\nparameter p: getal\n  vanaf 1 januari 2025: $1\n"
    d, shown = diagnostic(text)
    assert d.span.line == 4
    assert shown.splitlines()[1] == "  4 |   vanaf 1 januari 2025: $1"


def test_the_caret_stays_under_the_character_after_tabs():
    d, shown = diagnostic(f"{HEAD}parameter p: getal\n\tvanaf 1 januari 2025: $1\n")
    src, caret = shown.splitlines()[1:3]
    assert src.index("$") == caret.index("^")


# ------------------------------------------------------------------ RULESCORE_PLUGINS

INSTALLED = {"basis", "awir", "zorgtoeslag"}


def test_an_unknown_plugin_name_is_an_error_naming_the_installed_ones():
    with pytest.raises(RulesError) as info:
        plugins.allowed_plugins("basis, zorgtoeslg", INSTALLED)
    (d,) = info.value.diagnostics
    assert d.code == "RS110" and "'zorgtoeslg'" in d.message and d.path == "RULESCORE_PLUGINS"
    assert "bedoelde u 'zorgtoeslag'?" in d.hint
    assert "geïnstalleerd: awir, basis, zorgtoeslag" in d.hint


def test_plugin_names_are_trimmed_and_empty_means_all():
    assert plugins.allowed_plugins(" basis ,awir,", INSTALLED) == {"basis", "awir"}
    assert plugins.allowed_plugins(None, INSTALLED) is None
    assert plugins.allowed_plugins("", INSTALLED) is None
    with pytest.raises(RulesError) as info:
        plugins.allowed_plugins(" , ", INSTALLED)
    assert info.value.diagnostics[0].code == "RS111"


def test_check_with_a_misspelt_plugin_fails_instead_of_ok_0(monkeypatch):
    res = CliRunner().invoke(main, ["check"], env={"RULESCORE_PLUGINS": "zorgtoeslg",
                                                   "COLUMNS": "250"})
    assert res.exit_code == 1
    assert "RS110" in res.output and "ok: 0" not in res.output
    assert "Traceback" not in res.output


def test_a_known_plugin_name_loads_that_plugin(monkeypatch):
    monkeypatch.setenv("RULESCORE_PLUGINS", "basis")
    assert [name for name, _ in plugins.get_plugin_manager().list_name_plugin()] == ["basis"]


# ------------------------------------------------------------------ parse cache: RS009

def test_a_cache_that_cannot_be_created_is_reported_and_skipped(tmp_path, monkeypatch):
    blocker = tmp_path / "file"
    blocker.write_text("not a directory")
    monkeypatch.setenv("RULESCORE_CACHE_DIR", str(blocker / "cache"))
    cache_module._usable.cache_clear()
    try:
        with pytest.warns(RuntimeWarning, match="RS009"):
            model = parse(param("p", "1"), "t.rules")
    finally:
        cache_module._usable.cache_clear()
    assert model == parse_uncached(param("p", "1"), "t.rules")
    assert os.listdir(tmp_path) == ["file"]


def test_a_lone_cr_at_the_end_of_the_file_is_shown_where_it_is():
    """Found by tests/test_fuzz_text.py: the rendered line dropped a final CR as if it
    were CR LF, so the column pointed past the line."""
    d, shown = diagnostic(f"{HEAD}# einde\r")
    assert d.code == "RS011" and (d.span.line, d.span.column) == (2, 8)
    assert shown.splitlines()[1] == "  2 | # einde\u240d"
