//! One file per operation: the `Client` method, its request builder and, for
//! a binary body, the enum of accepted encodings.

use std::collections::BTreeSet;

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::docs::{doc, paragraphs, sentence, spec_text};
use super::imports::{Imports, Item};
use super::types::{ident, import_type, rust_type, Role};
use crate::ir::{
    Api, Body, MediaType, ModelKind, Operation, Param, ParamLocation, PathPiece, Type,
};

/// The argument type a caller passes for parameter type `ty`, and how it
/// becomes the stored value: a list parameter takes any iterable of its items.
pub(super) fn param_argument(ty: &Type, name: &proc_macro2::Ident) -> (TokenStream, TokenStream) {
    let Type::List(item) = ty else {
        return argument(ty, name);
    };
    let item = rust_type(item, Role::Wire);
    (
        quote!(impl IntoIterator<Item = impl Into<#item>>),
        quote!(#name.into_iter().map(Into::into).collect::<Vec<#item>>()),
    )
}

/// The argument type a caller passes for `ty`, and how it becomes the stored value.
pub(super) fn argument(ty: &Type, name: &proc_macro2::Ident) -> (TokenStream, TokenStream) {
    match ty {
        Type::String | Type::DateTime => (quote!(impl Into<String>), quote!(#name.into())),
        // An enum parameter takes its variant or a value as text.
        Type::Model(_) => {
            let ty = rust_type(ty, Role::Wire);
            (quote!(impl Into<#ty>), quote!(#name.into()))
        }
        other => (rust_type(other, Role::Wire), quote!(#name)),
    }
}

fn param_doc(param: &Param) -> String {
    let mut text = format!("`{}`", param.wire_name);
    match param.location {
        ParamLocation::Path => text.push_str(" (path)"),
        ParamLocation::Query => text.push_str(" (query)"),
        ParamLocation::Header => text.push_str(" (header)"),
    }
    if let Some(description) = &param.description {
        text.push_str(": ");
        text.push_str(&sentence(&spec_text(description)));
    } else if param.default.is_some() {
        text.push('.');
    }
    if let Some(default) = &param.default {
        text.push_str(&format!(" Okta's default when unset: `{default}`."));
    }
    text
}

fn status_text(status: u16) -> &'static str {
    match status {
        200 => "OK",
        201 => "Created",
        202 => "Accepted",
        204 => "No Content",
        301 => "Moved Permanently",
        302 => "Found",
        303 => "See Other",
        307 => "Temporary Redirect",
        308 => "Permanent Redirect",
        400 => "Bad Request",
        401 => "Unauthorized",
        403 => "Forbidden",
        404 => "Not Found",
        409 => "Conflict",
        429 => "Too Many Requests",
        500 => "Internal Server Error",
        _ => "",
    }
}

fn method_doc(op: &Operation, api: &Api) -> String {
    let mut sections = vec![sentence(&spec_text(&op.summary))];
    if let Some(description) = &op.description {
        sections.push(spec_text(description.trim()));
    }
    let scopes = match op.scopes.as_slice() {
        [] => String::new(),
        [one] => format!("; OAuth 2.0 scope `{one}`"),
        several => format!(
            "; OAuth 2.0 scopes {}",
            several
                .iter()
                .map(|s| format!("`{s}`"))
                .collect::<Vec<_>>()
                .join(", ")
        ),
    };
    sections.push(format!(
        "`{} {}` (operationId `{}`{scopes})",
        op.method.as_str(),
        op.path,
        op.id
    ));
    let mut params: Vec<String> = op
        .params
        .iter()
        .map(|p| format!("- {}", param_doc(p)))
        .collect();
    params.extend(op.body.as_ref().map(body_doc));
    if !params.is_empty() {
        let items: Vec<String> = params.iter().map(|item| list_item(item)).collect();
        sections.push(format!("# Parameters\n\n{}", items.join("\n")));
    }
    sections.push(format!("# Responses\n\n{}", answers_doc(op).join("\n")));
    if op.pagination.is_some() {
        sections.push("# Pagination\n\n[`pages`](BUILDER::pages) and [`items`](BUILDER::items) follow the `Link: <…>; rel=\"next\"` header to the last page.".replace("BUILDER", &op.builder_name));
    }
    sections.push(example(op, api));
    sections.join("\n\n")
}

/// A list item whose text goes on over several lines: the later lines are
/// indented under the item's text, so that Markdown keeps them in the item.
fn list_item(item: &str) -> String {
    let mut lines = item.lines();
    let first = lines.next().unwrap_or_default().to_owned();
    lines.fold(first, |mut out, line| {
        out.push('\n');
        if !line.is_empty() {
            out.push_str("  ");
            out.push_str(line);
        }
        out
    })
}

/// The line of the method's `# Parameters` that documents its body.
fn body_doc(body: &Body) -> String {
    let described = |description: &Option<String>| {
        description
            .as_deref()
            .map(|d| format!(": {}", spec_text(d)))
            .unwrap_or_default()
    };
    match body {
        Body::Json {
            rust_name,
            ty,
            required,
            media_type,
            description,
        } => format!(
            "- `{}` (body, {}{}{}){}",
            rust_name.trim_start_matches("r#"),
            ty.describe_in_docs(),
            media_type
                .as_deref()
                .map(|m| format!(", sent as `{m}`"))
                .unwrap_or_default(),
            if *required { "" } else { ", optional" },
            described(description)
        ),
        Body::Text {
            rust_name,
            media_type,
            description,
        } => format!(
            "- `{}` (body, text sent as it is, as `{media_type}`){}",
            rust_name.trim_start_matches("r#"),
            described(description)
        ),
        Body::Binary {
            rust_name,
            type_name,
            ..
        } => format!(
            "- `{}` (body): the bytes, in one of the encodings of [`{type_name}`]",
            rust_name.trim_start_matches("r#")
        ),
        Body::MultipartFile {
            part_name,
            rust_name,
            ..
        } => format!(
            "- `{}` (body): a [`FileUpload`](crate::FileUpload), sent as the `multipart/form-data` part `{part_name}` with its file name and media type; one of [`FileUpload::MAX_BYTES`](crate::FileUpload::MAX_BYTES) or more is refused with [`Error::InvalidInput`](crate::Error::InvalidInput) before any request",
            rust_name.trim_start_matches("r#")
        ),
    }
}

/// The lines of the method's `# Responses`: each success status, then the errors.
fn answers_doc(op: &Operation) -> Vec<String> {
    let response = &op.response;
    let mut answers = success_docs(op);
    answers.extend(response.same_body.iter().map(|other| {
        format!(
            "- {} {}: the same body",
            other.status,
            status_text(other.status)
        )
    }));
    answers.extend(response.bodiless.iter().map(|other| {
        format!(
            "- {} {}: no body (`None`)",
            other.status,
            status_text(other.status)
        )
    }));
    // Every documented error status is the same answer: one line names them all.
    if !op.errors.is_empty() {
        let statuses: Vec<String> = op
            .errors
            .iter()
            .map(|s| format!("{s} {}", status_text(*s)))
            .collect();
        answers.push(format!(
            "- {}: [`Error::Api`](crate::Error::Api) with Okta's error body",
            statuses.join(", ")
        ));
    }
    answers
}

/// The main success status's line, or one per variant of the answer enum.
fn success_docs(op: &Operation) -> Vec<String> {
    let response = &op.response;
    if let Some(answer) = &response.by_status {
        let type_name = &answer.type_name;
        return answer
            .variants
            .iter()
            .map(|v| {
                let body =
                    v.ty.as_ref()
                        .map_or_else(|| "no body".to_owned(), |ty| ty.describe_in_docs());
                format!(
                    "- {} {}: {body}, as [`{type_name}::{}`]",
                    v.status,
                    status_text(v.status),
                    v.variant
                )
            })
            .collect();
    }
    if response.is_redirect() {
        return vec![format!(
            "- {} {}: a [`Redirect`](crate::Redirect), returned with its `Location` and not followed",
            response.status,
            status_text(response.status)
        )];
    }
    let success = match (&response.ty, &response.text_media_type) {
        (Some(_), Some(media_type)) => format!("`{media_type}` text"),
        (Some(ty), None) => ty.describe_in_docs(),
        (None, _) => "no body".to_owned(),
    };
    vec![format!(
        "- {} {}: {success}{}",
        response.status,
        status_text(response.status),
        if response.body_is_optional() {
            " (`Some`)"
        } else {
            ""
        }
    )]
}

/// A `no_run` doctest that calls the operation with placeholder arguments.
/// A Rust expression that builds an example value of `ty` with the models'
/// constructors, and the models it names; `None` past a few levels of nesting.
fn example_expr(
    ty: &Type,
    wire: &str,
    api: &Api,
    depth: usize,
) -> Option<(String, BTreeSet<String>)> {
    if depth > 3 {
        return None;
    }
    let mut models = BTreeSet::new();
    let expr = match ty {
        Type::Model(name) => match api.model(name).map(|m| &m.kind) {
            Some(ModelKind::Enum(values)) => {
                let first = values.values.first()?;
                models.insert(name.clone());
                format!("{name}::{}", first.variant)
            }
            Some(ModelKind::Union(union)) => {
                let variant = union.variants.first()?;
                let (expr, inner) =
                    example_expr(&Type::Model(variant.model.clone()), wire, api, depth)?;
                models.extend(inner);
                expr
            }
            Some(ModelKind::Object(object)) => {
                models.insert(name.clone());
                // A union's subtype: its base's fields come first, and are set through the trait.
                let base = object.base.as_ref().and_then(|c| {
                    models.insert(c.common.clone());
                    api.model(&c.base)
                });
                let base_fields =
                    base.map_or(&[][..], |b| super::fields::fields_of(api, &b.rust_name));
                let model = api.model(name)?;
                let arguments = base
                    .map(|b| super::fields::new_arguments(b, api))
                    .unwrap_or_default()
                    .into_iter()
                    .chain(super::fields::new_arguments(model, api));
                let mut args = Vec::new();
                for field in arguments {
                    let (arg, inner) = example_expr(&field.ty, &field.wire_name, api, depth + 1)?;
                    models.extend(inner);
                    args.push(arg);
                }
                let mut expr = format!("{name}::new({})", args.join(", "));
                // A label or an id makes the body say what it is about.
                let settable = base_fields.iter().chain(&object.fields);
                for field in settable.filter(|f| !f.required && !f.read_only) {
                    if field.ty == Type::String
                        && matches!(field.wire_name.as_str(), "label" | "id")
                    {
                        let setter = field.rust_name.trim_start_matches("r#");
                        expr.push_str(&format!(
                            ".with_{setter}(\"{}\")",
                            example_text(&field.wire_name)
                        ));
                    }
                }
                expr
            }
            None => return None,
        },
        Type::List(item) => {
            let (item, inner) = example_expr(item, wire, api, depth + 1)?;
            models.extend(inner);
            format!("vec![{item}]")
        }
        Type::Json => "serde_json::json!({})".to_owned(),
        other => example_value(other, &example_text(wire)),
    };
    Some((expr, models))
}

/// An example string for a field or parameter named `wire`.
fn example_text(wire: &str) -> String {
    match wire {
        "label" => "My app".to_owned(),
        "id" | "userId" => "00u1ab2cd3EF4gh5ij6k".to_owned(),
        other => other.to_owned(),
    }
}

fn example(op: &Operation, api: &Api) -> String {
    let mut args: Vec<String> = op
        .params
        .iter()
        .filter(|p| p.required)
        .map(|p| example_value(&p.ty, &p.wire_name))
        .collect();
    let mut setup = String::new();
    let mut body_models = BTreeSet::new();
    match &op.body {
        Some(Body::Json {
            ty, required: true, ..
        }) => {
            match example_expr(ty, "body", api, 0) {
                Some((expr, models)) => {
                    setup = format!("let body = {expr};\n");
                    body_models = models;
                }
                None => {
                    setup = format!(
                        "let body: {} = serde_json::from_str(r#\"{{}}\"#)?;\n",
                        example_type(ty)
                    );
                    let mut names = BTreeSet::new();
                    names.extend(ty.models());
                    body_models = names.into_iter().map(str::to_owned).collect();
                }
            }
            args.push("body".into());
        }
        Some(Body::Binary {
            type_name,
            media_types,
            ..
        }) => {
            let first = media_types
                .first()
                .map(|m| m.variant.as_str())
                .unwrap_or("Pem");
            setup = format!("let body = {type_name}::{first}(std::fs::read(\"certificate\")?);\n");
            args.push("body".into());
        }
        Some(Body::MultipartFile { .. }) => {
            setup = "let file = FileUpload::from_path(\"logo.png\")?;\n".into();
            args.push("file".into());
        }
        Some(Body::Text { media_type, .. }) => {
            setup = format!("let text = std::fs::read_to_string(\"body\")?; // `{media_type}`\n");
            args.push("text".into());
        }
        _ => {}
    }
    let mut imports = Vec::new();
    if let Some(Body::Binary { type_name, .. }) = &op.body {
        imports.push(format!("operations::{type_name}"));
    }
    if matches!(op.body, Some(Body::MultipartFile { .. })) {
        imports.push("FileUpload".into());
    }
    imports.extend(body_models.into_iter().map(|m| format!("models::{m}")));
    let call = format!("client.{}({})", op.fn_name, args.join(", "));
    let (use_stream, body) = if op.pagination.is_some() {
        (
            "use futures_util::TryStreamExt;\n",
            format!("let mut items = std::pin::pin!({call}.items());\nwhile let Some(item) = items.try_next().await? {{\n    println!(\"{{item:?}}\");\n}}\n"),
        )
    } else if op.response.is_redirect() {
        (
            "",
            format!("let redirect = {call}.send().await?;\nprintln!(\"{{:?}}\", redirect.location());\n"),
        )
    } else if op.response.body_types().next().is_some() {
        (
            "",
            format!("let answer = {call}.send().await?;\nprintln!(\"{{answer:?}}\");\n"),
        )
    } else {
        ("", format!("{call}.send().await?;\n"))
    };
    let use_crate = match imports.is_empty() {
        true => String::new(),
        false => format!("{}\n", example_use(&imports)),
    };
    let uses = match format!("{use_stream}{use_crate}") {
        none if none.is_empty() => none,
        some => format!("{some}\n"),
    };
    // The client is the hidden function's argument: how to build one is the
    // crate's first example, and each operation's shows only its own call.
    format!(
        "# Example\n\n```no_run\n{uses}# async fn run(client: okta_apps::Client) -> Result<(), Box<dyn std::error::Error>> {{\n{setup}{body}# Ok(())\n# }}\n```"
    )
}

/// The example's `use` of the crate, as rustfmt would leave it: braces only
/// around several names, and the names of one module grouped
/// (`use okta_apps::{Client, models::{AppUser, ApplicationCommon}};`).
fn example_use(paths: &[String]) -> String {
    let mut groups: Vec<(&str, Vec<&str>)> = Vec::new();
    for path in paths {
        let (module, name) = path.rsplit_once("::").unwrap_or(("", path));
        match groups.iter_mut().find(|(m, _)| *m == module) {
            Some((_, names)) => names.push(name),
            None => groups.push((module, vec![name])),
        }
    }
    let braced = |names: &[&str]| match names {
        [one] => (*one).to_owned(),
        several => format!("{{{}}}", several.join(", ")),
    };
    let items: Vec<String> = groups
        .iter()
        .flat_map(|(module, names)| match *module {
            "" => names.iter().map(|n| (*n).to_owned()).collect::<Vec<_>>(),
            module => vec![format!("{module}::{}", braced(names))],
        })
        .collect();
    let items: Vec<&str> = items.iter().map(String::as_str).collect();
    format!("use okta_apps::{};", braced(&items))
}

fn example_value(ty: &Type, name: &str) -> String {
    match ty {
        Type::List(item) => format!("[{}]", example_value(item, name)),
        Type::I32 | Type::I64 => "1".into(),
        Type::F64 => "1.0".into(),
        Type::Bool => "true".into(),
        _ => format!("\"{name}\""),
    }
}

fn example_type(ty: &Type) -> String {
    match ty {
        Type::List(item) => format!("Vec<{}>", example_type(item)),
        Type::Model(name) => name.clone(),
        _ => "serde_json::Value".into(),
    }
}

/// The builder's parts: the method's positional arguments, the struct's
/// fields and their initial values, the setters, and how the body is sent.
#[derive(Default)]
struct Members {
    positional: Vec<TokenStream>,
    init: Vec<TokenStream>,
    fields: Vec<TokenStream>,
    setters: Vec<TokenStream>,
    /// The statement of `request()` that puts the body on the request.
    body_statement: TokenStream,
    /// Items the file defines for the body (a binary body's enum).
    body_items: TokenStream,
}

pub(crate) fn operation_file(op: &Operation, api: &Api) -> TokenStream {
    let fn_name = ident(&op.fn_name);
    let builder = format_ident!("{}", op.builder_name);
    let method_doc = doc(&method_doc(op, api));
    let builder_doc = builder_doc(op);
    // Required parameters (and a required body) are positional; the rest are setters.
    let mut members = Members::default();
    param_members(op, &mut members);
    body_members(op, &mut members);
    let Members {
        positional,
        init,
        fields,
        setters,
        body_statement,
        body_items,
    } = members;
    let path_expr = path_expression(op);
    let parameter_statements = parameter_statements(op);
    let operation_id = &op.id;
    let path_template = &op.path;
    let method = format_ident!("{}", op.method.as_str());
    let (own_sending, shared_methods) = sending(op);
    let accept = op
        .response
        .text_media_type
        .as_ref()
        .map(|media_type| quote!(request.accept = Some(#media_type);));
    let redirect = op.response.is_redirect().then(|| {
        let status = proc_macro2::Literal::u16_unsuffixed(op.response.status);
        quote!(request.redirect = Some(#status);)
    });
    let answer_type = op
        .response
        .by_status
        .as_ref()
        .map(|answer| super::answer::answer_type(op, answer));
    let imports = operation_imports(op);
    quote! {
        #imports

        impl Client {
            #method_doc
            pub fn #fn_name(&self, #(#positional),*) -> #builder {
                #builder {
                    client: self.clone(),
                    options: RequestOptions::default(),
                    #(#init,)*
                }
            }
        }

        #[doc = #builder_doc]
        #[derive(Debug, Clone)]
        #[must_use = "a request does nothing until it is sent"]
        pub struct #builder {
            client: Client,
            options: RequestOptions,
            #(#fields,)*
        }

        impl #builder {
            #(#setters)*

            #own_sending

            #[inline]
            fn request(&self) -> Result<OperationRequest, Error> {
                let mut request = OperationRequest::new(#operation_id, Method::#method, #path_template, #path_expr);
                #(#parameter_statements)*
                #accept
                #redirect
                #body_statement
                self.options.apply(&mut request);
                Ok(request)
            }
        }

        #shared_methods

        #body_items

        #answer_type
    }
}

fn builder_doc(op: &Operation) -> String {
    let has_setters = op.params.iter().any(|p| !p.required)
        || matches!(
            op.body,
            Some(Body::Json {
                required: false,
                ..
            })
        );
    format!(
        " The request of [`Client::{}`]: {}[`send`](Self::send) it. It owns a handle to the client, so its futures are `Send + 'static` and can be spawned.",
        op.fn_name.trim_start_matches("r#"),
        if has_setters {
            "set optional parameters, then "
        } else {
            ""
        }
    )
}

fn param_members(op: &Operation, members: &mut Members) {
    for param in &op.params {
        let name = ident(&param.rust_name);
        let ty = rust_type(&param.ty, Role::Wire);
        let (arg, value) = param_argument(&param.ty, &name);
        if param.required {
            members.positional.push(quote!(#name: #arg));
            members.init.push(match param.ty {
                Type::String | Type::DateTime | Type::Model(_) | Type::List(_) => {
                    quote!(#name: #value)
                }
                _ => quote!(#name),
            });
            members.fields.push(quote!(#name: #ty));
        } else {
            let field_doc = doc(&param_doc(param));
            members.init.push(quote!(#name: None));
            members.fields.push(quote!(#name: Option<#ty>));
            members.setters.push(quote! {
                #field_doc
                pub fn #name(mut self, #name: #arg) -> Self {
                    self.#name = Some(#value);
                    self
                }
            });
        }
    }
}

fn body_members(op: &Operation, members: &mut Members) {
    members.body_statement = match &op.body {
        Some(Body::Json {
            rust_name,
            ty,
            required,
            media_type,
            description,
        }) => json_body(
            members,
            ident(rust_name),
            ty,
            (*required, media_type.as_deref()),
            description.as_deref(),
        ),
        Some(Body::Text {
            rust_name,
            media_type,
            ..
        }) => {
            let name = ident(rust_name);
            members.positional.push(quote!(#name: impl Into<String>));
            // Held as a secret: such a text is often a signed token (a SET is a JWT), and
            // the builder's `Debug` must not show it.
            members
                .init
                .push(quote!(#name: crate::SecretString::new(#name)));
            members.fields.push(quote!(#name: crate::SecretString));
            quote! {
                request.body = RequestBody::Binary {
                    media_type: #media_type,
                    bytes: self.#name.expose().as_bytes().to_vec(),
                };
            }
        }
        Some(Body::Binary {
            rust_name,
            type_name,
            media_types,
            description,
        }) => {
            let name = ident(rust_name);
            let body_type = format_ident!("{}", type_name);
            members.positional.push(quote!(#name: #body_type));
            members.init.push(quote!(#name));
            members.fields.push(quote!(#name: #body_type));
            members.body_items =
                binary_body_type(op, &body_type, media_types, description.as_deref());
            quote! {
                request.body = RequestBody::Binary {
                    media_type: self.#name.media_type(),
                    bytes: self.#name.as_bytes().to_vec(),
                };
            }
        }
        Some(Body::MultipartFile {
            part_name,
            rust_name,
            ..
        }) => {
            let name = ident(rust_name);
            members.positional.push(quote!(#name: FileUpload));
            members.init.push(quote!(#name));
            members.fields.push(quote!(#name: FileUpload));
            quote! {
                request.body = self.#name.to_part(#part_name)?;
            }
        }
        None => quote!(),
    };
}

/// A JSON body: positional when required, else a setter; the statement that sends
/// it, as `application/json` or the media type given.
fn json_body(
    members: &mut Members,
    name: proc_macro2::Ident,
    ty: &Type,
    (required, media_type): (bool, Option<&str>),
    description: Option<&str>,
) -> TokenStream {
    let send = |body: TokenStream| match media_type {
        Some(media_type) => quote!(request.json_body_as(#media_type, #body)?;),
        None => quote!(request.json_body(#body)?;),
    };
    let ty_tokens = rust_type(ty, Role::Wire);
    // A model body takes anything that converts: a union's variant, say.
    let (arg, value, init) = match ty {
        Type::Model(_) => (
            quote!(impl Into<#ty_tokens>),
            quote!(#name.into()),
            quote!(#name: #name.into()),
        ),
        _ => (ty_tokens.clone(), quote!(#name), quote!(#name)),
    };
    if required {
        members.positional.push(quote!(#name: #arg));
        members.init.push(init);
        members.fields.push(quote!(#name: #ty_tokens));
        return send(quote!(&self.#name));
    }
    let text = description
        .map(str::to_owned)
        .unwrap_or_else(|| format!("The request body ({}).", ty.describe_in_docs()));
    let setter_doc = doc(&text);
    members.init.push(quote!(#name: None));
    members.fields.push(quote!(#name: Option<#ty_tokens>));
    members.setters.push(quote! {
        #setter_doc
        pub fn #name(mut self, #name: #arg) -> Self {
            self.#name = Some(#value);
            self
        }
    });
    let send = send(quote!(body));
    quote! {
        if let Some(body) = &self.#name {
            #send
        }
    }
}

/// The enum a binary body is passed as: one variant per media type.
fn binary_body_type(
    op: &Operation,
    body_type: &proc_macro2::Ident,
    media_types: &[MediaType],
    description: Option<&str>,
) -> TokenStream {
    let variants: Vec<_> = media_types
        .iter()
        .map(|m| format_ident!("{}", m.variant))
        .collect();
    let media: Vec<_> = media_types.iter().map(|m| m.media_type.as_str()).collect();
    let variant_docs = media_types.iter().map(|m| {
        doc(&format!(
            "{} Sent as `{}`.",
            m.description.as_deref().unwrap_or("The raw bytes."),
            m.media_type
        ))
    });
    let type_doc = doc(&paragraphs([
        description,
        Some(&format!(
            "The body of [`Client::{}`]: raw bytes, in the encoding the variant names.",
            op.fn_name.trim_start_matches("r#")
        )),
    ]));
    quote! {
        #type_doc
        #[derive(Debug, Clone, PartialEq, Eq)]
        pub enum #body_type {
            #(
                #variant_docs
                #variants(Vec<u8>),
            )*
        }

        impl #body_type {
            /// The `Content-Type` this body is sent with.
            pub fn media_type(&self) -> &'static str {
                match self {
                    #(Self::#variants(_) => #media,)*
                }
            }

            /// The raw bytes.
            pub fn as_bytes(&self) -> &[u8] {
                match self {
                    #(Self::#variants(bytes))|* => bytes,
                }
            }
        }
    }
}

/// The request path: the template's literals and encoded path parameters.
fn path_expression(op: &Operation) -> TokenStream {
    let mut pieces = Vec::new();
    for piece in &op.path_pieces {
        match piece {
            PathPiece::Literal(text) => pieces.push(quote!(#text)),
            PathPiece::Param(index) => {
                let param = &op.params[*index];
                let name = ident(&param.rust_name);
                let wire = &param.wire_name;
                let value = match param.ty {
                    Type::String | Type::DateTime => quote!(&self.#name),
                    _ => quote!(&self.#name.to_string()),
                };
                pieces.push(quote!(&path_segment(#wire, #value)?));
            }
        }
    }
    match pieces.as_slice() {
        [literal] => quote!(#literal.to_owned()),
        _ => quote!([#(#pieces),*].concat()),
    }
}

/// `request.query(…)` and `request.header(…)` for every non-path parameter.
fn parameter_statements(op: &Operation) -> Vec<TokenStream> {
    op.params
        .iter()
        .filter(|p| p.location != ParamLocation::Path)
        .map(|param| {
            let name = ident(&param.rust_name);
            let wire = &param.wire_name;
            if let Type::List(_) = param.ty {
                let values = match param.required {
                    true => quote!(&self.#name),
                    false => quote!(self.#name.as_deref().unwrap_or_default()),
                };
                return list_query(
                    values,
                    param.explode,
                    |value| quote!(request.query(#wire, Some(#value));),
                );
            }
            let call = match param.location {
                ParamLocation::Header => quote!(header),
                _ => quote!(query),
            };
            let value = match (param.required, &param.ty) {
                (true, Type::String | Type::DateTime | Type::Model(_)) => quote!(Some(&self.#name)),
                (true, _) => quote!(Some(self.#name)),
                (false, Type::String | Type::DateTime) => quote!(self.#name.as_deref()),
                (false, Type::Model(_)) => quote!(self.#name.as_ref()),
                (false, _) => quote!(self.#name),
            };
            quote!(request.#call(#wire, #value);)
        })
        .collect()
}

/// A list query parameter as OpenAPI's `style: form` sends it: once per value
/// (`explode`), or once with the values joined by commas, where a comma inside
/// a value cannot be told from the separator. An empty list is not sent.
/// `values` is a slice expression; `add(value)` adds one query value, which the
/// client and the mock's matcher each do their own way.
pub(super) fn list_query(
    values: TokenStream,
    explode: bool,
    add: impl Fn(TokenStream) -> TokenStream,
) -> TokenStream {
    if explode {
        let add = add(quote!(value));
        return quote! {
            for value in #values {
                #add
            }
        };
    }
    let add = add(quote!(joined.join(",")));
    quote! {
        let values: &[_] = #values;
        if !values.is_empty() {
            let joined: Vec<String> = values.iter().map(ToString::to_string).collect();
            #add
        }
    }
}

/// How the builder sends: the `request_methods!` line, which gives it
/// `send`, `send_with_metadata` (and `pages`, `items` for a paginated list)
/// by what the operation answers; or, for an answer whose body some statuses
/// leave out, its own two sending methods, and the line for the rest.
fn sending(op: &Operation) -> (TokenStream, TokenStream) {
    let builder = format_ident!("{}", op.builder_name);
    let response = &op.response;
    if let Some(answer) = &response.by_status {
        let own = super::answer::answer_sending(answer);
        return (own, quote!(builder::request_methods!(#builder);));
    }
    if response.is_redirect() {
        return (
            quote!(),
            quote!(builder::request_methods!(#builder, redirect);),
        );
    }
    // A list decodes item by item, so that one bad item does not cost the others.
    let (answer, body_ty, decode) = match (&response.ty, &response.text_media_type) {
        (Some(_), Some(media_type)) => (quote!(text #media_type), quote!(String), quote!(text)),
        (Some(Type::List(item)), None) => {
            let item = rust_type(item, Role::Wire);
            let kind = match op.pagination {
                Some(_) => quote!(paginated),
                None => quote!(items),
            };
            (quote!(#kind #item), quote!(Items<#item>), quote!(items))
        }
        (Some(ty), None) => {
            let ty = rust_type(ty, Role::Wire);
            (quote!(json #ty), ty, quote!(json))
        }
        (None, _) => (quote!(empty), quote!(()), quote!(empty)),
    };
    if !response.body_is_optional() {
        return (
            quote!(),
            quote!(builder::request_methods!(#builder, #answer);),
        );
    }
    let statuses: Vec<_> = response
        .bodiless
        .iter()
        .map(|o| proc_macro2::Literal::u16_unsuffixed(o.status))
        .collect();
    let listed: Vec<String> = response
        .bodiless
        .iter()
        .map(|o| o.status.to_string())
        .collect();
    let doc = format!(
        " Sends the request and decodes the answer; `None` when Okta answers {} without a body.",
        listed.join(" or ")
    );
    let own = quote! {
        #[doc = #doc]
        pub fn send(self) -> impl Future<Output = Result<Option<#body_ty>, Error>> + Send + 'static {
            builder::into_body(self.send_with_metadata())
        }

        /// Sends the request; the answer comes with its status, headers and rate-limit values.
        pub fn send_with_metadata(self) -> impl Future<Output = Result<ApiResponse<Option<#body_ty>>, Error>> + Send + 'static {
            builder::send(self.client.clone(), move || self.request(), |response| {
                if [#(#statuses),*].contains(&response.status.as_u16()) {
                    return Ok(response.empty().map(|()| None));
                }
                response.#decode().map(|response| response.map(Some))
            })
        }
    };
    (own, quote!(builder::request_methods!(#builder);))
}

fn operation_imports(op: &Operation) -> TokenStream {
    let mut imports = Imports::new();
    imports.add_all([
        Item::Method,
        Item::Client,
        Item::Error,
        Item::OperationRequest,
        Item::RequestOptions,
        Item::Builder,
    ]);
    if op.response.body_is_optional() || op.response.by_status.is_some() {
        imports.add_all([Item::ApiResponse, Item::Future]);
    }
    for ty in wire_types(op) {
        import_type(&mut imports, ty, Role::Wire, "crate::models", "");
    }
    if op.response.body_is_optional() && matches!(op.response.ty, Some(Type::List(_))) {
        imports.add(Item::Items);
    }
    match &op.body {
        Some(Body::Binary { .. } | Body::Text { .. }) => {
            imports.add(Item::RequestBody);
        }
        Some(Body::MultipartFile { .. }) => {
            imports.add(Item::FileUpload);
        }
        _ => {}
    }
    if op
        .path_pieces
        .iter()
        .any(|p| matches!(p, PathPiece::Param(_)))
    {
        imports.add(Item::PathSegment);
    }
    imports.tokens()
}

/// Every type an operation names: its parameters', its JSON body's and its answer's.
pub(super) fn wire_types(op: &Operation) -> impl Iterator<Item = &Type> {
    let body = match &op.body {
        Some(Body::Json { ty, .. }) => Some(ty),
        _ => None,
    };
    op.params
        .iter()
        .map(|p| &p.ty)
        .chain(body)
        .chain(op.response.body_types())
}

#[cfg(test)]
mod tests {
    use super::example_use;

    fn paths(names: &[&str]) -> Vec<String> {
        names.iter().map(|n| (*n).to_owned()).collect()
    }

    #[test]
    fn one_name_is_imported_without_braces() {
        assert_eq!(example_use(&paths(&["Client"])), "use okta_apps::Client;");
    }

    #[test]
    fn names_of_one_module_share_its_braces() {
        assert_eq!(
            example_use(&paths(&[
                "Client",
                "models::ApplicationCommon",
                "models::AutoLoginApplication"
            ])),
            "use okta_apps::{Client, models::{ApplicationCommon, AutoLoginApplication}};"
        );
        assert_eq!(
            example_use(&paths(&["Client", "FileUpload", "operations::Pem"])),
            "use okta_apps::{Client, FileUpload, operations::Pem};"
        );
    }
}
