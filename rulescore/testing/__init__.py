"""The tester's toolkit: loaded rules into hypothesis strategies and property checks.

Import what you need::

    from rulescore.testing import situations, assert_monotone

Needs ``hypothesis`` (the ``test`` extra). The pytest plugin that runs worked cases
lives in :mod:`rulescore.testing.plugin` and does not need hypothesis.
"""

__all__ = [
    "CounterExample", "assert_batch_equals_reference", "assert_holds", "assert_monotone",
    "assert_one_version_per_date", "assert_same_outcomes", "assert_symmetric",
    "assert_unaffected", "run",
    "situations", "value_strategy", "assert_no_armoedeval", "earnings_grids",
]


def __getattr__(name):  # lazy, so the pytest plugin works without hypothesis installed
    if name in ("situations", "value_strategy"):
        from rulescore.testing import strategies

        return getattr(strategies, name)
    if name in ("assert_no_armoedeval", "earnings_grids"):
        from rulescore.testing import werkloont

        return getattr(werkloont, name)
    if name in __all__:
        from rulescore.testing import properties

        return getattr(properties, name)
    raise AttributeError(name)
