"""The Pygments lexer for the rules language (#22 §1): registered, keywords from the grammar."""

import re
from pathlib import Path

import pytest
from pygments.lexers import find_lexer_class_for_filename, get_lexer_by_name
from pygments.token import Comment, Error, Keyword, Literal, Name, Number, Punctuation, String

from rulescore.workbench.lexer import RulesLexer

ROOT = Path(__file__).parents[1]


def tokens(text):
    return [(t, v) for t, v in RulesLexer().get_tokens(text) if not v.isspace()]


def test_registered_through_the_entry_point():
    assert isinstance(get_lexer_by_name("rules"), RulesLexer)
    assert isinstance(get_lexer_by_name("rulescore"), RulesLexer)
    assert find_lexer_class_for_filename("zorgtoeslag.rules") is RulesLexer
    assert find_lexer_class_for_filename("x.scenario") is RulesLexer


def test_every_quoted_word_of_the_grammar_is_a_keyword():
    grammar = (ROOT / "dsl" / "grammar.lark").read_text(encoding="utf-8")
    words = set(re.findall(r'"([a-z]+)"', grammar))
    assert {"regeling", "parameter", "vanaf", "waarbij", "voorbeeld"} <= words
    for word in sorted(words):
        (token, value), = tokens(word)
        assert token in Keyword and value == word, word  # Keyword.Type for 'persoon' too


def test_literals_in_dutch_notation():
    got = tokens('vanaf 1 januari 2026: € 1.401,50 # norm\n  13,730% 2026-01-01 2.119 "x"')
    assert got == [(Keyword, "vanaf"), (Literal.Date, "1 januari 2026"), (Punctuation, ":"),
                   (Number, "€ 1.401,50"), (Comment.Single, "# norm"),
                   (Number, "13,730%"), (Literal.Date, "2026-01-01"), (Number, "2.119"),
                   (String.Double, '"x"')]


def test_multi_word_keywords_are_one_token():
    got = tokens("x naar beneden afgerond op hele euro's")
    assert got[1] == (Keyword, "naar beneden afgerond op hele euro's")
    assert tokens("som van x over de maanden van het jaar")[0] == (Keyword, "som van")


def test_names_are_not_keywords_inside_words():
    # 'vanafdatum' and 'bronnen' are names, not 'vanaf'/'bron' followed by more
    assert tokens("vanafdatum bronnen") == [(Name, "vanafdatum"), (Name, "bronnen")]


@pytest.mark.parametrize("path", sorted((ROOT / "plugins").glob("*/*.rules"))
                         + sorted((ROOT / "examples").rglob("*.scenario")), ids=lambda p: p.name)
def test_bundled_files_have_no_error_tokens(path):
    text = path.read_text(encoding="utf-8")
    assert [v for t, v in RulesLexer().get_tokens(text) if t in Error] == []


def test_an_unknown_character_is_an_error_token():
    assert (Error, "…") in tokens("= …")


def test_the_yes_no_type_is_one_token():
    # BASISTYPE 'ja/nee' is longer than JANEE 'ja' at the same priority: the parser reads
    # one type (tests/test_vscode.py found the lexer splitting it); 'ja' alone stays a value
    assert tokens("x: ja/nee") == [(Name, "x"), (Punctuation, ":"), (Keyword.Type, "ja/nee")]
    assert tokens("standaard ja") == [(Keyword, "standaard"), (Keyword, "ja")]


def test_a_source_id_is_a_bwb_id_or_a_cvdr_id():
    assert tokens("bron BWBR0015703 artikel 36")[1] == (Name.Constant, "BWBR0015703")
    assert tokens("bron CVDR460812 artikel 3")[1] == (Name.Constant, "CVDR460812")
