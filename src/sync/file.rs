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
use std::io::Read;

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
/// Largest revision: far above any record the write path lets through (a text field holds at most 2 000
/// characters), so only a damaged or forged length reaches it.
const MAX_REVISION: usize = 16 << 20;
/// Largest header: its knowledge lists one line per laptop ever seen.
const MAX_HEADER: usize = 4 << 20;

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

/// The file read as a stream: every byte taken is added to the checksum, and a file that ends early is
/// reported as incomplete.
struct Stream<R> {
    inner: R,
    sha: Sha256,
}

fn read_error(e: std::io::Error) -> Error {
    match e.kind() {
        std::io::ErrorKind::UnexpectedEof => bad("文件不完整，可能未拷贝完整"),
        // What an encrypted file's authenticated chunks report when one was altered.
        std::io::ErrorKind::InvalidData => {
            bad("文件已损坏（内容校验不符），可能在拷贝中出错，请重新导出")
        }
        _ => bad(format!("无法读取文件：{}", Error::Io(e))),
    }
}

impl<R: Read> Stream<R> {
    /// Exactly `buf.len()` bytes, not added to the checksum.
    fn fill_unhashed(&mut self, buf: &mut [u8]) -> Result<()> {
        self.inner.read_exact(buf).map_err(read_error)
    }
    fn fill(&mut self, buf: &mut [u8]) -> Result<()> {
        self.fill_unhashed(buf)?;
        self.sha.update(&*buf);
        Ok(())
    }
    /// Appends exactly `n` bytes to `out`, which grows only as bytes arrive: a length field that promises
    /// more than the file holds costs nothing.
    fn append(&mut self, out: &mut Vec<u8>, n: usize) -> Result<()> {
        let start = out.len();
        let got = (&mut self.inner)
            .take(n as u64)
            .read_to_end(out)
            .map_err(read_error)?;
        if got != n {
            return Err(read_error(std::io::ErrorKind::UnexpectedEof.into()));
        }
        self.sha.update(&out[start..]);
        Ok(())
    }
    fn array<const N: usize>(&mut self) -> Result<[u8; N]> {
        let mut b = [0u8; N];
        self.fill(&mut b)?;
        Ok(b)
    }
    fn u8(&mut self) -> Result<u8> {
        Ok(self.array::<1>()?[0])
    }
    fn u16(&mut self) -> Result<u16> {
        Ok(u16::from_le_bytes(self.array()?))
    }
    fn u32(&mut self) -> Result<u32> {
        Ok(u32::from_le_bytes(self.array()?))
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

/// Reads and verifies a whole file held in memory; nothing is returned unless every check passes.
pub fn read(bytes: &[u8]) -> Result<SyncFile> {
    read_from(bytes, bytes.len() as u64)
}

/// Reads and verifies a file as it streams in (`size_hint`: its length, if known, to reserve room once).
/// Nothing is returned unless every check passes, and memory holds only the records the file really has
/// (the room reserved for revisions is address space until a revision fills it): the header is read from
/// the first bytes and bounded, each record's length is bounded before it is read, and a record beyond the
/// counts the header declares refuses the file at once — a foreign or forged file of gigabytes is refused
/// after its first bytes, and `/dev/zero` at its first record.
pub fn read_from(reader: impl Read, size_hint: u64) -> Result<SyncFile> {
    let mut r = Stream {
        inner: reader,
        sha: Sha256::new(),
    };
    let mut magic = [0u8; MAGIC.len()];
    if r.fill(&mut magic).is_err() || &magic != MAGIC {
        return Err(bad("这不是法审台同步文件（.fashen），或文件开头已损坏"));
    }
    let version = r.u16()?;
    if version > FORMAT_VERSION {
        return Err(bad(format!(
            "此文件由更新版本的法审台生成（同步格式 {version}，本程序支持到 {FORMAT_VERSION}），请先升级法审台"
        )));
    }
    if version == 0 {
        return Err(bad("同步格式编号无效"));
    }
    let flags = r.u16()?;
    if flags != 0 {
        return Err(bad(
            "文件使用了本程序不支持的选项（如加密），请先升级法审台",
        ));
    }
    let header_len = r.u32()? as usize;
    if header_len > MAX_HEADER {
        return Err(bad("文件头过大，文件已损坏或不是法审台同步文件"));
    }
    let mut header_json = Vec::new();
    r.append(&mut header_json, header_len)?;
    let header: Header =
        serde_json::from_slice(&header_json).map_err(|e| bad(format!("文件头无法读取：{e}")))?;
    let too_many = || bad("文件头记录的条数与内容不符");
    // Every revision's bytes in one buffer (100 000 allocations, or a list grown step by step, took a
    // noticeable part of an import), never more than the file could hold.
    let cap = |n: u64, each: u64| usize::try_from(n.min(size_hint / each)).unwrap_or(0);
    let mut revision_bytes = Vec::with_capacity(cap(size_hint.min(1 << 30), 1));
    let mut spans = Vec::with_capacity(cap(header.revisions, 5));
    let mut blobs = Vec::with_capacity(cap(header.blobs, 69));
    loop {
        match r.u8()? {
            TAG_END => break,
            TAG_REVISION => {
                if spans.len() as u64 >= header.revisions {
                    return Err(too_many());
                }
                let len = r.u32()? as usize;
                if len > MAX_REVISION {
                    return Err(bad(format!(
                        "第 {} 条修订超过 {} MB，文件已损坏",
                        spans.len() + 1,
                        MAX_REVISION >> 20
                    )));
                }
                let start = revision_bytes.len();
                r.append(&mut revision_bytes, len)?;
                spans.push(start..revision_bytes.len());
            }
            TAG_BLOB => {
                if blobs.len() as u64 >= header.blobs {
                    return Err(too_many());
                }
                let len = r.u32()? as usize;
                let Some(data_len) = len.checked_sub(64).filter(|&n| n <= MAX_RECORD) else {
                    return Err(bad("附件记录不完整或过大"));
                };
                let sha = r.array::<64>()?;
                // 64 hex digits, or the record is not one of ours (and slicing it for a message could panic).
                let sha = std::str::from_utf8(&sha)
                    .ok()
                    .filter(|s| s.bytes().all(|b| b.is_ascii_hexdigit()))
                    .ok_or_else(|| bad("附件记录的摘要无效"))?
                    .to_string();
                let mut data = Vec::with_capacity(cap(data_len as u64, 1));
                r.append(&mut data, data_len)?;
                if hex::encode(Sha256::digest(&data)) != sha {
                    return Err(bad(format!("附件 {} 的内容与其摘要不符", &sha[..12])));
                }
                blobs.push((sha, data));
            }
            other => return Err(bad(format!("未知的记录类型 {other:#04x}"))),
        }
    }
    // The checksum covers every byte before it: an altered file stops here.
    let computed = r.sha.clone().finalize();
    let mut digest = [0u8; DIGEST_LEN];
    r.fill_unhashed(&mut digest)?;
    if computed.as_slice() != digest {
        return Err(bad(
            "文件已损坏或不完整（校验和不符），可能在拷贝中出错，请重新导出",
        ));
    }
    if r.inner.read(&mut [0u8; 1]).map_err(read_error)? != 0 {
        return Err(bad("文件结尾有多余内容"));
    }
    if header.revisions != spans.len() as u64 || header.blobs != blobs.len() as u64 {
        return Err(too_many());
    }
    let raw: Vec<&[u8]> = spans.iter().map(|s| &revision_bytes[s.clone()]).collect();
    let (revisions, bodies): (Vec<Revision>, Vec<String>) =
        parse_revisions(&raw)?.into_iter().unzip();
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
    fn a_file_that_goes_on_past_what_its_header_declares_is_refused_without_reading_the_rest() {
        // A genuine beginning (header and first records), then the same revision record repeated forever:
        // read as a stream, the file is refused at the first record beyond the header's count instead of
        // being read into memory until the machine runs out.
        let bytes = write(&sample()).unwrap();
        let header_end = 16 + u32::from_le_bytes(bytes[12..16].try_into().unwrap()) as usize;
        let first_len =
            u32::from_le_bytes(bytes[header_end + 1..header_end + 5].try_into().unwrap());
        let record = bytes[header_end..header_end + 5 + first_len as usize].to_vec();
        let endless = (&bytes[..header_end]).chain(RepeatSlice(record, 0));
        let e = read_from(endless, 0).unwrap_err().to_string();
        assert!(e.contains("条数与内容不符"), "{e}");
        // A length no record may have is refused before anything is read for it.
        let mut huge = bytes[..header_end].to_vec();
        huge.push(TAG_REVISION);
        huge.extend_from_slice(&u32::MAX.to_le_bytes());
        let e = read_from(huge.as_slice().chain(std::io::repeat(b'{')), 0)
            .unwrap_err()
            .to_string();
        assert!(e.contains("第 1 条修订超过 16 MB"), "{e}");
        let mut header = bytes[..12].to_vec();
        header.extend_from_slice(&u32::MAX.to_le_bytes());
        let e = read_from(header.as_slice().chain(std::io::repeat(b' ')), 0)
            .unwrap_err()
            .to_string();
        assert!(e.contains("文件头过大"), "{e}");
    }

    /// The same bytes over and over, forever.
    struct RepeatSlice(Vec<u8>, usize);

    impl Read for RepeatSlice {
        fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
            let n = buf.len().min(self.0.len() - self.1);
            buf[..n].copy_from_slice(&self.0[self.1..self.1 + n]);
            self.1 = (self.1 + n) % self.0.len();
            Ok(n)
        }
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
