"""Rules text into Pygments tokens: the keywords read from the grammar, so a new keyword is
highlighted without editing this module.

Registered as the Pygments lexer ``rulescore`` (aliases ``rules``, ``rulescore``; files
``*.rules``, ``*.scenario``) through the ``pygments.lexers`` entry point. Every quoted
word of the grammar (``"regeling"``, ``"vanaf"``) is a keyword; a regex terminal whose
pattern starts with a lower-case word (``DEFSOORT``, ``AFRONDING``, ``BETAALMOMENT``)
is one as well, and multi-word ones (``afgerond op hele euro's``) are matched whole.
Dates (``1 januari 2026``), amounts (``€ 1.401,50``), percentages and numbers in Dutch
notation are literals; anything the language does not know is an ``Error`` token.
"""

from __future__ import annotations

import functools
import re

from pygments.lexer import RegexLexer, bygroups
from pygments.token import (Comment, Error, Keyword, Literal, Name, Number, Operator,
                            Punctuation, String, Whitespace)

#: Regex terminals that name types rather than keywords.
_TYPE_TERMINALS = {"BASISTYPE"}
_WORD = re.compile(r"[a-z]")


@functools.lru_cache(maxsize=1)
def grammar_words() -> dict[str, list[str]]:
    """From the grammar: ``keywords`` (plain words), ``phrases`` (regexes of keyword
    terminals), ``types`` (regexes of type terminals) and the ``month`` regex."""
    from rulescore.dsl.parser import parser

    words, phrases, types, month = set(), [], [], None
    for term in parser().terminals:
        pattern = term.pattern
        if pattern.type == "str":
            if re.fullmatch(r"[A-Za-z_]+", pattern.value):
                words.add(pattern.value)
            continue
        regex = pattern.value
        base = term.name.split(".")[0]
        if base == "MAAND":
            month = regex
        if base in _TYPE_TERMINALS:
            types.append(regex)
        elif _WORD.match(regex.lstrip("(")) and base not in ("MAAND",):
            phrases.append((term.priority, regex))
    # as lark does: the higher priority first ("som van" before "som"), then the longer
    phrases = [r for _, r in sorted(phrases, key=lambda p: (-p[0], -len(p[1])))]
    return {"keywords": sorted(words, key=lambda w: (-len(w), w)), "phrases": phrases,
            "types": types, "month": month or r"(januari|december)\b"}


def _tokens() -> dict:
    g = grammar_words()
    number = r"[0-9]{1,3}(?:\.[0-9]{3})+(?:,[0-9]+)?|[0-9]+(?:,[0-9]+)?"
    boundary = r"(?<![A-Za-z0-9_])"
    rules = [
        (r"[ \t\r\n]+", Whitespace),
        (r"#[^\n]*", Comment.Single),
        (r'"[^"\n]*"', String.Double),
        (rf"€[ \t]*(?:{number})", Number),
        (rf"{boundary}[0-9]{{1,2}} (?:{g['month']}) [0-9]{{4}}\b", Literal.Date),
        (rf"{boundary}[0-9]{{4}}-[0-9]{{2}}-[0-9]{{2}}\b", Literal.Date),
        (rf"{boundary}[0-9]{{4}}-K[1-4]\b", Literal.Date),
        (rf"{boundary}(?:{number}) ?%", Number),
        (rf"{boundary}(?:BWBR[0-9]{{7}}|CVDR[0-9]{{1,9}})\b", Name.Constant),
    ]
    # a declaration's own name is a name even where it is also a word of the language
    # ('regime gesloten'), as the parser reads it (the editor grammar does the same)
    rules += [(boundary + r"(regeling|scenario|parameter|tabel|definitie|uitkomst|invoer|"
               r"relatie|keuze|begrip|variant|regime)([ \t]+)([A-Za-z_][A-Za-z0-9_]*)"
               r"(?![A-Za-z0-9_.])", bygroups(Keyword, Whitespace, Name.Function))]
    # types first: "ja/nee" is one type (the parser takes the longer match), not "ja", "/", "nee"
    rules += [(boundary + p, Keyword.Type) for p in g["types"]]
    rules += [(boundary + p, Keyword) for p in g["phrases"]]
    rules += [(rf"{boundary}(?:{g['month']})", Keyword)]
    rules += [(boundary + "(?:" + "|".join(map(re.escape, g["keywords"])) + r")\b", Keyword)]
    rules += [
        (rf"{boundary}(?:{number})", Number),
        (r"[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*", Name),
        (r"<=|>=|!=|[<>=≠≤≥+\-*/×]", Operator),
        (r"[():,|.]", Punctuation),
        (r".", Error),
    ]
    return {"root": rules}


class RulesLexer(RegexLexer):
    """Pygments lexer for rulescore's rules and scenario files."""

    name = "rulescore"
    aliases = ["rules", "rulescore"]
    filenames = ["*.rules", "*.scenario"]
    mimetypes = ["text/x-rulescore"]
    flags = re.MULTILINE
    tokens = _tokens()
