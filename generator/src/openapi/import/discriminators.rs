//! Discriminators and their mappings.

use std::collections::{BTreeMap, BTreeSet};

use serde_yaml::Value;

use super::values::text;
use super::Importer;
use crate::diagnostics::Diagnostic;
use crate::openapi::schema_ref_name;
use crate::spec;

impl Importer<'_> {
    /// The discriminator of the schema `name`. Without `mapping`, OpenAPI's
    /// implicit one: each schema that extends `name` is selected by its own
    /// name; when none does, the tag selects nothing and the schema is a
    /// plain object (its tag an ordinary field), so `None`.
    pub(super) fn discriminator(
        &self,
        name: &str,
        found: &Value,
        at: &str,
        refs: &mut BTreeSet<String>,
    ) -> Result<Option<spec::Discriminator>, Diagnostic> {
        let Some(property) = text(found, "propertyName") else {
            return Err(self
                .doc
                .problem(at, "a discriminator without `propertyName`", None));
        };
        let Some(mapping) = found.get("mapping").and_then(Value::as_mapping) else {
            let extenders = self.doc.extenders(name);
            if extenders.is_empty() {
                return Ok(None);
            }
            refs.extend(extenders.iter().cloned());
            let mapping = extenders.iter().map(|m| (m.clone(), m.clone())).collect();
            return Ok(Some(spec::Discriminator { property, mapping }));
        };
        let mut out = BTreeMap::new();
        for (tag, target) in mapping {
            let tag = match tag {
                Value::String(s) => s.clone(),
                Value::Number(n) => n.to_string(),
                Value::Bool(b) => b.to_string(),
                _ => continue,
            };
            let target = target.as_str().unwrap_or_default();
            let Some(model) = schema_ref_name(target)
                .or_else(|| (!target.contains('/')).then_some(target))
                .filter(|m| self.doc.schema(m).is_some())
            else {
                return Err(self.doc.problem(
                    &format!("{at}.mapping.{tag}"),
                    format!("mapping `{tag}` points at no schema (`{target}`)"),
                    None,
                ));
            };
            if model == name {
                // A tag mapped to the schema itself (`UserFactorPushTransaction`'s `SUCCESS`)
                // selects no subtype: the value is the base's own, which is what the union's
                // fallback struct holds (every field, the tag kept), as for a tag not mapped.
                continue;
            }
            refs.insert(model.to_owned());
            out.insert(tag, model.to_owned());
        }
        Ok(Some(spec::Discriminator {
            property,
            mapping: out,
        }))
    }
}
