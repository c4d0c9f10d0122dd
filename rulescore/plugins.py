"""Installed plugins into a loaded, checked rule set (via the ``rulescore`` entry-point group)."""

from __future__ import annotations

import os
from importlib import metadata
from pathlib import Path
from typing import Iterable

import attrs
import pluggy

from rulescore import hookspecs
from rulescore.errors import Diagnostic, RulesError, suggest
from rulescore.program import PluginFunction, Program

ENTRY_POINT_GROUP = "rulescore"


@attrs.frozen
class RegulationSource:
    """One rules file contributed by a plugin."""

    text: str
    filename: str
    plugin: str = ""

    @classmethod
    def from_path(cls, path: str | Path) -> "RegulationSource":
        from rulescore.textfiles import read_text

        return cls(read_text(path, "RS006", "regelbestand"), str(path))


def get_plugin_manager(load_entry_points: bool = True) -> pluggy.PluginManager:
    """A fresh manager with the hookspecs and (optionally) every installed plugin.

    ``RULESCORE_PLUGINS`` (comma-separated entry-point names) limits which plugins load; a
    name that is not installed is an error (RS110), never silently nothing loaded.
    """
    pm = pluggy.PluginManager("rulescore")
    pm.add_hookspecs(hookspecs)
    if load_entry_points:
        entry_points = sorted(metadata.entry_points(group=ENTRY_POINT_GROUP),
                              key=lambda e: e.name)
        allow = allowed_plugins(os.environ.get("RULESCORE_PLUGINS"),
                                {ep.name for ep in entry_points})
        for ep in entry_points:
            if allow is not None and ep.name not in allow:
                continue
            if pm.get_plugin(ep.name) is None:
                pm.register(ep.load(), name=ep.name)
    pm.check_pending()
    return pm


def allowed_plugins(setting: str | None, installed: set[str]) -> set[str] | None:
    """The plugin names ``RULESCORE_PLUGINS`` allows (None: all); unknown names are an error."""
    if setting is None or not setting.strip():
        return None
    names = [n.strip() for n in setting.split(",") if n.strip()]
    listed = "geïnstalleerd: " + (", ".join(sorted(installed)) or "geen enkele plugin")
    if not names:
        raise RulesError((Diagnostic("RS111", f"RULESCORE_PLUGINS ('{setting}') noemt geen "
                                     "plugin", path="RULESCORE_PLUGINS",
                                     hint=f"noem plugins met komma's ertussen; {listed}"),))
    diags = []
    for name in sorted(set(names) - installed):
        close = suggest(name, installed)
        diags.append(Diagnostic("RS110", f"RULESCORE_PLUGINS noemt plugin '{name}', maar die "
                                "is niet geïnstalleerd", path="RULESCORE_PLUGINS",
                                hint=f"{close + ' ' if close else ''}{listed}"))
    if diags:
        raise RulesError(tuple(diags))
    return set(names)


def collect_sources(pm: pluggy.PluginManager) -> list[RegulationSource]:
    """Every plugin's rules files; a plugin whose files cannot be read is named in its
    diagnostics (all plugins' problems at once)."""
    out, errors = readable_sources(pm)
    if errors:
        raise RulesError(tuple(d for name in sorted(errors) for d in errors[name]))
    return out


def readable_sources(pm: pluggy.PluginManager) -> tuple[list[RegulationSource], dict]:
    """The rules files of every plugin whose files can be read, and each other plugin's
    name → its diagnostics, named by the plugin."""
    out, errors = [], {}
    for impl in pm.hook.register_regulations.get_hookimpls():
        try:
            sources = impl.function() or ()
        except RulesError as exc:
            errors[impl.plugin_name] = [_in_plugin(d, impl.plugin_name) for d in exc.diagnostics]
            continue
        out.extend(attrs.evolve(src, plugin=impl.plugin_name) for src in sources)
    return sorted(out, key=lambda s: (s.filename, s.plugin)), errors


def _in_plugin(d: Diagnostic, plugin: str) -> Diagnostic:
    hint = "staat het .rules-bestand in het geïnstalleerde pakket? (package-data, zie de " \
           "handleiding voor plugins)"
    return attrs.evolve(d, context=f"plugin '{plugin}'",
                        hint=f"{d.hint}; {hint}" if d.hint else hint)


def collect_functions(pm: pluggy.PluginManager) -> dict[str, PluginFunction]:
    found: dict[str, PluginFunction] = {}
    diags = []
    impls = sorted(pm.hook.register_functions.get_hookimpls(), key=lambda i: i.plugin_name)
    for impl in impls:
        for fn in impl.function() or ():
            fn = attrs.evolve(fn, plugin=impl.plugin_name)
            if fn.name in found:
                diags.append(Diagnostic("RS104", f"functie '{fn.name}' wordt aangeboden door "
                                        f"plugin '{found[fn.name].plugin}' en plugin "
                                        f"'{fn.plugin}'", hint="hernoem een van beide"))
                continue
            found[fn.name] = fn
    if diags:
        raise RulesError(tuple(diags))
    return found


def load_program(pm: pluggy.PluginManager | None = None,
                 extra_paths: Iterable[str | Path] = (),
                 scenario: str | Path | None = None, option: str | None = None,
                 current: bool = False) -> Program:
    """Parse and check every plugin's rules (and extra files) into one Program.

    :param scenario: a scenario file; its bindings override the regulations' own.
    :param option: a transitional option of the scenario's reform (``optie``) to state
        (:mod:`rulescore.dsl.options`); ``current``: instead, current law as the
        comparison of the options sees it (the scenario's values before the reform date).
    """
    pm = pm or get_plugin_manager()
    readable, broken = readable_sources(pm)
    skipped = tuple(attrs.evolve(d, level="waarschuwing", message=f"{d.message}; de plugin "
                                 "is niet geladen, de andere wel")
                    for name in sorted(broken) for d in broken[name])
    try:
        program = _load(pm, _with_extra(readable, extra_paths), scenario, option, current)
    except RulesError as exc:  # what follows from a skipped plugin names it first
        raise RulesError(skipped + exc.diagnostics, exc.sources) from None
    program.warnings, program.left_out = skipped, tuple(sorted(broken))
    return program


def _load(pm, sources, scenario, option, current) -> Program:
    from rulescore.dsl import parse
    from rulescore.dsl.checker import check
    from rulescore.dsl.options import baseline, option_problems, with_option

    regs, errors, texts = [], [], {}
    for src in sources:
        texts[src.filename] = src.text
        try:
            regs.append(parse(src.text, src.filename))
        except RulesError as exc:
            errors.extend(exc.diagnostics)
    parsed_scenario = None
    if scenario is not None:
        src = RegulationSource.from_path(scenario)
        texts[src.filename] = src.text
        try:
            parsed_scenario = parse(src.text, src.filename)
        except RulesError as exc:
            errors.extend(exc.diagnostics)
        else:
            if not parsed_scenario.is_scenario:
                errors.append(Diagnostic("RS105", f"{src.filename} is geen scenario maar een "
                                         f"regeling", hint="een scenariobestand begint met "
                                         "'scenario naam \"titel\"'"))
    if errors:
        raise RulesError(tuple(errors), texts)
    functions = collect_functions(pm)
    reform = parsed_scenario.reform if parsed_scenario is not None else None
    if reform is None or (option is None and not current):
        program = check(regs, functions, scenario=parsed_scenario)  # with RS285–RS288
        if reform is not None:
            _check_options(regs, parsed_scenario, functions, texts)
        return program
    problems = option_problems(parsed_scenario)  # stating an option needs a sound reform
    if problems:
        raise RulesError(tuple(problems), texts)
    if option is not None:
        try:
            regs, parsed_scenario = with_option(regs, parsed_scenario, option)
        except RulesError as exc:
            raise RulesError(exc.diagnostics, texts) from exc
    else:
        parsed_scenario = baseline(parsed_scenario)
    return check(regs, functions, scenario=parsed_scenario)


def _check_options(regs: list, scenario, functions: dict, texts: dict) -> None:
    """Check the program of each option of the scenario's reform, so that a scenario that
    checks has options that do too (their bodies, regimes and grounds); every problem of
    every option is raised together."""
    from rulescore.dsl.checker import check
    from rulescore.dsl.options import with_option

    diags: list = []
    for opt in scenario.reform.options:
        stated, option_scenario = with_option(regs, scenario, opt.name)
        try:
            check(stated, functions, scenario=option_scenario)
        except RulesError as exc:
            diags.extend(d for d in exc.diagnostics if d not in diags)
    if diags:
        raise RulesError(tuple(diags), texts)


def _with_extra(installed: list, extra_paths) -> list:
    """The installed sources plus the extra files; an extra file that *is* an installed
    one (``rulescore check plugins/zorgtoeslag/zorgtoeslag.rules`` in a checkout installed
    editable) takes its place, named as the user wrote it, instead of being loaded twice."""
    extra = {_same_file(p): RegulationSource.from_path(p) for p in extra_paths}
    sources = [extra.pop(_same_file(src.filename), src) for src in installed]
    return sources + list(extra.values())


def _same_file(path) -> str:
    try:
        return str(Path(path).resolve())
    except (OSError, RuntimeError):
        return str(path)


def list_plugins(pm: pluggy.PluginManager) -> list[dict]:
    """Name, version and contributions of every registered plugin."""
    dists = {ep.name: ep.dist for ep in metadata.entry_points(group=ENTRY_POINT_GROUP)}
    rows = []
    for name, plugin in sorted(pm.list_name_plugin(), key=lambda x: x[0]):
        dist = dists.get(name)
        hooks = sorted(h.name for h in pm.get_hookcallers(plugin) or ())
        regs = []
        if hasattr(plugin, "register_regulations"):
            try:
                regs = [Path(s.filename).name for s in plugin.register_regulations() or ()]
            except RulesError as exc:  # listed with its problem, the others as they are
                regs = [f"fout {d.code}: {d.message}" for d in exc.diagnostics]
        rows.append({"plugin": name, "distributie": dist.name if dist else "-",
                     "versie": dist.version if dist else "-", "hooks": hooks,
                     "regelbestanden": regs})
    return rows
