//! The sync file reader on arbitrary bytes: it must return a refusal, never panic, hang or allocate without
//! bound. Half the inputs get a correct checksum written over their last 32 bytes, so the fuzzer gets past the
//! checksum into the header, record framing and revision parsing, where a damaged-but-checksummed (or
//! malicious) file would land.

#![no_main]

use libfuzzer_sys::fuzz_target;
use sha2::{Digest, Sha256};

fuzz_target!(|data: &[u8]| {
    let _ = fashen::sync::file::read(data);
    if data.len() > 32 && data[0] & 1 == 1 {
        let mut fixed = data.to_vec();
        let body = fixed.len() - 32;
        let digest = Sha256::digest(&fixed[..body]);
        fixed[body..].copy_from_slice(&digest);
        let _ = fashen::sync::file::read(&fixed);
    }
    // Only the cheap checks of an encrypted file: a real decryption runs scrypt for a second.
    let _ = fashen::sync::crypt::is_encrypted(data);
});
