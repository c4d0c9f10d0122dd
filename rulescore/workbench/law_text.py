"""A regulation's ``<naam>.wet.md`` into the statute's text per article, with its source.

A drafter may ship the law's own words next to the rules file: ``zorgtoeslag.wet.md``
beside ``zorgtoeslag.rules``. The file starts with a title line (``# …``) and
``sleutel: waarde`` lines saying where the text comes from (``bron``, ``geldig vanaf``,
``overgenomen uit``), then one section per article, ``## artikel 2``, holding that
article's text as paragraphs (a blank line between the members). The literate law pages
(:mod:`rulescore.workbench.law_pages`) show each article's text above the rules that
implement it.
"""

from __future__ import annotations

import re
from pathlib import Path

import attrs

_ARTICLE = re.compile(r"^##\s+artikel\s+(\S+)\s*$")
_KEY = re.compile(r"^([a-z][a-z ]*):\s*(.+)$")


@attrs.frozen
class LawText:
    """The statute's text per article, as shipped next to a rules file."""

    title: str
    #: ``bron``, ``geldig vanaf``, ``overgenomen uit``, ``bwb``: as written in the file.
    about: dict
    #: artikel → its paragraphs.
    articles: dict
    path: str = ""


def text_path(rules_file: str | Path) -> Path:
    """Where the law's text for a rules file would be: ``x.rules`` → ``x.wet.md``."""
    path = Path(rules_file)
    return path.with_name(path.name.rsplit(".", 1)[0] + ".wet.md")


def read_law_text(rules_file: str | Path) -> LawText | None:
    """The text shipped beside ``rules_file``, or None when there is none."""
    path = text_path(rules_file)
    if not path.is_file():
        return None
    return parse_law_text(path.read_text(encoding="utf-8"), str(path))


def parse_law_text(text: str, path: str = "<wettekst>") -> LawText:
    """The file's text into a :class:`LawText`; a line before any article that is neither
    the title nor ``sleutel: waarde`` is a ValueError naming the line."""
    title, about, articles, current = "", {}, {}, None
    for number, line in enumerate(text.splitlines(), 1):
        heading = _ARTICLE.match(line)
        if heading:
            current = articles.setdefault(heading[1], [""])
            continue
        if current is not None:
            if line.strip():
                current[-1] = (current[-1] + " " + line.strip()).strip()
            elif current[-1]:
                current.append("")
            continue
        if line.startswith("# ") and not title:
            title = line[2:].strip()
        elif _KEY.match(line):
            key, value = _KEY.match(line).groups()
            about[key] = value.strip()
        elif line.strip():
            raise ValueError(f"{path}:{number}: verwacht '# titel', 'sleutel: waarde' of "
                             f"'## artikel N', niet {line!r}")
    return LawText(title, about, {a: tuple(p for p in ps if p) for a, ps in articles.items()},
                   path)
