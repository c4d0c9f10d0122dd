"""The VS Code extension (editors/vscode): its manifest, language configuration and TextMate
grammar, checked against the Pygments lexer so the two highlighters cannot drift.

The grammar's regexes are Oniguruma's; Python's ``re`` stands in for them here. The grammar
keeps to the subset both read alike: explicit ASCII classes and look-arounds for word edges
(never ``\\b`` or ``\\w``, Unicode-aware in Oniguruma by default), no possessive or atomic
groups, no ``\\h``/``\\G``. One difference remains and does not matter here: ``$`` is an end
of line in Oniguruma and the end of the string in Python (TextMate feeds one line at a time).
With node on the machine, the grammar is also run by the engine VS Code uses
(vscode-textmate + vscode-oniguruma, editors/vscode/test/tokenize.js).
"""

from __future__ import annotations

import itertools
import json
import re
import shutil
import subprocess
from pathlib import Path

try:
    import re._parser as sre_parse  # Python >= 3.11
    from re import _constants as sre_constants
except ImportError:  # pragma: no cover - Python 3.10
    import sre_constants
    import sre_parse

import pytest
from pygments.token import Keyword, Whitespace

from rulescore.workbench.lexer import RulesLexer, grammar_words

ROOT = Path(__file__).resolve().parents[1]
EXT = ROOT / "editors" / "vscode"
GRAMMAR = EXT / "syntaxes" / "rules.tmLanguage.json"
BUNDLED = sorted((ROOT / "plugins").glob("*/*.rules")) + sorted(
    (ROOT / "examples" / "scenarios").glob("*.scenario"))


def _json(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def _grammar() -> dict:
    return _json(GRAMMAR)


# ------------------------------------------------------------------ the manifest

def test_manifest_contributes_the_rules_language_and_an_existing_grammar():
    manifest = _json(EXT / "package.json")
    assert manifest["name"] == "rulescore" and manifest["publisher"]
    assert manifest["engines"]["vscode"].startswith("^1.")
    assert manifest["main"] == "./extension.js" and (EXT / "extension.js").is_file()
    assert "onLanguage:rules" in manifest["activationEvents"]
    (language,) = manifest["contributes"]["languages"]
    assert language["id"] == "rules"
    assert set(language["extensions"]) == {".rules", ".scenario"}
    assert {"Rules", "rulescore"} <= set(language["aliases"])
    assert (EXT / language["configuration"]).is_file()
    (grammar,) = manifest["contributes"]["grammars"]
    assert grammar["language"] == "rules" and grammar["scopeName"] == "source.rules"
    assert (EXT / grammar["path"]).resolve() == GRAMMAR
    assert _grammar()["scopeName"] == "source.rules"
    setting = manifest["contributes"]["configuration"]["properties"]["rulescore.server.command"]
    assert setting["type"] == "array" and setting["default"] == ["rulescore", "lsp"]
    assert manifest["dependencies"]["vscode-languageclient"].startswith("^11.")
    assert "@vscode/vsce" in manifest["devDependencies"]


def test_language_configuration_comments_brackets_and_indentation():
    config = _json(EXT / "language-configuration.json")
    assert config["comments"] == {"lineComment": "#"}
    assert ["(", ")"] in config["brackets"]
    closing = {pair["open"]: pair["close"] for pair in config["autoClosingPairs"]}
    assert closing == {"(": ")", '"': '"'}
    increase = re.compile(config["indentationRules"]["increaseIndentPattern"])
    assert increase.match("definitie x: bedrag")
    assert increase.match("  regime oud \"Oud\"")
    assert not increase.match("  bron artikel 7 lid 1")
    assert re.compile(config["wordPattern"]).fullmatch("aow.pensioendatum")


def test_no_node_modules_in_git():
    ignored = (EXT / ".gitignore").read_text(encoding="utf-8").split()
    assert "node_modules/" in ignored
    assert "test/**" in (EXT / ".vscodeignore").read_text(encoding="utf-8").split()


# ------------------------------------------------------------------ the grammar's regexes

def _regexes(node):
    """Every (key, regex) under a grammar node."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key in ("match", "begin", "end", "while") and isinstance(value, str):
                yield key, value
            else:
                yield from _regexes(value)
    elif isinstance(node, list):
        for value in node:
            yield from _regexes(value)


def test_every_grammar_regex_compiles_and_keeps_to_the_shared_subset():
    found = list(_regexes(_grammar()))
    assert len(found) > 20
    for _, regex in found:
        re.compile(regex)
        # Unicode in Oniguruma, ASCII-or-Unicode in Python: the grammar spells classes out
        assert not re.search(r"\\[bBwWdDhHG]", regex), regex
        assert "(?>" not in regex and "++" not in regex and "*+" not in regex, regex


def _includes_resolve(node, repository):
    for pattern in node.get("patterns", []):
        if "include" in pattern:
            assert pattern["include"].startswith("#")
            assert pattern["include"][1:] in repository, pattern["include"]
        else:
            _includes_resolve(pattern, repository)


def test_every_include_names_a_repository_entry():
    grammar = _grammar()
    _includes_resolve(grammar, grammar["repository"])
    for entry in grammar["repository"].values():
        _includes_resolve(entry, grammar["repository"])


# ------------------------------------------------------------------ keywords both ways

def _flatten(node, repository):
    """The grammar's patterns in the order TextMate tries them (includes expanded)."""
    for pattern in node.get("patterns", []):
        if "include" in pattern:
            yield from _flatten({"patterns": [repository[pattern["include"][1:]]]}, repository)
        elif "patterns" in pattern and "match" not in pattern:
            yield from _flatten(pattern, repository)
        else:
            yield pattern


def _patterns() -> list[dict]:
    grammar = _grammar()
    return list(_flatten(grammar, grammar["repository"]))


def _is_keyword_scope(scope: str) -> bool:
    """The grammar's keyword scopes: every keyword.* (the symbol operators excepted) and the
    types (support.type, the lexer's Keyword.Type)."""
    return ((scope.startswith("keyword.") and not scope.startswith("keyword.operator."))
            or scope.startswith("support.type."))


def _language(tree, limit: int = 2):
    """The strings a parsed regex matches, finitely: a class stands for one of its
    characters, an unbounded repeat for up to ``limit`` more, a look-around for nothing."""
    results = [""]
    for op, arg in tree:
        if op is sre_constants.LITERAL:
            options = [chr(arg)]
        elif op is sre_constants.IN:
            first = arg[0]
            if first[0] is sre_constants.LITERAL:
                options = [chr(first[1])]
            elif first[0] is sre_constants.RANGE:
                options = [chr(first[1][0])]
            else:
                raise AssertionError(f"class not enumerable: {arg}")
        elif op is sre_constants.SUBPATTERN:
            options = _language(arg[-1], limit)
        elif op is sre_constants.BRANCH:
            options = [s for branch in arg[1] for s in _language(branch, limit)]
        elif op in (sre_constants.MAX_REPEAT, sre_constants.MIN_REPEAT):
            low, high, body = arg
            high = low + limit if high is sre_constants.MAXREPEAT else high
            inner = _language(body, limit)
            options = sorted({"".join(parts) for count in {low, high}
                              for parts in itertools.product(inner, repeat=count)})
        elif op in (sre_constants.AT, sre_constants.ASSERT, sre_constants.ASSERT_NOT):
            options = [""]
        else:
            raise AssertionError(f"regex construct not enumerable: {op}")
        results = [r + o for r in results for o in options]
    return results


def _strings(regex: str) -> list[str]:
    return _language(sre_parse.parse(regex))


def _group(tree, number):
    """The parsed subpattern of capture group ``number``."""
    for op, arg in tree:
        if op is sre_constants.SUBPATTERN and arg[0] == number:
            return arg[-1]
        children = []
        if op is sre_constants.SUBPATTERN:
            children = [arg[-1]]
        elif op is sre_constants.BRANCH:
            children = arg[1]
        elif op in (sre_constants.MAX_REPEAT, sre_constants.MIN_REPEAT):
            children = [arg[2]]
        for child in children:
            found = _group(child, number)
            if found is not None:
                return found
    return None


def _first_token(patterns: list[dict], text: str):
    """TextMate's choice at the start of ``text``: the pattern matching earliest, the first
    listed on a tie; returns (its match, the scope of the span it gives ``text[0:end]``)."""
    best = None
    for pattern in patterns:
        match = re.compile(pattern["match"]).search(text)
        if match and (best is None or match.start() < best[0].start()):
            best = (match, pattern)
    assert best is not None, text
    match, pattern = best
    if "name" in pattern:
        return match, pattern["name"]
    for number, capture in pattern.get("captures", {}).items():
        if match.span(int(number)) == match.span():
            return match, capture["name"]
    return match, pattern.get("name", "")


def _lexer_keywords() -> list[tuple[str, bool]]:
    """Every keyword the lexer knows, as text, with whether the lexer gives it as a type
    (``persoon`` is a word of the grammar and a type: the lexer tries types first)."""
    words = grammar_words()
    texts = list(words["keywords"])
    texts += [s for regex in words["phrases"] + words["types"] + [words["month"]]
              for s in _strings(regex)]
    lexer = RulesLexer()
    return [(text, all(t in Keyword.Type for t, _ in lexer.get_tokens(text) if t not in Whitespace))
            for text in texts]


def test_every_lexer_keyword_is_a_keyword_of_the_grammar():
    patterns = _patterns()
    keywords = _lexer_keywords()
    assert len(keywords) > 150
    wrong = []
    for text, is_type in keywords:
        match, scope = _first_token(patterns, text)
        expected = scope.startswith("support.type.") if is_type else (
            _is_keyword_scope(scope) and not scope.startswith("support.type."))
        if match.span() != (0, len(text)) or not expected:
            wrong.append((text, scope, match.group()))
    assert not wrong, f"keywords of the lexer the grammar scopes otherwise: {wrong}"


def _grammar_keywords() -> list[tuple[str, str]]:
    """Every text a keyword pattern (or keyword capture) of the grammar matches, with its scope."""
    out = []
    for pattern in _patterns():
        tree = sre_parse.parse(pattern["match"])
        if _is_keyword_scope(pattern.get("name", "")):
            out += [(s, pattern["name"]) for s in _language(tree)]
        for number, capture in pattern.get("captures", {}).items():
            if _is_keyword_scope(capture["name"]):
                out += [(s, capture["name"]) for s in _language(_group(tree, int(number)))]
    return out


def test_every_grammar_keyword_is_a_keyword_of_the_lexer():
    lexer = RulesLexer()
    keywords = _grammar_keywords()
    assert len(keywords) > 150
    wrong = []
    for text, scope in keywords:
        tokens = [(t, v) for t, v in lexer.get_tokens(text) if t not in Whitespace]
        wanted = Keyword.Type if scope.startswith("support.type.") else Keyword
        if not tokens or not all(t in wanted for t, _ in tokens):
            wrong.append((text, scope, tokens))
    assert not wrong, f"keywords of the grammar the lexer does not know as such: {wrong}"


def test_the_enumeration_sees_every_alternative():
    """The helper the two tests above rest on: a finite regex's whole language."""
    assert sorted(_strings(r"(?<![a-z])(?:naar (?:beneden|boven) )?afgerond\b")) == [
        "afgerond", "naar beneden afgerond", "naar boven afgerond"]
    assert _strings(r"dag [0-9]{1,2}") == ["dag 0", "dag 00"]


# ------------------------------------------------------------------ with node

NODE = shutil.which("node")
NPM = shutil.which("npm")


@pytest.mark.skipif(NODE is None, reason="node is not installed (Debian package nodejs)")
def test_server_command_resolution_under_node():
    for script in ("extension.js", "server_command.js", "test/tokenize.js"):
        check = subprocess.run([NODE, "--check", script], cwd=EXT, capture_output=True,
                               text=True, timeout=60)
        assert check.returncode == 0, check.stderr
    result = subprocess.run([NODE, "--test", "test/server_command.test.js"], cwd=EXT,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "# fail 0" in result.stdout


@pytest.fixture(scope="module")
def tm_tokens():
    """The bundled rules and scenario files tokenized by vscode-textmate + vscode-oniguruma."""
    if NODE is None or NPM is None:
        pytest.skip("node and npm are not installed (Debian packages nodejs, npm)")
    test_dir = EXT / "test"
    if not (test_dir / "node_modules" / "vscode-textmate").is_dir():
        # the packages the script needs only (not the extension's), into the ignored folder
        install = subprocess.run([NPM, "ci", "--no-audit", "--no-fund", "--loglevel=error"],
                                 cwd=test_dir, capture_output=True, text=True, timeout=600)
        assert install.returncode == 0, install.stdout + install.stderr
    result = subprocess.run([NODE, "tokenize.js", str(GRAMMAR), *map(str, BUNDLED)],
                            cwd=test_dir, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    tokens = [json.loads(line) for line in result.stdout.splitlines()]
    assert {Path(t["file"]) for t in tokens} == set(BUNDLED)
    return tokens


def _scope_of(tokens, file_name, line_text, token_text):
    for token in tokens:
        if Path(token["file"]).name == file_name and token["text"] == token_text:
            line = Path(token["file"]).read_text(encoding="utf-8").splitlines()[token["line"] - 1]
            if line_text in line:
                return token["scopes"][-1]
    raise AssertionError(f"{token_text!r} not found on a line with {line_text!r}")


def test_textmate_scopes_a_real_rules_file(tm_tokens):
    aow = "aow.rules"
    assert _scope_of(tm_tokens, aow, "# Algemene Ouderdomswet",
                     "# Algemene Ouderdomswet: ouderdomspensioen vanaf de pensioengerechtigde "
                     "leeftijd.").startswith("comment.line")
    assert _scope_of(tm_tokens, aow, "bron artikel 13 lid 1", "bron").startswith("keyword.")
    assert _scope_of(tm_tokens, aow, "bron artikel 13 lid 1", "13").startswith("constant.")
    assert _scope_of(tm_tokens, aow, "voor geboortedatum tot 1 januari 1957",
                     "1 januari 1957").startswith("constant.other.date")
    assert _scope_of(tm_tokens, aow, 'uitvoerder "Sociale Verzekeringsbank"',
                     '"Sociale Verzekeringsbank"').startswith("string.quoted")
    assert _scope_of(tm_tokens, aow, "definitie pensioendatum: datum",
                     "pensioendatum").startswith("entity.name")


def test_textmate_leaves_nothing_of_the_bundled_files_unscoped(tm_tokens):
    unscoped = [t for t in tm_tokens if t["text"].strip() and len(t["scopes"]) == 1]
    assert not unscoped, unscoped[:10]
    invalid = [t for t in tm_tokens if any(s.startswith("invalid.") for s in t["scopes"])]
    assert not invalid, invalid[:10]


def _utf16_to_index(line: str, column: int) -> int:
    """A column in UTF-16 code units (vscode-textmate's) into a Python string index."""
    units = 0
    for index, char in enumerate(line):
        if units >= column:
            return index
        units += 2 if ord(char) > 0xFFFF else 1
    return len(line)


def test_textmate_and_pygments_agree_on_every_keyword_of_the_bundled_files(tm_tokens):
    """Keyword spans in every bundled file: the same under VS Code's engine as under the
    Pygments lexer (the docs' highlighting)."""
    lexer = RulesLexer()
    for path in BUNDLED:
        text = path.read_text(encoding="utf-8")
        lines = text.split("\n")
        starts = list(itertools.accumulate((len(line) + 1 for line in lines), initial=0))
        tm_spans = set()
        for token in tm_tokens:
            if Path(token["file"]) != path or not _is_keyword_scope(token["scopes"][-1]):
                continue
            line = lines[token["line"] - 1]
            begin = _utf16_to_index(line, token["start"])
            tm_spans.add((starts[token["line"] - 1] + begin,
                          starts[token["line"] - 1] + begin + len(token["text"])))
        pygments_spans = {(index, index + len(value))
                          for index, kind, value in lexer.get_tokens_unprocessed(text)
                          if kind in Keyword}
        only_tm = sorted(tm_spans - pygments_spans)
        only_pygments = sorted(pygments_spans - tm_spans)
        assert not only_tm and not only_pygments, (
            path.name, [text[a:b] for a, b in only_tm[:5]],
            [text[a:b] for a, b in only_pygments[:5]])
