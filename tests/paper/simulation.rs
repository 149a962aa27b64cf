//! The audit in simulation (docs/paper-ballots.md §8.5): seeded elections of 2,000 papers
//! between two candidates, audited round after round by the rules of `audit assess` (draws
//! with replacement; escalate to the 90% quantile size; a full hand count when a round would
//! reach every paper).
//!
//! - Correct outcomes stop early: the mean number of draws is printed per margin.
//! - Wrong outcomes (a true tie reported as a win) are certified at most as often as the risk
//!   limit allows, within three standard errors: 500 elections per margin here, 10,000 in the
//!   `#[ignore]`d test run by hand (`cargo test --release --test tests simulation -- --ignored`).

use congress::audit::assess::{evaluate, Status};
use congress::audit::bravo::Assertion;
use congress::exact::Ratio;
use rand_chacha::ChaCha20Rng;
use rand_core::{Rng, SeedableRng};

const PAPERS: u64 = 2_000;

fn alpha() -> Ratio {
    Ratio::new(1, 20)
}

/// Audits one election whose transcription reports `reported` of the papers for the winner
/// (the rest for the loser) while a drawn paper supports the winner with probability `truth`.
/// Returns whether the audit certified the outcome, and the draws it took.
fn audit_once(reported: u64, truth: f64, rng: &mut ChaCha20Rng) -> (bool, u64) {
    let a = Assertion {
        name: "w > l".into(),
        reported_u: reported,
        reported_z: PAPERS - reported,
        t: Ratio::new(1, 2),
    };
    let (mut n_u, mut n_z) = (0u64, 0u64);
    loop {
        let drawn = n_u + n_z;
        let outcome = evaluate(&[(&a, (n_u, n_z))], alpha(), PAPERS, drawn);
        match outcome.status {
            Status::Met => return (true, drawn),
            Status::FullHandCount => return (false, drawn),
            Status::Escalate => {
                for _ in 0..outcome.additional_ballots {
                    // 53 random bits: a uniform draw in [0, 1).
                    let x = (rng.next_u64() >> 11) as f64 / (1u64 << 53) as f64;
                    if x < truth {
                        n_u += 1;
                    } else {
                        n_z += 1;
                    }
                }
            }
        }
    }
}

fn rng(margin: u64, salt: u64) -> ChaCha20Rng {
    let mut seed = [0u8; 32];
    seed[..8].copy_from_slice(&margin.to_le_bytes());
    seed[8..16].copy_from_slice(&salt.to_le_bytes());
    ChaCha20Rng::from_seed(seed)
}

/// Correct outcomes: every audit certifies (or, rarely, escalates to a full count), and the
/// mean number of draws falls with the margin.
fn correct_outcomes(runs: u64) -> Vec<(f64, f64, f64)> {
    let mut means = Vec::new();
    for share in [0.60, 0.65, 0.70, 0.80] {
        let reported = (share * PAPERS as f64).round() as u64;
        let mut r = rng(reported, 1);
        let (mut met, mut draws) = (0u64, 0u64);
        for _ in 0..runs {
            let (certified, n) = audit_once(reported, share, &mut r);
            if certified {
                met += 1;
                draws += n;
            }
        }
        let rate = met as f64 / runs as f64;
        let mean = draws as f64 / met.max(1) as f64;
        eprintln!("correct outcome, share {share:.2}: certified {rate:.4}, mean draws {mean:.1}");
        means.push((share, rate, mean));
    }
    means
}

/// Wrong outcomes: the true share is exactly one half.
fn wrong_outcomes(runs: u64) {
    let a = 0.05f64;
    let se = (a * (1.0 - a) / runs as f64).sqrt();
    for share in [0.55, 0.60, 0.65, 0.70] {
        let reported = (share * PAPERS as f64).round() as u64;
        let mut r = rng(reported, 2);
        let certified = (0..runs)
            .filter(|_| audit_once(reported, 0.5, &mut r).0)
            .count();
        let rate = certified as f64 / runs as f64;
        eprintln!(
            "wrong outcome (true tie) reported {share:.2}: certified {rate:.4} (bound {:.4})",
            a + 3.0 * se
        );
        assert!(rate <= a + 3.0 * se, "share {share}: certified {rate}");
    }
}

#[test]
fn correct_outcomes_stop_early() {
    let means = correct_outcomes(200);
    for (share, rate, mean) in &means {
        assert!(*rate >= 0.9, "share {share}: certified only {rate}");
        assert!(*mean < PAPERS as f64 / 2.0, "share {share}: {mean} draws");
    }
    // Wider margins need fewer papers.
    assert!(means.windows(2).all(|w| w[0].2 > w[1].2), "{means:?}");
}

#[test]
fn wrong_outcomes_are_certified_at_most_at_the_risk_limit() {
    wrong_outcomes(500);
}

#[test]
#[ignore = "10,000 elections per margin: run by hand with --release"]
fn wrong_outcomes_ten_thousand_elections_per_margin() {
    correct_outcomes(10_000);
    wrong_outcomes(10_000);
}
