//! RFC 6962 Merkle tree hashing (SHA-256, leaf prefix 0x00, node prefix 0x01, no padding).

use sha2::{Digest, Sha256};

/// A 32-byte SHA-256 hash.
pub type Hash = [u8; 32];

/// Hash of one leaf: SHA-256(0x00 ‖ data).
pub fn leaf_hash(data: &[u8]) -> Hash {
    let mut h = Sha256::new();
    h.update([0u8]);
    h.update(data);
    h.finalize().into()
}

/// Hash of an inner node: SHA-256(0x01 ‖ left ‖ right).
pub fn node_hash(left: &Hash, right: &Hash) -> Hash {
    let mut h = Sha256::new();
    h.update([1u8]);
    h.update(left);
    h.update(right);
    h.finalize().into()
}

/// Root of the tree over already-hashed leaves (bottom-up; an odd last node is promoted).
pub fn root_from_leaf_hashes(mut level: Vec<Hash>) -> Hash {
    if level.is_empty() {
        return Sha256::digest(b"").into();
    }
    while level.len() > 1 {
        let mut next = Vec::with_capacity(level.len().div_ceil(2));
        for pair in level.chunks(2) {
            match pair {
                [l, r] => next.push(node_hash(l, r)),
                [single] => next.push(*single),
                _ => unreachable!(),
            }
        }
        level = next;
    }
    level[0]
}

/// Root of the tree whose leaves are the given byte strings (MTH of RFC 6962 §2.1).
pub fn root<'a, I>(leaves: I) -> Hash
where
    I: IntoIterator<Item = &'a [u8]>,
{
    root_from_leaf_hashes(leaves.into_iter().map(leaf_hash).collect())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lot::hex;

    fn unhex(s: &str) -> Vec<u8> {
        (0..s.len())
            .step_by(2)
            .map(|i| u8::from_str_radix(&s[i..i + 2], 16).unwrap())
            .collect()
    }

    /// The Certificate Transparency reference roots for every tree size 0..8.
    #[test]
    fn reference_roots() {
        let text = std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/vectors/merkle/vectors.json"
        ))
        .unwrap();
        let v: serde_json::Value = serde_json::from_str(&text).unwrap();
        let leaves: Vec<Vec<u8>> = v["leaf_inputs_hex"]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| unhex(s.as_str().unwrap()))
            .collect();
        for (size, want) in v["roots_by_size_hex"]
            .as_array()
            .unwrap()
            .iter()
            .enumerate()
        {
            let got = root(leaves[..size].iter().map(|l| l.as_slice()));
            assert_eq!(hex(&got), want.as_str().unwrap(), "size {size}");
        }
        let bytes: Vec<[u8; 1]> = (0u8..7).map(|b| [b]).collect();
        let got = root(bytes.iter().map(|b| b.as_slice()));
        assert_eq!(hex(&got), v["root_7_single_bytes_hex"].as_str().unwrap());
    }
}
