//! The typed expectations of the mock org (feature `test-util`): for each
//! operation, `MockOrg::expect_<operation>` and its `<Builder>Expectation`, whose
//! answers take the operation's own response model. The server itself is the
//! runtime file `mock.rs`.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::docs::doc;
use super::imports::{Imports, Item};
use super::operation::{argument, list_query, param_argument, wire_types};
use super::types::{ident, import_type, rust_type, Role};
use crate::ir::{Api, Body, Operation, Param, ParamLocation, PathPiece, Type};

/// The module stem of an operation's expectation file, like its operation file's.
pub(crate) fn module(op: &Operation) -> String {
    op.fn_name.trim_start_matches("r#").to_owned()
}

fn expectation_name(op: &Operation) -> proc_macro2::Ident {
    format_ident!("{}Expectation", op.builder_name)
}

/// `src/mock/operations/mod.rs`: the modules, their re-exports, and the route table
/// that names the operation of an unexpected request.
pub(crate) fn mock_mod(api: &Api) -> TokenStream {
    let modules: Vec<_> = api
        .operations
        .iter()
        .map(|op| format_ident!("{}", module(op)))
        .collect();
    let names: Vec<_> = api.operations.iter().map(expectation_name).collect();
    let routes = api.operations.iter().map(|op| {
        let id = &op.id;
        let method = op.method.as_str();
        let path = &op.path;
        quote!((#id, #method, #path))
    });
    let doc = format!(
        " The typed expectations of the {} operations; start from the `expect_*` methods on [`MockOrg`](super::MockOrg).",
        api.operations.len()
    );
    quote! {
        #![doc = #doc]

        #(mod #modules;)*

        #(pub use #modules::#names;)*

        /// Every operation as (operationId, method, path template), to name the operation
        /// of a request no expectation matched.
        pub(super) const ROUTES: &[(&str, &str, &str)] = &[#(#routes),*];
    }
}

/// `MockOrg::expect_<operation>` and the expectation builder of `op`.
pub(crate) fn mock_operation_file(op: &Operation) -> TokenStream {
    let fn_name = format_ident!("expect_{}", module(op));
    let name = expectation_name(op);
    let operation_id = &op.id;
    let method = format_ident!("{}", op.method.as_str());
    let (positional, mut matchers) = param_matchers(op);
    matchers.extend(body_matcher(op));
    // The path parameters' values as text, in the order of the template, which
    // the runtime fills in.
    let values = op.path_pieces.iter().filter_map(|piece| match piece {
        PathPiece::Literal(_) => None,
        PathPiece::Param(index) => Some(path_text(&op.params[*index])),
    });
    let template = &op.path;
    let answers = answers(op);
    let documented = documented_errors(op);
    let method_doc = doc(&method_doc(op, &name.to_string()));

    let media_type = op
        .response
        .text_media_type
        .as_deref()
        .unwrap_or("application/json");
    let imports = mock_imports(op);
    quote! {
        #imports

        impl MockOrg {
            #method_doc
            pub fn #fn_name(&self, #(#positional),*) -> #name {
                #name::new(self, &[#(#values),*])
            }
        }

        mock::expectation!(#name, #operation_id, #method #template, #fn_name, #media_type #documented);

        impl #name {
            #(#matchers)*

            #answers
        }
    }
}

/// A path parameter's argument as the `String` the runtime encodes into the path.
fn path_text(param: &Param) -> TokenStream {
    let arg = ident(&param.rust_name);
    match &param.ty {
        Type::String | Type::DateTime => quote!(#arg.into()),
        Type::Model(_) => {
            let ty = rust_type(&param.ty, Role::Wire);
            quote!(Into::<#ty>::into(#arg).to_string())
        }
        _ => quote!(#arg.to_string()),
    }
}

/// The path parameters (positional) and a matcher for every query parameter
/// and header.
fn param_matchers(op: &Operation) -> (Vec<TokenStream>, Vec<TokenStream>) {
    let mut positional = Vec::new();
    let mut matchers = Vec::new();
    for param in &op.params {
        let arg = ident(&param.rust_name);
        let wire = &param.wire_name;
        let (arg_ty, _) = argument(&param.ty, &arg);
        if param.location == ParamLocation::Path {
            positional.push(quote!(#arg: #arg_ty));
            continue;
        }
        let (call, what) = match param.location {
            ParamLocation::Header => (quote!(header), "header"),
            _ => (quote!(query), "query parameter"),
        };
        let setter = format_ident!("with_{}", param.rust_name.trim_start_matches("r#"));
        let sender = if param.required {
            format!("[`Client::{0}`](crate::Client::{0})", module(op))
        } else {
            format!(
                "[`{0}`](crate::operations::{1}::{0})",
                param.rust_name.trim_start_matches("r#"),
                op.builder_name
            )
        };
        let setter_doc = doc(&format!(
            "Only a request whose {what} `{wire}` is this value matches (written as {sender} sends it)."
        ));
        if let Type::List(_) = &param.ty {
            let (arg_ty, values) = param_argument(&param.ty, &arg);
            // The values as the client sends them.
            let register = list_query(
                quote!(&values),
                param.explode,
                |value| quote!(self.inner.query(#wire, #value);),
            );
            matchers.push(quote! {
                #setter_doc
                pub fn #setter(mut self, #arg: #arg_ty) -> Self {
                    let values = #values;
                    #register
                    self
                }
            });
            continue;
        }
        let value = match &param.ty {
            Type::String | Type::DateTime => quote!(#arg.into()),
            Type::Model(_) => {
                let ty = rust_type(&param.ty, Role::Wire);
                quote!(Into::<#ty>::into(#arg))
            }
            _ => quote!(#arg),
        };
        matchers.push(quote! {
            #setter_doc
            pub fn #setter(mut self, #arg: #arg_ty) -> Self {
                self.inner.#call(#wire, #value);
                self
            }
        });
    }
    (positional, matchers)
}

/// `with_body`, for an operation with a JSON or a text body.
fn body_matcher(op: &Operation) -> Option<TokenStream> {
    if let Some(Body::Text { media_type, .. }) = &op.body {
        let text =
            format!(" Only a request whose `{media_type}` body is exactly this text matches.");
        return Some(quote! {
            #[doc = #text]
            pub fn with_body(mut self, body: impl Into<String>) -> Self {
                self.inner.expect_body(body.into().into_bytes(), None);
                self
            }
        });
    }
    let Some(Body::Json { ty, .. }) = &op.body else {
        return None;
    };
    let ty_tokens = rust_type(ty, Role::Wire);
    let (arg, convert) = match ty {
        Type::Model(_) => (
            quote!(impl Into<#ty_tokens>),
            quote!(let body: #ty_tokens = body.into();),
        ),
        _ => (ty_tokens, quote!()),
    };
    Some(quote! {
        /// Only a request whose JSON body equals this one (as JSON values: key order
        /// and whitespace do not count) matches.
        pub fn with_body(mut self, body: #arg) -> Self {
            #convert
            self.inner.json_body(&body);
            self
        }
    })
}

/// The errors Okta documents for the operation, for `returns_error`'s doc.
fn documented_errors(op: &Operation) -> TokenStream {
    if op.errors.is_empty() {
        return quote!();
    }
    let documented: Vec<String> = op.errors.iter().map(u16::to_string).collect();
    let documented = documented.join(", ");
    quote!(, errors #documented)
}

fn mock_imports(op: &Operation) -> TokenStream {
    let mut imports = Imports::new();
    imports.add_all([Item::Mock, Item::MockOrg]);
    for ty in wire_types(op) {
        import_type(&mut imports, ty, Role::Wire, "crate::models", "");
    }
    imports.tokens()
}

fn method_doc(op: &Operation, name: &str) -> String {
    let args: Vec<String> = op
        .params
        .iter()
        .filter(|p| p.location == ParamLocation::Path)
        .map(|p| format!("`{}`", p.wire_name))
        .collect();
    let for_args = if args.is_empty() {
        String::new()
    } else {
        format!(" for the path parameters {}", args.join(", "))
    };
    format!(
        "Expects one `{}` request (`{} {}`, [`Client::{}`](crate::Client::{})){for_args}, with any query, headers and body unless the `with_*` methods of the [`{name}`] narrow it ([`times`]({name}::times) for more than one).\n\nNothing is expected until the expectation is answered.",
        op.id,
        op.method.as_str(),
        op.path,
        module(op),
        module(op),
    )
}

/// The typed `returns` (and, for paginated lists, `returns_pages`) of `op`.
fn answers(op: &Operation) -> TokenStream {
    if let Some(answer) = &op.response.by_status {
        return super::answer::answer_returns(answer);
    }
    if op.response.is_redirect() {
        let status = proc_macro2::Literal::u16_unsuffixed(op.response.status);
        let text = format!(
            " Answers {status} with `location` as its `Location` header and no body, as Okta documents; the client returns it unfollowed."
        );
        return quote! {
            #[doc = #text]
            pub fn returns(self, location: impl Into<String>) {
                self.inner.respond_fixed(#status, vec![("Location".to_owned(), location.into())], Vec::new());
            }
        };
    }
    let main = main_answer(op);
    let same_body = op
        .response
        .same_body
        .iter()
        .map(|other| same_body_answer(op, other.status));
    let bodiless = op
        .response
        .bodiless
        .first()
        .filter(|_| op.response.ty.is_some());
    let without_body = bodiless.map(|other| {
        let status = proc_macro2::Literal::u16_unsuffixed(other.status);
        let text = format!(
            " Answers {status} without a body, the other success this operation documents; `send` then gives `None`."
        );
        quote! {
            #[doc = #text]
            pub fn returns_without_body(self) {
                self.inner.respond_empty(#status);
            }
        }
    });
    quote!(#main #(#same_body)* #without_body)
}

/// `returns_<status>` for a further status with the main body: `returns_created(body)`.
fn same_body_answer(op: &Operation, status: u16) -> TokenStream {
    let method = format_ident!(
        "returns_{}",
        crate::naming::fn_name(&crate::naming::status_variant_name(status))
    );
    let text =
        format!(" Answers {status} with the same kind of body as [`returns`](Self::returns).");
    let status = proc_macro2::Literal::u16_unsuffixed(status);
    let (argument, answer) = match (&op.response.ty, &op.response.text_media_type) {
        (_, Some(media_type)) => (
            quote!(body: impl Into<String>),
            quote!(self.inner.respond_raw(#status, #media_type, body.into())),
        ),
        (Some(Type::List(item)), None) => {
            let item = rust_type(item, Role::Wire);
            (
                quote!(items: impl IntoIterator<Item = impl Into<#item>>),
                quote!(self.inner.respond_items::<#item>(#status, items)),
            )
        }
        (ty, None) => {
            let ty = ty.as_ref().map(|ty| rust_type(ty, Role::Wire));
            (
                quote!(body: impl Into<#ty>),
                quote!(self.inner.respond_model::<#ty>(#status, body)),
            )
        }
    };
    quote! {
        #[doc = #text]
        pub fn #method(self, #argument) {
            #answer;
        }
    }
}

/// `returns` with the operation's main success status.
fn main_answer(op: &Operation) -> TokenStream {
    let status = proc_macro2::Literal::u16_unsuffixed(op.response.status);
    if let Some(media_type) = &op.response.text_media_type {
        let text = format!(" Answers {status} with `body` as `{media_type}`.");
        return quote! {
            #[doc = #text]
            pub fn returns(self, body: impl Into<String>) {
                self.inner.respond_raw(#status, #media_type, body.into());
            }
        };
    }
    match &op.response.ty {
        None => {
            let text = format!(" Answers {status} without a body, as Okta does.");
            quote! {
                #[doc = #text]
                pub fn returns(self) {
                    self.inner.respond_empty(#status);
                }
            }
        }
        Some(Type::List(item)) => {
            let item = rust_type(item, Role::Wire);
            let text = format!(
                " Answers {status} with `items` as one page (no `Link` header), written by the crate's models."
            );
            let pages = op.pagination.as_ref().map(|pagination| {
                let cursor = pagination.cursor.as_str();
                let text = format!(
                    " Answers {status} with the first of `pages`, each page linked to the next by `Link: <…>; rel=\"next\"` (the mock's URL with a cursor in `{cursor}`), so that [`pages`](crate::operations::{0}::pages) and [`items`](crate::operations::{0}::items) read them all. An empty `pages` is one empty page; [`times`](Self::times) applies to the first page.",
                    op.builder_name
                );
                quote! {
                    #[doc = #text]
                    pub fn returns_pages(
                        self,
                        pages: impl IntoIterator<Item = impl IntoIterator<Item = impl Into<#item>>>,
                    ) {
                        self.inner.respond_pages::<#item>(#status, #cursor, pages);
                    }
                }
            });
            quote! {
                #[doc = #text]
                pub fn returns(self, items: impl IntoIterator<Item = impl Into<#item>>) {
                    self.inner.respond_items::<#item>(#status, items);
                }

                #pages
            }
        }
        Some(ty) => {
            let ty_tokens = rust_type(ty, Role::Wire);
            let text = format!(" Answers {status} with `body`, written by the crate's models.");
            quote! {
                #[doc = #text]
                pub fn returns(self, body: impl Into<#ty_tokens>) {
                    self.inner.respond_model::<#ty_tokens>(#status, body);
                }
            }
        }
    }
}
