"""Rules text into its parsed model from a cache on disk, so unchanged files are not parsed again.

Parsing with lark is most of the time it takes to load the bundled regulations. Like
Python's ``.pyc`` files, the model of a rules file is kept under a key that changes with
anything that could change the model: the text, its file name (it is in every location),
rulescore's version and the language's own source (grammar, transformer, model, codec).
Only files that parse without errors are cached, so every diagnostic is still produced by
the parser itself.

An entry is data, never code: a header line (format, key, SHA-256 of the text it was made
from, SHA-256 and length of the payload) and the model as JSON (:mod:`~rulescore.dsl.model_codec`),
without its source text — the model is given the text actually read, so the rule-set
hash and every shown source line come from the file, not the cache. An entry whose header
or payload does not match is reported (RS007), parsed again and replaced, never used.
The hashes catch damage and naive edits; against other people the defence is the
directory: created 0700 and refused (RS008) unless it is a real directory of the user's
own that nobody else can write. The directory is kept below :data:`MAX_BYTES` by removing
the entries used longest ago.

The cache lives in ``$RULESCORE_CACHE_DIR``, else ``$XDG_CACHE_HOME/rulescore`` (an absolute
path, as the XDG spec requires), else ``$HOME/.cache/rulescore``; with ``HOME`` empty or
relative there is no cache. Set ``RULESCORE_CACHE_DIR`` to an empty string to switch it off.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import json
import os
import stat
import tempfile
import time
import warnings
from pathlib import Path
from typing import Callable

from rulescore.dsl import model_codec
from rulescore.model import Regulation

_LANGUAGE_FILES = ("grammar.lark", "transformer.py", "transformer_expressions.py",
                   "transformer_regimes.py", "parser.py",
                   "model_codec.py", "cache.py")
_MAGIC = "rulescore-parse-cache 2"
_SUFFIX = ".json"
#: The cache directory is kept below this size (the bundled regulations take about 1 MB).
MAX_BYTES = 32 * 1024 * 1024


def cache_dir() -> Path | None:
    """Where parsed models are kept, or None when caching is switched off."""
    configured = os.environ.get("RULESCORE_CACHE_DIR")
    if configured is not None:
        return Path(configured).absolute() if configured else None
    xdg = os.environ.get("XDG_CACHE_HOME", "")
    if os.path.isabs(xdg):
        return Path(xdg) / "rulescore"
    home = os.environ.get("HOME")
    if home is None:
        try:
            home = str(Path.home())
        except RuntimeError:  # no home directory known at all
            return None
    if not os.path.isabs(home):  # HOME='' would otherwise mean /.cache
        return None
    return Path(home) / ".cache" / "rulescore"


@functools.lru_cache(maxsize=1)
def _language_fingerprint() -> bytes:
    from rulescore import model, model_expressions
    from rulescore.version import __version__

    h = hashlib.sha256(__version__.encode())
    here = Path(__file__).parent
    for path in [here / name for name in _LANGUAGE_FILES] + [Path(model.__file__),
                                                         Path(model_expressions.__file__)]:
        h.update(path.read_bytes())
    return h.digest()


def key(text: str, filename: str) -> str:
    h = hashlib.sha256(_language_fingerprint())
    h.update(filename.encode())
    h.update(b"\0")
    h.update(text.encode())
    return h.hexdigest()


def _warn(code: str, message: str) -> None:
    warnings.warn(f"rulescore: waarschuwing {code}: {message}", RuntimeWarning, stacklevel=4)


@functools.lru_cache(maxsize=8)
def _usable(directory: Path) -> bool:
    """Create the directory 0700 if missing; True if it is the user's own and private."""
    try:
        directory.parent.mkdir(parents=True, exist_ok=True)
        try:
            os.mkdir(directory, 0o700)
        except FileExistsError:
            pass
        st = os.lstat(directory)
    except OSError as exc:
        _warn("RS009", f"kan de parse-cache {directory} niet aanmaken ({exc.strerror}); "
                       "er wordt zonder cache gewerkt")
        return False
    problem = None
    if stat.S_ISLNK(st.st_mode):
        problem = "is een symbolische koppeling"
    elif not stat.S_ISDIR(st.st_mode):
        problem = "is geen map"
    elif hasattr(os, "geteuid") and st.st_uid != os.geteuid():
        problem = f"is niet van u (eigenaar uid {st.st_uid})"
    elif st.st_mode & 0o022:
        problem = "is schrijfbaar voor anderen"
    if problem is None and st.st_mode & 0o077:
        try:  # readable by others (an older rulescore made it 0755): nobody could write it
            os.chmod(directory, 0o700)
        except OSError as exc:
            problem = f"kan niet op 0700 worden gezet ({exc.strerror})"
    if problem is not None:
        _warn("RS008", f"de parse-cache {directory} {problem}; hij wordt niet gebruikt "
                       "(zet RULESCORE_CACHE_DIR op een eigen map, of op '' om hem uit te zetten)")
        return False
    return True


def cached_parse(text: str, filename: str, parse: Callable[[str, str], Regulation]) -> Regulation:
    """``parse(text, filename)``, or the model it gave before for the same text and name."""
    directory = cache_dir()
    if directory is None or not _usable(directory):
        return parse(text, filename)
    k = key(text, filename)
    entry = directory / f"{k}{_SUFFIX}"
    text_hash = hashlib.sha256(text.encode()).hexdigest()
    try:
        model = _load(entry, k, text_hash, filename, text)
    except FileNotFoundError:
        pass
    except (OSError, UnicodeDecodeError, model_codec.CodecError) as exc:
        _warn("RS007", f"cache-item {entry} is beschadigd of gewijzigd en wordt niet gebruikt "
                       f"({exc}); het bestand wordt opnieuw gelezen en het item vervangen")
    else:
        # most recently used, so kept longest when trimmed; a read-only cache still works
        with contextlib.suppress(OSError):
            os.utime(entry)
        return model
    model = parse(text, filename)
    _store(directory, entry, k, text_hash, model)
    return model


def _load(entry: Path, k: str, text_hash: str, filename: str, text: str) -> Regulation:
    # never through a symlink, never blocked on a planted FIFO
    fd = os.open(entry, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0))
    with os.fdopen(fd, "rb") as fh:
        st = os.fstat(fh.fileno())
        if not stat.S_ISREG(st.st_mode):
            raise model_codec.CodecError("geen gewoon bestand")
        if hasattr(os, "geteuid") and st.st_uid != os.geteuid():
            raise model_codec.CodecError(f"eigenaar uid {st.st_uid}, niet u")
        data = fh.read()
    head, sep, payload = data.partition(b"\n")
    try:
        header = json.loads(head)
    except ValueError:
        header = None
    if not sep or not isinstance(header, dict) or header.get("format") != _MAGIC:
        raise model_codec.CodecError("geen kop van dit formaat")
    if header.get("key") != k:
        raise model_codec.CodecError("gemaakt voor een andere sleutel")
    if header.get("text_sha256") != text_hash:
        raise model_codec.CodecError("gemaakt van een andere tekst")
    if (header.get("length") != len(payload)
            or header.get("sha256") != hashlib.sha256(payload).hexdigest()):
        raise model_codec.CodecError("de inhoud klopt niet met de hash")
    return model_codec.decode(payload.decode("utf-8"), filename, text)


def _store(directory: Path, entry: Path, k: str, text_hash: str, model: Regulation) -> None:
    """Write atomically: a new private temporary file (never through a symlink), renamed."""
    payload = model_codec.encode(model).encode("utf-8")
    header = json.dumps({"format": _MAGIC, "key": k, "text_sha256": text_hash,
                         "length": len(payload), "sha256": hashlib.sha256(payload).hexdigest()})
    tmp = None
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{k[:16]}.", suffix=".tmp", dir=directory)
        with os.fdopen(fd, "wb") as fh:
            fh.write(header.encode() + b"\n" + payload)
        os.replace(tmp, entry)
        tmp = None
    except OSError as exc:  # a full or read-only disk: work on without the cache, and say so
        _warn("RS009", f"kan de parse-cache in {directory} niet schrijven ({exc.strerror}); "
                       "zet RULESCORE_CACHE_DIR op een schrijfbare map, of op '' om hem uit "
                       "te zetten")
        return
    finally:
        if tmp is not None:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(tmp)
    _trim(directory, keep=entry)


def _trim(directory: Path, keep: Path) -> None:
    """Remove entries of older formats, temporary files an interrupted run left (an hour
    old), and the entries used longest ago while the directory is above MAX_BYTES."""
    now = time.time()
    files = []
    with os.scandir(directory) as it:
        for e in it:
            try:
                if not e.is_file(follow_symlinks=False):
                    continue
                st = e.stat(follow_symlinks=False)
            except FileNotFoundError:  # removed by another process since the listing
                continue
            if e.name.endswith(".pickle") or (e.name.endswith(".tmp")
                                              and now - st.st_mtime > 3600):
                with contextlib.suppress(FileNotFoundError):  # another process was first
                    os.unlink(e.path)
            elif e.name.endswith(_SUFFIX) or e.name.endswith(".tmp"):
                files.append((st.st_mtime, st.st_size, e.path))
    total = sum(size for _, size, _ in files)
    for _, size, path in sorted(files):
        if total <= MAX_BYTES:
            break
        if path != str(keep):
            with contextlib.suppress(FileNotFoundError):
                os.unlink(path)
            total -= size
