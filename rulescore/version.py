"""The installed distribution's metadata into rulescore's version string.

Its own module, below everything, so that the result's provenance and the parse cache's
key can name the version without importing the package's public API."""

from importlib import metadata

try:
    __version__ = metadata.version("rulescore")
except metadata.PackageNotFoundError:  # pragma: no cover - running from a source tree
    __version__ = "0+unknown"
