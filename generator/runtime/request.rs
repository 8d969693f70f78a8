//! What a generated operation hands to the client: one HTTP request, described.

use std::fmt::Display;

use reqwest::Method;

use crate::error::Error;

/// One request, as a generated operation builds it.
#[derive(Debug, Clone)]
pub(crate) struct OperationRequest {
    /// The spec's operationId, for tracing.
    pub operation_id: &'static str,
    pub method: Method,
    /// The path template from the spec, e.g. `/api/v1/apps/{appId}`, for tracing.
    pub path_template: &'static str,
    /// The path with every parameter already percent-encoded.
    pub path: String,
    pub query: Vec<(&'static str, String)>,
    pub headers: Vec<(&'static str, String)>,
    pub body: RequestBody,
}

/// The body of a request.
#[derive(Debug, Clone)]
pub(crate) enum RequestBody {
    Empty,
    Json(Vec<u8>),
    Binary {
        media_type: &'static str,
        bytes: Vec<u8>,
    },
    MultipartFile {
        part: &'static str,
        file: FileUpload,
    },
}

/// A file to upload as a `multipart/form-data` part.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileUpload {
    file_name: String,
    media_type: String,
    bytes: Vec<u8>,
}

impl FileUpload {
    /// A file named `file_name` with the given media type (e.g. `image/png`) and contents.
    pub fn new(
        file_name: impl Into<String>,
        media_type: impl Into<String>,
        bytes: impl Into<Vec<u8>>,
    ) -> Self {
        FileUpload {
            file_name: file_name.into(),
            media_type: media_type.into(),
            bytes: bytes.into(),
        }
    }

    /// The file name sent with the part.
    pub fn file_name(&self) -> &str {
        &self.file_name
    }

    /// The media type sent with the part.
    pub fn media_type(&self) -> &str {
        &self.media_type
    }

    /// The contents.
    pub fn bytes(&self) -> &[u8] {
        &self.bytes
    }

    pub(crate) fn to_part(&self, part: &'static str) -> RequestBody {
        RequestBody::MultipartFile {
            part,
            file: self.clone(),
        }
    }
}

impl OperationRequest {
    pub(crate) fn new(
        operation_id: &'static str,
        method: Method,
        path_template: &'static str,
        path: String,
    ) -> Self {
        OperationRequest {
            operation_id,
            method,
            path_template,
            path,
            query: Vec::new(),
            headers: Vec::new(),
            body: RequestBody::Empty,
        }
    }

    /// Adds a query parameter; an unset optional parameter is not sent, so the
    /// server applies its own default.
    pub(crate) fn query(&mut self, name: &'static str, value: Option<impl Display>) {
        if let Some(value) = value {
            self.query.push((name, value.to_string()));
        }
    }

    /// Adds a header; an unset optional header is not sent.
    pub(crate) fn header(&mut self, name: &'static str, value: Option<impl Display>) {
        if let Some(value) = value {
            self.headers.push((name, value.to_string()));
        }
    }

    pub(crate) fn json_body(&mut self, body: &impl serde::Serialize) -> Result<(), Error> {
        let bytes = serde_json::to_vec(body)
            .map_err(|e| Error::InvalidInput(format!("the request body cannot be encoded: {e}")))?;
        self.body = RequestBody::Json(bytes);
        Ok(())
    }
}

/// Percent-encodes one path parameter so that it stays one path segment.
///
/// Everything but RFC 3986 unreserved characters is encoded, so `/`, `?`,
/// `#`, `%` and spaces cannot change the path. `.` and `..` are refused:
/// URL normalisation would turn them into a different path however they are
/// encoded.
pub(crate) fn path_segment(name: &str, value: &str) -> Result<String, Error> {
    if value.is_empty() || value == "." || value == ".." {
        return Err(Error::InvalidInput(format!(
            "path parameter `{name}` cannot be {value:?}: it would not address a single resource"
        )));
    }
    let mut encoded = String::with_capacity(value.len());
    for byte in value.bytes() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => {
                encoded.push(byte as char)
            }
            _ => {
                encoded.push('%');
                encoded.push(char::from(HEX[usize::from(byte >> 4)]));
                encoded.push(char::from(HEX[usize::from(byte & 0xF)]));
            }
        }
    }
    Ok(encoded)
}

const HEX: &[u8; 16] = b"0123456789ABCDEF";
