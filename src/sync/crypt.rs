//! Passphrase encryption of a sync file for carrying on a USB stick, with `age` (scrypt + ChaCha20-Poly1305
//! STREAM): a well-reviewed format whose every chunk is authenticated, so a wrong passphrase, a flipped byte
//! and a cut-off file are all refused before a byte of plaintext is used.
//!
//! ```text
//! "FASHSYNC" | format u16 LE | flags u16 LE = 1 (encrypted) | age binary file of the plain sync file
//! ```
//!
//! The plain file inside keeps its own checksum and per-revision hashes, checked after decryption as usual.

use std::io::{Read, Write};

use age::secrecy::SecretString;

use super::file::{FORMAT_VERSION, MAGIC};
use crate::error::{Error, Result};

/// The flag bit of an encrypted file.
pub const FLAG_ENCRYPTED: u16 = 1;
const PREFIX_LEN: usize = MAGIC.len() + 4;
/// How many first bytes [`is_encrypted`] needs to tell.
pub const SNIFF_LEN: usize = PREFIX_LEN + AGE_MAGIC.len();
const AGE_MAGIC: &[u8] = b"age-encryption.org/";

fn bad(reason: impl Into<String>) -> Error {
    Error::BadSyncFile(reason.into())
}

/// Whether the bytes are an encrypted sync file: the flag in the unencrypted prefix, and the `age` header
/// after it (a damaged plain file whose flag bit flipped is not asked for a passphrase).
pub fn is_encrypted(bytes: &[u8]) -> bool {
    bytes.len() >= PREFIX_LEN
        && bytes.starts_with(MAGIC)
        && u16::from_le_bytes([bytes[10], bytes[11]]) & FLAG_ENCRYPTED != 0
        && bytes[PREFIX_LEN..].starts_with(AGE_MAGIC)
}

fn passphrase(p: &str) -> Result<SecretString> {
    if p.chars().count() < 6 {
        return Err(Error::invalid("口令", "至少 6 个字符"));
    }
    Ok(SecretString::from(p.to_string()))
}

/// The scrypt work factor this app encrypts with: N = 2^18, 256 MiB and about a second on an office laptop.
/// Fixed rather than age's per-machine calibration, so that a reader can bound what it accepts.
pub const WORK_FACTOR: u8 = 18;

/// The highest work factor a file is decrypted with: this app's own, with room for files that earlier builds
/// calibrated on faster laptops (2^20: 1 GiB, a few seconds). Anything higher is refused before a key is
/// derived: an e-mailed file must not be able to ask for 16 GiB (2^24) and a minute.
pub const MAX_WORK_FACTOR: u8 = 20;

/// Encrypts a plain sync file.
pub fn encrypt(plain: &[u8], pass: &str) -> Result<Vec<u8>> {
    let mut recipient = age::scrypt::Recipient::new(passphrase(pass)?);
    recipient.set_work_factor(WORK_FACTOR);
    let encryptor =
        age::Encryptor::with_recipients(std::iter::once(&recipient as &dyn age::Recipient))
            .map_err(|e| bad(format!("加密失败：{e}")))?;
    let mut out = Vec::with_capacity(plain.len() + 256);
    out.extend_from_slice(MAGIC);
    out.extend_from_slice(&FORMAT_VERSION.to_le_bytes());
    out.extend_from_slice(&FLAG_ENCRYPTED.to_le_bytes());
    let fail = |e: std::io::Error| bad(format!("加密失败：{e}"));
    let mut w = encryptor
        .wrap_output(&mut out)
        .map_err(|e| bad(format!("加密失败：{e}")))?;
    w.write_all(plain).map_err(fail)?;
    w.finish().map_err(fail)?;
    Ok(out)
}

/// Decrypts an encrypted sync file held in memory.
pub fn decrypt(bytes: &[u8], pass: &str) -> Result<Vec<u8>> {
    if !is_encrypted(bytes) {
        return Err(bad("这不是加密的法审台同步文件"));
    }
    let mut plain = Vec::new();
    decrypting(bytes, pass)?
        .read_to_end(&mut plain)
        .map_err(|_| bad("加密文件已损坏或不完整（内容校验不符），请重新导出"))?;
    Ok(plain)
}

/// The plain sync file inside an encrypted one, as a stream read from the encrypted file's first byte:
/// the passphrase is checked (and a wrong one, an excessive work factor or a damaged header refused)
/// before this returns; each chunk read after is authenticated, so an altered one fails the read with
/// `InvalidData`. A wrong passphrase and a damaged file are told apart where age can.
pub fn decrypting<'a, R: Read + 'a>(mut encrypted: R, pass: &str) -> Result<impl Read + 'a> {
    let mut prefix = [0u8; PREFIX_LEN];
    encrypted
        .read_exact(&mut prefix)
        .map_err(|_| bad("加密文件已损坏或不完整，请重新导出"))?;
    let version = u16::from_le_bytes([prefix[8], prefix[9]]);
    if version > FORMAT_VERSION {
        return Err(bad(format!(
            "此文件由更新版本的法审台生成（同步格式 {version}，本程序支持到 {FORMAT_VERSION}），请先升级法审台"
        )));
    }
    let mut identity = age::scrypt::Identity::new(SecretString::from(pass.to_string()));
    identity.set_max_work_factor(MAX_WORK_FACTOR);
    let decryptor =
        age::Decryptor::new(encrypted).map_err(|_| bad("加密文件已损坏或不完整，请重新导出"))?;
    decryptor
        .decrypt(std::iter::once(&identity as &dyn age::Identity))
        .map_err(|e| match e {
            age::DecryptError::DecryptionFailed | age::DecryptError::NoMatchingKeys => {
                Error::Passphrase("口令不正确（或文件已损坏）".into())
            }
            age::DecryptError::ExcessiveWork { .. } => bad("加密参数异常，文件不可信"),
            _ => bad("加密文件已损坏或不完整，请重新导出"),
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_round_trip_needs_the_passphrase_and_refuses_damage() {
        let plain = b"FASHSYNC plain content".to_vec();
        let enc = encrypt(&plain, "正确的口令123").unwrap();
        assert!(is_encrypted(&enc));
        assert!(!enc.windows(13).any(|w| w == b"plain content"));
        assert_eq!(decrypt(&enc, "正确的口令123").unwrap(), plain);
        let wrong = decrypt(&enc, "错误的口令123").unwrap_err().to_string();
        assert!(wrong.contains("口令不正确"), "{wrong}");
        let cut = decrypt(&enc[..enc.len() - 5], "正确的口令123").unwrap_err();
        assert!(cut.to_string().contains("损坏"), "{cut}");
        let mut flipped = enc.clone();
        let last = flipped.len() - 20;
        flipped[last] ^= 0x40;
        assert!(decrypt(&flipped, "正确的口令123").is_err());
        assert!(
            encrypt(&plain, "短").is_err(),
            "a short passphrase is refused"
        );
    }

    #[test]
    fn only_a_flagged_file_with_an_age_header_counts_as_encrypted() {
        let enc = encrypt(b"FASHSYNC plain content", "正确的口令123").unwrap();
        assert!(is_encrypted(&enc));
        // A plain file whose flag bit flipped is damaged, not encrypted: nobody is asked for a passphrase.
        let mut plain = enc[..PREFIX_LEN].to_vec();
        plain.extend_from_slice(b"{\"schema\":5}");
        assert!(!is_encrypted(&plain));
        // A file cut inside its age header is read as a damaged plain file as well.
        assert!(!is_encrypted(&enc[..PREFIX_LEN + 5]));
        let wrong = decrypt(&enc, "错误的口令123").unwrap_err();
        assert_eq!(wrong.kind(), crate::error::ErrorKind::Passphrase, "{wrong}");
    }

    #[test]
    fn a_file_asking_for_an_excessive_work_factor_is_refused_before_a_key_is_derived() {
        let enc = encrypt(b"FASHSYNC plain content", "正确的口令123").unwrap();
        let stanza = format!(" {WORK_FACTOR}\n");
        let at = enc
            .windows(stanza.len())
            .position(|w| w == stanza.as_bytes())
            .expect("the scrypt stanza names its work factor");
        let mut greedy = enc.clone();
        greedy.splice(at..at + stanza.len(), b" 24\n".iter().copied());
        // age refuses a factor above the bound before deriving anything (2^24 would take 16 GiB).
        let e = decrypt(&greedy, "正确的口令123").unwrap_err();
        assert!(e.to_string().contains("加密参数异常"), "{e}");
    }
}
