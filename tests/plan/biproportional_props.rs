//! Properties of biproportional apportionment on random matrices: the margins and cell
//! minima always hold, the divisors prove strict results, and the only failure is a tie.

use congress::apportion::biproportional::{solve, verify, Problem};
use congress::apportion::Method;
use proptest::prelude::*;

fn split(total: u64, parts: &[u64]) -> Vec<u64> {
    // Distribute `total` over the parts in proportion to the (positive) weights, floor + rest.
    let sum: u64 = parts.iter().sum();
    let mut out: Vec<u64> = parts.iter().map(|&p| total * p / sum).collect();
    let mut rest = total - out.iter().sum::<u64>();
    let mut i = 0;
    while rest > 0 {
        out[i % parts.len()] += 1;
        rest -= 1;
        i += 1;
    }
    out
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]
    #[test]
    fn margins_hold_and_only_ties_fail(
        weights in prop::collection::vec(prop::collection::vec(1u64..5000, 3), 2..5),
        row_shape in prop::collection::vec(1u64..10, 4),
        col_shape in prop::collection::vec(1u64..10, 3),
        total in 6u64..40,
        method in prop::sample::select(vec![Method::Webster, Method::Jefferson, Method::Dean]),
        with_minima in any::<bool>(),
    ) {
        let rows = weights.len();
        let row_sums = split(total, &row_shape[..rows]);
        let column_sums = split(total, &col_shape);
        let minima = if with_minima && row_sums.iter().all(|&r| r >= 3) && column_sums.iter().all(|&c| c as usize >= rows) {
            vec![vec![1; 3]; rows]
        } else {
            vec![]
        };
        let problem = Problem { method, weights: weights.clone(), row_sums: row_sums.clone(), column_sums: column_sums.clone(), minima: minima.clone() };
        match solve(&problem, None) {
            Ok(s) => {
                for (row, &sum) in s.seats.iter().zip(&row_sums) {
                    prop_assert_eq!(row.iter().sum::<u64>(), sum);
                    if !minima.is_empty() {
                        prop_assert!(row.iter().all(|&x| x >= 1));
                    }
                }
                for j in 0..3 {
                    prop_assert_eq!(s.seats.iter().map(|r| r[j]).sum::<u64>(), column_sums[j]);
                }
                if minima.is_empty() && !s.perturbed {
                    // A strict result is proven by its divisors (perturbed results prove
                    // the perturbed weights; they are checked through the margins only).
                    prop_assert!(verify(method, &weights, &s.seats, &s.row_divisors, &s.column_divisors));
                }
            }
            Err(e) => {
                // Dean gives every non-empty cell a seat: too few seats is infeasible.
                let dean_infeasible = method == Method::Dean
                    && (row_sums.iter().any(|&r| r < 3) || column_sums.iter().any(|&c| (c as usize) < rows));
                if dean_infeasible {
                    prop_assert_eq!(e.exit_code(), 3, "{}", e);
                    return Ok(());
                }
                prop_assert_eq!(e.exit_code(), 4, "{}", e)
            }
        }
        // With a lot every problem is decided, reproducibly.
        let a = solve(&problem, Some("beacon"));
        prop_assert!(a.is_ok(), "{:?}", a.err());
        let b = solve(&problem, Some("beacon")).unwrap();
        prop_assert_eq!(a.unwrap().seats, b.seats);
    }
}
