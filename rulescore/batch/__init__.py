"""A checked Program and a Population into exact per-person outcomes, many households at once.

``ops`` and ``dates`` (float and day-number arithmetic with unsure flags) ←
``population`` (households into columns) ← ``state`` (a run, its frames) ← ``sets``,
``lookups``, ``denominators``, ``row_denominators`` ← ``compiler`` (expressions into
column functions) ← ``run`` (blocks, workers, the exact fallback through
:mod:`rulescore.reference`) ← ``io`` (JSON Lines in, CSV out).
"""
