//! Path templates: `/api/v1/apps/{appId}/users`, parsed once.

use super::{At, Checker};
use crate::diagnostics::did_you_mean;
use crate::ir;

/// A path template split into literal text and `{name}` placeholders.
#[derive(Debug, PartialEq, Eq)]
pub(super) struct PathTemplate<'a> {
    pieces: Vec<Piece<'a>>,
    /// A `{` without its `}`; everything from the piece before it on is one literal.
    unclosed: bool,
}

#[derive(Debug, PartialEq, Eq)]
enum Piece<'a> {
    Literal(&'a str),
    Param(&'a str),
}

impl<'a> PathTemplate<'a> {
    pub(super) fn parse(template: &'a str) -> PathTemplate<'a> {
        let mut pieces = Vec::new();
        let mut unclosed = false;
        let mut rest = template;
        while let Some(open) = rest.find('{') {
            let Some(close) = rest[open..].find('}') else {
                unclosed = true;
                break;
            };
            if open > 0 {
                pieces.push(Piece::Literal(&rest[..open]));
            }
            pieces.push(Piece::Param(&rest[open + 1..open + close]));
            rest = &rest[open + close + 1..];
        }
        if !rest.is_empty() {
            pieces.push(Piece::Literal(rest));
        }
        PathTemplate { pieces, unclosed }
    }

    /// The placeholders' names, in template order (a repeated one repeated).
    pub(super) fn params(&self) -> impl Iterator<Item = &'a str> + '_ {
        self.pieces.iter().filter_map(|piece| match piece {
            Piece::Param(name) => Some(*name),
            Piece::Literal(_) => None,
        })
    }

    /// Reports a template that does not start with `/` or leaves a `{` open;
    /// `at` is the `path` key.
    pub(super) fn check(&self, checker: &mut Checker<'_>, at: &At, template: &str) {
        if !template.starts_with('/') {
            checker.error(at, format!("path `{template}` must start with `/`"));
        }
        if self.unclosed {
            checker.error(at, "unclosed `{` in the path template");
        }
    }

    /// Reports each placeholder without a path parameter, and each path
    /// parameter without a placeholder; `declared` pairs each resolved
    /// parameter with its index under `params`.
    pub(super) fn check_params(
        &self,
        checker: &mut Checker<'_>,
        at: &At,
        template: &str,
        declared: &[(usize, ir::Param)],
    ) {
        let path_params = || {
            declared
                .iter()
                .filter(|(_, p)| p.location == ir::ParamLocation::Path)
        };
        for name in self.params() {
            if path_params().any(|(_, p)| p.wire_name == name) {
                continue;
            }
            let hint = did_you_mean(name, path_params().map(|(_, p)| p.wire_name.as_str()))
                .unwrap_or_else(|| "declare it under `params` with `in: path`".to_owned());
            checker.error_hint(
                &at.key("path"),
                format!("the path uses `{{{name}}}`, but no path parameter `{name}` is declared"),
                hint,
            );
        }
        for (j, p) in path_params() {
            if !self.params().any(|name| name == p.wire_name) {
                checker.error(
                    &at.key("params").item(*j).key("name"),
                    format!(
                        "path parameter `{}` does not appear in the path `{template}`",
                        p.wire_name
                    ),
                );
            }
        }
    }

    /// The template as the IR keeps it, each placeholder an index into `params`
    /// (a placeholder without a parameter, already reported, is left out).
    pub(super) fn ir_pieces(&self, params: &[ir::Param]) -> Vec<ir::PathPiece> {
        self.pieces
            .iter()
            .filter_map(|piece| match piece {
                Piece::Literal(text) => Some(ir::PathPiece::Literal((*text).to_owned())),
                Piece::Param(name) => params
                    .iter()
                    .position(|p| p.location == ir::ParamLocation::Path && p.wire_name == *name)
                    .map(ir::PathPiece::Param),
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::{PathTemplate, Piece};

    #[test]
    fn literals_and_placeholders() {
        let template = PathTemplate::parse("/api/v1/apps/{appId}/users/{userId}");
        assert_eq!(
            template.pieces,
            [
                Piece::Literal("/api/v1/apps/"),
                Piece::Param("appId"),
                Piece::Literal("/users/"),
                Piece::Param("userId"),
            ]
        );
        assert!(!template.unclosed);
        assert_eq!(template.params().collect::<Vec<_>>(), ["appId", "userId"]);
    }

    #[test]
    fn adjacent_placeholders_have_no_empty_literal_between() {
        let template = PathTemplate::parse("{a}{b}");
        assert_eq!(template.pieces, [Piece::Param("a"), Piece::Param("b")]);
    }

    #[test]
    fn an_unclosed_brace_ends_in_one_literal() {
        let template = PathTemplate::parse("/a/{b}/c/{d");
        assert_eq!(
            template.pieces,
            [
                Piece::Literal("/a/"),
                Piece::Param("b"),
                Piece::Literal("/c/{d"),
            ]
        );
        assert!(template.unclosed);
    }
}
