//! Lists the active applications of an org as a stream, page after page.
//!
//! ```sh
//! OKTA_CLIENT_ORGURL=https://example.okta.com OKTA_CLIENT_TOKEN=00a… \
//!     cargo run -p okta-apps --example list_applications
//! ```

use futures_util::TryStreamExt;
use okta_apps::Client;
use okta_apps::models::ApplicationCommon;

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let org_url = std::env::var("OKTA_CLIENT_ORGURL")?;
    let client = Client::builder(&org_url)
        .api_token(std::env::var("OKTA_CLIENT_TOKEN")?)
        // Plain http only for a local server standing in for an org, as in this example's test.
        .allow_http(org_url.starts_with("http://127.0.0.1:"))
        .build()?;

    let mut apps = std::pin::pin!(
        client
            .list_applications()
            .filter("status eq \"ACTIVE\"")
            .limit(200)
            .items()
    );
    let mut count = 0;
    while let Some(app) = apps.try_next().await? {
        count += 1;
        println!(
            "{}\t{}\t{}",
            app.id().unwrap_or("-"),
            app.sign_on_mode().map_or("-", |mode| mode.as_str()),
            app.label().unwrap_or("-"),
        );
    }
    println!("{count} active applications");
    Ok(())
}
