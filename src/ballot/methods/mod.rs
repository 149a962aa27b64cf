//! One file per counting method, in the manner of tallystick.

pub mod approval;
pub mod block;
pub mod borda;
pub mod copeland;
pub mod irv;
pub mod majority_approval;
pub mod meek;
pub mod pairwise;
pub mod plurality;
pub mod ranked_common;
pub mod ranked_pairs;
pub mod rctab;
pub mod recall;
pub mod schulze;
pub mod seat_order;
pub mod selections;
pub mod stv;
