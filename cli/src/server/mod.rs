//! `hmopt server`: a Language Server over standard input and output (`lsp-server` for the
//! connection and message types, `lsp-types` for the protocol's types, as rust-analyzer does).
//!
//! - Diagnostics when a document is opened, changed or saved. Documents are synchronized whole
//!   (full sync); after a change the server waits [`DEBOUNCE`] for the typing to pause, then a
//!   worker thread lints the text. Every change bumps the document's generation, and a result
//!   for an older generation is dropped, never published.
//! - Code actions: one quick fix per fix (labelled safe or unsafe, the safe one preferred), and
//!   `source.fixAll.hmopt`, all safe fixes at once (what editors run on save).
//! - Hover on any `NIX_*` name: the knowledge base's entry with links to the files that read it.
//! - `hmopt.toml` is found for each document as `hmopt check` finds it for a file; `exclude`
//!   applies (an excluded document gets no diagnostics). Saving any document reads the
//!   configuration again.
//! - Positions are UTF-16 code units, as the protocol asks.
//!
//! Nothing a client sends crashes the server: requests with bad parameters get an error
//! response, unknown methods `MethodNotFound`, messages that are not JSON-RPC are logged and
//! skipped (see [`transport`]). The log goes to standard error.

mod convert;
mod hover;
mod transport;

use std::collections::HashMap;
use std::panic::AssertUnwindSafe;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;
use std::time::{Duration, Instant};

use crossbeam_channel::{Receiver, Sender};
use hmopt_core::lint::{self, Applicability, Diagnostic};
use hmopt_core::text::split_bom;
use lsp_server::{Connection, ErrorCode, Message, Notification, Request, RequestId, Response};
use lsp_types::{
    CodeAction, CodeActionKind, CodeActionOptions, CodeActionOrCommand, CodeActionParams,
    CodeActionProviderCapability, DiagnosticSeverity, DidChangeTextDocumentParams,
    DidChangeWatchedFilesParams, DidCloseTextDocumentParams, DidOpenTextDocumentParams,
    DidSaveTextDocumentParams, DocumentChanges, Hover, HoverContents, HoverParams,
    HoverProviderCapability, InitializeParams, InitializeResult, MarkupContent, MarkupKind, OneOf,
    OptionalVersionedTextDocumentIdentifier, PositionEncodingKind, PublishDiagnosticsParams,
    SaveOptions, ServerCapabilities, ServerInfo, TextDocumentEdit, TextDocumentSyncCapability,
    TextDocumentSyncKind, TextDocumentSyncOptions, TextDocumentSyncSaveOptions, TextEdit, Url,
    WorkspaceEdit,
};
use serde::de::DeserializeOwned;

use crate::config::{self, Config, Overrides};
use crate::out;
use crate::server::convert::Text;
use crate::walk::ConfigCache;

/// Flags of `hmopt server`.
#[derive(Debug, clap::Args)]
pub(crate) struct ServerArgs {
    /// Accepted for clients that pass it: standard input and output is the only transport.
    #[arg(long)]
    stdio: bool,
}

/// How long typing must pause before a changed document is linted again.
pub(crate) const DEBOUNCE: Duration = Duration::from_millis(150);

/// The kind of the "fix all safe findings" action; editors run `source.fixAll` on save.
const FIX_ALL_KIND: &str = "source.fixAll.hmopt";

pub(crate) fn run(_args: &ServerArgs) -> anyhow::Result<ExitCode> {
    log(&format!(
        "hmopt {} language server, on standard input and output",
        env!("CARGO_PKG_VERSION")
    ));
    let (connection, writer) = transport::stdio();
    let code = serve(&connection);
    drop(connection);
    writer.join();
    Ok(code)
}

/// Prints `hmopt server: <message>` on standard error, the server's log.
pub(crate) fn log(message: &str) {
    out::stderr(&format!("hmopt server: {message}\n"));
}

/// Serves one client on `connection` until `exit`: status 0 after `shutdown`, else 1.
pub(crate) fn serve(connection: &Connection) -> ExitCode {
    let (id, params) = match connection.initialize_start() {
        Ok(it) => it,
        Err(err) => {
            log(&format!("no `initialize` request: {err}"));
            return ExitCode::FAILURE;
        }
    };
    let params: InitializeParams = serde_json::from_value(params).unwrap_or_else(|err| {
        log(&format!("`initialize` parameters not understood ({err}); assuming a minimal client"));
        InitializeParams::default()
    });
    let document_changes = params
        .capabilities
        .workspace
        .and_then(|it| it.workspace_edit)
        .and_then(|it| it.document_changes)
        .unwrap_or(false);
    let result = InitializeResult {
        capabilities: capabilities(),
        server_info: Some(ServerInfo {
            name: "hmopt".to_owned(),
            version: Some(env!("CARGO_PKG_VERSION").to_owned()),
        }),
    };
    let _ = connection.sender.send(Response::new_ok(id, result).into());

    let (jobs, pending_jobs) = crossbeam_channel::unbounded();
    let (linted, done) = crossbeam_channel::unbounded();
    let worker = std::thread::spawn(move || lint_jobs(&pending_jobs, &linted));
    let mut server = Server {
        connection,
        documents: HashMap::new(),
        due: HashMap::new(),
        jobs,
        document_changes,
        shutdown_requested: false,
        n_generations: 0,
    };
    let code = server.main_loop(&done);
    drop(server);
    let _ = worker.join();
    code
}

fn capabilities() -> ServerCapabilities {
    ServerCapabilities {
        position_encoding: Some(PositionEncodingKind::UTF16),
        text_document_sync: Some(TextDocumentSyncCapability::Options(TextDocumentSyncOptions {
            open_close: Some(true),
            change: Some(TextDocumentSyncKind::FULL),
            will_save: None,
            will_save_wait_until: None,
            save: Some(TextDocumentSyncSaveOptions::SaveOptions(SaveOptions {
                include_text: Some(false),
            })),
        })),
        code_action_provider: Some(CodeActionProviderCapability::Options(CodeActionOptions {
            code_action_kinds: Some(vec![
                CodeActionKind::QUICKFIX,
                CodeActionKind::new(FIX_ALL_KIND),
            ]),
            work_done_progress_options: Default::default(),
            resolve_provider: Some(false),
        })),
        hover_provider: Some(HoverProviderCapability::Simple(true)),
        ..ServerCapabilities::default()
    }
}

struct Server<'a> {
    connection: &'a Connection,
    documents: HashMap<Url, Document>,
    /// Documents to lint, and when.
    due: HashMap<Url, Instant>,
    jobs: Sender<Job>,
    /// Whether the client takes versioned edits (`documentChanges`), which it refuses to apply
    /// to a newer text.
    document_changes: bool,
    shutdown_requested: bool,
    n_generations: u64,
}

/// An open document.
struct Document {
    /// The client's version of the text.
    version: i32,
    text: String,
    /// Changes with the text and the configuration: a result for another generation is stale.
    generation: u64,
    /// The file, for `file:` URIs.
    path: Option<PathBuf>,
    config: Result<Arc<Config>, String>,
    /// The diagnostics of this generation, once linted.
    linted: Option<(u64, Vec<Diagnostic>)>,
    /// "Fix all safe" for this generation, once asked: how many fixes and the one edit.
    fixed_all: Option<(u64, Option<(usize, lint::Edit)>)>,
}

/// A document to lint on the worker thread.
struct Job {
    uri: Url,
    generation: u64,
    text: String,
    config: Arc<Config>,
    path: Option<PathBuf>,
}

/// The worker's answer to a [`Job`].
struct Linted {
    uri: Url,
    generation: u64,
    diagnostics: Vec<Diagnostic>,
}

/// What went wrong with a request: the error code and message of the response.
type RequestError = (ErrorCode, String);

impl Server<'_> {
    fn main_loop(&mut self, done: &Receiver<Linted>) -> ExitCode {
        let connection = self.connection;
        loop {
            let timer = match self.due.values().min() {
                Some(at) => crossbeam_channel::at(*at),
                None => crossbeam_channel::never(),
            };
            crossbeam_channel::select! {
                recv(connection.receiver) -> message => match message {
                    Ok(Message::Notification(it)) if it.method == "exit" => {
                        return match self.shutdown_requested {
                            true => ExitCode::SUCCESS,
                            false => {
                                log("`exit` without `shutdown`");
                                ExitCode::FAILURE
                            }
                        };
                    }
                    Ok(message) => self.handle(message),
                    Err(_) => {
                        log("the client closed the connection without `exit`");
                        return ExitCode::FAILURE;
                    }
                },
                recv(done) -> linted => {
                    if let Ok(linted) = linted {
                        self.publish_linted(linted);
                    }
                }
                recv(timer) -> _ => self.start_due(),
            }
        }
    }

    /// Handles one message; a bug in hmopt answers the request with an error instead of ending
    /// the session.
    fn handle(&mut self, message: Message) {
        let id = match &message {
            Message::Request(request) => Some(request.id.clone()),
            _ => None,
        };
        let res = std::panic::catch_unwind(AssertUnwindSafe(|| match message {
            Message::Request(request) => self.on_request(request),
            Message::Notification(notification) => self.on_notification(notification),
            // The server sends no requests: there is nothing to match a response with.
            Message::Response(_) => {}
        }));
        if res.is_err() {
            log("internal error (a bug in hmopt, please report it); the session goes on");
            if let Some(id) = id {
                let message = "hmopt failed on this request (a bug, please report it)".to_owned();
                self.send(Response::new_err(id, ErrorCode::InternalError as i32, message));
            }
        }
    }

    fn on_request(&mut self, request: Request) {
        let Request { id, method, params } = request;
        let res = if self.shutdown_requested {
            Err((
                ErrorCode::InvalidRequest,
                "the server is shutting down: only `exit` is expected".to_owned(),
            ))
        } else {
            match method.as_str() {
                "shutdown" => {
                    self.shutdown_requested = true;
                    Ok(serde_json::Value::Null)
                }
                "textDocument/codeAction" => parse::<CodeActionParams>(&method, params)
                    .map(|params| to_value(self.code_actions(&params))),
                "textDocument/hover" => parse::<HoverParams>(&method, params)
                    .map(|params| to_value(self.hover(&params))),
                "initialize" => {
                    Err((ErrorCode::InvalidRequest, "`initialize` was already received".to_owned()))
                }
                _ => Err((ErrorCode::MethodNotFound, format!("hmopt does not handle `{method}`"))),
            }
        };
        let response = match res {
            Ok(value) => Response { id, response_result: Ok(value) },
            Err((code, message)) => {
                log(&message);
                Response::new_err(id, code as i32, message)
            }
        };
        self.send(response);
    }

    fn on_notification(&mut self, notification: Notification) {
        let Notification { method, params } = notification;
        let res = match method.as_str() {
            "textDocument/didOpen" => parse(&method, params).map(|it| self.did_open(it)),
            "textDocument/didChange" => parse(&method, params).map(|it| self.did_change(it)),
            "textDocument/didSave" => parse(&method, params).map(|it| self.did_save(&it)),
            "textDocument/didClose" => parse(&method, params).map(|it| self.did_close(&it)),
            "workspace/didChangeWatchedFiles" => {
                parse::<DidChangeWatchedFilesParams>(&method, params).map(|it| {
                    let is_config =
                        |uri: &Url| uri.path().rsplit('/').next() == Some(config::FILE_NAME);
                    if it.changes.iter().any(|change| is_config(&change.uri)) {
                        self.reload_configs();
                    }
                })
            }
            transport::INVALID_REQUEST => {
                #[derive(serde::Deserialize)]
                struct Invalid {
                    id: RequestId,
                    message: String,
                }
                parse::<Invalid>(&method, params).map(|it| {
                    let code = ErrorCode::InvalidRequest as i32;
                    self.send(Response::new_err(it.id, code, it.message));
                })
            }
            // `initialized`, `$/cancelRequest`, `$/setTrace`, settings ...: nothing to do.
            _ => Ok(()),
        };
        if let Err((_, message)) = res {
            log(&message);
        }
    }

    fn did_open(&mut self, params: DidOpenTextDocumentParams) {
        let document = params.text_document;
        let path = file_path(&document.uri);
        let config = resolve_config(path.as_deref());
        self.n_generations += 1;
        let generation = self.n_generations;
        let new = Document {
            version: document.version,
            text: document.text,
            generation,
            path,
            config,
            linted: None,
            fixed_all: None,
        };
        self.documents.insert(document.uri.clone(), new);
        self.due.insert(document.uri, Instant::now());
    }

    fn did_change(&mut self, params: DidChangeTextDocumentParams) {
        let uri = params.text_document.uri;
        let Some(document) = self.documents.get_mut(&uri) else {
            log(&format!("a change to {uri}, which is not open: ignored"));
            return;
        };
        for change in params.content_changes {
            match change.range {
                None => document.text = change.text,
                // Full sync was asked for, but a client may still send ranges.
                Some(range) => {
                    let range = Text::new(&document.text).offsets(range);
                    document.text.replace_range(range, &change.text);
                }
            }
        }
        self.n_generations += 1;
        document.version = params.text_document.version;
        document.generation = self.n_generations;
        document.linted = None;
        self.due.insert(uri, Instant::now() + DEBOUNCE);
    }

    fn did_save(&mut self, params: &DidSaveTextDocumentParams) {
        let uri = &params.text_document.uri;
        if uri.path().rsplit('/').next() == Some(config::FILE_NAME) {
            self.reload_configs();
            return;
        }
        let Some(document) = self.documents.get_mut(uri) else {
            return;
        };
        // hmopt.toml may have changed meanwhile: saving is the moment to look again.
        document.config = resolve_config(document.path.as_deref());
        self.n_generations += 1;
        document.generation = self.n_generations;
        document.linted = None;
        self.due.insert(uri.clone(), Instant::now());
    }

    fn did_close(&mut self, params: &DidCloseTextDocumentParams) {
        let uri = &params.text_document.uri;
        self.documents.remove(uri);
        self.due.remove(uri);
        let params = PublishDiagnosticsParams::new(uri.clone(), Vec::new(), None);
        self.notify::<lsp_types::notification::PublishDiagnostics>(params);
    }

    fn reload_configs(&mut self) {
        let now = Instant::now();
        for (uri, document) in &mut self.documents {
            document.config = resolve_config(document.path.as_deref());
            self.n_generations += 1;
            document.generation = self.n_generations;
            document.linted = None;
            self.due.insert(uri.clone(), now);
        }
    }

    /// Hands the documents whose time has come to the worker.
    fn start_due(&mut self) {
        let now = Instant::now();
        let due: Vec<Url> =
            self.due.iter().filter(|(_, at)| **at <= now).map(|(uri, _)| uri.clone()).collect();
        for uri in due {
            self.due.remove(&uri);
            let Some(document) = self.documents.get(&uri) else { continue };
            if is_config_file(document) {
                continue;
            }
            match &document.config {
                Ok(config) => {
                    let job = Job {
                        uri,
                        generation: document.generation,
                        text: document.text.clone(),
                        config: Arc::clone(config),
                        path: document.path.clone(),
                    };
                    let _ = self.jobs.send(job);
                }
                Err(err) => {
                    let diagnostic = lsp_types::Diagnostic {
                        severity: Some(DiagnosticSeverity::ERROR),
                        source: Some("hmopt".to_owned()),
                        message: format!("nothing was checked: {err}"),
                        ..lsp_types::Diagnostic::default()
                    };
                    let params = PublishDiagnosticsParams::new(
                        uri,
                        vec![diagnostic],
                        Some(document.version),
                    );
                    self.notify::<lsp_types::notification::PublishDiagnostics>(params);
                }
            }
        }
    }

    /// Publishes what the worker found, unless the document changed since.
    fn publish_linted(&mut self, linted: Linted) {
        let Some(document) = self.documents.get_mut(&linted.uri) else { return };
        if document.generation != linted.generation {
            return;
        }
        let text = Text::new(&document.text);
        let diagnostics = linted
            .diagnostics
            .iter()
            .map(|it| convert::diagnostic(&linted.uri, &text, it))
            .collect();
        let params = PublishDiagnosticsParams::new(linted.uri, diagnostics, Some(document.version));
        document.linted = Some((linted.generation, linted.diagnostics));
        self.notify::<lsp_types::notification::PublishDiagnostics>(params);
    }

    /// The diagnostics of `uri`'s current text: the worker's, or linted now.
    fn current_diagnostics(&mut self, uri: &Url) -> Vec<Diagnostic> {
        let Some(document) = self.documents.get_mut(uri) else { return Vec::new() };
        let Ok(config) = &document.config else { return Vec::new() };
        match &document.linted {
            Some((generation, diagnostics)) if *generation == document.generation => {
                diagnostics.clone()
            }
            _ => {
                let path = document.path.as_deref();
                let diagnostics = lint_text(&document.text, config, path, None);
                document.linted = Some((document.generation, diagnostics.clone()));
                diagnostics
            }
        }
    }

    /// "Fix all safe" for `uri`'s current text: how many fixes and the one edit that makes
    /// them, computed once per generation (clients ask for code actions as the cursor moves).
    fn fix_all_edit(&mut self, uri: &Url) -> Option<(usize, lint::Edit)> {
        let document = self.documents.get_mut(uri)?;
        if let Some((generation, cached)) = &document.fixed_all
            && *generation == document.generation
        {
            return cached.clone();
        }
        let config = document.config.as_ref().ok()?;
        let (bom, source) = split_bom(&document.text);
        let outcome = lint::fix_all(source, &config.lint, false);
        let res = (0 < outcome.n_applied).then(|| {
            let mut edit = convert::replacement(source, &outcome.text);
            edit.range = edit.range.start + bom.len()..edit.range.end + bom.len();
            (outcome.n_applied, edit)
        });
        document.fixed_all = Some((document.generation, res.clone()));
        res
    }

    fn code_actions(&mut self, params: &CodeActionParams) -> Vec<CodeActionOrCommand> {
        let uri = &params.text_document.uri;
        let diagnostics = self.current_diagnostics(uri);
        let only = params.context.only.as_deref();
        let any_safe = diagnostics
            .iter()
            .any(|it| it.fix.as_ref().is_some_and(|fix| fix.applicability == Applicability::Safe));
        let fix_all =
            if wanted(only, FIX_ALL_KIND) && any_safe { self.fix_all_edit(uri) } else { None };
        let Some(document) = self.documents.get(uri) else { return Vec::new() };
        let text = Text::new(&document.text);
        let range = text.offsets(params.range);
        let mut res = Vec::new();
        if wanted(only, CodeActionKind::QUICKFIX.as_str()) {
            for diagnostic in &diagnostics {
                let Some(fix) = &diagnostic.fix else { continue };
                if range.end < diagnostic.range.start || diagnostic.range.end < range.start {
                    continue;
                }
                let safe = fix.applicability == Applicability::Safe;
                res.push(CodeActionOrCommand::CodeAction(CodeAction {
                    title: fix.label(),
                    kind: Some(CodeActionKind::QUICKFIX),
                    diagnostics: Some(vec![convert::diagnostic(uri, &text, diagnostic)]),
                    edit: Some(self.edit(uri, document, convert::text_edits(&text, &fix.edits))),
                    is_preferred: Some(safe),
                    ..CodeAction::default()
                }));
            }
        }
        if let Some((n_applied, edit)) = fix_all {
            let edits = convert::text_edits(&text, &[edit]);
            res.push(CodeActionOrCommand::CodeAction(CodeAction {
                title: format!(
                    "Fix all safe hmopt findings ({n_applied} fix{})",
                    if n_applied == 1 { "" } else { "es" }
                ),
                kind: Some(CodeActionKind::new(FIX_ALL_KIND)),
                edit: Some(self.edit(uri, document, edits)),
                ..CodeAction::default()
            }));
        }
        res
    }

    /// An edit of `document`: versioned when the client takes that, so that it is not applied
    /// to a text that changed since.
    fn edit(&self, uri: &Url, document: &Document, edits: Vec<TextEdit>) -> WorkspaceEdit {
        if !self.document_changes {
            return WorkspaceEdit::new(HashMap::from([(uri.clone(), edits)]));
        }
        let text_document = OptionalVersionedTextDocumentIdentifier {
            uri: uri.clone(),
            version: Some(document.version),
        };
        let edits = edits.into_iter().map(OneOf::Left).collect();
        WorkspaceEdit {
            document_changes: Some(DocumentChanges::Edits(vec![TextDocumentEdit {
                text_document,
                edits,
            }])),
            ..WorkspaceEdit::default()
        }
    }

    fn hover(&self, params: &HoverParams) -> Option<Hover> {
        let position = &params.text_document_position_params;
        let document = self.documents.get(&position.text_document.uri)?;
        let text = Text::new(&document.text);
        let range = hover::name_at(&document.text, text.offset(position.position))?;
        let extra = match &document.config {
            Ok(config) => config.lint.extra_variables.as_slice(),
            Err(_) => &[],
        };
        let value = hover::markdown(&document.text[range.clone()], extra);
        Some(Hover {
            contents: HoverContents::Markup(MarkupContent { kind: MarkupKind::Markdown, value }),
            range: Some(text.range(&range)),
        })
    }

    fn notify<N: lsp_types::notification::Notification>(&self, params: N::Params) {
        self.send(Notification::new(N::METHOD.to_owned(), params));
    }

    fn send(&self, message: impl Into<Message>) {
        // The client is gone when this fails: the main loop finds out on its next read.
        let _ = self.connection.sender.send(message.into());
    }
}

/// Lints the jobs `jobs` hands over until it closes. Jobs that queued up meanwhile are taken
/// together, and only the newest of each document is linted: the others are stale already.
/// Each document's linter keeps its last tree, for the next keystroke (up to
/// `KEPT_DOCUMENTS` documents).
fn lint_jobs(jobs: &Receiver<Job>, linted: &Sender<Linted>) {
    const KEPT_DOCUMENTS: usize = 16;
    let mut linters: HashMap<Url, lint::Incremental> = HashMap::new();
    while let Ok(first) = jobs.recv() {
        let mut batch = vec![first];
        for job in jobs.try_iter() {
            match batch.iter_mut().find(|it| it.uri == job.uri) {
                Some(older) => *older = job,
                None => batch.push(job),
            }
        }
        for job in batch {
            if !linters.contains_key(&job.uri) && KEPT_DOCUMENTS <= linters.len() {
                linters.clear();
            }
            let linter = linters.entry(job.uri.clone()).or_default();
            let res = std::panic::catch_unwind(AssertUnwindSafe(|| {
                lint_text(&job.text, &job.config, job.path.as_deref(), Some(linter))
            }));
            let Ok(diagnostics) = res else {
                linters.remove(&job.uri);
                log(&format!("cannot lint {} (a bug in hmopt, please report it)", job.uri));
                continue;
            };
            let done = Linted { uri: job.uri, generation: job.generation, diagnostics };
            if linted.send(done).is_err() {
                return;
            }
        }
    }
}

/// The diagnostics of `text` (ranges into `text`, byte-order mark included) under `config`; none
/// when `config` excludes `path`. `linter`, when given, linted the document's earlier texts.
fn lint_text(
    text: &str,
    config: &Config,
    path: Option<&Path>,
    linter: Option<&mut lint::Incremental>,
) -> Vec<Diagnostic> {
    if path.is_some_and(|it| config.is_excluded(it)) {
        return Vec::new();
    }
    let (bom, source) = split_bom(text);
    let mut diagnostics = match linter {
        Some(linter) => linter.lint(source, &config.lint),
        None => lint::lint(source, &config.lint),
    };
    if !bom.is_empty() {
        let shift = |range: &mut std::ops::Range<usize>| {
            *range = range.start + bom.len()..range.end + bom.len();
        };
        for diagnostic in &mut diagnostics {
            shift(&mut diagnostic.range);
            if let Some(related) = &mut diagnostic.related {
                shift(&mut related.range);
            }
            for edit in diagnostic.fix.iter_mut().flat_map(|it| &mut it.edits) {
                shift(&mut edit.range);
            }
        }
    }
    diagnostics
}

fn file_path(uri: &Url) -> Option<PathBuf> {
    match uri.scheme() {
        "file" => uri.to_file_path().ok(),
        _ => None,
    }
}

fn is_config_file(document: &Document) -> bool {
    document.path.as_deref().and_then(Path::file_name).is_some_and(|it| it == config::FILE_NAME)
}

/// The configuration for a document at `path`: the nearest `hmopt.toml`, read afresh, or the
/// defaults for a document that is no file (`untitled:`).
fn resolve_config(path: Option<&Path>) -> Result<Arc<Config>, String> {
    let overrides = Overrides::from_flags(None, &[]).map_err(|err| format!("{err:#}"))?;
    let res = match path.and_then(Path::parent) {
        Some(dir) => ConfigCache::new(None, overrides).for_dir(dir),
        None => Config::defaults(&overrides).map(Arc::new),
    };
    res.map_err(|err| {
        let message = format!("{err:#}");
        log(&message);
        message
    })
}

fn parse<P: DeserializeOwned>(method: &str, params: serde_json::Value) -> Result<P, RequestError> {
    serde_json::from_value(params).map_err(|err| {
        (ErrorCode::InvalidParams, format!("invalid parameters of `{method}`: {err}"))
    })
}

fn to_value(value: impl serde::Serialize) -> serde_json::Value {
    serde_json::to_value(value).unwrap_or(serde_json::Value::Null)
}

/// Whether a code action of `kind` is among those the client asked for (`only`: kinds or
/// their parents, as `source` is of `source.fixAll.hmopt`).
fn wanted(only: Option<&[CodeActionKind]>, kind: &str) -> bool {
    only.is_none_or(|only| {
        only.iter().any(|it| {
            let it = it.as_str();
            kind == it || kind.strip_prefix(it).is_some_and(|rest| rest.starts_with('.'))
        })
    })
}

#[cfg(test)]
mod tests;
