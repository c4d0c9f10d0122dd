"""A parsed model (frozen attrs) into JSON text and back, building nothing but model classes.

The parse cache (:mod:`rulescore.dsl.cache`) keeps models in this form instead of a pickle:
decoding is data only, so the worst a planted or damaged entry can give is a wrong model,
never code run. Every node is a JSON array whose first element says what it is:

* ``["T", item, …]`` a tuple; ``["F", numerator, denominator]`` a ``Fraction``;
  ``["D", ordinal]`` a ``datetime.date``;
* ``["<model class>", field, …]`` an attrs class of :mod:`rulescore.model` (with the halves it re-exports), its fields in
  declaration order. A class whose last field is its ``span`` ends instead with the span's
  ``line, column, end_line, end_column`` (in the file the model is decoded for), or, for
  the span ``NOWHERE`` (or one in another file), is tagged ``"<model class>/"`` and ends
  with the span as a node: ``["N"]`` or ``["S", file, line, column, end_line, end_column]``.

``None``, booleans, integers and strings stand for themselves. Anything else — an unknown
tag, a wrong number of fields, a value of a type the model never holds — is a
:class:`CodecError`. The source text of a :class:`~rulescore.model.Regulation` is not
encoded: the decoder is given the text actually read and puts that in.
"""

from __future__ import annotations

import datetime as dt
import json
from fractions import Fraction

import attrs

from rulescore import model as m
from rulescore import model_expressions as mx
from rulescore import model_scenarios as ms


_PLAIN = frozenset({type(None), bool, int, str})


class CodecError(ValueError):
    """Encoded text that is not a model this codec writes."""


#: Class name → class, for every attrs class of the model (the only classes ever built).
CLASSES: dict[str, type] = {name: obj for name, obj in vars(m).items()
                            if isinstance(obj, type) and attrs.has(obj)
                            and obj.__module__ in (m.__name__, mx.__name__, ms.__name__)}
_RESERVED = {"T", "F", "D", "S", "N"}
assert not _RESERVED & set(CLASSES)
_FIELDS: dict[type, tuple[str, ...]] = {cls: tuple(f.name for f in attrs.fields(cls))
                                        for cls in CLASSES.values()}
#: Classes whose last field is their span (flattened into the node, see above).
_SPANNED = {cls for cls, fields in _FIELDS.items() if fields[-1] == "span"}


def encode(regulation: m.Regulation) -> str:
    """The model as compact JSON text (its ``source`` left out)."""
    if not isinstance(regulation, m.Regulation):
        raise TypeError(f"not a Regulation: {type(regulation).__name__}")
    file = regulation.span.file
    blank = attrs.evolve(regulation, source="")
    return json.dumps(_encode(blank, file), ensure_ascii=False, separators=(",", ":"),
                      check_circular=False)


def _encode(x, file: str):
    if x is None or isinstance(x, (bool, int, str)):
        return x
    cls = type(x)
    if cls is tuple:
        return ["T", *(_encode(v, file) for v in x)]
    if cls is Fraction:
        return ["F", x.numerator, x.denominator]
    if cls is dt.date:
        return ["D", x.toordinal()]
    if cls is m.Span:
        if x == m.NOWHERE:
            return ["N"]
        return ["S", x.file, x.line, x.column, x.end_line, x.end_column]
    if cls in _FIELDS and CLASSES.get(cls.__name__) is cls:
        fields = _FIELDS[cls]
        if cls not in _SPANNED:
            return [cls.__name__, *(_encode(getattr(x, f), file) for f in fields)]
        values = [_encode(getattr(x, f), file) for f in fields[:-1]]
        span = x.span
        if type(span) is m.Span and span.file == file and span != m.NOWHERE:
            return [cls.__name__, *values, span.line, span.column, span.end_line,
                    span.end_column]
        return [cls.__name__ + "/", *values, _encode(span, file)]
    raise TypeError(f"the model codec cannot encode a {cls.__qualname__}")


def decode(text: str, filename: str, source: str) -> m.Regulation:
    """The model encoded in ``text``, its spans in ``filename``, its source ``source``.

    :raises CodecError: the text is not an encoded Regulation.
    """
    try:
        data = json.loads(text)
        regulation = _Decoder(filename).node(data)
    except CodecError:
        raise
    except (ValueError, TypeError, RecursionError, OverflowError) as exc:
        raise CodecError(f"not an encoded model: {exc!r}") from None
    if type(regulation) is not m.Regulation:
        raise CodecError(f"not a Regulation but {type(regulation).__name__}")
    return attrs.evolve(regulation, source=source)


class _Decoder:
    """One decoding run; a handler per tag, leaves checked in line (most values are)."""

    def __init__(self, filename: str):
        self.filename = filename
        self.handlers = {"S": self.span, "T": self.tuple, "F": self.fraction, "D": self.date,
                         "N": self.nowhere}
        for tag, cls in CLASSES.items():
            n = len(_FIELDS[cls])
            if cls in _SPANNED:
                self.handlers[tag] = self._spanned(cls, n - 1)
                self.handlers[tag + "/"] = self._instance(cls, n, span_last=True)
            else:
                self.handlers[tag] = self._instance(cls, n)

    def node(self, x):
        if type(x) is list:
            if not x or type(x[0]) is not str:
                raise CodecError("a node without a tag")
            handler = self.handlers.get(x[0])
            if handler is None:
                raise CodecError(f"unknown node {x[0]!r}")
            return handler(x)
        if type(x) in _PLAIN:
            return x
        raise CodecError(f"unexpected JSON value {type(x).__name__}")

    def _instance(self, cls, arity: int, span_last: bool = False):
        node, plain = self.node, _PLAIN

        def instance(x):
            if len(x) - 1 != arity:
                raise CodecError(f"{x[0]} with {len(x) - 1} fields instead of {arity}")
            args = [v if type(v) in plain else node(v) for v in x[1:]]
            if span_last and type(args[-1]) is not m.Span:
                raise CodecError(f"{x[0]} without a span")
            return cls(*args)
        return instance

    def _spanned(self, cls, arity: int):
        node, plain, span, filename = self.node, _PLAIN, m.Span, self.filename
        end = arity + 1

        def spanned(x):
            if len(x) != end + 4:
                raise CodecError(f"{x[0]} with {len(x) - 5} fields instead of {arity}")
            line, column, end_line, end_column = x[end:]
            if not type(line) is type(column) is type(end_line) is type(end_column) is int:
                raise CodecError(f"{x[0]} with a malformed span")
            return cls(*[v if type(v) in plain else node(v) for v in x[1:end]],
                       span(filename, line, column, end_line, end_column))
        return spanned

    def span(self, x):
        if len(x) == 6:
            _, file, line, column, end_line, end_column = x
            if (type(file) is str
                    and type(line) is type(column) is type(end_line) is type(end_column) is int):
                return m.Span(file, line, column, end_line, end_column)
        raise CodecError("a malformed span")

    def tuple(self, x):
        node, plain = self.node, _PLAIN
        return tuple([v if type(v) in plain else node(v) for v in x[1:]])

    def fraction(self, x):
        if len(x) != 3 or type(x[1]) is not int or type(x[2]) is not int or x[2] <= 0:
            raise CodecError("a malformed fraction")
        return Fraction(x[1], x[2])

    def date(self, x):
        if len(x) != 2 or type(x[1]) is not int:
            raise CodecError("a malformed date")
        return dt.date.fromordinal(x[1])

    def nowhere(self, x):
        if len(x) != 1:
            raise CodecError("a malformed span")
        return m.NOWHERE
