//! What this laptop knows and what an export carries: every revision, or those a known peer may lack.

use super::*;

impl Store {
    /// This laptop's knowledge: for every device it has revisions from, the newest HLC among them.
    pub fn knowledge(&self) -> Result<BTreeMap<String, String>> {
        knowledge(self.conn())
    }

    /// The revisions and blobs of a sync file: everything, or what `peer` may lack given what it last told us
    /// it had (its revisions from each device up to an HLC). The built-in reference data always goes along.
    pub fn sync_set(&self, peer: Option<&PeerInfo>) -> Result<SyncFile> {
        let knowledge = match peer {
            Some(p) => {
                serde_json::to_string(&p.knowledge).map_err(|e| Error::Refused(e.to_string()))?
            }
            None => "{}".to_string(),
        };
        let mut stmt = self.conn().prepare(&format!(
            "WITH k (device, hlc) AS (SELECT key, value FROM json_each(?1))
             SELECT {} FROM revision r LEFT JOIN k ON k.device = r.device_id
             WHERE k.hlc IS NULL OR r.hlc > k.hlc OR r.device_id = ?2
             ORDER BY r.seq",
            revisions::REVISION_COLUMNS
                .split(", ")
                .map(|c| format!("r.{c}"))
                .collect::<Vec<_>>()
                .join(", ")
        ))?;
        let rows = stmt
            .query_map(
                params![knowledge, crate::store::revisions::SEED_DEVICE.to_string()],
                revisions::RawRevision::from_row,
            )?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        let revisions = crate::par::map(&rows, 2_000, |_, r| r.parse())
            .into_iter()
            .collect::<rusqlite::Result<Vec<_>>>()?;
        drop(rows);
        let wanted: BTreeSet<&str> = revisions
            .iter()
            .filter(|r| r.entity == EntityKind::Attachment)
            .filter_map(|r| r.body.get("sha256").and_then(Value::as_str))
            .collect();
        let mut blobs = Vec::new();
        {
            let mut stmt = self
                .conn()
                .prepare("SELECT sha256, bytes FROM blob ORDER BY sha256")?;
            let mut rows = stmt.query([])?;
            while let Some(row) = rows.next()? {
                let sha: String = row.get(0)?;
                if peer.is_none() || wanted.contains(sha.as_str()) {
                    blobs.push((sha, row.get::<_, Vec<u8>>(1)?));
                }
            }
        }
        Ok(SyncFile {
            header: Header {
                schema: migrations::latest_version(),
                sender: self.device_id(),
                sender_name: self.setting("device_name")?.unwrap_or_default(),
                created: meta_get(self.conn(), "last_hlc")?.unwrap_or_default(),
                full: peer.is_none(),
                for_device: peer.map(|p| p.device_id),
                knowledge: self.knowledge()?,
                base: peer.map(|p| p.knowledge.clone()).unwrap_or_default(),
                revisions: revisions.len() as u64,
                blobs: blobs.len() as u64,
            },
            revisions,
            canonical_bodies: HashMap::new(),
            blobs,
        })
    }

    /// Every revision in the log, the built-in ones included.
    pub fn revision_total(&self) -> Result<u64> {
        let n: i64 = self
            .conn()
            .query_row("SELECT count(*) FROM revision", [], |r| r.get(0))?;
        Ok(n as u64)
    }

    pub(super) fn count_unknown_to(&self, knowledge: &BTreeMap<String, String>) -> Result<u64> {
        let k = serde_json::to_string(knowledge).map_err(|e| Error::Refused(e.to_string()))?;
        let n: i64 = self.conn().query_row(
            "WITH k (device, hlc) AS (SELECT key, value FROM json_each(?1))
             SELECT count(*) FROM revision r LEFT JOIN k ON k.device = r.device_id
             WHERE (k.hlc IS NULL OR r.hlc > k.hlc) AND r.device_id != ?2",
            params![k, crate::store::revisions::SEED_DEVICE.to_string()],
            |r| r.get(0),
        )?;
        Ok(n as u64)
    }
}
