"""The docs build without warnings and catalogue every diagnostic and regulation."""

import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).parents[1]


def test_sphinx_builds_without_warnings(tmp_path):
    proc = subprocess.run([sys.executable, "-m", "sphinx", "-W", "--keep-going", "-q", "-b", "html",
                           str(ROOT / "docs"), str(tmp_path)], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_every_diagnostic_code_is_documented():
    used = set()
    for folder in ("rulescore", "dsl"):
        for path in (ROOT / folder).rglob("*.py"):
            used |= set(re.findall(r'"(RS\d{3})"', path.read_text(encoding="utf-8")))
    headings = re.findall(r"^(RS\d{3})$", (ROOT / "docs" / "diagnostics.rst").read_text(), re.M)
    assert used and used == set(headings)
    # one meaning per code: a code documented twice was given to two different errors
    assert sorted(headings) == sorted(set(headings))


def test_every_bundled_regulation_has_a_page():
    """A page per bundled plugin, and one per distribution of its own in plugins/ (a
    gemeente's plugin, with its own pyproject.toml)."""
    pages = {p.stem for p in (ROOT / "docs" / "regulations").glob("*.rst")} - {"index"}
    plugins = {p.name for p in (ROOT / "plugins").iterdir()
               if (p / "__init__.py").exists() or (p / "pyproject.toml").exists()}
    assert plugins == pages


# ------------------------------------------------------------------ rules snippets (#22 §1)

_BLOCK = re.compile(r"^(?P<indent>[ \t]*)\.\. code-block:: (?P<lang>\w+)[ \t]*\n"
                    r"(?P<body>(?:(?:(?P=indent)[ \t]+[^\n]*)?\n)+)", re.M)


def rules_snippets() -> list[tuple[str, str]]:
    """Every ``.. code-block:: rules`` of docs/*.rst as (place, dedented text)."""
    import textwrap

    found = []
    for path in sorted((ROOT / "docs").rglob("*.rst")):
        text = path.read_text(encoding="utf-8")
        for match in _BLOCK.finditer(text):
            if match["lang"] == "rules":
                line = text.count("\n", 0, match.start()) + 1
                found.append((f"{path.relative_to(ROOT)}:{line}",
                              textwrap.dedent(match["body"]).strip() + "\n"))
    return found


def test_snippets_are_found():
    places = [place for place, _ in rules_snippets()]
    # the language reference and the payments page show rules (13 blocks as written)
    assert sum(p.startswith("docs/language.rst") for p in places) >= 10
    assert any(p.startswith("docs/payments.rst") for p in places)


def test_no_text_block_holds_rules():
    """A rules snippet is marked ``rules`` (highlighted and checked here), never ``text``."""
    from rulescore.dsl import parse

    unmarked = []
    for path in sorted((ROOT / "docs").rglob("*.rst")):
        text = path.read_text(encoding="utf-8")
        for match in _BLOCK.finditer(text):
            body = match["body"].strip()
            if match["lang"] == "text" and body.split(None, 1)[0] in (
                    "regeling", "scenario", "definitie", "uitkomst", "parameter", "invoer"):
                unmarked.append(f"{path.name}: {body.splitlines()[0]}")
    assert not unmarked, unmarked
    assert parse  # the parser is importable for the next test


def test_every_rules_snippet_is_highlighted_without_errors():
    from pygments.token import Error

    from rulescore.workbench.lexer import RulesLexer

    bad = []
    for place, snippet in rules_snippets():
        errors = [value for token, value in RulesLexer().get_tokens(snippet) if token in Error]
        if errors:
            bad.append(f"{place}: {errors}")
    assert not bad, "\n".join(bad)


def test_every_rules_snippet_parses():
    """A complete snippet (a file from ``regeling``/``scenario`` on) parses as it stands; a
    fragment of declarations parses under a header, as it would stand in a file."""
    from rulescore.dsl import parse_uncached
    from rulescore.errors import RulesError

    failures = []
    for place, snippet in rules_snippets():
        code = "\n".join(line for line in snippet.splitlines()
                         if not line.lstrip().startswith("#")).lstrip()
        complete = code.startswith(("regeling ", "scenario "))
        text = snippet if complete else 'regeling fragment "Fragment"\n' + snippet
        try:
            parse_uncached(text, place)
        except RulesError as exc:
            failures.append(f"{place}: " + "; ".join(d.message for d in exc.diagnostics))
    assert not failures, "\n".join(failures)
