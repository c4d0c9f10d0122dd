"""The rules language: text → parse tree → model → checked program, one public function per stage."""

from __future__ import annotations

from pathlib import Path

from rulescore.model import Regulation


def parse(text: str, filename: str = "<tekst>") -> Regulation:
    """Rules text into a :class:`~rulescore.model.Regulation` (syntax only).

    A file that parsed before is taken from the parse cache (:mod:`rulescore.dsl.cache`).
    A file beyond the documented size (docs/limits.rst) is refused before parsing."""
    from rulescore.dsl.bounds import file_too_large
    from rulescore.dsl.cache import cached_parse
    from rulescore.errors import RulesError

    too_large = file_too_large(text, filename)
    if too_large is not None:
        raise RulesError((too_large,))
    return cached_parse(text, filename, parse_uncached)


def parse_uncached(text: str, filename: str = "<tekst>") -> Regulation:
    """:func:`parse` without the cache: always lark, then the transformer."""
    from rulescore.dsl.parser import parse_tree
    from rulescore.dsl.transformer import to_model

    return to_model(parse_tree(text, filename), filename, text)


def parse_file(path: str | Path) -> Regulation:
    from rulescore.textfiles import read_text

    return parse(read_text(path, "RS006", "regelbestand"), str(path))
