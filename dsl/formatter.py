"""Rules text into the same rules in canonical layout, every comment and notation kept.

The language is layout-free, so a formatter may choose every line break and indent; it
must change nothing else. It works on the parse tree with *every* token kept (lark's
``keep_all_tokens``), so what the drafter wrote — ``1 januari 2026`` or ``2026-01-01``,
``13,700%``, ``18 jaar``, the shorthand ``geleidelijk van … naar …``, parentheses —
comes out as written; only whitespace and the place of comments change:

* a declaration starts at column 0 after one blank line; each clause, dated value, table
  row, version, regime, fact block and expectation on its own line, two spaces deeper
  than what it belongs to;
* a body that does not fit in :data:`WIDTH` columns breaks where it reads best: a chain
  of ``als … dan … anders als …`` one case a line (a case still too long puts its
  ``dan`` two columns in on the next line); ``+``/``-``, ``*``/``/``, ``en``/``of`` and
  comparisons fill each line and start the next with their operator; a call
  ``min(a, b)`` one argument a line under the first; ``(p in x waarvoor …)`` and
  ``som(p in x: …)`` continue inside their bracket; a ``waarbij`` one substitution a line;
  ``x afgerond op …`` and the like keep their suffix within the width;
* a worked case's ``persoon``/``woning``/``relatie`` line, a ``gebruikt`` list, a
  ``keuze``'s values and a ``bind … voor`` list fill their line and continue four columns
  in, a fact or a name never split (a fact's dated change may continue after its comma);
* a comment on a line of its own stays before the line it preceded; a comment after code
  on the same line, or inside a line, moves to its own line just above that line.

:func:`format_text` refuses to return text that parses to another model than the input
(an internal error: it would be a bug here), so formatting can never change a rule.
"""

from __future__ import annotations

import functools
import re

from lark import Lark, Token, Tree

#: Lines are broken when longer than this.
WIDTH = 100

_STRING_OR_COMMENT = re.compile(r'"[^"\n]*"|#[^\n]*')

#: Nodes that start a line two spaces deeper than the line of the node they belong to;
#: ``_TOP`` nodes start at column 0, ``_ITEMS`` after a blank line.
_NESTED = {"kop_bwb", "kop_uitvoerder", "kop_url", "kop_gebruikt", "kop_begrip", "kop_tijdvak",
           "bron", "toelichting", "aanname", "tijdvak", "betaling", "gezamenlijk", "zelf_opgegeven",
           "gedateerde_waarde", "tabelversie", "rij", "domein_tussen", "domein_niet_negatief",
           "domein_niet_na_peildatum", "standaard", "versie", "regime", "regime_voor",
           "regime_gesloten", "regime_geldt", "regime_eindigt", "regime_na_einde",
           "vb_peildatum", "vb_reeks", "vb_persoon", "vb_woning", "vb_relatie", "verwachting",
           "optieregel", "telt_vanaf_besluit"}
_ITEMS = {"parameter", "tabel", "definitie", "invoer", "relatie", "keuze", "voorbeeld",
          "begrip", "variant", "wijziging", "betaalwijziging", "definitiewijziging",
          "doortrekking", "hervorming", "optie", "afschaffing"}
_TOP = _ITEMS | {"regeling", "scenario", "scenariostatus", "scenariogebruikt", "binding"}
#: Tokens that start a nested line inside these nodes (a body's ``=``, ``sleutel`` …).
_LINE_TOKENS = {"enkel_lichaam": "=", "enkel_wijziging": "=", "versie": "=", "regime": "=",
                "variant": "=", "versie_lichaam": "versies", "regime_lichaam": "overgangsrecht",
                "tabel": "sleutel", "tabelversie": "aanname",
                "gedateerde_waarde": "aanname"}
_CALLERS = {"NAME", "AGGREGAAT"}
#: Lines that, too long, continue four columns in with as many of their units as fit.
_FILLED = {"vb_persoon", "vb_woning", "vb_relatie", "kop_gebruikt", "scenariogebruikt", "keuze",
           "binding"}


@functools.lru_cache(maxsize=1)
def _parser() -> Lark:
    from rulescore.dsl.parser import GRAMMAR

    return Lark.open(str(GRAMMAR), parser="lalr", keep_all_tokens=True)


class _Line:
    """One logical line: its indent, tokens, an expression that may be broken, and the
    comments to print above it."""

    def __init__(self, indent: int, blank: bool):
        self.indent, self.blank = indent, blank
        self.tokens: list[Token] = []
        self.expr: Tree | Token | None = None  # the body after a leading "="
        #: token indices where a line too long may break (a worked case's facts, the
        #: names after ``gebruikt``): each unit goes on as long as it fits
        self.units: list[int] = []
        #: (text, a blank line before it, its end offset in the source)
        self.comments: list[tuple[str, bool, int]] = []
        self.closing: list[tuple[str, bool, int]] = []  # comments printed after it


class _Walker:
    """The tree into logical lines, in source order."""

    def __init__(self):
        self.lines: list[_Line] = []
        self.tight: set[int] = set()  # ids of tokens with no space after them (unary minus)

    def start(self, indent: int, blank: bool = False) -> None:
        self.lines.append(_Line(indent, blank))

    def walk(self, node, indent: int) -> None:
        if isinstance(node, Token):
            self.lines[-1].tokens.append(node)
            return
        if node.data in _TOP:
            self.start(0, blank=node.data in _ITEMS)
            indent = 0
        elif node.data in _NESTED:
            indent += 2
            self.start(indent)
        if node.data == "min_teken":
            self.tight.add(id(node.children[0]))
        opener = _LINE_TOKENS.get(node.data)
        children = [c for c in node.children if c is not None]
        line = self.lines[-1]
        for i, child in enumerate(children):
            if (node.data in _FILLED and (
                    isinstance(child, Tree) and child.data == "feit"
                    or i > 0 and isinstance(children[i - 1], Token) and children[i - 1] == ",")
                    or node.data == "vb_wijziging" and i == 1
                    or node.data == "invoer" and child == "van"):
                line.units.append(len(line.tokens))
            if isinstance(child, Token) and child == opener:
                self.start(indent + 2)
                if child == "=" and i + 1 < len(children):
                    self.lines[-1].tokens.append(child)
                    self.lines[-1].expr = children[i + 1]
                    for rest in children[i + 1:]:
                        self._tokens_of(rest)
                    return
            self.walk(child, indent)

    def _tokens_of(self, node) -> None:
        """An expression's tokens onto the current line (it never starts a line)."""
        if isinstance(node, Token):
            self.lines[-1].tokens.append(node)
            return
        if node.data == "min_teken":
            self.tight.add(id(node.children[0]))
        for child in node.children:
            if child is not None:
                self._tokens_of(child)


def _leaves(node) -> list[Token]:
    if isinstance(node, Token):
        return [node]
    return [t for c in node.children if c is not None for t in _leaves(c)]


def _join(tokens: list[Token], tight: set[int]) -> str:
    out = []
    prev = None
    for t in tokens:
        if prev is not None and not (
                t in (",", ")", ":", ".") or prev in ("(", ".") or id(prev) in tight
                or (t == "(" and (prev.type in _CALLERS or prev == "aantal"))):
            out.append(" ")
        out.append(str(t))
        prev = t
    return "".join(out)


def _chain(node, kinds: tuple[str, ...], op_type: str | None = None) -> list | None:
    """A left-nested chain of one operator kind as [operand, op, operand, …], or None."""
    if not isinstance(node, Tree) or node.data not in kinds:
        return None
    left, op, right = [c for c in node.children if c is not None]
    if node.data in ("vergelijk", "gelijk"):
        return [left, op, right]
    if op_type is not None and op.type != op_type:
        return None
    # only the same operator kind continues the chain (+/- or */÷, en, of)
    inner = _chain(left, (node.data,), op.type)
    return (inner if inner is not None else [left]) + [op, right]


def _flat(node, tight: set[int]) -> str:
    return _join(_leaves(node), tight)


def _expr_lines(node, width: int, tight: set[int]) -> list[str]:
    """An expression as lines within ``width`` columns where a break allows: the first
    line without indent, the others indented relative to the first's start."""
    flat = _flat(node, tight)
    if len(flat) <= width or isinstance(node, Token):
        return [flat]
    kids = [c for c in node.children if c is not None]
    if node.data == "als":
        return _cases(node, width, tight)
    if node.data == "filter":  # (p in x waarvoor …): the condition three columns in
        head = "(" + _flat(Tree("", kids[1:5]), tight)
        cond = _expr_lines(kids[5], width - 4, tight)
        if len(head) + 1 + len(cond[0]) <= width:
            lines = [head + " " + cond[0]] + ["   " + c for c in cond[1:]]
        else:
            lines = [head] + ["   " + c for c in cond]
        lines[-1] += ")"
        return lines
    if node.data == "aanroep":  # min(a, b): one argument a line, under the first
        head = _flat(kids[0], tight) + "("
        args = kids[2:-1:2]
        lines: list[str] = []
        for n, arg in enumerate(args):
            sub = _expr_lines(arg, width - len(head) - 1, tight)
            sub[-1] += "," if n < len(args) - 1 else ")"
            lines += [(head if not lines else " " * len(head)) + sub[0]]
            lines += [" " * len(head) + x for x in sub[1:]]
        return lines or [flat]
    if node.data == "over_maanden":  # som van … over de maanden van het jaar: break …
        sub = _expr_lines(kids[1], width - len(kids[0]) - 1, tight)
        pad = " " * (len(kids[0]) + 1)
        return [str(kids[0]) + " " + sub[0]] + [pad + x for x in sub[1:]] + [pad + str(kids[2])]
    if node.data == "aggregaat":  # som(p in x: …): the body four columns in
        body = _expr_lines(kids[6], width - 5, tight)
        return [_flat(Tree("", kids[:6]), tight)] + ["    " + b for b in body[:-1]] + [
            "    " + body[-1] + ")"]
    if (len(kids) == 4 and isinstance(kids[0], Token) and kids[1] == "("
            and kids[3] == ")"):  # aantal(…), a call of one argument: break inside
        head = _flat(kids[0], tight) + "("
        sub = _expr_lines(kids[2], width - len(head) - 1, tight)
        sub[-1] += ")"
        return [head + sub[0]] + [" " * len(head) + s for s in sub[1:]]
    if node.data == "atoom" and kids[0] == "(":  # a parenthesised expression: break inside
        sub = _expr_lines(kids[1], width - 2, tight)
        return [flat] if len(sub) == 1 else (
            ["(" + sub[0]] + [" " + s for s in sub[1:-1]] + [" " + sub[-1] + ")"])
    if node.data == "waarbij":  # x waarbij a gelijk is aan b en …: one substitution a line
        lines = _expr_lines(kids[0], width, tight)
        for word, sub in zip(kids[1::2], kids[2::2]):
            lines += _substitution("  " + str(word) + " ", sub, width, tight)
        return lines
    chain = _chain(node, ("reken", "en", "of", "vergelijk", "gelijk"))
    if chain is not None:
        return _fill(chain, width, tight)
    if len(kids) == 2 and isinstance(kids[0], Token) and isinstance(kids[1], Tree):
        sub = _expr_lines(kids[1], width - len(kids[0]) - 1, tight)  # niet (…), - (…)
        pad = " " * (len(kids[0]) + 1)
        return [str(kids[0]) + " " + sub[0]] + [pad + x for x in sub[1:]]
    if isinstance(kids[0], Tree) and len(kids) > 1 and isinstance(kids[1], Token):
        # x afgerond op …, x in het jaar, x op dag 20 van de maand: break x
        suffix = _flat(Tree("", kids[1:]), tight)
        sub = _expr_lines(kids[0], width - len(suffix) - 1, tight)
        if len(sub) > 1 and len(sub[-1]) + 1 + len(suffix) <= width:
            return sub[:-1] + [sub[-1] + " " + suffix]
        return sub + ["  " + suffix]
    return [flat]


def _substitution(head: str, node: Tree, width: int, tight: set[int]) -> list[str]:
    """``a gelijk is aan b`` after ``head``: ``b`` on the same line while its first line
    fits, else on the lines below, four columns in."""
    text = head + _flat(node, tight)
    if len(text) <= width:
        return [text]
    kids = [c for c in node.children if c is not None]
    head += _flat(Tree("", kids[:-1]), tight)
    sub = _expr_lines(kids[-1], width - len(head) - 1, tight)
    if len(head) + 1 + len(sub[0]) <= width:
        return [head + " " + sub[0]] + [" " * (len(head) + 1) + s for s in sub[1:]]
    return [head] + ["    " + s for s in _expr_lines(kids[-1], width - 4, tight)]


def _cases(node, width: int, tight: set[int]) -> list[str]:
    """``als … dan … anders als … anders …`` as one case a line (``anders`` under ``als``);
    a case too long for its line puts its ``dan`` two columns in on the next."""
    lines: list[str] = []
    while isinstance(node, Tree) and node.data == "als":
        _, cond, _, then, _, node = [c for c in node.children if c is not None]
        word = "als " if not lines else "anders als "
        case = word + _flat(cond, tight) + " dan " + _flat(then, tight)
        if len(case) <= width:
            lines.append(case)
            continue
        sub = _expr_lines(cond, width - len(word), tight)
        lines += [word + sub[0]] + [" " * len(word) + s for s in sub[1:]]
        sub = _expr_lines(then, width - 7, tight)
        lines += ["  dan " + sub[0]] + ["      " + s for s in sub[1:]]
    sub = _expr_lines(node, width - 7, tight)
    return lines + ["anders " + sub[0]] + ["       " + s for s in sub[1:]]


def _fill(chain: list, width: int, tight: set[int]) -> list[str]:
    """``a + b - c``, ``a en b of c``, ``a < b`` as many operands a line as fit, each
    further line starting with its operator."""
    lines = _expr_lines(chain[0], width, tight)
    for op, operand in zip(chain[1::2], chain[2::2]):
        text = str(op) + " " + _flat(operand, tight)
        if len(lines[-1]) + 1 + len(text) <= width:
            lines[-1] += " " + text
            continue
        sub = _expr_lines(operand, width - len(op) - 1, tight)
        lines += [str(op) + " " + sub[0]] + [" " * (len(op) + 1) + s for s in sub[1:]]
    return lines


def _comments(text: str) -> list[tuple[int, str, bool, bool]]:
    """Every comment as (offset, text, alone on its line, a blank line directly before it)."""
    found = []
    for match in _STRING_OR_COMMENT.finditer(text):
        if match.group().startswith("#"):
            before = text[:match.start()]
            line_start = before.rfind("\n") + 1
            own_line = before[line_start:].strip() == ""
            blank = own_line and bool(re.search(r"\n[ \t]*\n[ \t]*\Z", before))
            found.append((match.start(), match.group().rstrip(), own_line, blank))
    return found


def _place(text: str, comments, lines: list[_Line]) -> list[tuple[int | None, bool]]:
    """Per comment the logical line it goes with (None: after the last line) and whether
    it goes after that line rather than above it."""
    import bisect

    starts = [line.tokens[0].start_pos for line in lines]
    placed = []
    for offset, comment, own_line, blank in comments:
        prev = bisect.bisect_left(starts, offset) - 1  # the last line starting before it
        nxt = prev + 1 if prev + 1 < len(lines) else None
        if prev >= 0 and (not own_line or offset < lines[prev].tokens[-1].end_pos):
            placed.append((prev, False))  # after code on its line, or inside a broken line
        elif (prev >= 0 and not blank and nxt is not None and lines[nxt].blank
              and text[text.rfind("\n", 0, offset) + 1] in " \t"
              and re.match(r"[ \t]*\n[ \t]*\n", text[offset + len(comment):])):
            placed.append((prev, True))  # an indented note closing its declaration
        else:
            placed.append((nxt, False))
    return placed


def format_text(text: str, filename: str = "<tekst>") -> str:
    """The canonical layout of a rules or scenario file (syntax errors raise
    :class:`~rulescore.errors.RulesError`, located, as :func:`rulescore.dsl.parse` does)."""
    from rulescore.dsl import parse_uncached

    model = parse_uncached(text, filename)
    walker = _Walker()
    walker.walk(_parser().parse(text).children[0], 0)
    lines = [line for line in walker.lines if line.tokens]
    tail, found = [], _comments(text)
    for (offset, comment, own_line, blank), (k, after) in zip(found, _place(text, found, lines)):
        target = tail if k is None else lines[k].closing if after else lines[k].comments
        target.append((comment, blank and own_line, offset + len(comment)))
    out: list[str] = []
    for n, line in enumerate(lines):
        pad = " " * line.indent
        if line.blank and n:
            out.append("")
        for comment, blank, _ in line.comments:
            if blank and line.indent == 0 and out and out[-1] != "":
                out.append("")  # a blank line between comment groups at the top level stays
            out.append(pad + comment)
        if line.comments and line.indent == 0 and re.search(
                r"\n[ \t]*\n", text[line.comments[-1][2]:line.tokens[0].start_pos]):
            out.append("")  # so does one between a heading comment and the declaration
        out += _layout(line, walker.tight)
        out += [pad + comment for comment, _, _ in line.closing]
    if tail:
        out.append("")
        out += [c for c, _, _ in tail]
    result = "\n".join(out) + "\n"
    if parse_uncached(result, filename) != model:  # pragma: no cover - a bug here
        raise AssertionError(f"formatting {filename} changed its rules")
    return result


def _layout(line: _Line, tight: set[int]) -> list[str]:
    pad = " " * line.indent
    flat = pad + _join(line.tokens, tight)
    if len(flat) <= WIDTH:
        return [flat]
    if line.units:
        cuts = line.units + [len(line.tokens)]
        lines = [pad + _join(line.tokens[:cuts[0]], tight)]
        for a, b in zip(cuts, cuts[1:]):
            unit = _join(line.tokens[a:b], tight)
            if len(lines[-1]) + 1 + len(unit) <= WIDTH:
                lines[-1] += " " + unit
            else:
                lines.append(pad + "    " + unit)
        return lines
    if line.expr is None:
        return [flat]
    body = _expr_lines(line.expr, WIDTH - line.indent - 2, tight)
    return [pad + "= " + body[0]] + [pad + "  " + s for s in body[1:]]


def is_formatted(text: str, filename: str = "<tekst>") -> bool:
    """Whether ``text`` already has the canonical layout."""
    return format_text(text, filename) == text


