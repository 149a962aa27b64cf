//! OpenBSD signify key and signature files (Ed25519), read and written byte for byte as
//! `signify` does (signify.c rev 1.137; layouts in `tests/vectors/signatures/README.md`).
//!
//! Every file is two lines: `untrusted comment: <text>\n` then `<base64>\n`.
//! - public key: `"Ed"` ‖ keynum\[8\] ‖ A\[32\] (42 bytes)
//! - signature: `"Ed"` ‖ keynum\[8\] ‖ R\[32\] ‖ S\[32\] (74 bytes)
//! - secret key: `"Ed"` ‖ `"BK"` ‖ kdfrounds u32 BE ‖ salt\[16\] ‖ checksum\[8\] ‖ keynum\[8\] ‖
//!   seed\[32\] ‖ A\[32\] (104 bytes); only unencrypted keys (`kdfrounds = 0`, `signify -G -n`)
//!   are read; checksum = SHA-512(seed ‖ A)[..8].
//!
//! Verification uses ed25519-dalek's `verify_strict`, which rejects a non-canonical S
//! (S ≥ L) and small-order keys or R; signify itself accepts R ‖ (S+L). Signatures that
//! `congress` makes are canonical, so they pass both.

use crate::error::{Error, Result};
use base64::engine::general_purpose::STANDARD as BASE64;
use base64::Engine;
use ed25519_dalek::{Signer, SigningKey, VerifyingKey};
use sha2::{Digest, Sha512};

/// The prefix of signify's first line.
pub const COMMENT_PREFIX: &str = "untrusted comment: ";
/// Longest comment signify accepts (bytes after the prefix).
pub const COMMENT_MAX: usize = 1024;
/// Longest file signify reads.
pub const FILE_MAX: usize = 2047;
/// The signature algorithm tag.
const ALG_ED: &[u8; 2] = b"Ed";
/// The KDF tag of a secret key.
const KDF_BK: &[u8; 2] = b"BK";

/// The error for passphrase-protected secret keys.
pub const ENCRYPTED_KEY_MESSAGE: &str =
    "encrypted signify keys are not supported; make the key with signify -G -n or congress keygen";

/// A signify public key: key number and Ed25519 public key.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct PublicKey {
    /// The 8 random bytes that tie keys and signatures together.
    pub keynum: [u8; 8],
    /// The Ed25519 public key A.
    pub key: [u8; 32],
}

/// An unencrypted signify secret key.
#[derive(Clone, PartialEq, Eq)]
pub struct SecretKey {
    /// The key number (same as the public key's).
    pub keynum: [u8; 8],
    /// The Ed25519 seed (RFC 8032 private key).
    pub seed: [u8; 32],
    /// The salt field (unused when unencrypted; kept so files round-trip).
    pub salt: [u8; 16],
}

impl std::fmt::Debug for SecretKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "SecretKey {{ keynum: {} }}",
            crate::digest::hex(&self.keynum)
        )
    }
}

/// A signify signature: key number and the 64-byte Ed25519 signature R ‖ S.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Signature {
    /// The key number of the signing key.
    pub keynum: [u8; 8],
    /// R ‖ S.
    pub sig: [u8; 64],
}

/// Why a signature did not verify.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum VerifyError {
    /// The signature's key number is not the key's ("checked against wrong key").
    WrongKeynum,
    /// The public key is not a valid (or is a small-order) Ed25519 point.
    BadKey,
    /// The Ed25519 equation does not hold, or S is not canonical, or R has small order.
    BadSignature,
}

impl std::fmt::Display for VerifyError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            VerifyError::WrongKeynum => "signature key number does not match the key",
            VerifyError::BadKey => "public key is not a valid Ed25519 key",
            VerifyError::BadSignature => "signature does not verify (Ed25519 verify_strict)",
        })
    }
}

/// The two lines of a signify file: the comment (without its prefix) and the decoded blob.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SignifyFile {
    /// The untrusted comment, without `untrusted comment: `.
    pub comment: String,
    /// The decoded base64 line.
    pub blob: Vec<u8>,
}

/// Parses the two lines of a signify file, strictly: the comment prefix, at most
/// 1024 comment bytes, valid padded base64 of exactly `len` bytes, and a final `\n`.
pub fn parse_file(bytes: &[u8], len: usize, what: &str, name: &str) -> Result<SignifyFile> {
    let err = |line: u64, msg: String| Error::input(msg).file(name).line(line);
    if bytes.len() > FILE_MAX {
        return Err(Error::input(format!(
            "{what} file is {} bytes; signify reads at most {FILE_MAX}",
            bytes.len()
        ))
        .file(name));
    }
    let text = std::str::from_utf8(bytes)
        .map_err(|_| Error::input(format!("{what} file is not UTF-8 text")).file(name))?;
    let Some(first_end) = text.find('\n') else {
        return Err(err(
            1,
            format!("{what} file has no line end after the comment"),
        ));
    };
    let first = &text[..first_end];
    let Some(comment) = first.strip_prefix(COMMENT_PREFIX) else {
        return Err(err(
            1,
            format!("expected a line starting `{COMMENT_PREFIX}`"),
        ));
    };
    if comment.len() > COMMENT_MAX {
        return Err(err(
            1,
            format!("comment is {} bytes; at most {COMMENT_MAX}", comment.len()),
        ));
    }
    let rest = &text[first_end + 1..];
    let Some(second_end) = rest.find('\n') else {
        return Err(err(
            2,
            "expected the base64 line to end with a line feed".into(),
        ));
    };
    if second_end + 1 != rest.len() {
        return Err(err(3, format!("a {what} file has exactly two lines")));
    }
    let b64 = &rest[..second_end];
    let blob = BASE64
        .decode(b64)
        .map_err(|e| err(2, format!("invalid base64 ({e})")))?;
    if blob.len() != len {
        return Err(err(
            2,
            format!(
                "{what} is {} bytes; expected {len} (is this a signify {what}?)",
                blob.len()
            ),
        ));
    }
    if &blob[..2] != ALG_ED {
        return Err(err(2, format!("{what} algorithm is not `Ed` (Ed25519)")));
    }
    Ok(SignifyFile {
        comment: comment.to_string(),
        blob,
    })
}

/// Writes a signify file: the comment line and the base64 line.
pub fn write_file(comment: &str, blob: &[u8]) -> String {
    format!("{COMMENT_PREFIX}{comment}\n{}\n", BASE64.encode(blob))
}

fn array<const N: usize>(bytes: &[u8]) -> [u8; N] {
    let mut out = [0u8; N];
    out.copy_from_slice(&bytes[..N]);
    out
}

impl PublicKey {
    /// Length of the decoded public-key blob.
    pub const LEN: usize = 42;

    /// Reads a `.pub` file.
    pub fn parse(bytes: &[u8], name: &str) -> Result<PublicKey> {
        let f = parse_file(bytes, Self::LEN, "public key", name)?;
        Ok(PublicKey::from_blob(&f.blob))
    }

    /// Reads the base64 line alone (as the election file's `key = "RWS…"` holds it).
    pub fn from_base64(line: &str) -> std::result::Result<PublicKey, String> {
        let blob = BASE64
            .decode(line.trim())
            .map_err(|e| format!("invalid base64 ({e}); expected a signify public key line"))?;
        if blob.len() != Self::LEN || &blob[..2] != ALG_ED {
            return Err(format!(
                "decodes to {} bytes; a signify public key is 42 bytes starting `Ed`",
                blob.len()
            ));
        }
        Ok(PublicKey::from_blob(&blob))
    }

    fn from_blob(blob: &[u8]) -> PublicKey {
        PublicKey {
            keynum: array(&blob[2..10]),
            key: array(&blob[10..42]),
        }
    }

    /// The 42-byte blob.
    pub fn blob(&self) -> Vec<u8> {
        let mut b = ALG_ED.to_vec();
        b.extend_from_slice(&self.keynum);
        b.extend_from_slice(&self.key);
        b
    }

    /// The base64 line.
    pub fn to_base64(&self) -> String {
        BASE64.encode(self.blob())
    }

    /// The `.pub` file with the given comment (signify's is `<name> public key`).
    pub fn to_file(&self, comment: &str) -> String {
        write_file(comment, &self.blob())
    }

    /// Verifies `sig` over `message`: key numbers first (as signify does), then
    /// `verify_strict`.
    pub fn verify(&self, message: &[u8], sig: &Signature) -> std::result::Result<(), VerifyError> {
        if sig.keynum != self.keynum {
            return Err(VerifyError::WrongKeynum);
        }
        let key = VerifyingKey::from_bytes(&self.key).map_err(|_| VerifyError::BadKey)?;
        if key.is_weak() {
            return Err(VerifyError::BadKey);
        }
        let s = ed25519_dalek::Signature::from_bytes(&sig.sig);
        key.verify_strict(message, &s)
            .map_err(|_| VerifyError::BadSignature)
    }
}

impl SecretKey {
    /// Length of the decoded secret-key blob.
    pub const LEN: usize = 104;

    /// A new key from 32 seed bytes, 8 key-number bytes and 16 salt bytes.
    pub fn from_parts(seed: [u8; 32], keynum: [u8; 8], salt: [u8; 16]) -> SecretKey {
        SecretKey { keynum, seed, salt }
    }

    /// A new random key (seed, key number and salt from the operating system).
    pub fn generate() -> Result<SecretKey> {
        let mut bytes = [0u8; 56];
        getrandom::fill(&mut bytes)
            .map_err(|e| Error::input(format!("no randomness from the operating system: {e}")))?;
        Ok(SecretKey::from_parts(
            array(&bytes[..32]),
            array(&bytes[32..40]),
            array(&bytes[40..56]),
        ))
    }

    /// Reads an unencrypted `.sec` file; an encrypted one is a clear error.
    pub fn parse(bytes: &[u8], name: &str) -> Result<SecretKey> {
        let f = parse_file(bytes, Self::LEN, "secret key", name)?;
        let b = &f.blob;
        if &b[2..4] != KDF_BK {
            return Err(Error::input("secret key KDF is not `BK` (bcrypt_pbkdf)")
                .file(name)
                .line(2));
        }
        let rounds = u32::from_be_bytes(array(&b[4..8]));
        if rounds != 0 {
            return Err(Error::input(ENCRYPTED_KEY_MESSAGE).file(name).line(2));
        }
        let salt: [u8; 16] = array(&b[8..24]);
        let checksum: [u8; 8] = array(&b[24..32]);
        let keynum: [u8; 8] = array(&b[32..40]);
        let seed: [u8; 32] = array(&b[40..72]);
        let public: [u8; 32] = array(&b[72..104]);
        let digest = Sha512::digest(&b[40..104]);
        if digest[..8] != checksum {
            return Err(
                Error::input("secret key checksum does not match (corrupt key file)")
                    .file(name)
                    .line(2),
            );
        }
        let key = SecretKey { keynum, seed, salt };
        if key.public().key != public {
            return Err(Error::input(
                "secret key's public half does not match its seed (corrupt key file)",
            )
            .file(name)
            .line(2));
        }
        Ok(key)
    }

    /// The 104-byte blob (unencrypted: kdfrounds 0).
    pub fn blob(&self) -> Vec<u8> {
        let public = self.public().key;
        let mut sk = self.seed.to_vec();
        sk.extend_from_slice(&public);
        let digest = Sha512::digest(&sk);
        let mut b = ALG_ED.to_vec();
        b.extend_from_slice(KDF_BK);
        b.extend_from_slice(&0u32.to_be_bytes());
        b.extend_from_slice(&self.salt);
        b.extend_from_slice(&digest[..8]);
        b.extend_from_slice(&self.keynum);
        b.extend_from_slice(&sk);
        b
    }

    /// The `.sec` file with the given comment (signify's is `<name> secret key`).
    pub fn to_file(&self, comment: &str) -> String {
        write_file(comment, &self.blob())
    }

    /// The matching public key.
    pub fn public(&self) -> PublicKey {
        PublicKey {
            keynum: self.keynum,
            key: SigningKey::from_bytes(&self.seed)
                .verifying_key()
                .to_bytes(),
        }
    }

    /// Signs `message` (pure Ed25519 over the exact bytes, deterministic).
    pub fn sign(&self, message: &[u8]) -> Signature {
        let sig = SigningKey::from_bytes(&self.seed).sign(message).to_bytes();
        Signature {
            keynum: self.keynum,
            sig,
        }
    }
}

impl Signature {
    /// Length of the decoded signature blob.
    pub const LEN: usize = 74;

    /// Reads a detached `.sig` file.
    pub fn parse(bytes: &[u8], name: &str) -> Result<Signature> {
        let f = parse_file(bytes, Self::LEN, "signature", name)?;
        Ok(Signature {
            keynum: array(&f.blob[2..10]),
            sig: array(&f.blob[10..74]),
        })
    }

    /// The 74-byte blob.
    pub fn blob(&self) -> Vec<u8> {
        let mut b = ALG_ED.to_vec();
        b.extend_from_slice(&self.keynum);
        b.extend_from_slice(&self.sig);
        b
    }

    /// The `.sig` file with the given comment (signify's is `verify with <key>.pub`).
    pub fn to_file(&self, comment: &str) -> String {
        write_file(comment, &self.blob())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn vector(name: &str) -> Vec<u8> {
        std::fs::read(format!(
            "{}/tests/vectors/signatures/signify/{name}",
            env!("CARGO_MANIFEST_DIR")
        ))
        .unwrap()
    }

    #[test]
    fn reads_and_rewrites_the_vectors_byte_for_byte() {
        for (name, comment_end) in [
            ("committee.pub", "public key"),
            ("committee.sec", "secret key"),
        ] {
            let bytes = vector(name);
            let f = parse_file(
                &bytes,
                if name.ends_with("pub") { 42 } else { 104 },
                "key",
                name,
            )
            .unwrap();
            assert!(f.comment.ends_with(comment_end));
            assert_eq!(write_file(&f.comment, &f.blob).as_bytes(), &bytes[..]);
        }
        let sec = SecretKey::parse(&vector("committee.sec"), "committee.sec").unwrap();
        let public = PublicKey::parse(&vector("committee.pub"), "committee.pub").unwrap();
        assert_eq!(sec.public(), public);
        let comment = "congress test committee key (UNENCRYPTED, TEST ONLY) secret key";
        assert_eq!(
            sec.to_file(comment).as_bytes(),
            &vector("committee.sec")[..]
        );
    }

    #[test]
    fn signs_exactly_as_signify_and_verifies_strictly() {
        let sec = SecretKey::parse(&vector("committee.sec"), "committee.sec").unwrap();
        let public = PublicKey::parse(&vector("committee.pub"), "committee.pub").unwrap();
        let msg = vector("tally.tsv");
        let sig = sec.sign(&msg);
        assert_eq!(
            sig.to_file("verify with committee.pub").as_bytes(),
            &vector("tally.tsv.sig")[..]
        );
        let stored = Signature::parse(&vector("tally.tsv.sig"), "tally.tsv.sig").unwrap();
        assert_eq!(public.verify(&msg, &stored), Ok(()));
        // Embedded form over the checksum list: signature lines, then the message.
        let embedded = vector("SHA256.sig");
        let split = embedded
            .iter()
            .enumerate()
            .filter(|(_, b)| **b == b'\n')
            .nth(1)
            .unwrap()
            .0;
        let sig = Signature::parse(&embedded[..=split], "SHA256.sig").unwrap();
        assert_eq!(public.verify(&embedded[split + 1..], &sig), Ok(()));
        assert_eq!(&embedded[split + 1..], &vector("SHA256")[..]);
    }

    #[test]
    fn negative_vectors_fail() {
        let public = PublicKey::parse(&vector("committee.pub"), "committee.pub").unwrap();
        let stored = Signature::parse(&vector("tally.tsv.sig"), "s").unwrap();
        assert_eq!(
            public.verify(&vector("neg/tally-tampered.tsv"), &stored),
            Err(VerifyError::BadSignature)
        );
        let other = PublicKey::parse(&vector("neg/other.pub"), "other.pub").unwrap();
        assert_eq!(
            other.verify(&vector("tally.tsv"), &stored),
            Err(VerifyError::WrongKeynum)
        );
        let wrong = PublicKey::parse(&vector("neg/wrong-keynum.pub"), "w.pub").unwrap();
        assert_eq!(wrong.key, public.key);
        assert_eq!(
            wrong.verify(&vector("tally.tsv"), &stored),
            Err(VerifyError::WrongKeynum)
        );
        // R ‖ (S+L): signify accepts it, verify_strict rejects it.
        let malleated = Signature::parse(&vector("neg/tally.tsv.malleated.sig"), "m").unwrap();
        assert_eq!(malleated.sig[..32], stored.sig[..32]);
        assert_ne!(malleated.sig[32..], stored.sig[32..]);
        assert_eq!(
            public.verify(&vector("tally.tsv"), &malleated),
            Err(VerifyError::BadSignature)
        );
    }

    #[test]
    fn encrypted_keys_are_a_clear_error() {
        let e = SecretKey::parse(&vector("enc-test.sec"), "enc-test.sec").unwrap_err();
        assert_eq!(e.message, ENCRYPTED_KEY_MESSAGE);
        assert_eq!(e.exit_code(), 3);
        // Its public key and signature still read and verify.
        let public = PublicKey::parse(&vector("enc-test.pub"), "enc-test.pub").unwrap();
        let sig = Signature::parse(&vector("tally.tsv.enc-test.sig"), "s").unwrap();
        assert_eq!(public.verify(&vector("tally.tsv"), &sig), Ok(()));
    }

    #[test]
    fn malformed_files_are_rejected() {
        let good = vector("committee.pub");
        let text = String::from_utf8(good.clone()).unwrap();
        let cases: Vec<Vec<u8>> = vec![
            text.replace("untrusted comment: ", "trusted comment: ")
                .into_bytes(),
            text.trim_end().as_bytes().to_vec(),
            format!("{text}extra\n").into_bytes(),
            text.replace("RWRt", "RWR*").into_bytes(),
            text.replace("RWRt", "RWRtRWRt").into_bytes(),
            format!("untrusted comment: {}\nRWRt\n", "x".repeat(1025)).into_bytes(),
            vector("tally.tsv.sig"),
            vec![0xff, b'\n', b'\n'],
        ];
        for bad in cases {
            assert!(PublicKey::parse(&bad, "k.pub").is_err(), "{bad:?}");
        }
        let sec = String::from_utf8(vector("committee.sec")).unwrap();
        let mut lines: Vec<String> = sec.lines().map(String::from).collect();
        let mut blob = BASE64.decode(&lines[1]).unwrap();
        blob[60] ^= 1; // corrupt the seed: checksum fails
        lines[1] = BASE64.encode(&blob);
        let e = SecretKey::parse(format!("{}\n{}\n", lines[0], lines[1]).as_bytes(), "k.sec")
            .unwrap_err();
        assert!(e.message.contains("checksum"), "{e}");
    }

    #[test]
    fn generated_keys_round_trip() {
        let a = SecretKey::generate().unwrap();
        let b = SecretKey::generate().unwrap();
        assert_ne!(a.keynum, b.keynum);
        let again = SecretKey::parse(a.to_file("t secret key").as_bytes(), "t.sec").unwrap();
        assert!(again == a);
        let public =
            PublicKey::parse(a.public().to_file("t public key").as_bytes(), "t.pub").unwrap();
        assert_eq!(PublicKey::from_base64(&public.to_base64()), Ok(public));
        let sig = a.sign(b"message");
        assert_eq!(public.verify(b"message", &sig), Ok(()));
        assert_eq!(
            public.verify(b"massage", &sig),
            Err(VerifyError::BadSignature)
        );
        assert_eq!(
            b.public().verify(b"message", &sig),
            Err(VerifyError::WrongKeynum)
        );
    }
}
