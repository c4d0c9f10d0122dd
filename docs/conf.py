"""Sphinx configuration for the rulescore documentation."""

project = "rulescore"
author = "rulescore developers"
extensions = ["sphinx.ext.autodoc", "rulescore.workbench.sphinx_ext"]
exclude_patterns = ["_build"]
html_theme = "alabaster"
autodoc_member_order = "bysource"
nitpicky = False
#: The date the links to wetten.overheid.nl show each article as it read on.
rulescore_peildatum = "2026-01-01"
html_static_path = ["_static"]
html_css_files = ["rulescore.css"]
