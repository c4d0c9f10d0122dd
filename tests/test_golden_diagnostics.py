"""Every bad rules file in tests/golden renders exactly as its .expected file.

Regenerate after an intended wording change with ``RULESCORE_REGOLD=1 pytest``;
then read every changed .expected file before committing it.
"""

import os
from pathlib import Path

import pytest

from rulescore.dsl import parse
from rulescore.dsl.checker import check
from rulescore.errors import RulesError

GOLDEN = Path(__file__).parent / "golden"
CASES = sorted(GOLDEN.glob("*.bad"))


@pytest.mark.parametrize("path", CASES, ids=[p.stem for p in CASES])
def test_golden(path: Path):
    text = path.read_text(encoding="utf-8")
    with pytest.raises(RulesError) as info:
        check([parse(text, path.name)])
    rendered = info.value.render() + "\n"
    expected = path.with_suffix(".expected")
    if os.environ.get("RULESCORE_REGOLD"):
        expected.write_text(rendered, encoding="utf-8")
    assert rendered == expected.read_text(encoding="utf-8")
