//! The answer enum of an operation whose success statuses carry different bodies
//! (`verifyFactor`: 200 a `UserFactorVerifyResponse`, 201 a
//! `UserFactorVerifyResponseWaiting`): the enum in the operation's file, its decoding
//! by status, and the mock expectation's `returns` that writes one.

use proc_macro2::{Literal, TokenStream};
use quote::{format_ident, quote};

use super::docs::{doc, paragraphs, spec_text};
use super::types::{rust_type, Role};
use crate::ir::{Operation, StatusAnswer, StatusVariant};

/// A variant's name, status literal and payload type (`None` for a unit variant).
fn parts(variant: &StatusVariant) -> (proc_macro2::Ident, Literal, Option<TokenStream>) {
    (
        format_ident!("{}", variant.variant),
        Literal::u16_unsuffixed(variant.status),
        variant.ty.as_ref().map(|ty| rust_type(ty, Role::Wire)),
    )
}

/// The enum, `#[non_exhaustive]`, with `status()`, `Serialize` (the body alone, as it
/// came) and `Walk` (what did not fit, inside whichever body it is).
pub(super) fn answer_type(op: &Operation, answer: &StatusAnswer) -> TokenStream {
    let name = format_ident!("{}", answer.type_name);
    let type_doc = doc(&paragraphs([
        Some(format!(
            "The answer of [`Client::{}`](crate::Client::{0}), by the status Okta answers with: each documented success status carries its own body.",
            op.fn_name.trim_start_matches("r#")
        ))
        .as_deref(),
        Some("Serialized, it is the body alone, as Okta sent it (`null` for a status without one)."),
    ]));
    let mut definitions = Vec::new();
    let mut statuses = Vec::new();
    let mut serialized = Vec::new();
    let mut walked = Vec::new();
    for variant in &answer.variants {
        let (ident, status, payload) = parts(variant);
        let described = variant
            .description
            .as_deref()
            .map(|d| format!(": {}", spec_text(d).trim_end_matches('.')))
            .unwrap_or_default();
        let variant_doc = doc(&format!("Okta answered {}{described}.", variant.status));
        match payload {
            Some(ty) => {
                definitions.push(quote!(#variant_doc #ident(#ty)));
                statuses.push(quote!(Self::#ident(_) => #status));
                serialized.push(quote!(Self::#ident(body) => body.serialize(serializer)));
                walked.push(quote!(Self::#ident(body) => crate::conform::Walk::walk(body, walker)));
            }
            None => {
                definitions.push(quote!(#variant_doc #ident));
                statuses.push(quote!(Self::#ident => #status));
                serialized.push(quote!(Self::#ident => serializer.serialize_unit()));
                walked.push(quote!(Self::#ident => {}));
            }
        }
    }
    let expected = format!("the answer of {}", op.id);
    quote! {
        #type_doc
        #[derive(Debug, Clone, PartialEq)]
        #[non_exhaustive]
        pub enum #name {
            #(#definitions,)*
        }

        impl #name {
            /// The HTTP status this answer came with.
            pub fn status(&self) -> u16 {
                match self {
                    #(#statuses,)*
                }
            }
        }

        impl serde::Serialize for #name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                match self {
                    #(#serialized,)*
                }
            }
        }

        impl crate::conform::Walk for #name {
            fn expected() -> std::borrow::Cow<'static, str> {
                std::borrow::Cow::Borrowed(#expected)
            }

            fn walk(&self, walker: &mut crate::conform::Walker) {
                match self {
                    #(#walked,)*
                }
            }
        }
    }
}

/// The builder's `send` and `send_with_metadata`, which decode the body by the status:
/// each documented status into its variant, any other 2xx as the first status's body.
pub(super) fn answer_sending(answer: &StatusAnswer) -> TokenStream {
    let name = format_ident!("{}", answer.type_name);
    let Some((first, rest)) = answer.variants.split_first() else {
        return quote!();
    };
    let decode = |variant: &StatusVariant| {
        let (ident, _, payload) = parts(variant);
        match payload {
            Some(ty) => quote!(response.json::<#ty>().map(|response| response.map(#name::#ident))),
            None => quote!(Ok(response.empty().map(|()| #name::#ident))),
        }
    };
    let arms = rest.iter().map(|variant| {
        let status = Literal::u16_unsuffixed(variant.status);
        let decode = decode(variant);
        quote!(#status => #decode)
    });
    let fallback = decode(first);
    let listed: Vec<String> = answer
        .variants
        .iter()
        .map(|v| format!("{} as [`{}::{}`]", v.status, answer.type_name, v.variant))
        .collect();
    let send_doc = format!(
        " Sends the request and decodes the answer by its status: {}.",
        listed.join(", ")
    );
    quote! {
        #[doc = #send_doc]
        pub fn send(self) -> impl Future<Output = Result<#name, Error>> + Send + 'static {
            builder::into_body(self.send_with_metadata())
        }

        /// Sends the request; the answer comes with its status, headers and rate-limit values.
        pub fn send_with_metadata(self) -> impl Future<Output = Result<ApiResponse<#name>, Error>> + Send + 'static {
            builder::send(self.client.clone(), move || self.request(), |response| {
                match response.status.as_u16() {
                    #(#arms,)*
                    _ => #fallback,
                }
            })
        }
    }
}

/// The mock expectation's `returns`, which answers with the variant's status and body.
pub(super) fn answer_returns(answer: &StatusAnswer) -> TokenStream {
    let ident = format_ident!("{}", answer.type_name);
    // Named by its path: the mock's file imports models and runtime items only.
    let name = quote!(crate::operations::#ident);
    let arms = answer.variants.iter().map(|variant| {
        let (ident, status, payload) = parts(variant);
        match payload {
            Some(ty) => {
                quote!(#name::#ident(body) => self.inner.respond_model::<#ty>(#status, body))
            }
            None => quote!(#name::#ident => self.inner.respond_empty(#status)),
        }
    });
    let text = format!(
        " Answers with the status of `answer` ([`{0}::status`](crate::operations::{0}::status)) and its body, written by the crate's models.",
        answer.type_name
    );
    quote! {
        #[doc = #text]
        pub fn returns(self, answer: #name) {
            match answer {
                #(#arms,)*
            }
        }
    }
}
