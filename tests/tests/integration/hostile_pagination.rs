//! Lists against a hostile server: `Link` headers that are legal but awkward, or not
//! legal at all, and bad items in the first, a middle and the last page. Nothing may
//! end a list early without an error, and no bad item may cost a good one.

use std::sync::{Arc, OnceLock};

use futures_util::{StreamExt, TryStreamExt};
use okta_apps::models::ApplicationCommon;
use okta_apps::Error;
use okta_apps_tests::server::{Action, Server};

fn app(id: &str) -> String {
    format!(r#"{{"id":"{id}","signOnMode":"BOOKMARK","label":"{id}"}}"#)
}

/// An app that does not decode even tolerantly: `label` comes twice, and which one
/// Okta meant cannot be known. (A `label` of the wrong type is kept aside instead:
/// `a_value_of_the_wrong_type_is_kept_and_the_item_decodes`.)
fn bad_app(id: &str) -> String {
    format!(r#"{{"id":"{id}","signOnMode":"BOOKMARK","label":"a","label":"b"}}"#)
}

fn page(items: &[String]) -> String {
    format!("[{}]", items.join(","))
}

/// A server whose page `n` is `pages[n]`, linked to page `n + 1` by the `Link` header
/// that `link(base, n + 1)` writes; the page is chosen by the `page` query parameter.
async fn linked_pages(
    pages: Vec<String>,
    link: impl Fn(&str, usize) -> Vec<String> + Send + Sync + 'static,
) -> Server {
    let base: Arc<OnceLock<String>> = Arc::new(OnceLock::new());
    let handler_base = base.clone();
    let server = Server::start(move |_, request| {
        let base = handler_base
            .get()
            .expect("base set before the first request");
        let n: usize = request
            .query_pairs()
            .into_iter()
            .find(|(k, _)| k == "page")
            .map_or(0, |(_, v)| v.parse().expect("page number"));
        let mut action = Action::json(200, &pages[n]);
        if n + 1 < pages.len() {
            for value in link(base, n + 1) {
                action = action.with_header("Link", &value);
            }
        }
        action
    })
    .await;
    base.set(server.url()).expect("set once");
    server
}

async fn ids(server: &Server) -> Result<Vec<String>, Error> {
    let apps: Vec<_> = server
        .client_without_retries()
        .list_applications()
        .items()
        .try_collect()
        .await?;
    Ok(apps
        .iter()
        .map(|a| a.id().expect("id").to_owned())
        .collect())
}

/// Writes the `Link` header values that point from a page to page `n`, given the base URL.
type LinkWriter = dyn Fn(&str, usize) -> Vec<String> + Send + Sync;

fn two_pages() -> Vec<String> {
    vec![page(&[app("a1"), app("a2")]), page(&[app("a3"), app("a4")])]
}

#[tokio::test]
async fn a_next_url_with_commas_and_semicolons_is_followed_whole() {
    let server = linked_pages(two_pages(), |base, n| {
        vec![format!(
            r#"<{base}/api/v1/apps?page={n}&after=0oa2,0oa3;x&filter=status%20eq%20"A,B">; rel="next""#
        )]
    })
    .await;
    assert_eq!(
        ids(&server).await.expect("both pages"),
        ["a1", "a2", "a3", "a4"]
    );
    let requests = server.requests();
    assert_eq!(
        requests[1].target,
        // The quotes are percent-encoded on the way (the URL parser's doing); the rest is as sent.
        "/api/v1/apps?page=1&after=0oa2,0oa3;x&filter=status%20eq%20%22A,B%22"
    );
}

#[tokio::test]
async fn the_next_link_is_found_among_several_links_and_headers_in_any_spelling() {
    let spellings: Vec<Box<LinkWriter>> = vec![
        // Several links in one header, next in the middle, with a quoted title holding `,` and `;`.
        Box::new(|base, n| {
            vec![format!(
                r#"<{base}/api/v1/apps>; rel="self", <{base}/api/v1/apps?page={n}>; title="a, b; c"; rel="next", <{base}/api/v1/apps?page=9>; rel="last""#
            )]
        }),
        // Several headers; next in the second.
        Box::new(|base, n| {
            vec![
                format!(r#"<{base}/api/v1/apps>; rel="self""#),
                format!(r#"<{base}/api/v1/apps?page={n}>; rel="next""#),
            ]
        }),
        // A relation list, upper case, unquoted, odd spacing.
        Box::new(|base, n| {
            vec![format!(
                r#"<{base}/api/v1/apps?page={n}> ;REL = "Next Last""#
            )]
        }),
        Box::new(|base, n| vec![format!("<{base}/api/v1/apps?page={n}>;rel=next")]),
        // A relative target.
        Box::new(|_, n| vec![format!(r#"</api/v1/apps?page={n}>; rel="next""#)]),
    ];
    for (i, spelling) in spellings.into_iter().enumerate() {
        let server = linked_pages(two_pages(), spelling).await;
        assert_eq!(
            ids(&server)
                .await
                .unwrap_or_else(|e| panic!("spelling {i}: {e}")),
            ["a1", "a2", "a3", "a4"],
            "spelling {i}"
        );
        assert_eq!(server.request_count(), 2, "spelling {i}");
    }
}

#[tokio::test]
async fn a_link_header_that_does_not_parse_is_an_error_after_the_page_never_a_silent_end() {
    let malformed: Vec<fn(&str) -> String> = vec![
        |base| format!(r#"{base}/api/v1/apps?page=1; rel="next""#),
        |base| format!(r#"<{base}/api/v1/apps?page=1; rel="next""#),
        |base| format!(r#"<{base}/api/v1/apps?page=1>; rel="next"#),
        |base| format!(r#"<{base}/api/v1/apps?page=1> rel="next""#),
    ];
    for (i, value) in malformed.into_iter().enumerate() {
        let server = linked_pages(two_pages(), move |base, _| vec![value(base)]).await;
        let client = server.client_without_retries();
        let results: Vec<Result<_, Error>> = client.list_applications().items().collect().await;
        assert_eq!(results.len(), 3, "malformed {i}: two items, then the error");
        assert!(results[0].is_ok() && results[1].is_ok(), "malformed {i}");
        assert!(
            matches!(&results[2], Err(Error::Pagination(m)) if m.contains("does not parse")),
            "malformed {i}: {:?}",
            results[2]
        );
        assert_eq!(server.request_count(), 1, "malformed {i}");
    }
}

#[tokio::test]
async fn two_different_next_links_and_a_non_ascii_link_header_are_errors() {
    let server = linked_pages(two_pages(), |base, n| {
        vec![
            format!(r#"<{base}/api/v1/apps?page={n}>; rel="next""#),
            format!(r#"<{base}/api/v1/apps?page=0>; rel="next""#),
        ]
    })
    .await;
    let error = ids(&server).await.expect_err("ambiguous");
    assert!(
        matches!(&error, Error::Pagination(m) if m.contains("two different next links")),
        "{error:?}"
    );

    let server = Server::start(|_, _| {
        Action::raw(
            &[
                "HTTP/1.1 200 OK",
                "Content-Type: application/json",
                "Content-Length: 2",
                "Link: <https://o.example/api/v1/apps?after=caf\u{e9}>; rel=\"next\"",
            ],
            b"[]",
        )
    })
    .await;
    let error = ids(&server).await.expect_err("non-ASCII Link");
    assert!(
        matches!(&error, Error::Pagination(m) if m.contains("not visible ASCII")),
        "{error:?}"
    );
}

/// Three pages of three apps; the bad app is at `bad` (page, index).
fn pages_with_bad_item(bad: (usize, usize)) -> Vec<String> {
    (0..3)
        .map(|p| {
            let items: Vec<String> = (0..3)
                .map(|i| {
                    let id = format!("p{p}i{i}");
                    if (p, i) == bad {
                        bad_app(&id)
                    } else {
                        app(&id)
                    }
                })
                .collect();
            page(&items)
        })
        .collect()
}

fn next_link(base: &str, n: usize) -> Vec<String> {
    vec![format!(r#"<{base}/api/v1/apps?page={n}>; rel="next""#)]
}

#[tokio::test]
async fn items_yield_every_good_item_and_each_bad_one_in_place_in_any_page() {
    for bad in [(0, 0), (1, 1), (2, 2)] {
        let server = linked_pages(pages_with_bad_item(bad), next_link).await;
        let client = server.client_without_retries();
        let results: Vec<Result<_, Error>> = client.list_applications().items().collect().await;
        assert_eq!(results.len(), 9, "bad item at {bad:?}: nine entries");
        for (n, result) in results.iter().enumerate() {
            let (p, i) = (n / 3, n % 3);
            match result {
                Ok(app) => {
                    assert_ne!((p, i), bad);
                    assert_eq!(app.id(), Some(format!("p{p}i{i}").as_str()));
                }
                Err(Error::Item(item)) => {
                    assert_eq!((p, i), bad);
                    assert_eq!(item.page(), Some(p));
                    assert_eq!(item.index(), i);
                    assert_eq!(item.path(), format!("[{i}].label"));
                    assert_eq!(item.raw_json(), bad_app(&format!("p{p}i{i}")));
                    let shown = item.to_string();
                    assert!(shown.contains(&format!("item {i} of page {p}")), "{shown}");
                }
                Err(other) => panic!("bad item at {bad:?}: {other:?}"),
            }
        }
        assert_eq!(server.request_count(), 3, "every page read");
    }
}

#[tokio::test]
async fn pages_keep_good_and_bad_items() {
    let server = linked_pages(pages_with_bad_item((1, 1)), next_link).await;
    let pages: Vec<_> = server
        .client_without_retries()
        .list_applications()
        .pages()
        .try_collect()
        .await
        .expect("three pages");
    assert_eq!(pages.len(), 3);
    let middle = pages[1].body();
    assert_eq!(middle.len(), 3);
    assert!(!middle.is_complete());
    let good: Vec<_> = middle.ok().map(|a| a.id().expect("id")).collect();
    assert_eq!(good, ["p1i0", "p1i2"]);
    let bad: Vec<_> = middle.errors().collect();
    assert_eq!(bad.len(), 1);
    assert_eq!((bad[0].page(), bad[0].index()), (Some(1), 1));
    assert!(pages[0].body().is_complete() && pages[2].body().is_complete());
}

#[tokio::test]
async fn send_on_a_list_keeps_every_good_and_every_bad_item() {
    let body = page(&[app("a1"), bad_app("a2"), app("a3")]);
    let server = Server::start(move |_, _| Action::json(200, &body)).await;
    let apps = server
        .client_without_retries()
        .list_applications()
        .send()
        .await
        .expect("the page");
    assert_eq!(apps.len(), 3);
    let (good, bad) = apps.into_parts();
    let good: Vec<_> = good.iter().map(|a| a.id().expect("id")).collect();
    assert_eq!(good, ["a1", "a3"]);
    assert_eq!(bad[0].index(), 1);
    assert_eq!(bad[0].page(), None);
    assert_eq!(bad[0].raw_json(), bad_app("a2"));

    // A list operation that is not paginated follows the same rule.
    let keys = r#"[{"kid":"k1","kty":"RSA"},"not a key",{"kid":"k3"}]"#;
    let server = Server::start(move |_, _| Action::json(200, keys)).await;
    let keys = server
        .client_without_retries()
        .list_application_keys("0oa1")
        .send()
        .await
        .expect("the list");
    let good: Vec<_> = keys.ok().map(|k| k.kid.as_deref().expect("kid")).collect();
    assert_eq!(good, ["k1", "k3"]);
    assert_eq!(keys.errors().map(|e| e.path()).collect::<Vec<_>>(), ["[1]"]);

    // Not a list at all: a decode error, not an empty list.
    let server = Server::start(|_, _| Action::json(200, r#"{"errorCode":"E0"}"#)).await;
    let error = server
        .client_without_retries()
        .list_applications()
        .send()
        .await
        .expect_err("not a list");
    assert!(matches!(error, Error::Decode(_)), "{error:?}");
}

#[tokio::test]
async fn a_value_of_the_wrong_type_is_kept_and_the_item_decodes() {
    let wrong = r#"{"id":"a2","signOnMode":"BOOKMARK","label":{"not":"a string"}}"#;
    let body = page(&[app("a1"), wrong.to_owned(), app("a3")]);
    let server = linked_pages(vec![body.clone()], next_link).await;
    let client = server.client_without_retries();
    let apps = client.list_applications().send().await.expect("the page");
    assert!(apps.is_complete(), "{apps:?}");
    let second = apps.ok().nth(1).expect("the second app");
    assert_eq!(second.id(), Some("a2"));
    assert_eq!(second.label(), None);
    let found = okta_apps::Mismatches::mismatches(&apps);
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].path(), "[1].label");
    assert_eq!(found[0].received(), Some(r#"{"not":"a string"}"#));
    assert_eq!(
        serde_json::to_value(&apps).expect("encodes"),
        serde_json::from_str::<serde_json::Value>(&body).expect("JSON"),
        "written back as received"
    );
    let items: Vec<Result<_, Error>> = client.list_applications().items().collect().await;
    assert!(items.iter().all(Result::is_ok), "{items:?}");
}
