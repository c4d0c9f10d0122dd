"""The docs build without warnings and catalogue every diagnostic and regulation."""

import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).parents[1]


def test_sphinx_builds_without_warnings(tmp_path):
    proc = subprocess.run([sys.executable, "-m", "sphinx", "-W", "--keep-going", "-q", "-b", "html",
                           str(ROOT / "docs"), str(tmp_path)], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_every_diagnostic_code_is_documented():
    used = set()
    for folder in ("rulescore", "dsl"):
        for path in (ROOT / folder).rglob("*.py"):
            used |= set(re.findall(r'"(RS\d{3})"', path.read_text(encoding="utf-8")))
    headings = re.findall(r"^(RS\d{3})$", (ROOT / "docs" / "diagnostics.rst").read_text(), re.M)
    assert used and used == set(headings)
    # one meaning per code: a code documented twice was given to two different errors
    assert sorted(headings) == sorted(set(headings))


def test_every_bundled_regulation_has_a_page():
    pages = {p.stem for p in (ROOT / "docs" / "regulations").glob("*.rst")} - {"index"}
    plugins = {p.name for p in (ROOT / "plugins").iterdir() if (p / "__init__.py").exists()}
    assert plugins == pages
