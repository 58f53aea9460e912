//! 登记编号: the registration number a case gets when it is registered, `YYYY-NNN` per year of receipt.

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::model::validate;

/// 登记编号 `YYYY-NNN`, numbered per year of receipt.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct RegNo {
    pub year: i32,
    pub serial: u32,
}

impl fmt::Display for RegNo {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}-{:03}", self.year, self.serial)
    }
}

impl RegNo {
    pub fn parse(s: &str) -> Result<RegNo> {
        let bad = || {
            Error::invalid(
                "登记编号",
                format!("「{s}」应为「年份-序号」，例如 2018-012"),
            )
        };
        let (y, n) = s.trim().split_once('-').ok_or_else(bad)?;
        if y.len() != 4 || n.is_empty() || !y.chars().chain(n.chars()).all(|c| c.is_ascii_digit()) {
            return Err(bad());
        }
        let year: i32 = y.parse().map_err(|_| bad())?;
        if n.trim_start_matches('0').len() > 5 {
            return Err(Error::invalid(
                "登记编号",
                format!("序号应为 1—{}（现为 {n}）", validate::MAX_SERIAL),
            ));
        }
        let serial: u32 = n.parse().map_err(|_| bad())?;
        if serial == 0 || !(validate::MIN_YEAR..=validate::MAX_YEAR).contains(&year) {
            return Err(bad());
        }
        Ok(RegNo {
            year,
            serial: validate::serial("登记编号", serial)?,
        })
    }
}
