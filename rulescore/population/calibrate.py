"""Initial weights, indicators per household and target totals into calibrated weights:
raking (the exponential calibration of Deville and Särndal, 1992), solved by Newton.

The weights are ``w = d · exp(X λ)``: every household keeps the sign and the order of its
design weight ``d`` (no weight turns negative, as it can with linear calibration), and λ
is found so that ``Xᵀ w`` equals the targets. With categorical indicators only this is
iterative proportional fitting (raking ratio); unlike IPF it also takes counts (persons
with bijstand in a household: 0, 1 or 2) in the same step. Linearly dependent targets
(the types that sum to all households) are allowed: the step is a least-squares solve.
``ipfn`` (PyPI) fits contingency tables and pandas frames rather than unit weights
against mixed totals, so this ~40-line solve is kept here rather than adapted.
"""

from __future__ import annotations

import attrs
import numpy as np


@attrs.frozen
class Calibration:
    weights: np.ndarray
    achieved: np.ndarray
    iterations: int
    converged: bool


def rake(design: np.ndarray, indicators: np.ndarray, targets: np.ndarray,
         tolerance: float = 1e-9, max_iterations: int = 200) -> Calibration:
    """Weights close to ``design`` (households) whose totals ``indicatorsᵀ w`` are the
    ``targets`` (one per column), to a relative ``tolerance``."""
    d = np.asarray(design, dtype=float)
    x = np.asarray(indicators, dtype=float)
    t = np.asarray(targets, dtype=float)
    scale = np.where(t > 0, t, 1.0)
    lam = np.zeros(x.shape[1])
    w = d
    for i in range(1, max_iterations + 1):
        w = d * np.exp(np.clip(x @ lam, -50, 50))
        gap = (x.T @ w - t) / scale
        if np.max(np.abs(gap)) < tolerance:
            return Calibration(w, x.T @ w, i, True)
        jacobian = (x.T * w) @ x / scale[:, None]
        step = np.linalg.lstsq(jacobian, -gap, rcond=None)[0]
        lam = lam + _damped(step)
    return Calibration(w, x.T @ w, max_iterations, False)


def _damped(step: np.ndarray, limit: float = 2.0) -> np.ndarray:
    """A Newton step no larger than ``limit`` in any coordinate (e^2 per iteration): far
    from the solution the exponential would otherwise overshoot."""
    biggest = np.max(np.abs(step)) if step.size else 0.0
    return step * (limit / biggest) if biggest > limit else step
