//! `hmopt server` as editors run it: a separate process speaking JSON-RPC on its standard input
//! and output, first to a test client that sends bad input too, then to Neovim's built-in
//! client.

use std::io::{BufRead, BufReader, Read, Write};
use std::process::{Child, ChildStdout, Command, Stdio};

use serde_json::{Value, json};

use crate::{hmopt_bin, require, run_ok};

fn frame(message: &Value) -> Vec<u8> {
    let body = message.to_string();
    format!("Content-Length: {}\r\n\r\n{body}", body.len()).into_bytes()
}

fn read_message(out: &mut BufReader<ChildStdout>) -> Value {
    let mut length = 0;
    loop {
        let mut line = String::new();
        assert!(out.read_line(&mut line).unwrap() > 0, "the server closed its output");
        let line = line.trim_end();
        if line.is_empty() {
            break;
        }
        if let Some(value) = line.strip_prefix("Content-Length: ") {
            length = value.parse().unwrap();
        }
    }
    let mut body = vec![0; length];
    out.read_exact(&mut body).unwrap();
    serde_json::from_slice(&body).unwrap()
}

fn spawn() -> (Child, BufReader<ChildStdout>) {
    let mut child = Command::new(hmopt_bin())
        .args(["server", "--stdio"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let stdout = BufReader::new(child.stdout.take().unwrap());
    (child, stdout)
}

#[test]
fn the_server_process_survives_bad_input_and_exits_cleanly() {
    let (mut child, mut out) = spawn();
    let mut input = child.stdin.take().unwrap();
    let mut send = |bytes: &[u8]| input.write_all(bytes).unwrap();
    send(&frame(
        &json!({"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {"capabilities": {}}}),
    ));
    assert_eq!(read_message(&mut out)["result"]["serverInfo"]["name"], "hmopt");
    send(&frame(&json!({"jsonrpc": "2.0", "method": "initialized", "params": {}})));
    // Not JSON; JSON but no message (with an id: answered); a body that is not UTF-8.
    send(b"Content-Length: 9\r\n\r\n{not json");
    send(&frame(&json!({"jsonrpc": "2.0", "id": 2, "params": []})));
    send(b"Content-Length: 2\r\n\r\n\xff\xfe");
    let answer = read_message(&mut out);
    assert_eq!((answer["id"].clone(), answer["error"]["code"].clone()), (json!(2), json!(-32600)));
    let uri = "untitled:buffer";
    let text = "mkDerivation { env.NIX_LD_FLAGS = \"\"; }";
    send(&frame(
        &json!({"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": {"textDocument": {"uri": uri, "languageId": "nix", "version": 1, "text": text}}}),
    ));
    let published = read_message(&mut out);
    assert_eq!(published["method"], "textDocument/publishDiagnostics");
    assert_eq!(published["params"]["diagnostics"][0]["code"], "unknown-variable");
    send(&frame(&json!({"jsonrpc": "2.0", "id": 3, "method": "shutdown"})));
    assert_eq!(read_message(&mut out), json!({"jsonrpc": "2.0", "id": 3, "result": null}));
    send(&frame(&json!({"jsonrpc": "2.0", "method": "exit"})));
    drop(input);
    let status = child.wait().unwrap();
    let mut log = String::new();
    child.stderr.take().unwrap().read_to_string(&mut log).unwrap();
    assert!(status.success(), "{status}: {log}");
    assert!(log.starts_with("hmopt server: hmopt 0.1.0 language server"), "{log}");
    assert_eq!(log.matches("ignoring a message that is not JSON-RPC").count(), 3, "{log}");
}

#[test]
fn a_broken_frame_or_closed_input_ends_the_server_with_status_1() {
    for input in [&b"Content-Length: nine\r\n\r\n"[..], b""] {
        let (mut child, _out) = spawn();
        let mut stdin = child.stdin.take().unwrap();
        stdin.write_all(input).unwrap();
        drop(stdin);
        let status = child.wait().unwrap();
        assert_eq!(status.code(), Some(1), "{input:?}");
    }
}

#[test]
fn a_client_that_starts_wrong_gets_status_1_while_its_input_is_still_open() {
    // A response before `initialize`: the server gives up at once; it must not wait for its
    // input to close (it once did, on the thread that reads it).
    let (mut child, _out) = spawn();
    let mut stdin = child.stdin.take().unwrap();
    stdin.write_all(&frame(&json!({"jsonrpc": "2.0", "id": 1, "result": null}))).unwrap();
    stdin.flush().unwrap();
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(30);
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if deadline < std::time::Instant::now() {
            child.kill().unwrap();
            panic!("the server still runs 30 s after giving up");
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    };
    assert_eq!(status.code(), Some(1));
    drop(stdin);
}

#[test]
fn neovim_shows_the_diagnostics_and_applies_the_fix() {
    if !require("nvim", "to test the language server with Neovim's client (Debian's neovim)") {
        return;
    }
    let tmp = tempfile::tempdir().unwrap();
    let file = tmp.path().join("overlay.nix");
    std::fs::write(
        &file,
        "final: prev: {\n  a = mkDerivation { name = \"é😀\"; env.NIX_LD_FLAGS = \"-L/opt\"; };\n}\n",
    )
    .unwrap();
    let result_file = tmp.path().join("result.json");
    let script =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/integrations/neovim.lua");
    let mut nvim = Command::new("nvim");
    nvim.args(["--headless", "--clean", "-n", "-u", "NONE", "-c"])
        .arg(format!("luafile {}", script.display()))
        .env("HMOPT_BIN", hmopt_bin())
        .env("HMOPT_NIX_FILE", &file)
        .env("HMOPT_RESULT", &result_file)
        .env("XDG_CACHE_HOME", tmp.path().join("cache"))
        .env("XDG_STATE_HOME", tmp.path().join("state"))
        .env("XDG_DATA_HOME", tmp.path().join("data"))
        .env("XDG_CONFIG_HOME", tmp.path().join("config"))
        .stdin(Stdio::null());
    run_ok(&mut nvim);
    let result: Value =
        serde_json::from_str(&std::fs::read_to_string(&result_file).unwrap()).unwrap();
    assert_eq!(result["ok"], true, "{result:#}");
    assert_eq!(result["hover_provider"], true);
    // What the client received, and what Neovim made of it: 0-based lines, byte columns.
    let published = &result["published"];
    assert_eq!(published["version"], 0, "Neovim numbers the first text 0");
    let diagnostic = &published["diagnostics"][0];
    assert_eq!(diagnostic["code"], "unknown-variable");
    assert_eq!(diagnostic["range"]["start"], json!({"line": 1, "character": 39}), "UTF-16");
    assert_eq!(result["diagnostics"].as_array().unwrap().len(), 1, "{result:#}");
    let shown = &result["diagnostics"][0];
    // `é` takes 2 bytes and `😀` 4: Neovim converted the UTF-16 column to byte 42.
    assert_eq!(
        (&shown["lnum"], &shown["col"], &shown["end_col"]),
        (&json!(1), &json!(42), &json!(54))
    );
    assert_eq!((&shown["severity"], &shown["source"]), (&json!(1), &json!("hmopt")));
    assert!(shown["message"].as_str().unwrap().starts_with("`NIX_LD_FLAGS` is read by nothing"));
    let hover = result["hover"]["contents"]["value"].as_str().unwrap();
    assert!(hover.starts_with("**`NIX_LD_FLAGS`**: not a real variable"), "{hover}");
    assert_eq!(result["action_title"], "Replace with `NIX_LDFLAGS` (safe fix)");
    assert_eq!(
        result["lines"][1],
        "  a = mkDerivation { name = \"é😀\"; env.NIX_LDFLAGS = \"-L/opt\"; };"
    );
    assert_eq!(result["after_fix"]["diagnostics"], json!([]));
    assert!(result["after_fix"]["version"].as_u64().unwrap() > 0);
    assert_eq!(result["stopped"], true, "shutdown and exit");
}
