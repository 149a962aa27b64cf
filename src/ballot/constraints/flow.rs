//! Admissibility for constraints on one or two attributes, as a feasible flow with lower
//! bounds (exact, polynomial).
//!
//! The network: source → each value `a` of the first attribute (at least `lo_a`, at most
//! `hi_a` seats) → each value `b` of the second (at most the number of eligible candidates
//! with both values) → sink (at least `lo_b`, at most `hi_b`), and sink → source exactly `r`
//! (the seats still to fill). A set of winners exists exactly when this network has a
//! feasible circulation: the flow on `a → b` is how many candidates with values `a` and `b`
//! to elect (every capacity is whole, so a feasible flow has a whole solution). With one
//! attribute the second has a single value. Lower bounds are removed in the standard way
//! (each edge's lower bound moved to a demand, then one max flow from a super-source).

use super::search::Problem;

/// Whether `problem` (at most two attributes) has a solution.
pub fn feasible(problem: &Problem) -> bool {
    debug_assert!(problem.dims <= 2);
    // Values of each attribute that a type or a bound names.
    let mut values: [Vec<u32>; 2] = [Vec::new(), Vec::new()];
    let value_of = |t: &[u32], d: usize| if d < problem.dims { t[d] } else { 0 };
    for (t, _) in &problem.types {
        for (d, list) in values.iter_mut().enumerate() {
            let v = value_of(t, d);
            if !list.contains(&v) {
                list.push(v);
            }
        }
    }
    for b in &problem.bounds {
        if !values[b.dim].contains(&b.value) {
            values[b.dim].push(b.value);
        }
    }
    if values[1].is_empty() {
        values[1].push(0);
    }
    let r = problem.remaining as i64;
    // Nodes: 0 source, 1 sink, then the values of attribute 0, then of attribute 1; the
    // super-source and super-sink last.
    let a0 = 2;
    let b0 = a0 + values[0].len();
    let n = b0 + values[1].len() + 2;
    let (ss, tt) = (n - 2, n - 1);
    let mut cap = vec![vec![0i64; n]; n];
    let mut excess = vec![0i64; n];
    let mut edge = |cap: &mut Vec<Vec<i64>>, u: usize, v: usize, lo: i64, hi: i64| -> bool {
        if lo > hi {
            return false;
        }
        cap[u][v] += hi - lo;
        excess[v] += lo;
        excess[u] -= lo;
        true
    };
    for (d, node0) in [(0usize, a0), (1usize, b0)] {
        for (k, &v) in values[d].iter().enumerate() {
            let (mut lo, mut hi) = (0i64, r);
            for b in problem.bounds.iter().filter(|b| b.dim == d && b.value == v) {
                lo = lo.max(b.lo as i64);
                hi = hi.min(b.hi as i64);
            }
            let ok = if d == 0 {
                edge(&mut cap, 0, node0 + k, lo, hi)
            } else {
                edge(&mut cap, node0 + k, 1, lo, hi)
            };
            if !ok {
                return false;
            }
        }
    }
    for (t, count) in &problem.types {
        let i = values[0]
            .iter()
            .position(|&v| v == value_of(t, 0))
            .unwrap_or(0);
        let j = values[1]
            .iter()
            .position(|&v| v == value_of(t, 1))
            .unwrap_or(0);
        edge(&mut cap, a0 + i, b0 + j, 0, *count as i64);
    }
    edge(&mut cap, 1, 0, r, r);
    let mut need = 0i64;
    for v in 0..ss {
        if excess[v] > 0 {
            cap[ss][v] += excess[v];
            need += excess[v];
        } else if excess[v] < 0 {
            cap[v][tt] += -excess[v];
        }
    }
    max_flow(&mut cap, ss, tt) == need
}

/// Edmonds–Karp maximum flow on a capacity matrix (the networks have a few dozen nodes).
fn max_flow(cap: &mut [Vec<i64>], s: usize, t: usize) -> i64 {
    let n = cap.len();
    let mut total = 0;
    loop {
        let mut parent = vec![usize::MAX; n];
        parent[s] = s;
        let mut queue = std::collections::VecDeque::from([s]);
        while let Some(u) = queue.pop_front() {
            for v in 0..n {
                if parent[v] == usize::MAX && cap[u][v] > 0 {
                    parent[v] = u;
                    queue.push_back(v);
                }
            }
        }
        if parent[t] == usize::MAX {
            return total;
        }
        let mut push = i64::MAX;
        let mut v = t;
        while v != s {
            let u = parent[v];
            push = push.min(cap[u][v]);
            v = u;
        }
        let mut v = t;
        while v != s {
            let u = parent[v];
            cap[u][v] -= push;
            cap[v][u] += push;
            v = u;
        }
        total += push;
    }
}
