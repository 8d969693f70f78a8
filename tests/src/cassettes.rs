//! Real traffic recorded against real Okta orgs (vcrpy cassettes of Okta's Python
//! SDK, vendored in `spec/reference/recorded/`), and the operation each request
//! belongs to.

use std::path::{Path, PathBuf};

use serde_yaml::Value;

/// One request and the answer Okta gave, as recorded.
#[derive(Debug, Clone)]
pub struct Interaction {
    /// The cassette, relative to the directory read, and the interaction's index in it.
    pub source: String,
    /// `GET`, `POST`, …
    pub method: String,
    /// The path, without the org and the query: `/api/v1/apps/0oa1`.
    pub path: String,
    /// The query string, without `?`, as recorded.
    pub query: Option<String>,
    /// The request body, where one was recorded.
    pub request_body: Option<String>,
    /// The answer's status.
    pub status: u16,
    /// The answer's `Content-Type`, if it had one.
    pub content_type: Option<String>,
    /// The answer's body, as recorded (decoded, even where `Content-Encoding` says gzip).
    pub body: String,
}

impl Interaction {
    /// Whether the answer is a 2xx with a JSON body.
    pub fn is_json_success(&self) -> bool {
        (200..300).contains(&self.status)
            && !self.body.trim().is_empty()
            && self
                .content_type
                .as_deref()
                .is_some_and(|t| t.starts_with("application/json"))
    }
}

/// Every interaction of every cassette under `dir`, in file order.
pub fn read_all(dir: &Path) -> Vec<Interaction> {
    let mut files = Vec::new();
    collect_yaml(dir, &mut files);
    files.sort();
    let mut all = Vec::new();
    for file in files {
        let text =
            std::fs::read_to_string(&file).unwrap_or_else(|e| panic!("{}: {e}", file.display()));
        let cassette: Value =
            serde_yaml::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", file.display()));
        let name = file
            .strip_prefix(dir)
            .unwrap_or(&file)
            .display()
            .to_string();
        let interactions = cassette["interactions"]
            .as_sequence()
            .cloned()
            .unwrap_or_default();
        for (index, interaction) in interactions.iter().enumerate() {
            all.push(interaction_of(&format!("{name}#{index}"), interaction));
        }
    }
    all
}

fn collect_yaml(dir: &Path, files: &mut Vec<PathBuf>) {
    let entries = std::fs::read_dir(dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
    for entry in entries {
        let path = entry.expect("a directory entry").path();
        if path.is_dir() {
            collect_yaml(&path, files);
        } else if path.extension().is_some_and(|e| e == "yaml") {
            files.push(path);
        }
    }
}

fn interaction_of(source: &str, interaction: &Value) -> Interaction {
    let request = &interaction["request"];
    let response = &interaction["response"];
    let uri = request["uri"].as_str().unwrap_or_default();
    let after_host = uri.splitn(4, '/').nth(3).unwrap_or_default();
    let (path, query) = match after_host.split_once('?') {
        Some((path, query)) => (path, Some(query.to_owned())),
        None => (after_host, None),
    };
    Interaction {
        source: source.to_owned(),
        method: request["method"].as_str().unwrap_or_default().to_owned(),
        path: format!("/{path}"),
        query,
        request_body: request["body"].as_str().map(str::to_owned),
        status: response["status"]["code"].as_u64().unwrap_or_default() as u16,
        content_type: header(&response["headers"], "content-type"),
        body: response["body"]["string"]
            .as_str()
            .unwrap_or_default()
            .to_owned(),
    }
}

/// A header's (first) value; vcrpy writes each as a list, sometimes as a string.
fn header(headers: &Value, name: &str) -> Option<String> {
    let (_, value) = headers
        .as_mapping()?
        .iter()
        .find(|(k, _)| k.as_str().is_some_and(|k| k.eq_ignore_ascii_case(name)))?;
    match value {
        Value::Sequence(values) => values.first()?.as_str().map(str::to_owned),
        other => other.as_str().map(str::to_owned),
    }
}

/// Operations by method and path template, for naming the operation a recorded
/// request belongs to.
#[derive(Debug, Default)]
pub struct Router {
    routes: Vec<Route>,
}

#[derive(Debug)]
struct Route {
    method: String,
    segments: Vec<Option<String>>,
    operation: String,
}

impl Router {
    /// Adds `operation`, answering `method` on `template` (`/api/v1/apps/{appId}`).
    pub fn add(&mut self, method: &str, template: &str, operation: &str) {
        let segments = template
            .trim_start_matches('/')
            .split('/')
            .map(|s| (!(s.starts_with('{') && s.ends_with('}'))).then(|| s.to_owned()))
            .collect();
        self.routes.push(Route {
            method: method.to_ascii_uppercase(),
            segments,
            operation: operation.to_owned(),
        });
    }

    /// The operation that `method` on `path` belongs to. Of several templates that
    /// match, the one with a literal segment where the others have a parameter wins,
    /// at the first segment where they differ.
    pub fn route(&self, method: &str, path: &str) -> Option<&str> {
        let parts: Vec<&str> = path.trim_start_matches('/').split('/').collect();
        self.routes
            .iter()
            .filter(|r| r.method.eq_ignore_ascii_case(method) && r.matches(&parts))
            .max_by(|a, b| a.literals().cmp(&b.literals()))
            .map(|r| r.operation.as_str())
    }
}

impl Route {
    fn matches(&self, parts: &[&str]) -> bool {
        self.segments.len() == parts.len()
            && self
                .segments
                .iter()
                .zip(parts)
                .all(|(segment, part)| match segment {
                    Some(literal) => literal == part,
                    None => !part.is_empty(),
                })
    }

    /// Literal segments as `true`, in order: compared lexicographically, a literal
    /// at the first difference wins.
    fn literals(&self) -> Vec<bool> {
        self.segments.iter().map(Option::is_some).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_literal_segment_beats_a_parameter_at_the_first_difference() {
        let mut router = Router::default();
        router.add("GET", "/api/v1/apps/{appId}", "getApplication");
        router.add("GET", "/api/v1/apps/{appId}/users", "listApplicationUsers");
        router.add("GET", "/api/v1/apps/{appId}/{x}", "other");
        router.add("GET", "/api/v1/users/me", "getMe");
        router.add("GET", "/api/v1/users/{id}", "getUser");
        router.add("POST", "/api/v1/users/{id}", "updateUser");
        assert_eq!(
            router.route("GET", "/api/v1/apps/0oa1"),
            Some("getApplication")
        );
        assert_eq!(
            router.route("GET", "/api/v1/apps/0oa1/users"),
            Some("listApplicationUsers")
        );
        assert_eq!(
            router.route("GET", "/api/v1/apps/0oa1/groups"),
            Some("other")
        );
        assert_eq!(router.route("GET", "/api/v1/users/me"), Some("getMe"));
        assert_eq!(router.route("GET", "/api/v1/users/00u1"), Some("getUser"));
        assert_eq!(
            router.route("post", "/api/v1/users/00u1"),
            Some("updateUser")
        );
        assert_eq!(router.route("GET", "/api/v1/users/00u1/x"), None);
        assert_eq!(router.route("GET", "/api/v1/apps/"), None);
    }
}
