"""A checked regulation (and the statute text shipped beside it) into a literate law page
(reStructuredText): per article its link, its text and the rules implementing it.

The page is woven from the rules file itself: every declaration is placed under the
first article its ``bron`` cites (the regulation's own articles in article order, then
those of other laws), with an anchor ``rs-<regeling>-<naam>`` and its source text
highlighted; under the other articles it cites, a reference to it. A parameter or table
also gets its dated values as a table, a worked case its situation, expectations and
the hand computation from its comments. Declarations without a citation are listed
last, under "Zonder bron", so a missing citation is seen.
"""

from __future__ import annotations

import datetime as dt
import re

from rulescore import citations
from rulescore import model as m
from rulescore.dsl import printer
from rulescore.workbench.law_text import LawText

MONTHS = ("januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus",
          "september", "oktober", "november", "december")
KINDS = {m.Parameter: "parameter", m.Table: "tabel", m.Input: "invoer", m.Relation: "relatie",
         m.Enumeration: "keuze", m.Concept: "begrip", m.Variant: "variant"}


def dutch_date(day: dt.date) -> str:
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def kind(item) -> str:
    if isinstance(item, m.Definition):
        return "uitkomst" if item.output else "definitie"
    return KINDS[type(item)]


def anchor(regulation: str, item) -> str:
    """The page anchor of a declaration (a variant is named after its concept too)."""
    name = f"{item.concept}-{item.name}" if isinstance(item, m.Variant) else item.name
    return f"rs-{regulation}-{name}".lower().replace("_", "-")


def article_key(artikel: str) -> tuple:
    """Article order: ``2 < 2a < 3 < 3.81 < 10``."""
    return tuple((int(n), rest) for n, rest in re.findall(r"([0-9]+)([a-z]*)", artikel)) \
        or ((10**9, artikel),)


def inline(text: str) -> str:
    """Plain text safe inside reStructuredText inline markup."""
    return re.sub(r"([\\`*_|\[\]])", r"\\\1", text)


def escape(text: str) -> str:
    """Plain text safe as a reStructuredText paragraph (no list starts at '1.')."""
    text = inline(text)
    return re.sub(r"^([0-9]+[a-z]*|[a-z])\.", r"\1\\.", text)


def source_lines(reg: m.Regulation, span: m.Span, leading_comments: bool = True) -> list[str]:
    """The lines of the rules file a declaration spans, with the comment lines directly
    above it."""
    lines = reg.source.splitlines()
    start = span.line - 1
    while leading_comments and start > 0 and lines[start - 1].lstrip().startswith("#") \
            and not set(lines[start - 1].strip()) <= set("#- "):
        start -= 1
    return lines[start:span.end_line]


def code_block(lines: list[str]) -> list[str]:
    return [".. code-block:: rules", ""] + [f"   {line}" if line.strip() else "" for line in
                                              lines] + [""]


def heading(text: str, underline: str) -> list[str]:
    return [text, underline * len(text), ""]


def _group(reg: m.Regulation, items) -> tuple[dict, list]:
    """(bwb, artikel) → items placed there (their first citation), and the uncited."""
    groups, uncited = {}, []
    for item in items:
        if not item.meta.citations:
            uncited.append(item)
            continue
        first = item.meta.citations[0]
        groups.setdefault((first.bwb or reg.bwb, first.artikel), []).append(item)
    return groups, uncited


def _cited_also(reg: m.Regulation, items) -> dict:
    """(bwb, artikel) → items citing it in a later ``bron`` only."""
    also = {}
    for item in items:
        first = item.meta.citations[0] if item.meta.citations else None
        for c in item.meta.citations[1:]:
            key = (c.bwb or reg.bwb, c.artikel)
            if first is None or key != (first.bwb or reg.bwb, first.artikel):
                also.setdefault(key, []).append(item)
    return also


def _values_table(rows: list[tuple[str, ...]], header: tuple[str, ...]) -> list[str]:
    out = [".. list-table::", "   :header-rows: 1", ""]
    for row in [header, *rows]:
        out.append("   * - " + escape(row[0]))
        out += [f"     - {escape(cell) or '—'}" for cell in row[1:]]
    return out + [""]


def _dated_rows(values) -> list[tuple[str, ...]]:
    rows = []
    for i, v in enumerate(values):
        end = v.tot or (values[i + 1].vanaf if i + 1 < len(values) else None)
        rows.append((dutch_date(v.vanaf), dutch_date(end) if end else "—",
                     printer.literal(v.value), v.aanname or ""))
    return rows


def _table_rows(table: m.Table) -> list[tuple[str, ...]]:
    rows = []
    for version in table.versions:
        for row in version.rows:
            keys = ", ".join(printer._key(k) for k in row.keys)
            rows.append((dutch_date(version.vanaf), keys, printer.literal(row.value),
                         version.aanname or ""))
    return rows


def declaration(reg: m.Regulation, item, tijdvak: str | None) -> list[str]:
    """One declaration: anchor, name and kind, its source, its values as a table."""
    label = item.name if not isinstance(item, m.Variant) else f"{item.name} van {item.concept}"
    out = [f".. _{anchor(reg.name, item)}:", "", f"**{escape(label)}** — {kind(item)}"
           + (f", tijdvak {tijdvak}" if tijdvak else ""), ""]
    out += code_block(source_lines(reg, item.span))
    if isinstance(item, m.Parameter):
        out += _values_table(_dated_rows(item.values), ("vanaf", "tot", "waarde", "aanname"))
    elif isinstance(item, m.Table):
        out += _values_table(_table_rows(item), ("vanaf", "sleutel", "waarde", "aanname"))
    return out


def _fact_text(fact: m.Fact) -> str:
    value = printer._fact_value(fact.value)
    return fact.name + " " + value + "".join(
        f", vanaf {dutch_date(c.vanaf)} {printer._fact_value(c.value)}" for c in fact.changes)


def _example_comments(reg: m.Regulation, example: m.Example) -> list[str]:
    return [line.strip().lstrip("#").strip() for line in source_lines(reg, example.span)
            if line.strip().startswith("#")]


def worked_case(reg: m.Regulation, number: int, example: m.Example) -> list[str]:
    """A worked case as a reader reads it: when, who with which facts, what is expected,
    and the hand computation written in its comments."""
    out = [f".. _rs-{reg.name.replace('_', '-')}-voorbeeld-{number}:", "",
           f"**{escape(example.title)}**", ""]
    when = []
    if example.peildatum:
        when.append(f"peildatum {dutch_date(example.peildatum)}")
    if example.first_month:
        when.append(f"van {MONTHS[example.first_month.month - 1]} {example.first_month.year} "
                    f"tot en met {MONTHS[example.last_month.month - 1]} "
                    f"{example.last_month.year}")
    if example.meta.citations:
        when.append("bron " + citations.describe(example.meta.citations, reg.bwb, {}))
    out += [escape("; ".join(when)), ""]
    rows = []
    for ent in example.entities:
        who = " en ".join(ent.ids) if ent.kind != "relatie" else \
            f"{ent.relation} {ent.ids[0]} en {ent.ids[1]}"
        rows.append((ent.kind, who, "; ".join(_fact_text(f) for f in ent.facts) or "—"))
    out += _values_table(rows, ("soort", "wie", "feiten"))
    expected = [(e.name.dotted, e.person, printer._period(e.period) if e.period else "peildatum",
                 printer.literal(e.value)) for e in example.expectations]
    out += _values_table(expected, ("verwacht", "voor", "periode", "waarde"))
    comments = _example_comments(reg, example)
    if comments:
        out += ["Berekening (uit de toelichting bij het voorbeeld):", ""]
        out += ["| " + inline(line) for line in comments] + [""]
    return out


def article_link(bwb: str, artikel: str, day: dt.date | None) -> str:
    return citations.url(bwb, day) + "#Artikel" + artikel


def regulation_page(reg: m.Regulation, program, law: LawText | None = None,
                    day: dt.date | None = None) -> str:
    """The literate page of one regulation (without its title: the page that includes
    it has one), as reStructuredText."""
    names = citations.law_names(program)
    items = [i for i in reg.items]
    groups, uncited = _group(reg, items)
    also = _cited_also(reg, items)
    own = sorted((k for k in groups if k[0] == reg.bwb), key=lambda k: article_key(k[1]))
    other = sorted((k for k in groups if k[0] != reg.bwb),
                   key=lambda k: (names.get(k[0] or "", k[0] or ""), article_key(k[1])))
    out = [f"Plugin regeling ``{reg.name}``"
           + (f", {escape(names.get(reg.bwb, reg.bwb))} (`{reg.bwb} <{citations.url(reg.bwb, day)}>`__)"
              if reg.bwb else "") + (f"; uitvoerder {escape(reg.uitvoerder)}" if reg.uitvoerder else "")
           + ".", ""]
    if law is not None:
        out += [f"De wettekst bij de artikelen komt uit ``{escape(law.path.rsplit('/', 1)[-1])}``: "
                + escape("; ".join(f"{k}: {v}" for k, v in law.about.items())) + ".", ""]
    header = source_lines(reg, m.Span(reg.span.file, 1, 1, _header_end(reg), 0), False)
    out += code_block(header)
    tijdvakken = program.tijdvakken
    for key in own + other:
        bwb, artikel = key
        law_name = names.get(bwb, bwb) if bwb and bwb != reg.bwb else ""
        out += heading(f"{law_name + ' ' if law_name else ''}Artikel {artikel}", "-")
        if bwb:
            dated = day and citations.site(bwb) == "wetten.overheid.nl"  # a CVDR link: current version
            out += [f"`{citations.site(bwb)}: artikel {artikel}"
                    + (f", geldend op {dutch_date(day)}" if dated else "")
                    + f" <{article_link(bwb, artikel, day)}>`__", ""]
        if law is not None and bwb == reg.bwb and artikel in law.articles:
            out += [".. rst-class:: wettekst", ""]
            out += [f"   {escape(p)}\n" for p in law.articles[artikel]]
        for item in groups[key]:
            out += declaration(reg, item, tijdvakken.get(f"{reg.name}.{item.name}"))
        if also.get(key):
            out += ["Ook op dit artikel gebaseerd: " + ", ".join(
                f":ref:`{escape(i.name)} <{anchor(reg.name, i)}>`" for i in also[key]), ""]
    if uncited:
        out += heading("Zonder bron", "-")
        out += ["Deze declaraties noemen geen artikel (``bron``):", ""]
        for item in uncited:
            out += declaration(reg, item, tijdvakken.get(f"{reg.name}.{item.name}"))
    if reg.examples:
        out += heading("Rekenvoorbeelden", "-")
        for number, example in enumerate(reg.examples, 1):
            out += worked_case(reg, number, example)
    return "\n".join(out) + "\n"


def _header_end(reg: m.Regulation) -> int:
    """The last line of the header: the line before the first declaration or case (and
    the comments directly above it)."""
    first = min([i.span.line for i in reg.items] + [e.span.line for e in reg.examples]
                + [len(reg.source.splitlines()) + 1])
    lines = reg.source.splitlines()
    end = first - 1
    while end > 0 and (not lines[end - 1].strip() or lines[end - 1].lstrip().startswith("#")):
        end -= 1
    return end
