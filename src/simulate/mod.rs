//! Deterministic synthetic data (ChaCha20 seeded from text) for demos, tests and benchmarks.

pub mod ballots;
pub mod institutions;
pub mod roster;
