"""A checked Program and a Situation into exact values, explained: the reference evaluator.

``context`` (a run's state, MISSING) ← ``facts`` (inputs, parameters, tables read) ←
``compiler`` (expressions into closures) ← ``evaluation`` (a compiled program run) ←
``results`` / ``explanation`` (the result document, the explanation tree), with
``household`` (per month, per dwelling) below ``results``.
"""
