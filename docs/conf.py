"""Sphinx configuration for the rulescore documentation."""

project = "rulescore"
author = "rulescore developers"
extensions = ["sphinx.ext.autodoc"]
exclude_patterns = ["_build"]
html_theme = "alabaster"
autodoc_member_order = "bysource"
nitpicky = False
