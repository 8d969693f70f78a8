//! The test server itself, over raw TCP: each action puts on the wire what its
//! documentation says, and every server stops by itself.

use std::io::ErrorKind;
use std::net::SocketAddr;
use std::time::{Duration, Instant};

use okta_apps_tests::server::{Action, Drip, Endless, Framing, Server};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

const GET: &[u8] = b"GET /api/v1/apps?limit=2 HTTP/1.1\r\nHost: x\r\n\r\n";

async fn connect(addr: SocketAddr) -> TcpStream {
    TcpStream::connect(addr).await.expect("connect")
}

/// Sends `request` on a new connection and reads until the server closes it.
async fn exchange(addr: SocketAddr, request: &[u8]) -> Vec<u8> {
    let mut stream = connect(addr).await;
    stream.write_all(request).await.expect("write");
    let mut answer = Vec::new();
    stream.read_to_end(&mut answer).await.expect("read");
    answer
}

fn split_head(answer: &[u8]) -> (String, &[u8]) {
    let end = answer
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .expect("a complete head");
    (
        String::from_utf8(answer[..end].to_vec()).expect("UTF-8 head"),
        &answer[end + 4..],
    )
}

/// Reads one answer framed by `Content-Length` off a connection kept open.
async fn read_answer(stream: &mut TcpStream) -> (String, Vec<u8>) {
    let mut bytes = Vec::new();
    loop {
        if let Some(end) = bytes.windows(4).position(|w| w == b"\r\n\r\n") {
            let head = String::from_utf8(bytes[..end].to_vec()).expect("UTF-8 head");
            let length: usize = head
                .lines()
                .find_map(|l| l.strip_prefix("Content-Length: "))
                .expect("Content-Length")
                .parse()
                .expect("a length");
            if bytes.len() >= end + 4 + length {
                return (head, bytes[end + 4..end + 4 + length].to_vec());
            }
        }
        let n = stream.read_buf(&mut bytes).await.expect("read");
        assert!(n > 0, "closed mid-answer: {bytes:?}");
    }
}

/// The data of a chunked body, and whether it had its last chunk.
fn dechunk(mut body: &[u8]) -> (Vec<u8>, bool) {
    let mut data = Vec::new();
    while let Some(end) = body.windows(2).position(|w| w == b"\r\n") {
        let size = usize::from_str_radix(std::str::from_utf8(&body[..end]).expect("size"), 16)
            .expect("hex size");
        if size == 0 {
            return (data, true);
        }
        let chunk = &body[end + 2..];
        if chunk.len() < size + 2 {
            data.extend_from_slice(&chunk[..chunk.len().min(size)]);
            break;
        }
        data.extend_from_slice(&chunk[..size]);
        body = &chunk[size + 2..];
    }
    (data, false)
}

async fn eventually(what: &str, condition: impl Fn() -> bool) {
    let started = Instant::now();
    while !condition() {
        assert!(started.elapsed() < Duration::from_secs(5), "{what}");
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
}

#[tokio::test]
async fn keep_alive_answers_several_requests_on_one_connection() {
    let server = Server::builder()
        .keep_alive()
        .start(|i, _| Action::json(200, &format!("[{i}]")))
        .await;
    let mut stream = connect(server.addr()).await;
    for i in 0..3 {
        stream.write_all(GET).await.expect("write");
        let (head, body) = read_answer(&mut stream).await;
        assert!(!head.contains("Connection: close"), "{head}");
        assert_eq!(body, format!("[{i}]").into_bytes());
    }
    let requests = server.requests();
    assert_eq!(requests.len(), 3);
    assert!(requests.iter().all(|r| r.connection == 0));
    assert_eq!(server.connection_count(), 1);
}

#[tokio::test]
async fn by_default_each_connection_carries_one_request() {
    let server = Server::start(|_, _| Action::json(200, "[]")).await;
    // Two requests at once: the second is never read, let alone answered.
    let answer = exchange(server.addr(), &[GET, GET].concat()).await;
    let (head, body) = split_head(&answer);
    assert!(head.starts_with("HTTP/1.1 200 "), "{head}");
    assert!(head.contains("\r\nConnection: close"), "{head}");
    assert!(head.contains("\r\nContent-Length: 2"), "{head}");
    assert_eq!(body, b"[]");
    exchange(server.addr(), GET).await;
    let requests = server.requests();
    assert_eq!(requests.len(), 2);
    assert_eq!((requests[0].connection, requests[1].connection), (0, 1));
    assert_eq!(requests[0].target, "/api/v1/apps?limit=2");
    assert_eq!(requests[0].header("HOST"), Some("x"));
}

#[tokio::test]
async fn header_lines_go_out_verbatim_with_repeats_and_any_status() {
    let link = r#"<http://h/a?x=1,2;y=3>; rel="next"; title="a, b; c", <http://h/b>; rel="self""#;
    let server = Server::start(move |_, _| {
        Action::redirect(301, "http://elsewhere.example/api/v1/apps")
            .with_header("Link", link)
            .with_header("Link", "<http://h/c>; rel=\"prev\"")
            .with_header("x-odd", "  spaced ; = , value")
    })
    .await;
    let answer = exchange(server.addr(), GET).await;
    let (head, body) = split_head(&answer);
    let lines: Vec<&str> = head.split("\r\n").collect();
    assert_eq!(
        lines,
        [
            "HTTP/1.1 301 Mock",
            "Location: http://elsewhere.example/api/v1/apps",
            &format!("Link: {link}"),
            "Link: <http://h/c>; rel=\"prev\"",
            "x-odd:   spaced ; = , value",
            "Content-Length: 0",
            "Connection: close",
        ]
    );
    assert!(body.is_empty());
}

#[tokio::test]
async fn bodyless_statuses_carry_no_length_and_no_body() {
    let server = Server::builder()
        .keep_alive()
        .start(|_, _| Action::Respond(204, Vec::new(), b"ignored".to_vec()))
        .await;
    let mut stream = connect(server.addr()).await;
    stream.write_all(GET).await.expect("write");
    let expected = b"HTTP/1.1 204 Mock\r\n\r\n";
    let mut answer = Vec::new();
    while answer.len() < expected.len() {
        assert!(stream.read_buf(&mut answer).await.expect("read") > 0);
    }
    let more = tokio::time::timeout(Duration::from_millis(100), stream.read_buf(&mut answer)).await;
    assert!(
        more.is_err(),
        "nothing after the head, and the connection open"
    );
    assert_eq!(answer, expected);
}

#[tokio::test]
async fn raw_bytes_go_out_as_given() {
    let server = Server::start(|_, _| {
        Action::raw(
            &[
                "HTTP/1.1 200 Fine",
                "Content-Length: 2",
                "Content-Length: 3",
                "no colon here",
            ],
            b"abc",
        )
    })
    .await;
    assert_eq!(
        exchange(server.addr(), GET).await,
        b"HTTP/1.1 200 Fine\r\nContent-Length: 2\r\nContent-Length: 3\r\nno colon here\r\n\r\nabc"
    );
}

#[tokio::test]
async fn an_endless_body_stops_at_its_byte_cap() {
    for framing in [Framing::Chunked, Framing::CloseDelimited] {
        let server = Server::start(move |_, _| {
            Action::Endless(Endless {
                max_bytes: 1_000_000,
                ..Endless::new(b"abc", framing)
            })
            .with_header("Content-Type", "application/json")
        })
        .await;
        let answer = exchange(server.addr(), GET).await;
        let (head, body) = split_head(&answer);
        assert!(
            head.contains("\r\nContent-Type: application/json"),
            "{head}"
        );
        assert!(!head.contains("Content-Length"), "{head}");
        let data = match framing {
            Framing::Chunked => {
                assert!(head.contains("\r\nTransfer-Encoding: chunked"), "{head}");
                let (data, complete) = dechunk(body);
                assert!(!complete, "the cap cuts the body off, it does not end it");
                data
            }
            _ => {
                assert!(head.contains("\r\nConnection: close"), "{head}");
                body.to_vec()
            }
        };
        assert_eq!(data.len(), 1_000_000, "{framing:?}");
        assert_eq!(data, b"abc".repeat(333_334)[..1_000_000], "{framing:?}");
    }
}

#[tokio::test]
async fn an_endless_body_stops_at_its_time_cap_and_when_the_client_leaves() {
    let server = Server::start(|i, _| match i {
        0 => Action::Endless(Endless {
            max_time: Duration::from_millis(300),
            ..Endless::new(b"x", Framing::Chunked)
        }),
        _ => Action::endless(b"y", Framing::CloseDelimited),
    })
    .await;
    // A client that reads nothing: only the time cap ends the body.
    let started = Instant::now();
    let mut idle = connect(server.addr()).await;
    idle.write_all(GET).await.expect("write");
    eventually("the request arrives", || server.request_count() == 1).await;
    eventually("the time cap closes the connection", || {
        server.open_connections() == 0
    })
    .await;
    assert!(started.elapsed() >= Duration::from_millis(300));

    // A client that reads a megabyte and hangs up: the server stops writing.
    let mut reader = connect(server.addr()).await;
    reader.write_all(GET).await.expect("write");
    let mut read = 0;
    let mut buffer = vec![0u8; 64 * 1024];
    while read < 1 << 20 {
        read += reader.read(&mut buffer).await.expect("read");
    }
    assert_eq!(server.open_connections(), 1);
    drop(reader);
    eventually("the server notices the client left", || {
        server.open_connections() == 0
    })
    .await;
}

#[tokio::test]
async fn a_drip_sends_its_body_slowly() {
    for framing in [
        Framing::ContentLength,
        Framing::Chunked,
        Framing::CloseDelimited,
    ] {
        let server = Server::start(move |_, _| {
            Action::drip(b"0123456789", 2, Duration::from_millis(60), framing)
        })
        .await;
        let started = Instant::now();
        let answer = exchange(server.addr(), GET).await;
        assert!(
            started.elapsed() >= Duration::from_millis(300),
            "five pieces, 60 ms apart: {:?}",
            started.elapsed()
        );
        let (head, body) = split_head(&answer);
        let body = match framing {
            Framing::ContentLength => {
                assert!(head.contains("\r\nContent-Length: 10"), "{head}");
                body.to_vec()
            }
            Framing::Chunked => {
                let (data, complete) = dechunk(body);
                assert!(complete);
                data
            }
            Framing::CloseDelimited => body.to_vec(),
        };
        assert_eq!(body, b"0123456789", "{framing:?}");
    }
}

#[tokio::test]
async fn a_drip_on_a_kept_connection_leaves_it_open() {
    let server = Server::builder()
        .keep_alive()
        .start(|_, _| {
            Action::Drip(Drip {
                status: 201,
                ..Drip::new(b"abc", 1, Duration::from_millis(1), Framing::ContentLength)
            })
        })
        .await;
    let mut stream = connect(server.addr()).await;
    for _ in 0..2 {
        stream.write_all(GET).await.expect("write");
        let (head, body) = read_answer(&mut stream).await;
        assert!(head.starts_with("HTTP/1.1 201 "), "{head}");
        assert_eq!(body, b"abc");
    }
    assert_eq!(server.connection_count(), 1);
}

#[tokio::test]
async fn truncate_announces_more_than_it_sends_then_closes() {
    let server = Server::start(|_, _| Action::Truncate(100, b"[{\"id\":".to_vec())).await;
    let answer = exchange(server.addr(), GET).await;
    let (head, body) = split_head(&answer);
    assert!(head.starts_with("HTTP/1.1 200 "), "{head}");
    assert!(head.contains("\r\nContent-Length: 100"), "{head}");
    assert_eq!(body, b"[{\"id\":");
}

#[tokio::test]
async fn reset_sends_the_head_and_part_of_the_body_then_a_tcp_reset() {
    let server = Server::start(|_, _| {
        Action::reset_mid_body(200, 100, b"[{\"id\":").with_header("X-Okta-Request-Id", "r1")
    })
    .await;
    let mut stream = connect(server.addr()).await;
    stream.write_all(GET).await.expect("write");
    let mut answer = Vec::new();
    let error = loop {
        match stream.read_buf(&mut answer).await {
            Ok(0) => panic!("a clean end of stream, not a reset: {answer:?}"),
            Ok(_) => {}
            Err(error) => break error,
        }
    };
    assert_eq!(error.kind(), ErrorKind::ConnectionReset);
    let (head, body) = split_head(&answer);
    assert!(head.contains("\r\nX-Okta-Request-Id: r1"), "{head}");
    assert!(head.contains("\r\nContent-Length: 100"), "{head}");
    assert_eq!(body, b"[{\"id\":");
}

#[tokio::test]
async fn close_and_delayed() {
    let server = Server::start(|i, _| match i {
        0 => Action::Close,
        _ => Action::Delayed(Duration::from_millis(200), Box::new(Action::empty(200))),
    })
    .await;
    assert!(exchange(server.addr(), GET).await.is_empty());
    let started = Instant::now();
    let answer = exchange(server.addr(), GET).await;
    assert!(started.elapsed() >= Duration::from_millis(200));
    assert!(answer.starts_with(b"HTTP/1.1 200 "));
}

#[tokio::test]
async fn request_bodies_are_recorded_by_length_or_de_chunked() {
    let server = Server::builder()
        .keep_alive()
        .start(|_, _| Action::empty(200))
        .await;
    let mut stream = connect(server.addr()).await;
    stream
        .write_all(b"POST /a HTTP/1.1\r\nContent-Length: 5\r\n\r\nhello")
        .await
        .expect("write");
    read_answer(&mut stream).await;
    stream
        .write_all(b"POST /b HTTP/1.1\r\ntransfer-encoding: Chunked\r\n\r\n3;x=y\r\nwor\r\n2\r\nld\r\n0\r\nTrailer: t\r\n\r\n")
        .await
        .expect("write");
    read_answer(&mut stream).await;
    let bodies: Vec<Vec<u8>> = server.requests().into_iter().map(|r| r.body).collect();
    assert_eq!(bodies, [b"hello".to_vec(), b"world".to_vec()]);
}

#[tokio::test]
async fn malformed_requests_close_the_connection_unrecorded() {
    let server = Server::start(|_, _| Action::empty(200)).await;
    for garbage in [
        &b"\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03\r\n\r\n"[..],
        b"GET /\r\n\r\n",
        b"GET / HTTP/1.0\r\n\r\n",
        b"GET / HTTP/1.1 extra\r\n\r\n",
        b"GET / HTTP/1.1\r\nno colon\r\n\r\n",
        b"GET / HTTP/1.1\r\n: no name\r\n\r\n",
        b"POST / HTTP/1.1\r\nContent-Length: many\r\n\r\n",
        b"POST / HTTP/1.1\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\nab",
        b"POST / HTTP/1.1\r\nContent-Length: 99999999999999999999999\r\n\r\n",
        b"POST / HTTP/1.1\r\nTransfer-Encoding: gzip\r\n\r\n",
        b"POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n",
        b"POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nabc\r\n0\r\n\r\n",
        b"POST / HTTP/1.1\r\nContent-Length: 10\r\n\r\nshort",
    ] {
        let mut stream = connect(server.addr()).await;
        stream.write_all(garbage).await.expect("write");
        // Half-close, so that a request waiting for more bytes sees the end.
        stream.shutdown().await.expect("shutdown");
        let mut answer = Vec::new();
        let _ = stream.read_to_end(&mut answer).await;
        assert!(answer.is_empty(), "{garbage:?} was answered: {answer:?}");
    }
    assert!(server.requests().is_empty());
    assert!(exchange(server.addr(), GET)
        .await
        .starts_with(b"HTTP/1.1 200 "));
    assert_eq!(server.request_count(), 1);
}

#[tokio::test]
async fn a_server_stops_after_its_requests() {
    let server = Server::builder()
        .max_requests(2)
        .start(|_, _| Action::empty(200))
        .await;
    for _ in 0..2 {
        assert!(exchange(server.addr(), GET)
            .await
            .starts_with(b"HTTP/1.1 200 "));
    }
    eventually("the listener closes", || {
        std::net::TcpStream::connect(server.addr()).is_err()
    })
    .await;
    assert_eq!(server.request_count(), 2);
}

#[tokio::test]
async fn a_server_stops_at_the_end_of_its_lifetime_connections_included() {
    let server = Server::builder()
        .lifetime(Duration::from_millis(300))
        .start(|_, _| Action::Hang)
        .await;
    let started = Instant::now();
    let answer = exchange(server.addr(), GET).await;
    assert!(answer.is_empty());
    let elapsed = started.elapsed();
    assert!(
        elapsed < Duration::from_secs(5),
        "the hanging connection ended with the server: {elapsed:?}"
    );
    assert!(std::net::TcpStream::connect(server.addr()).is_err());
}

#[tokio::test]
async fn dropping_a_server_stops_it_connections_included() {
    let server = Server::start(|_, _| Action::Hang).await;
    let addr = server.addr();
    let mut stream = connect(addr).await;
    stream.write_all(GET).await.expect("write");
    eventually("the request arrives", || server.request_count() == 1).await;
    let started = Instant::now();
    drop(server);
    let mut answer = Vec::new();
    let _ = stream.read_to_end(&mut answer).await;
    assert!(answer.is_empty());
    assert!(started.elapsed() < Duration::from_secs(5));
    eventually("the listener closes", || {
        std::net::TcpStream::connect(addr).is_err()
    })
    .await;
}

#[tokio::test]
async fn two_servers_side_by_side() {
    let org = Server::start(|_, _| Action::json(200, "\"org\"")).await;
    let other = Server::start(|_, _| Action::json(200, "\"other\"")).await;
    assert_ne!(org.host_port(), other.host_port());
    assert_eq!(org.url(), format!("http://{}", org.host_port()));
    assert!(org.host_port().starts_with("127.0.0.1:"));
    let answer = exchange(other.addr(), GET).await;
    assert_eq!(split_head(&answer).1, b"\"other\"");
    assert_eq!(org.request_count(), 0);
    assert_eq!(other.request_count(), 1);
}
