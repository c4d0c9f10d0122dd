"""Plugins: registered via entry points, validated, and order-independent."""

from pathlib import Path

import pluggy
import pytest

from rulescore import hookspecs
from rulescore.errors import RulesError
from rulescore.plugins import collect_sources, get_plugin_manager, load_program


def test_bundled_plugins_load_through_entry_points():
    pm = get_plugin_manager()
    assert {"basis", "awir", "zorgtoeslag", "aow", "participatiewet"} <= {n for n, _ in pm.list_name_plugin()}


def test_registration_order_does_not_change_the_program():
    from importlib.metadata import entry_points

    # every installed plugin, also one of another distribution (a gemeente's own)
    plugins = {ep.name: ep.load() for ep in entry_points(group="rulescore")}
    names = sorted(plugins)
    hashes = set()
    for order in (names, list(reversed(names))):
        pm = pluggy.PluginManager("rulescore")
        pm.add_hookspecs(hookspecs)
        for n in order:
            pm.register(plugins[n], name=n)
        hashes.add(load_program(pm).ruleset_hash)
    assert len(hashes) == 1


def test_two_plugins_defining_the_same_regulation_is_an_error():
    import importlib

    pm = get_plugin_manager()
    clone = type("Clone", (), {"register_regulations": staticmethod(
        importlib.import_module("rulescore_regelingen.aow").register_regulations)})
    pm.register(clone, name="kloon")
    with pytest.raises(RulesError) as info:
        load_program(pm)
    assert any(d.code == "RS101" for d in info.value.diagnostics)


def test_an_extra_file_that_is_an_installed_one_is_loaded_once(tmp_path):
    """``rulescore check plugins/aow/aow.rules`` in an editable checkout names the file the
    aow plugin already ships: it takes the installed one's place, it is no second aow;
    a copy of it elsewhere still is (RS101)."""
    installed = next(s for s in collect_sources(get_plugin_manager())
                     if s.filename.endswith("aow.rules"))
    program = load_program(extra_paths=[installed.filename])
    assert program.ruleset_hash == load_program().ruleset_hash
    copy = tmp_path / "aow.rules"
    copy.write_text(installed.text, encoding="utf-8")
    with pytest.raises(RulesError) as info:
        load_program(extra_paths=[copy])
    assert [d.code for d in info.value.diagnostics] == ["RS101"]


from fractions import Fraction  # noqa: E402

from rulescore import hookimpl, types  # noqa: E402
from rulescore.program import PluginFunction  # noqa: E402

RULES = '''regeling gemeente "Minimaregeling gemeente X"
  gebruikt basis
uitkomst toeslag: bedrag per maand
  bron artikel 1
  = tiental_omlaag(€ 1.234,56 per maand)
'''


class FunctionPlugin:
    @staticmethod
    @hookimpl
    def register_functions():
        return [PluginFunction("tiental_omlaag", lambda x: x - x % 10,
                               (types.amount("maand"),), types.amount("maand"))]


def _program_with(*extra):
    import datetime as dt

    from rulescore.dsl import parse
    from rulescore.dsl.checker import check
    from rulescore.plugins import collect_functions

    pm = get_plugin_manager()
    for i, plugin in enumerate(extra):
        pm.register(plugin, name=f"extra{i}")
    regs = [parse(s.text, s.filename) for s in collect_sources(pm)] + [parse(RULES, "x.rules")]
    return check(regs, collect_functions(pm)), dt.date(2026, 1, 1)


def test_plugin_function_runs_in_both_evaluators():
    from rulescore.batch.run import evaluate_batch
    from rulescore.batch.population import Population
    from rulescore.reference.results import evaluate
    from rulescore.situation import Situation

    program, date = _program_with(FunctionPlugin())
    sit = Situation.from_dict({"personen": {"a": {}}}, program)
    assert evaluate(program, sit, date, outputs=("gemeente.toeslag",)).value(
        "gemeente.toeslag", "a") == Fraction(1230)
    batch = evaluate_batch(program, Population.from_situations([sit], program), date,
                           outputs=("gemeente.toeslag",))
    assert list(batch.values["gemeente.toeslag"]) == [123000]


def test_two_plugins_with_the_same_function_name_is_an_error():
    with pytest.raises(RulesError) as info:
        _program_with(FunctionPlugin(), FunctionPlugin())
    (d,) = info.value.diagnostics
    assert d.code == "RS104" and "extra0" in d.message and "extra1" in d.message


def test_a_plugin_without_its_rules_file_is_named_and_listed(tmp_path):
    """A plugin packaged without package data: every command names it, and ``rulescore
    plugins`` still lists it (with its error) next to the others."""
    import types

    from rulescore import RegulationSource, hookimpl
    from rulescore.errors import RulesError
    from rulescore.plugins import get_plugin_manager, list_plugins, load_program

    broken = types.ModuleType("wet_x")

    @hookimpl
    def register_regulations():
        return [RegulationSource.from_path(tmp_path / "wet_x.rules")]  # never shipped

    broken.register_regulations = register_regulations
    pm = get_plugin_manager()
    pm.register(broken, name="wet_x")
    program = load_program(pm)  # left out, named; the other plugins keep working
    (d,) = program.warnings
    assert (d.code, d.context, d.level) == ("RS006", "plugin 'wet_x'", "waarschuwing")
    assert "package-data" in d.hint and "niet geladen" in d.message
    assert "zorgtoeslag.zorgtoeslag" in program.outputs
    rows = {r["plugin"]: r for r in list_plugins(pm)}
    assert rows["wet_x"]["regelbestanden"][0].startswith("fout RS006")
    assert rows["zorgtoeslag"]["regelbestanden"] == ["zorgtoeslag.rules"]


def test_a_command_warns_about_a_plugin_left_out_and_the_result_names_it(tmp_path, monkeypatch):
    import json
    import types

    from click.testing import CliRunner

    import rulescore.plugins as plugins
    from rulescore import RegulationSource, hookimpl
    from rulescore.cli import main

    broken = types.ModuleType("wet_x")

    @hookimpl
    def register_regulations():
        return [RegulationSource.from_path(tmp_path / "wet_x.rules")]

    broken.register_regulations = register_regulations
    real = plugins.get_plugin_manager

    def with_broken():
        pm = real()
        pm.register(broken, name="wet_x")
        return pm

    monkeypatch.setattr(plugins, "get_plugin_manager", with_broken)
    example = Path(__file__).parents[1] / "examples" / "huishouden.json"
    res = CliRunner().invoke(main, ["evaluate", str(example), "--format", "json"])
    assert res.exit_code == 0, res.output
    assert "waarschuwing RS006" in res.stderr and "plugin 'wet_x'" in res.stderr
    assert json.loads(res.stdout)["herkomst"]["niet_geladen_plugins"] == ["wet_x"]
