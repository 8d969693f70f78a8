//! Models that contain themselves without a list or map in between.

use std::collections::{BTreeSet, HashMap};

use super::{At, Checker};
use crate::ir;
use crate::spec;

/// A model that contains itself without a list or map in between would have
/// infinite size; such a spec is refused rather than boxed behind the user's back.
///
/// The models that contain one another directly form the strongly connected
/// components of the "holds a field of" graph (Tarjan's algorithm, linear in
/// models and fields); each model of a cycle is reported with one shortest
/// cycle through it, found within its component. A component larger than
/// [`MAX_REPORTED_CYCLE`] is reported once, at its first model.
pub(super) fn check_recursion(
    checker: &mut Checker<'_>,
    file: &spec::ModelsFile,
    models: &[ir::Model],
) {
    let by_rust: HashMap<&str, usize> = models
        .iter()
        .enumerate()
        .map(|(i, m)| (m.rust_name.as_str(), i))
        .collect();
    let edges: Vec<Vec<usize>> = models
        .iter()
        .map(|model| {
            direct_refs(model)
                .into_iter()
                .filter_map(|name| by_rust.get(name).copied())
                .collect()
        })
        .collect();
    for component in strongly_connected(&edges) {
        let cyclic = component.len() > 1 || edges[component[0]].contains(&component[0]);
        if !cyclic {
            continue;
        }
        let members: BTreeSet<usize> = component.iter().copied().collect();
        let reported: Vec<usize> = if component.len() > MAX_REPORTED_CYCLE {
            members.iter().next().copied().into_iter().collect()
        } else {
            members.iter().copied().collect()
        };
        for start in reported {
            let cycle = shortest_cycle(start, &edges, &members);
            let names: Vec<&str> = cycle
                .iter()
                .map(|&m| models[m].spec_name.as_str())
                .collect();
            let shown = if names.len() > 8 {
                format!(
                    "{} → … → {} ({} models)",
                    names[..4].join(" → "),
                    names[names.len() - 2..].join(" → "),
                    names.len() - 1
                )
            } else {
                names.join(" → ")
            };
            let model = &models[start];
            let index = file
                .models
                .iter()
                .position(|m| m.name == model.spec_name)
                .unwrap_or(0);
            checker.error_hint(
                &At::model(index).key("name"),
                format!("`{}` contains itself: {shown}", model.spec_name),
                "break the cycle with a list<…> or map<…> field",
            );
        }
    }
}

/// Cycles longer than this are reported once, not at each of their models.
const MAX_REPORTED_CYCLE: usize = 32;

/// The models `model` holds directly (not through a list or map).
fn direct_refs(model: &ir::Model) -> Vec<&str> {
    match &model.kind {
        ir::ModelKind::Object(o) => o
            .fields
            .iter()
            .filter_map(|f| match &f.ty {
                ir::Type::Model(m) => Some(m.as_str()),
                _ => None,
            })
            .chain(o.base.as_ref().map(|c| c.base.as_str()))
            .collect(),
        ir::ModelKind::Union(u) => u
            .variants
            .iter()
            .map(|v| v.model.as_str())
            .chain([u.base.as_str(), u.other.as_str()])
            .collect(),
        ir::ModelKind::Enum(_) => Vec::new(),
    }
}

/// Tarjan's strongly connected components, without recursion.
fn strongly_connected(edges: &[Vec<usize>]) -> Vec<Vec<usize>> {
    const UNSEEN: usize = usize::MAX;
    let mut order = vec![UNSEEN; edges.len()];
    let mut low = vec![0; edges.len()];
    let mut on_stack = vec![false; edges.len()];
    let mut stack = Vec::new();
    let mut components = Vec::new();
    let mut counter = 0;
    for root in 0..edges.len() {
        if order[root] != UNSEEN {
            continue;
        }
        // (node, index of the next edge to follow)
        let mut work = vec![(root, 0)];
        while let Some(&mut (node, ref mut next)) = work.last_mut() {
            if *next == 0 {
                order[node] = counter;
                low[node] = counter;
                counter += 1;
                stack.push(node);
                on_stack[node] = true;
            }
            if let Some(&target) = edges[node].get(*next) {
                *next += 1;
                if order[target] == UNSEEN {
                    work.push((target, 0));
                } else if on_stack[target] {
                    low[node] = low[node].min(order[target]);
                }
                continue;
            }
            work.pop();
            if let Some(&(parent, _)) = work.last() {
                low[parent] = low[parent].min(low[node]);
            }
            if low[node] == order[node] {
                let mut component = Vec::new();
                while let Some(member) = stack.pop() {
                    on_stack[member] = false;
                    component.push(member);
                    if member == node {
                        break;
                    }
                }
                components.push(component);
            }
        }
    }
    components
}

/// A shortest path from `start` back to itself inside `members`, both ends included.
fn shortest_cycle(start: usize, edges: &[Vec<usize>], members: &BTreeSet<usize>) -> Vec<usize> {
    let mut came_from: HashMap<usize, usize> = HashMap::new();
    let mut queue = std::collections::VecDeque::from([start]);
    while let Some(node) = queue.pop_front() {
        for &next in &edges[node] {
            if next == start {
                let mut path = vec![node];
                let mut at = node;
                while let Some(&previous) = came_from.get(&at) {
                    path.push(previous);
                    at = previous;
                }
                // node → … → start, read backwards, and closed.
                path.reverse();
                path.push(start);
                return path;
            }
            if members.contains(&next) && next != start && !came_from.contains_key(&next) {
                came_from.insert(next, node);
                queue.push_back(next);
            }
        }
    }
    vec![start, start]
}
