//! `[committee]`: the members who sign the election's record (contract §5), each with a
//! signify public key, and how many of them must sign.

use super::reader::{Reader, Table, Value};
use super::{invalid_id_message, valid_id};
use crate::error::Result;
use crate::signify::PublicKey;
use std::ops::Range;
use toml::de::DeValue;

/// One member of the signing committee.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CommitteeMember {
    /// The member's id (`[A-Za-z0-9._-]+`, not `.` or `..`; it names the member's key file).
    pub id: String,
    /// The member's signify public key.
    pub key: PublicKey,
}

/// Who signs a record: the members, and the threshold k of distinct members who must sign.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Committee {
    /// How many distinct members must sign (k of n), from 1 to the number of members.
    pub threshold: u64,
    /// The members, in election-file order: distinct ids, distinct keys.
    pub members: Vec<CommitteeMember>,
}

impl Committee {
    /// The member with this id.
    pub fn member(&self, id: &str) -> Option<&CommitteeMember> {
        self.members.iter().find(|m| m.id == id)
    }
}

impl Reader<'_> {
    /// `[committee]`: `members` then `threshold`.
    pub(super) fn committee(&self, t: &Table, span: Range<usize>) -> Result<Committee> {
        self.check_keys(
            t,
            "committee",
            &["threshold", "members"],
            "the signing committee",
        )?;
        let (_, members_value) = self.get(t, "members").ok_or_else(|| {
            self.err(
                span.clone(),
                "committee.members",
                "missing key, expected members = [{ id = \"…\", key = \"…\" }]",
            )
        })?;
        let DeValue::Array(items) = members_value.get_ref() else {
            return Err(self.err(
                members_value.span(),
                "committee.members",
                "expected an array of { id, key } tables",
            ));
        };
        let mut members: Vec<CommitteeMember> = Vec::with_capacity(items.len());
        for item in items.iter() {
            let member = self.member(item, &members)?;
            members.push(member);
        }
        let threshold = self.signing_threshold(t, span, members.len())?;
        Ok(Committee { threshold, members })
    }

    /// One member: a valid id no other member has, and a signify public key no other member
    /// has (two ids with one key would let one person count twice towards the threshold).
    fn member(&self, item: &Value, before: &[CommitteeMember]) -> Result<CommitteeMember> {
        let m = self.table(item, "committee.members")?;
        self.check_keys(
            m,
            "committee.members",
            &["id", "key"],
            "a member's id and key",
        )?;
        let (_, idv) = self.get(m, "id").ok_or_else(|| {
            self.err(
                item.span(),
                "committee.members.id",
                "missing key, expected id",
            )
        })?;
        let id = self.string(idv, "committee.members.id")?;
        if !valid_id(&id) {
            return Err(self.err(
                idv.span(),
                "committee.members.id",
                invalid_id_message(&id, "id"),
            ));
        }
        if before.iter().any(|x| x.id == id) {
            return Err(self.err(
                idv.span(),
                "committee.members.id",
                format!("duplicate member '{id}'"),
            ));
        }
        let key = self.member_key(m, item, before)?;
        Ok(CommitteeMember { id, key })
    }

    /// A member's `key`: the base64 line of a signify public key, not another member's (by
    /// key or by key number).
    fn member_key(&self, m: &Table, item: &Value, before: &[CommitteeMember]) -> Result<PublicKey> {
        let field = "committee.members.key";
        let (_, kv) = self.get(m, "key").ok_or_else(|| {
            self.err(
                item.span(),
                field,
                "missing key, expected key (the member's signify public key)",
            )
        })?;
        let text = self.string(kv, field)?;
        if text.trim().is_empty() {
            return Err(self.err(
                kv.span(),
                field,
                "empty key, expected the member's signify public key",
            ));
        }
        let key = PublicKey::from_base64(&text).map_err(|m| self.err(kv.span(), field, m))?;
        if before
            .iter()
            .any(|x| x.key == key || x.key.keynum == key.keynum)
        {
            return Err(self.err(kv.span(), field, "this key is already another member's key"));
        }
        Ok(key)
    }

    /// `threshold`: required, from 1 to the number of members.
    fn signing_threshold(&self, t: &Table, span: Range<usize>, members: usize) -> Result<u64> {
        let Some((_, v)) = self.get(t, "threshold") else {
            return Err(self.err(
                span,
                "committee.threshold",
                "missing key, expected threshold (how many members must sign)",
            ));
        };
        let k = self.integer(v, "committee.threshold")?;
        if k < 1 || k > members as u64 {
            return Err(self.err(
                v.span(),
                "committee.threshold",
                format!("threshold {k} with {members} members, expected 1 to {members}"),
            ));
        }
        Ok(k)
    }
}
