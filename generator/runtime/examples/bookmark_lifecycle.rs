//! Creates a bookmark app, assigns a group to it, then deactivates and deletes it.
//!
//! ```sh
//! OKTA_CLIENT_ORGURL=https://example.okta.com OKTA_CLIENT_TOKEN=00a… \
//!     cargo run -p okta-apps --example bookmark_lifecycle -- <group id>
//! ```
//!
//! The work is in [`lifecycle`], which takes the client and where to write, so that
//! its test (at the end of this file, feature `test-util`) runs it against
//! `okta_apps::mock::MockOrg`: `cargo test -p okta-apps --features test-util --example bookmark_lifecycle`.

use std::io::Write;

use okta_apps::Client;
use okta_apps::models::{
    Application, ApplicationCommon, ApplicationGroupAssignment, BookmarkApplication,
    BookmarkApplicationSettings, BookmarkApplicationSettingsApplication,
};

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let group_id = std::env::args()
        .nth(1)
        .ok_or("usage: bookmark_lifecycle <group id>")?;
    let org_url = std::env::var("OKTA_CLIENT_ORGURL")?;
    let client = Client::builder(&org_url)
        .api_token(std::env::var("OKTA_CLIENT_TOKEN")?)
        // Plain http only for a local server standing in for an org, as in this example's test.
        .allow_http(org_url.starts_with("http://127.0.0.1:"))
        .build()?;
    lifecycle(&client, &group_id, &mut std::io::stdout()).await?;
    Ok(())
}

/// The bookmark app's whole life: create, assign `group_id`, deactivate, delete; one
/// line to `out` per step. Returns the app's id.
async fn lifecycle(
    client: &Client,
    group_id: &str,
    out: &mut impl Write,
) -> Result<String, Box<dyn std::error::Error>> {
    let bookmark = BookmarkApplication::new()
        .with_label("Team wiki")
        .with_settings(BookmarkApplicationSettings::new().with_app(
            BookmarkApplicationSettingsApplication::new().with_url("https://wiki.example.com"),
        ));
    let created = client
        .create_application(Application::Bookmark(bookmark))
        .send()
        .await?;
    let app_id = created
        .id()
        .ok_or("Okta answered without an app id")?
        .to_owned();
    writeln!(out, "created {app_id}")?;

    let assignment = client
        .create_application_group_assignment(&app_id, group_id)
        .application_group_assignment(ApplicationGroupAssignment::new().with_priority(0))
        .send()
        .await?;
    writeln!(
        out,
        "assigned group {}",
        assignment.id.as_deref().unwrap_or(group_id)
    )?;

    client.deactivate_application(&app_id).send().await?;
    writeln!(out, "deactivated {app_id}")?;
    client.delete_application(&app_id).send().await?;
    writeln!(out, "deleted {app_id}")?;
    Ok(app_id)
}

/// The example against a mock org: typed answers, no Okta, no network.
#[cfg(all(test, feature = "test-util"))]
mod tests {
    use std::time::Duration;

    use okta_apps::OktaErrorBody;
    use okta_apps::mock::MockOrg;
    use okta_apps::models::{ApplicationCommon, ApplicationGroupAssignment, BookmarkApplication};

    use super::lifecycle;

    #[tokio::test]
    async fn creates_assigns_deactivates_and_deletes() {
        let mock = MockOrg::start().await;
        mock.expect_create_application().returns(
            BookmarkApplication::new()
                .with_id("0oaNEW")
                .with_label("Team wiki"),
        );
        // Okta is busy once; the client waits and sends the assignment again.
        mock.expect_create_application_group_assignment("0oaNEW", "00gENG")
            .rate_limited(Duration::from_secs(1));
        mock.expect_create_application_group_assignment("0oaNEW", "00gENG")
            .with_body(ApplicationGroupAssignment::new().with_priority(0))
            .returns(ApplicationGroupAssignment::new().with_id("00gENG"));
        mock.expect_deactivate_application("0oaNEW").returns();
        mock.expect_delete_application("0oaNEW").returns();

        let mut out = Vec::new();
        let id = lifecycle(&mock.client(), "00gENG", &mut out)
            .await
            .expect("the lifecycle");
        assert_eq!(id, "0oaNEW");
        assert_eq!(
            String::from_utf8_lossy(&out),
            "created 0oaNEW\nassigned group 00gENG\ndeactivated 0oaNEW\ndeleted 0oaNEW\n"
        );
        mock.verify();
    }

    #[tokio::test]
    async fn stops_at_the_first_error_and_deletes_nothing() {
        let mock = MockOrg::start().await;
        mock.expect_create_application()
            .returns(BookmarkApplication::new().with_id("0oaNEW"));
        mock.expect_create_application_group_assignment("0oaNEW", "00gGONE")
            .returns_error(
                404,
                OktaErrorBody::new(
                    "E0000007",
                    "Not found: Resource not found: 00gGONE (UserGroup)",
                ),
            );

        let mut out = Vec::new();
        let error = lifecycle(&mock.client(), "00gGONE", &mut out)
            .await
            .expect_err("no such group");
        assert!(error.to_string().contains("E0000007"), "{error}");
        assert_eq!(String::from_utf8_lossy(&out), "created 0oaNEW\n");
        // Neither deactivate nor delete was sent: verify would list them as unexpected.
        mock.verify();
    }
}
