//! Writing results: standard output, or files written atomically (temp file + rename) that
//! never silently replace an existing file.

use crate::error::{Error, Result};
use std::io::Write;
use std::path::{Path, PathBuf};

/// Fails early when `path` exists and `force` is not set, before any work is done.
pub fn ensure_writable(path: &Path, force: bool) -> Result<()> {
    if !force && path.symlink_metadata().is_ok() {
        return Err(Error::input(
            "file exists; refusing to overwrite it (use --force to replace it)",
        )
        .file(path.display().to_string()));
    }
    Ok(())
}

/// A sibling path for a temporary file next to `path` (same directory, so rename is atomic).
pub fn temp_sibling(path: &Path) -> PathBuf {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "out".into());
    let unique = format!(
        ".{name}.tmp-{}-{}",
        std::process::id(),
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.subsec_nanos())
            .unwrap_or(0)
    );
    path.with_file_name(unique)
}

/// Writes `bytes` to `path` atomically; refuses to replace an existing file unless `force`.
pub fn write_atomic(path: &Path, bytes: &[u8], force: bool) -> Result<()> {
    ensure_writable(path, force)?;
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

/// Moves a finished temporary file or directory into place; without `force` it never
/// replaces an existing one (a hard link for files fails if the target appeared meanwhile).
pub fn persist(tmp: &Path, path: &Path, force: bool) -> Result<()> {
    let outcome = if force || tmp.is_dir() {
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
/// `..` or `/`), and, when it exists and `force` would replace it, it neither holds the current
/// directory nor is anything but a record (`marker` is a file every record has).
pub fn ensure_replaceable_dir(dir: &Path, force: bool, marker: &str) -> Result<()> {
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
    ensure_writable(dir, force)?;
    if !dir.exists() {
        return Ok(());
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
    if dir.is_dir() && !empty && !dir.join(marker).is_file() {
        return Err(Error::input(format!(
            "not a record (no {marker}); --force replaces only a record directory: remove it \
             yourself or choose another directory"
        ))
        .file(name));
    }
    Ok(())
}

/// Prints `text` to standard output, or writes it atomically to `out`.
pub fn emit(text: &str, out: Option<&Path>, force: bool) -> Result<()> {
    match out {
        Some(path) => write_atomic(path, text.as_bytes(), force),
        None => {
            let stdout = std::io::stdout();
            let mut lock = stdout.lock();
            match lock.write_all(text.as_bytes()).and_then(|_| lock.flush()) {
                Ok(()) => Ok(()),
                // A closed pipe (`| head`) is not an error worth a message.
                Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
                Err(e) => Err(Error::io("<stdout>", e)),
            }
        }
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
}
