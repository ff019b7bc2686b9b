//! The Language Server Protocol's base protocol over standard input and output: `Content-Length`
//! framed JSON-RPC messages, read and written by one thread each.
//!
//! lsp-server's own stdio transport stops at the first message that is not JSON-RPC; this one
//! logs it and goes on, so that one bad message from a client does not end the session; one
//! that has an id is passed on as an [`INVALID_REQUEST`] notification, which the server answers
//! with an error. Only a broken frame (a header without `Content-Length`, a stream cut short)
//! ends it, since nothing after it can be trusted.

use std::io::{self, BufRead, Read, Write};
use std::thread;

use crossbeam_channel::{Receiver, Sender};
use lsp_server::{Connection, Message, Notification};
use serde_json::json;

use crate::server::log;

/// The notification that stands for a request that was not valid JSON-RPC: `{"id", "message"}`.
pub(crate) const INVALID_REQUEST: &str = "$/hmopt/invalidRequest";

/// The writer thread; join it to flush the last messages.
pub(crate) struct Writer(thread::JoinHandle<()>);

/// A connection over standard input and output. The reader thread ends on `exit`, at the end of
/// input or on a broken frame, which disconnects the connection's receiver; the writer thread
/// when the connection's sender is dropped.
pub(crate) fn stdio() -> (Connection, Writer) {
    let (to_client, outgoing) = crossbeam_channel::unbounded::<Message>();
    let (incoming, from_client) = crossbeam_channel::unbounded::<Message>();
    let writer = thread::spawn(move || write_all(&outgoing, &mut io::stdout().lock()));
    thread::spawn(move || read_all(&mut io::stdin().lock(), &incoming));
    (Connection { sender: to_client, receiver: from_client }, Writer(writer))
}

impl Writer {
    pub(crate) fn join(self) {
        let _ = self.0.join();
    }
}

fn write_all(outgoing: &Receiver<Message>, out: &mut impl Write) {
    for message in outgoing {
        if let Err(err) = message.write(out) {
            log(&format!("cannot write to the client: {err}"));
            return;
        }
    }
}

/// Reads messages from `input` until `exit` or the end, passing them to `incoming`.
pub(crate) fn read_all(input: &mut impl BufRead, incoming: &Sender<Message>) {
    loop {
        let body = match read_frame(input) {
            Ok(Some(body)) => body,
            Ok(None) => return,
            Err(err) => {
                log(&format!("cannot read the client's messages any more: {err}"));
                return;
            }
        };
        let message = match std::str::from_utf8(&body) {
            Ok(text) => serde_json::from_str::<Message>(text).map_err(|err| err.to_string()),
            Err(err) => Err(format!("not UTF-8 ({err})")),
        };
        match message {
            Ok(message) => {
                let is_exit = matches!(&message, Message::Notification(it) if it.method == "exit");
                if incoming.send(message).is_err() || is_exit {
                    return;
                }
            }
            Err(err) => {
                log(&format!("ignoring a message that is not JSON-RPC: {err}"));
                if let Some(id) = request_id(&body) {
                    let message = format!("not a valid JSON-RPC message: {err}");
                    let params = json!({"id": id, "message": message});
                    let notification = Notification::new(INVALID_REQUEST.to_owned(), params);
                    let _ = incoming.send(notification.into());
                }
            }
        }
    }
}

/// The `id` of a message that is JSON but not a valid message, if it has one.
fn request_id(body: &[u8]) -> Option<serde_json::Value> {
    let value: serde_json::Value = serde_json::from_slice(body).ok()?;
    let id = value.get("id")?;
    (id.is_i64() || id.is_string()).then(|| id.clone())
}

/// One message's body, or `None` at the end of input.
fn read_frame(input: &mut impl BufRead) -> io::Result<Option<Vec<u8>>> {
    let mut length = None;
    let mut line = String::new();
    let mut at_start = true;
    loop {
        line.clear();
        if input.read_line(&mut line)? == 0 {
            if at_start {
                return Ok(None);
            }
            return Err(io::Error::new(io::ErrorKind::UnexpectedEof, "the input ends in a header"));
        }
        at_start = false;
        let header = line.trim_end_matches(['\r', '\n']);
        if header.is_empty() {
            break;
        }
        let Some((name, value)) = header.split_once(':') else {
            let message = format!("malformed header {header:?}");
            return Err(io::Error::new(io::ErrorKind::InvalidData, message));
        };
        if name.trim().eq_ignore_ascii_case("Content-Length") {
            let value = value.trim().parse::<usize>().map_err(|err| {
                io::Error::new(io::ErrorKind::InvalidData, format!("Content-Length: {err}"))
            })?;
            length = Some(value);
        }
    }
    let Some(length) = length else {
        return Err(io::Error::new(io::ErrorKind::InvalidData, "a message without Content-Length"));
    };
    let mut body = Vec::new();
    input.take(length as u64).read_to_end(&mut body)?;
    if body.len() < length {
        return Err(io::Error::new(io::ErrorKind::UnexpectedEof, "the input ends in a message"));
    }
    Ok(Some(body))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn frame(body: &str) -> String {
        format!("Content-Length: {}\r\n\r\n{body}", body.len())
    }

    #[test]
    fn bad_messages_are_skipped_and_answered_when_they_have_an_id() {
        let input = [
            frame("{not json"),
            frame(r#"{"jsonrpc":"2.0","id":7,"params":1}"#),
            frame(r#"{"jsonrpc":"2.0","method":"initialized","params":{}}"#),
            "Content-Length: 2\r\nContent-Type: application/vscode-jsonrpc; charset=utf-8\r\n\r\n[]"
                .to_owned(),
            frame(r#"{"jsonrpc":"2.0","method":"exit"}"#),
            frame(r#"{"jsonrpc":"2.0","method":"never-read"}"#),
        ]
        .concat();
        let (incoming, from_client) = crossbeam_channel::unbounded();
        read_all(&mut input.as_bytes(), &incoming);
        let notifications: Vec<Notification> = from_client
            .try_iter()
            .map(|it| match it {
                Message::Notification(it) => it,
                other => panic!("{other:?}"),
            })
            .collect();
        let methods: Vec<&str> = notifications.iter().map(|it| it.method.as_str()).collect();
        assert_eq!(methods, [INVALID_REQUEST, "initialized", "exit"]);
        assert_eq!(notifications[0].params["id"], 7);
        assert!(notifications[0].params["message"].as_str().unwrap().starts_with("not a valid"));
    }

    #[test]
    fn a_broken_frame_ends_the_input() {
        for input in [
            "Content-Length 5\r\n\r\n",
            "Content-Length: five\r\n\r\n",
            "Content-Type: x\r\n\r\n{}",
            "Content-Length: 50\r\n\r\n{}",
            "Content-Length: 2\r\n",
        ] {
            assert!(read_frame(&mut input.as_bytes()).is_err(), "{input:?}");
        }
        assert!(read_frame(&mut "".as_bytes()).unwrap().is_none());
    }
}
