"""Plugins: registered via entry points, validated, and order-independent."""

import pluggy
import pytest

from rulescore import hookspecs
from rulescore.errors import RulesError
from rulescore.plugins import collect_sources, get_plugin_manager, load_program


def test_bundled_plugins_load_through_entry_points():
    pm = get_plugin_manager()
    assert {"basis", "awir", "zorgtoeslag", "aow", "participatiewet"} <= {n for n, _ in pm.list_name_plugin()}


def test_registration_order_does_not_change_the_program():
    import importlib

    names = ["basis", "awir", "zorgtoeslag", "aow", "participatiewet"]
    hashes = set()
    for order in (names, list(reversed(names))):
        pm = pluggy.PluginManager("rulescore")
        pm.add_hookspecs(hookspecs)
        for n in order:
            pm.register(importlib.import_module(f"rulescore_regelingen.{n}"), name=n)
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
