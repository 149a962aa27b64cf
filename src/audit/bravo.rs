//! One assertion of the audit and its sequential test (BRAVO, a Wald SPRT on the papers that
//! bear on it), its measured risk, and how many more papers it needs (Arlo's first-round
//! rule: the 90% quantile).
//!
//! An assertion splits the papers into those that support it (`U`), those that count against
//! it (`Z`), and the neutral rest. It is true when `|U| / (|U| + |Z|) > t`, its null share.
//! The transcription reports the share `θ = U_rep / (U_rep + Z_rep)`; each drawn paper of
//! `U` multiplies the test statistic `T` by `θ / t`, each paper of `Z` by `(1 − θ) / (1 − t)`.
//! The assertion is confirmed when `T ≥ 1/α`: under the null, `T` is a nonnegative
//! supermartingale, so by Ville's inequality this happens with probability at most `α`,
//! however many rounds are drawn. The measured risk is `min(1, 1/T)`.
//!
//! With no contrary paper reported (`Z_rep = 0`) θ would be 1 and a single contrary paper
//! found would end the audit in a full hand count; θ is capped at `(R − ½) / R`
//! (`R = U_rep + Z_rep`), as if half a contrary paper had been reported. θ only chooses the
//! alternative: any θ > t keeps the test valid.

use crate::exact::Ratio;

/// The z-score of the 90% quantile (`−Φ⁻¹(0.9)`), as Arlo uses it.
const Z_90: f64 = -1.281_551_565_544_600_4;

/// One assertion about the reported outcome.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Assertion {
    /// What it asserts, e.g. `王芳 > 李强`.
    pub name: String,
    /// Reported papers that support it.
    pub reported_u: u64,
    /// Reported papers that count against it.
    pub reported_z: u64,
    /// The null share `t`: the assertion holds when `|U| / (|U| + |Z|) > t`.
    pub t: Ratio,
}

impl Assertion {
    /// The reported share θ (capped when no contrary paper was reported), or `None` when the
    /// reported margin is not above the null share: polling cannot confirm it.
    pub fn theta(&self) -> Option<Ratio> {
        let r = u128::from(self.reported_u) + u128::from(self.reported_z);
        if r == 0 {
            return None;
        }
        let theta = if self.reported_z == 0 {
            Ratio::new(2 * r - 1, 2 * r)
        } else {
            Ratio::new(u128::from(self.reported_u), r)
        };
        (theta > self.t).then_some(theta)
    }

    /// `ln T` after `n_u` supporting and `n_z` contrary papers were drawn.
    pub fn log_t(&self, theta: Ratio, n_u: u64, n_z: u64) -> f64 {
        let (th, t) = (ratio_f64(theta), ratio_f64(self.t));
        n_u as f64 * (th / t).ln() + n_z as f64 * ((1.0 - th) / (1.0 - t)).ln()
    }

    /// Whether `T ≥ 1/α`, decided exactly: in integers,
    /// `α_n·(θ_n·t_d)^u·((θ_d−θ_n)·t_d)^z ≥ α_d·(θ_d·t_n)^u·(θ_d·(t_d−t_n))^z`.
    /// Floating point decides only when it is far from the boundary.
    pub fn met(&self, theta: Ratio, n_u: u64, n_z: u64, alpha: Ratio) -> bool {
        let margin = self.log_t(theta, n_u, n_z) - (1.0 / ratio_f64(alpha)).ln();
        if margin.abs() > 1e-6 {
            return margin > 0.0;
        }
        let (tn, td) = (self.t.num, self.t.den);
        let left = Big::from(alpha.num)
            .pow_mul(theta.num * td, n_u)
            .pow_mul((theta.den - theta.num) * td, n_z);
        let right = Big::from(alpha.den)
            .pow_mul(theta.den * tn, n_u)
            .pow_mul(theta.den * (td - tn), n_z);
        left >= right
    }

    /// The measured risk `min(1, 1/T)`.
    pub fn risk(&self, theta: Ratio, n_u: u64, n_z: u64) -> f64 {
        (-self.log_t(theta, n_u, n_z)).exp().min(1.0)
    }

    /// The measured risk rounded half up to 6 decimals, exactly: `1/T = D/N` with
    /// `N = (θ_n·t_d)^u·((θ_d−θ_n)·t_d)^z` and `D = (θ_d·t_n)^u·(θ_d·(t_d−t_n))^z`. Floating
    /// point gives the digits unless the value lies within 10⁻⁶ of a rounding boundary; there
    /// the integers decide.
    pub fn risk_decimal(&self, theta: Ratio, n_u: u64, n_z: u64) -> String {
        let scaled = self.risk(theta, n_u, n_z) * 1e6;
        let frac = scaled - scaled.floor();
        let micro = if scaled >= 1e6 {
            1_000_000
        } else if (frac - 0.5).abs() > 1e-6 {
            scaled.round() as u64
        } else {
            let (tn, td) = (self.t.num, self.t.den);
            let n = Big::from(1)
                .pow_mul(theta.num * td, n_u)
                .pow_mul((theta.den - theta.num) * td, n_z);
            let d = Big::from(2_000_000)
                .pow_mul(theta.den * tn, n_u)
                .pow_mul(theta.den * (td - tn), n_z);
            // The largest k ≤ 10^6 with (2k − 1)·N ≤ 2·10^6·D.
            let (mut lo, mut hi) = (0u64, 1_000_000u64);
            while lo < hi {
                let k = (lo + hi).div_ceil(2);
                if n.clone().pow_mul(u128::from(2 * k - 1), 1) <= d {
                    lo = k;
                } else {
                    hi = k - 1;
                }
            }
            lo
        };
        format!("{}.{:06}", micro / 1_000_000, micro % 1_000_000)
    }

    /// How many more papers to draw (from all `papers` of the manifest) so that, if the
    /// transcription is right, the assertion is confirmed with probability 0.9, given the
    /// `n_u` and `n_z` papers drawn so far: Arlo's quantile rule (see [`quantile_size`]).
    pub fn additional(&self, theta: Ratio, n_u: u64, n_z: u64, alpha: Ratio, papers: u64) -> u64 {
        let share_bearing = (self.reported_u + self.reported_z) as f64 / papers.max(1) as f64;
        quantile_size(
            ratio_f64(theta),
            share_bearing.min(1.0),
            ratio_f64(self.t),
            n_u,
            n_z,
            ratio_f64(alpha),
            papers,
        )
    }
}

/// A ratio as a float.
pub fn ratio_f64(r: Ratio) -> f64 {
    r.num as f64 / r.den as f64
}

/// Arlo's sample size (`bravo_sample_sizes`, with the two halves replaced by the null share
/// `t`): the number of draws after which, with reported share `theta` among the bearing
/// papers (a share `bearing` of all papers), the test meets `alpha` with probability 0.9.
/// The first estimate solves the normal approximation; the loop raises it until the exact
/// binomial 10% quantile of supporting papers meets the threshold, or it reaches `papers`.
pub fn quantile_size(
    theta: f64,
    bearing: f64,
    t: f64,
    n_u: u64,
    n_z: u64,
    alpha: f64,
    papers: u64,
) -> u64 {
    let plus = (theta / t).ln();
    let minus = ((1.0 - theta) / (1.0 - t)).ln();
    let threshold = (1.0 / alpha).ln() - (n_u as f64 * plus + n_z as f64 * minus);
    if threshold <= 0.0 {
        return 0;
    }
    let d = theta * (1.0 - theta);
    let f = threshold / (plus - minus);
    let g = minus / (plus - minus) + theta;
    let (qa, qb, qc) = (g * g, -(Z_90 * Z_90 * d + 2.0 * f * g), f * f);
    let radical = (qb * qb - 4.0 * qa * qc).max(0.0).sqrt();
    let mut size = ((-qb + radical) / (2.0 * qa)).floor().max(0.0) as u64;
    loop {
        let x = binomial_quantile(0.1, size, theta);
        let stat = x as f64 * plus + (size - x) as f64 * minus;
        if stat >= threshold || size >= papers {
            break;
        }
        size += 1;
    }
    (size as f64 / bearing).ceil() as u64
}

/// The smallest `k` with `P(Binomial(n, p) ≤ k) ≥ q` (summed in log space).
pub fn binomial_quantile(q: f64, n: u64, p: f64) -> u64 {
    if n == 0 || p <= 0.0 {
        return 0;
    }
    if p >= 1.0 {
        return n;
    }
    let target = q * (1.0 - 1e-12);
    let odds = (p / (1.0 - p)).ln();
    let mut log_pmf = n as f64 * (1.0 - p).ln();
    let mut cdf = log_pmf.exp();
    let mut k = 0;
    while cdf < target && k < n {
        log_pmf += ((n - k) as f64 / (k + 1) as f64).ln() + odds;
        k += 1;
        cdf += log_pmf.exp();
    }
    k
}

/// A non-negative integer of any size (little-endian u32 limbs), just enough for the exact
/// comparison in [`Assertion::met`].
#[derive(Debug, Clone, PartialEq, Eq)]
struct Big(Vec<u32>);

impl From<u128> for Big {
    fn from(mut n: u128) -> Big {
        let mut limbs = Vec::new();
        while n > 0 {
            limbs.push(n as u32);
            n >>= 32;
        }
        Big(limbs)
    }
}

impl Big {
    /// `self × factor^times`.
    fn pow_mul(mut self, factor: u128, times: u64) -> Big {
        let f = Big::from(factor).0;
        for _ in 0..times {
            let mut out = vec![0u32; self.0.len() + f.len()];
            for (i, &a) in self.0.iter().enumerate() {
                let mut carry = 0u64;
                for (j, &b) in f.iter().enumerate() {
                    let cur = u64::from(out[i + j]) + u64::from(a) * u64::from(b) + carry;
                    out[i + j] = cur as u32;
                    carry = cur >> 32;
                }
                let mut k = i + f.len();
                while carry > 0 {
                    let cur = u64::from(out[k]) + carry;
                    out[k] = cur as u32;
                    carry = cur >> 32;
                    k += 1;
                }
            }
            while out.last() == Some(&0) {
                out.pop();
            }
            self = Big(out);
        }
        self
    }
}

impl PartialOrd for Big {
    fn partial_cmp(&self, other: &Big) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Big {
    fn cmp(&self, other: &Big) -> std::cmp::Ordering {
        self.0
            .len()
            .cmp(&other.0.len())
            .then_with(|| self.0.iter().rev().cmp(other.0.iter().rev()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn half() -> Ratio {
        Ratio::new(1, 2)
    }

    /// Arlo's BRAVO sample-size tests (`test_bravo.py`, α = 0.1), first round: the 0.9
    /// quantile for two candidates with reported shares p_w, p_r of all ballots.
    #[test]
    fn arlo_first_round_sizes() {
        let size = |pw: f64, pr: f64, papers: u64| {
            quantile_size(pw / (pw + pr), pw + pr, 0.5, 0, 0, 0.1, papers)
        };
        assert_eq!(size(0.6, 0.4, 1000), 351);
        assert_eq!(size(0.4, 0.32, 1_000_000), 1599);
        assert_eq!(size(0.36, 0.32, 1_000_000), 6067);
        assert_eq!(size(0.52, 0.47, 1_000_000), 5657);
        // test6: 300/200/200 of 1000.
        assert_eq!(size(0.3, 0.2, 1000), 702);
        // Round 2 after 2923 and 2735 votes for p .52 / .47.
        assert_eq!(
            quantile_size(0.52 / 0.99, 0.99, 0.5, 2923, 2735, 0.1, 1_000_000),
            2636
        );
    }

    /// The sizes of docs/paper-ballots.md at α = 0.05 (two candidates, all papers valid).
    #[test]
    fn congress_sized_examples() {
        let two = |w: f64| quantile_size(w, 1.0, 0.5, 0, 0, 0.05, 1_000_000);
        assert_eq!(
            [0.55, 0.6, 0.65, 0.7, 0.8].map(two),
            [1630, 402, 175, 95, 39]
        );
    }

    #[test]
    fn binomial_quantiles() {
        assert_eq!(binomial_quantile(0.5, 10, 0.5), 5);
        assert_eq!(binomial_quantile(0.1, 0, 0.5), 0);
        assert_eq!(binomial_quantile(0.1, 100, 0.5), 44);
    }

    /// The worked example: 王芳 195, 李强 90; 76 and 40 of them drawn. Worked by hand:
    /// θ = 195/285 = 13/19, ln T = 76·ln(26/19) + 40·ln(12/19) = 23.8380 − 18.3813 = 5.4567,
    /// T = 234.3, risk = 1/T = 0.004268 ≤ 0.05. The first round needs 120 draws for this
    /// pair and 20 for 王芳 > 张伟 (195 : 15).
    #[test]
    fn worked_example_by_hand() {
        let a = Assertion {
            name: "王芳 > 李强".into(),
            reported_u: 195,
            reported_z: 90,
            t: half(),
        };
        let theta = a.theta().unwrap();
        assert_eq!(theta, Ratio::new(13, 19));
        let log_t = a.log_t(theta, 76, 40);
        let by_hand = 76.0 * (26.0f64 / 19.0).ln() + 40.0 * (12.0f64 / 19.0).ln();
        assert!((log_t - by_hand).abs() < 1e-12);
        assert!((a.risk(theta, 76, 40) - 0.004268).abs() < 5e-6);
        assert!(a.met(theta, 76, 40, Ratio::new(1, 20)));
        assert!(!a.met(theta, 10, 10, Ratio::new(1, 20)));
        assert_eq!(a.additional(theta, 0, 0, Ratio::new(1, 20), 300), 120);
        let b = Assertion {
            reported_z: 15,
            ..a.clone()
        };
        assert_eq!(
            b.additional(b.theta().unwrap(), 0, 0, Ratio::new(1, 20), 300),
            20
        );
    }

    /// At the boundary the exact comparison decides: θ = 2/3, t = 1/2 gives a factor 4/3 per
    /// supporting paper and 2/3 per contrary one; with α = 9/16, T = (4/3)² = 16/9 = 1/α
    /// exactly after two supporting papers, and that meets the limit.
    #[test]
    fn exact_at_the_boundary() {
        let a = Assertion {
            name: "x".into(),
            reported_u: 2,
            reported_z: 1,
            t: half(),
        };
        let theta = a.theta().unwrap();
        assert!(a.met(theta, 2, 0, Ratio::new(9, 16)));
        assert!(!a.met(theta, 2, 0, Ratio::new(8, 16)));
        assert!(!a.met(theta, 2, 1, Ratio::new(9, 16)));
    }

    /// The printed risk is the exact value rounded half up, even on a rounding boundary.
    /// θ = 3/4 against t = 1/2: 3/2 per supporting paper, 1/2 per contrary one; 1/T after
    /// 1 : 2 papers is 8/3, so the risk is 1; after 6 : 0 it is 64/729 = 0.0877914951….
    #[test]
    fn risks_round_exactly() {
        let a = Assertion {
            name: "x".into(),
            reported_u: 3,
            reported_z: 1,
            t: half(),
        };
        let theta = a.theta().unwrap();
        assert_eq!(a.risk_decimal(theta, 1, 2), "1.000000");
        assert_eq!(a.risk_decimal(theta, 6, 0), "0.087791");
        // On a boundary: θ = 1/2 against t = 1/4 doubles T per supporting paper, and after
        // seven 1/T = 1/128 = 0.0078125 exactly; half up gives 0.007813 (the integers decide).
        let b = Assertion {
            reported_u: 1,
            reported_z: 1,
            t: Ratio::new(1, 4),
            ..a.clone()
        };
        let th = b.theta().unwrap();
        assert_eq!(b.risk_decimal(th, 7, 0), "0.007813");
        assert_eq!(b.risk_decimal(th, 6, 0), "0.015625");
    }

    #[test]
    fn unanimous_and_tied_reports() {
        let a = Assertion {
            name: "x".into(),
            reported_u: 300,
            reported_z: 0,
            t: half(),
        };
        assert_eq!(a.theta(), Some(Ratio::new(599, 600)));
        // ln 20 / ln 2 = 4.32: five supporting papers.
        assert_eq!(
            a.additional(a.theta().unwrap(), 0, 0, Ratio::new(1, 20), 300),
            5
        );
        let tie = Assertion {
            reported_u: 10,
            reported_z: 10,
            ..a.clone()
        };
        assert_eq!(tie.theta(), None);
    }

    #[test]
    fn big_integers_compare_by_value() {
        let a = Big::from(3).pow_mul(u128::MAX, 3);
        let b = Big::from(2).pow_mul(u128::MAX, 3);
        assert!(a > b);
        assert_eq!(Big::from(1).pow_mul(1 << 40, 2), Big::from(1u128 << 80));
    }
}
