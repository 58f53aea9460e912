//! The words of the letters an office sends, per kind of letter and kind of case: the title, the opening, the
//! usual legal basis, the headings, and the concluding paragraph of each outcome. One table serves drafting (a
//! new letter's text, which the drafter then adjusts) and printing (the conclusion of a letter whose drafter
//! chose an outcome rather than typing one), so every path says what an office of its kind would send.

use super::case::{CaseDetails, ProposalCategory, ReviewCase};
use super::kind::{CaseKind, Outcome};
use super::letter::{LetterKind, OpinionLetter};
use super::validate::fmt_date;

/// The letter a case of `kind` normally gets; for a penalty filing the outcome decides between the filing
/// opinion, the request for an explanation and the correction advice.
pub fn default_letter_kind(kind: CaseKind, outcome: Option<Outcome>) -> LetterKind {
    match kind {
        CaseKind::Contract => LetterKind::ContractReview,
        CaseKind::Enforcement => LetterKind::EnforcementReview,
        // A lawsuit's or a reconsideration's letter is an advisor's opinion on how to answer it (应诉意见,
        // 答复意见); a transfer's, on whether the facts amount to a crime to be transferred.
        CaseKind::Advice
        | CaseKind::Litigation
        | CaseKind::Reconsideration
        | CaseKind::CrimeTransfer
        | CaseKind::FileInspection
        | CaseKind::TaskPlan => LetterKind::LegalOpinion,
        // A suggestion or a proposal is answered by its 主办单位, to the deputy or member.
        CaseKind::Proposal => LetterKind::ProposalReply,
        CaseKind::NormativeDoc | CaseKind::MajorDecision => LetterKind::ReviewOpinion,
        CaseKind::PenaltyFiling => match outcome {
            Some(Outcome::ExplanationRequired) => LetterKind::ExplanationNotice,
            Some(Outcome::CorrectionAdvised) => LetterKind::CorrectionAdvice,
            _ => LetterKind::FilingReview,
        },
    }
}

/// The review's own word: a normative document is 审核ed (国办发〔2018〕115号), a decision or a contract 审查ed.
fn review_word(kind: CaseKind) -> &'static str {
    match kind {
        CaseKind::NormativeDoc | CaseKind::Enforcement => "审核",
        _ => "审查",
    }
}

/// A title as the object of another, in 《》 (once, if it already is); a title within it takes the single
/// marks 〈〉 (GB/T 15834 4.13.3.3): 《关于印发〈丹徒区…办法〉的通知》.
pub fn quoted(title: &str) -> String {
    let t = title.trim();
    let inner = t
        .strip_prefix('《')
        .and_then(|r| r.strip_suffix('》'))
        .filter(|r| !r.contains(['《', '》']))
        .unwrap_or(t);
    format!("《{}》", inner.replace('《', "〈").replace('》', "〉"))
}

/// `关于X的…`, without doubling a 关于 the object already starts with (《关于加强…的通知》).
fn about(object: &str) -> String {
    if object.trim_start_matches('《').starts_with("关于") {
        object.to_string()
    } else {
        format!("关于{object}")
    }
}

/// The decision a penalty filing is about: its number when known (徒卫罚〔2026〕2号).
fn decision_no(case: &ReviewCase) -> Option<&str> {
    match &case.details {
        CaseDetails::PenaltyFiling(d) => d.decision_no.as_deref().filter(|n| !n.trim().is_empty()),
        _ => None,
    }
}

/// An advisor's subject: the case's title without a trailing 法律意见（书） it may already carry.
fn advice_subject(case: &ReviewCase) -> String {
    let t = case.title.trim();
    let core = ["的法律意见书", "的法律意见", "法律意见书", "法律意见"]
        .iter()
        .find_map(|s| t.strip_suffix(s))
        .unwrap_or(t)
        .trim();
    match case.kind() {
        CaseKind::NormativeDoc | CaseKind::Contract | CaseKind::MajorDecision => quoted(core),
        _ => core.to_string(),
    }
}

/// A suggestion or proposal as a reply names it: 区十七届人大三次会议第12号建议 (its session and number, as
/// far as they are known), or its title in 《》.
fn proposal_name(case: &ReviewCase) -> String {
    let CaseDetails::Proposal(d) = &case.details else {
        return quoted(&case.title);
    };
    let noun = match d.category {
        Some(ProposalCategory::CppccProposal) => "提案",
        _ => "建议",
    };
    let session = d.session.as_deref().map(str::trim).unwrap_or_default();
    let no = d
        .proposal_no
        .as_deref()
        .map(|n| n.trim().trim_start_matches('第').trim_end_matches('号'))
        .filter(|n| !n.is_empty())
        .map(|n| format!("第{n}号"))
        .unwrap_or_default();
    if session.is_empty() && no.is_empty() {
        format!("{}{noun}", quoted(&case.title))
    } else {
        format!("{session}{no}{noun}")
    }
}

/// Whom a new letter is addressed to: a reply to the deputy or member who led the suggestion (张某某代表),
/// every other letter to the case's unit (`None`).
pub fn addressee(kind: LetterKind, case: &ReviewCase) -> Option<String> {
    let CaseDetails::Proposal(d) = &case.details else {
        return None;
    };
    if kind != LetterKind::ProposalReply {
        return None;
    }
    let lead = d.lead.as_deref().map(str::trim).filter(|l| !l.is_empty())?;
    let title = match d.category {
        Some(ProposalCategory::CppccProposal) => "委员",
        _ => "代表",
    };
    Some(format!("{lead}{title}"))
}

/// The closing paragraph a new letter starts with where its kind has one of its own (a reply's thanks).
pub fn closing(kind: LetterKind) -> Option<&'static str> {
    (kind == LetterKind::ProposalReply)
        .then_some("感谢您对我们工作的关心和支持，欢迎继续提出宝贵意见和建议。")
}

/// The title a new letter starts with.
pub fn title(kind: LetterKind, case: &ReviewCase) -> String {
    let t = case.title.trim();
    let word = review_word(case.kind());
    match kind {
        LetterKind::ReviewOpinion => format!("{}的合法性{word}意见", about(&quoted(t))),
        LetterKind::ContractReview => format!("{}的合法性审查意见", about(&quoted(t))),
        LetterKind::EnforcementReview => format!("{}的法制审核意见", about(t)),
        LetterKind::FilingReview => match decision_no(case) {
            Some(no) => format!("关于对{no}重大行政处罚决定备案审查的意见"),
            None => "关于重大行政处罚决定备案审查的意见".into(),
        },
        LetterKind::ExplanationNotice => match decision_no(case) {
            Some(no) => format!("关于{no}重大行政处罚决定有关问题请予说明的通知"),
            None => "关于重大行政处罚决定有关问题请予说明的通知".into(),
        },
        LetterKind::CorrectionAdvice => match decision_no(case) {
            Some(no) => format!("关于{no}重大行政处罚决定的纠错建议"),
            None => "关于重大行政处罚决定的纠错建议".into(),
        },
        LetterKind::LegalOpinion => format!("{}的法律意见书", about(&advice_subject(case))),
        LetterKind::ProposalReply => format!("关于{}的答复", proposal_name(case)),
    }
}

/// The opening paragraph of a new letter (after the addressee): what was received, when, and that the
/// opinion follows.
pub fn opening(kind: LetterKind, case: &ReviewCase) -> String {
    let on = fmt_date(case.received);
    let t = case.title.trim();
    let filed_on = match &case.details {
        CaseDetails::PenaltyFiling(d) => fmt_date(d.filing_received_on.unwrap_or(case.received)),
        _ => on.clone(),
    };
    let decision = match decision_no(case) {
        Some(no) => format!("重大行政处罚决定书（{no}）"),
        None => "重大行政处罚决定书".into(),
    };
    match (kind, case.kind()) {
        (LetterKind::LegalOpinion, kind) => {
            let subject = advice_subject(case);
            let subject = subject.strip_prefix("关于").unwrap_or(&subject);
            // A question is studied, a lawsuit's defence too; a document or a contract is reviewed.
            let (subject, work) = match kind {
                CaseKind::Advice => (subject.to_string(), "研究"),
                CaseKind::Litigation => (format!("{subject}的应诉事宜"), "研究"),
                CaseKind::Reconsideration => (format!("{subject}的答复事宜"), "研究"),
                CaseKind::CrimeTransfer => (format!("{subject}是否涉嫌犯罪、应否移送"), "研究"),
                CaseKind::FileInspection => (format!("{subject}中抽查的行政执法案卷"), "评查"),
                CaseKind::Proposal => (format!("{subject}的办理事宜"), "研究"),
                _ => (subject.to_string(), "审查"),
            };
            format!(
                "本所接受委托，指派律师就{subject}进行了{work}，现依据有关法律、法规和规章，出具法律意见如下："
            )
        }
        (LetterKind::ProposalReply, _) => {
            let (led, co) = match &case.details {
                CaseDetails::Proposal(d) => (
                    d.cosigners.as_deref().is_some_and(|c| !c.trim().is_empty()),
                    !d.co_unit_ids.is_empty(),
                ),
                _ => (false, false),
            };
            format!(
                "您{}提出的{}收悉。我单位高度重视，{}认真研究办理，现答复如下：",
                if led { "领衔" } else { "" },
                quoted(t),
                if co { "会同会办单位" } else { "" }
            )
        }
        (LetterKind::FilingReview, _) => format!(
            "你单位于{filed_on}报送备案的{decision}及相关材料收悉。经备案审查，现提出如下意见："
        ),
        (LetterKind::ExplanationNotice, _) => format!(
            "你单位于{filed_on}报送备案的{decision}收悉。经备案审查，该决定存在下列问题，请予书面说明："
        ),
        (LetterKind::CorrectionAdvice, _) => format!(
            "你单位于{filed_on}报送备案的{decision}收悉。经备案审查，该决定存在下列问题："
        ),
        (_, CaseKind::Contract) => format!(
            "你单位于{on}报送的{}文本及相关材料收悉。经审查，现提出如下意见：",
            quoted(t)
        ),
        (_, CaseKind::Enforcement) => format!(
            "你单位于{on}报送的拟作出的{t}及相关案卷材料收悉。经法制审核，现提出如下意见："
        ),
        (_, CaseKind::MajorDecision) => format!(
            "你单位于{on}报送的{}决策草案及相关材料收悉。经审查，现提出如下意见：",
            quoted(t)
        ),
        _ => format!(
            "你单位于{on}报送的{}送审稿及起草说明等材料收悉。经{}，现提出如下意见：",
            quoted(t),
            review_word(case.kind())
        ),
    }
}

/// The heading of the usual legal basis, and the basis itself, a new letter starts with (none for an advisor,
/// who cites the law in the analysis).
pub fn basis(kind: LetterKind, case_kind: CaseKind) -> Option<(String, &'static str)> {
    if matches!(kind, LetterKind::LegalOpinion | LetterKind::ProposalReply) {
        return None;
    }
    let heading = format!("{}依据", review_word(case_kind));
    let text = match case_kind {
        CaseKind::NormativeDoc => {
            "《中华人民共和国行政处罚法》《中华人民共和国行政许可法》《中华人民共和国行政强制法》《国务院办公厅关于加强行政规范性文件制定和监督管理工作的通知》（国办发〔2018〕37号）《国务院办公厅关于全面推行行政规范性文件合法性审核机制的指导意见》（国办发〔2018〕115号）等。"
        }
        CaseKind::MajorDecision => {
            "《重大行政决策程序暂行条例》（国务院令第713号）及决策事项所涉领域的法律、法规和规章。"
        }
        CaseKind::Contract => {
            "《中华人民共和国民法典》《中华人民共和国政府采购法》《中华人民共和国招标投标法》及合同所涉领域的法律、法规和国家有关规定；涉及政府和社会资本合作、特许经营的，依照《基础设施和公用事业特许经营管理办法》等规定。"
        }
        CaseKind::Enforcement => {
            "《中华人民共和国行政处罚法》第五十八条，《国务院办公厅关于全面推行行政执法公示制度执法全过程记录制度重大执法决定法制审核制度的指导意见》（国办发〔2018〕118号），以及执法决定所依据的法律、法规和规章。"
        }
        CaseKind::PenaltyFiling => {
            "《中华人民共和国行政处罚法》及本省重大行政处罚决定备案审查的有关规定。"
        }
        CaseKind::Advice
        | CaseKind::Litigation
        | CaseKind::Reconsideration
        | CaseKind::CrimeTransfer
        | CaseKind::FileInspection
        | CaseKind::Proposal
        | CaseKind::TaskPlan => return None,
    };
    Some((heading, text))
}

/// The level-1 heading over a letter's findings.
pub fn findings_heading(kind: LetterKind, case_kind: CaseKind) -> String {
    match kind {
        LetterKind::ReviewOpinion => format!("{}意见", review_word(case_kind)),
        LetterKind::ContractReview => "具体修改意见".into(),
        LetterKind::EnforcementReview => "审核意见".into(),
        LetterKind::FilingReview => "审查意见".into(),
        LetterKind::ExplanationNotice => "需要说明的问题".into(),
        LetterKind::CorrectionAdvice => "存在的问题".into(),
        LetterKind::LegalOpinion => "法律分析".into(),
        LetterKind::ProposalReply => "办理情况".into(),
    }
}

/// What a finding's last part is called: a reviewer suggests a revision, an advisor advises, a notice asks.
pub fn suggestion_label(kind: LetterKind) -> &'static str {
    match kind {
        LetterKind::LegalOpinion | LetterKind::ProposalReply => "建议",
        LetterKind::ExplanationNotice => "请说明",
        LetterKind::CorrectionAdvice => "纠正建议",
        _ => "修改建议",
    }
}

/// The level-1 heading over a letter's conclusion; none over a reply's closing thanks.
pub fn conclusion_heading(kind: LetterKind, case_kind: CaseKind) -> Option<String> {
    Some(match kind {
        LetterKind::ReviewOpinion => format!("{}结论", review_word(case_kind)),
        LetterKind::ContractReview | LetterKind::FilingReview => "审查结论".into(),
        LetterKind::EnforcementReview => "审核结论".into(),
        LetterKind::ExplanationNotice => "有关要求".into(),
        LetterKind::CorrectionAdvice => "纠错建议".into(),
        LetterKind::LegalOpinion => "结论与建议".into(),
        LetterKind::ProposalReply => return None,
    })
}

/// What the letter is about, as its conclusion names it.
fn subject(case_kind: CaseKind) -> &'static str {
    match case_kind {
        CaseKind::NormativeDoc => "该文件",
        CaseKind::MajorDecision => "该决策事项",
        CaseKind::Contract => "该合同",
        CaseKind::Enforcement => "拟作出的执法决定",
        CaseKind::PenaltyFiling => "该处罚决定",
        CaseKind::Advice => "该事项",
        CaseKind::Litigation | CaseKind::Reconsideration | CaseKind::CrimeTransfer => "该案",
        CaseKind::FileInspection => "所评查案卷",
        CaseKind::Proposal => "该建议提案",
        CaseKind::TaskPlan => "该工作计划",
    }
}

/// The concluding paragraph of `outcome` in a letter of `kind` about a case of `case_kind`.
pub fn conclusion(kind: LetterKind, case_kind: CaseKind, outcome: Outcome) -> String {
    use Outcome::*;
    let what = subject(case_kind);
    let word = review_word(case_kind);
    if let Some(c) = closing(kind) {
        return c.into();
    }
    if kind == LetterKind::LegalOpinion {
        let view = match outcome {
            Lawful | Approve | ApproveSigning | FilingRegistered => {
                format!("{what}不违反法律、法规的强制性规定")
            }
            LawfulAfterRevision | SignAfterRevision => {
                format!("{what}按上述意见修改完善后，不违反法律、法规的强制性规定")
            }
            Unlawful => format!("{what}存在上述违法情形，建议不予实施"),
            RefuseSigning => format!("{what}存在上述重大法律风险，建议不予签订"),
            ReturnForCorrection => "现有材料尚不完备，建议补充材料后再行审查".into(),
            Correct | CorrectionAdvised => format!("{what}存在上述问题，建议依法予以纠正"),
            Transfer => "该案件涉嫌犯罪，建议依法移送司法机关".into(),
            ExplanationRequired => format!("{what}存在上述问题，建议要求作出机关说明理由"),
        };
        return format!("综上，本所律师认为，{view}。");
    }
    let deliberation = match case_kind {
        CaseKind::MajorDecision => "提交集体讨论决定",
        _ => "提请审议或印发",
    };
    match outcome {
        Lawful => {
            let maker = match case_kind {
                CaseKind::MajorDecision => "决策主体适格",
                _ => "制定主体适格",
            };
            format!(
                "经{word}，{what}{maker}，内容不违反法律、法规、规章和国家有关规定，程序符合要求，可按程序{deliberation}。"
            )
        }
        LawfulAfterRevision => format!(
            "经{word}，{what}按上述意见修改完善后，不违反法律、法规、规章和国家有关规定，可按程序{deliberation}。"
        ),
        Unlawful => {
            let refuse = match case_kind {
                CaseKind::MajorDecision => "建议不予作出该决策",
                _ => "建议不予印发",
            };
            format!("经{word}，{what}存在上述违法情形，{refuse}。")
        }
        ReturnForCorrection => {
            "送审材料不齐全或者程序不完备，请按上述意见补正后重新报送。".into()
        }
        ApproveSigning => {
            "经审查，该合同主体适格，内容不违反法律、法规的强制性规定，同意签订。".into()
        }
        SignAfterRevision => "经审查，该合同按上述意见修改完善后，可以签订。".into(),
        RefuseSigning => "经审查，该合同存在上述重大法律风险，不同意签订。".into(),
        Approve => "经审核，拟作出的执法决定主体适格，事实清楚，证据确凿，适用依据正确，程序合法，裁量适当，同意作出该决定。".into(),
        Correct => {
            "经审核，拟作出的执法决定存在上述问题，请予以纠正后重新报送法制审核。".into()
        }
        Transfer => "经审核，该案件涉嫌犯罪，应当依照《行政执法机关移送涉嫌犯罪案件的规定》（国务院令第310号）移送司法机关，不得以行政处罚代替移送。".into(),
        FilingRegistered => {
            "经审查，该重大行政处罚决定报送备案的材料齐全，予以备案登记。".into()
        }
        ExplanationRequired => {
            "请你单位就上述问题书面说明理由，并附相关证据材料，在规定期限内报送我局。".into()
        }
        CorrectionAdvised => "建议你单位依法自行纠正上述问题，并将纠正情况书面报送我局。".into(),
    }
}

/// A conclusion typed as the bare name or code of one of the case kind's outcomes (`修改后合法`): the
/// outcome, so the letter prints its whole concluding paragraph instead of two words.
pub fn outcome_named(case_kind: CaseKind, text: &str) -> Option<Outcome> {
    let t = text.trim().trim_end_matches(['。', '.']);
    case_kind
        .outcomes()
        .iter()
        .copied()
        .find(|o| o.label() == t || o.code() == t)
}

/// The conclusion a letter prints: the typed text (a bare outcome name as that outcome's paragraph), or the
/// case's outcome when nothing was typed.
pub fn printed_conclusion(
    letter: &OpinionLetter,
    case_kind: CaseKind,
    outcome: Option<Outcome>,
) -> Option<String> {
    match letter.conclusion.as_deref().map(str::trim) {
        Some(typed) if !typed.is_empty() => Some(match outcome_named(case_kind, typed) {
            Some(o) => conclusion(letter.kind, case_kind, o),
            None => typed.to_string(),
        }),
        _ => outcome.map(|o| conclusion(letter.kind, case_kind, o)),
    }
}

/// What a reader would trip over in a letter, for the editor to show before it is signed: a conclusion that
/// contradicts the findings, or a kind of letter that does not say what the outcome says.
pub fn warnings(
    letter: &OpinionLetter,
    case_kind: CaseKind,
    outcome: Option<Outcome>,
) -> Vec<String> {
    let mut out = Vec::new();
    let typed = letter
        .conclusion
        .as_deref()
        .and_then(|c| outcome_named(case_kind, c));
    let stated = typed.or(if letter.conclusion.is_none() {
        outcome
    } else {
        None
    });
    if let Some(o) = stated {
        let unreserved = matches!(
            o,
            Outcome::Lawful
                | Outcome::ApproveSigning
                | Outcome::Approve
                | Outcome::FilingRegistered
        );
        if unreserved && !letter.findings.is_empty() {
            let better = match o {
                Outcome::Lawful => "「修改后合法」",
                Outcome::ApproveSigning => "「修改后签订」",
                _ => "附条件的结论",
            };
            out.push(format!(
                "已列出 {} 条审查意见，结论却是「{}」：请改为{better}，或删去审查意见",
                letter.findings.len(),
                o.label()
            ));
        }
        if case_kind == CaseKind::PenaltyFiling {
            let fits = default_letter_kind(case_kind, Some(o));
            if fits != letter.kind && letter.kind != LetterKind::LegalOpinion {
                out.push(format!(
                    "结论为「{}」，应出具「{}」，而本件是「{}」",
                    o.label(),
                    fits.label(),
                    letter.kind.label()
                ));
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ids::{CaseId, UnitId};
    use crate::model::case::RegNo;

    fn case(kind: CaseKind, title: &str) -> ReviewCase {
        let mut c = ReviewCase::registered(
            CaseId(uuid::Uuid::from_u128(1)),
            kind,
            RegNo {
                year: 2026,
                serial: 1,
            },
            chrono::NaiveDate::from_ymd_opt(2026, 3, 2).unwrap(),
            UnitId(uuid::Uuid::from_u128(2)),
        );
        c.title = title.into();
        c
    }

    #[test]
    fn an_advisor_studies_a_lawsuit_s_defence_rather_than_reviewing_it() {
        assert_eq!(
            opening(
                LetterKind::LegalOpinion,
                &case(CaseKind::Litigation, "李某诉区城市管理局强制拆除案")
            ),
            "本所接受委托，指派律师就李某诉区城市管理局强制拆除案的应诉事宜进行了研究，现依据有关法律、法规和规章，出具法律意见如下："
        );
    }

    #[test]
    fn titles_never_double_their_words() {
        let t = |k, kind, title| title_of(k, &case(kind, title));
        fn title_of(k: LetterKind, c: &ReviewCase) -> String {
            title(k, c)
        }
        assert_eq!(
            t(
                LetterKind::ReviewOpinion,
                CaseKind::NormativeDoc,
                "丹徒区农村村民住房建设管理办法"
            ),
            "关于《丹徒区农村村民住房建设管理办法》的合法性审核意见"
        );
        assert_eq!(
            t(
                LetterKind::ReviewOpinion,
                CaseKind::NormativeDoc,
                "关于加强物业管理的通知"
            ),
            "《关于加强物业管理的通知》的合法性审核意见"
        );
        assert_eq!(
            t(
                LetterKind::LegalOpinion,
                CaseKind::Advice,
                "关于高资街道征收补偿信访事项的法律意见"
            ),
            "关于高资街道征收补偿信访事项的法律意见书"
        );
        assert_eq!(
            t(LetterKind::LegalOpinion, CaseKind::Contract, "物业服务合同"),
            "关于《物业服务合同》的法律意见书"
        );
        assert_eq!(
            t(
                LetterKind::ContractReview,
                CaseKind::Contract,
                "《物业服务合同》"
            ),
            "关于《物业服务合同》的合法性审查意见"
        );
        // A title within the title takes single marks.
        assert_eq!(
            t(
                LetterKind::ReviewOpinion,
                CaseKind::NormativeDoc,
                "关于印发《丹徒区物业管理办法》的通知"
            ),
            "《关于印发〈丹徒区物业管理办法〉的通知》的合法性审核意见"
        );
        assert_eq!(quoted("《甲》和《乙》"), "《〈甲〉和〈乙〉》");
    }

    #[test]
    fn every_outcome_of_every_kind_has_its_own_paragraph_ending_in_a_full_stop() {
        for &kind in CaseKind::ALL {
            for &o in kind.outcomes() {
                let letter = default_letter_kind(kind, Some(o));
                let text = conclusion(letter, kind, o);
                assert!(text.ends_with('。'), "{kind:?} {o:?}: {text}");
                assert!(text.chars().count() > 12, "{kind:?} {o:?}: {text}");
            }
        }
        assert_eq!(
            outcome_named(CaseKind::NormativeDoc, "修改后合法"),
            Some(Outcome::LawfulAfterRevision)
        );
        assert_eq!(outcome_named(CaseKind::Contract, "修改后合法"), None);
    }
}
