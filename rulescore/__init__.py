"""rulescore: rules-as-code for Dutch income support.

The public API. The pipeline: rules text → :func:`rulescore.dsl.parse` → model →
:func:`rulescore.dsl.checker.check` → :class:`Program` → :func:`evaluate` → :class:`Result`.
"""

from importlib import metadata

from rulescore.hookspecs import hookimpl
from rulescore.plugins import RegulationSource, get_plugin_manager, load_program
from rulescore.program import PluginFunction, Program
from rulescore.errors import Diagnostic, RulesError
from rulescore.results import Result, evaluate
from rulescore.situation import Situation

try:
    __version__ = metadata.version("rulescore")
except metadata.PackageNotFoundError:  # pragma: no cover - running from a source tree
    __version__ = "0+unknown"

__all__ = [
    "BatchResult", "Diagnostic", "PluginFunction", "Population", "Program", "RegulationSource",
    "Result", "RulesError", "Situation", "evaluate", "evaluate_batch", "get_plugin_manager",
    "hookimpl", "load_program", "__version__",
]


def __getattr__(name):  # the batch API needs numpy: imported only when used
    if name == "Population":
        from rulescore.population import Population

        return Population
    if name in ("BatchResult", "evaluate_batch"):
        from rulescore import batch

        return getattr(batch, name)
    raise AttributeError(name)
