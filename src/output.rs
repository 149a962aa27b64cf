//! Writing results: standard output, or files written atomically (temp file + rename) that
//! never silently replace an existing file, and with `--force` replace only a regular file
//! (or, for records, a record directory).
//!
//! Temporary files are named `.<name>.tmp-<host>-<pid>-<n>` beside their target. One left by a
//! run that was killed is removed by the next run that writes the same target, once no process
//! of that id runs on this host (checked in `/proc`; elsewhere they are kept) and the file is
//! more than an hour old: stations counted in parallel never lose each other's files.

use crate::error::{Error, Result};
use std::io::Write;
use std::path::{Path, PathBuf};

/// Fails early when `path` exists and `force` is not set, or exists and is not a regular
/// file (a directory, device, pipe, socket or symbolic link is never replaced), before any
/// work is done.
pub fn ensure_writable(path: &Path, force: bool) -> Result<()> {
    let Ok(meta) = path.symlink_metadata() else {
        return Ok(());
    };
    if !force {
        return Err(Error::input(
            "file exists; refusing to overwrite it (use --force to replace it)",
        )
        .file(path.display().to_string()));
    }
    if !meta.file_type().is_file() {
        return Err(Error::input(format!(
            "exists and is {}; --force replaces only a regular file",
            kind_of(&meta.file_type())
        ))
        .file(path.display().to_string()));
    }
    Ok(())
}

/// What a directory entry that is not a regular file is, in words.
fn kind_of(kind: &std::fs::FileType) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if kind.is_fifo() {
            return "a named pipe";
        }
        if kind.is_char_device() || kind.is_block_device() {
            return "a device";
        }
        if kind.is_socket() {
            return "a socket";
        }
    }
    if kind.is_symlink() {
        "a symbolic link"
    } else if kind.is_dir() {
        "a directory"
    } else if kind.is_file() {
        "a regular file"
    } else {
        "not a regular file"
    }
}

/// This host's name, for temporary file names.
fn host_name() -> String {
    let name = std::fs::read_to_string("/proc/sys/kernel/hostname")
        .or_else(|_| std::fs::read_to_string("/etc/hostname"))
        .unwrap_or_default();
    let name: String = name
        .trim()
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
        .collect();
    if name.is_empty() {
        "host".into()
    } else {
        name
    }
}

/// A sibling path for a temporary file next to `path` (same directory, so rename is atomic).
pub fn temp_sibling(path: &Path) -> PathBuf {
    use std::sync::atomic::{AtomicU64, Ordering};
    static NEXT: AtomicU64 = AtomicU64::new(0);
    let unique = format!(
        "{}{}-{}-{}",
        temp_prefix(path),
        host_name(),
        std::process::id(),
        NEXT.fetch_add(1, Ordering::Relaxed)
    );
    path.with_file_name(unique)
}

/// The start of the names of `path`'s temporary siblings: `.<name>.tmp-`.
fn temp_prefix(path: &Path) -> String {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "out".into());
    format!(".{name}.tmp-")
}

/// Removes the temporary siblings of `path` that killed runs left: those of this host whose
/// process is gone and that are more than an hour old.
fn remove_stale_temps(path: &Path) {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let prefix = format!("{}{}-", temp_prefix(path), host_name());
    let Ok(entries) = std::fs::read_dir(&dir) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        let Some(rest) = name.strip_prefix(&prefix) else {
            continue;
        };
        let Some(pid) = rest.split('-').next().and_then(|p| p.parse::<u32>().ok()) else {
            continue;
        };
        let proc_root = Path::new("/proc");
        if !proc_root.join("self").exists() || proc_root.join(pid.to_string()).exists() {
            continue;
        }
        let old = entry
            .metadata()
            .and_then(|m| m.modified())
            .ok()
            .and_then(|t| t.elapsed().ok())
            .is_some_and(|age| age > std::time::Duration::from_secs(3600));
        if old {
            let path = entry.path();
            let _ = if entry.file_type().is_ok_and(|t| t.is_dir()) {
                std::fs::remove_dir_all(&path)
            } else {
                std::fs::remove_file(&path)
            };
        }
    }
}

/// Writes `bytes` to `path` atomically; refuses to replace an existing file unless `force`
/// (and even then anything but a regular file).
pub fn write_atomic(path: &Path, bytes: &[u8], force: bool) -> Result<()> {
    ensure_writable(path, force)?;
    remove_stale_temps(path);
    let tmp = temp_sibling(path);
    let result = (|| -> std::io::Result<()> {
        let mut file = std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&tmp)?;
        file.write_all(bytes)?;
        file.sync_all()?;
        Ok(())
    })();
    if let Err(e) = result {
        let _ = std::fs::remove_file(&tmp);
        return Err(Error::io(path, e));
    }
    persist(&tmp, path, force)
}

/// Writes `bytes` atomically with mode 0600 (never readable by others: secret keys, the
/// committee's secrets); refuses to replace an existing file unless `force`.
pub fn write_private(path: &Path, bytes: &[u8], force: bool) -> Result<()> {
    ensure_writable(path, force)?;
    remove_stale_temps(path);
    let tmp = temp_sibling(path);
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    let written = options.open(&tmp).and_then(|mut f| {
        f.write_all(bytes)?;
        f.sync_all()
    });
    if let Err(e) = written {
        let _ = std::fs::remove_file(&tmp);
        return Err(Error::io(path, e));
    }
    persist(&tmp, path, force)
}

/// Moves a finished temporary file or directory into place; without `force` it never
/// replaces an existing one (a hard link for files fails if the target appeared meanwhile).
pub fn persist(tmp: &Path, path: &Path, force: bool) -> Result<()> {
    // What is there now must still be what may be replaced (a regular file, or a directory
    // for a directory), however it changed since the run began.
    let replaceable = match path.symlink_metadata() {
        Err(_) => true,
        Ok(meta) => meta.file_type().is_file() || (meta.file_type().is_dir() && tmp.is_dir()),
    };
    let outcome = if !replaceable {
        Err(std::io::Error::new(
            std::io::ErrorKind::AlreadyExists,
            "exists and is not a regular file; refusing to replace it",
        ))
    } else if force || tmp.is_dir() {
        if !force && path.symlink_metadata().is_ok() {
            Err(std::io::Error::new(
                std::io::ErrorKind::AlreadyExists,
                "file exists; refusing to overwrite it (use --force to replace it)",
            ))
        } else {
            if force && path.is_dir() && tmp.is_dir() {
                replace_dir(tmp, path)
            } else {
                std::fs::rename(tmp, path)
            }
        }
    } else {
        std::fs::hard_link(tmp, path).and_then(|_| std::fs::remove_file(tmp))
    };
    outcome.map_err(|e| {
        if tmp.is_dir() {
            let _ = std::fs::remove_dir_all(tmp);
        } else {
            let _ = std::fs::remove_file(tmp);
        }
        Error::io(path, e)
    })
}

/// Puts directory `tmp` in the place of directory `path`: the old one is moved aside first and
/// put back if the new one cannot take its place, and removed only once it has.
fn replace_dir(tmp: &Path, path: &Path) -> std::io::Result<()> {
    let old = temp_sibling(path);
    std::fs::rename(path, &old)?;
    match std::fs::rename(tmp, path) {
        Ok(()) => {
            let _ = std::fs::remove_dir_all(&old);
            Ok(())
        }
        Err(e) => {
            let _ = std::fs::rename(&old, path);
            Err(e)
        }
    }
}

/// Checks that `dir` can take a new record: it names a directory entry of its own (not `.`,
/// `..` or `/`), and, when it exists and `force` would replace it, it is a directory (not a
/// link), holds neither the current directory nor anything but a record (`is_record` says
/// whether a directory is one; an empty directory may be replaced too). Also removes what
/// killed runs left beside it.
pub fn ensure_replaceable_dir(
    dir: &Path,
    force: bool,
    is_record: &dyn Fn(&Path) -> bool,
) -> Result<()> {
    let name = dir.display().to_string();
    let own_name = dir.file_name().is_some()
        && !matches!(
            dir.components().next_back(),
            Some(std::path::Component::ParentDir | std::path::Component::CurDir)
        );
    if !own_name {
        return Err(Error::usage(format!(
            "{name}: expected the name of a new directory for the record, not . or .. or /"
        )));
    }
    remove_stale_temps(dir);
    let Ok(meta) = dir.symlink_metadata() else {
        return Ok(());
    };
    if !force {
        return ensure_writable(dir, force);
    }
    if !meta.file_type().is_dir() {
        return Err(Error::input(format!(
            "exists and is {}; --force replaces only a record directory",
            kind_of(&meta.file_type())
        ))
        .file(name));
    }
    if let (Ok(target), Ok(here)) = (dir.canonicalize(), std::env::current_dir()) {
        if here.starts_with(&target) {
            return Err(Error::input(
                "holds the current directory; refusing to replace it (choose another directory)",
            )
            .file(name));
        }
    }
    let empty = std::fs::read_dir(dir).is_ok_and(|mut entries| entries.next().is_none());
    if !empty && !is_record(dir) {
        return Err(Error::input(
            "not a record (its SHA256 manifest must parse and list exactly the files \
             present); --force replaces only a record directory: remove it yourself or choose \
             another directory",
        )
        .file(name));
    }
    Ok(())
}

/// Prints `text` to standard output, or writes it atomically to `out`.
pub fn emit(text: &str, out: Option<&Path>, force: bool) -> Result<()> {
    emit_bytes(text.as_bytes(), out, force)
}

/// Prints `bytes` to standard output, or writes them atomically to `out`.
pub fn emit_bytes(bytes: &[u8], out: Option<&Path>, force: bool) -> Result<()> {
    match out {
        Some(path) => write_atomic(path, bytes, force),
        None => {
            let stdout = std::io::stdout();
            let mut lock = stdout.lock();
            match lock.write_all(bytes).and_then(|_| lock.flush()) {
                Ok(()) => Ok(()),
                // A closed pipe (`| head`) is not an error worth a message.
                Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
                Err(e) => Err(Error::io("<stdout>", e)),
            }
        }
    }
}

/// How a CSV result is written (docs/formats.md, "CSV for Excel").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum CsvEncoding {
    /// UTF-8 without a byte-order mark (the default).
    #[default]
    Utf8,
    /// UTF-8 after the byte-order mark EF BB BF, which Excel needs to read UTF-8 (`--excel`).
    Utf8Bom,
    /// GB18030, the encoding Chinese-locale Excel reads and writes (`--encoding gb18030`).
    Gb18030,
}

/// The UTF-8 byte-order mark.
pub const UTF8_BOM: &[u8] = b"\xEF\xBB\xBF";

/// The bytes of a CSV `text` in `encoding`.
pub fn encode_csv(text: &str, encoding: CsvEncoding) -> Vec<u8> {
    match encoding {
        CsvEncoding::Utf8 => text.as_bytes().to_vec(),
        CsvEncoding::Utf8Bom => [UTF8_BOM, text.as_bytes()].concat(),
        // GB18030 maps every Unicode scalar value, so the encoder never substitutes.
        CsvEncoding::Gb18030 => encoding_rs::GB18030.encode(text).0.into_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scratch(name: &str) -> PathBuf {
        let dir =
            std::env::temp_dir().join(format!("congress-output-{}-{name}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        dir
    }

    #[test]
    fn csv_encodings() {
        let text = "院系,人数\n文学院,12\n";
        assert_eq!(encode_csv(text, CsvEncoding::Utf8), text.as_bytes());
        let bom = encode_csv(text, CsvEncoding::Utf8Bom);
        assert_eq!(&bom[..3], [0xEF, 0xBB, 0xBF]);
        assert_eq!(&bom[3..], text.as_bytes());
        let gb = encode_csv(text, CsvEncoding::Gb18030);
        let (back, _, errors) = encoding_rs::GB18030.decode(&gb);
        assert!(!errors);
        assert_eq!(back, text);
        // Not UTF-8: 院 is two GB bytes. Characters outside GBK take four and still decode.
        assert_ne!(gb, text.as_bytes());
        let rare = "𠀀,✔,△\n";
        let gb = encode_csv(rare, CsvEncoding::Gb18030);
        assert_eq!(encoding_rs::GB18030.decode(&gb).0, rare);
    }

    #[test]
    fn writes_and_refuses_to_overwrite() {
        let dir = scratch("w");
        let p = dir.join("a.txt");
        write_atomic(&p, b"one", false).unwrap();
        assert_eq!(std::fs::read(&p).unwrap(), b"one");
        let e = write_atomic(&p, b"two", false).unwrap_err();
        assert!(e.message.contains("--force"));
        assert_eq!(std::fs::read(&p).unwrap(), b"one");
        write_atomic(&p, b"two", true).unwrap();
        assert_eq!(std::fs::read(&p).unwrap(), b"two");
        // No temporary files are left behind.
        assert_eq!(std::fs::read_dir(&dir).unwrap().count(), 1);
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn failed_write_leaves_nothing() {
        let dir = scratch("f");
        let p = dir.join("missing-dir").join("a.txt");
        assert!(write_atomic(&p, b"x", false).is_err());
        assert!(!p.exists());
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn force_replaces_only_regular_files() {
        let dir = scratch("kinds");
        // A directory, a symbolic link and a named pipe are never replaced.
        let sub = dir.join("sub");
        std::fs::create_dir(&sub).unwrap();
        let e = write_atomic(&sub, b"x", true).unwrap_err();
        assert!(e.message.contains("a directory"), "{e}");
        assert!(sub.is_dir());
        #[cfg(unix)]
        {
            let target = dir.join("target.txt");
            std::fs::write(&target, b"keep").unwrap();
            let link = dir.join("link");
            std::os::unix::fs::symlink(&target, &link).unwrap();
            let e = write_atomic(&link, b"x", true).unwrap_err();
            assert!(e.message.contains("symbolic link"), "{e}");
            assert_eq!(std::fs::read(&target).unwrap(), b"keep");
            let fifo = dir.join("fifo");
            let made = std::process::Command::new("mkfifo").arg(&fifo).status();
            if made.is_ok_and(|s| s.success()) {
                let e = write_atomic(&fifo, b"x", true).unwrap_err();
                assert!(e.message.contains("named pipe"), "{e}");
                use std::os::unix::fs::FileTypeExt;
                assert!(fifo.symlink_metadata().unwrap().file_type().is_fifo());
            }
        }
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn stale_temporary_files_of_dead_runs_are_removed() {
        let dir = scratch("stale");
        let target = dir.join("out.json");
        let host = host_name();
        let two_hours_ago = std::time::SystemTime::now() - std::time::Duration::from_secs(7200);
        let make = |name: &str, old: bool| {
            let p = dir.join(name);
            std::fs::write(&p, b"partial").unwrap();
            if old {
                let f = std::fs::File::options().write(true).open(&p).unwrap();
                f.set_modified(two_hours_ago).unwrap();
            }
            p
        };
        // A process id above any the kernel hands out: no such process.
        let dead = make(&format!(".out.json.tmp-{host}-999999999-0"), true);
        let recent = make(&format!(".out.json.tmp-{host}-999999999-1"), false);
        let alive = make(
            &format!(".out.json.tmp-{host}-{}-2", std::process::id()),
            true,
        );
        let other_host = make(".out.json.tmp-elsewhere-999999999-3", true);
        let other_file = make(&format!(".other.json.tmp-{host}-999999999-4"), true);
        write_atomic(&target, b"{}", false).unwrap();
        if Path::new("/proc/self").exists() {
            assert!(!dead.exists());
        }
        for kept in [&recent, &alive, &other_host, &other_file] {
            assert!(kept.exists(), "{}", kept.display());
        }
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn only_records_and_empty_directories_are_replaced_by_a_record() {
        let dir = scratch("records");
        let is_record = |d: &Path| d.join("SHA256").is_file() && d.join("ok").is_file();
        let user = dir.join("mine");
        std::fs::create_dir(&user).unwrap();
        std::fs::write(user.join("SHA256"), b"not a manifest").unwrap();
        std::fs::write(user.join("thesis.docx"), b"precious").unwrap();
        let e = ensure_replaceable_dir(&user, true, &is_record).unwrap_err();
        assert_eq!(e.exit_code(), 3);
        assert!(e.message.contains("not a record"), "{e}");
        let empty = dir.join("empty");
        std::fs::create_dir(&empty).unwrap();
        ensure_replaceable_dir(&empty, true, &is_record).unwrap();
        let file = dir.join("file");
        std::fs::write(&file, b"x").unwrap();
        let e = ensure_replaceable_dir(&file, true, &is_record).unwrap_err();
        assert!(e.message.contains("a regular file"), "{e}");
        let _ = std::fs::remove_dir_all(&dir);
    }
}
