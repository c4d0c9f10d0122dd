"""A population, current law and a scenario into weighted impact reports.

``budget`` (the budget lines of ``posten.toml``: per-person yearly amounts per regulation)
← ``report`` (both programs over the population, block by block; the weighted figures)
← ``losers`` (the largest losers explained) ← ``tables`` (rich tables) and
``rulescore.impact_cli`` (the command, JSON and Parquet out).
"""
