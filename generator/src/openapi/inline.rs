//! Names for the inline schemas the importer makes models of: an object with
//! `properties`, or a string `enum`, written where it is used rather than under
//! `components/schemas`. The rule is `spec/README.md`'s "Generated names".
//!
//! A name comes from the schema's place (its owner and the property, parameter or
//! body it is). The importer first converts the whole document once only to find
//! every such place ([`Naming::Discovering`]), then settles every name at once
//! ([`Names::assign`]): a schema is named the same whether one tag or every tag
//! is imported, and who keeps a contested name does not depend on what was
//! converted first.

use std::collections::{BTreeMap, BTreeSet};

use heck::ToUpperCamelCase;

use crate::naming;

/// Where an inline schema sits: the name it would take, and how its doc comment says where.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Place {
    /// The name before any number is appended. Nested names compose from this one, so that a
    /// numbered owner does not renumber what it contains.
    pub(crate) base: String,
    /// A phrase for the doc comment, e.g. "the `settings` of `Foo`".
    what: String,
}

impl Place {
    /// The root of the named schema `name` (which may be written out where used, as an
    /// array or map schema is, so its name is the base of what it contains).
    pub(crate) fn schema(name: &str) -> Place {
        Place {
            base: name.to_owned(),
            what: format!("the schema `{name}`"),
        }
    }

    /// The property `property` of the model called `owner` (before numbering: `owner_base`).
    pub(crate) fn property(owner_base: &str, owner: &str, property: &str) -> Place {
        Place {
            base: format!("{owner_base}{}", property.to_upper_camel_case()),
            what: format!("the `{property}` of `{owner}`"),
        }
    }

    /// A parameter of the operation `operation_id` (`location` is `query`, `path` or `header`).
    /// One under `components/parameters` is named after its key there, because every
    /// operation that refers to it shares it.
    pub(crate) fn parameter(
        operation_id: &str,
        name: &str,
        location: &str,
        component: Option<&str>,
    ) -> Place {
        match component {
            Some(key) => Place {
                base: key.to_upper_camel_case(),
                what: format!("the `{name}` {location} parameter shared as `{key}`"),
            },
            None => Place {
                base: format!(
                    "{}{}",
                    operation_id.to_upper_camel_case(),
                    name.to_upper_camel_case()
                ),
                what: format!("the `{name}` {location} parameter of `{operation_id}`"),
            },
        }
    }

    /// The request body of `operation_id`, or the shared one `components/requestBodies/<key>`.
    pub(crate) fn request_body(operation_id: &str, component: Option<&str>) -> Place {
        match component {
            Some(key) => Place {
                base: key.to_upper_camel_case(),
                what: format!("the request body `{key}`"),
            },
            None => Place {
                base: format!("{}Request", operation_id.to_upper_camel_case()),
                what: format!("the request body of `{operation_id}`"),
            },
        }
    }

    /// The body of a response of `operation_id`: `…Response` for every 2xx status (the spec
    /// format has one success body), `…Response<status>` for an error status; a shared one,
    /// `components/responses/<key>`, is named after its key.
    pub(crate) fn response(operation_id: &str, status: u16, component: Option<&str>) -> Place {
        if let Some(key) = component {
            return Place {
                base: key.to_upper_camel_case(),
                what: format!("the response `{key}`"),
            };
        }
        let operation = operation_id.to_upper_camel_case();
        let base = if (200..300).contains(&status) {
            format!("{operation}Response")
        } else {
            format!("{operation}Response{status}")
        };
        Place {
            base,
            what: format!("the {status} response of `{operation_id}`"),
        }
    }

    /// The part `part` of a multipart body at `self`.
    pub(crate) fn part(&self, part: &str) -> Place {
        Place {
            base: format!("{}{}", self.base, part.to_upper_camel_case()),
            what: format!("the `{part}` part of {}", self.what),
        }
    }

    /// The `items` of an array here: the same name, because `list<ParentFoo>` reads as
    /// what the property holds.
    pub(crate) fn item(&self) -> Place {
        Place {
            base: self.base.clone(),
            what: format!("an item of {}", self.what),
        }
    }

    /// The `additionalProperties` of a map here: the same name, as for items.
    pub(crate) fn value(&self) -> Place {
        Place {
            base: self.base.clone(),
            what: format!("a value of {}", self.what),
        }
    }

    /// The doc comment of a model made here from a schema that has no description of its
    /// own: every generated type has one.
    pub(crate) fn description(&self) -> String {
        let mut chars = self.what.chars();
        let first = chars.next().map(|c| c.to_uppercase().collect::<String>());
        format!("{}{}.", first.unwrap_or_default(), chars.as_str())
    }
}

/// One inline schema: its YAML path in the document and the name before numbering. The
/// path alone is not enough: a path item's parameter is converted once per operation,
/// each time under another name.
type Site = (String, String);

/// The names of the inline schemas: found first, then settled.
pub(crate) enum Naming {
    /// Converting only to find the sites; each is named its base for the time being.
    Discovering(BTreeSet<Site>),
    Named(Names),
}

impl Naming {
    /// The name of the inline schema at `at` whose base name is `base`.
    pub(crate) fn name(&mut self, at: &str, base: &str) -> String {
        match self {
            Naming::Discovering(sites) => {
                sites.insert((at.to_owned(), base.to_owned()));
                base.to_owned()
            }
            Naming::Named(names) => names.name(at, base),
        }
    }
}

/// Every inline schema's final name.
#[derive(Debug, Clone, Default)]
pub(crate) struct Names {
    named: BTreeMap<Site, String>,
    /// What makes two names collide (see [`key`]), of every name taken.
    taken: BTreeSet<String>,
}

impl Names {
    /// Names `sites`, none of which may take a name in `reserved` (the document's models).
    /// Each base goes to the site whose YAML path sorts first, unless it is reserved; then
    /// every other site, by base and path, gets its base with the smallest number from 2
    /// that no model and no other site has, so that a numbered name never takes a base
    /// another site has by right.
    pub(crate) fn assign<'a>(
        sites: &BTreeSet<Site>,
        reserved: impl IntoIterator<Item = &'a str>,
    ) -> Names {
        let mut names = Names {
            named: BTreeMap::new(),
            taken: reserved.into_iter().map(key).collect(),
        };
        let mut by_base: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
        for (at, base) in sites {
            by_base.entry(base).or_default().push(at);
        }
        let mut rest = Vec::new();
        for (base, ats) in &by_base {
            // `ats` is sorted: the sites are a set ordered by path first.
            let Some((first, others)) = ats.split_first() else {
                continue;
            };
            if names.taken.insert(key(base)) {
                names.named.insert(
                    ((*first).to_owned(), (*base).to_owned()),
                    (*base).to_owned(),
                );
            } else {
                rest.push((*first, *base));
            }
            rest.extend(others.iter().map(|at| (*at, *base)));
        }
        for (at, base) in rest {
            names.name(at, base);
        }
        names
    }

    /// The name of a site; one not seen when the names were assigned (which converting the
    /// same document cannot produce) gets the next free one rather than a duplicate.
    fn name(&mut self, at: &str, base: &str) -> String {
        let site = (at.to_owned(), base.to_owned());
        if let Some(name) = self.named.get(&site) {
            return name.clone();
        }
        let name = if self.taken.insert(key(base)) {
            base.to_owned()
        } else {
            let mut n = 2;
            while !self.taken.insert(key(&format!("{base}{n}"))) {
                n += 1;
            }
            format!("{base}{n}")
        };
        self.named.insert(site, name.clone());
        name
    }

    /// The final names, by site, for tests and reports.
    #[cfg(test)]
    fn all(&self) -> Vec<(&str, &str, &str)> {
        self.named
            .iter()
            .map(|((at, base), name)| (at.as_str(), base.as_str(), name.as_str()))
            .collect()
    }
}

/// Two spec names collide when they become one Rust type or one module file, which
/// `validate` refuses.
fn key(name: &str) -> String {
    naming::module_name(&naming::model_type_name(name))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sites(list: &[(&str, &str)]) -> BTreeSet<Site> {
        list.iter()
            .map(|(at, base)| ((*at).to_owned(), (*base).to_owned()))
            .collect()
    }

    #[test]
    fn a_contested_or_reserved_base_is_numbered_without_taking_another_base() {
        let found = sites(&[
            ("b.properties.x", "FooBar"),
            ("a.properties.y", "FooBar"),
            ("c.properties.z", "FooBar2"),
            ("d.properties.w", "Thing"),
            ("e.properties.v", "Free"),
        ]);
        let names = Names::assign(&found, ["Thing", "FooBar3"]);
        assert_eq!(
            names.all(),
            [
                ("a.properties.y", "FooBar", "FooBar"),
                ("b.properties.x", "FooBar", "FooBar4"),
                ("c.properties.z", "FooBar2", "FooBar2"),
                ("d.properties.w", "Thing", "Thing2"),
                ("e.properties.v", "Free", "Free"),
            ]
        );
        // Assigning again from the same sites gives the same names.
        assert_eq!(
            Names::assign(&found, ["Thing", "FooBar3"]).all(),
            names.all()
        );
    }

    #[test]
    fn names_that_become_one_rust_type_collide() {
        let found = sites(&[("a", "CAPTCHALink"), ("b", "CaptchaLink")]);
        let names = Names::assign(&found, []);
        assert_eq!(
            names.all(),
            [
                ("a", "CAPTCHALink", "CAPTCHALink"),
                ("b", "CaptchaLink", "CaptchaLink2")
            ]
        );
    }

    #[test]
    fn places_compose_and_describe_themselves() {
        let foo = Place::property("Parent", "Parent2", "foo_bar");
        assert_eq!(foo.base, "ParentFooBar");
        let inner = Place::property(&foo.base, "ParentFooBar", "_links").item();
        assert_eq!(inner.base, "ParentFooBarLinks");
        assert_eq!(
            inner.description(),
            "An item of the `_links` of `ParentFooBar`."
        );
        assert_eq!(foo.description(), "The `foo_bar` of `Parent2`.");
        let param = Place::parameter("listThings", "expand", "query", None);
        assert_eq!(param.base, "ListThingsExpand");
        let shared = Place::parameter("listThings", "expand", "query", Some("queryExpand"));
        assert_eq!(shared.base, "QueryExpand");
        assert_eq!(
            Place::request_body("createThing", None).base,
            "CreateThingRequest"
        );
        assert_eq!(
            Place::response("getThing", 200, None).base,
            "GetThingResponse"
        );
        assert_eq!(
            Place::response("getThing", 404, None).base,
            "GetThingResponse404"
        );
    }
}
