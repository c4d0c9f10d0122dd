"""The drafter's workbench: rules text and checked programs → highlighting, law pages, an
explorer and editor support (pygments lexer, sphinx pages, language server)."""
