//! Stage 3: the IR, a resolved, Rust-oriented model of the API.
//!
//! This is the contract between `validate` (which builds it and guarantees
//! its invariants) and `emit` (which only reads it). Every name here is final:
//! identifiers are valid, unique where they must be, and keyword-safe.

/// The whole API.
#[derive(Debug, Clone)]
pub struct Api {
    /// In spec order.
    pub operations: Vec<Operation>,
    /// Sorted by Rust name.
    pub models: Vec<Model>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Method {
    Get,
    Post,
    Put,
    Patch,
    Delete,
}

impl Api {
    /// The model named `rust_name`; models are sorted by Rust name.
    pub fn model(&self, rust_name: &str) -> Option<&Model> {
        self.models
            .binary_search_by(|m| m.rust_name.as_str().cmp(rust_name))
            .ok()
            .map(|index| &self.models[index])
    }
}

impl Method {
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Post => "POST",
            Method::Put => "PUT",
            Method::Patch => "PATCH",
            Method::Delete => "DELETE",
        }
    }
}

#[derive(Debug, Clone)]
pub struct Operation {
    /// The wire operationId, e.g. `getApplication`.
    pub id: String,
    /// `get_application`.
    pub fn_name: String,
    /// `GetApplication`, the request builder's type.
    pub builder_name: String,
    pub method: Method,
    /// The template as written, e.g. `/api/v1/apps/{appId}`.
    pub path: String,
    pub path_pieces: Vec<PathPiece>,
    pub summary: String,
    pub description: Option<String>,
    /// Path parameters in template order, then query, then header, each in spec order.
    pub params: Vec<Param>,
    pub body: Option<Body>,
    pub response: Response,
    pub errors: Vec<u16>,
    pub scopes: Vec<String>,
    pub pagination: Option<Pagination>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PathPiece {
    Literal(String),
    /// Index into `Operation::params`.
    Param(usize),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ParamLocation {
    Path,
    Query,
    Header,
}

#[derive(Debug, Clone)]
pub struct Param {
    pub wire_name: String,
    pub rust_name: String,
    pub location: ParamLocation,
    pub ty: Type,
    pub required: bool,
    /// The server's default, for documentation: an unset parameter is not sent.
    pub default: Option<Literal>,
    /// For a list parameter: repeat it per value (`true`) or send one
    /// comma-separated value (`false`).
    pub explode: bool,
    pub description: Option<String>,
}

#[derive(Debug, Clone)]
pub enum Body {
    Json {
        rust_name: String,
        ty: Type,
        required: bool,
        /// The `Content-Type` when it is not `application/json`: `application/merge-patch+json`.
        media_type: Option<String>,
        description: Option<String>,
    },
    /// Text the caller passes as a `String`, sent as it is in `media_type`.
    Text {
        rust_name: String,
        media_type: String,
        description: Option<String>,
    },
    /// Raw bytes in one of several media types, the caller choosing which.
    Binary {
        rust_name: String,
        /// The enum the caller passes, e.g. `PublishCsrFromApplicationBody`.
        type_name: String,
        media_types: Vec<MediaType>,
        description: Option<String>,
    },
    /// `multipart/form-data` with one file part.
    MultipartFile {
        part_name: String,
        rust_name: String,
        description: Option<String>,
    },
}

#[derive(Debug, Clone)]
pub struct MediaType {
    pub media_type: String,
    pub variant: String,
    pub description: Option<String>,
}

#[derive(Debug, Clone)]
pub struct Response {
    pub status: u16,
    pub description: Option<String>,
    /// `None` when the operation answers without a body.
    pub ty: Option<Type>,
    /// The text media type of a `String` body (`text/html`); `None` for JSON.
    pub text_media_type: Option<String>,
    /// Further 2xx statuses answered without a body, sorted. When there are any
    /// and `ty` is set, the caller gets an `Option` of the body.
    pub bodiless: Vec<OtherStatus>,
    /// Further 2xx statuses whose body is `ty` too, sorted: one success type for all.
    pub same_body: Vec<OtherStatus>,
    /// When 2xx statuses carry bodies of different types: the enum the caller gets,
    /// keyed by status (`bodiless` is then empty: those statuses are its unit variants).
    pub by_status: Option<StatusAnswer>,
}

impl Response {
    /// Whether the body is `Option<T>`: `None` for a status in `bodiless`.
    pub fn body_is_optional(&self) -> bool {
        self.ty.is_some() && !self.bodiless.is_empty() && self.by_status.is_none()
    }

    /// Every type a success answer can carry: `ty`, or each variant's of `by_status`.
    pub fn body_types(&self) -> impl Iterator<Item = &Type> {
        let variants = self.by_status.iter().flat_map(|answer| &answer.variants);
        self.ty
            .iter()
            .chain(variants.filter_map(|variant| variant.ty.as_ref()))
    }

    /// Whether the operation's only documented answer is this redirect (a 3xx): the
    /// client returns it, unfollowed, instead of refusing it.
    pub fn is_redirect(&self) -> bool {
        (300..400).contains(&self.status)
    }
}

/// The enum of an operation whose success statuses carry different bodies: one
/// variant per documented 2xx status, decoded by the status of the answer.
#[derive(Debug, Clone)]
pub struct StatusAnswer {
    /// `VerifyFactorAnswer`, in `crate::operations`.
    pub type_name: String,
    /// In status order.
    pub variants: Vec<StatusVariant>,
}

/// One status of a [`StatusAnswer`].
#[derive(Debug, Clone)]
pub struct StatusVariant {
    pub status: u16,
    /// `Ok`, `Created`: the status's reason phrase in UpperCamelCase.
    pub variant: String,
    /// `None` for a status answered without a body (a unit variant).
    pub ty: Option<Type>,
    pub description: Option<String>,
}

/// A further success status, answered without a body or with the main body.
#[derive(Debug, Clone)]
pub struct OtherStatus {
    pub status: u16,
    pub description: Option<String>,
}

/// A list operation that follows `Link: <…>; rel="next"`.
#[derive(Debug, Clone)]
pub struct Pagination {
    /// The item type of one page.
    pub item: Type,
    /// The query parameter that carries the cursor: `after` or `cursor`.
    pub cursor: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Type {
    String,
    /// RFC 3339 timestamp.
    DateTime,
    I32,
    I64,
    F64,
    Bool,
    /// Any JSON value.
    Json,
    /// A model, by its Rust name.
    Model(String),
    List(Box<Type>),
    /// String keys.
    Map(Box<Type>),
}

impl Type {
    /// The type as the spec writes it, for diagnostics: `list<integer (int32)>`,
    /// `string (date-time)`, a model by its Rust name.
    pub fn describe(&self) -> String {
        match self {
            Type::String => "string".into(),
            Type::DateTime => "string (date-time)".into(),
            Type::I32 => "integer (int32)".into(),
            Type::I64 => "integer (int64)".into(),
            Type::F64 => "number".into(),
            Type::Bool => "boolean".into(),
            Type::Json => "json".into(),
            Type::Model(m) => m.clone(),
            Type::List(t) => format!("list<{}>", t.describe()),
            Type::Map(t) => format!("map<{}>", t.describe()),
        }
    }

    /// The type in the prose of generated docs: `list of [`Application`]`,
    /// `RFC 3339 date-time string` (what `emit` writes in a field's summary).
    pub fn describe_in_docs(&self) -> String {
        match self {
            Type::String => "string".into(),
            Type::DateTime => "RFC 3339 date-time string".into(),
            Type::I32 | Type::I64 => "integer".into(),
            Type::F64 => "number".into(),
            Type::Bool => "boolean".into(),
            Type::Json => "any JSON value".into(),
            Type::Model(name) => format!("[`{name}`]"),
            Type::List(item) => format!("list of {}", item.describe_in_docs()),
            Type::Map(value) => format!("map of string to {}", value.describe_in_docs()),
        }
    }

    /// The models this type refers to, by Rust name, at any depth of `list<…>`
    /// and `map<…>`. A type expression names at most one model, so this is
    /// that model, if any: `set.extend(ty.models())` collects a type's models.
    pub fn models(&self) -> Option<&str> {
        let mut ty = self;
        loop {
            match ty {
                Type::Model(name) => return Some(name),
                Type::List(inner) | Type::Map(inner) => ty = inner,
                _ => return None,
            }
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub enum Literal {
    String(String),
    Integer(i64),
    Float(f64),
    Bool(bool),
}

impl std::fmt::Display for Literal {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Literal::String(s) => write!(f, "{s:?}"),
            Literal::Integer(i) => write!(f, "{i}"),
            Literal::Float(x) => write!(f, "{x}"),
            Literal::Bool(b) => write!(f, "{b}"),
        }
    }
}

#[derive(Debug, Clone)]
pub struct Model {
    /// The name in the spec, for the file header.
    pub spec_name: String,
    pub rust_name: String,
    /// Stem of the file under `src/models/`.
    pub module: String,
    pub description: Option<String>,
    pub kind: ModelKind,
}

#[derive(Debug, Clone)]
pub enum ModelKind {
    Object(Object),
    Enum(Enum),
    Union(Union),
}

#[derive(Debug, Clone)]
pub struct Object {
    /// Inherited fields first (parent's order), then the model's own.
    pub fields: Vec<Field>,
    /// The spec model this one extends, by Rust name.
    pub parent: Option<String>,
    /// When exactly one discriminator value selects this model in a union:
    /// the discriminator's wire name and that value, which `new()` sets.
    pub tag: Option<(String, String)>,
    /// A union's subtype (a variant, or the fallback's struct) keeps the
    /// union's common fields in a member `base` of this union's base struct;
    /// `fields` are then only its own (and the discriminator).
    pub base: Option<Composition>,
    /// Common fields whose default this subtype refines: `new()` presets
    /// them in its base.
    pub base_presets: Vec<Field>,
    /// Wire names of optional common fields this subtype redeclares with another
    /// type or flags: each is one of its own `fields`, read and written as the
    /// subtype declares it, and the base's field of that name is never written.
    pub refined: Vec<String>,
    /// This object is the base struct of a union: it also defines the trait
    /// that reads and sets its fields on the union and every subtype.
    pub base_of: Option<Composition>,
}

/// How a union's subtypes share its common fields.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Composition {
    /// The union's Rust name, e.g. `Application`.
    pub union: String,
    /// The struct with the common fields, e.g. `ApplicationBase`.
    pub base: String,
    /// The trait that reads and sets them, e.g. `ApplicationCommon`.
    pub common: String,
}

#[derive(Debug, Clone)]
pub struct Field {
    pub wire_name: String,
    pub rust_name: String,
    pub ty: Type,
    pub required: bool,
    pub read_only: bool,
    /// A string the emitted code keeps as a `SecretString`, or JSON kept as a
    /// `SecretJson`; both are redacted in `Debug`.
    pub secret: bool,
    /// The field may be `null`: its Rust type is a `Nullable<…>`.
    pub nullable: bool,
    pub default: Option<Literal>,
    pub description: Option<String>,
    /// The spec's format, when it adds meaning the type does not carry (e.g. `password`).
    pub format: Option<String>,
}

#[derive(Debug, Clone)]
pub struct Enum {
    pub values: Vec<EnumValue>,
    /// The variant that keeps values the spec does not list: `Unknown`, or
    /// `UnknownValue` when a listed value already became `Unknown`.
    pub fallback: String,
}

#[derive(Debug, Clone)]
pub struct EnumValue {
    pub wire: String,
    pub variant: String,
}

/// A model with a discriminator: one variant per mapped subtype, and a
/// fallback holding the base fields for unknown or missing tags.
#[derive(Debug, Clone)]
pub struct Union {
    /// The discriminator's wire name, e.g. `signOnMode`.
    pub property: String,
    /// The struct with the base model's fields but the discriminator.
    pub base: String,
    /// The trait that reads and sets the common fields, e.g. `ApplicationCommon`.
    pub common: String,
    /// The discriminator field; each known variant holds it as a required field.
    pub discriminator: Field,
    /// The struct of the fallback variant: the base, and the tag if any, e.g. `OtherApplication`.
    pub other: String,
    pub variants: Vec<UnionVariant>,
}

#[derive(Debug, Clone)]
pub struct UnionVariant {
    pub variant: String,
    /// Rust name of the subtype's struct.
    pub model: String,
    /// Every tag value that selects this variant, sorted.
    pub tags: Vec<String>,
    /// A standalone variant: the mapped model does not extend the union, so the
    /// variant holds it as it is (its own fields, no `base`); this is its field
    /// that holds the tag (a string or an enum). `None` for a subtype holding `base`.
    pub standalone: Option<Field>,
}

impl Union {
    /// Whether some variant holds a model that does not extend the union: then
    /// every entry before the tag waits, the tag reads as text, and the union
    /// offers its base only as an `Option`.
    pub fn has_standalone(&self) -> bool {
        self.variants.iter().any(|v| v.standalone.is_some())
    }
}

#[cfg(test)]
mod tests {
    use super::Type;

    fn list(t: Type) -> Type {
        Type::List(Box::new(t))
    }

    fn map(t: Type) -> Type {
        Type::Map(Box::new(t))
    }

    #[test]
    fn describe_writes_the_type_as_the_spec_would() {
        assert_eq!(Type::DateTime.describe(), "string (date-time)");
        assert_eq!(Type::I64.describe(), "integer (int64)");
        assert_eq!(
            map(list(Type::Model("Application".into()))).describe(),
            "map<list<Application>>"
        );
        assert_eq!(
            map(list(Type::Model("Application".into()))).describe_in_docs(),
            "map of string to list of [`Application`]"
        );
    }

    #[test]
    fn models_finds_the_model_at_any_depth() {
        assert_eq!(Type::String.models(), None);
        assert_eq!(list(map(Type::Json)).models(), None);
        assert_eq!(Type::Model("A".into()).models(), Some("A"));
        assert_eq!(map(list(Type::Model("A".into()))).models(), Some("A"));
    }
}
