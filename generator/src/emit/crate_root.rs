//! `lib.rs` and the `mod.rs` files that list models and operations.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use crate::ir::{Api, Body, ModelKind, Object};

pub(crate) fn lib_rs() -> TokenStream {
    quote! {
        #![doc = include_str!("../README.md")]
        #![cfg_attr(docsrs, feature(doc_cfg))]
        #![forbid(unsafe_code)]
        #![warn(missing_docs)]

        mod auth;
        mod body;
        mod builder;
        mod client;
        mod config;
        mod conform;
        mod error;
        mod items;
        mod json;
        mod link;
        #[cfg(feature = "test-util")]
        #[cfg_attr(docsrs, doc(cfg(feature = "test-util")))]
        pub mod mock;
        mod model_support;
        pub mod models;
        mod nullable;
        #[cfg(feature = "oauth")]
        mod oauth;
        pub mod operations;
        mod pagination;
        mod raw;
        mod redact;
        mod request;
        mod response;
        mod retry;
        mod secret;
        mod timestamp;

        pub use client::{Client, ClientBuilder, Credentials};
        pub use config::OktaConfig;
        pub use conform::{decode, Mismatch, Mismatches};
        pub use error::{
            ApiError, BodyError, BodyErrorKind, DecodeError, Error, OAuthError, OktaErrorBody,
            OktaErrorCause, RedirectError,
        };
        pub use items::{ItemError, Items};
        pub use json::{AdditionalProperties, Json};
        pub use model_support::UnknownValue;
        pub use nullable::Nullable;
        #[cfg(feature = "oauth")]
        pub use oauth::PrivateKey;
        pub use pagination::Page;
        pub use raw::RawRequest;
        pub use request::{FileUpload, ImageFormat};
        pub use response::{ApiResponse, RateLimit, Redirect};
        pub use retry::RetryPolicy;
        pub use secret::{SecretJson, SecretString};
        pub use timestamp::{Timestamp, TimestampError};

        /// The HTTP client this crate is built on, at the version it uses: its `HeaderMap`,
        /// `StatusCode` and `Client` appear in this crate's API
        /// ([`ClientBuilder::http_client`] takes a `reqwest::Client`).
        pub use reqwest;

        /// The version of the compiler that built this crate, for the `User-Agent` header.
        const RUST_VERSION: &str = env!("OKTA_APPS_RUSTC_VERSION");
    }
}

pub(crate) fn models_mod(api: &Api) -> TokenStream {
    let modules: Vec<_> = api
        .models
        .iter()
        .map(|m| format_ident!("{}", m.module))
        .collect();
    // A union's base struct also defines the trait of its common fields.
    let names: Vec<TokenStream> = api
        .models
        .iter()
        .map(|m| {
            let name = format_ident!("{}", m.rust_name);
            match &m.kind {
                ModelKind::Object(Object {
                    base_of: Some(composition),
                    ..
                }) => {
                    let common = format_ident!("{}", composition.common);
                    quote!({#name, #common})
                }
                _ => quote!(#name),
            }
        })
        .collect();
    // A union's base and fallback structs come from the spec model of the union.
    let count = api
        .models
        .iter()
        .map(|m| m.spec_name.as_str())
        .collect::<std::collections::BTreeSet<_>>()
        .len();
    let doc = format!(
        " The {count} models of the Application API, one module each, all re-exported here."
    );
    quote! {
        #![doc = #doc]

        #(mod #modules;)*

        #(pub use #modules::#names;)*
    }
}

pub(crate) fn operations_mod(api: &Api) -> TokenStream {
    let modules: Vec<_> = api
        .operations
        .iter()
        .map(|o| format_ident!("{}", o.fn_name.trim_start_matches("r#")))
        .collect();
    let mut exports: Vec<TokenStream> = Vec::new();
    for (op, module) in api.operations.iter().zip(&modules) {
        let builder = format_ident!("{}", op.builder_name);
        exports.push(quote!(pub use #module::#builder;));
        if let Some(Body::Binary { type_name, .. }) = &op.body {
            let body = format_ident!("{}", type_name);
            exports.push(quote!(pub use #module::#body;));
        }
        if let Some(answer) = &op.response.by_status {
            let answer = format_ident!("{}", answer.type_name);
            exports.push(quote!(pub use #module::#answer;));
        }
    }
    let doc = format!(
        " The request builders of the {} operations; start from the methods on [`Client`](crate::Client).",
        api.operations.len()
    );
    quote! {
        #![doc = #doc]

        #(mod #modules;)*

        #(#exports)*
    }
}
