"""Rules text into a lark parse tree; lark's exceptions into located Dutch diagnostics."""

from __future__ import annotations

import functools
import re
import unicodedata
from pathlib import Path

from lark import Lark, Token, Tree
from lark.exceptions import UnexpectedCharacters, UnexpectedEOF, UnexpectedInput, UnexpectedToken

from rulescore.errors import Diagnostic, RulesError
from rulescore.model import Span

GRAMMAR = Path(__file__).with_name("grammar.lark")

#: How terminals are named to a drafter when we list what was expected.
TERMINAL_WORDS = {
    "NAME": "een naam", "STRING": "een tekst tussen aanhalingstekens", "GETAL": "een getal",
    "PERCENTAGE": "een percentage", "ISODATUM": "een datum", "MAAND": "een maand",
    "EENHEID": "een eenheid (dag, maand, kwartaal, jaar)", "BWB": "een BWB-id (BWBR…) of CVDR-id (CVDR…)",
    "ARTIKEL": "een artikelnummer", "VERGELIJKER": "een vergelijking (<, =, …)",
    "OPTEL": "'+' of '-'", "VERMENIGVULDIG": "'*' of '/'", "JANEE": "ja of nee",
    "DEFSOORT": "'definitie' of 'uitkomst'", "BASISTYPE": "een type (bedrag, getal, …)",
    "RICHTING": "'wederzijds' of 'gericht'", "AFRONDING": "een afronding",
    "AGGREGAAT": "som, alle of enige", "DUUR": "een duur",
    "RANGTELWOORD": "eerste, tweede, derde of vierde", "KWARTAALNAAM": "een kwartaal (2026-K2)",
    "$END": "het einde van het bestand",
    "COLON": "':'", "COMMA": "','", "EQUAL": "'='", "LPAR": "'('", "RPAR": "')'",
    "VBAR": "'|'", "DOT": "'.'", "MINUS": "'-'", "__ANON_0": "'€'",
}


@functools.lru_cache(maxsize=1)
def parser() -> Lark:
    """The LALR parser, built once per process."""
    return Lark.open(str(GRAMMAR), parser="lalr", propagate_positions=True,
                     maybe_placeholders=True)


#: Characters editors may show as a line break that lark (and so every location) does not
#: count as one: only LF ends a line (CR LF is LF with a CR before it).
_FOREIGN_BREAK = re.compile("\r(?!\n)|[\u2028\u2029\x85]")
_BREAK_NAMES = {"\r": "een losse CR (U+000D)", "\u2028": "U+2028 LINE SEPARATOR",
                "\u2029": "U+2029 PARAGRAPH SEPARATOR", "\x85": "U+0085 NEXT LINE"}


def parse_tree(text: str, filename: str = "<tekst>") -> Tree:
    """Parse rules text; raise :class:`RulesError` with a located diagnostic on failure."""
    foreign = _FOREIGN_BREAK.search(text)
    if foreign is not None:
        raise RulesError((_foreign_break(foreign, text, filename),), {filename: text})
    try:
        return parser().parse(text)
    except UnexpectedInput as exc:
        raise RulesError((_diagnose(exc, text, filename),), {filename: text}) from None


def _position(text: str, offset: int) -> tuple[int, int]:
    """1-based line and column of ``offset``, counting lines as lark does (LF only)."""
    line = text.count("\n", 0, offset) + 1
    return line, offset - (text.rfind("\n", 0, offset) + 1) + 1


def _foreign_break(found: re.Match, text: str, filename: str) -> Diagnostic:
    """RS011: a line break an editor may show but the language does not read; code after it
    (in a comment: the rest of the comment) would otherwise be read on the same line."""
    line, column = _position(text, found.start())
    count = len(_FOREIGN_BREAK.findall(text))
    more = f" (nog {count - 1} keer in dit bestand)" if count > 1 else ""
    return Diagnostic(
        "RS011", f"{_BREAK_NAMES[found.group()]} is hier geen regeleinde{more}",
        span=Span(filename, line, column, line, column + 1),
        hint="alleen LF (of CR LF) beëindigt een regel; wat erna staat hoort nu bij deze regel "
             "(in een commentaar wordt het genegeerd). Sla het bestand op met gewone "
             "regeleinden")


def _confusable(char: str) -> str | None:
    """RS010's hint for a non-ASCII letter or digit where a name or number is read."""
    folded = unicodedata.normalize("NFKC", char)
    base = "".join(c for c in unicodedata.normalize("NFKD", char) if not unicodedata.combining(c))
    if folded.isascii() and folded.isalnum():
        return f"schrijf '{folded}'"
    if unicodedata.digit(char, None) is not None:
        return f"schrijf het cijfer '{unicodedata.digit(char)}'"
    if base.isascii() and base.isalnum():
        return f"schrijf '{base}'"
    cased = char.upper().lower()  # what a case-insensitive match took it for (ı → i)
    if cased.isascii() and cased.isalnum():
        return f"schrijf '{cased}'"
    return None


def _expected_words(exc) -> str:
    expected = getattr(exc, "expected", None) or getattr(exc, "allowed", None) or set()
    words = []
    for name in sorted(expected):
        word = TERMINAL_WORDS.get(name)
        if word is None:
            pattern = _terminal_pattern(name)
            word = f"'{pattern}'" if pattern else name.lower()
        words.append(word)
    words = sorted(set(words))
    if len(words) > 8:
        words = words[:8] + ["…"]
    return ", ".join(words)


@functools.lru_cache(maxsize=None)
def _terminal_pattern(name: str) -> str | None:
    for term in parser().terminals:
        if term.name == name and term.pattern.type == "str":
            return term.pattern.value
    return None


def _token_text(tok: Token) -> str:
    if tok.type == "$END":
        return "het einde van het bestand"
    return f"'{tok.value}'"


def _diagnose(exc: UnexpectedInput, text: str, filename: str) -> Diagnostic:
    line = getattr(exc, "line", 1) or 1
    column = getattr(exc, "column", 1) or 1
    if isinstance(exc, UnexpectedCharacters):
        char = text[exc.pos_in_stream] if exc.pos_in_stream < len(text) else "?"
        span = Span(filename, line, column, line, column + 1)
        hint = None
        if not char.isascii() and unicodedata.category(char)[0] in "LN":
            name = unicodedata.name(char, "?")
            better = _confusable(char)
            return Diagnostic(
                "RS010", f"teken '{char}' (U+{ord(char):04X} {name}) in een naam of getal",
                span=span, hint=(f"{better}; " if better else "") + "namen bestaan uit de "
                "letters a-z en A-Z, de cijfers 0-9 en '_', getallen uit de cijfers 0-9")
        if char == "'":
            hint = "teksten staan tussen dubbele aanhalingstekens: \"…\""
        elif char == "€":
            hint = "na '€' volgt een bedrag in Nederlandse notatie, bijv. € 1.401,50"
        elif char == ",":
            hint = ("een decimaal getal schrijft u zonder spatie (21,75); tussen argumenten "
                    "staat een komma met een spatie erna")
        else:
            exp = _expected_words(exc)
            hint = f"verwacht: {exp}" if exp else None
        return Diagnostic("RS001", f"onverwacht teken '{char}'", span=span, hint=hint)
    if isinstance(exc, UnexpectedEOF):
        lines = text.rstrip("\r\n").split("\n")  # lines as lark counts them (LF only)
        last = lines[-1].removesuffix("\r")
        span = Span(filename, len(lines), len(last) + 1, len(lines), len(last) + 1)
        return Diagnostic("RS002", "het bestand houdt onverwacht op", span=span,
                          hint=f"verwacht: {_expected_words(exc)}")
    assert isinstance(exc, UnexpectedToken)
    tok = exc.token
    end_col = column + max(1, len(str(tok.value))) if tok.type != "$END" else column + 1
    span = Span(filename, line, column, line, end_col)
    message, hint = _curated(exc)
    if message is None:
        message = f"onverwacht {_token_text(tok)}"
    if hint is None:
        hint = f"verwacht: {_expected_words(exc)}"
    return Diagnostic("RS002", message, span=span, hint=hint)


def _curated(exc: UnexpectedToken) -> tuple[str | None, str | None]:
    """Plain-language messages for the mistakes drafters make most."""
    tok = exc.token
    expected = set(exc.expected or ())
    value = str(tok.value)
    if tok.type == "NAME" and value in {"dan", "anders"}:
        return f"'{value}' zonder bijbehorende 'als'", "schrijf: als <voorwaarde> dan <a> anders <b>"
    if "ANDERS" in expected and tok.type != "ANDERS":
        return ("een 'als … dan …' heeft altijd een 'anders'",
                "schrijf: als <voorwaarde> dan <a> anders <b>")
    if tok.type == "$END" and "EQUAL" in expected:
        return "de definitie heeft geen '=' met een uitdrukking", None
    if tok.type == "GETAL" and "__ANON_0" in expected:
        return (f"een bedrag begint met '€': € {value}",
                "schrijf bijvoorbeeld € 1.401,50 (punt voor duizendtallen, komma voor centen)")
    if tok.type == "DEFSOORT" or value in {"parameter", "tabel", "invoer", "relatie",
                                              "keuze", "voorbeeld"}:
        if "EQUAL" in expected:
            return ("de vorige definitie heeft geen '=' met een uitdrukking",
                    "elke definitie eindigt met '= <uitdrukking>' of met versies")
        if "VANAF" in expected:
            return ("de vorige parameter heeft geen waarden",
                    "geef minstens één waarde: vanaf 1 januari 2026: € …")
    if tok.type == "NAME" and "COLON" in expected:
        return f"na de naam '{value}' ontbreekt ':' met het type?", None
    return None, None
