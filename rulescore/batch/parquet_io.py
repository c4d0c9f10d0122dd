"""A Parquet file of households into blocks of situations (with weights), and batch results
into Parquet rows, streaming: memory holds one block, whatever the file's size.

The household layout (docs/batch_parquet.rst argues it): one row per household, its
persons, dwellings and relations nested in it, so a block of rows is a block of whole
households and a row is exactly the JSON document ``rulescore evaluate`` reads:

``huishouden`` (text, optional: the row number), ``gewicht`` (number ≥ 0, optional: 1),
``huishoudtype`` (text, optional: the type reports group by),
``peildatum`` (date, optional), ``toelichting`` (text, optional),
``personen`` (list of struct: ``id`` text + one field per person input, + ``geen``: list of
text), ``woningen`` (list of struct: ``id`` + dwelling inputs), ``relaties`` (list of struct:
``soort``, ``personen`` list of two ids, + the relation's facts). A null field is a value
not given (as a key left out of the JSON).

The schema is checked once, before any row is read (RS390-RS392, with the column path and
a hint); then every row is checked as a JSON line is (the diagnostic's path names the row:
``populatie.parquet:rij 17 $.personen.p1.geboortedatum``), all rows before any is
evaluated, in a first streaming pass that keeps only the problems found.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Iterator

import attrs
import numpy as np

from rulescore import types as t
from rulescore.batch.io import Households
from rulescore.errors import Diagnostic, RulesError, suggest
from rulescore.program import Program
from rulescore.situation import Situation

#: households per block read, evaluated and written at once (bounded memory)
BLOCK_ROWS = 20_000
#: the columns of a household row besides the nested ones
_TOP = {"huishouden", "gewicht", "huishoudtype", "peildatum", "toelichting", "personen",
        "woningen", "relaties"}
_LAYOUT_HINT = ("één rij per huishouden: 'personen' is een lijst van structs met 'id' en de "
                "gegevens van de persoon (zie docs/batch_parquet.rst)")


@attrs.frozen
class Block(Households):
    """A block of valid households of a Parquet file: :class:`Households` with each row's
    household id and weight (``lines`` are the row numbers, from 1)."""

    ids: list = attrs.field(factory=list)
    weights: np.ndarray = attrs.field(factory=lambda: np.zeros(0))
    #: the ``huishoudtype`` of every row (None where the file has none)
    kinds: list = attrs.field(factory=list)


def is_parquet(path: str) -> bool:
    """Whether a file is to be read as Parquet: named ``*.parquet`` (then one that is not
    is RS390), or starting with Parquet's magic bytes ``PAR1`` whatever its name."""
    if path.lower().endswith((".parquet", ".pq")):
        return True
    try:
        with open(path, "rb") as f:
            return f.read(4) == b"PAR1"
    except OSError:
        return False


def _open(path: str):
    import pyarrow.lib
    import pyarrow.parquet as pq

    try:
        return pq.ParquetFile(path)
    except (pyarrow.lib.ArrowException, OSError) as exc:
        raise RulesError((Diagnostic("RS390", f"kan het Parquet-bestand niet lezen: {exc}",
                                     path=path, hint=_LAYOUT_HINT),)) from None


def check_schema(path: str, program: Program) -> None:
    """The file's columns against the layout and the program's inputs: every problem at
    once (RS390 missing or misshapen column, RS391 unknown column or field, RS392 a field
    whose type cannot hold the input's values)."""
    import pyarrow as pa

    schema = _open(path).schema_arrow
    inputs = program.inputs()
    errors = []

    def err(code, message, where, hint=None):
        errors.append(Diagnostic(code, message, path=f"{path}: kolom {where}", hint=hint))

    for name in schema.names:
        if name not in _TOP:
            err("RS391", f"onbekende kolom '{name}'", name,
                suggest(name, _TOP) or ", ".join(sorted(_TOP)))
    if "personen" not in schema.names:
        err("RS390", "de kolom 'personen' ontbreekt", "personen", _LAYOUT_HINT)
    owners = {"personen": ("persoon", {"id", "geen", "overlijdensdatum"}),
              "woningen": ("woning", {"id", "geen"}), "relaties": ("relatie", {"soort", "personen"})}
    for column, (owner, reserved) in owners.items():
        if column not in schema.names:
            continue
        typ = schema.field(column).type
        if not (pa.types.is_list(typ) or pa.types.is_large_list(typ)) \
                or not pa.types.is_struct(typ.value_type):
            err("RS390", f"'{column}' is {typ}, geen lijst van structs", column, _LAYOUT_HINT)
            continue
        fields = {f.name: f.type for f in typ.value_type}
        key = "soort" if owner == "relatie" else "id"
        if key not in fields:
            err("RS390", f"de structs van '{column}' hebben geen veld '{key}'",
                f"{column}.{key}", _LAYOUT_HINT)
        known = {n: s for n, s in inputs.items() if s.decl.owner == owner}
        for field, ftype in fields.items():
            where = f"{column}.{field}"
            if field in reserved:
                continue
            if field not in known:
                err("RS391", f"onbekend gegeven '{field}' van een {owner}", where,
                    suggest(field, known) or f"'rulescore inputs' noemt de gegevens")
            elif (want := _accepts(known[field].type, ftype)) is not None:
                err("RS392", f"'{field}' is {known[field].type.describe()}, de kolom is "
                             f"{ftype}", where, f"schrijf de kolom als {want}")
    if "gewicht" in schema.names and not _numeric(schema.field("gewicht").type):
        err("RS392", f"'gewicht' is een getal, de kolom is {schema.field('gewicht').type}",
            "gewicht", "schrijf de kolom als double")
    if errors:
        raise RulesError(tuple(errors))


def _numeric(typ) -> bool:
    import pyarrow as pa

    return pa.types.is_integer(typ) or pa.types.is_floating(typ) or pa.types.is_decimal(typ)


def _accepts(typ: t.Type, arrow) -> str | None:
    """None if an Arrow column of type ``arrow`` can hold values of ``typ``, else what to
    write instead (text is always accepted: the loader reads it as JSON text)."""
    import pyarrow as pa

    if pa.types.is_string(arrow) or pa.types.is_large_string(arrow) or pa.types.is_null(arrow):
        return None
    if typ.kind == "getal":
        return None if _numeric(arrow) else "decimal128 (bedragen exact), int64 of double"
    if typ.kind == "datum":
        return None if pa.types.is_date(arrow) else "date32"
    if typ.kind == "ja/nee":
        return None if pa.types.is_boolean(arrow) else "bool"
    return "string"


def blocks(path: str, program: Program, date: dt.date | None,
           rows: int = BLOCK_ROWS) -> Iterator[Block]:
    """The households of a Parquet file, block by block, each situation as that date's
    snapshot; ``date`` None: the one peildatum all rows share. Every row is checked here,
    in a first pass; raises :class:`RulesError` with every bad row before returning."""
    check_schema(path, program)
    small = count(path) <= rows  # one block: kept from the first pass, not read twice
    first_pass, kept = _validate(path, program, rows, keep=small)
    date = date or _shared_date(first_pass, path)
    return (attrs.evolve(b, situations=[s.at(date) for s in b.situations], date=date)
            for b in (kept if small else _read(path, program, rows)))


def checked_date(path: str, program: Program, date: dt.date | None,
                 rows: int = BLOCK_ROWS) -> dt.date:
    """The first pass of :func:`blocks` alone: every row checked (raises as it does), and
    the peildatum of the run (``date``, or the one all rows share)."""
    check_schema(path, program)
    first_pass, _ = _validate(path, program, rows)
    return date or _shared_date(first_pass, path)


def block_bounds(path: str, rows: int = BLOCK_ROWS) -> list[tuple[int, int]]:
    """The rows ``[start, stop)`` (from 0) of each block :func:`blocks` yields."""
    n = count(path)
    return [(start, min(start + rows, n)) for start in range(0, n, rows)]


def read_block(path: str, program: Program, date: dt.date, start: int, stop: int) -> Block:
    """Rows ``[start, stop)`` of a file :func:`checked_date` passed, as the block
    :func:`blocks` yields for them (on ``date``), reading only the row groups they are in."""
    file = _open(path)
    groups, offset, first = [], 0, None
    for g in range(file.metadata.num_row_groups):
        size = file.metadata.row_group(g).num_rows
        if offset < stop and offset + size > start:
            groups.append(g)
            first = offset if first is None else first
        offset += size
    table = file.read_row_groups(groups).slice(start - first, stop - start)
    situations, numbers, ids, weights, kinds = [], [], [], [], []
    for number, raw in enumerate(table.to_pylist(), start + 1):
        situation, (hid, weight) = _household(raw, number, program, path)
        situations.append(situation.at(date))
        numbers.append(number)
        ids.append(hid)
        weights.append(weight)
        kinds.append(raw.get("huishoudtype"))
    return Block(situations, numbers, date, ids, np.array(weights, dtype=np.float64), kinds)


def count(path: str) -> int:
    """The number of households (rows), from the file's footer."""
    return _open(path).metadata.num_rows


def _validate(path: str, program: Program, rows: int, keep: bool = False):
    """Every row checked, nothing kept but the problems and the peildatums (date → first
    row) — and with ``keep`` (a file of one block) the block itself; raises with every
    problem found."""
    errors, dates, kept = [], {}, ([], [], [], [], [])
    for number, raw in _rows(path, rows):
        try:
            situation, (hid, weight) = _household(raw, number, program, path)
        except RulesError as exc:
            errors.extend(exc.diagnostics)
            continue
        dates.setdefault(situation.peildatum, number)
        if keep:
            for column, value in zip(kept, (situation, number, hid, weight,
                                            raw.get("huishoudtype"))):
                column.append(value)
    if errors:
        raise RulesError(tuple(errors))
    if not dates:
        raise RulesError((Diagnostic("RS332", "geen huishoudens: het bestand heeft geen rijen",
                                     path=path, hint=_LAYOUT_HINT),))
    situations, numbers, ids, weights, kinds = kept
    block = Block(situations, numbers, None, ids, np.array(weights, dtype=np.float64), kinds)
    return dates, [block] if keep else []


def _shared_date(dates: dict, path: str) -> dt.date:
    if len(dates) == 1 and None not in dates:
        return next(iter(dates))
    found = ", ".join(f"{d or 'geen'} (rij {n})" for d, n in dates.items())
    raise RulesError((Diagnostic(
        "RS333", f"de huishoudens hebben niet één peildatum: {found}", path=path,
        hint="geef --datum JJJJ-MM-DD, of zet dezelfde 'peildatum' in elke rij"),))


def _read(path: str, program: Program, rows: int) -> Iterator[Block]:
    situations, numbers, ids, weights, kinds = [], [], [], [], []
    for number, raw in _rows(path, rows):
        situation, (hid, weight) = _household(raw, number, program, path)
        situations.append(situation)
        numbers.append(number)
        ids.append(hid)
        weights.append(weight)
        kinds.append(raw.get("huishoudtype"))
        if len(situations) == rows:
            yield Block(situations, numbers, None, ids, np.array(weights, dtype=np.float64),
                        kinds)
            situations, numbers, ids, weights, kinds = [], [], [], [], []
    if situations:
        yield Block(situations, numbers, None, ids, np.array(weights, dtype=np.float64), kinds)


def _rows(path: str, rows: int) -> Iterator[tuple[int, dict]]:
    number = 0
    for batch in _open(path).iter_batches(batch_size=rows):
        for raw in batch.to_pylist():
            number += 1
            yield number, raw


def _household(raw: dict, number: int, program: Program, path: str):
    """One row as a situation and (household id, weight), or RulesError naming the row."""
    where = f"{path}:rij {number}"
    problems = []
    weight = raw.get("gewicht")
    if weight is None:
        weight = 1.0
    elif not (float(weight) >= 0 and np.isfinite(float(weight))):
        problems.append(Diagnostic("RS393", f"gewicht {weight} is geen getal van 0 of meer",
                                   path=f"{where} $.gewicht",
                                   hint="het gewicht is het aantal huishoudens dat deze rij "
                                        "vertegenwoordigt"))
    hid = raw.get("huishouden")
    hid = str(number) if hid is None else str(hid)
    try:
        situation = Situation.from_dict(document(raw), program)
    except RulesError as exc:
        problems.extend(attrs.evolve(d, path=f"{where} {d.path or '$'}")
                        for d in exc.diagnostics)
    if problems:
        raise RulesError(tuple(problems))
    return situation, (hid, float(weight))


def document(raw: dict) -> dict:
    """A Parquet row as the JSON document of its situation (nulls left out, dates as
    text, decimals kept exact)."""
    doc = {}
    for key in ("peildatum", "toelichting"):
        if raw.get(key) is not None:
            doc[key] = _json(raw[key])
    doc["personen"] = _keyed(raw.get("personen"), "personen")
    if raw.get("woningen") is not None:
        doc["woningen"] = _keyed(raw["woningen"], "woningen")
    if raw.get("relaties") is not None:
        doc["relaties"] = [{k: _json(v) for k, v in rel.items() if v is not None}
                           for rel in raw["relaties"]]
    return doc


def _keyed(items, column: str):
    if items is None:
        return None
    out = {}
    for item in items:
        facts = {k: _json(v) for k, v in item.items() if v is not None and k != "id"}
        key = item.get("id")
        out[str(key) if key is not None else f"(rij zonder id {len(out) + 1})"] = facts
    return out


def _json(v):
    if isinstance(v, dt.date):
        return v.isoformat()
    if isinstance(v, list):
        return [_json(x) for x in v]
    if isinstance(v, float):
        return Decimal(repr(v))  # the shortest decimal of the double, as JSON would read it
    return v



def arrow_schema(program: Program):
    """The Arrow schema of a households file for ``program``'s inputs: amounts as
    decimal128(18, 2), other numbers as double, dates as date32, ja/nee as bool, the rest
    as text; relations carry the facts of every relation kind."""
    import pyarrow as pa

    def arrow(typ: t.Type):
        if typ.kind == "getal":
            return pa.decimal128(18, 2) if typ.display == "bedrag" else pa.float64()
        return {"datum": pa.date32(), "ja/nee": pa.bool_()}.get(typ.kind, pa.string())

    inputs = sorted(program.inputs().items())

    def owned(owner):
        return [pa.field(n, arrow(s.type)) for n, s in inputs if s.decl.owner == owner]

    person = pa.struct([pa.field("id", pa.string()), *owned("persoon"),
                        pa.field("overlijdensdatum", pa.date32()),
                        pa.field("geen", pa.list_(pa.string()))])
    dwelling = pa.struct([pa.field("id", pa.string()), *owned("woning")])
    relation = pa.struct([pa.field("soort", pa.string()),
                          pa.field("personen", pa.list_(pa.string())), *owned("relatie")])
    return pa.schema([pa.field("huishouden", pa.string()), pa.field("gewicht", pa.float64()),
                      pa.field("huishoudtype", pa.string()),
                      pa.field("peildatum", pa.date32()), pa.field("personen", pa.list_(person)),
                      pa.field("woningen", pa.list_(dwelling)),
                      pa.field("relaties", pa.list_(relation))])


def households_table(documents: list, program: Program, ids: list, weights, kinds=None):
    """Situation documents (as ``rulescore evaluate`` reads them, plain values only) as an
    Arrow table in the layout above; amounts exact (a Dutch "4.200,00" becomes 4200.00)."""
    import pyarrow as pa

    from rulescore.situation import parse_number

    schema = arrow_schema(program)
    inputs = program.inputs()

    def typed(name, v):
        sym = inputs.get(name)
        if sym is None or v is None:
            return v
        if sym.type.kind == "datum" and isinstance(v, str):
            return dt.date.fromisoformat(v)
        if sym.type.kind == "getal":
            x = parse_number(v)
            if sym.type.display != "bedrag":
                return float(x)
            if (x * 100).denominator != 1:
                raise ValueError(f"'{name}' = {v}: een bedrag in Parquet is in hele centen")
            return Decimal(int(x * 100)).scaleb(-2)
        return v

    rows = []
    for doc, hid, weight, kind in zip(documents, ids, weights, kinds or [None] * len(ids)):
        peil = doc.get("peildatum")
        rows.append({
            "huishouden": str(hid), "gewicht": float(weight), "huishoudtype": kind,
            "peildatum": dt.date.fromisoformat(peil) if peil else None,
            "personen": [{"id": pid, **{k: typed(k, v) for k, v in facts.items()}}
                         for pid, facts in doc["personen"].items()],
            "woningen": [{"id": wid, **{k: typed(k, v) for k, v in facts.items()}}
                         for wid, facts in doc.get("woningen", {}).items()],
            "relaties": [{k: typed(k, v) for k, v in rel.items()}
                         for rel in doc.get("relaties", [])]})
    return pa.Table.from_pylist(rows, schema=schema)
