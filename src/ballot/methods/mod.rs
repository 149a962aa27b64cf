//! One file per counting method, in the manner of tallystick.

pub mod approval;
pub mod block;
pub mod borda;
pub mod copeland;
pub mod irv;
pub mod majority_approval;
pub mod meek;
pub(crate) mod pairwise;
pub mod plurality;
pub(crate) mod ranked_common;
pub mod ranked_pairs;
pub mod rctab;
pub mod recall;
pub mod schulze;
pub(crate) mod seat_order;
pub(crate) mod selections;
pub mod stv;
