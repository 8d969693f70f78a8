//! The operations of `spec/`, and the check of every error status they document.

use std::future::Future;
use std::sync::OnceLock;

use codegen::ir::Operation;
use okta_apps::{Client, Error};

use crate::server::{okta_error_for, MockServer, Reply};

/// The operations of `spec/`, loaded once.
pub fn spec_operations() -> &'static [Operation] {
    static API: OnceLock<Vec<Operation>> = OnceLock::new();
    API.get_or_init(|| {
        let root = crate::workspace_root();
        let operations = std::fs::read_to_string(root.join("spec/operations.yaml"))
            .expect("spec/operations.yaml");
        let models =
            std::fs::read_to_string(root.join("spec/models.yaml")).expect("spec/models.yaml");
        codegen::load_ir(&codegen::SpecText {
            operations: &operations,
            models: &models,
        })
        .unwrap_or_else(|e| panic!("{e}"))
        .operations
    })
}

/// The operation with this operationId.
pub fn spec_operation(id: &str) -> &'static Operation {
    spec_operations()
        .iter()
        .find(|o| o.id == id)
        .unwrap_or_else(|| panic!("no operation {id} in spec/"))
}

/// For every error status the spec documents for `operation_id`, answers the
/// call with Okta's error body and checks that it comes back as a typed
/// [`Error::Api`] carrying that body, and that the request was the expected one.
pub async fn assert_documented_errors<T, F, Fut>(
    operation_id: &str,
    method: &str,
    target: &str,
    call: F,
) where
    T: std::fmt::Debug,
    F: Fn(Client) -> Fut,
    Fut: Future<Output = Result<T, Error>>,
{
    let statuses = &spec_operation(operation_id).errors;
    assert!(
        !statuses.is_empty(),
        "{operation_id} documents no error status"
    );
    for &status in statuses {
        let server = MockServer::start(Reply::okta_error(status)).await;
        let outcome = call(server.client_without_retries()).await;
        let (code, summary) = okta_error_for(status);
        match outcome {
            Err(Error::Api(error)) => {
                assert_eq!(error.status.as_u16(), status, "{operation_id}");
                assert_eq!(error.error_code(), Some(code), "{operation_id} {status}");
                assert_eq!(
                    error.error_summary(),
                    Some(summary),
                    "{operation_id} {status}"
                );
                let body = error.body.as_ref().expect("Okta's error body");
                assert_eq!(
                    body.error_id.as_deref(),
                    Some(format!("oae{status}").as_str())
                );
                assert_eq!(body.error_link.as_deref(), Some(code));
                assert_eq!(body.error_causes.len(), 1);
                assert_eq!(
                    body.error_causes[0].error_summary.as_deref(),
                    Some(format!("cause of {status}").as_str())
                );
                assert_eq!(
                    error.request_id.as_deref(),
                    Some(format!("req-{status}").as_str())
                );
                assert!(error.raw_snippet.is_none());
            }
            other => panic!("{operation_id} answered {status}: expected Error::Api, got {other:?}"),
        }
        let request = server.single_request();
        assert_eq!(request.method, method, "{operation_id} {status}");
        assert_eq!(request.target, target, "{operation_id} {status}");
    }
}
