//! Interop with OpenBSD signify (Debian `signify-openbsd`) and GNU `sha256sum`: records that
//! `congress` signs pass the independent tools, and keys the tools make work in `congress`.
//! Without the tool the tests print a note and pass, except under CI (`CI` set), where a
//! missing tool is a failure (`.ci/run` installs it).

use crate::util::record::*;
use crate::util::{congress_in, run_tool, scratch, tool};
use congress::internals::record::files::RecordFiles;
use congress::internals::record::recount::Named;
use congress::record::signify::{PublicKey, SecretKey, Signature};
use congress::record::verify::{verify_files, VerifyOptions};
use congress::record::write;
use std::path::PathBuf;

fn write_record(files: &RecordFiles, name: &str) -> PathBuf {
    let dir = scratch(name).join("record");
    write::write_record(&dir, files, false).unwrap();
    dir
}

#[test]
fn congress_signed_records_pass_signify_and_sha256sum() {
    let Some(signify) = tool("signify-openbsd") else {
        return;
    };
    let files = station("s1", 30, 2);
    let dir = write_record(&files, "signed");
    for m in ["m1", "m2"] {
        let (ok, out) = run_tool(
            &dir,
            signify,
            &[
                "-V",
                "-p",
                &format!("keys/{m}.pub"),
                "-x",
                &format!("SHA256.{m}.sig"),
                "-m",
                "SHA256",
            ],
            None,
        );
        assert!(ok, "signify -V for {m}: {out}");
        assert!(out.contains("Signature Verified"), "{out}");
        let mut embedded = std::fs::read(dir.join(format!("SHA256.{m}.sig"))).unwrap();
        embedded.extend(std::fs::read(dir.join("SHA256")).unwrap());
        let (ok, out) = run_tool(
            &dir,
            signify,
            &["-C", "-p", &format!("keys/{m}.pub"), "-x", "-"],
            Some(embedded),
        );
        assert!(ok, "signify -C for {m}: {out}");
        assert!(out.contains("ballots.csv: OK"), "{out}");
    }
    // A changed file fails signify -C and sha256sum -c.
    let mut changed = std::fs::read(dir.join("tally.csv")).unwrap();
    changed[20] ^= 1;
    std::fs::write(dir.join("tally.csv"), &changed).unwrap();
    let mut embedded = std::fs::read(dir.join("SHA256.m1.sig")).unwrap();
    embedded.extend(std::fs::read(dir.join("SHA256")).unwrap());
    let (ok, out) = run_tool(
        &dir,
        signify,
        &["-C", "-p", "keys/m1.pub", "-x", "-"],
        Some(embedded),
    );
    assert!(!ok, "signify -C accepted a changed tally: {out}");
    // A signature by the other member's key is rejected (key number differs).
    let (ok, _) = run_tool(
        &dir,
        signify,
        &[
            "-V",
            "-p",
            "keys/m2.pub",
            "-x",
            "SHA256.m1.sig",
            "-m",
            "SHA256",
        ],
        None,
    );
    assert!(!ok);
}

#[test]
fn sha256sum_checks_the_manifest() {
    let Some(sha256sum) = tool("sha256sum") else {
        return;
    };
    let files = station("s1", 12, 2);
    let dir = write_record(&files, "sums");
    let (ok, out) = run_tool(&dir, sha256sum, &["--strict", "-c", "SHA256"], None);
    assert!(ok, "{out}");
    assert!(out.contains("ballots.csv: OK"), "{out}");
    std::fs::write(
        dir.join("seats.csv"),
        b"seat,candidate,status\n1,x,elected\n",
    )
    .unwrap();
    let (ok, _) = run_tool(&dir, sha256sum, &["-c", "SHA256"], None);
    assert!(!ok);
}

#[test]
fn signify_made_keys_sign_records_that_verify() {
    let Some(signify) = tool("signify-openbsd") else {
        return;
    };
    let dir = scratch("keys");
    let (ok, out) = run_tool(
        &dir,
        signify,
        &[
            "-G",
            "-n",
            "-c",
            "test member",
            "-p",
            "member.pub",
            "-s",
            "member.sec",
        ],
        None,
    );
    assert!(ok, "{out}");
    let sec = SecretKey::parse(
        &std::fs::read(dir.join("member.sec")).unwrap(),
        "member.sec",
    )
    .unwrap();
    let public = PublicKey::parse(
        &std::fs::read(dir.join("member.pub")).unwrap(),
        "member.pub",
    )
    .unwrap();
    assert_eq!(sec.public(), public);
    // An election whose committee member m1 holds the signify-made key.
    let toml = String::from_utf8(election("s1", 1, 3, 2, ""))
        .unwrap()
        .replace(&key(1).public().to_base64(), &public.to_base64());
    let mut files = write::build_station(
        toml.as_bytes(),
        "ballot_id,choice",
        &ballot_lines("s1", 20),
        &TestPlurality,
        Named::default(),
    )
    .unwrap();
    write::sign_files(&mut files, &sec, "m1");
    write::sign_files(&mut files, &key(2), "m2");
    let r = verify_files(
        &files,
        &VerifyOptions {
            trust: vec![public, key(2).public()],
            ..VerifyOptions::default()
        },
        &TestPlurality,
    )
    .unwrap();
    assert!(r.ok(), "{}", r.render());
    // signify's own signature over the same manifest is byte-identical to ours.
    let rec = write_record(&files, "keys-record");
    let (ok, out) = run_tool(
        &rec,
        signify,
        &[
            "-S",
            "-s",
            dir.join("member.sec").to_str().unwrap(),
            "-m",
            "SHA256",
            "-x",
            "by-signify.sig",
        ],
        None,
    );
    assert!(ok, "{out}");
    let theirs =
        Signature::parse(&std::fs::read(rec.join("by-signify.sig")).unwrap(), "s").unwrap();
    let ours = Signature::parse(files.get("SHA256.m1.sig").unwrap(), "s").unwrap();
    assert_eq!(theirs, ours);
}

#[test]
fn congress_keygen_keys_work_in_signify() {
    let Some(signify) = tool("signify-openbsd") else {
        return;
    };
    let dir = scratch("keygen");
    let o = congress_in(&dir, &["keygen", "alice"]);
    assert!(o.status.success(), "{}", o.stderr());
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(dir.join("alice.sec"))
            .unwrap()
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o600);
    }
    // Never overwritten without --force.
    let before = std::fs::read(dir.join("alice.sec")).unwrap();
    let o = congress_in(&dir, &["keygen", "alice"]);
    assert!(
        !o.status.success() && o.stderr().contains("--force"),
        "{}",
        o.stderr()
    );
    assert_eq!(std::fs::read(dir.join("alice.sec")).unwrap(), before);
    std::fs::write(dir.join("msg"), b"SHA256 (x) = 00\n").unwrap();
    let (ok, out) = run_tool(&dir, signify, &["-S", "-s", "alice.sec", "-m", "msg"], None);
    assert!(ok, "{out}");
    let (ok, out) = run_tool(&dir, signify, &["-V", "-p", "alice.pub", "-m", "msg"], None);
    assert!(ok, "{out}");
    // Two keys differ (random key numbers and seeds).
    assert!(congress_in(&dir, &["keygen", "bob"]).status.success());
    assert_ne!(
        std::fs::read(dir.join("bob.pub")).unwrap(),
        std::fs::read(dir.join("alice.pub")).unwrap()
    );
}
