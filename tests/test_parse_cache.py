"""The parse cache: the same model as parsing, never a stale, damaged or planted one, never
code run from it, never errors hidden, in a private directory of bounded size."""

import hashlib
import json
import os
import pickle
import stat

import attrs
import pytest

from rulescore.dsl import cache as cache_module
from rulescore.dsl import model_codec, parse, parse_uncached
from rulescore.dsl.cache import cache_dir, key
from rulescore.errors import RulesError

TEXT = '''regeling t "Test"
parameter p: bedrag
  vanaf 1 januari 2025: € 1
'''

#: Wet op de zorgtoeslag art. 2 lid 1 style figure: a planted entry once made it € 3.183.
ZORG = '''regeling z "Zorgtoeslag (test)"
parameter maximale_zorgtoeslag: bedrag per jaar
  vanaf 1 januari 2025: € 1.183
'''


@pytest.fixture
def cache(tmp_path, monkeypatch):
    directory = tmp_path / "cache"
    monkeypatch.setenv("RULESCORE_CACHE_DIR", str(directory))
    cache_module._usable.cache_clear()
    yield directory
    cache_module._usable.cache_clear()


def entry_of(cache, text=TEXT, name="t.rules"):
    return cache / f"{key(text, name)}.json"


def value_of(model):
    return model.items[0].values[0].value.value


def rewrite(entry, edit, rehash=False):
    """Change an entry's payload; with ``rehash`` also its header (a deliberate forgery)."""
    head, _, payload = entry.read_bytes().partition(b"\n")
    payload = edit(payload)
    header = json.loads(head)
    if rehash:
        header.update(length=len(payload), sha256=hashlib.sha256(payload).hexdigest())
    entry.write_bytes(json.dumps(header).encode() + b"\n" + payload)


def test_a_second_parse_comes_from_the_cache_and_equals_parsing(cache):
    first = parse(TEXT, "t.rules")
    assert [p.name for p in cache.iterdir()] == [entry_of(cache).name]
    second = parse(TEXT, "t.rules")
    assert second == first == parse_uncached(TEXT, "t.rules")
    assert attrs.asdict(second) == attrs.asdict(first)  # spans and source too
    assert second is not first  # read back from disk, not kept in memory


def test_text_and_file_name_are_both_in_the_key():
    assert key(TEXT, "t.rules") != key(TEXT + "\n", "t.rules")
    assert key(TEXT, "t.rules") != key(TEXT, "u.rules")  # locations name the file


def test_an_entry_is_json_data_with_no_source_text(cache):
    parse(TEXT, "t.rules")
    head, _, payload = entry_of(cache).read_bytes().partition(b"\n")
    assert json.loads(head)["text_sha256"] == hashlib.sha256(TEXT.encode()).hexdigest()
    assert json.loads(payload)[0] == "Regulation"
    assert b"regeling t" not in payload


def test_a_damaged_entry_is_reported_and_replaced(cache):
    parse(TEXT, "t.rules")
    entry_of(cache).write_bytes(b"not an entry")
    with pytest.warns(RuntimeWarning, match="RS007"):
        model = parse(TEXT, "t.rules")
    assert model == parse_uncached(TEXT, "t.rules")
    assert parse(TEXT, "t.rules") == model  # rewritten: no warning any more


def test_a_planted_pickle_is_never_loaded(cache, tmp_path):
    marker = tmp_path / "pwned"

    class Payload:
        def __reduce__(self):
            return (os.system, (f"touch {marker}",))

    parse(TEXT, "t.rules")
    planted = pickle.dumps(Payload())
    entry_of(cache).write_bytes(planted)
    (cache / f"{key(TEXT, 't.rules')}.pickle").write_bytes(planted)  # the old entry name
    with pytest.warns(RuntimeWarning, match="RS007"):
        model = parse(TEXT, "t.rules")
    assert not marker.exists()
    assert model == parse_uncached(TEXT, "t.rules")


def test_a_tampered_amount_is_detected_and_parsed_again(cache):
    assert value_of(parse(ZORG, "z.rules")) == 1183
    rewrite(entry_of(cache, ZORG, "z.rules"), lambda p: p.replace(b'["F",1183,1]', b'["F",3183,1]'))
    with pytest.warns(RuntimeWarning, match="RS007.*beschadigd of gewijzigd"):
        assert value_of(parse(ZORG, "z.rules")) == 1183
    assert value_of(parse(ZORG, "z.rules")) == 1183  # and the entry was replaced


def test_an_entry_copied_under_another_key_is_refused(cache):
    parse(TEXT, "t.rules")
    other = TEXT.replace("€ 1", "€ 2")
    entry_of(cache, other).write_bytes(entry_of(cache).read_bytes())
    with pytest.warns(RuntimeWarning, match="RS007"):
        assert value_of(parse(other, "t.rules")) == 2


def test_the_source_always_comes_from_the_text_read_not_the_entry(cache):
    """Even a forged entry (payload and hash rewritten) cannot change the rule-set hash or
    the shown source lines: the entry holds no text, the model is given the text read."""
    parse(ZORG, "z.rules")
    rewrite(entry_of(cache, ZORG, "z.rules"),
            lambda p: p.replace(b'["F",1183,1]', b'["F",3183,1]'), rehash=True)
    forged = parse(ZORG, "z.rules")
    assert forged.source == ZORG


def test_the_decoder_builds_model_classes_only():
    for planted in ('["Popen","ls"]', '["T",{"a":1}]', '["Span"]', '["F",1,0]', '1.5',
                    '["Regulation"]', '["T"]', '[]', '[[1]]'):
        with pytest.raises(model_codec.CodecError):
            model_codec.decode(planted, "t.rules", TEXT)


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


def test_an_empty_or_relative_home_means_no_cache(monkeypatch):
    monkeypatch.delenv("RULESCORE_CACHE_DIR", raising=False)
    monkeypatch.delenv("XDG_CACHE_HOME", raising=False)
    for home in ("", "relative/home"):
        monkeypatch.setenv("HOME", home)
        assert cache_dir() is None  # HOME='' used to mean /.cache/rulescore
    monkeypatch.setenv("XDG_CACHE_HOME", "relative")  # ignored, as the XDG spec says
    monkeypatch.setenv("HOME", "/home/x")
    assert str(cache_dir()) == "/home/x/.cache/rulescore"


def test_the_directory_is_created_private(cache):
    parse(TEXT, "t.rules")
    assert stat.S_IMODE(os.lstat(cache).st_mode) == 0o700
    assert stat.S_IMODE(os.lstat(entry_of(cache)).st_mode) & 0o077 == 0


def test_an_own_directory_only_readable_by_others_is_made_private(cache):
    cache.mkdir(mode=0o755)
    os.chmod(cache, 0o755)
    parse(TEXT, "t.rules")
    assert stat.S_IMODE(os.lstat(cache).st_mode) == 0o700
    assert entry_of(cache).exists()


@pytest.mark.parametrize("problem", ["writable", "foreign", "symlink"])
def test_a_directory_others_can_write_is_refused(cache, tmp_path, problem):
    if problem == "writable":
        cache.mkdir()
        os.chmod(cache, 0o777)
    elif problem == "foreign":
        if os.geteuid() != 0:
            pytest.skip("only root can give a directory to another user")
        cache.mkdir(mode=0o700)
        os.chown(cache, 4242, -1)
    else:
        target = tmp_path / "elsewhere"
        target.mkdir(mode=0o700)
        cache.symlink_to(target)
    with pytest.warns(RuntimeWarning, match="RS008"):
        model = parse(TEXT, "t.rules")
    assert model == parse_uncached(TEXT, "t.rules")
    assert not entry_of(cache).exists()
    assert not (tmp_path / "elsewhere").exists() or not list((tmp_path / "elsewhere").iterdir())


def test_symlinks_in_the_directory_are_never_followed(cache, tmp_path):
    victim = tmp_path / "victim"
    victim.write_text("keep me")
    cache.mkdir(mode=0o700)
    entry_of(cache).symlink_to(victim)
    (cache / f"{entry_of(cache).name}.{os.getpid()}.tmp").symlink_to(victim)  # the old tmp name
    with pytest.warns(RuntimeWarning, match="RS007"):
        parse(TEXT, "t.rules")
    assert victim.read_text() == "keep me"
    assert not entry_of(cache).is_symlink()
    assert parse(TEXT, "t.rules") == parse_uncached(TEXT, "t.rules")


def test_an_interrupted_write_leaves_no_entry(cache, monkeypatch):
    def interrupted(src, dst):
        raise KeyboardInterrupt

    monkeypatch.setattr(cache_module.os, "replace", interrupted)
    with pytest.raises(KeyboardInterrupt):
        parse(TEXT, "t.rules")
    assert list(cache.iterdir()) == []


def test_the_cache_is_kept_below_its_bound(cache, monkeypatch):
    parse(TEXT, "t.rules")
    size = entry_of(cache).stat().st_size
    monkeypatch.setattr(cache_module, "MAX_BYTES", 3 * size + size // 2)
    texts = [TEXT.replace("€ 1", f"€ {n}") for n in range(2, 9)]
    for n, text in enumerate(texts):
        parse(text, "t.rules")
        os.utime(entry_of(cache, text), (1000 + n, 1000 + n))  # a clear order of use
    remaining = sorted(cache.iterdir())
    assert sum(p.stat().st_size for p in remaining) <= cache_module.MAX_BYTES
    assert entry_of(cache, texts[-1]) in remaining and entry_of(cache, texts[-2]) in remaining
    assert entry_of(cache, texts[0]) not in remaining


def test_every_bundled_regulation_round_trips_through_the_codec():
    from rulescore.plugins import collect_sources, get_plugin_manager

    for src in collect_sources(get_plugin_manager()):
        model = parse_uncached(src.text, src.filename)
        back = model_codec.decode(model_codec.encode(model), src.filename, src.text)
        assert attrs.asdict(back) == attrs.asdict(model), src.filename  # spans included


def test_an_entry_someone_else_owns_is_not_used(cache):
    if os.geteuid() != 0:
        pytest.skip("only root can give a file to another user")
    parse(TEXT, "t.rules")
    os.chown(entry_of(cache), 4242, -1)
    with pytest.warns(RuntimeWarning, match="RS007.*uid 4242"):
        assert parse(TEXT, "t.rules") == parse_uncached(TEXT, "t.rules")
    assert os.lstat(entry_of(cache)).st_uid == os.geteuid()  # replaced by one of our own


def test_a_planted_fifo_does_not_hang_the_parse(cache):
    cache.mkdir(mode=0o700)
    os.mkfifo(entry_of(cache))
    with pytest.warns(RuntimeWarning, match="RS007.*geen gewoon bestand"):
        assert parse(TEXT, "t.rules") == parse_uncached(TEXT, "t.rules")
    assert stat.S_ISREG(os.lstat(entry_of(cache)).st_mode)  # replaced by a real entry
