//! Rotates the signing key of a SAML app: generates a new key credential,
//! clones it to a second app that must trust the same key, and points the
//! app's signing credential at the new key.
//!
//! ```sh
//! OKTA_CLIENT_ORGURL=https://example.okta.com OKTA_CLIENT_TOKEN=00a… \
//!     cargo run -p okta-apps --example rotate_signing_key -- <app id> <target app id>
//! ```

use okta_apps::Client;
use okta_apps::models::{
    Application, ApplicationCommon, ApplicationCredentials, ApplicationCredentialsSigning,
};

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let usage = "usage: rotate_signing_key <app id> <target app id>";
    let app_id = args.next().ok_or(usage)?;
    let target_app_id = args.next().ok_or(usage)?;
    let org_url = std::env::var("OKTA_CLIENT_ORGURL")?;
    let client = Client::builder(&org_url)
        .api_token(std::env::var("OKTA_CLIENT_TOKEN")?)
        // Plain http only for a local server standing in for an org, as in this example's test.
        .allow_http(org_url.starts_with("http://127.0.0.1:"))
        .build()?;

    let key = client
        .generate_application_key(&app_id)
        .validity_years(2)
        .send()
        .await?;
    let kid = key.kid.ok_or("Okta answered without a key id")?;
    println!("generated key {kid}");

    let cloned = client
        .clone_application_key(&app_id, &kid, &target_app_id)
        .send()
        .await?;
    println!(
        "cloned key {} to {target_app_id}",
        cloned.kid.as_deref().unwrap_or(&kid)
    );

    let Application::Saml(mut saml) = client.get_application(&app_id).send().await? else {
        return Err(format!("{app_id} is not a SAML app").into());
    };
    let credentials = saml
        .credentials
        .get_or_insert_with(ApplicationCredentials::new);
    credentials.signing = Some(
        credentials
            .signing
            .take()
            .unwrap_or_else(ApplicationCredentialsSigning::new)
            .with_kid(&kid),
    );
    let updated = client
        .update_application(&app_id, Application::Saml(saml))
        .send()
        .await?;
    println!(
        "{} now signs with {kid}",
        updated.label().unwrap_or(&app_id)
    );
    Ok(())
}
