"""The wia rules as a rulescore plugin (registered through the 'rulescore' entry point)."""

from pathlib import Path

from rulescore import RegulationSource, hookimpl

HERE = Path(__file__).parent


@hookimpl
def register_regulations():
    return [RegulationSource.from_path(HERE / "wia.rules")]
