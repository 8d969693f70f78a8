//! Which operations are paginated (`spec/README.md`, "Pagination").

use crate::ir;

/// The query parameters that carry the cursor of the next page: Okta's
/// Application API names it `after`, other areas of its API `cursor`.
pub(super) const CURSOR_PARAMS: &[&str] = &["after", "cursor"];

/// The rule: an operation is paginated when its response is a `list<T>` and
/// it has a query parameter named like a cursor ([`CURSOR_PARAMS`]); the
/// client then follows `Link: <…>; rel="next"` and yields `T`s.
pub(super) fn pagination(
    response: Option<&ir::Type>,
    params: &[ir::Param],
) -> Option<ir::Pagination> {
    let Some(ir::Type::List(item)) = response else {
        return None;
    };
    let cursor = params.iter().find(|p| {
        p.location == ir::ParamLocation::Query && CURSOR_PARAMS.contains(&p.wire_name.as_str())
    })?;
    Some(ir::Pagination {
        item: (**item).clone(),
        cursor: cursor.wire_name.clone(),
    })
}

#[cfg(test)]
mod tests {
    use super::pagination;
    use crate::ir::{Param, ParamLocation, Type};

    fn param(name: &str, location: ParamLocation) -> Param {
        Param {
            wire_name: name.into(),
            rust_name: name.into(),
            location,
            ty: Type::String,
            required: false,
            default: None,
            explode: true,
            description: None,
        }
    }

    fn list_of_apps() -> Type {
        Type::List(Box::new(Type::Model("Application".into())))
    }

    #[test]
    fn a_list_with_a_cursor_parameter_is_paginated() {
        for cursor in ["after", "cursor"] {
            let params = [
                param("q", ParamLocation::Query),
                param(cursor, ParamLocation::Query),
            ];
            let paginated = pagination(Some(&list_of_apps()), &params);
            assert_eq!(
                paginated.map(|p| p.item),
                Some(Type::Model("Application".into()))
            );
        }
    }

    #[test]
    fn no_list_or_no_query_cursor_is_not_paginated() {
        let after = [param("after", ParamLocation::Query)];
        assert!(pagination(Some(&Type::Model("Application".into())), &after).is_none());
        assert!(pagination(None, &after).is_none());
        let limit = [param("limit", ParamLocation::Query)];
        assert!(pagination(Some(&list_of_apps()), &limit).is_none());
        let header = [param("after", ParamLocation::Header)];
        assert!(pagination(Some(&list_of_apps()), &header).is_none());
        let path = [param("cursor", ParamLocation::Path)];
        assert!(pagination(Some(&list_of_apps()), &path).is_none());
    }
}
