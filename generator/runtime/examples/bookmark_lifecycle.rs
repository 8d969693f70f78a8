//! Creates a bookmark app, assigns a group to it, then deactivates and deletes it.
//!
//! ```sh
//! OKTA_CLIENT_ORGURL=https://example.okta.com OKTA_CLIENT_TOKEN=00a… \
//!     cargo run -p okta-apps --example bookmark_lifecycle -- <group id>
//! ```

use okta_apps::Client;
use okta_apps::models::{
    Application, ApplicationGroupAssignment, BookmarkApplication, BookmarkApplicationSettings,
    BookmarkApplicationSettingsApplication,
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
    println!("created {app_id}");

    let assignment = client
        .create_application_group_assignment(&app_id, &group_id)
        .application_group_assignment(ApplicationGroupAssignment::new().with_priority(0))
        .send()
        .await?;
    println!(
        "assigned group {}",
        assignment.id.as_deref().unwrap_or(&group_id)
    );

    client.deactivate_application(&app_id).send().await?;
    println!("deactivated {app_id}");
    client.delete_application(&app_id).send().await?;
    println!("deleted {app_id}");
    Ok(())
}
