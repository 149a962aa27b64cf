//! signify public keys, secret keys and signatures parsed from fuzz bytes, and a parsed
//! signature verified against a fixed key.
#![no_main]

use congress::record::signify::{PublicKey, SecretKey, Signature};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let fixed = SecretKey::from_parts([7; 32], [7, 1, 2, 3, 4, 5, 6, 7], [0; 16]);
    if let Ok(pk) = PublicKey::parse(data, "k.pub") {
        let _ = pk.to_file("c");
        let _ = pk.verify(b"message", &fixed.sign(b"message"));
    }
    if let Ok(line) = std::str::from_utf8(data) {
        let _ = PublicKey::from_base64(line);
    }
    if let Ok(sk) = SecretKey::parse(data, "k.sec") {
        let _ = sk.public();
    }
    if let Ok(sig) = Signature::parse(data, "m.sig") {
        let _ = fixed.public().verify(b"message", &sig);
    }
});
