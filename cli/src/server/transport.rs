//! The Language Server Protocol's base protocol over standard input and output: `Content-Length`
//! framed JSON-RPC messages, read and written by one thread each.
//!
//! lsp-server's own stdio transport stops at the first message that is not JSON-RPC; this one
//! logs it and goes on (answering it with an error when it has an id), so that one bad message
//! from a client does not end the session. Only a broken frame (a header without
//! `Content-Length`, a stream cut short) ends it, since nothing after it can be trusted.

use std::io::{self, BufRead, Read, Write};
use std::thread;

use crossbeam_channel::{Receiver, Sender};
use lsp_server::{Connection, ErrorCode, Message, RequestId, Response};

use crate::server::log;

/// The writer thread; join it to flush the last messages.
pub(crate) struct Writer(thread::JoinHandle<()>);

/// A connection over standard input and output. The reader thread ends on `exit`, at the end of
/// input or on a broken frame, which disconnects the connection's receiver.
pub(crate) fn stdio() -> (Connection, Writer) {
    let (to_client, outgoing) = crossbeam_channel::unbounded::<Message>();
    let (incoming, from_client) = crossbeam_channel::unbounded::<Message>();
    let writer = thread::spawn(move || write_all(&outgoing, &mut io::stdout().lock()));
    let answer = to_client.clone();
    thread::spawn(move || read_all(&mut io::stdin().lock(), &incoming, &answer));
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

/// Reads messages from `input` until `exit` or the end, passing them to `incoming`; answers
/// requests it cannot parse through `answer`.
pub(crate) fn read_all(
    input: &mut impl BufRead,
    incoming: &Sender<Message>,
    answer: &Sender<Message>,
) {
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
                    let response = Response::new_err(id, ErrorCode::InvalidRequest as i32, message);
                    let _ = answer.send(response.into());
                }
            }
        }
    }
}

/// The `id` of a message that is JSON but not a valid message, if it has one.
fn request_id(body: &[u8]) -> Option<RequestId> {
    let value: serde_json::Value = serde_json::from_slice(body).ok()?;
    serde_json::from_value(value.get("id")?.clone()).ok()
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
        let (answer, answers) = crossbeam_channel::unbounded();
        read_all(&mut input.as_bytes(), &incoming, &answer);
        let methods: Vec<String> = from_client
            .try_iter()
            .map(|it| match it {
                Message::Notification(it) => it.method,
                other => panic!("{other:?}"),
            })
            .collect();
        assert_eq!(methods, ["initialized", "exit"]);
        let answers: Vec<Message> = answers.try_iter().collect();
        assert_eq!(answers.len(), 1);
        let Message::Response(response) = &answers[0] else { panic!("{answers:?}") };
        assert_eq!(response.id, RequestId::from(7));
        assert_eq!(response.response_result.as_ref().unwrap_err().code, -32600);
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
