"""The WAO rules and their run-off profile as a rulescore plugin (registered through the 'rulescore' entry point)."""

from pathlib import Path

from rulescore import RegulationSource, hookimpl

HERE = Path(__file__).parent


@hookimpl
def register_regulations():
    return [RegulationSource.from_path(HERE / "wao.rules")]


@hookimpl
def register_runoff_profiles():
    return [HERE / "uitfasering.toml"]
