"""Gemeente Amsterdam's individuele inkomenstoeslag and kwijtschelding rules as a rulescore plugin."""

from pathlib import Path

from rulescore import RegulationSource, hookimpl

HERE = Path(__file__).parent


@hookimpl
def register_regulations():
    return [RegulationSource.from_path(HERE / "inkomenstoeslag_amsterdam.rules"),
            RegulationSource.from_path(HERE / "kwijtschelding_amsterdam.rules")]
