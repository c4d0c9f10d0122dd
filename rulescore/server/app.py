"""Routes into HTTP responses: answers as JSON, the page, user errors as diagnostics.

``POST /evaluate``, ``/explain``, ``/waarom``, ``/concepts``, ``/kalender``, ``/werkloont`` take a
situation (JSON) as the body and their options as query parameters (the command line's
option names); ``GET /regelingen``, ``/inputs``, ``/schema``, ``/openapi.json``, ``/voorbeeld``
and the page ``/``. A user error is the command line's diagnostic as JSON
(:func:`rulescore.errors.to_json`) with status 400 (a bad parameter or body), 404, 413 or
422 (the situation or the rules refuse it), 503 (busy, too slow); an internal error is a
500 whose traceback goes to the server's log, never to the client.
"""

from __future__ import annotations

import logging
from pathlib import Path

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import FileResponse, JSONResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from rulescore import limits
from rulescore.errors import Diagnostic, RulesError, to_json
from rulescore.server import params
from rulescore.server.workers import Workers

log = logging.getLogger("rulescore.server")
STATIC = Path(__file__).parent / "static"
#: examples/huishouden.json, shipped with the package (tests/test_serve.py keeps them equal)
EXAMPLE = STATIC / "voorbeeld.json"

#: Codes of request problems (400) and of a busy or slow server (503); others are 422.
_BAD_REQUEST = {"RS301", "RS343", "RS600", "RS601", "RS602", "RS380"}
_UNAVAILABLE = {"RS605", "RS606"}
_NOT_FOUND = {"RS330", "RS331", "RS334", "RS603", "RS604"}


def _error(exc: RulesError) -> JSONResponse:
    codes = {d.code for d in exc.diagnostics}
    status = (503 if codes & _UNAVAILABLE else 400 if codes <= _BAD_REQUEST
              else 404 if codes & _NOT_FOUND else 413 if "RS607" in codes else 422)
    return JSONResponse(to_json(exc), status_code=status)


def _diagnostic(code: str, message: str, path: str, hint: str) -> RulesError:
    return RulesError((Diagnostic(code, message, path=path, hint=hint),))


async def _body(request: Request) -> bytes:
    """The body, read up to the bound: a larger one is refused without reading it all."""
    bound = limits.MAX_REQUEST_BYTES
    declared = request.headers.get("content-length")
    too_large = _diagnostic("RS607", f"de inhoud is groter dan {bound // 1000} kB",
                            "inhoud", "een situatie is enkele kB; stuur één huishouden")
    if declared is not None and declared.isdigit() and int(declared) > bound:
        raise too_large
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > bound:
            raise too_large
        chunks.append(chunk)
    return b"".join(chunks)


def create_app(workers: Workers, program) -> Starlette:
    """The service: ``workers`` compute the answers, ``program`` (the bundled rules,
    loaded once in this process) serves the schemas and the lists."""
    from rulescore.inputs import needed_inputs
    from rulescore.schema import situation_schema
    from rulescore.server.openapi import openapi

    from rulescore.result_schema import range_schema, result_schema

    schema = situation_schema(program)
    schemas = {"situatie": schema, "resultaat": result_schema(program),
               "reeks": range_schema(program)}
    document = openapi(program, schema, schemas["resultaat"], schemas["reeks"])

    def schema_of(query):
        params.known(query, ("soort",))
        return schemas[params.choice(query, "soort", tuple(schemas), "situatie")]

    def computed(kind: str):
        async def endpoint(request: Request) -> Response:
            try:
                query = dict(request.query_params)
                body = params.body_json(await _body(request))
                return JSONResponse(await workers.answer(kind, query, body))
            except RulesError as exc:
                return _error(exc)
        endpoint.__name__ = kind
        return endpoint

    def listed(make):
        async def endpoint(request: Request) -> Response:
            try:
                return JSONResponse(make(dict(request.query_params)))
            except RulesError as exc:
                return _error(exc)
        return endpoint

    def regulations(query):
        params.known(query, ())
        return {"regelingen": [
            {"naam": name, "titel": reg.title, "bwb": reg.bwb, "url": reg.url,
             "uitkomsten": [q for q in program.outputs
                            if program.symbols[q].regulation == name]}
            for name, reg in sorted(program.regulations.items()) if not reg.is_scenario]}

    def inputs(query):
        params.known(query, ("regeling",))
        return {"invoer": needed_inputs(program, query.get("regeling"))}

    async def page(request: Request) -> Response:
        return FileResponse(STATIC / "index.html", media_type="text/html; charset=utf-8")

    async def example(request: Request) -> Response:
        if not EXAMPLE.is_file():
            return _error(_diagnostic("RS604", "geen voorbeeldhuishouden bij deze installatie",
                                      "/voorbeeld", "plak of upload een eigen situatie"))
        return Response(EXAMPLE.read_bytes(), media_type="application/json")

    async def not_found(request: Request, exc) -> Response:
        status = getattr(exc, "status_code", 404)
        hint = ("mogelijk: " + ", ".join(sorted({r.path for r in routes if isinstance(r, Route)})))
        code = "RS604" if status == 404 else "RS600"
        message = (f"onbekend adres '{request.url.path}'" if status == 404
                   else f"methode {request.method} kan hier niet")
        return JSONResponse(to_json(_diagnostic(code, message, request.url.path, hint)),
                            status_code=status)

    async def internal(request: Request, exc: Exception) -> Response:
        log.exception("interne fout bij %s %s", request.method, request.url.path,
                      exc_info=exc)
        return JSONResponse({"fouten": [{"code": "RS699", "bericht":
                             "interne fout van rulescore (niet uw invoer); de beheerder "
                             "vindt de oorzaak in het log van de server"}], "aantal": 1},
                            status_code=500)

    routes = [
        Route("/", page),
        Route("/voorbeeld", example),
        Route("/schema", listed(schema_of)),
        Route("/openapi.json", lambda r: JSONResponse(document)),
        Route("/regelingen", listed(regulations)),
        Route("/inputs", listed(inputs)),
        *(Route(f"/{kind}", computed(kind), methods=["POST"])
          for kind in ("evaluate", "explain", "waarom", "concepts", "kalender", "werkloont")),
        Mount("/static", StaticFiles(directory=STATIC), name="static"),
    ]
    return Starlette(routes=routes, exception_handlers={404: not_found, 405: not_found,
                                                        Exception: internal})
