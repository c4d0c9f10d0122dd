"""The parse cache: the same model as parsing, never a stale or damaged one, never errors hidden."""

import pytest

from rulescore.dsl import parse, parse_uncached
from rulescore.dsl.cache import key
from rulescore.errors import RulesError

TEXT = '''regeling t "Test"
parameter p: bedrag
  vanaf 1 januari 2025: € 1
'''


@pytest.fixture
def cache(tmp_path, monkeypatch):
    monkeypatch.setenv("RULESCORE_CACHE_DIR", str(tmp_path))
    return tmp_path


def test_a_second_parse_comes_from_the_cache_and_equals_parsing(cache):
    first = parse(TEXT, "t.rules")
    assert [p.name for p in cache.iterdir()] == [f"{key(TEXT, 't.rules')}.pickle"]
    second = parse(TEXT, "t.rules")
    assert second == first == parse_uncached(TEXT, "t.rules")
    assert second is not first  # read back from disk, not kept in memory


def test_text_and_file_name_are_both_in_the_key():
    assert key(TEXT, "t.rules") != key(TEXT + "\n", "t.rules")
    assert key(TEXT, "t.rules") != key(TEXT, "u.rules")  # locations name the file


def test_a_damaged_entry_is_reported_and_replaced(cache):
    parse(TEXT, "t.rules")
    entry = cache / f"{key(TEXT, 't.rules')}.pickle"
    entry.write_bytes(b"not a pickle")
    with pytest.warns(RuntimeWarning, match="ignored"):
        model = parse(TEXT, "t.rules")
    assert model == parse_uncached(TEXT, "t.rules")
    assert parse(TEXT, "t.rules") == model  # rewritten: no warning any more


def test_a_rules_error_is_never_cached(cache):
    bad = TEXT.replace("€ 1", "€")
    for _ in range(2):
        with pytest.raises(RulesError) as info:
            parse(bad, "t.rules")
        assert info.value.diagnostics[0].code.startswith("RS0")
    assert list(cache.iterdir()) == []


def test_an_empty_cache_dir_switches_it_off(monkeypatch, tmp_path):
    monkeypatch.setenv("RULESCORE_CACHE_DIR", "")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert parse(TEXT, "t.rules") == parse_uncached(TEXT, "t.rules")
    assert list(tmp_path.iterdir()) == []
