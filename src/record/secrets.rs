//! The committee's secrets for a record that publishes no ballot ids: the salt of the
//! commitments in `commitments.csv` (SHA-256(salt ‖ ballot id)). Kept outside the record,
//! offline; released only inside a receipt, and only when the election allows receipts.
//!
//! The file (TOML, written 0600) names the election it belongs to:
//!
//! ```text
//! # congress committee secrets: keep offline, never publish (docs/verification.md §11)
//! election = "2027-presidium"
//! salt = "<64 lowercase hex>"
//! ```

use super::files::parse_hex32;
use crate::digest::hex;
use crate::error::{Error, Result};
use std::path::{Path, PathBuf};

/// The secrets of one election's record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CommitteeSecrets {
    /// The election the secrets belong to.
    pub election_id: String,
    /// The salt of every commitment.
    pub salt: [u8; 32],
}

impl CommitteeSecrets {
    /// New secrets for `election_id`, the salt from the operating system's secure random
    /// source.
    pub fn generate(election_id: &str) -> Result<CommitteeSecrets> {
        let mut salt = [0u8; 32];
        getrandom::fill(&mut salt)
            .map_err(|e| Error::input(format!("no secure random numbers for the salt: {e}")))?;
        Ok(CommitteeSecrets {
            election_id: election_id.to_string(),
            salt,
        })
    }

    /// The file's text.
    pub fn to_text(&self) -> String {
        format!(
            "# congress committee secrets: keep offline, never publish (docs/verification.md \
             §11)\nelection = \"{}\"\nsalt = \"{}\"\n",
            self.election_id,
            hex(&self.salt)
        )
    }

    /// Reads a secrets file; errors name the file and key.
    pub fn read(path: &Path) -> Result<CommitteeSecrets> {
        let name = path.display().to_string();
        let text = std::fs::read_to_string(path).map_err(|e| Error::io(path, e))?;
        let table: toml::Table = text.parse().map_err(|e: toml::de::Error| {
            Error::input(format!("not a secrets file: {}", e.message())).file(name.clone())
        })?;
        let get = |key: &str| {
            table.get(key).and_then(|v| v.as_str()).ok_or_else(|| {
                Error::input("missing, expected a string")
                    .file(name.clone())
                    .field(key)
            })
        };
        let salt = parse_hex32(get("salt")?).ok_or_else(|| {
            Error::input("expected 64 lowercase hex digits")
                .file(name.clone())
                .field("salt")
        })?;
        Ok(CommitteeSecrets {
            election_id: get("election")?.to_string(),
            salt,
        })
    }

    /// The secrets for `election_id` at `path`: read when the file exists (it must be that
    /// election's), else generated and written there (mode 0600, atomically).
    pub fn open_or_create(path: &Path, election_id: &str) -> Result<CommitteeSecrets> {
        if path.exists() {
            let secrets = CommitteeSecrets::read(path)?;
            if secrets.election_id != election_id {
                return Err(Error::input(format!(
                    "these are the secrets of election {}, not of {election_id}",
                    secrets.election_id
                ))
                .file(path.display().to_string())
                .field("election"));
            }
            return Ok(secrets);
        }
        let secrets = CommitteeSecrets::generate(election_id)?;
        crate::output::write_private(path, secrets.to_text().as_bytes(), false)?;
        Ok(secrets)
    }

    /// Where a record's secrets go when no path is given: beside the record directory,
    /// `<dir>.secrets` (outside the record, so never published with it).
    pub fn default_path(record_dir: &Path) -> PathBuf {
        let mut name = record_dir
            .file_name()
            .map(|n| n.to_os_string())
            .unwrap_or_default();
        name.push(".secrets");
        record_dir.with_file_name(name)
    }
}
