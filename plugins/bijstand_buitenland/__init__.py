"""The Bijstand buitenland rules (Participatiewet art. 78h) and their run-off profile as a rulescore plugin."""

from pathlib import Path

from rulescore import RegulationSource, hookimpl

HERE = Path(__file__).parent


@hookimpl
def register_regulations():
    return [RegulationSource.from_path(HERE / "bijstand_buitenland.rules")]


@hookimpl
def register_runoff_profiles():
    return [HERE / "uitfasering.toml"]
