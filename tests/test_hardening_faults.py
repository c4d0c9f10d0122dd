"""Faults in batch runs and hostile text in output (hardening issue §2 and §4).

Batch output is atomic: a signal, a full disk, a crash or ``kill -9`` never leaves a CSV
that looks complete, nor touches an existing ``--uitvoer``. A killed worker is detected.
Person ids are data: never rich markup, never control sequences on the terminal, never
a spreadsheet formula; a terminal that is not UTF-8 gets replacements, not a traceback.

Runs that signal, kill or limit a process happen in a subprocess with a timeout, so a
regression fails the test instead of hanging it.
"""

import csv
import io
import json
import os
import resource
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from rulescore.batch import io as batch_io
from rulescore.cli import main
from rulescore.terminal import csv_text, fit, json_text, visible

EXAMPLE = Path(__file__).parents[1] / "examples" / "huishouden.json"
OLD = "dit was de vorige uitvoer\n"

#: ids that are markup, an ANSI colour, an OSC 8 hyperlink, a bidi override, a C1 CSI
#: control, a spreadsheet formula and a newline
BOLD = "[/bold]"
ANSI = "\x1b[31mrood\x1b[0m"
LINK = "\x1b]8;;http://aanval.example\x07klik\x1b]8;;\x07"
BIDI = "anna\u202egpj.exe"
CSI = "c1\x9b2J"
FORMULA = '=HYPERLINK("http://aanval.example","x")'
NEWLINE = "twee\nregels"


def _hostile_situation(ids=(BOLD, ANSI, LINK)) -> dict:
    """The example household with its three persons renamed to ``ids``."""
    doc = json.loads(EXAMPLE.read_text(encoding="utf-8"))
    rename = dict(zip(("sara", "noor", "ruben"), ids))
    doc["personen"] = {rename[k]: v for k, v in doc["personen"].items()}
    for rel in doc["relaties"]:
        rel["personen"] = [rename[p] for p in rel["personen"]]
    return doc


def _households(tmp_path, n: int, doc=None) -> Path:
    doc = doc or json.loads(EXAMPLE.read_text(encoding="utf-8"))
    doc.pop("toelichting", None)
    path = tmp_path / "huishoudens.jsonl"
    path.write_text((json.dumps(doc) + "\n") * n, encoding="utf-8")
    return path


def invoke(*args):
    return CliRunner().invoke(main, [str(a) for a in args], env={"COLUMNS": "250"})


def _script(patch: str, args) -> list[str]:
    """A Python command that applies ``patch`` to rulescore and then runs the CLI."""
    body = textwrap.dedent("""
        import os, signal, sys, time
        from rulescore.batch import io as batch_io, run as batch
        from rulescore.cli import main
    """) + textwrap.dedent(patch) + textwrap.dedent(f"""
        sys.argv = ["rulescore", *{[str(a) for a in args]!r}]
        main()
    """)
    return [sys.executable, "-c", body]


def _env(**extra):
    env = dict(os.environ, RULESCORE_CACHE_DIR="", PYTHONDONTWRITEBYTECODE="1", COLUMNS="200")
    env.update(extra)
    return env


def _run(patch: str, args, timeout=180, **kwargs):
    return subprocess.run(_script(patch, args), capture_output=True, text=True,
                          timeout=timeout, env=_env(), **kwargs)


#: wraps the output so that the signal arrives after three CSV rows were written
SIGNAL_WHILE_WRITING = """
    class Cut:
        def __init__(self, out):
            self.out, self.rows = out, 0
        def write(self, text):
            self.out.write(text)
            self.rows += 1
            if self.rows == 3:
                self.out.flush()
                os.kill(os.getpid(), signal.{sig})
                time.sleep(5)  # a handled signal interrupts this; SIGKILL ends the process
            return len(text)
    real = batch_io.write_csv
    batch_io.write_csv = lambda out, *rest: real(Cut(out), *rest)
"""


def _leftovers(folder: Path, keep) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name not in keep)


# --- atomic output ----------------------------------------------------------------------


@pytest.mark.parametrize("sig, code", [("SIGTERM", 143), ("SIGINT", 130), ("SIGHUP", 129)])
def test_a_signal_while_writing_leaves_the_existing_output_untouched(tmp_path, sig, code):
    households = _households(tmp_path, 20)
    target = tmp_path / "uit.csv"
    target.write_text(OLD)
    res = _run(SIGNAL_WHILE_WRITING.format(sig=sig), ["batch", households, "--uitvoer", target])
    assert res.returncode == code, res.stderr
    assert "RS371" in res.stderr and sig in res.stderr and "Traceback" not in res.stderr
    assert target.read_text() == OLD
    assert _leftovers(tmp_path, {"uit.csv", "huishoudens.jsonl"}) == []


def test_a_signal_while_writing_to_stdout_is_reported_as_incomplete(tmp_path):
    households = _households(tmp_path, 20)
    res = _run(SIGNAL_WHILE_WRITING.format(sig="SIGTERM"), ["batch", households])
    assert res.returncode == 143
    assert "RS371" in res.stderr and "onvolledig" in res.stderr


def test_kill_9_while_writing_leaves_the_target_and_a_clearly_temporary_file(tmp_path):
    households = _households(tmp_path, 20)
    target = tmp_path / "uit.csv"
    target.write_text(OLD)
    res = _run(SIGNAL_WHILE_WRITING.format(sig="SIGKILL"),
               ["batch", households, "--uitvoer", target])
    assert res.returncode == -signal.SIGKILL
    assert target.read_text() == OLD
    left = _leftovers(tmp_path, {"uit.csv", "huishoudens.jsonl"})
    assert len(left) == 1 and left[0].startswith("uit.csv.onvolledig-")
    assert not left[0].endswith(".csv")


def test_a_crash_during_the_run_keeps_the_existing_output(tmp_path):
    """Was: the output was opened (and emptied) before the run, so a crash left 0 bytes."""
    households = _households(tmp_path, 4)
    target = tmp_path / "uit.csv"
    target.write_text(OLD)
    patch = """
        def broken(*args, **kwargs):
            raise RuntimeError("interne fout")
        batch.evaluate_batch = broken
    """
    res = _run(patch, ["batch", households, "--uitvoer", target])
    assert res.returncode == 1
    assert "RuntimeError: interne fout" in res.stderr  # an internal error keeps its traceback
    assert target.read_text() == OLD
    assert _leftovers(tmp_path, {"uit.csv", "huishoudens.jsonl"}) == []


def test_a_full_disk_is_a_located_diagnostic_and_the_target_is_untouched(tmp_path):
    """A real EFBIG from the operating system: the file size limit is below the CSV's size."""
    households = _households(tmp_path, 20)
    target = tmp_path / "uit.csv"
    target.write_text(OLD)

    def limit():
        resource.setrlimit(resource.RLIMIT_FSIZE, (4096, 4096))

    res = subprocess.run(_script("", ["batch", households, "--uitvoer", target]),
                         capture_output=True, text=True, timeout=180, env=_env(), preexec_fn=limit)
    assert res.returncode == 1, res.stderr
    assert f"{target}: fout RS370" in res.stderr and "niet gewijzigd" in res.stderr
    assert "Traceback" not in res.stderr
    assert target.read_text() == OLD
    assert _leftovers(tmp_path, {"uit.csv", "huishoudens.jsonl"}) == []


def test_a_full_disk_on_stdout_is_a_diagnostic_not_a_traceback(tmp_path):
    households = _households(tmp_path, 2)
    with open("/dev/full", "w") as full:
        res = subprocess.run(_script("", ["batch", households]), stdout=full,
                             stderr=subprocess.PIPE, text=True, timeout=180, env=_env())
    assert res.returncode == 1
    assert "standaarduitvoer: fout RS370" in res.stderr and "onvolledig" in res.stderr
    assert "Traceback" not in res.stderr and "Exception ignored" not in res.stderr


def test_output_equal_to_the_input_is_a_usage_error_before_the_run(tmp_path):
    households = _households(tmp_path, 2)
    original = households.read_bytes()
    (tmp_path / "link.csv").symlink_to(households)
    os.link(households, tmp_path / "hard.csv")
    for output in (households, tmp_path / "link.csv", tmp_path / "hard.csv",
                   tmp_path / ".." / tmp_path.name / households.name):
        res = invoke("batch", households, "--uitvoer", output)
        assert res.exit_code == 2, res.output
        assert "invoerbestand" in res.output
        assert households.read_bytes() == original


def test_output_through_a_symlink_replaces_the_file_it_points_to(tmp_path):
    households = _households(tmp_path, 2)
    real = tmp_path / "echt.csv"
    real.write_text(OLD)
    real.chmod(0o640)
    (tmp_path / "uit.csv").symlink_to(real)
    res = invoke("batch", households, "--uitvoer", tmp_path / "uit.csv")
    assert res.exit_code == 0, res.output
    assert (tmp_path / "uit.csv").is_symlink()
    assert real.read_text().startswith("regel,persoon,")
    assert real.stat().st_mode & 0o777 == 0o640


# --- lost workers -----------------------------------------------------------------------


def test_a_worker_killed_with_sigkill_is_reported_not_waited_for(tmp_path):
    """Was: multiprocessing.Pool.map waited forever for the lost worker's block."""
    households = _households(tmp_path, 4)
    target = tmp_path / "uit.csv"
    target.write_text(OLD)
    patch = """
        real = batch._chunk
        def chunk(bounds):
            if bounds[0] > 0:  # the second worker: households 2 and 3, lines 3 and 4
                os.kill(os.getpid(), signal.SIGKILL)
            return real(bounds)
        batch._chunk = chunk
    """
    start = time.monotonic()
    res = _run(patch, ["batch", households, "--workers", "2", "--uitvoer", target], timeout=120)
    assert res.returncode == 1, res.stderr
    assert "RS372" in res.stderr
    assert "regel 3 tot en met 4" in res.stderr and "SIGKILL" in res.stderr
    assert "Traceback" not in res.stderr
    assert target.read_text() == OLD
    assert time.monotonic() - start < 120


def test_an_internal_error_in_a_worker_keeps_its_traceback(tmp_path):
    households = _households(tmp_path, 4)
    patch = """
        def chunk(bounds):
            raise ZeroDivisionError("in een werkproces")
        batch._chunk = chunk
    """
    res = _run(patch, ["batch", households, "--workers", "2"], timeout=120)
    assert res.returncode == 1
    assert "ZeroDivisionError: in een werkproces" in res.stderr
    assert "in chunk" in res.stderr  # the worker's own traceback is shown


@pytest.mark.parametrize("sig, code", [(signal.SIGTERM, 143), (signal.SIGINT, 130)])
def test_a_signal_during_a_parallel_run_stops_the_workers_and_writes_nothing(tmp_path, sig, code):
    households = _households(tmp_path, 4)
    target = tmp_path / "uit.csv"
    target.write_text(OLD)
    pids = tmp_path / "pids"
    pids.mkdir()
    patch = f"""
        def chunk(bounds):
            open(os.path.join({str(pids)!r}, str(os.getpid())), "w").close()
            time.sleep(600)
        batch._chunk = chunk
    """
    proc = subprocess.Popen(_script(patch, ["batch", households, "--workers", "2", "--uitvoer",
                                            target]),
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=_env())
    try:
        deadline = time.monotonic() + 120
        while len(list(pids.iterdir())) < 2:
            assert time.monotonic() < deadline and proc.poll() is None, proc.stderr.read()
            time.sleep(0.1)
        proc.send_signal(sig)
        _, err = proc.communicate(timeout=60)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    assert proc.returncode == code, err
    assert "RS371" in err and "Traceback" not in err
    assert target.read_text() == OLD
    assert _leftovers(tmp_path, {"uit.csv", "huishoudens.jsonl", "pids"}) == []
    for worker in pids.iterdir():
        assert not Path(f"/proc/{worker.name}").exists(), "a worker outlived the run"


# --- hostile ids ------------------------------------------------------------------------


def test_visible_escapes_controls_and_keeps_letters():
    assert visible(ANSI) == "\\x1b[31mrood\\x1b[0m"
    assert visible(BIDI) == "anna\\u202egpj.exe"
    assert visible(CSI) == "c1\\x9b2J"
    assert visible(NEWLINE) == "twee\\x0aregels"
    assert visible("Zoë € 1.234,50 [/bold] 山田") == "Zoë € 1.234,50 [/bold] 山田"


def test_csv_text_cells_that_start_a_formula_get_a_quote():
    for text in ("=1+1", "+31612345678", "-2+3", "@SUM(A1)", FORMULA):
        assert csv_text(text) == "'" + text
    assert csv_text("\tx") == "\\x09x" and csv_text("\r=1") == "\\x0d=1"
    assert csv_text("anna") == "anna"
    # numbers are not text cells: a negative amount stays a number
    assert batch_io._cell(-1250, "getal") == "-12.50"


def test_evaluate_shows_markup_and_control_ids_as_written(tmp_path):
    situation = tmp_path / "s.json"
    situation.write_text(json.dumps(_hostile_situation((BOLD, ANSI, LINK))), encoding="utf-8")
    res = invoke("evaluate", situation)
    assert res.exit_code == 0, res.output  # was: rich.errors.MarkupError
    assert f"{BOLD} op 2026-03-01" in res.output
    assert "\\x1b[31mrood" in res.output and "\\x1b]8;;http://aanval.example\\x07klik" in res.output
    assert "\x1b" not in res.output and "\x07" not in res.output


def test_bidi_and_c1_controls_do_not_reach_the_terminal(tmp_path):
    situation = tmp_path / "s.json"
    situation.write_text(json.dumps(_hostile_situation((BIDI, CSI, NEWLINE))), encoding="utf-8")
    for args in (["evaluate", situation], ["concepts", situation],
                 ["explain", situation, "zorgtoeslag.zorgtoeslag"]):
        res = invoke(*args)
        assert res.exit_code == 0, res.output
        assert "\u202e" not in res.output and "\x9b" not in res.output
        assert "anna\\u202egpj.exe" in res.output and "c1\\x9b2J" in res.output
        assert "twee\\x0aregels" in res.output


def test_json_output_escapes_hidden_characters_without_changing_the_data(tmp_path):
    situation = tmp_path / "s.json"
    situation.write_text(json.dumps(_hostile_situation((BIDI, CSI, ANSI))), encoding="utf-8")
    res = invoke("evaluate", situation, "--format", "json")
    assert res.exit_code == 0, res.output
    assert "\u202e" not in res.output and "\x9b" not in res.output and "\x1b" not in res.output
    assert set(json.loads(res.output)["personen"]) == {BIDI, CSI, ANSI}


def test_diagnostics_show_hostile_ids_escaped(tmp_path):
    situation = tmp_path / "s.json"
    doc = _hostile_situation((ANSI, BOLD, LINK))
    doc["personen"][ANSI]["onbekend_veld"] = 1
    situation.write_text(json.dumps(doc), encoding="utf-8")
    res = invoke("evaluate", situation)
    assert res.exit_code == 1
    assert "RS303" in res.output and "$.personen.\\x1b[31mrood\\x1b[0m.onbekend_veld" in res.output
    assert "\x1b" not in res.output
    res = invoke("explain", EXAMPLE, "zorgtoeslag.zorgtoeslag", "--persoon", LINK)
    assert res.exit_code == 1 and "RS331" in res.output and "\x1b" not in res.output


def test_batch_csv_guards_formula_ids_and_escapes_controls(tmp_path):
    households = _households(tmp_path, 1, _hostile_situation((FORMULA, ANSI, "-12.50")))
    res = invoke("batch", households)
    assert res.exit_code == 0, res.output
    assert "\x1b" not in res.output
    rows = list(csv.reader(io.StringIO(res.stdout)))
    assert {r[1] for r in rows[1:]} == {"'" + FORMULA, "\\x1b[31mrood\\x1b[0m", "'-12.50"}
    numbers = [c for r in rows[1:] for c in r[2:]]
    assert numbers and not any(c.startswith("'") for c in numbers)


# --- terminals that are not UTF-8 -------------------------------------------------------


@pytest.mark.parametrize("encoding", ["ascii", "latin-1"])
def test_a_terminal_that_is_not_utf8_gets_replacements_not_a_traceback(tmp_path, encoding):
    situation = tmp_path / "s.json"
    situation.write_text(json.dumps(_hostile_situation(("Zoë", "山田", ANSI))), encoding="utf-8")
    households = _households(tmp_path, 1, _hostile_situation(("Zoë", "山田", ANSI)))
    env = _env(PYTHONIOENCODING=encoding)
    for args in (["evaluate", situation], ["concepts", situation],
                 ["explain", situation, "zorgtoeslag.zorgtoeslag"], ["batch", households]):
        res = subprocess.run(_script("", args), capture_output=True, timeout=180, env=env)
        assert res.returncode == 0, res.stderr.decode(encoding)
        res.stdout.decode(encoding)  # what was written is in the terminal's encoding
        if args[0] != "batch":
            assert b"EUR " in res.stdout
    res = subprocess.run(_script("", ["evaluate", situation, "--format", "json"]),
                         capture_output=True, timeout=180, env=env)
    assert res.returncode == 0
    assert set(json.loads(res.stdout.decode(encoding))["personen"]) == {"Zoë", "山田", ANSI}


def test_fit_spells_out_or_escapes_what_an_encoding_lacks():
    assert fit("€ 1.183,00 ≈ → Zoë 山", "ascii") == "EUR 1.183,00 ~ -> Zoe \\u5c71"
    assert fit("€ Zoë", "latin-1") == "EUR Zoë"
    assert json_text('"€ 山"', "ascii") == '"\\u20ac \\u5c71"'


def test_a_line_separator_inside_a_json_string_does_not_split_the_line(tmp_path):
    """JSON Lines end at LF only: U+2028 (valid inside a JSON string, and written as is by
    ``ensure_ascii=False``) used to cut line 1 in two, each half reported as bad JSON."""
    doc = json.loads(EXAMPLE.read_text(encoding="utf-8"))
    doc["toelichting"] = "een\u2028twee"
    path = tmp_path / "huishoudens.jsonl"
    path.write_text(json.dumps(doc, ensure_ascii=False) + "\n" + "{kapot\n", encoding="utf-8")
    result = invoke("batch", path)
    assert result.exit_code == 1
    # only line 2 is bad, and it is named as line 2
    assert "huishoudens.jsonl:2:" in result.output
    assert "huishoudens.jsonl:1" not in result.output and ":3:" not in result.output
