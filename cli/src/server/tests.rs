//! The server in process, driven over an in-memory connection by JSON-RPC messages as a client
//! sends them.

use std::collections::VecDeque;
use std::process::ExitCode;
use std::thread::JoinHandle;
use std::time::Duration;

use lsp_server::{Connection, Message, Notification, Request, RequestId, Response};
use serde_json::{Value, json};

use super::*;

/// How long to wait for a message the server must send; never reached when it works.
const PATIENCE: Duration = Duration::from_secs(20);

struct Client {
    connection: Connection,
    server: JoinHandle<ExitCode>,
    n_requests: i32,
    /// Notifications that arrived while waiting for a response.
    inbox: VecDeque<Notification>,
}

impl Client {
    fn start() -> Client {
        let (server, connection) = Connection::memory();
        let server = std::thread::spawn(move || serve(&server));
        Client { connection, server, n_requests: 0, inbox: VecDeque::new() }
    }

    fn receive(&self) -> Message {
        self.connection.receiver.recv_timeout(PATIENCE).expect("the server answers")
    }

    fn request(&mut self, method: &str, params: Value) -> Response {
        self.n_requests += 1;
        let id = RequestId::from(self.n_requests);
        let request = Request { id: id.clone(), method: method.to_owned(), params };
        self.connection.sender.send(request.into()).unwrap();
        loop {
            match self.receive() {
                Message::Response(response) if response.id == id => return response,
                Message::Notification(notification) => self.inbox.push_back(notification),
                other => panic!("unexpected {other:?}"),
            }
        }
    }

    fn result(&mut self, method: &str, params: Value) -> Value {
        let response = self.request(method, params);
        response.response_result.unwrap_or_else(|err| panic!("{method}: {err:?}"))
    }

    fn error_code(&mut self, method: &str, params: Value) -> i32 {
        self.request(method, params).response_result.expect_err(method).code
    }

    fn notify(&self, method: &str, params: Value) {
        let notification = Notification { method: method.to_owned(), params };
        self.connection.sender.send(notification.into()).unwrap();
    }

    /// The next `textDocument/publishDiagnostics`.
    fn diagnostics(&mut self) -> Value {
        loop {
            let notification = match self.inbox.pop_front() {
                Some(it) => it,
                None => match self.receive() {
                    Message::Notification(it) => it,
                    other => panic!("unexpected {other:?}"),
                },
            };
            if notification.method == "textDocument/publishDiagnostics" {
                return notification.params;
            }
        }
    }

    fn exit(self) -> ExitCode {
        self.notify("exit", Value::Null);
        self.server.join().unwrap()
    }
}

/// Applies protocol text edits to `text`, with a position-to-offset conversion of its own.
fn apply(text: &str, edits: &[Value]) -> String {
    let offset = |position: &Value| {
        let line = position["line"].as_u64().unwrap() as usize;
        let character = position["character"].as_u64().unwrap() as usize;
        let line_start: usize = text.split_inclusive('\n').take(line).map(str::len).sum();
        let mut n_units = 0;
        for (idx, c) in text[line_start..].char_indices() {
            if n_units == character {
                return line_start + idx;
            }
            n_units += c.len_utf16();
        }
        text.len()
    };
    let mut edits: Vec<&Value> = edits.iter().collect();
    edits.sort_by_key(|it| std::cmp::Reverse(offset(&it["range"]["start"])));
    let mut res = text.to_owned();
    for edit in edits {
        let range = offset(&edit["range"]["start"])..offset(&edit["range"]["end"]);
        res.replace_range(range, edit["newText"].as_str().unwrap());
    }
    res
}

const OVERLAY: &str = r#"final: prev: {
  a = mkDerivation { name = "é😀"; env.NIX_LD_FLAGS = "-L/opt"; };
  b = mkDerivation { NIX_CFLAGS_COMPILE = "-O2"; env.NIX_CFLAGS_COMPILE = "-O3"; };
  c = mkDerivation { env.NIX_CXXFLAGS_COMPILE = "-O3"; env.NIX_MY_TOOL = "1"; };
}
"#;

fn range(start: (u32, u32), end: (u32, u32)) -> Value {
    json!({"start": {"line": start.0, "character": start.1}, "end": {"line": end.0, "character": end.1}})
}

fn rules(published: &Value) -> Vec<&str> {
    published["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|it| it["code"].as_str().unwrap())
        .collect()
}

#[test]
fn a_session_from_initialize_to_exit() {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::create_dir(tmp.path().join("overlays")).unwrap();
    std::fs::write(tmp.path().join("hmopt.toml"), "[lint]\nextra-variables = [\"NIX_MY_TOOL\"]\n")
        .unwrap();
    let uri = Url::from_file_path(tmp.path().join("overlays/a.nix")).unwrap();
    let mut client = Client::start();

    let capabilities = json!({"workspace": {"workspaceEdit": {"documentChanges": true}}});
    let init = client.result(
        "initialize",
        json!({"processId": null, "rootUri": null, "capabilities": capabilities}),
    );
    let server = &init["capabilities"];
    assert_eq!(server["positionEncoding"], "utf-16");
    assert_eq!(server["textDocumentSync"]["change"], 1, "full sync");
    assert_eq!(server["textDocumentSync"]["save"], json!({"includeText": false}));
    assert_eq!(
        server["codeActionProvider"]["codeActionKinds"],
        json!(["quickfix", "source.fixAll.hmopt"])
    );
    assert_eq!(server["hoverProvider"], true);
    assert_eq!(init["serverInfo"]["name"], "hmopt");
    client.notify("initialized", json!({}));

    // Open: diagnostics in UTF-16 positions, the configuration found above the file applied.
    client.notify(
        "textDocument/didOpen",
        json!({"textDocument": {"uri": uri, "languageId": "nix", "version": 1, "text": OVERLAY}}),
    );
    let published = client.diagnostics();
    assert_eq!((&published["uri"], &published["version"]), (&json!(uri), &json!(1)));
    assert_eq!(rules(&published), ["unknown-variable", "env-overlap", "unknown-variable"]);
    let typo = &published["diagnostics"][0];
    // `é` is one unit, `😀` two: the name starts at the 39th UTF-16 unit of line 2.
    assert_eq!(typo["range"], range((1, 39), (1, 51)));
    assert_eq!(typo["severity"], 1);
    assert_eq!(typo["source"], "hmopt");
    assert_eq!(
        typo["codeDescription"]["href"],
        "https://hmopt.github.io/hmopt/rules/unknown-variable"
    );
    assert!(typo["message"].as_str().unwrap().starts_with("`NIX_LD_FLAGS` is read by nothing"));
    let overlap = &published["diagnostics"][1];
    assert_eq!(
        overlap["relatedInformation"][0]["location"],
        json!({"uri": uri, "range": range((2, 21), (2, 39))})
    );
    assert_eq!(overlap["relatedInformation"][0]["message"], "top-level `NIX_CFLAGS_COMPILE`");

    // Code actions: the safe fix on line 2, preferred, as a versioned edit; then only quick
    // fixes on line 4 (an unsafe one); then only the fix-all action.
    let params = |range: Value, only: Value| json!({"textDocument": {"uri": uri}, "range": range, "context": {"diagnostics": [], "only": only}});
    let actions =
        client.result("textDocument/codeAction", params(range((1, 40), (1, 40)), Value::Null));
    let titles: Vec<&str> =
        actions.as_array().unwrap().iter().map(|it| it["title"].as_str().unwrap()).collect();
    assert_eq!(
        titles,
        ["Replace with `NIX_LDFLAGS` (safe fix)", "Fix all safe hmopt findings (1 fix)"]
    );
    let quick_fix = &actions[0];
    assert_eq!((&quick_fix["kind"], &quick_fix["isPreferred"]), (&json!("quickfix"), &json!(true)));
    assert_eq!(quick_fix["diagnostics"][0]["range"], typo["range"]);
    let change = &quick_fix["edit"]["documentChanges"][0];
    assert_eq!(change["textDocument"], json!({"uri": uri, "version": 1}));
    let fixed = apply(OVERLAY, change["edits"].as_array().unwrap());
    assert_eq!(fixed, OVERLAY.replace("NIX_LD_FLAGS", "NIX_LDFLAGS"));
    let fix_all = &actions[1];
    assert_eq!(fix_all["kind"], "source.fixAll.hmopt");
    let edits = fix_all["edit"]["documentChanges"][0]["edits"].as_array().unwrap();
    assert_eq!(apply(OVERLAY, edits), fixed);

    let actions = client
        .result("textDocument/codeAction", params(range((3, 30), (3, 30)), json!(["quickfix"])));
    assert_eq!(actions.as_array().unwrap().len(), 1, "{actions}");
    assert_eq!(actions[0]["title"], "Replace with `NIX_CXXSTDLIB_COMPILE` (unsafe fix)");
    assert_eq!(actions[0]["isPreferred"], false);
    let actions = client
        .result("textDocument/codeAction", params(range((0, 0), (0, 0)), json!(["source.fixAll"])));
    assert_eq!(actions.as_array().unwrap().len(), 1);
    assert_eq!(actions[0]["kind"], "source.fixAll.hmopt");
    // Asked again for the same text (the answer is kept), then for a text with two safe fixes:
    // the kept answer is the old text's, and must not be given for the new one.
    let again = client
        .result("textDocument/codeAction", params(range((0, 0), (0, 0)), json!(["source.fixAll"])));
    assert_eq!(again, actions);
    let two = OVERLAY.replace("  c = ", "  d = mkDerivation { env.NIX_LD_FLAGS = \"\"; };\n  c = ");
    client.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": uri, "version": 1}, "contentChanges": [{"text": two}]}),
    );
    client.diagnostics();
    let actions = client
        .result("textDocument/codeAction", params(range((0, 0), (0, 0)), json!(["source.fixAll"])));
    assert_eq!(actions[0]["title"], "Fix all safe hmopt findings (2 fixes)");
    client.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": uri, "version": 1}, "contentChanges": [{"text": OVERLAY}]}),
    );
    client.diagnostics();
    let actions = client
        .result("textDocument/codeAction", params(range((0, 0), (4, 0)), json!(["refactor"])));
    assert_eq!(actions, json!([]));

    // The client applies the fix and sends the new text: the typo is gone.
    client.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": uri, "version": 2}, "contentChanges": [{"text": fixed}]}),
    );
    let published = client.diagnostics();
    assert_eq!(published["version"], 2);
    assert_eq!(rules(&published), ["env-overlap", "unknown-variable"]);

    // A burst of changes: whatever is published is for the text of the version it names, in
    // order, and the last text's diagnostics come last.
    let texts = [
        OVERLAY.to_owned(),
        fixed.replace("NIX_CXXFLAGS_COMPILE", "NIX_CFLAGS_COMPILE"),
        fixed.clone(),
    ];
    let expected = [3, 1, 2];
    for (idx, text) in texts.iter().enumerate() {
        client.notify(
            "textDocument/didChange",
            json!({"textDocument": {"uri": uri, "version": 3 + idx}, "contentChanges": [{"text": text}]}),
        );
    }
    let mut last_version = 2;
    loop {
        let published = client.diagnostics();
        let version = published["version"].as_u64().unwrap() as usize;
        assert!(last_version < version, "{version} after {last_version}");
        assert_eq!(rules(&published).len(), expected[version - 3], "version {version}");
        last_version = version;
        if version == 5 {
            break;
        }
    }

    // Hover: a known variable, a name the configuration declares, a name that is no variable.
    let hover = |client: &mut Client, line: u32, character: u32| {
        let position = json!({"line": line, "character": character});
        client.result(
            "textDocument/hover",
            json!({"textDocument": {"uri": uri}, "position": position}),
        )
    };
    let known = hover(&mut client, 2, 25);
    assert_eq!(known["contents"]["kind"], "markdown");
    let value = known["contents"]["value"].as_str().unwrap();
    assert!(value.starts_with("**`NIX_CFLAGS_COMPILE`** (cc-wrapper)"), "{value}");
    assert!(value.contains("(https://github.com/NixOS/nixpkgs/blob/"), "{value}");
    assert_eq!(known["range"], range((2, 21), (2, 39)));
    let ours = hover(&mut client, 3, 60);
    assert!(ours["contents"]["value"].as_str().unwrap().contains("extra-variables"), "{ours}");
    assert_eq!(hover(&mut client, 1, 8), Value::Null, "`mkDerivation`");
    assert_eq!(hover(&mut client, 99, 99), Value::Null, "past the end");

    // Bad requests get errors, and the session goes on.
    assert_eq!(client.error_code("textDocument/hover", json!({"position": "nowhere"})), -32602);
    assert_eq!(client.error_code("textDocument/definition", json!({})), -32601);
    assert_eq!(client.error_code("initialize", json!({"capabilities": {}})), -32600);
    let unknown = Url::parse("file:///not/open.nix").unwrap();
    let none = client.result(
        "textDocument/codeAction",
        json!({"textDocument": {"uri": unknown}, "range": range((0, 0), (0, 0)), "context": {"diagnostics": []}}),
    );
    assert_eq!(none, json!([]));
    client.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": unknown, "version": 1}, "contentChanges": [{"text": "x"}]}),
    );
    client.notify("textDocument/didOpen", json!({"textDocument": "garbage"}));

    // Close: the diagnostics are cleared. Shutdown, then exit.
    client.notify("textDocument/didClose", json!({"textDocument": {"uri": uri}}));
    let published = client.diagnostics();
    assert_eq!((&published["uri"], &published["diagnostics"]), (&json!(uri), &json!([])));
    assert_eq!(client.result("shutdown", Value::Null), Value::Null);
    assert_eq!(client.error_code("textDocument/hover", json!({})), -32600, "after shutdown");
    assert_eq!(client.exit(), ExitCode::SUCCESS);
}

#[test]
fn exit_without_shutdown_fails_and_so_does_a_client_that_goes_away() {
    let mut client = Client::start();
    client.result("initialize", json!({"capabilities": {}}));
    assert_eq!(client.exit(), ExitCode::FAILURE);
    let mut client = Client::start();
    client.result("initialize", json!({"capabilities": {}}));
    let Client { connection, server, .. } = client;
    drop(connection);
    assert_eq!(server.join().unwrap(), ExitCode::FAILURE);
}

#[test]
fn untitled_documents_use_the_defaults_and_a_broken_configuration_is_shown() {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::write(tmp.path().join("hmopt.toml"), "[lint]\nselect = [\"no-such-rule\"]\n").unwrap();
    let mut client = Client::start();
    client.result("initialize", json!({"capabilities": {}}));
    let untitled = "untitled:Untitled-1";
    let text = "mkDerivation { env.NIX_LD_FLAGS = \"\"; }";
    client.notify(
        "textDocument/didOpen",
        json!({"textDocument": {"uri": untitled, "languageId": "nix", "version": 7, "text": text}}),
    );
    let published = client.diagnostics();
    assert_eq!((&published["uri"], &published["version"]), (&json!(untitled), &json!(7)));
    assert_eq!(rules(&published), ["unknown-variable"]);
    // Without documentChanges, edits go as `changes`.
    let actions = client.result(
        "textDocument/codeAction",
        json!({"textDocument": {"uri": untitled}, "range": range((0, 0), (0, 40)), "context": {"diagnostics": [], "only": ["quickfix"]}}),
    );
    let edits = actions[0]["edit"]["changes"][untitled].as_array().unwrap();
    assert_eq!(apply(text, edits), text.replace("NIX_LD_FLAGS", "NIX_LDFLAGS"));

    let uri = Url::from_file_path(tmp.path().join("a.nix")).unwrap();
    client.notify(
        "textDocument/didOpen",
        json!({"textDocument": {"uri": uri, "languageId": "nix", "version": 1, "text": text}}),
    );
    let published = client.diagnostics();
    let message = published["diagnostics"][0]["message"].as_str().unwrap();
    assert!(
        message.starts_with("nothing was checked: ")
            && message.contains("unknown rule `no-such-rule`"),
        "{message}"
    );
    assert_eq!(published["diagnostics"][0]["range"], range((0, 0), (0, 0)));
    // Fixing the configuration and saving the document checks it.
    std::fs::write(tmp.path().join("hmopt.toml"), "[lint]\nselect = [\"env-overlap\"]\n").unwrap();
    client.notify("textDocument/didSave", json!({"textDocument": {"uri": uri}}));
    let published = client.diagnostics();
    assert_eq!(published["diagnostics"], json!([]), "only env-overlap is selected");
    // The configuration's `exclude` keeps an excluded document quiet; the untitled one keeps
    // the defaults.
    std::fs::write(tmp.path().join("hmopt.toml"), "[lint]\nexclude = [\"*.nix\"]\n").unwrap();
    let config_uri = Url::from_file_path(tmp.path().join("hmopt.toml")).unwrap();
    client.notify(
        "workspace/didChangeWatchedFiles",
        json!({"changes": [{"uri": config_uri, "type": 2}]}),
    );
    let mut published = [client.diagnostics(), client.diagnostics()];
    published.sort_by_key(|it| it["uri"].as_str().unwrap().to_owned());
    assert_eq!((&published[0]["uri"], &published[0]["diagnostics"]), (&json!(uri), &json!([])));
    assert_eq!(
        (&published[1]["uri"], rules(&published[1])),
        (&json!(untitled), vec!["unknown-variable"])
    );
    // A byte-order mark is one UTF-16 unit before the text.
    let bom = "untitled:bom";
    client.notify("textDocument/didOpen", json!({"textDocument": {"uri": bom, "languageId": "nix", "version": 1, "text": format!("\u{feff}{text}")}}));
    let published = client.diagnostics();
    assert_eq!(published["diagnostics"][0]["range"], range((0, 20), (0, 32)));
    let actions = client.result(
        "textDocument/codeAction",
        json!({"textDocument": {"uri": bom}, "range": range((0, 0), (0, 0)), "context": {"diagnostics": [], "only": ["source.fixAll"]}}),
    );
    let edits = actions[0]["edit"]["changes"][bom].as_array().unwrap();
    assert_eq!(
        apply(&format!("\u{feff}{text}"), edits),
        format!("\u{feff}{}", text.replace("NIX_LD_FLAGS", "NIX_LDFLAGS"))
    );
}

#[test]
fn results_for_an_older_text_are_dropped() {
    let (server_side, client) = Connection::memory();
    let (jobs, pending_jobs) = crossbeam_channel::unbounded();
    let mut server = Server {
        connection: &server_side,
        documents: HashMap::new(),
        due: HashMap::new(),
        jobs,
        document_changes: false,
        shutdown_requested: false,
        n_generations: 0,
    };
    let uri = Url::parse("untitled:a").unwrap();
    let open = json!({"textDocument": {"uri": uri, "languageId": "nix", "version": 1, "text": "{ env.NIX_LD_FLAGS = 1; }"}});
    server.did_open(serde_json::from_value(open).unwrap());
    server.start_due();
    // Each change is handed to the worker at once (as if the pause had passed), while the worker
    // has not looked yet.
    for (version, text) in [(2, "{ env.NIX_CFLAGS = 1; }"), (3, "{ env.NIX_LDFLAGS = 1; }")] {
        let change = json!({"textDocument": {"uri": uri, "version": version}, "contentChanges": [{"text": text}]});
        server.did_change(serde_json::from_value(change).unwrap());
        server.due.insert(uri.clone(), Instant::now());
        server.start_due();
    }
    assert_eq!(pending_jobs.len(), 3);
    server.jobs = crossbeam_channel::unbounded().0;
    let (linted, done) = crossbeam_channel::unbounded();
    lint_jobs(&pending_jobs, &linted);
    let results: Vec<Linted> = done.try_iter().collect();
    assert_eq!(results.len(), 1, "only the newest job is linted");
    assert_eq!((results[0].generation, results[0].diagnostics.len()), (3, 0));

    // A result for an older generation is not published; the current one is.
    let old_text = "{ env.NIX_CFLAGS = 1; }";
    let config = Config::defaults(&Overrides::from_flags(None, &[]).unwrap()).unwrap();
    let stale = Linted {
        uri: uri.clone(),
        generation: 2,
        diagnostics: lint_text(old_text, &config, None, None),
    };
    assert_eq!(stale.diagnostics.len(), 1);
    server.publish_linted(stale);
    assert!(client.receiver.try_recv().is_err(), "nothing published for generation 2");
    server.publish_linted(results.into_iter().next().unwrap());
    let Ok(Message::Notification(published)) = client.receiver.try_recv() else {
        panic!("published")
    };
    assert_eq!(
        (&published.params["version"], &published.params["diagnostics"]),
        (&json!(3), &json!([]))
    );
}
