"""``brink lsp`` over stdio, driven by a real LSP client (pygls's LanguageClient).

The server runs as an editor starts it, ``python -m game lsp``, in a subprocess; one
server serves the whole module (it starts in about a second). Each test opens its own
document, so none depends on another's edits. The hostile cases at the end are each
followed by a request that must still be answered.
"""

from __future__ import annotations

import asyncio
import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

pytest.importorskip("pygls")
from lsprotocol import types  # noqa: E402
from pygls.exceptions import JsonRpcException  # noqa: E402
from pygls.lsp.client import LanguageClient  # noqa: E402

CRISIS = Path(__file__).parent / "data" / "lsp-crisis.yaml"
TEXT = CRISIS.read_text(encoding="utf-8")
ROOT = Path(__file__).resolve().parents[1]
TIMEOUT = 30


class Editor:
    """A client session: opens documents, edits them, asks questions, waits for diagnostics."""

    def __init__(self) -> None:
        self.loop = asyncio.new_event_loop()
        self.client = LanguageClient("brink-tests", "1")
        self.published: dict[str, types.PublishDiagnosticsParams] = {}
        self.versions: dict[str, int] = {}

        @self.client.feature(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
        def _diagnostics(params: types.PublishDiagnosticsParams) -> None:
            self.published[params.uri] = params

        env = dict(os.environ, PYTHONPATH=str(ROOT))
        self.run(self.client.start_io(sys.executable, "-m", "game", "lsp", env=env, cwd=str(ROOT)))
        capabilities = types.ClientCapabilities(
            text_document=types.TextDocumentClientCapabilities(rename=types.RenameClientCapabilities(prepare_support=True)))
        self.initialized = self.run(self.client.initialize_async(types.InitializeParams(capabilities=capabilities)))
        self.client.initialized(types.InitializedParams())

    def run(self, awaitable, timeout: float = TIMEOUT):
        return self.loop.run_until_complete(asyncio.wait_for(awaitable, timeout))

    def open(self, name: str, text: str) -> str:
        uri = (Path("/tmp/brink-lsp-tests") / name).as_uri()
        self.versions[uri] = 1
        self.client.text_document_did_open(types.DidOpenTextDocumentParams(types.TextDocumentItem(uri, "yaml", 1, text)))
        return uri

    def change(self, uri: str, text: str) -> None:
        self.versions[uri] += 1
        identifier = types.VersionedTextDocumentIdentifier(version=self.versions[uri], uri=uri)
        self.client.text_document_did_change(
            types.DidChangeTextDocumentParams(identifier, [types.TextDocumentContentChangeWholeDocument(text)]))

    def diagnostics(self, uri: str) -> list[types.Diagnostic]:
        """The diagnostics of the document's latest version (waits for them)."""
        deadline = time.monotonic() + TIMEOUT
        while time.monotonic() < deadline:
            found = self.published.get(uri)
            if found is not None and found.version == self.versions[uri]:
                return list(found.diagnostics)
            self.run(asyncio.sleep(0.05))
        raise AssertionError(f"no diagnostics for version {self.versions[uri]} of {uri}")

    def ask(self, method: str, params):
        return self.run(getattr(self.client, method)(params))


@pytest.fixture(scope="module")
def editor():
    session = Editor()
    yield session
    session.run(session.client.shutdown_async(None))
    session.client.exit(None)
    session.run(session.client.stop())
    session.loop.close()


def position(text: str, offset: int) -> types.Position:
    """The LSP position (UTF-16 columns) of a character offset."""
    line = text.count("\n", 0, offset)
    start = text.rfind("\n", 0, offset) + 1
    return types.Position(line, len(text[start:offset].encode("utf-16-le")) // 2)


def doc(uri: str) -> types.TextDocumentIdentifier:
    return types.TextDocumentIdentifier(uri)


def covered(text: str, range_: types.Range) -> str:
    lines = text.split("\n")
    line = lines[range_.start.line].encode("utf-16-le")
    assert range_.start.line == range_.end.line
    return line[range_.start.character * 2:range_.end.character * 2].decode("utf-16-le")


# -- the features ------------------------------------------------------------------------------------

def test_the_server_announces_its_features(editor):
    caps = editor.initialized.capabilities
    assert editor.initialized.server_info.name == "brink-lsp"
    assert set(caps.completion_provider.trigger_characters) >= {".", "[", "{"}
    assert caps.hover_provider and caps.definition_provider and caps.references_provider and caps.document_symbol_provider
    assert caps.rename_provider.prepare_provider is True
    assert caps.text_document_sync.change == types.TextDocumentSyncKind.Full


def test_errors_and_warnings_arrive_as_diagnostics_with_exact_ranges(editor):
    text = (TEXT.replace("effects: {readiness: 10,", "effects: {readines: 10,")
            .replace("  talks: {role: us, label: Talks, effects: {tension: -3},", "  talks: {role: us, label: Talks, effects: {},"))
    uri = editor.open("errors.yaml", text)
    found = editor.diagnostics(uri)
    assert [(d.severity, d.message, covered(text, d.range)) for d in found] == [
        (types.DiagnosticSeverity.Error, "unknown variable 'readines' (did you mean 'readiness'?)", "readines")]
    # Fix the error: the warning the validator holds back while there are errors now shows, with its code.
    editor.change(uri, text.replace("readines: 10", "readiness: 10"))
    found = editor.diagnostics(uri)
    assert [(d.severity, d.code, d.source, covered(text, d.range)) for d in found] == [
        (types.DiagnosticSeverity.Warning, "W201", "brink", "talks")]
    editor.change(uri, TEXT)
    assert editor.diagnostics(uri) == []


def test_a_burst_of_edits_ends_with_the_diagnostics_of_the_last_text(editor):
    uri = editor.open("burst.yaml", TEXT)
    word = "readiness / 50"
    for typed in range(1, len("readines") + 1):  # the author types a new name over 'readiness', letter by letter
        editor.change(uri, TEXT.replace(word, "readines"[:typed] + " / 50"))
    found = editor.diagnostics(uri)  # waits for the last version: earlier ones were dropped or superseded
    assert [d.message for d in found] == ["unknown name 'readines' in expression (did you mean 'readiness'?)"]


def test_ranges_count_utf16_units_after_an_emoji(editor):
    text = TEXT.replace('{label: "Readiness 😋", initial: 20,', '{label: "Readiness 😋", initial: 20, sorce: x,')
    uri = editor.open("emoji.yaml", text)
    (found,) = editor.diagnostics(uri)
    assert covered(text, found.range) == "sorce"
    line = text.split("\n")[found.range.start.line]
    assert found.range.start.character == line.index("sorce") + 1  # the emoji is two UTF-16 units


def test_completion_works_while_the_file_does_not_parse(editor):
    marker = "      orders: [sanction_banks]\n"
    at = TEXT.index(marker) + len(marker)
    text = TEXT[:at] + "      otherwise: [" + "\n" + TEXT[at:]
    uri = editor.open("mid-edit.yaml", TEXT)
    editor.change(uri, text)
    offset = at + len("      otherwise: [")
    result = editor.ask("text_document_completion_async", types.CompletionParams(doc(uri), position(text, offset)))
    labels = {item.label for item in result.items}
    assert {"talks", "sanction_banks", "sanction_banks.threaten", "demand_halt.accept"} <= labels
    assert "mass_troops" not in labels  # russia's, not the US's
    assert any("YAML syntax" in d.message for d in editor.diagnostics(uri))


def test_completion_inside_effects_and_expressions(editor):
    marker = "  mass_troops: {role: russia, label: Mass troops, effects: {"
    uri = editor.open("complete.yaml", TEXT)
    offset = TEXT.index(marker) + len(marker)
    result = editor.ask("text_document_completion_async", types.CompletionParams(doc(uri), position(TEXT, offset)))
    by_label = {item.label: item for item in result.items}
    assert set(by_label) == {"tension", "readiness"}
    assert by_label["tension"].detail == "Tension" and by_label["tension"].kind == types.CompletionItemKind.Variable
    text = TEXT.replace('trigger: "readiness >= 80"', 'trigger: "readiness >= 80 and used.ma"')
    editor.change(uri, text)
    offset = text.index("used.ma") + len("used.ma")
    result = editor.ask("text_document_completion_async", types.CompletionParams(
        doc(uri), position(text, offset), types.CompletionContext(types.CompletionTriggerKind.Invoked)))
    (item,) = [i for i in result.items if i.label == "used.mass_troops"]
    assert item.text_edit.new_text == "used.mass_troops"
    assert covered(text, item.text_edit.range) == "used.ma"


def test_hover_shows_label_description_and_source(editor):
    uri = editor.open("hover.yaml", TEXT)
    offset = TEXT.index("tension > 60") + 2
    found = editor.ask("text_document_hover_async", types.HoverParams(doc(uri), position(TEXT, offset)))
    assert found.contents.kind == types.MarkupKind.Markdown
    for phrase in ("**Tension** (`tension`), variable", "How close the crisis is to war.", "The document", "> tensions ascending rapidly"):
        assert phrase in found.contents.value
    assert covered(TEXT, found.range) == "tension"
    nothing = editor.ask("text_document_hover_async", types.HoverParams(doc(uri), position(TEXT, TEXT.index("How close"))))
    assert nothing is None


def test_go_to_definition_and_find_references(editor):
    uri = editor.open("navigate.yaml", TEXT)
    offset = TEXT.index("used.mass_troops") + 7
    found = editor.ask("text_document_definition_async", types.DefinitionParams(doc(uri), position(TEXT, offset)))
    location = found[0] if isinstance(found, list) else found
    assert location.uri == uri and location.range.start == position(TEXT, TEXT.index("  mass_troops: {") + 2)
    refs = editor.ask("text_document_references_async", types.ReferenceParams(
        context=types.ReferenceContext(include_declaration=True), text_document=doc(uri), position=position(TEXT, offset)))
    assert len(refs) == 4 and {covered(TEXT, r.range) for r in refs} == {"mass_troops"}


def test_rename_edits_keys_lists_and_expressions(editor):
    uri = editor.open("rename.yaml", TEXT)
    offset = TEXT.index("imposed.sanction_banks") + 10
    prepared = editor.ask("text_document_prepare_rename_async", types.PrepareRenameParams(doc(uri), position(TEXT, offset)))
    assert covered(TEXT, prepared) == "sanction_banks"
    edit = editor.ask("text_document_rename_async", types.RenameParams(doc(uri), position(TEXT, offset), "bank_ban"))
    edits = edit.changes[uri]
    assert len(edits) == 7 and {e.new_text for e in edits} == {"bank_ban"}
    lines = TEXT.split("\n")
    for e in sorted(edits, key=lambda e: (e.range.start.line, e.range.start.character), reverse=True):
        line = lines[e.range.start.line]
        lines[e.range.start.line] = line[:e.range.start.character] + e.new_text + line[e.range.end.character:]
    renamed = "\n".join(lines)
    assert "bank_ban.threaten" in renamed and "imposed.bank_ban" in renamed and "sanction_banks" not in renamed
    editor.change(uri, renamed)
    assert editor.diagnostics(uri) == []


def test_rename_refuses_what_it_cannot_do(editor):
    uri = editor.open("refuse.yaml", TEXT)
    with pytest.raises(JsonRpcException, match="no id here"):
        editor.ask("text_document_prepare_rename_async", types.PrepareRenameParams(doc(uri), position(TEXT, TEXT.index("How close"))))
    with pytest.raises(JsonRpcException, match="already defined"):
        editor.ask("text_document_rename_async", types.RenameParams(doc(uri), position(TEXT, TEXT.index("  tension:") + 3), "readiness"))


def test_the_outline_lists_every_definition(editor):
    uri = editor.open("symbols.yaml", TEXT)
    found = editor.ask("text_document_document_symbol_async", types.DocumentSymbolParams(doc(uri)))
    names = [s.name for s in found]
    assert names[:4] == ["us", "russia", "nato", "ukraine"] and "border_clash" in names and "standoff" in names
    (tension,) = [s for s in found if s.name == "tension"]
    assert tension.kind == types.SymbolKind.Variable and tension.detail == "variables: Tension"


def test_other_yaml_files_get_no_diagnostics(editor):
    uri = editor.open("workflow.yaml", "name: CI\non: [push]\njobs:\n  build: {runs-on: ubuntu-latest}\n")
    assert editor.diagnostics(uri) == []


# -- hostile input: each is followed by a question the server must still answer ---------------------

def still_answers(editor) -> None:
    uri = editor.open("alive.yaml", TEXT)
    found = editor.ask("text_document_hover_async", types.HoverParams(doc(uri), position(TEXT, TEXT.index("tension > 60") + 1)))
    assert "Tension" in found.contents.value


def test_a_huge_document(editor):
    huge = TEXT + "".join(f"# padding line {i:07d} " + "x" * 60 + "\n" for i in range(30_000))
    uri = editor.open("huge.yaml", huge)
    (found,) = editor.diagnostics(uri)
    assert "too large" in found.message
    result = editor.ask("text_document_completion_async", types.CompletionParams(doc(uri), position(huge, len(huge))))
    assert result is not None
    still_answers(editor)


def test_lone_surrogates(editor):
    text = TEXT.replace("How close the crisis", "How \ud800 close the \udfff crisis")
    uri = editor.open("surrogates.yaml", text)
    (found,) = editor.diagnostics(uri)
    assert "lone surrogate" in found.message and found.range.start == position(text, text.index("\ud800"))
    editor.ask("text_document_hover_async", types.HoverParams(doc(uri), position(text, text.index("\ud800"))))
    still_answers(editor)


def test_a_document_that_is_not_yaml_at_all(editor):
    junk = "# yaml-language-server: $schema=scenario.schema.json\n\x7fELF\x02\x01 ]]: {{ %%% \t\t- [\n" * 3
    uri = editor.open("junk.yaml", junk)
    found = editor.diagnostics(uri)
    assert found and all(d.severity == types.DiagnosticSeverity.Error for d in found)
    for offset in (0, len(junk) // 2, len(junk)):
        editor.ask("text_document_completion_async", types.CompletionParams(doc(uri), position(junk, offset)))
        editor.ask("text_document_hover_async", types.HoverParams(doc(uri), position(junk, offset)))
    still_answers(editor)


def test_a_file_that_includes_a_nan(editor):
    text = TEXT.replace("effects: {tension: 2}}", "effects: {tension: .nan}}").replace("initial: 40", "initial: 40\n    max: .inf")
    uri = editor.open("nan.yaml", text)
    editor.diagnostics(uri)  # whatever the validator says of it, it says it and the server lives
    offset = text.index(".nan") + 1
    editor.ask("text_document_hover_async", types.HoverParams(doc(uri), position(text, offset)))
    editor.ask("text_document_completion_async", types.CompletionParams(doc(uri), position(text, offset)))
    still_answers(editor)


def test_positions_past_the_end_and_unknown_documents(editor):
    uri = editor.open("short.yaml", "roles:\n")
    editor.ask("text_document_hover_async", types.HoverParams(doc(uri), types.Position(999, 999)))
    editor.ask("text_document_completion_async", types.CompletionParams(doc(uri), types.Position(999, 999)))
    unopened = types.HoverParams(doc("file:///never/opened.yaml"), types.Position(0, 0))
    assert editor.ask("text_document_hover_async", unopened) is None
    still_answers(editor)


def read_message(stream) -> dict:
    """One JSON-RPC message: headers up to a blank line, then Content-Length bytes of JSON."""
    length = None
    while True:
        line = stream.readline()
        if not line:
            raise AssertionError("the server closed its output")
        if not line.strip():
            if length is not None:
                return json.loads(stream.read(length))
            continue
        name, _, value = line.decode("ascii").partition(":")
        if name.lower() == "content-length":
            length = int(value)


def test_garbage_on_the_wire_does_not_end_the_server():
    """Raw bytes that are not JSON-RPC, then a real request: the server answers it."""
    server = subprocess.Popen([sys.executable, "-m", "game", "lsp"], cwd=str(ROOT), stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                              stderr=subprocess.DEVNULL, env=dict(os.environ, PYTHONPATH=str(ROOT)))
    try:
        def send(body: bytes) -> None:
            server.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
            server.stdin.flush()

        send(b"{this is not json \xff\xfe")
        send(json.dumps({"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {"capabilities": {}}}).encode())
        reply = read_message(server.stdout)
        while reply.get("id") != 1:  # the server may first report the garbage (window/showMessage)
            reply = read_message(server.stdout)
        assert reply["result"]["serverInfo"]["name"] == "brink-lsp"
    finally:
        server.kill()
        server.wait(timeout=10)


def test_without_pygls_the_command_says_how_to_install_it(capsys, monkeypatch):
    import importlib.util

    from game.cli import main

    real = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec", lambda name, *a: None if name == "pygls" else real(name, *a))
    assert main(["lsp"]) == 2
    assert 'pip install "brinkmanship[lsp]"' in capsys.readouterr().err
