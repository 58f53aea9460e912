//! Newtype identifiers. Every entity id is a UUIDv7, made from the injected clock so ids sort by creation.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::clock::Clock;

/// A fresh UUIDv7 stamped with the clock's time.
pub fn new_uuid(clock: &dyn Clock) -> Uuid {
    let now = clock.now();
    let ts = uuid::Timestamp::from_unix(
        uuid::NoContext,
        now.timestamp() as u64,
        now.timestamp_subsec_nanos(),
    );
    Uuid::new_v7(ts)
}

/// The last 8 hex digits of an id: the random part of a time-ordered (v7) id, which tells records apart where
/// its first digits (the creation time) are the same for everything entered in the same hour. Any command that
/// takes an id takes this short form too.
pub fn short(id: Uuid) -> String {
    let s = id.simple().to_string();
    s[s.len() - 8..].to_string()
}

macro_rules! id_type {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[serde(transparent)]
        pub struct $name(pub Uuid);

        impl $name {
            pub fn new(clock: &dyn Clock) -> Self {
                $name(new_uuid(clock))
            }

            /// The short form tables show; see [`short`].
            pub fn short(&self) -> String {
                short(self.0)
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                self.0.fmt(f)
            }
        }

        impl FromStr for $name {
            type Err = uuid::Error;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                Uuid::parse_str(s).map($name)
            }
        }
    };
}

id_type!(/// A unit (单位).
    UnitId);
id_type!(/// A person: staff member or legal advisor.
    PersonId);
id_type!(/// A review case (审查事项).
    CaseId);
id_type!(/// An opinion letter (意见书).
    LetterId);
id_type!(/// A filing record (备案记录).
    FilingId);
id_type!(/// A clock event (暂停/恢复/延期).
    ClockEventId);
id_type!(/// An attachment's metadata record; its bytes are a blob keyed by SHA-256.
    AttachmentId);
id_type!(/// A hearing of a lawsuit (庭审).
    HearingId);
id_type!(/// A case file examined in a 案卷评查 round.
    InspectedFileId);
id_type!(/// A task of the year's 法治政府建设 plan (重点工作).
    KeyTaskId);
id_type!(/// What a unit reported on a key task (工作进展).
    TaskProgressId);
id_type!(/// An office's entry of a list of choices (办理类别, 成果形式): named by its list and code.
    ChoiceId);
id_type!(/// One laptop's database, created once per database.
    DeviceId);
id_type!(/// An entry of the clause library (常用审查意见).
    ClauseId);

/// A name-based id, the same on every laptop: for records that exist once per name (a calendar year, a
/// deadline rule), so two laptops that create one independently edit the same record. Version 8 (custom),
/// the bytes of SHA-256 over a fixed prefix and the name.
pub fn named_uuid(name: &str) -> Uuid {
    use sha2::{Digest, Sha256};
    let digest = Sha256::digest(format!("fashen/{name}").as_bytes());
    let mut bytes = [0u8; 16];
    bytes.copy_from_slice(&digest[..16]);
    uuid::Builder::from_custom_bytes(bytes).into_uuid()
}
