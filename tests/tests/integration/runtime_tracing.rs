//! Every request runs in a `tracing` span that names the operation, the
//! method, the path template, the status, the request id and the retry count.

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use okta_apps::{Client, RetryPolicy};
use okta_apps_tests::server::{Action, Server};
use tracing::field::{Field, Visit};
use tracing::span::{Attributes, Id, Record};
use tracing::{Event, Metadata, Subscriber};

/// Span name → its fields, as recorded by the client.
type Spans = Arc<Mutex<Vec<(String, BTreeMap<String, String>)>>>;

/// A subscriber that keeps every span's name and fields, and which span is
/// current (the client records the status on the current span, as it would
/// with `tracing-subscriber`).
struct Recorder {
    spans: Spans,
    metadata: Mutex<Vec<&'static Metadata<'static>>>,
    entered: Mutex<Vec<Id>>,
}

struct Fields<'a>(&'a mut BTreeMap<String, String>);

impl Visit for Fields<'_> {
    fn record_debug(&mut self, field: &Field, value: &dyn std::fmt::Debug) {
        self.0.insert(field.name().to_owned(), format!("{value:?}"));
    }

    fn record_str(&mut self, field: &Field, value: &str) {
        self.0.insert(field.name().to_owned(), value.to_owned());
    }

    fn record_u64(&mut self, field: &Field, value: u64) {
        self.0.insert(field.name().to_owned(), value.to_string());
    }
}

impl Subscriber for Recorder {
    fn enabled(&self, _: &Metadata<'_>) -> bool {
        true
    }

    fn new_span(&self, span: &Attributes<'_>) -> Id {
        let mut fields = BTreeMap::new();
        span.record(&mut Fields(&mut fields));
        let mut spans = self.spans.lock().expect("spans");
        spans.push((span.metadata().name().to_owned(), fields));
        self.metadata
            .lock()
            .expect("metadata")
            .push(span.metadata());
        // Ids start at 1; the index into `spans` is the id minus one.
        Id::from_u64(spans.len() as u64)
    }

    fn current_span(&self) -> tracing_core::span::Current {
        let entered = self.entered.lock().expect("entered");
        let metadata = self.metadata.lock().expect("metadata");
        match entered.last() {
            Some(id) => {
                tracing_core::span::Current::new(id.clone(), metadata[id.into_u64() as usize - 1])
            }
            None => tracing_core::span::Current::none(),
        }
    }

    fn record(&self, span: &Id, values: &Record<'_>) {
        let mut spans = self.spans.lock().expect("spans");
        if let Some((_, fields)) = spans.get_mut(span.into_u64() as usize - 1) {
            values.record(&mut Fields(fields));
        }
    }

    fn record_follows_from(&self, _: &Id, _: &Id) {}

    fn event(&self, _: &Event<'_>) {}

    fn enter(&self, span: &Id) {
        self.entered.lock().expect("entered").push(span.clone());
    }

    fn exit(&self, span: &Id) {
        let mut entered = self.entered.lock().expect("entered");
        if let Some(position) = entered.iter().rposition(|id| id == span) {
            entered.remove(position);
        }
    }
}

#[test]
fn a_request_span_names_operation_path_status_request_id_and_retries() {
    let spans: Spans = Arc::default();
    let recorder = Recorder {
        spans: Arc::clone(&spans),
        metadata: Mutex::default(),
        entered: Mutex::default(),
    };
    tracing::subscriber::with_default(recorder, || {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .expect("runtime");
        runtime.block_on(async {
            // A 503 first, so that the span also shows one retry.
            let server = Server::start(|i, _| match i {
                0 => Action::json(503, "{}").with_header("x-okta-request-id", "req-503"),
                _ => Action::json(200, r#"{"id":"0oa1","signOnMode":"BOOKMARK"}"#)
                    .with_header("x-okta-request-id", "req-ok"),
            })
            .await;
            let client = Client::builder(server.url())
                .allow_http(true)
                .api_token("secret-token")
                .retry_policy(
                    RetryPolicy::default()
                        .with_backoff(Duration::from_millis(5), Duration::from_millis(10)),
                )
                .build()
                .expect("client");
            client
                .get_application("0oa1")
                .send()
                .await
                .expect("the retry succeeds");
        });
    });

    let spans = spans.lock().expect("spans");
    let requests: Vec<_> = spans
        .iter()
        .filter(|(name, _)| name == "okta.request")
        .collect();
    assert_eq!(
        requests.len(),
        1,
        "one span per call, retries inside it: {spans:?}"
    );
    let fields = &requests[0].1;
    assert_eq!(
        fields.get("operation").map(String::as_str),
        Some("getApplication")
    );
    assert_eq!(fields.get("method").map(String::as_str), Some("GET"));
    assert_eq!(
        fields.get("path").map(String::as_str),
        Some("/api/v1/apps/{appId}")
    );
    assert_eq!(fields.get("status").map(String::as_str), Some("200"));
    assert_eq!(fields.get("request_id").map(String::as_str), Some("req-ok"));
    assert_eq!(fields.get("retry_count").map(String::as_str), Some("1"));
    let everything = format!("{spans:?}");
    assert!(
        !everything.contains("secret-token"),
        "a secret reached tracing: {everything}"
    );
}
