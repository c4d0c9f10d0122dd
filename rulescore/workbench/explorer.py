"""A checked program into the legislation explorer: every declaration of every installed
plugin with its type, tijdvak, citation, versions, what it uses and what uses it, and
the worked cases that exercise it — as data, and as one HTML fragment with a small
inline filter script (no server, no internet, no build step)."""

from __future__ import annotations

import datetime as dt
import html
import json

from rulescore import citations
from rulescore import model as m
from rulescore.dsl import printer
from rulescore.workbench.law_pages import anchor, dutch_date, kind
from rulescore.workbench.references import declaration_name, uses


def _declarations(program):
    """qualname → (regulation, item as declared), for every symbol with a declaration."""
    out = {}
    for reg in program.regulations.values():
        for item in reg.items:
            out[declaration_name(reg, item)] = (reg, item)
    return out


def _closure(graph: dict, start: str, memo: dict) -> frozenset:
    """Everything ``start`` depends on, directly or not (iterative, shared memo)."""
    if start in memo:
        return memo[start]
    seen, todo = set(), [start]
    while todo:
        for dep in graph.get(todo.pop(), ()):
            if dep not in seen:
                seen.add(dep)
                if dep in memo:
                    seen |= memo[dep]
                else:
                    todo.append(dep)
    memo[start] = frozenset(seen)
    return memo[start]


def _versions(item) -> list[str]:
    if isinstance(item, m.Parameter):
        return [f"vanaf {dutch_date(v.vanaf)}: {printer.literal(v.value)}"
                + (f" (tot {dutch_date(v.tot)})" if v.tot else "") for v in item.values]
    if isinstance(item, m.Table):
        return [f"vanaf {dutch_date(v.vanaf)}: {len(v.rows)} rijen" for v in item.versions]
    if isinstance(item, m.Definition) and not item.unversioned:
        return [("vanaf " + dutch_date(v.vanaf) if v.vanaf else "altijd")
                + (f" tot {dutch_date(v.tot)}" if v.tot else "") for v in item.versions]
    return []


def entries(program, day: dt.date | None = None) -> list[dict]:
    """One entry per declaration, sorted by regulation and name."""
    names = citations.law_names(program)
    decls = _declarations(program)
    graph = uses(program)
    used_by: dict[str, set] = {}
    for q, deps in graph.items():
        for dep in deps:
            used_by.setdefault(dep, set()).add(q)
    memo: dict = {}
    exercised: dict[str, list] = {}
    for reg in program.regulations.values():
        for number, example in enumerate(reg.examples, 1):
            reached = set()
            for exp in example.expectations:
                target = exp.name.dotted if "." in exp.name.dotted else f"{reg.name}.{exp.name.dotted}"
                reached |= {target} | _closure(graph, target, memo)
            for q in reached:
                exercised.setdefault(q, []).append((reg.name, number, example.title))
    out = []
    for q, (reg, item) in sorted(decls.items(), key=lambda x: (x[1][0].name, x[0])):
        type_ref = getattr(item, "type", None)
        users = set(used_by.get(q, ()))
        if isinstance(item, m.Variant) and item.concept in program.symbols:
            type_ref = program.symbols[item.concept].decl.type  # a variant has its concept's type
        if isinstance(item, m.Concept):
            users |= set(program.variants(item.name).values())
        cited = item.meta.citations
        out.append({
            "naam": q, "regeling": reg.name, "soort": kind(item),
            "type": printer._type(type_ref) if type_ref is not None else "",
            "tijdvak": program.tijdvakken.get(q) or "",
            "bron": citations.describe(cited, reg.bwb, names) if cited else "",
            "links": [citations.url(c.bwb or reg.bwb, day) + f"#Artikel{c.artikel}"
                      for c in cited if c.bwb or reg.bwb],
            "versies": _versions(item),
            "gebruikt": sorted(graph.get(q, ())),
            "gebruikt_door": sorted(users),
            "voorbeelden": sorted(exercised.get(q, ())),
            "anker": f"regulations/{reg.name}.html#{anchor(reg.name, item)}",
        })
    return out


_SCRIPT = """<script>
(function () {
  var field = document.getElementById('rs-filter');
  var rows = document.querySelectorAll('#rs-verkenner > li');
  var count = document.getElementById('rs-aantal');
  field.addEventListener('input', function () {
    var words = field.value.toLowerCase().split(/\\s+/).filter(Boolean), shown = 0;
    rows.forEach(function (row) {
      var text = row.getAttribute('data-zoek');
      var hit = words.every(function (w) { return text.indexOf(w) >= 0; });
      row.style.display = hit ? '' : 'none';
      shown += hit ? 1 : 0;
    });
    count.textContent = shown;
  });
})();
</script>"""


def _link_list(qualnames, by_name) -> str:
    return ", ".join(f'<a href="#rs-v-{html.escape(q)}">{html.escape(q)}</a>' if q in by_name
                     else html.escape(q) for q in qualnames) or "—"


def explorer_html(program, day: dt.date | None = None) -> str:
    """The explorer as an HTML fragment: a filter field and one list item per declaration."""
    items = entries(program, day)
    by_name = {e["naam"] for e in items}
    out = ['<p><input id="rs-filter" type="search" placeholder="zoek: naam, regeling, soort, '
           'artikel…" size="50"> <span id="rs-aantal">' + str(len(items)) + '</span> '
           'declaraties</p>', '<ul id="rs-verkenner" class="rs-verkenner">']
    for e in items:
        search = " ".join([e["naam"], e["regeling"], e["soort"], e["type"], e["tijdvak"],
                           e["bron"]]).lower()
        cases = "; ".join(f'<a href="regulations/{r}.html#rs-{r.replace("_", "-")}-voorbeeld-{n}">'
                          f"{html.escape(t)}</a>" for r, n, t in e["voorbeelden"]) or "—"
        bron = html.escape(e["bron"]) or "<em>geen bron</em>"
        if e["links"]:
            bron += " (" + ", ".join(f'<a href="{html.escape(u)}">{u.split("/")[2]}</a>'
                                     for u in dict.fromkeys(e["links"])) + ")"
        out.append(
            f'<li id="rs-v-{html.escape(e["naam"])}" data-zoek="{html.escape(search)}">'
            f'<a href="{html.escape(e["anker"])}"><code>{html.escape(e["naam"])}</code></a> '
            f'— {html.escape(e["soort"])}'
            + (f': <code>{html.escape(e["type"])}</code>' if e["type"] else "")
            + (f', tijdvak {html.escape(e["tijdvak"])}' if e["tijdvak"] else "")
            + f'<br>bron: {bron}'
            + (f'<br>versies: {html.escape("; ".join(e["versies"]))}' if e["versies"] else "")
            + f'<br>gebruikt: {_link_list(e["gebruikt"], by_name)}'
            + f'<br>gebruikt door: {_link_list(e["gebruikt_door"], by_name)}'
            + f'<br>voorbeelden: {cases}</li>')
    out.append("</ul>")
    out.append('<script type="application/json" id="rs-verkenner-data">'
               + json.dumps(items, ensure_ascii=False).replace("</", "<\\/") + "</script>")
    return "\n".join(out) + "\n" + _SCRIPT
