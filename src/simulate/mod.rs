//! Deterministic synthetic data for demos and benchmarks.

pub mod ballots;
