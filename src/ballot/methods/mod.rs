//! One file per counting method, in the manner of tallystick.

pub mod approval;
pub mod block;
pub mod borda;
pub mod copeland;
pub mod irv;
pub mod meek;
pub mod plurality;
pub mod ranked_common;
pub mod ranked_pairs;
pub mod schulze;
pub mod stv;
