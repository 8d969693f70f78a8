//! `Link` header values (RFC 8288), parsed exactly: a target may hold `,` and `;`.

/// One `<target>; param=value; …` entry of a `Link` header.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Link {
    /// The URI reference between `<` and `>`, unresolved.
    pub target: String,
    /// The parameters in order; names lower-cased, quoted values unescaped.
    pub params: Vec<(String, Option<String>)>,
}

impl Link {
    /// Whether the `rel` parameter lists `relation` (relation types are case-insensitive
    /// and space-separated: `rel="next last"`). Only the first `rel` counts (RFC 8288 3.3).
    pub fn has_rel(&self, relation: &str) -> bool {
        self.params
            .iter()
            .find(|(name, _)| name == "rel")
            .and_then(|(_, value)| value.as_deref())
            .is_some_and(|rels| {
                rels.split_ascii_whitespace()
                    .any(|rel| rel.eq_ignore_ascii_case(relation))
            })
    }
}

/// Parses one `Link` header value: a comma-separated list of links.
///
/// Empty list elements (`, ,`) are allowed, as RFC 9110's list rule says; anything
/// else that does not follow the grammar is an error naming the byte offset.
pub(crate) fn parse(value: &str) -> Result<Vec<Link>, String> {
    let mut cursor = Cursor {
        text: value,
        at: 0,
    };
    let mut links = Vec::new();
    loop {
        cursor.skip_whitespace();
        match cursor.peek() {
            None => return Ok(links),
            Some(',') => {
                cursor.at += 1;
                continue;
            }
            Some('<') => {}
            Some(_) => return Err(cursor.error("expected `<` to start a link")),
        }
        links.push(parse_link(&mut cursor)?);
        cursor.skip_whitespace();
        match cursor.peek() {
            None => return Ok(links),
            Some(',') => cursor.at += 1,
            Some(_) => return Err(cursor.error("expected `,` or the end after a link")),
        }
    }
}

fn parse_link(cursor: &mut Cursor<'_>) -> Result<Link, String> {
    cursor.at += 1; // `<`
    let Some(length) = cursor.rest().find('>') else {
        return Err(cursor.error("a link target has no closing `>`"));
    };
    let target = cursor.rest()[..length].to_owned();
    cursor.at += length + 1;
    let mut params = Vec::new();
    loop {
        cursor.skip_whitespace();
        if cursor.peek() != Some(';') {
            return Ok(Link { target, params });
        }
        cursor.at += 1;
        cursor.skip_whitespace();
        let name = cursor.token();
        if name.is_empty() {
            return Err(cursor.error("expected a parameter name after `;`"));
        }
        let name = name.to_ascii_lowercase();
        cursor.skip_whitespace();
        let value = if cursor.peek() == Some('=') {
            cursor.at += 1;
            cursor.skip_whitespace();
            Some(match cursor.peek() {
                Some('"') => cursor.quoted_string()?,
                _ => {
                    let token = cursor.token();
                    if token.is_empty() {
                        return Err(cursor.error("expected a parameter value after `=`"));
                    }
                    token.to_owned()
                }
            })
        } else {
            None
        };
        params.push((name, value));
    }
}

struct Cursor<'a> {
    text: &'a str,
    at: usize,
}

impl<'a> Cursor<'a> {
    fn rest(&self) -> &'a str {
        &self.text[self.at..]
    }

    fn peek(&self) -> Option<char> {
        self.rest().chars().next()
    }

    fn skip_whitespace(&mut self) {
        let rest = self.rest();
        self.at += rest.len() - rest.trim_start_matches([' ', '\t']).len();
    }

    /// An RFC 9110 token (possibly empty).
    fn token(&mut self) -> &'a str {
        let rest = self.rest();
        let length = rest
            .find(|c: char| !is_token_char(c))
            .unwrap_or(rest.len());
        self.at += length;
        &rest[..length]
    }

    /// A quoted string starting at `"`, with `\` escapes removed.
    fn quoted_string(&mut self) -> Result<String, String> {
        let start = self.at;
        self.at += 1;
        let mut value = String::new();
        let mut chars = self.rest().char_indices();
        while let Some((offset, c)) = chars.next() {
            match c {
                '"' => {
                    self.at += offset + 1;
                    return Ok(value);
                }
                '\\' => match chars.next() {
                    Some((_, escaped)) => value.push(escaped),
                    None => break,
                },
                c => value.push(c),
            }
        }
        self.at = start;
        Err(self.error("a quoted string has no closing `\"`"))
    }

    fn error(&self, message: &str) -> String {
        format!("{message} at byte {}", self.at)
    }
}

fn is_token_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || "!#$%&'*+-.^_`|~".contains(c)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn targets_with_rel(value: &str, rel: &str) -> Vec<String> {
        parse(value)
            .expect("parses")
            .into_iter()
            .filter(|l| l.has_rel(rel))
            .map(|l| l.target)
            .collect()
    }

    #[test]
    fn commas_and_semicolons_inside_the_target_belong_to_it() {
        let value = r#"<https://o.example/api/v1/apps?after=a,b;c&filter=x;y>; rel="next""#;
        assert_eq!(
            targets_with_rel(value, "next"),
            ["https://o.example/api/v1/apps?after=a,b;c&filter=x;y"]
        );
    }

    #[test]
    fn several_links_rel_lists_case_and_spacing() {
        let value = "<a>;rel=self , <b> ; REL = \"Next Last\";title=\"x, y; z\", ,<c>; rel=prev";
        assert_eq!(targets_with_rel(value, "next"), ["b"]);
        assert_eq!(targets_with_rel(value, "last"), ["b"]);
        assert_eq!(targets_with_rel(value, "self"), ["a"]);
        assert_eq!(targets_with_rel(value, "prev"), ["c"]);
        let links = parse(value).expect("parses");
        assert_eq!(links[1].params[1], ("title".into(), Some("x, y; z".into())));
    }

    #[test]
    fn escapes_in_quoted_strings_and_bare_parameters() {
        let links = parse(r#"<a>; title="say \"hi\"\\"; crossorigin"#).expect("parses");
        assert_eq!(
            links[0].params,
            [
                ("title".to_owned(), Some(r#"say "hi"\"#.to_owned())),
                ("crossorigin".to_owned(), None)
            ]
        );
    }

    #[test]
    fn only_the_first_rel_counts() {
        assert!(targets_with_rel(r#"<a>; rel="self"; rel="next""#, "next").is_empty());
    }

    #[test]
    fn malformed_values_are_errors() {
        for bad in [
            "https://o.example/next; rel=next",
            "<https://o.example/next; rel=next",
            "<a>; rel=\"next",
            "<a> rel=next",
            "<a>; =next",
            "<a>; rel=",
            "<a>; rel=next <b>",
        ] {
            assert!(parse(bad).is_err(), "{bad:?} parsed");
        }
        assert_eq!(parse("").expect("empty"), []);
    }
}
