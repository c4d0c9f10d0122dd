"""A household and a grid of one person's earnings into net household income, marginal
pressure and its decomposition per regulation ("loont werken?").

- :mod:`rulescore.analysis.grid`: the grid (gross earnings, or hours × an hourly wage)
  into one situation per point, and their exact net household incomes on the batch
  evaluator;
- :mod:`rulescore.analysis.terms`: the definition of ``besteedbaar_inkomen`` walked into
  terms per regulation, exactly, at one point (reference evaluator);
- :mod:`rulescore.analysis.pressure`: the points into steps, marginal pressure, flags
  (> 70 %, > 100 %, armoedeval) and their causes; two rule sets side by side;
- :mod:`rulescore.analysis.months`: the same grid over a range of months (the net income
  per point, reference evaluator over time);
- :mod:`rulescore.analysis.labels`: groups and terms into the Dutch labels shown;
- :mod:`rulescore.analysis.chart`: the analysis into a chart file (matplotlib).
"""

from rulescore.analysis.grid import Grid, parse_grid
from rulescore.analysis.pressure import Analysis, analyse, compare

__all__ = ["Analysis", "Grid", "analyse", "compare", "parse_grid"]
