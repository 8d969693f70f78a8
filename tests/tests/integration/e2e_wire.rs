//! The odd corners of the wire, end to end: path parameters that would change
//! the path if sent raw, query values with reserved characters, logo uploads
//! (formats, file paths, the 1 MB limit) and `Link` pagination.

use std::future::Future;
use std::pin::Pin;

use okta_apps::{Client, Error, FileUpload, ImageFormat};
use okta_apps_tests::server::{percent_decode, MockServer, Reply};
use okta_apps_tests::spec::spec_operations;
use serde_json::json;

const APP: &str = "0oa1bcd2EFG3hij4k5l6";

type Call = fn(Client, String) -> Pin<Box<dyn Future<Output = Result<(), Error>> + Send>>;

/// One operation per kind of path parameter: the parameter's wire name, the
/// path with `{}` where the value goes, and a call passing the value there.
fn path_parameter_kinds() -> Vec<(&'static str, &'static str, Call)> {
    vec![
        ("appId", "/api/v1/apps/{}", |c, v| {
            Box::pin(async move { c.get_application(v).send().await.map(drop) })
        }),
        (
            "groupId",
            "/api/v1/apps/0oa1bcd2EFG3hij4k5l6/groups/{}",
            |c, v| {
                Box::pin(async move {
                    c.get_application_group_assignment(APP, v)
                        .send()
                        .await
                        .map(drop)
                })
            },
        ),
        (
            "userId",
            "/api/v1/apps/0oa1bcd2EFG3hij4k5l6/users/{}",
            |c, v| Box::pin(async move { c.get_application_user(APP, v).send().await.map(drop) }),
        ),
        (
            "keyId",
            "/api/v1/apps/0oa1bcd2EFG3hij4k5l6/credentials/keys/{}",
            |c, v| Box::pin(async move { c.get_application_key(APP, v).send().await.map(drop) }),
        ),
        (
            "csrId",
            "/api/v1/apps/0oa1bcd2EFG3hij4k5l6/credentials/csrs/{}",
            |c, v| {
                Box::pin(async move { c.get_csr_for_application(APP, v).send().await.map(drop) })
            },
        ),
        (
            "name",
            "/api/v1/apps/0oa1bcd2EFG3hij4k5l6/features/{}",
            |c, v| {
                Box::pin(
                    async move { c.get_feature_for_application(APP, v).send().await.map(drop) },
                )
            },
        ),
        (
            "tokenId",
            "/api/v1/apps/0oa1bcd2EFG3hij4k5l6/tokens/{}",
            |c, v| {
                Box::pin(async move {
                    c.get_oauth2_token_for_application(APP, v)
                        .send()
                        .await
                        .map(drop)
                })
            },
        ),
        (
            "grantId",
            "/api/v1/apps/0oa1bcd2EFG3hij4k5l6/grants/{}",
            |c, v| {
                Box::pin(async move { c.get_scope_consent_grant(APP, v).send().await.map(drop) })
            },
        ),
    ]
}

/// Values that would address another resource if sent raw, and the one
/// segment each must arrive as.
const HOSTILE: &[(&str, &str)] = &[
    ("a/b", "a%2Fb"),
    ("../../users/00u1", "..%2F..%2Fusers%2F00u1"),
    ("a..b", "a..b"),
    ("...", "..."),
    ("?expand=user", "%3Fexpand%3Duser"),
    ("#top", "%23top"),
    ("100%", "100%25"),
    ("%2e%2e", "%252e%252e"),
    ("two words", "two%20words"),
    ("plus+sign", "plus%2Bsign"),
    ("semi;colon,comma", "semi%3Bcolon%2Ccomma"),
    ("ünï/日本", "%C3%BCn%C3%AF%2F%E6%97%A5%E6%9C%AC"),
    ("back\\slash", "back%5Cslash"),
    ("~tilde_under-dash.dot", "~tilde_under-dash.dot"),
];

#[test]
fn every_path_parameter_kind_is_exercised() {
    let kinds: Vec<&str> = path_parameter_kinds()
        .iter()
        .map(|(name, _, _)| *name)
        .collect();
    for op in spec_operations() {
        for param in op
            .params
            .iter()
            .filter(|p| p.location == codegen::ir::ParamLocation::Path)
        {
            assert!(
                kinds.contains(&param.wire_name.as_str()),
                "{}: path parameter {} has no encoding test",
                op.id,
                param.wire_name
            );
        }
    }
}

#[tokio::test]
async fn e2e_path_parameters_arrive_as_one_encoded_segment() {
    let server = MockServer::start(Reply::json(200, &json!({}))).await;
    let mut expected = Vec::new();
    for (kind, template, call) in path_parameter_kinds() {
        for (value, encoded) in HOSTILE {
            call(server.client(), (*value).to_owned())
                .await
                .unwrap_or_else(|e| panic!("{kind} = {value:?}: {e}"));
            expected.push((kind, *value, template.replace("{}", encoded)));
        }
    }
    let requests = server.requests();
    assert_eq!(requests.len(), expected.len());
    for (request, (kind, value, target)) in requests.iter().zip(&expected) {
        assert_eq!(request.method, "GET");
        assert_eq!(&request.target, target, "{kind} = {value:?}");
        assert_eq!(
            request.query(),
            None,
            "{kind} = {value:?} leaked into the query"
        );
        // Same number of segments as the template, and the last decodes back to the value.
        let template_segments = path_parameter_kinds()
            .into_iter()
            .find(|(k, _, _)| k == kind)
            .map(|(_, t, _)| t.split('/').count())
            .expect("kind");
        assert_eq!(
            request.path().split('/').count(),
            template_segments,
            "{kind} = {value:?}"
        );
        let segment = request.path().rsplit('/').next().expect("a segment");
        assert_eq!(percent_decode(segment, false), *value, "{kind}");
    }
}

#[tokio::test]
async fn e2e_dot_segments_and_empty_ids_are_refused_before_sending() {
    let server = MockServer::start(Reply::json(200, &json!({}))).await;
    for (kind, _, call) in path_parameter_kinds() {
        for value in [".", "..", ""] {
            match call(server.client(), value.to_owned()).await {
                Err(Error::InvalidInput(message)) => {
                    assert!(message.contains(&format!("`{kind}`")), "{message}")
                }
                other => panic!("{kind} = {value:?}: expected InvalidInput, got {other:?}"),
            }
        }
    }
    assert!(
        server.requests().is_empty(),
        "refused requests reached the server: {:?}",
        server.requests()
    );
}

#[tokio::test]
async fn e2e_query_values_arrive_intact() {
    let server = MockServer::start(Reply::json(200, &json!([]))).await;
    let values = [
        ("q", "Sales & Marketing = 100% + \"more\""),
        ("query_scope", "USER GROUP"),
        ("after", "cursor/with?reserved#chars;and,more"),
        ("filter", "status eq \"ACTIVE\""),
        ("expand", "ünï 日本 'quoted'"),
    ];
    server
        .client()
        .list_application_users(APP)
        .q(values[0].1)
        .query_scope(values[1].1)
        .after(values[2].1)
        .filter(values[3].1)
        .expand(values[4].1)
        .send()
        .await
        .expect("200");
    let request = server.single_request();
    assert_eq!(request.path(), format!("/api/v1/apps/{APP}/users"));
    let expected: Vec<(String, String)> = values
        .iter()
        .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
        .collect();
    assert_eq!(request.query_pairs(), expected);
    // No raw reserved character survives: each value is one query pair.
    let raw = request.query().expect("a query");
    assert_eq!(raw.matches('&').count(), values.len() - 1, "{raw}");
    assert_eq!(raw.matches('=').count(), values.len(), "{raw}");
    assert!(!raw.contains(['"', ' ', '#', '\'']), "{raw}");

    // A required query parameter, too.
    let server = MockServer::start(Reply::json(201, &json!({}))).await;
    server
        .client()
        .clone_application_key(APP, "kid", "0oa2 & targetAid=evil")
        .send()
        .await
        .expect("201");
    let request = server.single_request();
    assert_eq!(
        request.query_pairs(),
        vec![("targetAid".to_owned(), "0oa2 & targetAid=evil".to_owned())]
    );
}

#[tokio::test]
async fn e2e_unset_optional_parameters_are_not_sent() {
    let server = MockServer::start(Reply::json(200, &json!([]))).await;
    server
        .client()
        .list_applications()
        .send()
        .await
        .expect("200");
    server
        .client()
        .list_application_users(APP)
        .send()
        .await
        .expect("200");
    server
        .client()
        .list_application_group_assignments(APP)
        .send()
        .await
        .expect("200");
    server
        .client()
        .list_oauth2_tokens_for_application(APP)
        .send()
        .await
        .expect("200");
    for request in server.requests() {
        assert_eq!(request.query(), None, "{}", request.target);
    }
}

// ---------------------------------------------------------------- logo uploads

async fn upload(file: FileUpload) -> (MockServer, Result<(), Error>) {
    let server = MockServer::start(Reply::empty(201)).await;
    let outcome = server
        .client()
        .upload_application_logo(APP, file)
        .send()
        .await;
    (server, outcome)
}

#[tokio::test]
async fn e2e_logo_formats_are_sent_with_their_media_type_and_file_name() {
    let cases = [
        (FileUpload::png(b"png".to_vec()), "logo.png", "image/png"),
        (FileUpload::jpeg(b"jpg".to_vec()), "logo.jpg", "image/jpeg"),
        (FileUpload::gif(b"gif".to_vec()), "logo.gif", "image/gif"),
        (
            FileUpload::svg(b"<svg xmlns=\"http://www.w3.org/2000/svg\"/>".to_vec()),
            "logo.svg",
            "image/svg+xml",
        ),
        (
            FileUpload::image(ImageFormat::Jpeg, b"jpg".to_vec()).with_file_name("brand mark.jpeg"),
            "brand mark.jpeg",
            "image/jpeg",
        ),
    ];
    for (file, file_name, media_type) in cases {
        let bytes = file.bytes().to_vec();
        let (server, outcome) = upload(file).await;
        outcome.expect("201");
        let request = server.single_request();
        assert_eq!(request.target, format!("/api/v1/apps/{APP}/logo"));
        let part = request.single_multipart_part();
        assert_eq!(part.name, "file");
        assert_eq!(part.file_name.as_deref(), Some(file_name));
        assert_eq!(part.content_type.as_deref(), Some(media_type));
        assert_eq!(part.body, bytes);
    }
}

fn temp_file(name: &str, len: usize) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("okta-apps-e2e-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let path = dir.join(name);
    let bytes: Vec<u8> = (0..len).map(|i| (i % 251) as u8).collect();
    std::fs::write(&path, bytes).expect("temp file");
    path
}

#[tokio::test]
async fn e2e_logo_from_path() {
    let path = temp_file("Brand.JPG", 4096);
    let file = FileUpload::from_path(&path).expect("a readable .JPG");
    assert_eq!(
        (file.file_name(), file.media_type()),
        ("Brand.JPG", "image/jpeg")
    );
    let (server, outcome) = upload(file).await;
    outcome.expect("201");
    let part = server.single_request().single_multipart_part();
    assert_eq!(part.file_name.as_deref(), Some("Brand.JPG"));
    assert_eq!(part.content_type.as_deref(), Some("image/jpeg"));
    assert_eq!(part.body, std::fs::read(&path).expect("temp file"));

    for name in ["logo.bmp", "logo"] {
        match FileUpload::from_path(temp_file(name, 10)) {
            Err(Error::InvalidInput(message)) => assert!(message.contains(".png"), "{message}"),
            other => panic!("{name}: expected InvalidInput, got {other:?}"),
        }
    }
    match FileUpload::from_path(path.with_file_name("missing.png")) {
        Err(Error::InvalidInput(message)) => assert!(message.contains("missing.png"), "{message}"),
        other => panic!("expected InvalidInput, got {other:?}"),
    }
}

#[tokio::test]
async fn e2e_logo_of_1_mb_or_more_is_refused_before_any_request() {
    assert_eq!(FileUpload::MAX_BYTES, 1_000_000);
    for len in [FileUpload::MAX_BYTES, 1024 * 1024, 5 * 1024 * 1024] {
        let (server, outcome) = upload(FileUpload::png(vec![7u8; len])).await;
        match outcome {
            Err(Error::InvalidInput(message)) => {
                assert!(
                    message.contains(&len.to_string()) && message.contains("1 MB"),
                    "{message}"
                )
            }
            other => panic!("{len} bytes: expected InvalidInput, got {other:?}"),
        }
        assert!(
            server.requests().is_empty(),
            "{len} bytes reached the server"
        );
    }
    let path = temp_file("huge.png", FileUpload::MAX_BYTES);
    assert!(matches!(
        FileUpload::from_path(&path),
        Err(Error::InvalidInput(_))
    ));

    // Just under the limit is sent whole.
    let len = FileUpload::MAX_BYTES - 1;
    let (server, outcome) = upload(FileUpload::gif(vec![9u8; len])).await;
    outcome.expect("201");
    assert_eq!(
        server.single_request().single_multipart_part().body.len(),
        len
    );
}

// ---------------------------------------------------------------- pagination

#[tokio::test]
async fn e2e_list_items_follow_the_next_link() {
    use futures_util::TryStreamExt;
    let server = MockServer::start(Reply::json(200, &json!([]))).await;
    let next = format!(
        "{}/api/v1/apps/{APP}/users?after=00u2&limit=1",
        server.url()
    );
    server.set_replies(vec![
        Reply::json(200, &json!([{"id": "00u1"}]))
            .header("Link", &format!("<{next}>; rel=\"next\"")),
        Reply::json(200, &json!([{"id": "00u2"}])),
    ]);
    let users: Vec<_> = server
        .client()
        .list_application_users(APP)
        .limit(1)
        .items()
        .try_collect()
        .await
        .expect("two pages");
    let ids: Vec<_> = users.iter().map(|u| u.id.as_deref()).collect();
    assert_eq!(ids, [Some("00u1"), Some("00u2")]);
    let targets: Vec<_> = server.requests().into_iter().map(|r| r.target).collect();
    assert_eq!(
        targets,
        [
            format!("/api/v1/apps/{APP}/users?limit=1"),
            format!("/api/v1/apps/{APP}/users?after=00u2&limit=1")
        ]
    );
}

// ---------------------------------------------------------------- 429 with the default retry policy

#[tokio::test]
async fn e2e_rate_limited_answer_with_default_retries_ends_in_a_typed_error() {
    let server = MockServer::start(Reply::okta_error(429)).await;
    let outcome = server
        .client()
        .list_application_users(APP)
        .filter("status eq \"ACTIVE\"")
        .send()
        .await;
    match outcome {
        Err(Error::Api(error)) => {
            assert_eq!(error.status.as_u16(), 429);
            assert_eq!(error.error_code(), Some("E0000047"));
            assert_eq!(error.request_id.as_deref(), Some("req-429"));
        }
        other => panic!("expected Error::Api 429, got {other:?}"),
    }
    let requests = server.requests();
    let retries = server.client().retry_policy().max_retries() as usize;
    assert_eq!(requests.len(), 1 + retries, "{requests:#?}");
    for request in &requests {
        assert_eq!(request.method, "GET");
        assert_eq!(
            request.target,
            format!("/api/v1/apps/{APP}/users?filter=status+eq+%22ACTIVE%22")
        );
        request.assert_standard_headers(None);
    }
}
