"""Worked cases in ``.rules`` files into pytest items (the ``pytest11`` plugin ``rulescore``).

A drafter runs ``pytest path/to/plugin`` and sees law-level failures: expected versus
computed, followed by the explanation of the computed value.
"""

from __future__ import annotations

import functools
from pathlib import Path

import pytest

from rulescore.errors import RulesError


def pytest_addoption(parser):
    parser.addoption("--regels-diepte", type=int, default=3, metavar="N",
                     help="rulescore: a failed worked case explains its computed value to N "
                          "steps deep (0: all)")


def pytest_collect_file(parent, file_path: Path):
    if file_path.suffix == ".rules":
        return RulesFile.from_parent(parent, path=file_path)
    return None


@functools.lru_cache(maxsize=32)
def program_with(path: str):
    """The installed rule set with this file's regulation taken from ``path``."""
    from rulescore.dsl import parse_file
    from rulescore.dsl.checker import check
    from rulescore.dsl import parse
    from rulescore.plugins import collect_functions, collect_sources, get_plugin_manager

    own = parse_file(path)
    pm = get_plugin_manager()
    regs = [parse(s.text, s.filename) for s in collect_sources(pm)]
    regs = [r for r in regs if r.name != own.name] + [own]
    return own, check(regs, collect_functions(pm))


class RulesFile(pytest.File):
    def collect(self):
        from rulescore.dsl import parse_file

        try:
            reg = parse_file(self.path)
        except RulesError as exc:
            yield RulesCheckItem.from_parent(self, name="controle", error=exc)
            return
        yield RulesCheckItem.from_parent(self, name="controle", error=None)
        for i, ex in enumerate(reg.examples):
            yield ExampleItem.from_parent(self, name=ex.title, index=i)


class RulesFailure(Exception):
    """A law-level test failure, shown without a Python traceback."""


class _RulesItem(pytest.Item):
    """Shows a :class:`RulesFailure` as its text, without a Python traceback."""

    def repr_failure(self, excinfo):
        if isinstance(excinfo.value, RulesFailure):
            return str(excinfo.value)
        return super().repr_failure(excinfo)


class RulesCheckItem(_RulesItem):
    """The file parses and checks together with the installed regulations."""

    def __init__(self, *, error, **kwargs):
        super().__init__(**kwargs)
        self.error = error

    def runtest(self):
        if self.error is not None:
            raise RulesFailure(self.error.render())
        try:
            program_with(str(self.path))
        except RulesError as exc:
            raise RulesFailure(exc.render()) from None

    def reportinfo(self):
        return self.path, 0, f"controle van {self.path.name}"


class ExampleItem(_RulesItem):
    """One ``voorbeeld``: every expectation must equal the computed value exactly."""

    def __init__(self, *, index: int, **kwargs):
        super().__init__(**kwargs)
        self.index = index

    def runtest(self):
        from rulescore.errors import excerpt
        from rulescore.examples import describe, explain_outcome, run_example

        try:
            reg, program = program_with(str(self.path))
            example = reg.examples[self.index]
            outcomes, result, situation = run_example(program, reg, example)
        except RulesError as exc:
            raise RulesFailure(exc.render()) from None
        failed = [(o, e) for o, e in zip(outcomes, example.expectations) if not o.ok]
        if failed:
            lines = [f"voorbeeld '{example.title}' ({example.span}): "
                     f"{len(failed)} van {len(outcomes)} verwachtingen niet gehaald"]
            sources = {example.span.file: self.path.read_text(encoding="utf-8")}
            for o, expectation in failed:
                lines.append(f"{expectation.span}: {describe(o, program)}")
                lines += excerpt(expectation.span, sources)
                try:
                    depth = self.config.getoption("--regels-diepte") or None
                    lines.append(explain_outcome(program, situation, result, o, depth,
                                                 "pytest --regels-diepte {n}"))
                except RulesError as exc:
                    lines.append(exc.render())
            raise RulesFailure("\n".join(line for line in lines if line))

    def reportinfo(self):
        return self.path, 0, f"voorbeeld: {self.name}"
