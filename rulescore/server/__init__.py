"""HTTP requests into rulescore answers: the web service (``rulescore serve``) and its page.

- :mod:`rulescore.server.params`: query parameters and request bodies into checked values,
  bad ones into diagnostics located by their parameter;
- :mod:`rulescore.server.answers`: a checked request into the answer's JSON, computed in a
  worker process with the rules loaded once (the same functions as the command line);
- :mod:`rulescore.server.workers`: answers computed in bounded worker processes, each
  request within a time limit (a worker that exceeds it is killed and replaced);
- :mod:`rulescore.server.openapi`: the program's JSON Schemas into the OpenAPI document;
- :mod:`rulescore.server.app`: routes into responses (JSON, the page), user errors into
  the same located diagnostics as the command line with a 4xx status;
- :mod:`rulescore.server.command`: the ``rulescore serve`` command.
"""
