"""``rulescore fmt`` paths into rules and scenario files in canonical layout (or, with
``--check``, the list of files that are not), via :mod:`rulescore.dsl.formatter`."""

from __future__ import annotations

from pathlib import Path

import click

from rulescore.errors import RulesError
from rulescore.terminal import visible


def _files(paths) -> list[Path]:
    found = []
    for p in map(Path, paths):
        if p.is_dir():
            found += sorted(f for f in p.rglob("*") if f.suffix in (".rules", ".scenario"))
        else:
            found.append(p)
    return found


@click.command("fmt")
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True),
                metavar="PAD...")
@click.option("--check", "check_only", is_flag=True,
              help="schrijf niets; noem de bestanden die anders opgemaakt zouden worden "
                   "(afsluitcode 1 als er een is)")
def fmt_command(paths, check_only):
    """Lay out rules and scenario files canonically (comments kept): every file of a
    directory, or the files named. A file that does not parse is reported, located, and
    left as it is; so is every other file when one does not parse."""
    from rulescore.atomic import AtomicOutput
    from rulescore.dsl.formatter import format_text
    from rulescore.textfiles import read_text

    diagnostics, sources, changed = [], {}, []
    for path in _files(paths):
        try:
            text = read_text(path, "RS006", "regelbestand")
            sources[str(path)] = text
            formatted = format_text(text, str(path))
        except RulesError as exc:
            diagnostics += exc.diagnostics
            sources.update(exc.sources)
            continue
        if formatted != text:
            changed.append((path, formatted))
    if diagnostics:
        raise RulesError(tuple(diagnostics), sources)
    total = len(sources)
    if check_only:
        for path, _ in changed:
            click.echo(f"zou anders opgemaakt worden: {visible(str(path))}")
        click.echo(f"{len(changed)} van {total} bestand(en) niet in de vaste opmaak.")
        raise SystemExit(1 if changed else 0)
    for path, formatted in changed:
        out = AtomicOutput(path, newline="\n")
        try:
            out.file.write(formatted)
            out.commit()
        finally:
            if not out.done:
                out.discard()
        click.echo(f"opgemaakt: {visible(str(path))}")
    click.echo(f"{len(changed)} van {total} bestand(en) opgemaakt.")
