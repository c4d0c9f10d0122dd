"""The plugin contract: every hook a regulation plugin may implement, with its rules.

Plugins contribute rules; the core decides. All hooks are called once at load time;
results from all plugins are collected and sorted by regulation or function name
before checking, so the order in which plugins are registered never changes a result.
Legal precedence between regulations is stated in the rules, never by hook order.
"""

from __future__ import annotations

import pluggy

hookspec = pluggy.HookspecMarker("rulescore")
hookimpl = pluggy.HookimplMarker("rulescore")


@hookspec
def register_regulations():
    """Return the rules files this plugin contributes.

    :returns: a list of :class:`rulescore.plugins.RegulationSource` (one per ``.rules``
        file). Each file declares exactly one ``regeling``; two plugins declaring the
        same regulation, or the same input or relation, is an error naming both.
    """


@hookspec
def register_functions():
    """Return pure Python functions the rules of this plugin may call.

    Use only where the rules language cannot say it. A function must be pure: same
    arguments, same result; no I/O, no global state.

    :returns: a list of :class:`rulescore.program.PluginFunction`. Two plugins offering
        a function with the same name is an error naming both.
    """


@hookspec
def register_runoff_profiles():
    """Return the run-off profiles (``uitfasering.toml``) of closed regimes this plugin has.

    A profile names the regulation, the outcome that is the monthly amount, the definition
    that is the day the right ends, the execution costs and how to generate the current
    recipients from published counts (:mod:`rulescore.analysis.runoff_population`).

    :returns: a list of paths.
    """
