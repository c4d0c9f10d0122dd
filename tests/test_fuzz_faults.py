"""Fuzzing faults and hostile text: signals at any stage of a batch run, ids of any text.

Two families, with the example count of :mod:`tests.test_fuzz`
(``RULESCORE_FUZZ_EXAMPLES``):

* signals during ``rulescore batch``: SIGTERM, SIGINT or SIGHUP — real signals, sent to
  this process — at a drawn stage (building the population, evaluating, waiting for the
  workers, after a drawn number of CSV rows, while syncing, just after renaming), with or
  without an existing ``--uitvoer``, one or two workers. The run must exit with 128 + the
  signal's number and RS371, leave the target exactly as it was (or, for a signal just
  after the rename, complete, and say so), leave no other file and no worker process behind.
* hostile ids: any text (controls, escapes, bidi, markup, formulas, any script) as a
  person id must reach the table, the explanation, the JSON and the CSV as data: no
  hidden character on the terminal, JSON that reads back to the same id, a CSV cell that
  no spreadsheet reads as a formula; and the rendering helpers hold for any text.
"""

import csv
import io
import json
import multiprocessing
import multiprocessing.connection
import os
import signal
import tempfile
from pathlib import Path

from click.testing import CliRunner
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from rich.console import Console

import rulescore.cli
from rulescore.batch import io as batch_io, run as batch
from rulescore.cli import main
from rulescore.plugins import load_program
from rulescore.terminal import _HIDDEN, cell, csv_text, fit, json_text, visible

PROGRAM = load_program()
EXAMPLE = json.loads((Path(__file__).parents[1] / "examples" / "huishouden.json")
                     .read_text(encoding="utf-8"))
EXAMPLES = int(os.environ.get("RULESCORE_FUZZ_EXAMPLES", "150"))
FUZZ = settings(max_examples=EXAMPLES, deadline=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])


def _program(rules=(), scenario=None):
    assert not rules and scenario is None
    return PROGRAM


def _invoke(monkeypatch, *args):
    monkeypatch.setattr(rulescore.cli, "_program", _program)  # loaded once, not per example
    return CliRunner().invoke(main, [str(a) for a in args], env={"COLUMNS": "250"})


def _household(ids=("sara", "noor", "ruben")) -> dict:
    doc = json.loads(json.dumps(EXAMPLE))
    doc.pop("toelichting")
    rename = dict(zip(("sara", "noor", "ruben"), ids))
    doc["personen"] = {rename[k]: v for k, v in doc["personen"].items()}
    for rel in doc["relaties"]:
        rel["personen"] = [rename[p] for p in rel["personen"]]
    return doc


def _shows_nothing_hidden(text: str) -> bool:
    return not _HIDDEN.search(text.replace("\n", ""))


# --- signals during batch ---------------------------------------------------------------

STAGES = ("populatie", "evaluatie", "werkers", "rij", "fsync", "hernoemen")


class _Cut:
    """The CSV output, which receives ``sig`` once ``rows`` rows were written."""

    def __init__(self, out, rows: int, sig: int):
        self.out, self.rows, self.sig = out, rows, sig

    def write(self, text):
        n = self.out.write(text)
        self.rows -= 1
        if self.rows == 0:
            os.kill(os.getpid(), self.sig)
        return n


@FUZZ
@given(stage=st.sampled_from(STAGES), sig=st.sampled_from([signal.SIGTERM, signal.SIGINT,
                                                          signal.SIGHUP]),
       rows=st.integers(1, 16), existing=st.booleans(), n=st.integers(1, 5),
       workers=st.integers(1, 2))
def test_a_signal_at_any_stage_leaves_no_output_that_looks_complete(monkeypatch, stage, sig, rows,
                                                                      existing, n, workers):
    assume(stage != "werkers" or (workers == 2 and n >= 4))  # only then are there workers
    assume(stage != "rij" or rows <= 3 * n + 1)  # a header and three persons per household
    kill = lambda *a: os.kill(os.getpid(), sig)  # noqa: E731
    with tempfile.TemporaryDirectory() as folder, monkeypatch.context() as patch:
        folder = Path(folder)
        households = folder / "h.jsonl"
        households.write_text((json.dumps(_household()) + "\n") * n, encoding="utf-8")
        target = folder / "uit.csv"
        if existing:
            target.write_bytes(b"oud\n")
        if stage == "populatie":
            real_pop = batch_io.Population.from_situations
            patch.setattr(batch_io.Population, "from_situations",
                          lambda *a: (kill(), real_pop(*a))[1])
        elif stage == "evaluatie":
            real_eval = batch.evaluate_batch
            patch.setattr(batch, "evaluate_batch", lambda *a, **k: (kill(), real_eval(*a, **k))[1])
        elif stage == "werkers":
            real_wait = multiprocessing.connection.wait
            patch.setattr(multiprocessing.connection, "wait",
                          lambda *a, **k: (kill(), real_wait(*a, **k))[1])
        elif stage == "rij":
            real_write = batch_io.write_csv
            patch.setattr(batch_io, "write_csv",
                          lambda out, *rest: real_write(_Cut(out, rows, sig), *rest))
        elif stage == "fsync":
            real_fsync = os.fsync
            patch.setattr(os, "fsync", lambda fd: (kill(), real_fsync(fd))[1])
        else:
            real_replace = os.replace
            patch.setattr(os, "replace", lambda *a: (real_replace(*a), kill())[0])
        res = _invoke(patch, "batch", households, "--workers", workers, "--uitvoer", target)
        left = sorted(p.name for p in folder.iterdir())
        after = target.read_bytes() if target.exists() else None
    assert res.exit_code == 128 + sig, res.output
    assert "RS371" in res.output and "Traceback" not in res.output
    assert left == sorted(["h.jsonl"] + (["uit.csv"] if existing or after is not None else []))
    if stage == "hernoemen":  # the signal came just after the rename: the file is complete
        assert after is not None and after.startswith(b"regel,persoon,")
        assert after.count(b"\n") == 3 * n + 1 and "compleet" in res.output
    else:
        assert after == (b"oud\n" if existing else None)
    assert not multiprocessing.active_children()


# --- hostile ids ------------------------------------------------------------------------

#: any text, weighted towards what terminals, rich and spreadsheets act on
HOSTILE = st.text(st.one_of(
    st.characters(codec="utf-8"),
    st.sampled_from(["\x1b", "\x07", "\x9b", "\x9d", "\u202e", "\u2066", "\u200b", "\ufeff",
                     "[", "]", "/", "=", "+", "-", "@", "\t", "\r", "\n", "'", '"', ",",
                     "€", "é", "山", "\\"])), min_size=1, max_size=24)


@FUZZ
@given(HOSTILE)
def test_rendering_helpers_hold_for_any_text(text):
    assert _shows_nothing_hidden(visible(text))
    assert not csv_text(text).startswith(("=", "+", "-", "@", "\t", "\r"))
    doc = json.dumps({"id": text}, ensure_ascii=False)
    for encoding in ("utf-8", "ascii", "latin-1"):
        safe = json_text(doc, encoding)
        safe.encode(encoding)
        assert not _HIDDEN.search(safe)
        assert json.loads(safe) == {"id": text}
        fit(text, encoding).encode(encoding)
    out = io.StringIO()
    Console(file=out, width=60, highlight=False).print(cell(text))
    assert _shows_nothing_hidden(out.getvalue())


@FUZZ
@given(HOSTILE)
def test_any_person_id_reaches_every_output_as_data(monkeypatch, person):
    assume(person not in ("noor", "ruben"))
    doc = _household((person, "noor", "ruben"))
    with tempfile.TemporaryDirectory() as folder:
        situation = Path(folder) / "s.json"
        situation.write_text(json.dumps(doc), encoding="utf-8")
        households = Path(folder) / "h.jsonl"
        households.write_text(json.dumps(doc) + "\n", encoding="utf-8")
        table = _invoke(monkeypatch, "evaluate", situation)
        as_json = _invoke(monkeypatch, "evaluate", situation, "--format", "json")
        explained = _invoke(monkeypatch, "explain", situation, "participatiewet.algemene_bijstand",
                            f"--persoon={person}")
        rows = _invoke(monkeypatch, "batch", households)
    for res in (table, as_json, explained, rows):
        assert res.exit_code == 0, res.output
        assert _shows_nothing_hidden(res.output)
    if len(visible(person)) <= 40:  # a longer title may be wrapped
        assert f"{visible(person)} op 2026-03-01" in table.output
    assert f"[{visible(person)}] = " in explained.output
    assert person in json.loads(as_json.output)["personen"]
    ids = [r[1] for r in csv.reader(io.StringIO(rows.output))][1:]
    assert csv_text(person) in ids
    assert not any(i.startswith(("=", "+", "-", "@")) for i in ids)
