"""The same rules and situation give byte-identical JSON, whatever the process or load order."""

from importlib.metadata import entry_points
import os
import subprocess
import sys
from pathlib import Path

import pluggy

from rulescore import hookspecs
from rulescore.plugins import load_program
from rulescore.reference.results import evaluate
from rulescore.situation import Situation

EXAMPLE = Path(__file__).parents[1] / "examples" / "huishouden.json"
#: Every installed plugin, as registered (so a new plugin, also one of another distribution
#: such as a gemeente's own, is covered without editing this list).
PLUGINS = {ep.name: ep for ep in entry_points(group="rulescore")}
NAMES = sorted(PLUGINS)


def _cli_json(seed: str) -> bytes:
    env = {**os.environ, "PYTHONHASHSEED": seed}
    return subprocess.run([sys.executable, "-c", "from rulescore.cli import main; main()",
                           "evaluate", str(EXAMPLE), "--format", "json"],
                          env=env, capture_output=True, check=True).stdout


def test_identical_bytes_across_processes_and_hash_seeds():
    outputs = {_cli_json(seed) for seed in ("0", "1", "4242")}
    assert len(outputs) == 1
    assert b'"regelset"' in outputs.pop()


def test_identical_bytes_whatever_the_plugin_registration_order():
    texts = set()
    for order in (NAMES, NAMES[::-1], NAMES[2:] + NAMES[:2]):
        pm = pluggy.PluginManager("rulescore")
        pm.add_hookspecs(hookspecs)
        for name in order:
            pm.register(PLUGINS[name].load(), name=name)
        program = load_program(pm)
        sit = Situation.from_json(EXAMPLE.read_text(encoding="utf-8"), program)
        texts.add(evaluate(program, sit).to_json())
    assert len(texts) == 1
