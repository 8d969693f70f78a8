//! Paginated lists follow `Link: <…>; rel="next"` exactly, stop at the last page,
//! and never follow a link to another host.

use std::sync::{Arc, OnceLock};

use futures_util::TryStreamExt;
use okta_apps::{Client, Error, RetryPolicy};
use okta_apps_tests::server::{Action, Server};

fn client(url: String) -> Client {
    Client::builder(url)
        .allow_http(true)
        .api_token("page-token")
        .retry_policy(RetryPolicy::none())
        .build()
        .expect("client")
}

fn apps(ids: &[&str]) -> String {
    let apps: Vec<String> = ids
        .iter()
        .map(|id| format!(r#"{{"id":"{id}","signOnMode":"BOOKMARK","label":"{id}"}}"#))
        .collect();
    format!("[{}]", apps.join(","))
}

/// A server with three pages; the links are absolute, as Okta sends them.
async fn three_pages() -> Server {
    let base: Arc<OnceLock<String>> = Arc::new(OnceLock::new());
    let base_in_handler = base.clone();
    let server = Server::start(move |_, request| {
        let base = base_in_handler.get().expect("base set before the first request");
        match request.target.as_str() {
            "/api/v1/apps?limit=2" => Action::json(200, &apps(&["a1", "a2"]))
                .with_header("link", &format!("<{base}/api/v1/apps?limit=2>; rel=\"self\""))
                .with_header("link", &format!("<{base}/api/v1/apps?after=a2&limit=2>; rel=\"next\"")),
            "/api/v1/apps?after=a2&limit=2" => Action::json(200, &apps(&["a3", "a4"]))
                .with_header("link", &format!("<{base}/api/v1/apps?after=a2&limit=2>; rel=\"self\", <{base}/api/v1/apps?after=a4&limit=2>; rel=\"next\"")),
            "/api/v1/apps?after=a4&limit=2" => Action::json(200, &apps(&["a5"]))
                .with_header("link", &format!("<{base}/api/v1/apps?after=a4&limit=2>; rel=\"self\"")),
            other => Action::json(404, &format!(r#"{{"errorCode":"E0000007","errorSummary":"unexpected {other}"}}"#)),
        }
    })
    .await;
    base.set(server.url()).expect("set once");
    server
}

fn ids(values: &[serde_json::Value]) -> Vec<String> {
    values
        .iter()
        .map(|v| v["id"].as_str().expect("id").to_owned())
        .collect()
}

#[tokio::test]
async fn items_follow_the_next_links_over_three_pages_and_stop() {
    let server = three_pages().await;
    let items: Vec<_> = client(server.url())
        .list_applications()
        .limit(2)
        .items()
        .try_collect()
        .await
        .expect("all pages");
    let values: Vec<serde_json::Value> = items
        .iter()
        .map(|a| serde_json::to_value(a).expect("serialize"))
        .collect();
    assert_eq!(ids(&values), ["a1", "a2", "a3", "a4", "a5"]);

    let requests = server.requests();
    let targets: Vec<&str> = requests.iter().map(|r| r.target.as_str()).collect();
    assert_eq!(
        targets,
        [
            "/api/v1/apps?limit=2",
            "/api/v1/apps?after=a2&limit=2",
            "/api/v1/apps?after=a4&limit=2"
        ]
    );
    for request in &requests {
        assert_eq!(request.header("authorization"), Some("SSWS page-token"));
    }
}

#[tokio::test]
async fn pages_carry_their_metadata() {
    let server = three_pages().await;
    let pages: Vec<_> = client(server.url())
        .list_applications()
        .limit(2)
        .pages()
        .try_collect()
        .await
        .expect("all pages");
    let sizes: Vec<usize> = pages.iter().map(|p| p.body().len()).collect();
    assert_eq!(sizes, [2, 2, 1]);
    assert!(pages[0]
        .headers()
        .get_all("link")
        .iter()
        .any(|v| v.to_str().unwrap_or("").contains("after=a2")));
    assert_eq!(
        server.requests().len(),
        3,
        "no request after the page without a next link"
    );
}

#[tokio::test]
async fn a_next_link_to_another_host_is_refused_after_the_page() {
    let foreign = Server::start(|_, _| Action::json(200, "[]")).await;
    let foreign_url = foreign.url();
    let server = Server::start(move |_, _| {
        Action::json(200, &apps(&["a1", "a2"])).with_header(
            "link",
            &format!("<{foreign_url}/api/v1/apps?after=a2>; rel=\"next\""),
        )
    })
    .await;
    let client = client(server.url());
    let mut items = std::pin::pin!(client.list_applications().items());
    assert!(items.try_next().await.expect("first item").is_some());
    assert!(items.try_next().await.expect("second item").is_some());
    let error = items
        .try_next()
        .await
        .expect_err("the foreign link is refused");
    assert!(
        matches!(&error, Error::Pagination(m) if m.contains("outside the org")),
        "{error:?}"
    );
    assert!(items.try_next().await.expect("the stream ends").is_none());
    assert_eq!(
        foreign.requests().len(),
        0,
        "nothing was sent to the other host"
    );
    assert_eq!(server.requests().len(), 1);
}

#[tokio::test]
async fn other_paginated_operations_follow_links_too() {
    let base: Arc<OnceLock<String>> = Arc::new(OnceLock::new());
    let handler_base = base.clone();
    let server = Server::start(move |i, _| {
        let base = handler_base.get().expect("base");
        match i {
            0 => Action::json(200, r#"[{"id":"u1"}]"#).with_header(
                "link",
                &format!("<{base}/api/v1/apps/0oa1/users?after=u1>; rel=\"next\""),
            ),
            _ => Action::json(200, r#"[{"id":"u2"}]"#),
        }
    })
    .await;
    base.set(server.url()).expect("set once");
    let users: Vec<_> = client(server.url())
        .list_application_users("0oa1")
        .items()
        .try_collect()
        .await
        .expect("two pages");
    assert_eq!(users.len(), 2);
    let targets: Vec<String> = server.requests().into_iter().map(|r| r.target).collect();
    assert_eq!(
        targets,
        [
            "/api/v1/apps/0oa1/users",
            "/api/v1/apps/0oa1/users?after=u1"
        ]
    );
}

#[tokio::test]
async fn a_next_link_back_to_a_page_already_read_stops_the_stream() {
    let base: Arc<OnceLock<String>> = Arc::new(OnceLock::new());
    let handler_base = base.clone();
    // Every page links to the second page, itself included: without a guard, a loop.
    let server = Server::start(move |i, _| {
        let base = handler_base.get().expect("base");
        Action::json(200, &apps(&[&format!("a{i}")])).with_header(
            "link",
            &format!("<{base}/api/v1/apps?after=a0>; rel=\"next\""),
        )
    })
    .await;
    base.set(server.url()).expect("set once");
    let client = client(server.url());
    let mut items = std::pin::pin!(client.list_applications().items());
    assert!(items.try_next().await.expect("page 1").is_some());
    assert!(items.try_next().await.expect("page 2").is_some());
    let error = items
        .try_next()
        .await
        .expect_err("the repeated link is refused");
    assert!(
        matches!(&error, Error::Pagination(m) if m.contains("already read")),
        "{error:?}"
    );
    assert!(items.try_next().await.expect("the stream ends").is_none());
    assert_eq!(server.requests().len(), 2, "the second page is read once");
}
