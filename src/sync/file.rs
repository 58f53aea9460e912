//! The sync file (`*.fashen`) that carries revisions and attachment blobs from one laptop to another.
//!
//! ```text
//! "FASHSYNC" | format u16 LE | flags u16 LE | header length u32 LE | header (JSON)
//! then per record: tag u8 ('R' revision JSON, 'B' blob: 64 hex chars of its SHA-256 then the bytes)
//!                  | length u32 LE | payload
//! 'E' | SHA-256 of everything before it (32 bytes)
//! ```
//!
//! Reading checks, before anything is parsed, that the file is one (magic), of a format this build reads, and
//! whole (the checksum over every byte); then every revision against its id and every blob against its hash.
//! A file that fails any check is refused as a whole with a message saying which check, so an import never
//! starts on a damaged or foreign file.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::error::{Error, Result};
use crate::ids::DeviceId;
use crate::revision::Revision;

pub const MAGIC: &[u8; 8] = b"FASHSYNC";
/// The newest format this build writes and reads.
pub const FORMAT_VERSION: u16 = 1;
const TAG_REVISION: u8 = b'R';
const TAG_BLOB: u8 = b'B';
const TAG_END: u8 = b'E';
const DIGEST_LEN: usize = 32;
/// Largest single record: an attachment of up to 256 MiB.
const MAX_RECORD: usize = 256 << 20;

/// What the file says about itself.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Header {
    /// The sender's database schema version.
    pub schema: i64,
    pub sender: DeviceId,
    pub sender_name: String,
    /// When it was written, as the sender's hybrid logical clock.
    pub created: String,
    /// Everything the sender has (as opposed to what one peer may lack).
    pub full: bool,
    /// The laptop it was written for, if any.
    pub for_device: Option<DeviceId>,
    /// What the sender had: per device, the newest HLC of its revisions. The receiver keeps it, to export to
    /// the sender only what it may lack.
    #[serde(default)]
    pub knowledge: std::collections::BTreeMap<String, String>,
    /// For a file written for one laptop: what the sender took that laptop to have (its knowledge from that
    /// laptop's last file). The receiver refuses the file unless it has at least that, since the file leaves
    /// the rest out.
    #[serde(default)]
    pub base: std::collections::BTreeMap<String, String>,
    pub revisions: u64,
    pub blobs: u64,
}

#[derive(Debug, Clone, PartialEq)]
pub struct SyncFile {
    pub header: Header,
    pub revisions: Vec<Revision>,
    /// Filled by [`read`]: each revision's body as canonical JSON, the text its id was checked over, by rev
    /// id. An import stores this text instead of writing it again (and writes it afresh for a revision not
    /// here). Empty in a file being written.
    pub canonical_bodies: HashMap<String, String>,
    /// (SHA-256 in hex, bytes).
    pub blobs: Vec<(String, Vec<u8>)>,
}

fn bad(reason: impl Into<String>) -> Error {
    Error::BadSyncFile(reason.into())
}

fn push_record(out: &mut Vec<u8>, tag: u8, payload: &[u8]) {
    out.push(tag);
    out.extend_from_slice(&(payload.len() as u32).to_le_bytes());
    out.extend_from_slice(payload);
}

/// The file's bytes. Counts in the header are set from the content.
pub fn write(file: &SyncFile) -> Result<Vec<u8>> {
    let mut header = file.header.clone();
    header.revisions = file.revisions.len() as u64;
    header.blobs = file.blobs.len() as u64;
    let header_json = serde_json::to_vec(&header).map_err(|e| bad(e.to_string()))?;
    // Each revision written on every core, then the file in one allocation of its final size (grown step by
    // step, 100 MB were copied and fresh pages zeroed several times over).
    let records = crate::par::map(&file.revisions, 2_000, |_, r| serde_json::to_vec(r))
        .into_iter()
        .collect::<std::result::Result<Vec<_>, _>>()
        .map_err(|e| bad(e.to_string()))?;
    let size = MAGIC.len()
        + 2
        + 2
        + 4
        + header_json.len()
        + records.iter().map(|r| 5 + r.len()).sum::<usize>()
        + file
            .blobs
            .iter()
            .map(|(_, b)| 5 + 64 + b.len())
            .sum::<usize>()
        + 1
        + DIGEST_LEN;
    let mut out = Vec::with_capacity(size);
    out.extend_from_slice(MAGIC);
    out.extend_from_slice(&FORMAT_VERSION.to_le_bytes());
    out.extend_from_slice(&0u16.to_le_bytes());
    out.extend_from_slice(&(header_json.len() as u32).to_le_bytes());
    out.extend_from_slice(&header_json);
    for json in &records {
        push_record(&mut out, TAG_REVISION, json);
    }
    for (sha, bytes) in &file.blobs {
        if bytes.len() > MAX_RECORD {
            return Err(bad(format!(
                "附件 {} 超过 256 MB，无法放入同步文件",
                sha.chars().take(12).collect::<String>()
            )));
        }
        let mut payload = Vec::with_capacity(64 + bytes.len());
        payload.extend_from_slice(sha.as_bytes());
        payload.extend_from_slice(bytes);
        push_record(&mut out, TAG_BLOB, &payload);
    }
    out.push(TAG_END);
    let digest = Sha256::digest(&out);
    out.extend_from_slice(&digest);
    Ok(out)
}

/// A cursor over the file's bytes that never reads past the end.
struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize) -> Result<&'a [u8]> {
        let end = self.at.checked_add(n).filter(|&e| e <= self.bytes.len());
        let end = end.ok_or_else(|| bad("文件不完整（记录在中途截断）"))?;
        let s = &self.bytes[self.at..end];
        self.at = end;
        Ok(s)
    }
    fn u8(&mut self) -> Result<u8> {
        Ok(self.take(1)?[0])
    }
    fn u16(&mut self) -> Result<u16> {
        let b = self.take(2)?;
        Ok(u16::from_le_bytes([b[0], b[1]]))
    }
    fn u32(&mut self) -> Result<u32> {
        let b = self.take(4)?;
        Ok(u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
    }
}

/// Parses each revision and checks it against its id, on every core (100 000 revisions take about 1.5 s on
/// one); the first bad one, in file order, is the one reported. Each comes with its body's canonical JSON.
fn parse_revisions(raw: &[&[u8]]) -> Result<Vec<(Revision, String)>> {
    let one = |i: usize, bytes: &&[u8]| -> Result<(Revision, String)> {
        let rev: Revision = serde_json::from_slice(bytes)
            .map_err(|e| bad(format!("第 {} 条修订无法读取：{e}", i + 1)))?;
        let body = crate::revision::canonical_json(&rev.body);
        if rev.id_over(&body) != rev.rev_id {
            return Err(bad(format!(
                "第 {} 条修订的内容与其编号不符（{}），文件已被改动",
                i + 1,
                rev.rev_id.chars().take(12).collect::<String>()
            )));
        }
        Ok((rev, body))
    };
    // A panic on some crafted record (none is known: see `fuzz/`) refuses the file instead of ending the app.
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        crate::par::map(raw, 2_000, one)
    }))
    .map_err(|_| bad("读取修订时出错"))?
    .into_iter()
    .collect()
}

/// Reads and verifies a whole file; nothing is returned unless every check passes.
pub fn read(bytes: &[u8]) -> Result<SyncFile> {
    if !bytes.starts_with(MAGIC) {
        return Err(bad("这不是法审台同步文件（.fashen），或文件开头已损坏"));
    }
    let mut r = Reader {
        bytes,
        at: MAGIC.len(),
    };
    let version = r.u16()?;
    if version > FORMAT_VERSION {
        return Err(bad(format!(
            "此文件由更新版本的法审台生成（同步格式 {version}，本程序支持到 {FORMAT_VERSION}），请先升级法审台"
        )));
    }
    if version == 0 {
        return Err(bad("同步格式编号无效"));
    }
    // The checksum covers every byte before it: a truncated or altered file stops here.
    if bytes.len() < r.at + 2 + 4 + 1 + DIGEST_LEN {
        return Err(bad("文件不完整，可能未拷贝完整"));
    }
    let (body, digest) = bytes.split_at(bytes.len() - DIGEST_LEN);
    if Sha256::digest(body).as_slice() != digest {
        return Err(bad(
            "文件已损坏或不完整（校验和不符），可能在拷贝中出错，请重新导出",
        ));
    }
    let mut r = Reader {
        bytes: body,
        at: r.at,
    };
    let flags = r.u16()?;
    if flags != 0 {
        return Err(bad(
            "文件使用了本程序不支持的选项（如加密），请先升级法审台",
        ));
    }
    let header_len = r.u32()? as usize;
    let header: Header = serde_json::from_slice(r.take(header_len)?)
        .map_err(|e| bad(format!("文件头无法读取：{e}")))?;
    // Room for every record at once (growing a list of 100 000 took a third of a second), but never more than
    // the bytes could hold: the header is checked against the records only after.
    let mut revisions = Vec::with_capacity((header.revisions as usize).min(body.len() / 5));
    let mut blobs = Vec::new();
    loop {
        match r.u8()? {
            TAG_END => break,
            TAG_REVISION => {
                let len = r.u32()? as usize;
                revisions.push(r.take(len)?);
            }
            TAG_BLOB => {
                let len = r.u32()? as usize;
                let payload = r.take(len)?;
                if payload.len() < 64 {
                    return Err(bad("附件记录不完整"));
                }
                let (sha, data) = payload.split_at(64);
                // 64 hex digits, or the record is not one of ours (and slicing it for a message could panic).
                let sha = std::str::from_utf8(sha)
                    .ok()
                    .filter(|s| s.bytes().all(|b| b.is_ascii_hexdigit()))
                    .ok_or_else(|| bad("附件记录的摘要无效"))?;
                if hex::encode(Sha256::digest(data)) != sha {
                    return Err(bad(format!("附件 {} 的内容与其摘要不符", &sha[..12])));
                }
                blobs.push((sha.to_string(), data.to_vec()));
            }
            other => return Err(bad(format!("未知的记录类型 {other:#04x}"))),
        }
    }
    if r.at != body.len() {
        return Err(bad("文件结尾有多余内容"));
    }
    if header.revisions != revisions.len() as u64 || header.blobs != blobs.len() as u64 {
        return Err(bad("文件头记录的条数与内容不符"));
    }
    let (revisions, bodies): (Vec<Revision>, Vec<String>) =
        parse_revisions(&revisions)?.into_iter().unzip();
    let canonical_bodies = revisions
        .iter()
        .map(|r| r.rev_id.clone())
        .zip(bodies)
        .collect();
    Ok(SyncFile {
        header,
        revisions,
        canonical_bodies,
        blobs,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::revision::{EntityKind, Hlc, Op};

    fn sample() -> SyncFile {
        let device = DeviceId(uuid::Uuid::from_u128(7));
        let revisions = (0..3)
            .map(|i| {
                Revision::new(
                    EntityKind::Unit,
                    uuid::Uuid::from_u128(100 + i),
                    Vec::new(),
                    device,
                    Hlc {
                        wall_ms: 1_780_000_000_000 + i as i64,
                        counter: 0,
                    },
                    "刘洋",
                    Op::Put,
                    "登记单位",
                    serde_json::json!({"name": format!("单位{i}")}),
                )
            })
            .collect();
        let blob = b"attachment bytes".to_vec();
        SyncFile {
            header: Header {
                schema: 4,
                sender: device,
                sender_name: "科室笔记本".into(),
                created: "0001780000000000-0000".into(),
                full: true,
                for_device: None,
                knowledge: Default::default(),
                base: Default::default(),
                revisions: 0,
                blobs: 0,
            },
            revisions,
            canonical_bodies: HashMap::new(),
            blobs: vec![(hex::encode(Sha256::digest(&blob)), blob)],
        }
    }

    #[test]
    fn a_file_reads_back_as_written() {
        let f = sample();
        let bytes = write(&f).unwrap();
        let back = read(&bytes).unwrap();
        assert_eq!(back.revisions, f.revisions);
        assert_eq!(back.blobs, f.blobs);
        assert_eq!(back.header.revisions, 3);
        assert_eq!(write(&back).unwrap(), bytes, "writing is deterministic");
    }

    #[test]
    fn every_truncation_and_every_changed_byte_is_refused() {
        let bytes = write(&sample()).unwrap();
        for len in 0..bytes.len() {
            assert!(read(&bytes[..len]).is_err(), "truncated to {len} bytes");
        }
        for i in 0..bytes.len() {
            for flip in [0x01u8, 0x80, 0xFF] {
                let mut b = bytes.clone();
                b[i] ^= flip;
                assert!(read(&b).is_err(), "byte {i} ^ {flip:#x} was accepted");
            }
        }
        let mut longer = bytes.clone();
        longer.push(0);
        assert!(read(&longer).is_err(), "trailing bytes");
    }

    #[test]
    fn foreign_and_future_files_say_so() {
        let msg = read(b"PK\x03\x04 not ours").unwrap_err().to_string();
        assert!(msg.contains("不是法审台同步文件"), "{msg}");
        let mut future = write(&sample()).unwrap();
        future[8] = 9;
        let msg = read(&future).unwrap_err().to_string();
        assert!(msg.contains("更新版本"), "{msg}");
    }

    #[test]
    fn a_revision_whose_content_no_longer_matches_its_id_is_refused() {
        // Tampered and re-checksummed: the per-revision hash still catches it.
        let mut f = sample();
        f.revisions[1].author = "王五".into();
        let bytes = write(&f).unwrap();
        let msg = read(&bytes).unwrap_err().to_string();
        assert!(msg.contains("第 2 条修订的内容与其编号不符"), "{msg}");
    }
}
