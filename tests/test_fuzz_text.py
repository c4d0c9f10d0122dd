"""Fuzz targets for the text and cache hardening: names, numbers and lines as the parser and
the diagnostics both read them, and parse-cache entries that are damaged or made up.

The example count comes from ``RULESCORE_FUZZ_EXAMPLES`` as in tests/test_fuzz.py.
"""

import os
import unicodedata
import warnings

import attrs
import pytest
from hypothesis import HealthCheck, assume, example, given, settings
from hypothesis import strategies as st

from rulescore import model as m
from rulescore.dsl import cache as cache_module
from rulescore.dsl import model_codec, parse, parse_uncached
from rulescore.errors import RulesError, source_line

EXAMPLES = int(os.environ.get("RULESCORE_FUZZ_EXAMPLES", "150"))
FUZZ = settings(max_examples=EXAMPLES, deadline=2000,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])

SMALL = '''regeling t "Test"  # een regeling
  gebruikt basis
parameter drempel: bedrag per jaar
  bron artikel 2 lid 1 "tekst"
  vanaf 1 januari 2025: € 1.183
  vanaf 2026-01-01: € 1.401,50 aanname "schatting"
uitkomst hoogte: bedrag per jaar
  = als 2 jaar en 3 maanden > 1 jaar en 0 maanden dan drempel * 13,5% anders € 0
'''
BREAKS = ["\n", "\r\n", "\r", "\u2028", "\u2029", "\x85", "\x0b", "\x0c", "\x1c", "\t"]
#: Letters and digits outside ASCII, with the look-alikes the issue names first.
ODD = st.sampled_from(["\u212a", "\u0131", "\u0130", "\u017f", "\u0665", "\uff11", "\uff41",
                       "\u00e9"]) | st.characters(categories=("L", "N"), min_codepoint=0x80)


def outcome(text: str):
    try:
        return parse_uncached(text, "f.rules"), None
    except RulesError as exc:
        return None, exc


def names(node):
    """Every name a model holds (declarations, references, variables)."""
    if attrs.has(type(node)):
        for f in attrs.fields(type(node)):
            value = getattr(node, f.name)
            if f.name in ("name", "var", "concept", "variant") and isinstance(value, str):
                yield value
            elif isinstance(node, m.Ref) and f.name == "parts":
                yield from value
            else:
                yield from names(value)
    elif isinstance(node, tuple):
        for item in node:
            yield from names(item)


@st.composite
def odd_texts(draw):
    text = SMALL
    for _ in range(draw(st.integers(1, 3))):
        at = draw(st.integers(0, len(text)))
        text = text[:at] + draw(ODD) + text[at:]
    return text


@FUZZ
@given(odd_texts())
def test_non_ascii_letters_and_digits_never_become_names_or_numbers(text):
    model, error = outcome(text)
    if model is not None:  # inserted into a text, a comment or between tokens' words
        assert all(n.isascii() for n in names(model))
        assert model.items[0].values[0].value.value == 1183
    else:
        assert error.diagnostics and error.render()


@st.composite
def texts_with_breaks(draw):
    lines = SMALL.split("\n")
    out = lines[0]
    for line in lines[1:]:
        out += draw(st.sampled_from(BREAKS)) + line
    at = draw(st.integers(0, len(out)))
    return out[:at] + draw(st.sampled_from(["$", "'", "\u212a", "@"])) + out[at:]


@FUZZ
@given(texts_with_breaks())
@example("regeling t \"T\" # x\u2028parameter\n$")
@example("$regeling t \"T\"\n# x\r")  # found at 10 000 examples: a lone CR at the end
def test_the_located_character_is_the_one_the_diagnostic_names(text):
    """Line and column (lark's count, LF only) and the line rendered agree with the text."""
    _, error = outcome(text)
    assume(error is not None)
    for d in error.diagnostics:
        if d.span is None or d.code not in ("RS001", "RS010", "RS011"):
            continue
        line = source_line(text, d.span.line)
        assert line is not None
        char = line[d.span.column - 1]
        if d.code == "RS011":
            assert char in "\r\u2028\u2029\x85"
        else:
            assert f"'{char}'" in d.message
        shown = error.render().split("\n")
        assert any(r.startswith(f"  {d.span.line} | ") for r in shown)


ident = st.from_regex(r"[a-z][a-z0-9_]{0,8}", fullmatch=True).filter(
    lambda n: n not in {"als", "dan", "anders", "en", "of", "niet", "ja", "nee", "tot", "per",
                        "vanaf", "in", "ik", "aantal", "som", "alle", "enige", "versie",
                        "versies", "bron", "lid", "artikel", "aanname", "toelichting"})
amount = st.builds(lambda e, c: f"{e:,}".replace(",", ".") + (f",{c:02d}" if c else ""),
                   st.integers(0, 10**7), st.integers(0, 99))
declaration = st.one_of(
    st.builds("parameter {}: bedrag per jaar\n  bron artikel {} lid {}\n"
              "  vanaf 1 januari {}: € {}".format, ident, st.integers(1, 99), st.integers(1, 9),
              st.integers(1990, 2030), amount),
    st.builds("uitkomst {}: getal\n  = als {} > {} dan {} * 2,5% anders -{} afgerond op centen"
              .format, ident, st.integers(0, 99), st.integers(0, 99), amount, amount),
    st.builds("invoer {}: getal van persoon\n  toelichting \"{}\"\n  standaard {}".format, ident,
              st.text(st.characters(exclude_characters='"\n\r\u2028\u2029\x85'), max_size=8),
              st.integers(0, 10)),
    st.builds("definitie {}: duur = {} jaar en {} maanden".format, ident, st.integers(0, 99),
              st.integers(0, 11)),
)


@st.composite
def rules_texts(draw):
    decls = draw(st.lists(declaration, min_size=1, max_size=5))
    end = draw(st.sampled_from(["\n", "\r\n"]))
    comment = draw(st.sampled_from(["", "  # opmerking", "\t# é ſ K ١٥"]))
    return end.join(['regeling t "T"' + comment, *decls]) + end


@FUZZ
@given(rules_texts())
def test_the_model_codec_gives_back_the_model_it_was_given(text):
    model, _ = outcome(text)
    assume(model is not None)  # two declarations may share a name: still a model
    encoded = model_codec.encode(model)
    decoded = model_codec.decode(encoded, "f.rules", text)
    assert decoded == model and attrs.asdict(decoded) == attrs.asdict(model)


tags = st.sampled_from(["T", "F", "D", "S", "N", *model_codec.CLASSES,
                       *(f"{c}/" for c in model_codec.CLASSES), "Popen", ""])
json_nodes = st.recursive(
    st.none() | st.booleans() | st.integers(-3, 10**6) | st.text(max_size=4) | st.floats(),
    lambda inner: st.builds(lambda tag, rest: [tag, *rest], tags, st.lists(inner, max_size=6))
    | st.dictionaries(st.text(max_size=3), inner, max_size=2),
    max_leaves=30)


@FUZZ
@given(json_nodes)
def test_the_decoder_builds_a_model_or_says_it_cannot(value):
    import json

    try:
        result = model_codec.decode(json.dumps(value), "f.rules", SMALL)
    except model_codec.CodecError:
        return
    assert type(result) is m.Regulation


@pytest.fixture(scope="module")
def entry(tmp_path_factory):
    directory = tmp_path_factory.mktemp("cache") / "c"
    old = os.environ.get("RULESCORE_CACHE_DIR")
    os.environ["RULESCORE_CACHE_DIR"] = str(directory)
    cache_module._usable.cache_clear()
    parse(SMALL, "t.rules")
    path = directory / f"{cache_module.key(SMALL, 't.rules')}.json"
    yield path, path.read_bytes()
    cache_module._usable.cache_clear()
    if old is None:
        del os.environ["RULESCORE_CACHE_DIR"]
    else:
        os.environ["RULESCORE_CACHE_DIR"] = old


EXPECTED = parse_uncached(SMALL, "t.rules")


@FUZZ
@given(data=st.data())
def test_a_damaged_entry_is_never_used(entry, data):
    path, original = entry
    damaged = bytearray(original)
    for _ in range(data.draw(st.integers(1, 4))):
        at = data.draw(st.integers(0, len(damaged)))
        kind = data.draw(st.sampled_from(["flip", "insert", "delete", "cut"]))
        if kind == "flip" and at < len(damaged):
            damaged[at] ^= 1 << data.draw(st.integers(0, 7))
        elif kind == "insert":
            damaged[at:at] = data.draw(st.binary(min_size=1, max_size=8))
        elif kind == "delete":
            del damaged[at:at + data.draw(st.integers(1, 8))]
        else:
            del damaged[at:]
    path.write_bytes(bytes(damaged))
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        model = parse(SMALL, "t.rules")
    assert model == EXPECTED and attrs.asdict(model) == attrs.asdict(EXPECTED)
    if bytes(damaged) != original:
        header_only = damaged.split(b"\n", 1)[1:] == [original.split(b"\n", 1)[1]]
        assert caught or header_only  # a header rewritten with equal JSON can still match
    assert all("RS007" in str(w.message) for w in caught)
    assert path.read_bytes() == original or not caught
    path.write_bytes(original)


def test_odd_characters_are_letters_or_digits():
    for char in ["\u212a", "\u0131", "\u0130", "\u017f", "\u0665", "\uff11"]:
        assert unicodedata.category(char)[0] in "LN" and not char.isascii()
