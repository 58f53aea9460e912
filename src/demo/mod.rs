//! Demo data modelled on a district justice bureau's year (the 丹徒区 report behind domain.md): the office and
//! its submitting units, staff, five legal advisors, and fifty cases of every kind in every stage, with letters
//! and filings. Everything is made through the ordinary actions, so it obeys every rule a user would. Dates count
//! back from today, so the register always looks like the current year's work; beside it, the report's own year
//! 2017 is closed in the registers with the report's figures ([`archive`]).

mod archive;
mod data;
mod plans;
mod reviews;
mod story;

use chrono::{Duration, NaiveDate};
use serde::Serialize;

use crate::actions::cases::{advance_case, edit_case, extend_case, register_case, Advance};
use crate::actions::letters::{issue_letter, new_letter, sign_letter, LetterEdit};
use crate::actions::parties::{add_person, add_unit, NewPerson, NewUnit};
use crate::actions::records::{add_filing, attach_file, FilingInput};
use crate::error::{Error, Result};
use crate::model::{CaseKind, Status};
pub use crate::store::DemoCleared;
use crate::store::Store;
use data::{findings_for, DemoCase, ADVISORS, CASES, UNITS};
use Status::*;

#[derive(Debug, Serialize)]
pub struct DemoSummary {
    pub units: usize,
    pub people: usize,
    pub advisors: usize,
    pub cases: usize,
    pub letters: usize,
    pub filings: usize,
}

/// Loads the demo into an empty database, every record written as [`crate::store::DEMO_AUTHOR`]'s so that
/// [`clear`] can take it out again. Refused if the database already holds cases.
pub fn load(store: &mut Store) -> Result<DemoSummary> {
    if store.case_count()? > 0 {
        return Err(Error::Refused(
            "数据库中已有案件，演示数据只能载入空数据库".into(),
        ));
    }
    let user = store.author().to_string();
    store.set_author(crate::store::DEMO_AUTHOR);
    // All of it or none: a kill or a full disk half-way leaves the database as it was, and a rerun works.
    let summary = store.batch(load_as_demo_author);
    store.set_author(&user);
    let summary = summary?;
    store.note_demo_loaded()?;
    Ok(summary)
}

fn load_as_demo_author(store: &mut Store) -> Result<DemoSummary> {
    let today = store.clock().today();
    let d = |days_ago: i64| (today - Duration::days(days_ago)).to_string();

    if store.self_unit()?.is_none() {
        add_unit(
            store,
            &NewUnit {
                name: "丹徒区司法局".into(),
                code: Some("徒法审".into()),
                kind: Some("department".into()),
                is_self: true,
                phone: Some("0511-85xxxx01".into()),
                ..Default::default()
            },
        )?;
    }
    for (name, code, kind) in UNITS {
        add_unit(
            store,
            &NewUnit {
                name: (*name).into(),
                code: code.map(Into::into),
                kind: Some((*kind).into()),
                ..Default::default()
            },
        )?;
    }
    add_unit(
        store,
        &NewUnit {
            name: "江苏京江律师事务所".into(),
            code: Some("京江律意".into()),
            kind: Some("law_firm".into()),
            ..Default::default()
        },
    )?;
    for (name, role) in [
        ("王立新", "leader"),
        ("陈静", "section_head"),
        ("刘洋", "clerk"),
        ("张晓敏", "clerk"),
        ("赵磊", "clerk"),
    ] {
        add_person(
            store,
            &NewPerson {
                name: name.into(),
                role: role.into(),
                unit: Some("丹徒区司法局".into()),
                signs: name == "王立新",
                ..Default::default()
            },
        )?;
    }
    for (name, firm, licence) in ADVISORS {
        add_person(
            store,
            &NewPerson {
                name: (*name).into(),
                role: "advisor".into(),
                law_firm: Some((*firm).into()),
                licence_no: Some((*licence).into()),
                term_start: Some(d(400)),
                term_end: Some((today + Duration::days(330)).to_string()),
                ..Default::default()
            },
        )?;
    }
    let clerks = ["刘洋", "张晓敏", "赵磊"];

    let (mut cases, mut letters, mut filings) = (0, 0, 0);
    // Registered in order of receipt, so registration numbers run with the dates.
    let mut order: Vec<(usize, &DemoCase)> = CASES.iter().enumerate().collect();
    order.sort_by_key(|(_, c)| std::cmp::Reverse(c.days_ago));
    let mut registered = Vec::with_capacity(order.len());
    for (i, dc) in order {
        let received = today - Duration::days(dc.days_ago);
        let mut fields: Vec<(String, String)> = vec![
            ("title".into(), dc.title.into()),
            ("unit".into(), dc.unit.into()),
            ("received".into(), received.to_string()),
            ("assignee".into(), clerks[i % clerks.len()].into()),
            (
                "contact".into(),
                ["李明", "王芳", "陈刚", "刘婷"][i % 4].into(),
            ),
            (
                "contact_phone".into(),
                format!("0511-8561{:04}", 1000 + i * 37),
            ),
        ];
        if let Some(a) = dc.advisor {
            fields.push(("advisors".into(), ADVISORS[a].0.into()));
        }
        if dc.kind == CaseKind::PenaltyFiling {
            // A decision made a week before it reaches the office for filing.
            fields.push((
                "decision_on".into(),
                (received - Duration::days(6)).to_string(),
            ));
            fields.push(("filing_received_on".into(), received.to_string()));
            fields.push(("agency".into(), dc.unit.into()));
        }
        match dc.kind {
            // The case team reports to the head the day the case goes on the platform.
            CaseKind::CrimeTransfer => fields.push(("reported_on".into(), received.to_string())),
            // The reconsideration body notifies the maker two days after the application's copy arrives.
            CaseKind::Reconsideration if dc.fields.contains(&("incidental_review", "是")) => {
                fields.push(("incidental_review".into(), "是".into()));
                fields.push((
                    "maker_notified_on".into(),
                    (received + Duration::days(2)).min(today).to_string(),
                ));
            }
            _ => {}
        }
        let case = register_case(store, dc.kind, &fields, None)?;
        cases += 1;
        registered.push((i, dc, received, case));
    }
    // Then each case's story, in the order its letter is signed: 文号 run with their dates, as an office's do.
    registered.sort_by_key(|&(_, dc, received, _)| (sign_day(dc, received, today), received));
    for (i, dc, received, mut case) in registered {
        // A date written "+20" is that many days after receipt; a 建议提案's feedback follows its reply.
        let value = |v: &str| match v.strip_prefix('+').and_then(|n| n.parse::<i64>().ok()) {
            Some(n) => (received + Duration::days(n)).min(today).to_string(),
            None => v.to_string(),
        };
        type Fields = Vec<(String, String)>;
        let (extra, after_reply): (Fields, Fields) = dc
            .fields
            .iter()
            .filter(|(_, v)| !v.is_empty())
            .map(|(k, v)| (k.to_string(), value(v)))
            .partition(|(k, _)| k != "feedback");
        let step = step_days(dc);
        let mut day = received;
        let mut letter_id = None;
        if !extra.is_empty() {
            case = edit_case(store, case.id, &extra)?.record;
        }
        for &to in dc.path {
            day = (day + Duration::days(step)).min(today);
            let on = Some(day.to_string());
            let note = match to {
                AwaitingMaterials => Some("缺少征求意见及采纳情况说明，请补正".to_string()),
                Returned => Some("所报文件不属于规范性文件，退回送审单位".to_string()),
                Withdrawn => Some("送审单位申请撤回".to_string()),
                NotIssued => Some("经集体讨论，暂缓出台".to_string()),
                TransferRefused => Some(
                    "尚未对人体健康造成严重危害，未达刑事立案追诉标准，依法给予行政处罚"
                        .to_string(),
                ),
                _ => None,
            };
            match to {
                AwaitingSignoff => {
                    // The kind's own title, opening and legal basis; the conclusion follows from the
                    // outcome; an office letter is signed by the deputy head, an advisor's by its lawyers.
                    let edit = LetterEdit {
                        add_findings: findings_for(dc.kind, dc.title, case.outcome),
                        signatory: (dc.kind != CaseKind::Advice).then(|| "王立新".into()),
                        drafted_on: Some(day.to_string()),
                        author: Some(
                            dc.advisor
                                .map_or(clerks[i % clerks.len()], |a| ADVISORS[a].0)
                                .into(),
                        ),
                        ..Default::default()
                    };
                    letter_id = Some(new_letter(store, &case, None, None, &edit)?.id);
                    letters += 1;
                }
                OpinionIssued => {
                    if let Some(id) = letter_id {
                        sign_letter(store, id, on.as_deref(), None, None)?;
                        if dc.days_ago > 60 {
                            issue_letter(store, id, on.as_deref())?;
                        }
                    }
                }
                Published => {
                    let pub_fields: Vec<(String, String)> = match dc.kind {
                        CaseKind::NormativeDoc => {
                            let mut f = vec![
                                (
                                    "doc_no".into(),
                                    format!("徒政规〔{}〕{}号", day.format("%Y"), i + 1),
                                ),
                                ("published_on".into(), day.to_string()),
                                (
                                    "effective_on".into(),
                                    (day + Duration::days(30)).to_string(),
                                ),
                            ];
                            // The rule dates the others (5 years, 2 for 暂行/试行); one states its own.
                            if i == 12 {
                                f.push((
                                    "valid_until".into(),
                                    (day + Duration::days(200)).to_string(),
                                ));
                            }
                            f
                        }
                        _ => vec![("published_on".into(), day.to_string())],
                    };
                    case = edit_case(store, case.id, &pub_fields)?.record;
                }
                Filed => {
                    let receipt = format!("徒备〔{}〕{}号", day.format("%Y"), 10 + i);
                    filings += story::file_with_both(store, &case, day, &receipt)?;
                }
                // The judgment is served two days after it is given; the appeal period runs from then.
                Judged => {
                    let served = (day + Duration::days(2)).min(today);
                    let f = [("judgment_served_on".to_string(), served.to_string())];
                    case = edit_case(store, case.id, &f)?.record;
                }
                AwaitingFiling => {}
                _ => {}
            }
            // A lawsuit still at trial has its next hearing set, on the dashboard's calendar: who goes is 待定.
            if to == InTrial && dc.path.last() == Some(&InTrial) {
                crate::actions::records::add_hearing(
                    store,
                    case.id,
                    &crate::actions::records::HearingInput {
                        on: (today + Duration::days(12)).to_string(),
                        court_room: Some("第二审判庭".into()),
                        appeared: "pending".into(),
                        appeared_names: None,
                        reason: None,
                    },
                )?;
            }
            // A lawsuit goes to trial with its hearing: the head (or a deputy) appears, as the office's
            // 出庭应诉率 of 100 % says.
            if to == InTrial {
                crate::actions::records::add_hearing(
                    store,
                    case.id,
                    &crate::actions::records::HearingInput {
                        on: day.to_string(),
                        court_room: Some("第一审判庭".into()),
                        appeared: "deputy_head".into(),
                        // The defendant's own deputy head (a department's 副局长, the government's 副区长): the
                        // head of a body under the defendant would not count.
                        appeared_names: Some(
                            if dc.unit == "丹徒区人民政府" {
                                "副区长 钱进"
                            } else {
                                "副局长 赵刚"
                            }
                            .into(),
                        ),
                        reason: None,
                    },
                )?;
            }
            let outcome = if to == OpinionIssued {
                case.outcome.map(|o| o.code().to_string())
            } else {
                None
            };
            let input = Advance {
                note,
                on,
                outcome,
                decision: None,
            };
            case = advance_case(store, case.id, to, &input)?.record;
            if to == Replied && !after_reply.is_empty() {
                case = edit_case(store, case.id, &after_reply)?.record;
            }
            // The files are examined while the round is under way, before its results are published;
            // the units have a month to put right what was found.
            if to == Inspecting {
                inspect_files(store, &case)?;
            }
            if to == ResultsPublished {
                let by = [(
                    "rectify_by".to_string(),
                    (day + Duration::days(30)).to_string(),
                )];
                case = edit_case(store, case.id, &by)?.record;
            }
            if to == AwaitingFiling && dc.path.last() == Some(&AwaitingFiling) {
                add_filing(
                    store,
                    case.id,
                    &FilingInput {
                        channel: Some("npc_standing_committee".into()),
                        ..Default::default()
                    },
                )?;
                filings += 1;
            }
        }
        if i == 5 {
            extend_case(
                store,
                case.id,
                5,
                "涉及多部门职责，需征求相关部门意见",
                "陈静",
                None,
            )?;
        }
        if i == 0 {
            attach_file(
                store,
                case.id,
                "送审稿.txt",
                "丹徒区农村村民住房建设管理办法（送审稿）\n第一条 为了规范农村村民住房建设……"
                    .as_bytes(),
                Some("送审稿"),
            )?;
        }
    }
    // And the seed's own year, closed: the registers' records behind its report's figures.
    cases += archive::load(store)?;
    plans::plan_this_year(store)?;
    cases += 1;
    Ok(DemoSummary {
        units: UNITS.len() + 2,
        people: 5 + ADVISORS.len(),
        advisors: ADVISORS.len(),
        cases,
        letters,
        filings,
    })
}

/// The files a demo round examined: two or three per unit, most of them sound, one a failure.
fn inspect_files(store: &mut Store, case: &crate::model::ReviewCase) -> Result<()> {
    use crate::actions::inspection::{add_inspected_file, InspectedFileInput};
    for &(unit, no, kind, scores, problems, asked) in data::INSPECTED_FILES {
        add_inspected_file(
            store,
            case.id,
            &InspectedFileInput {
                unit: unit.into(),
                file_no: no.into(),
                decision_kind: Some(kind.into()),
                scores: Some(scores.into()),
                grade: None,
                problems: (!problems.is_empty()).then(|| problems.into()),
                rectification: (!asked.is_empty()).then(|| asked.into()),
                rectified_on: None,
            },
        )?;
    }
    Ok(())
}

/// A demo case moves a step every few days after receipt (never later than today).
fn step_days(dc: &DemoCase) -> i64 {
    // A transfer's steps are days apart, as its 3-day and 24-hour limits require.
    if dc.kind == CaseKind::CrimeTransfer {
        return 1;
    }
    (dc.days_ago / (dc.path.len() as i64 + 2)).clamp(1, 12)
}

/// The day a demo case's letter is signed (its step to 已出具意见), if it gets that far.
fn sign_day(dc: &DemoCase, received: NaiveDate, today: NaiveDate) -> Option<NaiveDate> {
    let n = dc.path.iter().position(|&s| s == OpinionIssued)? as i64;
    Some((received + Duration::days(step_days(dc) * (n + 1))).min(today))
}

/// Deletes the demo data and nothing else (see [`Store::clear_demo`]).
pub fn clear(store: &mut Store) -> Result<DemoCleared> {
    store.clear_demo()
}
