"""rulescore: rules text and a household's situation into exact income-support outcomes.

Rules-as-code for Dutch income support; this module is the public API. The pipeline:
rules text → :func:`rulescore.dsl.parse` → model → :func:`rulescore.dsl.checker.check` →
:class:`Program` → :func:`evaluate` → :class:`Result`. The layout: ``dsl/`` (the language),
``reference/`` (the exact evaluator), ``batch/`` (many households at once), and the shared
pieces below both at this level.
"""

from rulescore.hookspecs import hookimpl
from rulescore.plugins import RegulationSource, get_plugin_manager, load_program
from rulescore.program import PluginFunction, Program
from rulescore.errors import Diagnostic, RulesError
from rulescore.reference.results import Result, evaluate
from rulescore.situation import Situation
from rulescore.version import __version__

__all__ = [
    "BatchResult", "Diagnostic", "PluginFunction", "Population", "Program", "RegulationSource",
    "Result", "RulesError", "Situation", "evaluate", "evaluate_batch", "get_plugin_manager",
    "hookimpl", "load_program", "__version__",
]


def __getattr__(name):  # the batch API needs numpy: imported only when used
    if name == "Population":
        from rulescore.batch.population import Population

        return Population
    if name in ("BatchResult", "evaluate_batch"):
        from rulescore.batch import run

        return getattr(run, name)
    raise AttributeError(name)
