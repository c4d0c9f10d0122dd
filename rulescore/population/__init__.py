"""Published Dutch aggregates into a weighted synthetic population of households.

``targets`` (the calibration targets and assumptions of ``doelen.toml``, and the indicator
of every household for each) ← ``generate`` (a seeded sample of situation documents) ←
``calibrate`` (raking of the weights onto the targets) ← ``build`` (sample, evaluate
with the batch, calibrate, report; the Parquet file through
:mod:`rulescore.batch.parquet_io`).
"""
