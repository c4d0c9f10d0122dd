"""An output path into a temporary file beside it that replaces the path only when complete.

:class:`AtomicOutput` creates ``<naam>.onvolledig-XXXXXXXX`` in the target's folder
(before the run, so an unwritable folder is reported before any work), the caller writes
to it, and :meth:`AtomicOutput.commit` flushes, fsyncs and renames it over the target
(``os.replace``, atomic on POSIX). Any failure or interruption before that —an exception,
``KeyboardInterrupt``, a SIGTERM turned into one by :func:`interruptible`— removes the
temporary file and leaves the target as it was. Only ``kill -9`` cannot be handled; then
the clearly named temporary file remains and the target is still untouched.
"""

from __future__ import annotations

import contextlib
import errno
import os
import signal
import tempfile
from pathlib import Path


class Interrupted(KeyboardInterrupt):
    """A termination signal (SIGTERM, SIGHUP) received while work was under way."""

    def __init__(self, signum: int):
        super().__init__(signum)
        self.signum = signum


@contextlib.contextmanager
def interruptible(signals=(signal.SIGTERM, signal.SIGHUP)):
    """Within the block, the given signals raise :class:`Interrupted` so ``finally`` runs."""
    def handler(signum, frame):
        raise Interrupted(signum)

    previous = {s: signal.signal(s, handler) for s in signals}
    try:
        yield
    finally:
        for s, old in previous.items():
            signal.signal(s, old)


def same_file(a: str | Path, b: str | Path) -> bool:
    """Whether both paths name one existing file (also through a symlink or hard link)."""
    try:
        return os.path.samefile(a, b)
    except OSError:
        return False


class AtomicOutput:
    """A text file written beside ``path`` and moved onto it by :meth:`commit`."""

    def __init__(self, path: str | Path, encoding: str = "utf-8", newline: str = ""):
        self.path = Path(os.path.realpath(path))  # through a symlink, as open() would
        if self.path.exists() and not self.path.is_file():  # a device, FIFO or socket would
            # be replaced by a regular file, and its reader would get nothing
            raise OSError(errno.EINVAL, "geen gewoon bestand (een apparaat of pijp "
                                    "kan niet atomair worden vervangen; laat --uitvoer weg en "
                                    "gebruik de standaarduitvoer)", str(self.path))
        if self.path.exists() and not os.access(self.path, os.W_OK):
            raise PermissionError(13, "Permission denied", str(self.path))
        fd, name = tempfile.mkstemp(dir=self.path.parent or ".",
                                    prefix=self.path.name + ".onvolledig-")
        self.temp = Path(name)
        try:
            os.fchmod(fd, _mode_for(self.path))
            self.file = open(fd, "w", encoding=encoding, newline=newline)
        except BaseException:
            os.close(fd)
            self.temp.unlink()
            raise
        self.done = self.discarded = False

    def commit(self) -> None:
        """Make the written text the target's, complete and on disk."""
        self.file.flush()
        os.fsync(self.file.fileno())
        self.file.close()
        os.replace(self.temp, self.path)
        self.done = True
        with contextlib.suppress(OSError):  # the rename itself on disk, where supported
            fd = os.open(self.path.parent or ".", os.O_RDONLY)
            try:
                os.fsync(fd)
            finally:
                os.close(fd)

    @property
    def replaced(self) -> bool:
        """Whether the target is now the complete new file.

        Asked of the file system, not only of :attr:`done`: a signal can interrupt
        :meth:`commit` between the rename and the next statement."""
        return self.done or (not self.discarded and not self.temp.exists())

    def discard(self) -> None:
        """Remove the temporary file, if not renamed yet; the target keeps what it had."""
        replaced = self.replaced
        try:
            self.file.close()
        except OSError:  # the write that failed fails again on close; the file goes anyway
            pass
        finally:
            if not replaced:
                self.temp.unlink(missing_ok=True)
            self.done, self.discarded = replaced, True

    def __enter__(self):
        return self.file

    def __exit__(self, exc_type, exc, tb):
        if exc_type is None:
            try:
                self.commit()
            finally:
                self.discard()
        else:
            self.discard()
        return False


def _mode_for(path: Path) -> int:
    """The target's permissions if it exists, else those a new file would get."""
    try:
        return path.stat().st_mode & 0o7777
    except FileNotFoundError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask
