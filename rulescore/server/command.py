"""``rulescore serve`` arguments into a running web service (uvicorn) on this machine."""

from __future__ import annotations

import click

from rulescore import limits


@click.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True,
              help="adres om op te luisteren (standaard alleen deze machine)")
@click.option("--poort", "--port", "port", type=click.IntRange(0, 65535), default=8000,
              show_default=True, help="poort (0: een vrije poort)")
@click.option("--workers", type=click.IntRange(1, 64), default=2, show_default=True,
              help="rekenprocessen (elk laadt de regels één keer)")
@click.option("--tijdslimiet", "seconds", type=click.FloatRange(0.1, 3600),
              default=limits.REQUEST_SECONDS, show_default=True,
              help="seconden die één verzoek mag rekenen; daarna stopt het (RS605)")
@click.option("--scenario", "scenarios", multiple=True,
              type=click.Path(exists=True, dir_okay=False),
              help="scenario(s) om te laden; een verzoek kiest er één met ?scenario=naam")
def serve_command(host, port, workers, seconds, scenarios):
    """Serve the rules as a web service with a page: POST /evaluate, /explain, /concepts,
    /kalender, /werkloont; GET /regelingen, /inputs, /schema, /openapi.json; the page at /."""
    import uvicorn

    from rulescore.plugins import load_program
    from rulescore.server.app import create_app
    from rulescore.server.workers import Workers

    program = load_program()  # here first: a bad rules file stops before anything listens
    for path in scenarios:
        load_program(scenario=path)
    pool = Workers(workers, seconds, tuple(scenarios))
    try:
        uvicorn.run(create_app(pool, program), host=host, port=port, log_level="info",
                    limit_concurrency=pool.capacity + 16, timeout_keep_alive=5)
    finally:
        pool.close()
