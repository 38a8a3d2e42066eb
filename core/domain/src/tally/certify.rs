//! How much of a window's credit counts toward one certification, under its caps.
//!
//! With caps per kind and per congress together, counting records one by one can come
//! out short: a congress whose cap is used by a kind that is capped anyway leaves
//! credit of another kind uncounted. The question is a transportation problem on a tiny
//! graph (source → kind, capped by `cap_total`; kind → congress, carrying the counted
//! credit of that kind at that congress, one edge for confirmed and one for pending;
//! congress → sink, capped by `cap_per_congress`). A min-cost flow on it with a
//! confirmed unit worth more than all pending credit together maximises confirmed
//! credit first and confirmed plus pending second, which is exactly "pending fills what
//! confirmed left, never displacing it". Where the caps still leave a choice, kinds
//! listed earlier in the rule count first (a third, smaller weight), so the split by
//! kind is predictable rather than an accident of the search order. Nodes are a few kinds and the congresses of
//! one window (a few dozen), so successive shortest paths with Bellman–Ford are plenty.

use std::collections::HashMap;

use super::KindTotal;
use crate::model::{CreditRecord, RecordStatus};
use crate::rules::CertificationRule;

pub(super) struct Counted {
    pub confirmed: u32,
    pub pending: u32,
    pub by_kind: Vec<KindTotal>,
}

const SOURCE: usize = 0;
const SINK: usize = 1;
const FIRST_KIND: usize = 2;

struct Edge {
    to: usize,
    cap: i64,
    /// Weights reach the square of the credit total; i128 keeps path sums exact.
    cost: i128,
}

/// A residual graph: edges in pairs, `e ^ 1` is the reverse of `e`.
struct Graph {
    edges: Vec<Edge>,
    out: Vec<Vec<usize>>,
}

impl Graph {
    fn new(nodes: usize) -> Self {
        Self {
            edges: Vec::new(),
            out: vec![Vec::new(); nodes],
        }
    }

    fn add(&mut self, from: usize, to: usize, cap: i64, cost: i128) -> usize {
        let id = self.edges.len();
        self.edges.push(Edge { to, cap, cost });
        self.edges.push(Edge {
            to: from,
            cap: 0,
            cost: -cost,
        });
        self.out[from].push(id);
        self.out[to].push(id + 1);
        id
    }

    /// Flow pushed through a forward edge so far.
    fn flow(&self, edge: usize) -> i64 {
        self.edges[edge ^ 1].cap
    }

    /// Augments along cheapest source → sink paths while they lower the cost.
    fn min_cost_flow(&mut self) {
        let n = self.out.len();
        let mut dist = vec![i128::MAX; n];
        let mut via = vec![usize::MAX; n];
        loop {
            dist.fill(i128::MAX);
            via.fill(usize::MAX);
            dist[SOURCE] = 0;
            // Bellman–Ford: residual costs can be negative; the residual graph of a
            // min-cost flow has no negative cycle, so n - 1 rounds settle it.
            for _ in 1..n {
                let mut changed = false;
                for u in 0..n {
                    if dist[u] == i128::MAX {
                        continue;
                    }
                    for &e in &self.out[u] {
                        let edge = &self.edges[e];
                        if edge.cap > 0 && dist[u] + edge.cost < dist[edge.to] {
                            dist[edge.to] = dist[u] + edge.cost;
                            via[edge.to] = e;
                            changed = true;
                        }
                    }
                }
                if !changed {
                    break;
                }
            }
            if dist[SINK] >= 0 {
                // Unreachable (MAX) or no longer profitable.
                return;
            }
            let mut push = i64::MAX;
            let mut v = SINK;
            while v != SOURCE {
                let e = via[v];
                push = push.min(self.edges[e].cap);
                v = self.edges[e ^ 1].to;
            }
            let mut v = SINK;
            while v != SOURCE {
                let e = via[v];
                self.edges[e].cap -= push;
                self.edges[e ^ 1].cap += push;
                v = self.edges[e ^ 1].to;
            }
        }
    }
}

/// Counts the window's records (one per session already) toward `rule`.
pub(super) fn count<'a>(
    rule: &CertificationRule,
    records: impl Iterator<Item = &'a CreditRecord>,
) -> Counted {
    let kinds = rule.counts.len();
    // Counted credit per (kind, congress): [confirmed, pending].
    let mut congress_index: HashMap<&str, usize> = HashMap::new();
    let mut credit: Vec<[i64; 2]> = Vec::new();
    for record in records {
        let Some(k) = rule.counts.iter().position(|c| c.kind == record.kind) else {
            continue;
        };
        let value = i64::from(rule.counts[k].value.unwrap_or(record.credit));
        if value == 0 {
            continue;
        }
        let next = congress_index.len();
        let c = *congress_index
            .entry(record.congress_id.as_str())
            .or_insert(next);
        if c == next {
            credit.resize(credit.len() + kinds, [0, 0]);
        }
        let slot = match record.status {
            RecordStatus::Confirmed => 0,
            RecordStatus::Pending => 1,
        };
        credit[c * kinds + k][slot] += value;
    }
    let congresses = congress_index.len();

    let mut by_kind: Vec<KindTotal> = rule
        .counts
        .iter()
        .map(|c| KindTotal {
            kind: c.kind.clone(),
            confirmed: 0,
            pending: 0,
        })
        .collect();
    if congresses == 0 {
        return Counted {
            confirmed: 0,
            pending: 0,
            by_kind,
        };
    }

    let total_confirmed: i64 = credit.iter().map(|c| c[0]).sum();
    let total_pending: i64 = credit.iter().map(|c| c[1]).sum();
    // Larger than any flow, so "no cap" never binds.
    let unbounded = total_confirmed + total_pending + 1;
    // Per unit: confirmed = C + rank, pending = P + rank, rank = kinds - k (earlier
    // kinds rank higher). P beats every rank over the whole flow; C beats all pending
    // and ranks together.
    let flow_bound = i128::from(total_confirmed + total_pending);
    let rank_bound = i128::try_from(kinds).unwrap_or(i128::MAX / 4) * flow_bound;
    let pending_weight = rank_bound + 1;
    let confirmed_weight = (pending_weight + rank_bound) * (flow_bound + 1) + 1;
    let rank = |k: usize| i128::try_from(kinds - k).unwrap_or(0);

    let first_congress = FIRST_KIND + kinds;
    let mut graph = Graph::new(first_congress + congresses);
    for (k, count) in rule.counts.iter().enumerate() {
        let cap = count.cap_total.map_or(unbounded, i64::from);
        graph.add(SOURCE, FIRST_KIND + k, cap, 0);
    }
    let congress_cap = rule.cap_per_congress.map_or(unbounded, i64::from);
    for c in 0..congresses {
        graph.add(first_congress + c, SINK, congress_cap, 0);
    }
    // (edge, kind, slot) of every credit-carrying edge, to read the flow back.
    let mut carriers = Vec::with_capacity(credit.len() * 2);
    for c in 0..congresses {
        for k in 0..kinds {
            let [confirmed, pending] = credit[c * kinds + k];
            if confirmed > 0 {
                let e = graph.add(
                    FIRST_KIND + k,
                    first_congress + c,
                    confirmed,
                    -(confirmed_weight + rank(k)),
                );
                carriers.push((e, k, 0));
            }
            if pending > 0 {
                let e = graph.add(
                    FIRST_KIND + k,
                    first_congress + c,
                    pending,
                    -(pending_weight + rank(k)),
                );
                carriers.push((e, k, 1));
            }
        }
    }
    graph.min_cost_flow();

    let to_u32 = |v: i64| u32::try_from(v).unwrap_or(u32::MAX);
    let mut confirmed = 0u32;
    let mut pending = 0u32;
    for (e, k, slot) in carriers {
        let flow = to_u32(graph.flow(e));
        let total = &mut by_kind[k];
        if slot == 0 {
            total.confirmed = total.confirmed.saturating_add(flow);
            confirmed = confirmed.saturating_add(flow);
        } else {
            total.pending = total.pending.saturating_add(flow);
            pending = pending.saturating_add(flow);
        }
    }
    Counted {
        confirmed,
        pending,
        by_kind,
    }
}
