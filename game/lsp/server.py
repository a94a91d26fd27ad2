"""The language server: pygls wiring between an editor and the pure modules beside this one.

Each open document keeps its text, its index (built on demand for the version the
editor shows) and the validator's findings. Checking waits for a pause in typing
(``DEBOUNCE`` seconds) and runs in one worker thread, so completion and hover answer
while a large file is being validated; a check still waiting when the text changes
again is dropped, and so is the result of one that ran on text changed since. Documents that do not look like scenarios (no schema line, none of the
format's top-level sections) get no diagnostics, so other YAML files stay quiet.

Started by ``brink lsp`` (stdio), as editors expect.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import logging
import re
import sys
from dataclasses import dataclass, field

from lsprotocol import types
from pygls.exceptions import JsonRpcException
from pygls.lsp.server import LanguageServer
from pygls.uris import from_fs_path, to_fs_path

from .. import __version__
from ..scenario.yamlsafe import MAX_BYTES
from . import completion, diagnostics, navigation
from .includes import text_of, with_included
from .index import DocumentIndex, Span, build_index, merged
from .positions import LineIndex

DEBOUNCE = 0.3
TRIGGERS = [".", "[", "{", ",", ":"]
_SCENARIO_HINT = re.compile(r"scenario\.schema\.json|^(?:calendar|roles|variables|endings|summary)\s*:", re.M)

log = logging.getLogger(__name__)

KINDS = {
    "variables": types.CompletionItemKind.Variable,
    "actions": types.CompletionItemKind.Function,
    "roles": types.CompletionItemKind.Class,
    "actors": types.CompletionItemKind.Class,
    "events": types.CompletionItemKind.Event,
    "endings": types.CompletionItemKind.EnumMember,
    "sources": types.CompletionItemKind.Reference,
    "field": types.CompletionItemKind.Property,
    "function": types.CompletionItemKind.Function,
    "state": types.CompletionItemKind.Module,
    "value": types.CompletionItemKind.Value,
}
SYMBOLS = {
    "variables": types.SymbolKind.Variable,
    "actions": types.SymbolKind.Function,
    "roles": types.SymbolKind.Class,
    "actors": types.SymbolKind.Class,
    "events": types.SymbolKind.Event,
    "endings": types.SymbolKind.EnumMember,
    "sources": types.SymbolKind.File,
}
SEVERITY = {"error": types.DiagnosticSeverity.Error, "warning": types.DiagnosticSeverity.Warning}


def looks_like_scenario(text: str) -> bool:
    """Whether a YAML document is (meant to be) a scenario: the schema line, or one of its sections.

    >>> looks_like_scenario("calendar:\\n  turns: 3\\n"), looks_like_scenario("jobs:\\n  build: {}\\n")
    (True, False)
    """
    return _SCENARIO_HINT.search(text[:MAX_BYTES]) is not None


@dataclass
class OpenDocument:
    """What the server knows of one open document."""

    uri: str
    path: str
    version: int = 0
    text: str = ""
    index: DocumentIndex | None = None
    index_version: int = -1
    last_parsed: DocumentIndex | None = None  # the last index of text that parsed, for ids while it does not
    lines: LineIndex | None = None
    pending: asyncio.Task | None = field(default=None, repr=False)


class BrinkServer(LanguageServer):
    """The Brinkmanship scenario language server."""

    def __init__(self) -> None:
        # Full sync: the editor sends the whole text, so the server never splits lines its own way
        # (LSP breaks lines at \n and \r only; Python's splitlines also at U+2028 and friends).
        super().__init__("brink-lsp", __version__, text_document_sync_kind=types.TextDocumentSyncKind.Full)
        self.documents: dict[str, OpenDocument] = {}
        # One thread: checks of a fast typist's keystrokes queue (and the stale ones are cancelled) instead of piling up.
        self.checker = concurrent.futures.ThreadPoolExecutor(max_workers=1, thread_name_prefix="brink-check")

    # -- documents

    def update(self, uri: str, text: str, version: int) -> OpenDocument:
        doc = self.documents.get(uri) or OpenDocument(uri, to_fs_path(uri) or uri)
        doc.text, doc.version, doc.lines = text, version, LineIndex(text)
        self.documents[uri] = doc
        return doc

    def index_of(self, doc: OpenDocument) -> DocumentIndex:
        """The index of the text as it is now (built here if the background check has not yet)."""
        if doc.index is None or doc.index_version != doc.version:
            self._store_index(doc, _index(doc.text, doc.path), doc.version)
        assert doc.index is not None
        return doc.index

    def _store_index(self, doc: OpenDocument, index: DocumentIndex, version: int) -> None:
        if version != doc.version:
            return
        doc.index, doc.index_version = index, version
        if index.parsed:
            doc.last_parsed = index

    @property
    def encoding(self) -> str:
        chosen = self.workspace.position_encoding or "utf-16"
        return str(getattr(chosen, "value", chosen))

    def range_of(self, doc: OpenDocument, span: Span) -> types.Range:
        assert doc.lines is not None
        start, end = doc.lines.position(span.start, self.encoding), doc.lines.position(span.end, self.encoding)
        return types.Range(types.Position(*start), types.Position(*end))

    def offset_of(self, doc: OpenDocument, position: types.Position) -> int:
        assert doc.lines is not None
        return doc.lines.offset(position.line, position.character, self.encoding)

    # -- checking

    def schedule_check(self, doc: OpenDocument, delay: float) -> None:
        if doc.pending is not None and not doc.pending.done():
            doc.pending.cancel()
        doc.pending = asyncio.get_running_loop().create_task(self._check(doc, doc.version, delay))

    async def _check(self, doc: OpenDocument, version: int, delay: float) -> None:
        try:
            await asyncio.sleep(delay)
            text, path = doc.text, doc.path
            loop = asyncio.get_running_loop()
            index, findings = await loop.run_in_executor(self.checker, _analyse, text, path)
        except asyncio.CancelledError:
            return
        if version != doc.version or doc.uri not in self.documents:
            return  # the text changed while it was checked: a newer check is on its way
        self._store_index(doc, index, version)
        diagnostics_ = [
            types.Diagnostic(
                range=self.range_of(doc, Span(f.start, f.end)),
                message=f.message,
                severity=SEVERITY.get(f.severity, types.DiagnosticSeverity.Error),
                code=f.code or None,
                source="brink",
            )
            for f in findings
        ]
        self.text_document_publish_diagnostics(types.PublishDiagnosticsParams(doc.uri, diagnostics_, version=version))


def _index(text: str, path: str = "") -> DocumentIndex:
    if len(text) > MAX_BYTES:
        return DocumentIndex(parsed=False)  # the validator refuses such a file; no index either
    try:
        index = build_index(text)
        return with_included(index, text, path) if path else index
    except Exception:  # noqa: BLE001 - an index bug must not end the session
        log.exception("indexing failed")
        return DocumentIndex(parsed=False)


def _analyse(text: str, path: str) -> tuple[DocumentIndex, list[diagnostics.Finding]]:
    """The index and the validator's findings (none for YAML that is not a scenario); runs in a worker thread."""
    findings = diagnostics.check_text(text, path) if looks_like_scenario(text) else []
    return _index(text, path), findings


server = BrinkServer()


def _doc(ls: BrinkServer, uri: str) -> OpenDocument:
    doc = ls.documents.get(uri)
    if doc is None:  # a request for a document the client never opened: what is on disk, or nothing
        try:
            text = ls.workspace.get_text_document(uri).source
        except (OSError, ValueError):
            text = ""
        doc = ls.update(uri, text, 0)
    return doc


@server.feature(types.TEXT_DOCUMENT_DID_OPEN)
def did_open(ls: BrinkServer, params: types.DidOpenTextDocumentParams) -> None:
    item = params.text_document
    ls.schedule_check(ls.update(item.uri, item.text, item.version), delay=0)


@server.feature(types.TEXT_DOCUMENT_DID_CHANGE)
def did_change(ls: BrinkServer, params: types.DidChangeTextDocumentParams) -> None:
    text = ls.workspace.get_text_document(params.text_document.uri).source
    ls.schedule_check(ls.update(params.text_document.uri, text, params.text_document.version), delay=DEBOUNCE)


@server.feature(types.TEXT_DOCUMENT_DID_SAVE)
def did_save(ls: BrinkServer, params: types.DidSaveTextDocumentParams) -> None:
    doc = ls.documents.get(params.text_document.uri)
    if doc is not None:
        ls.schedule_check(doc, delay=0)


@server.feature(types.TEXT_DOCUMENT_DID_CLOSE)
def did_close(ls: BrinkServer, params: types.DidCloseTextDocumentParams) -> None:
    doc = ls.documents.pop(params.text_document.uri, None)
    if doc is not None and doc.pending is not None:
        doc.pending.cancel()
    ls.text_document_publish_diagnostics(types.PublishDiagnosticsParams(params.text_document.uri, []))


@server.feature(types.TEXT_DOCUMENT_COMPLETION, types.CompletionOptions(trigger_characters=TRIGGERS))
def complete(ls: BrinkServer, params: types.CompletionParams) -> types.CompletionList:
    doc = _doc(ls, params.text_document.uri)
    offset = ls.offset_of(doc, params.position)
    # Ids need no exact positions: the latest index will do, even of a keystroke ago, so completion
    # never waits for an index to be built. Marked unparsed, it is topped up from a scan of the live text.
    index = doc.index or (ls.index_of(doc) if len(doc.text) <= MAX_BYTES else DocumentIndex(parsed=False))
    if doc.index_version != doc.version or not index.parsed:
        index = merged(index, doc.last_parsed or DocumentIndex(parsed=False))
    items = []
    for c in completion.complete(doc.text, offset, index):
        edit = types.TextEdit(ls.range_of(doc, Span(c.start, offset)), c.insert)
        items.append(types.CompletionItem(
            label=c.label,
            kind=KINDS.get(c.kind, types.CompletionItemKind.Text),
            detail=c.detail or None,
            documentation=types.MarkupContent(types.MarkupKind.Markdown, c.documentation) if c.documentation else None,
            text_edit=edit,
            filter_text=c.insert,
        ))
    return types.CompletionList(is_incomplete=False, items=items)


@server.feature(types.TEXT_DOCUMENT_HOVER)
def hover(ls: BrinkServer, params: types.HoverParams) -> types.Hover | None:
    doc = _doc(ls, params.text_document.uri)
    found = navigation.hover(ls.index_of(doc), ls.offset_of(doc, params.position), doc.text)
    if found is None:
        return None
    span, text = found
    return types.Hover(types.MarkupContent(types.MarkupKind.Markdown, text), ls.range_of(doc, span))


@server.feature(types.TEXT_DOCUMENT_DEFINITION)
def definition(ls: BrinkServer, params: types.DefinitionParams) -> types.Location | None:
    doc = _doc(ls, params.text_document.uri)
    found = navigation.definition_of(ls.index_of(doc), ls.offset_of(doc, params.position))
    if found is None:
        return None
    if found.file:  # written in an included file
        lines = LineIndex(text_of(found.file))
        start, end = lines.position(found.span.start, ls.encoding), lines.position(found.span.end, ls.encoding)
        return types.Location(from_fs_path(found.file) or found.file, types.Range(types.Position(*start), types.Position(*end)))
    return types.Location(doc.uri, ls.range_of(doc, found.span))


@server.feature(types.TEXT_DOCUMENT_REFERENCES)
def references(ls: BrinkServer, params: types.ReferenceParams) -> list[types.Location]:
    doc = _doc(ls, params.text_document.uri)
    spans = navigation.references(ls.index_of(doc), ls.offset_of(doc, params.position), params.context.include_declaration)
    return [types.Location(doc.uri, ls.range_of(doc, s)) for s in spans]


@server.feature(types.TEXT_DOCUMENT_PREPARE_RENAME)
def prepare_rename(ls: BrinkServer, params: types.PrepareRenameParams) -> types.Range:
    doc = _doc(ls, params.text_document.uri)
    try:
        return ls.range_of(doc, navigation.rename_target(ls.index_of(doc), ls.offset_of(doc, params.position)))
    except navigation.RenameError as exc:
        raise JsonRpcException(str(exc), code=types.LSPErrorCodes.RequestFailed) from None


@server.feature(types.TEXT_DOCUMENT_RENAME)
def rename(ls: BrinkServer, params: types.RenameParams) -> types.WorkspaceEdit:
    doc = _doc(ls, params.text_document.uri)
    try:
        edits = navigation.rename(ls.index_of(doc), ls.offset_of(doc, params.position), params.new_name)
    except navigation.RenameError as exc:
        raise JsonRpcException(str(exc), code=types.LSPErrorCodes.RequestFailed) from None
    return types.WorkspaceEdit(changes={doc.uri: [types.TextEdit(ls.range_of(doc, span), new) for span, new in edits]})


@server.feature(types.TEXT_DOCUMENT_DOCUMENT_SYMBOL)
def document_symbols(ls: BrinkServer, params: types.DocumentSymbolParams) -> list[types.DocumentSymbol]:
    doc = _doc(ls, params.text_document.uri)
    out = []
    for d in navigation.symbols(ls.index_of(doc)):
        where = ls.range_of(doc, d.span)
        detail = d.info.get("label") or d.info.get("name") or d.info.get("title")
        out.append(types.DocumentSymbol(name=d.name, kind=SYMBOLS.get(d.namespace, types.SymbolKind.Key), range=where,
                                        selection_range=where, detail=f"{d.section}: {detail}" if detail else d.section))
    return out


def main() -> None:
    """Serve over stdin and stdout until the editor says exit.

    The protocol owns stdout; anything else that prints (a library's notice, a stray
    ``print``) goes to stderr instead of corrupting a message.
    """
    protocol_out = sys.stdout.buffer
    sys.stdout = sys.stderr
    logging.basicConfig(level=logging.WARNING, format="brink lsp: %(levelname)s: %(message)s")
    server.start_io(sys.stdin.buffer, protocol_out)
