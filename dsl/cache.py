"""Rules text into its parsed model from a cache on disk, so unchanged files are not parsed again.

Parsing with lark is most of the time it takes to load the bundled regulations. Like
Python's ``.pyc`` files (or jinja's bytecode cache), the model of a rules file is kept
under a key that changes with anything that could change the model: the text, its file
name (it is in every location), rulescore's version and the language's own source
(grammar, transformer, model). Only files that parse without errors are cached, so every
diagnostic is still produced by the parser itself.

The cache lives in ``$RULESCORE_CACHE_DIR``, else ``$XDG_CACHE_HOME/rulescore``, else
``~/.cache/rulescore``. Set ``RULESCORE_CACHE_DIR`` to an empty string to switch it off.
A cache entry is a pickle, trusted like a ``.pyc`` file in a directory of your own.
"""

from __future__ import annotations

import functools
import hashlib
import os
import pickle
import warnings
from pathlib import Path
from typing import Callable

from rulescore.model import Regulation

_LANGUAGE_FILES = ("grammar.lark", "transformer.py", "parser.py")


def cache_dir() -> Path | None:
    """Where parsed models are kept, or None when caching is switched off."""
    configured = os.environ.get("RULESCORE_CACHE_DIR")
    if configured is not None:
        return Path(configured) if configured else None
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "rulescore"


@functools.lru_cache(maxsize=1)
def _language_fingerprint() -> bytes:
    from rulescore import __version__, model

    h = hashlib.sha256(__version__.encode())
    here = Path(__file__).parent
    for path in [here / name for name in _LANGUAGE_FILES] + [Path(model.__file__)]:
        h.update(path.read_bytes())
    return h.digest()


def key(text: str, filename: str) -> str:
    h = hashlib.sha256(_language_fingerprint())
    h.update(filename.encode())
    h.update(b"\0")
    h.update(text.encode())
    return h.hexdigest()


def cached_parse(text: str, filename: str, parse: Callable[[str, str], Regulation]) -> Regulation:
    """``parse(text, filename)``, or the model it gave before for the same text and name."""
    directory = cache_dir()
    if directory is None:
        return parse(text, filename)
    entry = directory / f"{key(text, filename)}.pickle"
    try:
        with entry.open("rb") as fh:
            model = pickle.load(fh)
        if isinstance(model, Regulation):
            return model
    except FileNotFoundError:
        pass
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError,
            TypeError, ValueError) as exc:  # a damaged or foreign entry: parse and replace it
        warnings.warn(f"rulescore: cache entry {entry} ignored ({exc!r}); it is rewritten",
                      RuntimeWarning, stacklevel=2)
    model = parse(text, filename)
    _store(entry, model)
    return model


def _store(entry: Path, model: Regulation) -> None:
    """Write atomically (a temporary file renamed), so a reader never sees half an entry."""
    try:
        entry.parent.mkdir(parents=True, exist_ok=True)
        tmp = entry.with_name(f"{entry.name}.{os.getpid()}.tmp")
        with tmp.open("wb") as fh:
            pickle.dump(model, fh, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, entry)
    except OSError as exc:  # a read-only home: work on without the cache, and say so
        warnings.warn(f"rulescore: cannot write the parse cache in {entry.parent} ({exc}); "
                      "set RULESCORE_CACHE_DIR to a writable directory or to '' to switch "
                      "it off", RuntimeWarning, stacklevel=3)
