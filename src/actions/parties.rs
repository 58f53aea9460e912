//! Adding and editing units and people.

use crate::error::{Error, Result};
use crate::ids::{PersonId, UnitId};
use crate::model::party::validate_letter_code;
use crate::model::{validate, AdvisorEngagement, Person, Role, Unit, UnitKind};
use crate::store::Store;

/// A unit as typed on a form or the command line.
#[derive(Debug, Clone, Default, serde::Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct NewUnit {
    pub name: String,
    pub code: Option<String>,
    pub kind: Option<String>,
    pub parent: Option<String>,
    pub is_self: bool,
    pub phone: Option<String>,
}

pub fn add_unit(store: &mut Store, input: &NewUnit) -> Result<Unit> {
    let parent_id = match input.parent.as_deref().filter(|p| !p.trim().is_empty()) {
        Some(p) => Some(super::find_unit(store, p)?.id),
        None => None,
    };
    if let Some(c) = &input.code {
        validate_letter_code(c)?;
    }
    let unit = Unit {
        id: UnitId::new(store.clock()),
        name: validate::required_text("单位名称", &input.name, 60)?,
        code: input
            .code
            .as_deref()
            .map(str::trim)
            .filter(|c| !c.is_empty())
            .map(str::to_string),
        kind: match input.kind.as_deref() {
            Some(k) if !k.trim().is_empty() => UnitKind::parse(k)?,
            _ => UnitKind::Department,
        },
        parent_id,
        is_self: input.is_self,
        phone: validate::optional_text("联系电话", input.phone.as_deref().unwrap_or(""), 40)?,
    };
    unit.validate()?;
    store.write("unit.add", |tx| {
        if tx.unit_name_taken(&unit.name, unit.id.0)? {
            return Err(Error::Duplicate(format!("单位「{}」已登记", unit.name)));
        }
        if unit.is_self {
            if let Some(existing) = tx.self_unit()? {
                return Err(Error::Duplicate(format!(
                    "本机关已登记为「{}」",
                    existing.name
                )));
            }
        }
        tx.put(&unit, &format!("登记单位：{}", unit.name))?;
        Ok(())
    })?;
    Ok(unit)
}

/// A person as typed on a form or the command line.
#[derive(Debug, Clone, Default, serde::Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct NewPerson {
    pub name: String,
    pub role: String,
    pub unit: Option<String>,
    pub phone: Option<String>,
    pub law_firm: Option<String>,
    pub licence_no: Option<String>,
    pub term_start: Option<String>,
    pub term_end: Option<String>,
    /// 签发人 of their unit (the office, when no unit is named).
    pub signs: bool,
}

pub fn add_person(store: &mut Store, input: &NewPerson) -> Result<Person> {
    let role = Role::parse(&input.role)?;
    let unit_id = match input.unit.as_deref().filter(|u| !u.trim().is_empty()) {
        Some(u) => Some(super::find_unit(store, u)?.id),
        None if input.signs => store.self_unit()?.map(|u| u.id),
        None => None,
    };
    let has_engagement = input.law_firm.is_some() || input.licence_no.is_some();
    let advisor = if role == Role::Advisor || has_engagement {
        Some(AdvisorEngagement {
            law_firm: input
                .law_firm
                .clone()
                .unwrap_or_default()
                .trim()
                .to_string(),
            licence_no: input
                .licence_no
                .clone()
                .unwrap_or_default()
                .trim()
                .to_string(),
            term_start: validate::optional_date(
                "聘期开始",
                input.term_start.as_deref().unwrap_or(""),
            )?,
            term_end: validate::optional_date("聘期结束", input.term_end.as_deref().unwrap_or(""))?,
        })
    } else {
        None
    };
    let person = Person {
        id: PersonId::new(store.clock()),
        name: validate::required_text("姓名", &input.name, 30)?,
        role,
        unit_id,
        phone: validate::optional_text("联系电话", input.phone.as_deref().unwrap_or(""), 40)?,
        advisor,
        signs: input.signs,
    };
    person.validate()?;
    store.write("person.add", |tx| {
        if tx.person_name_taken(&person.name, person.id.0)? {
            return Err(Error::Duplicate(format!(
                "已有名为「{}」的人员；同名的人会在指派承办人、法律顾问时混淆，请加以区分（如「{}（法规科）」）",
                person.name, person.name
            )));
        }
        tx.put(
            &person,
            &format!("登记人员：{}（{}）", person.name, person.role.label()),
        )?;
        Ok(())
    })?;
    Ok(person)
}

/// Makes `who` a 签发人 of their unit, or (`signs` false) no longer one.
pub fn set_signer(store: &mut Store, who: &str, signs: bool) -> Result<Person> {
    let found = super::find_person(store, who)?;
    store
        .write("person.signer", |tx| {
            let mut person: Person = super::require(tx, found.id.0)?;
            if person.signs == signs {
                return Err(Error::Refused(format!(
                    "{}{}签发人，未作改动",
                    person.name,
                    if signs { "已是" } else { "本来就不是" }
                )));
            }
            if signs && person.unit_id.is_none() && person.role != Role::Advisor {
                person.unit_id = tx.self_unit()?.map(|u| u.id);
            }
            person.signs = signs;
            person.validate()?;
            let what = if signs {
                "指定签发人"
            } else {
                "取消签发人"
            };
            tx.put(&person, &format!("{what}：{}", person.name))?;
            Ok(person)
        })
        .map(|w| w.value)
}

/// Every unit, in the table's order.
pub fn list_units(store: &Store) -> Result<Vec<Unit>> {
    store.all()
}

/// Every person, in the table's order.
pub fn list_people(store: &Store) -> Result<Vec<Person>> {
    store.all()
}
