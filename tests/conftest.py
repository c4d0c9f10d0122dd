"""Shared fixtures: the bundled program, loaded once per session."""

import pytest

from rulescore.plugins import load_program


@pytest.fixture(scope="session")
def program():
    return load_program()
