// The rulescore page: a household in, its outcomes, explanations and concepts out.
// Every text from the server is set with textContent, never as HTML.
"use strict";

const $ = (id) => document.getElementById(id);
let last = null;          // the last evaluation's JSON
let lastQuery = "";       // its query string (the peildatum)

function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (k === "class") node.className = v; else node.setAttribute(k, v);
  }
  for (const c of children) {
    if (c !== null && c !== undefined) node.append(c instanceof Node ? c : String(c));
  }
  return node;
}

function query() {
  const d = $("datum").value;
  return d ? "?datum=" + encodeURIComponent(d) : "";
}

async function post(path, extra) {
  const sep = path.includes("?") ? "&" : "?";
  const q = query();
  const url = path + (q ? (path.includes("?") ? "&" + q.slice(1) : q) : "") + (extra ? sep + extra : "");
  const response = await fetch(url, {method: "POST", headers: {"Content-Type": "application/json"},
                                     body: $("situatie").value});
  const body = await response.json();
  if (!response.ok) { showErrors(body); return null; }
  $("fouten").hidden = true;
  return body;
}

function showErrors(body) {
  const list = $("foutenlijst");
  list.replaceChildren();
  for (const f of (body.fouten || [])) {
    list.append(el("pre", {class: "fout", "data-code": f.code}, f.weergave || (f.code + ": " + f.bericht)));
  }
  $("fouten").hidden = false;
}

function isZero(entry) {
  return entry.waarde === "0" || entry.waarde === false || entry.waarde === null;
}

function showResult(result) {
  last = result;
  lastQuery = query();
  $("peildatum").textContent = "op " + result.peildatum;
  const summary = $("samenvatting");
  summary.replaceChildren();
  for (const [address, h] of Object.entries(result.huishoudens || {})) {
    const income = h.besteedbaar_inkomen_per_maand;
    const block = el("div", {class: "huishouden", "data-adres": address},
                     el("h3", {}, "Woning " + address + ": " + h.personen.join(", ")));
    if (income) {
      block.append(el("p", {class: "totaal", "data-totaal": address},
                      "Besteedbaar inkomen van het huishouden: " + income.weergave));
    }
    summary.append(block);
  }
  renderPersons();
  $("uitkomst").hidden = false;
}

function renderPersons() {
  const all = $("toon-alles").checked;
  const box = $("personen");
  box.replaceChildren();
  for (const [person, regs] of Object.entries(last.personen)) {
    const table = el("table", {"data-persoon": person},
                     el("caption", {}, person),
                     el("tr", {}, el("th", {}, "regeling"), el("th", {}, "uitkomst"),
                        el("th", {}, "bedrag"), el("th", {}, "per maand")));
    let shown = 0;
    for (const [reg, outcomes] of Object.entries(regs)) {
      for (const [name, entry] of Object.entries(outcomes)) {
        if (!all && isZero(entry)) continue;
        const button = el("button", {type: "button", class: "waarde", "data-naam": name,
                                     title: "waarom? klik voor de uitleg"}, entry.weergave);
        button.addEventListener("click", () => explain(name, person));
        table.append(el("tr", {}, el("td", {}, reg), el("td", {}, name.split(".").pop()),
                        el("td", {class: "bedrag"}, button),
                        el("td", {class: "bedrag"}, entry.per_maand_weergave || "")));
        shown += 1;
      }
    }
    if (shown === 0) table.append(el("tr", {}, el("td", {colspan: "4"}, "geen bedragen (vink 'toon ook' aan)")));
    box.append(table);
  }
}

async function explain(name, person) {
  const graph = await post("/explain", "naam=" + encodeURIComponent(name) + "&persoon=" + encodeURIComponent(person));
  if (!graph) return;
  $("uitleg-kop").textContent = name + " voor " + person;
  const reason = await post("/waarom", "naam=" + encodeURIComponent(name) + "&persoon=" + encodeURIComponent(person));
  $("waarom").textContent = reason ? reason.tekst : "";
  const tree = $("uitleg-boom");
  tree.replaceChildren(nodeList(graph, graph.wortels, 2));
  $("uitleg").hidden = false;
  $("uitleg").scrollIntoView({behavior: "smooth"});
}

function nodeList(graph, ids, open) {
  const list = el("ul", {class: "boom"});
  for (const id of ids) list.append(nodeItem(graph, id, open));
  return list;
}

function nodeItem(graph, id, open) {
  const n = graph.knopen[id];
  const head = el("div", {class: "knoop-kop"},
                  el("span", {class: "naam"}, n.naam + (n.persoon ? " [" + n.persoon + "]" : "")),
                  (n.periode ? " in " + n.periode : ""), " = ", el("span", {class: "knoop-waarde"}, n.waarde));
  const item = el("li", {"data-knoop": id}, head);
  const details = el("div", {class: "knoop-details"});
  for (const b of (n.bronnen || [])) {
    const text = b.wet + " artikel " + b.artikel + (b.lid ? " lid " + b.lid : "");
    details.append(el("div", {}, "bron: ", b.url ? el("a", {href: b.url, target: "_blank", rel: "noopener"}, text) : text));
  }
  if (!(n.bronnen || []).length && n.bron) details.append(el("div", {}, "bron: " + n.bron));
  if (n.formule) details.append(el("div", {class: "formule"}, "= " + n.formule));
  if (n.toelichting) details.append(el("div", {}, n.toelichting));
  for (const a of (n.aannames || [])) details.append(el("div", {}, "aanname: " + a));
  if (n.versie) details.append(el("div", {}, "versie: " + n.versie));
  item.append(details);
  const uses = n.gebruikt || [];
  if (uses.length) {
    let children = null;
    const toggle = () => {
      if (children) { children.hidden = !children.hidden; return; }
      children = nodeList(graph, uses, open - 1);
      item.append(children);
    };
    head.addEventListener("click", toggle);
    head.title = uses.length + " gebruikte waarde(n): klik om te tonen of te verbergen";
    if (open > 0) toggle();
  }
  return item;
}

async function concepts() {
  const report = await post("/concepts");
  if (!report) return;
  const box = $("begrippen-lijst");
  box.replaceChildren();
  for (const [concept, info] of Object.entries(report.begrippen)) {
    const variants = Object.keys(info.varianten);
    const table = el("table", {"data-begrip": concept}, el("caption", {}, concept),
                     el("tr", {}, el("th", {}, "persoon"), ...variants.map((v) => el("th", {}, v))));
    const persons = Object.keys(info.varianten[variants[0]] || {});
    for (const p of persons) {
      table.append(el("tr", {}, el("td", {}, p), ...variants.map((v) => el("td", {}, info.varianten[v][p]))));
    }
    box.append(table);
    box.append(el("p", {class: "hint"}, "gebruik: " + Object.entries(info.gebruik).map(([r, v]) => r + " → " + v).join(", ")));
  }
  $("begrippen-uitkomst").hidden = false;
}

$("voorbeeld").addEventListener("click", async () => {
  const response = await fetch("/voorbeeld");
  if (!response.ok) { showErrors(await response.json()); return; }
  $("situatie").value = await response.text();
});
$("bestand").addEventListener("change", async (event) => {
  const file = event.target.files[0];
  if (file) $("situatie").value = await file.text();
});
$("bereken").addEventListener("click", async () => {
  const result = await post("/evaluate");
  if (result) showResult(result);
});
$("begrippen").addEventListener("click", concepts);
$("toon-alles").addEventListener("change", () => { if (last) renderPersons(); });
