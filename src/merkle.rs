//! RFC 6962 Merkle tree hashing (SHA-256, leaf prefix 0x00, node prefix 0x01, no padding).

use sha2::{Digest, Sha256};

/// A 32-byte SHA-256 hash.
pub type Hash = [u8; 32];

/// SHA-256's initial state (FIPS 180-4 §5.3.3).
const SHA256_INITIAL: [u32; 8] = [
    0x6a09_e667,
    0xbb67_ae85,
    0x3c6e_f372,
    0xa54f_f53a,
    0x510e_527f,
    0x9b05_688c,
    0x1f83_d9ab,
    0x5be0_cd19,
];

/// The digest of a finished state.
#[inline]
fn digest_of(state: &[u32; 8]) -> Hash {
    let mut out = [0u8; 32];
    for (chunk, word) in out.chunks_exact_mut(4).zip(state) {
        chunk.copy_from_slice(&word.to_be_bytes());
    }
    out
}

/// SHA-256 of `prefix` followed by `parts`, for messages of at most two blocks padded by
/// hand and compressed directly (leaves and nodes are short, and the streaming hasher's
/// bookkeeping costs as much as the compression); longer messages use the streaming hasher.
#[inline]
fn prefixed_hash(prefix: u8, parts: &[&[u8]]) -> Hash {
    let length = 1 + parts.iter().map(|p| p.len()).sum::<usize>();
    if length + 9 > 128 {
        let mut h = Sha256::new();
        h.update([prefix]);
        for part in parts {
            h.update(part);
        }
        return h.finalize().into();
    }
    let mut blocks = [[0u8; 64]; 2];
    let used = if length + 9 <= 64 { 1 } else { 2 };
    {
        let flat = blocks.as_flattened_mut();
        flat[0] = prefix;
        let mut at = 1;
        for part in parts {
            flat[at..at + part.len()].copy_from_slice(part);
            at += part.len();
        }
        flat[length] = 0x80;
        let end = 64 * used;
        flat[end - 8..end].copy_from_slice(&((length as u64) * 8).to_be_bytes());
    }
    let mut state = SHA256_INITIAL;
    sha2::block_api::compress256(&mut state, &blocks[..used]);
    digest_of(&state)
}

/// Hash of one leaf: SHA-256(0x00 ‖ data).
#[inline]
pub fn leaf_hash(data: &[u8]) -> Hash {
    prefixed_hash(0, &[data])
}

/// Hash of the leaf whose data is `parts` one after another (without joining them first).
#[inline]
pub fn leaf_hash_of_parts(parts: &[&[u8]]) -> Hash {
    prefixed_hash(0, parts)
}

/// Hash of an inner node: SHA-256(0x01 ‖ left ‖ right).
#[inline]
pub fn node_hash(left: &Hash, right: &Hash) -> Hash {
    prefixed_hash(1, &[left, right])
}

/// Root of the tree over already-hashed leaves (bottom-up, in place; an odd last node is
/// promoted, which gives the same root as RFC 6962's split at the largest power of two).
pub fn root_from_leaf_hashes(mut level: Vec<Hash>) -> Hash {
    if level.is_empty() {
        return Sha256::digest(b"").into();
    }
    let mut len = level.len();
    while len > 1 {
        let half = len / 2;
        for i in 0..half {
            level[i] = node_hash(&level[2 * i], &level[2 * i + 1]);
        }
        if len % 2 == 1 {
            level[half] = level[len - 1];
            len = half + 1;
        } else {
            len = half;
        }
    }
    level[0]
}

/// Root of the tree whose leaves are the given byte strings (MTH of RFC 6962 §2.1).
pub fn root<'a, I>(leaves: I) -> Hash
where
    I: IntoIterator<Item = &'a [u8]>,
{
    let leaves: Vec<&[u8]> = leaves.into_iter().collect();
    root_of_slices(&leaves)
}

/// Trees at least this large are hashed on two threads.
const PARALLEL_MIN_LEAVES: usize = 1 << 15;

/// MTH over byte strings; large trees hash their two RFC 6962 subtrees (split at the largest
/// power of two below n) on two threads, which gives the same root.
fn root_of_slices(leaves: &[&[u8]]) -> Hash {
    let subtree =
        |part: &[&[u8]]| root_from_leaf_hashes(part.iter().map(|l| leaf_hash(l)).collect());
    if leaves.len() < PARALLEL_MIN_LEAVES || !crate::parallel::two_cores() {
        return subtree(leaves);
    }
    let (left, right) = leaves.split_at(split_point(leaves.len()));
    let (l, r) = crate::parallel::join(|| subtree(left), || subtree(right));
    node_hash(&l, &r)
}

/// Largest power of two strictly below `n` (n ≥ 2): where RFC 6962 splits a tree of n leaves.
fn split_point(n: usize) -> usize {
    debug_assert!(n >= 2);
    let mut k = 1;
    while k << 1 < n {
        k <<= 1;
    }
    k
}

/// Root of the subtree over a slice of leaf hashes (MTH of RFC 6962 §2.1).
fn subtree_root(leaves: &[Hash]) -> Hash {
    match leaves {
        [] => Sha256::digest(b"").into(),
        [single] => *single,
        _ => {
            let k = split_point(leaves.len());
            node_hash(&subtree_root(&leaves[..k]), &subtree_root(&leaves[k..]))
        }
    }
}

/// Audit path for leaf `index` in the tree over `leaves` (PATH(m, D\[n\]) of RFC 6962
/// §2.1.1), bottom-up; `None` when `index` is not below the tree size.
pub fn inclusion_proof(leaves: &[Hash], index: usize) -> Option<Vec<Hash>> {
    if index >= leaves.len() {
        return None;
    }
    let mut path = Vec::new();
    let (mut lo, mut hi, mut m) = (0usize, leaves.len(), index);
    // Walk down from the root, collecting siblings top-down, then reverse.
    while hi - lo > 1 {
        let k = split_point(hi - lo);
        if m < k {
            path.push(subtree_root(&leaves[lo + k..hi]));
            hi = lo + k;
        } else {
            path.push(subtree_root(&leaves[lo..lo + k]));
            lo += k;
            m -= k;
        }
    }
    path.reverse();
    Some(path)
}

/// Consistency proof between the first `old_size` leaves and all of `leaves`
/// (PROOF(m, D\[n\]) of RFC 6962 §2.1.2); `None` unless 0 < old_size ≤ n.
pub fn consistency_proof(leaves: &[Hash], old_size: usize) -> Option<Vec<Hash>> {
    if old_size == 0 || old_size > leaves.len() {
        return None;
    }
    let mut proof = Vec::new();
    let (mut lo, mut hi, mut m, mut complete) = (0usize, leaves.len(), old_size, true);
    loop {
        if m == hi - lo {
            if !complete {
                proof.push(subtree_root(&leaves[lo..hi]));
            }
            break;
        }
        let k = split_point(hi - lo);
        if m <= k {
            proof.push(subtree_root(&leaves[lo + k..hi]));
            hi = lo + k;
        } else {
            proof.push(subtree_root(&leaves[lo..lo + k]));
            lo += k;
            m -= k;
            complete = false;
        }
    }
    proof.reverse();
    Some(proof)
}

/// Checks an inclusion proof (RFC 9162 §2.1.3.2): does `leaf` at `index` lead to `root`
/// in a tree of `size` leaves?
pub fn verify_inclusion(index: u64, size: u64, leaf: &Hash, path: &[Hash], root: &Hash) -> bool {
    if index >= size {
        return false;
    }
    let (mut fn_, mut sn, mut r) = (index, size - 1, *leaf);
    for p in path {
        if sn == 0 {
            return false;
        }
        if fn_ & 1 == 1 || fn_ == sn {
            r = node_hash(p, &r);
            if fn_ & 1 == 0 {
                while fn_ & 1 == 0 && fn_ != 0 {
                    fn_ >>= 1;
                    sn >>= 1;
                }
            }
        } else {
            r = node_hash(&r, p);
        }
        fn_ >>= 1;
        sn >>= 1;
    }
    sn == 0 && r == *root
}

/// Checks a consistency proof (RFC 9162 §2.1.4.2): is the tree of `old_size` leaves with
/// `old_root` a prefix of the tree of `new_size` leaves with `new_root`?
pub fn verify_consistency(
    old_size: u64,
    new_size: u64,
    old_root: &Hash,
    new_root: &Hash,
    proof: &[Hash],
) -> bool {
    if old_size > new_size || old_size == 0 {
        return false;
    }
    if old_size == new_size {
        return proof.is_empty() && old_root == new_root;
    }
    if proof.is_empty() {
        return false;
    }
    let mut path: Vec<Hash> = Vec::with_capacity(proof.len() + 1);
    if old_size.is_power_of_two() {
        path.push(*old_root);
    }
    path.extend_from_slice(proof);
    let (mut fn_, mut sn) = (old_size - 1, new_size - 1);
    while fn_ & 1 == 1 {
        fn_ >>= 1;
        sn >>= 1;
    }
    let (mut fr, mut sr) = (path[0], path[0]);
    for c in &path[1..] {
        if sn == 0 {
            return false;
        }
        if fn_ & 1 == 1 || fn_ == sn {
            fr = node_hash(c, &fr);
            sr = node_hash(c, &sr);
            if fn_ & 1 == 0 {
                while fn_ & 1 == 0 && fn_ != 0 {
                    fn_ >>= 1;
                    sn >>= 1;
                }
            }
        } else {
            sr = node_hash(&sr, c);
        }
        fn_ >>= 1;
        sn >>= 1;
    }
    fr == *old_root && sr == *new_root && sn == 0
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::digest::hex;

    #[test]
    fn hand_padded_hashes_equal_the_streaming_hasher() {
        // Every length around the one- and two-block boundaries, and past them.
        let data: Vec<u8> = (0..200u32).map(|i| (i * 37 + 11) as u8).collect();
        for len in 0..data.len() {
            for prefix in [0u8, 1] {
                let mut h = Sha256::new();
                h.update([prefix]);
                h.update(&data[..len]);
                let want: Hash = h.finalize().into();
                // Split anywhere between two and three parts.
                for cut in [0, len / 3, len / 2, len] {
                    let (first, second) = data[..len].split_at(cut);
                    assert_eq!(
                        prefixed_hash(prefix, &[first, second]),
                        want,
                        "length {len} cut {cut}"
                    );
                    let (second, third) = second.split_at(second.len() / 2);
                    assert_eq!(
                        prefixed_hash(prefix, &[first, second, third]),
                        want,
                        "length {len} cut {cut} in three"
                    );
                }
            }
        }
    }

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

    fn vectors() -> serde_json::Value {
        let text = std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/vectors/merkle/vectors.json"
        ))
        .unwrap();
        serde_json::from_str(&text).unwrap()
    }

    fn hashes(v: &serde_json::Value) -> Vec<Hash> {
        v.as_array()
            .unwrap()
            .iter()
            .map(|h| unhex(h.as_str().unwrap()).try_into().unwrap())
            .collect()
    }

    fn reference_leaves() -> Vec<Hash> {
        vectors()["leaf_inputs_hex"]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| leaf_hash(&unhex(s.as_str().unwrap())))
            .collect()
    }

    /// The published inclusion proofs: generated identically and verified.
    #[test]
    fn reference_inclusion_proofs() {
        let v = vectors();
        let leaves = reference_leaves();
        for case in v["inclusion"].as_array().unwrap() {
            let index = case["leaf_index"].as_u64().unwrap() as usize;
            let size = case["tree_size"].as_u64().unwrap() as usize;
            let want = hashes(&case["path_hex"]);
            let got = inclusion_proof(&leaves[..size], index).unwrap();
            assert_eq!(got, want, "{index}/{size}");
            let root = root_from_leaf_hashes(leaves[..size].to_vec());
            assert!(verify_inclusion(
                index as u64,
                size as u64,
                &leaves[index],
                &got,
                &root
            ));
        }
    }

    /// The published consistency proofs: generated identically and verified.
    #[test]
    fn reference_consistency_proofs() {
        let v = vectors();
        let leaves = reference_leaves();
        for case in v["consistency"].as_array().unwrap() {
            let first = case["first"].as_u64().unwrap() as usize;
            let second = case["second"].as_u64().unwrap() as usize;
            let want = hashes(&case["proof_hex"]);
            let got = consistency_proof(&leaves[..second], first).unwrap();
            assert_eq!(got, want, "{first}->{second}");
            let old = root_from_leaf_hashes(leaves[..first].to_vec());
            let new = root_from_leaf_hashes(leaves[..second].to_vec());
            assert!(verify_consistency(
                first as u64,
                second as u64,
                &old,
                &new,
                &got
            ));
        }
    }

    /// The two-thread root of a large tree equals the one-thread root.
    #[test]
    fn parallel_root_equals_sequential_root() {
        for n in [
            PARALLEL_MIN_LEAVES,
            PARALLEL_MIN_LEAVES + 1,
            3 * PARALLEL_MIN_LEAVES + 7,
        ] {
            let data: Vec<Vec<u8>> = (0..n as u32).map(|i| i.to_le_bytes().to_vec()).collect();
            let sequential = root_from_leaf_hashes(data.iter().map(|d| leaf_hash(d)).collect());
            assert_eq!(root(data.iter().map(|d| d.as_slice())), sequential, "{n}");
        }
    }

    /// Every proof round-trips for sizes 1..=40, and tampered proofs, wrong indexes and
    /// wrong sizes fail.
    #[test]
    fn proofs_round_trip_and_tampering_fails() {
        let leaves: Vec<Hash> = (0u32..40).map(|i| leaf_hash(&i.to_be_bytes())).collect();
        for n in 1..=leaves.len() {
            let tree = &leaves[..n];
            let root = root_from_leaf_hashes(tree.to_vec());
            assert_eq!(subtree_root(tree), root);
            for m in 0..n {
                let path = inclusion_proof(tree, m).unwrap();
                assert!(verify_inclusion(m as u64, n as u64, &tree[m], &path, &root));
                let mut wrong_root = root;
                wrong_root[31] ^= 1;
                assert!(!verify_inclusion(
                    m as u64,
                    n as u64,
                    &tree[m],
                    &path,
                    &wrong_root
                ));
                assert!(!verify_inclusion(
                    m as u64,
                    2 * n as u64 + 4,
                    &tree[m],
                    &path,
                    &root
                ));
                if n > 1 {
                    let other = (m + 1) % n;
                    assert!(!verify_inclusion(
                        other as u64,
                        n as u64,
                        &tree[m],
                        &path,
                        &root
                    ));
                    let mut bad = path.clone();
                    bad[0][0] ^= 1;
                    assert!(!verify_inclusion(m as u64, n as u64, &tree[m], &bad, &root));
                }
                let mut longer = path.clone();
                longer.push(root);
                assert!(!verify_inclusion(
                    m as u64, n as u64, &tree[m], &longer, &root
                ));
            }
            assert!(inclusion_proof(tree, n).is_none());
            for m in 1..=n {
                let old = root_from_leaf_hashes(tree[..m].to_vec());
                let proof = consistency_proof(tree, m).unwrap();
                assert!(verify_consistency(m as u64, n as u64, &old, &root, &proof));
                if m < n {
                    let mut bad = proof.clone();
                    bad[0][5] ^= 0x80;
                    assert!(!verify_consistency(m as u64, n as u64, &old, &root, &bad));
                    let wrong_old = root_from_leaf_hashes(tree[1..m + 1].to_vec());
                    assert!(!verify_consistency(
                        m as u64, n as u64, &wrong_old, &root, &proof
                    ));
                }
            }
        }
    }
}
