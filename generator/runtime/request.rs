//! What a generated operation hands to the client: one HTTP request, described.

use std::borrow::Cow;
use std::fmt::Display;
use std::path::Path;
use std::time::Duration;

use reqwest::Method;

use crate::error::Error;

/// One request, as a generated operation (or [`Client::request`](crate::Client::request))
/// builds it.
#[derive(Debug, Clone)]
pub(crate) struct OperationRequest {
    /// The spec's operationId, for tracing.
    pub operation_id: &'static str,
    pub method: Method,
    /// The path template from the spec, e.g. `/api/v1/apps/{appId}`, for tracing.
    pub path_template: Cow<'static, str>,
    /// The path with every parameter already percent-encoded.
    pub path: String,
    pub query: Vec<(Cow<'static, str>, String)>,
    pub headers: Vec<(Cow<'static, str>, String)>,
    pub body: RequestBody,
    /// The media type the operation answers in, when not JSON (`text/html`): the
    /// `Accept` header, unless the caller sets one of their own.
    pub accept: Option<&'static str>,
    /// The redirect status (a 3xx) that is this operation's one documented answer:
    /// returned as it came, not followed; any other redirect is refused.
    pub redirect: Option<u16>,
    /// This request's own timeout per attempt, instead of the client's.
    pub timeout: Option<Duration>,
}

/// What every request builder lets a caller add: headers of its own and a timeout.
#[derive(Debug, Clone, Default)]
pub(crate) struct RequestOptions {
    headers: Vec<(String, String)>,
    timeout: Option<Duration>,
}

impl RequestOptions {
    pub(crate) fn header(&mut self, name: impl Into<String>, value: impl Into<String>) {
        self.headers.push((name.into(), value.into()));
    }

    pub(crate) fn timeout(&mut self, timeout: Duration) {
        self.timeout = Some(timeout);
    }

    /// Adds the options to `request`; the client's own headers (authorization, user
    /// agent, retry headers) are set after these and win.
    pub(crate) fn apply(&self, request: &mut OperationRequest) {
        for (name, value) in &self.headers {
            request
                .headers
                .push((Cow::Owned(name.clone()), value.clone()));
        }
        if self.timeout.is_some() {
            request.timeout = self.timeout;
        }
    }
}

/// The body of a request.
#[derive(Debug, Clone)]
pub(crate) enum RequestBody {
    Empty,
    /// JSON, in `application/json` or another JSON media type (`application/merge-patch+json`).
    Json {
        media_type: &'static str,
        bytes: Vec<u8>,
    },
    /// Bytes or text sent as they are, in `media_type`.
    Binary {
        media_type: &'static str,
        bytes: Vec<u8>,
    },
    MultipartFile {
        part: &'static str,
        file: FileUpload,
    },
}

/// An image format Okta accepts for an application logo.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ImageFormat {
    /// PNG, sent as `image/png`.
    Png,
    /// JPEG, sent as `image/jpeg`.
    Jpeg,
    /// GIF, sent as `image/gif`.
    Gif,
    /// SVG, sent as `image/svg+xml`.
    Svg,
}

impl ImageFormat {
    /// The media type the file part is sent with.
    pub fn media_type(self) -> &'static str {
        match self {
            ImageFormat::Png => "image/png",
            ImageFormat::Jpeg => "image/jpeg",
            ImageFormat::Gif => "image/gif",
            ImageFormat::Svg => "image/svg+xml",
        }
    }

    /// The usual file name extension, without the dot.
    pub fn extension(self) -> &'static str {
        match self {
            ImageFormat::Png => "png",
            ImageFormat::Jpeg => "jpg",
            ImageFormat::Gif => "gif",
            ImageFormat::Svg => "svg",
        }
    }

    /// The format a file name extension names (`png`, `jpg`, `jpeg`, `gif`, `svg`,
    /// in any case), or `None`.
    pub fn from_extension(extension: &str) -> Option<ImageFormat> {
        match extension.to_ascii_lowercase().as_str() {
            "png" => Some(ImageFormat::Png),
            "jpg" | "jpeg" => Some(ImageFormat::Jpeg),
            "gif" => Some(ImageFormat::Gif),
            "svg" => Some(ImageFormat::Svg),
            _ => None,
        }
    }
}

/// A file to upload as a `multipart/form-data` part, such as the logo of
/// [`Client::upload_application_logo`](crate::Client::upload_application_logo).
///
/// Okta accepts files of less than 1 MB: a file of [`FileUpload::MAX_BYTES`]
/// or more is refused with [`Error::InvalidInput`] before any request is sent.
///
/// ```
/// use okta_apps::{FileUpload, ImageFormat};
///
/// let logo = FileUpload::png(vec![0x89, b'P', b'N', b'G']);
/// assert_eq!(logo.file_name(), "logo.png");
/// assert_eq!(logo.media_type(), "image/png");
///
/// let logo = FileUpload::image(ImageFormat::Svg, "<svg/>").with_file_name("brand.svg");
/// assert_eq!((logo.file_name(), logo.media_type()), ("brand.svg", "image/svg+xml"));
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileUpload {
    file_name: String,
    media_type: String,
    bytes: Vec<u8>,
}

impl FileUpload {
    /// The size from which Okta refuses an upload: 1 MB (1,000,000 bytes).
    pub const MAX_BYTES: usize = 1_000_000;

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

    /// An image in `format`, named `logo.<extension>`; see [`with_file_name`](Self::with_file_name).
    pub fn image(format: ImageFormat, bytes: impl Into<Vec<u8>>) -> Self {
        FileUpload::new(
            format!("logo.{}", format.extension()),
            format.media_type(),
            bytes,
        )
    }

    /// A PNG image named `logo.png`.
    pub fn png(bytes: impl Into<Vec<u8>>) -> Self {
        FileUpload::image(ImageFormat::Png, bytes)
    }

    /// A JPEG image named `logo.jpg`.
    pub fn jpeg(bytes: impl Into<Vec<u8>>) -> Self {
        FileUpload::image(ImageFormat::Jpeg, bytes)
    }

    /// A GIF image named `logo.gif`.
    pub fn gif(bytes: impl Into<Vec<u8>>) -> Self {
        FileUpload::image(ImageFormat::Gif, bytes)
    }

    /// An SVG image named `logo.svg`.
    pub fn svg(bytes: impl Into<Vec<u8>>) -> Self {
        FileUpload::image(ImageFormat::Svg, bytes)
    }

    /// Reads an image file, its format taken from the extension (`.png`, `.jpg`,
    /// `.jpeg`, `.gif` or `.svg`) and its name kept as the part's file name.
    ///
    /// Fails with [`Error::InvalidInput`] when the extension names no supported
    /// format, when the file is [`MAX_BYTES`](Self::MAX_BYTES) or larger (checked
    /// before it is read) or when it cannot be read.
    pub fn from_path(path: impl AsRef<Path>) -> Result<Self, Error> {
        let path = path.as_ref();
        let format = path
            .extension()
            .and_then(|e| e.to_str())
            .and_then(ImageFormat::from_extension)
            .ok_or_else(|| {
                Error::InvalidInput(format!(
                    "{}: the file name should end in .png, .jpg, .jpeg, .gif or .svg",
                    path.display()
                ))
            })?;
        let file_name = path
            .file_name()
            .and_then(|n| n.to_str())
            .map(str::to_owned)
            .unwrap_or_else(|| format!("logo.{}", format.extension()));
        let unreadable =
            |e: std::io::Error| Error::InvalidInput(format!("cannot read {}: {e}", path.display()));
        let size = std::fs::metadata(path).map_err(unreadable)?.len();
        if size >= Self::MAX_BYTES as u64 {
            return Err(too_large(&file_name, size));
        }
        let bytes = std::fs::read(path).map_err(unreadable)?;
        Ok(FileUpload::new(file_name, format.media_type(), bytes))
    }

    /// The same file, sent under another file name.
    pub fn with_file_name(mut self, file_name: impl Into<String>) -> Self {
        self.file_name = file_name.into();
        self
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

    /// The body sending this file as the part `part`; refused when it is too large.
    pub(crate) fn to_part(&self, part: &'static str) -> Result<RequestBody, Error> {
        if self.bytes.len() >= Self::MAX_BYTES {
            return Err(too_large(&self.file_name, self.bytes.len() as u64));
        }
        Ok(RequestBody::MultipartFile {
            part,
            file: self.clone(),
        })
    }
}

fn too_large(file_name: &str, size: u64) -> Error {
    Error::InvalidInput(format!(
        "{file_name} is {size} bytes; Okta accepts files of less than 1 MB ({} bytes)",
        FileUpload::MAX_BYTES
    ))
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
            path_template: Cow::Borrowed(path_template),
            path,
            query: Vec::new(),
            headers: Vec::new(),
            body: RequestBody::Empty,
            accept: None,
            redirect: None,
            timeout: None,
        }
    }

    /// Adds a query parameter; an unset optional parameter is not sent, so the
    /// server applies its own default.
    pub(crate) fn query(&mut self, name: &'static str, value: Option<impl Display>) {
        if let Some(value) = value {
            self.query.push((Cow::Borrowed(name), value.to_string()));
        }
    }

    /// Adds a header; an unset optional header is not sent.
    pub(crate) fn header(&mut self, name: &'static str, value: Option<impl Display>) {
        if let Some(value) = value {
            self.headers.push((Cow::Borrowed(name), value.to_string()));
        }
    }

    pub(crate) fn json_body(&mut self, body: &impl serde::Serialize) -> Result<(), Error> {
        self.json_body_as("application/json", body)
    }

    /// A JSON body sent as `media_type`, a JSON media type (`application/merge-patch+json`).
    pub(crate) fn json_body_as(
        &mut self,
        media_type: &'static str,
        body: &impl serde::Serialize,
    ) -> Result<(), Error> {
        let bytes = crate::model_support::request_json(body)
            .map_err(|e| Error::InvalidInput(format!("the request body cannot be encoded: {e}")))?;
        self.body = RequestBody::Json { media_type, bytes };
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
