"""``rulescore lsp`` (#22 §2), driven as an editor drives it: JSON-RPC over stdio."""

import json
import queue
import subprocess
import sys
import threading
from pathlib import Path

import pytest

pytest.importorskip("pygls")

from rulescore.plugins import load_program  # noqa: E402

OWN = '''regeling eigen "Eigen regeling"
  gebruikt zorgtoeslag

definitie dubbele_premie: bedrag per jaar
  bron BWBR0018451 artikel 4
  = 2 * standaardpremie

definitie fout: bedrag per jaar
  bron BWBR0018451 artikel 4
  = standaardpremi + onbekend
'''
FIXED = OWN.split("definitie fout")[0]


class Client:
    """A minimal LSP client: framed JSON-RPC messages over the server's pipes."""

    def __init__(self):
        self.proc = subprocess.Popen(
            [sys.executable, "-c", "import sys; from rulescore.cli import main; "
             "sys.argv = ['rulescore', 'lsp']; main()"],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        self.messages = queue.Queue()
        self.next_id = 0
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self):
        out = self.proc.stdout
        while True:
            headers = {}
            while True:
                line = out.readline()
                if not line:
                    return
                if line in (b"\r\n", b"\n"):
                    break
                key, _, value = line.decode().partition(":")
                headers[key.strip().lower()] = value.strip()
            self.messages.put(json.loads(out.read(int(headers["content-length"]))))

    def send(self, message):
        body = json.dumps({"jsonrpc": "2.0", **message}).encode()
        self.proc.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        self.proc.stdin.flush()

    def notify(self, method, params):
        self.send({"method": method, "params": params})

    def request(self, method, params, timeout=60):
        self.next_id += 1
        self.send({"id": self.next_id, "method": method, "params": params})
        return self.wait(lambda msg: msg.get("id") == self.next_id and "method" not in msg,
                         timeout)["result"]

    def wait(self, wanted, timeout=60):
        while True:
            message = self.messages.get(timeout=timeout)
            if wanted(message):
                return message

    def diagnostics_for(self, uri, timeout=60):
        return self.wait(lambda m: m.get("method") == "textDocument/publishDiagnostics"
                         and m["params"]["uri"] == uri, timeout)["params"]["diagnostics"]


@pytest.fixture(scope="module")
def conversation(tmp_path_factory):
    folder = tmp_path_factory.mktemp("werk")
    path = folder / "eigen.rules"
    path.write_text(OWN, encoding="utf-8")
    client = Client()
    caps = client.request("initialize", {"processId": None, "rootUri": path.parent.as_uri(),
                                         "capabilities": {}})["capabilities"]
    client.notify("initialized", {})
    yield client, path.as_uri(), caps
    client.request("shutdown", None)
    client.notify("exit", None)
    client.proc.wait(timeout=30)


def position_of(text, needle, offset=2):
    line = next(n for n, l in enumerate(text.splitlines()) if needle in l)
    return {"line": line, "character": text.splitlines()[line].index(needle) + offset}


def test_the_conversation(conversation):
    client, uri, caps = conversation
    assert caps["hoverProvider"] and caps["definitionProvider"] and caps["referencesProvider"]
    assert "completionProvider" in caps

    # open: the checker's own diagnostics, all at once, with code, place and hint
    client.notify("textDocument/didOpen", {"textDocument": {
        "uri": uri, "languageId": "rules", "version": 1, "text": OWN}})
    diagnostics = client.diagnostics_for(uri)
    assert [d["code"] for d in diagnostics] == ["RS201", "RS201"]
    first = diagnostics[0]
    assert first["range"]["start"] == {"line": 9, "character": 4}  # 'standaardpremi', line 10
    assert "hint: bedoelde u 'standaardpremie'" in first["message"]

    # change: fixed, so the file's diagnostics are cleared
    client.notify("textDocument/didChange", {
        "textDocument": {"uri": uri, "version": 2},
        "contentChanges": [{"text": FIXED}]})
    assert client.diagnostics_for(uri) == []

    # a definition without bron or aanname: RS299 as a warning (severity 2), not an error
    uncited = FIXED + "\ndefinitie zonder_grond: getal\n  = 1\n"
    client.notify("textDocument/didChange", {
        "textDocument": {"uri": uri, "version": 3}, "contentChanges": [{"text": uncited}]})
    (warning,) = client.diagnostics_for(uri)
    assert (warning["code"], warning["severity"]) == ("RS299", 2)
    assert warning["range"]["start"]["line"] == len(FIXED.splitlines()) + 1
    client.notify("textDocument/didChange", {
        "textDocument": {"uri": uri, "version": 4}, "contentChanges": [{"text": FIXED}]})
    assert client.diagnostics_for(uri) == []

    at = {"textDocument": {"uri": uri}, "position": position_of(FIXED, "standaardpremie")}
    # hover: kind, type, citation, value on a day and its history (the rules' own figures)
    hover = client.request("textDocument/hover", at)["contents"]["value"]
    assert "**zorgtoeslag.standaardpremie** — parameter: `bedrag per jaar`" in hover
    assert "Wet op de zorgtoeslag artikel 4" in hover
    assert "vanaf 1 januari 2025 € 2.112; vanaf 1 januari 2026 € 2.119" in hover

    # go to definition: the parameter in the installed zorgtoeslag.rules
    program = load_program()
    declared = program.symbols["zorgtoeslag.standaardpremie"].decl.span
    (location,) = client.request("textDocument/definition", at)
    assert location["uri"] == Path(declared.file).resolve().as_uri()
    assert location["range"]["start"]["line"] == declared.line - 1

    # references across regulations: the open file and zorgtoeslag.rules itself
    refs = client.request("textDocument/references", {**at, "context": {
        "includeDeclaration": True}})
    uris = {r["uri"] for r in refs}
    assert uri in uris and Path(declared.file).resolve().as_uri() in uris
    assert len(refs) >= 3  # the declaration, berekende_zorgtoeslag (twice named), ours

    # completion: unqualified through 'gebruikt', qualified, and keywords
    items = client.request("textDocument/completion", {
        "textDocument": {"uri": uri}, "position": {"line": 5, "character": 4}})["items"]
    labels = {i["label"] for i in items}
    assert {"standaardpremie", "zorgtoeslag.zorgtoeslag", "awir.toetsingsinkomen",
            "versie"} <= labels
    assert "normpremie" in labels and "toetsingsinkomen" not in labels  # awir not 'gebruikt'

    # formatting: the whole document in rulescore fmt's layout, the comment kept; a
    # document already formatted needs no edit, one that does not parse gets none
    messy = FIXED.replace("  bron BWBR", "      bron BWBR").replace(
        "= 2 * standaardpremie", "= 2 * standaardpremie  # art. 4")
    client.notify("textDocument/didChange", {
        "textDocument": {"uri": uri, "version": 5}, "contentChanges": [{"text": messy}]})
    client.diagnostics_for(uri)
    fmt = {"textDocument": {"uri": uri}, "options": {"tabSize": 2, "insertSpaces": True}}
    (edit,) = client.request("textDocument/formatting", fmt)
    assert edit["range"]["start"] == {"line": 0, "character": 0}
    assert edit["newText"] == FIXED.rstrip("\n").replace("  = 2 *", "  # art. 4\n  = 2 *") + "\n"
    client.notify("textDocument/didChange", {
        "textDocument": {"uri": uri, "version": 6},
        "contentChanges": [{"text": edit["newText"]}]})
    client.diagnostics_for(uri)
    assert client.request("textDocument/formatting", fmt) == []
    client.notify("textDocument/didChange", {
        "textDocument": {"uri": uri, "version": 7}, "contentChanges": [{"text": OWN + "= (\n"}]})
    client.diagnostics_for(uri)
    assert client.request("textDocument/formatting", fmt) is None
