//! 2017's reviews, as the seed's report counts them: "区政府法律顾问为12件政府文件和6份政府重要协议进行合法性审查
//! 并出具意见书" (nine normative documents and three major decisions, six agreements, each reviewed with an
//! advisor whose letter went out), "政府规范性文件报备率达100%" (every document published and filed with both
//! bodies within its 30 days), and "全年共收到145件重大行政处罚决定备案". Made through the ordinary actions on the
//! days a clerk would have entered them.

use chrono::NaiveDate;

use super::data::{findings_for, ADVISORS};
use super::story::{add_days, day, file_with_both, owned, step, Fields};
use crate::actions::cases::{advance_case, edit_case, Advance};
use crate::actions::letters::{issue_letter, new_letter, sign_letter, LetterEdit};
use crate::error::Result;
use crate::model::{CaseKind, ReviewCase, Status};
use crate::store::Store;

/// A review of the year: kind, title, submitting unit, the day it came (month, day), the advisor (index into
/// `ADVISORS`), the conclusion, and a contract's counterparty and amount (元).
pub(super) struct Review(
    CaseKind,
    &'static str,
    &'static str,
    (u32, u32),
    usize,
    &'static str,
    Option<(&'static str, u64)>,
);

use CaseKind::{Contract, MajorDecision, NormativeDoc};

#[rustfmt::skip]
pub(super) const REVIEWS: [Review; 18] = [
    Review(NormativeDoc, "丹徒区城市道路挖掘管理办法", "区城市管理局", (1, 9), 0, "lawful_after_revision", None),
    Review(NormativeDoc, "丹徒区最低生活保障实施细则", "区民政局", (2, 13), 1, "lawful", None),
    Review(NormativeDoc, "丹徒区农村集体资产管理办法", "区农业农村局", (3, 6), 2, "lawful_after_revision", None),
    Review(MajorDecision, "丹徒区老旧小区改造三年行动计划", "区住房和城乡建设局", (3, 20), 0, "lawful", None),
    Review(NormativeDoc, "丹徒区学前教育收费管理办法", "区教育局", (4, 10), 3, "lawful", None),
    Review(NormativeDoc, "丹徒区餐饮服务食品安全监督管理办法", "区市场监督管理局", (5, 8), 4, "lawful_after_revision", None),
    Review(MajorDecision, "丹徒区生活垃圾分类实施方案", "区城市管理局", (5, 22), 1, "lawful_after_revision", None),
    Review(NormativeDoc, "丹徒区区级财政专项资金管理办法", "区财政局", (6, 12), 2, "lawful", None),
    Review(NormativeDoc, "丹徒区殡葬管理实施办法", "区民政局", (7, 10), 0, "lawful_after_revision", None),
    Review(MajorDecision, "丹徒区公立医院综合改革实施方案", "区卫生健康委员会", (8, 7), 3, "lawful", None),
    Review(NormativeDoc, "丹徒区住宅小区物业管理办法", "区住房和城乡建设局", (9, 11), 4, "lawful_after_revision", None),
    Review(NormativeDoc, "丹徒区农贸市场管理办法", "区市场监督管理局", (10, 16), 1, "lawful", None),
    Review(Contract, "丹徒区污水处理厂特许经营协议", "丹徒区人民政府", (2, 20), 0, "sign_after_revision", Some(("镇江某水务有限公司", 186_000_000))),
    Review(Contract, "高资港区基础设施PPP项目合同", "丹徒区人民政府", (4, 17), 2, "sign_after_revision", Some(("江苏某建设集团有限公司", 420_000_000))),
    Review(Contract, "区政府与镇江某高校战略合作框架协议", "丹徒区人民政府办公室", (6, 5), 1, "approve_signing", None),
    Review(Contract, "丹徒新城道路保洁服务外包合同", "区城市管理局", (7, 24), 3, "approve_signing", Some(("镇江某环境服务有限公司", 12_800_000))),
    Review(Contract, "丹徒区招商引资项目投资协议", "丹徒区人民政府", (9, 4), 4, "sign_after_revision", Some(("某新能源科技有限公司", 650_000_000))),
    Review(Contract, "辛丰镇征收补偿安置协议（范本）", "辛丰镇人民政府", (11, 6), 0, "approve_signing", None),
];

/// The kind of the `i`th review.
pub(super) fn kind_of(i: usize) -> CaseKind {
    REVIEWS[i].0
}

/// How many 重大行政处罚决定 were filed with the office in the year.
pub(super) const PENALTY_FILINGS: usize = 145;

/// The agencies that made the year's major penalty decisions, in turn.
const AGENCIES: [&str; 5] = [
    "区市场监督管理局",
    "区城市管理局",
    "区生态环境局",
    "区卫生健康委员会",
    "区农业农村局",
];

pub(super) fn review_fields(i: usize) -> (NaiveDate, Fields) {
    let Review(kind, title, unit, (m, d), advisor, _, contract) = REVIEWS[i];
    let received = day(m, d);
    let title = match kind {
        NormativeDoc => format!("关于印发《{title}》的通知"),
        _ => title.to_string(),
    };
    let mut fields = owned(&[
        ("title", title),
        ("unit", unit.into()),
        ("received", received.to_string()),
        ("assignee", ["刘洋", "张晓敏", "赵磊"][i % 3].into()),
        ("advisors", ADVISORS[advisor].0.into()),
    ]);
    match kind {
        NormativeDoc => fields.extend(owned(&[("issuer_form", "government".into())])),
        MajorDecision => fields.extend(owned(&[
            ("catalogue_year", "2017".into()),
            ("catalogue_item", (i + 1).to_string()),
        ])),
        _ => {}
    }
    if let Some((party, yuan)) = contract {
        fields.extend(owned(&[
            ("counterparty", party.into()),
            ("amount", yuan.to_string()),
        ]));
    }
    (received, fields)
}

/// A review: in review the next day, the advisor's view, the advisor's letter drafted, signed and sent within
/// the review period; a normative document then published and filed with both bodies within its 30 days.
pub(super) fn review_story(store: &mut Store, i: usize, case: &ReviewCase) -> Result<()> {
    let Review(kind, title, _, _, advisor, outcome, _) = REVIEWS[i];
    let received = case.received;
    let case = step(store, case, Status::InReview, add_days(received, 1))?;
    let case = step(
        store,
        &case,
        Status::AdvisorConsulted,
        add_days(received, 3),
    )?;
    let case = edit_case(store, case.id, &owned(&[("outcome", outcome.into())]))?.record;
    let drafted = add_days(received, 6);
    let edit = LetterEdit {
        add_findings: findings_for(kind, title, case.outcome),
        signatory: Some("王立新".into()),
        drafted_on: Some(drafted.to_string()),
        author: Some(ADVISORS[advisor].0.into()),
        ..Default::default()
    };
    let case = step(store, &case, Status::AwaitingSignoff, drafted)?;
    let letter = new_letter(store, &case, None, None, &edit)?;
    // Entered afterwards from the paper files, with the numbers they went out under (from 101: the year's
    // letters of other matters came first).
    let signed = add_days(received, 8);
    let serial = 101 + signing_rank(i);
    sign_letter(
        store,
        letter.id,
        Some(&signed.to_string()),
        Some(serial),
        None,
    )?;
    issue_letter(store, letter.id, Some(&signed.to_string()))?;
    let case = step(store, &case, Status::OpinionIssued, signed)?;
    // The old-town plan's outcome was evaluated the next spring.
    let evaluated = day(1, 1) + chrono::Duration::days(365 + 100);
    if kind == MajorDecision && i == 3 && evaluated <= store.clock().today() {
        edit_case(
            store,
            case.id,
            &owned(&[
                (
                    "post_evaluation",
                    "已委托第三方开展决策后评估，改造目标基本实现，建议优化资金拨付流程".into(),
                ),
                ("post_evaluated_on", evaluated.to_string()),
            ]),
        )?;
    }
    if kind != NormativeDoc {
        return Ok(());
    }
    let published = add_days(received, 20);
    let case = edit_case(
        store,
        case.id,
        &owned(&[
            ("doc_no", format!("徒政规〔2017〕{}号", i + 1)),
            ("effective_on", add_days(published, 30).to_string()),
        ]),
    )?
    .record;
    let case = step(store, &case, Status::Published, published)?;
    let case = step(store, &case, Status::AwaitingFiling, published)?;
    let sent = add_days(published, 12);
    file_with_both(store, &case, sent, &format!("徒备〔2017〕{}号", i + 1))?;
    let case = step(store, &case, Status::Filed, add_days(sent, 5))?;
    let case = step(store, &case, Status::InForce, add_days(published, 30))?;
    // Five years on, in the clean-up before each one's validity ended (2022): repealed, amended or let lapse
    // (a laptop whose clock is before then leaves them in force).
    let cleaned = add_days(published, 5 * 365 - 60);
    if cleaned <= store.clock().today() {
        let cleanup = ["repealed", "amended", "expired"][i % 3];
        let case = edit_case(store, case.id, &owned(&[("cleanup", cleanup.into())]))?.record;
        step(store, &case, Status::CleanedUp, cleaned)?;
    }
    Ok(())
}

/// How many of the year's reviews were signed before the `i`th (all are signed eight days after they came).
fn signing_rank(i: usize) -> u32 {
    let on = |j: usize| (REVIEWS[j].3, j);
    (0..REVIEWS.len()).filter(|&j| on(j) < on(i)).count() as u32
}

/// The day the `i`th penalty decision's filing came in: spread over the working year, about three a week.
pub(super) fn penalty_fields(i: usize) -> (NaiveDate, Fields) {
    let received = add_days(day(1, 6), (i as i64 * 355) / PENALTY_FILINGS as i64);
    let agency = AGENCIES[i % AGENCIES.len()];
    let fields = owned(&[
        (
            "title",
            format!("{agency}重大行政处罚决定备案（第{}件）", i + 1),
        ),
        ("unit", agency.into()),
        ("received", received.to_string()),
        ("agency", agency.into()),
        ("decision_no", format!("镇徒罚〔2017〕{}号", 100 + i)),
        ("decision_on", add_days(received, -7).to_string()),
        ("filing_received_on", received.to_string()),
    ]);
    (received, fields)
}

/// A filing examined and registered within the week; every twentieth asked for an explanation first.
pub(super) fn penalty_story(store: &mut Store, i: usize, case: &ReviewCase) -> Result<()> {
    let received = case.received;
    let case = step(store, case, Status::InReview, add_days(received, 1))?;
    let case = step(store, &case, Status::AwaitingSignoff, add_days(received, 4))?;
    let outcome = if i % 20 == 7 {
        "explanation_required"
    } else {
        "filing_registered"
    };
    let input = Advance {
        on: Some(add_days(received, 5).to_string()),
        note: Some("经备案审查，登记备案".into()),
        outcome: Some(outcome.into()),
        decision: None,
    };
    advance_case(store, case.id, Status::OpinionIssued, &input)?;
    Ok(())
}
