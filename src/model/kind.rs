//! Case kinds (审查事项类别), statuses and outcomes, with the status machine as one transition table.
//!
//! Codes are stable English snake_case (they are stored and synced); every enum carries its Chinese label.
//! The table [`TRANSITIONS`] is the only place that says which status may follow which, per kind.

use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};

macro_rules! coded_enum {
    ($(#[$doc:meta])* $name:ident, $what:literal { $($variant:ident = $code:literal, $label:literal;)* }) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[serde(rename_all = "snake_case")]
        pub enum $name { $($variant,)* }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant,)*];

            pub fn code(self) -> &'static str {
                match self { $($name::$variant => $code,)* }
            }

            pub fn label(self) -> &'static str {
                match self { $($name::$variant => $label,)* }
            }

            /// `(code, label)` of each of `items`, in order: what a form's choices and the UI's vocabulary list.
            pub fn code_labels(items: &[Self]) -> Vec<(&'static str, &'static str)> {
                items.iter().map(|v| (v.code(), v.label())).collect()
            }

            /// Parses a code (`in_review`) or a Chinese label (`审查中`).
            pub fn parse(s: &str) -> Result<Self> {
                let s = s.trim();
                Self::ALL
                    .iter()
                    .copied()
                    .find(|v| v.code() == s || v.label() == s)
                    .ok_or_else(|| {
                        let known: Vec<String> =
                            Self::ALL.iter().map(|v| format!("{}（{}）", v.code(), v.label())).collect();
                        Error::invalid($what, format!("未知的取值「{}」，可选：{}", s, known.join("、")))
                    })
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.label())
            }
        }
    };
}
pub(crate) use coded_enum;

coded_enum!(
    /// The six kinds of matter the office reviews (DESIGN.md §2), and the office's registers that are kinds of
    /// case too (行政应诉, issue 20).
    CaseKind, "案件类别" {
        NormativeDoc = "normative_doc", "行政规范性文件合法性审核";
        MajorDecision = "major_decision", "重大行政决策合法性审查";
        Contract = "contract", "政府合同合法性审查";
        Enforcement = "enforcement", "重大行政执法决定法制审核";
        PenaltyFiling = "penalty_filing", "重大行政处罚决定备案审查";
        Advice = "advice", "其他涉法事务";
        Litigation = "litigation", "行政应诉";
        Reconsideration = "reconsideration", "行政复议答复";
        CrimeTransfer = "crime_transfer", "涉嫌犯罪案件移送";
        FileInspection = "file_inspection", "行政执法案卷评查";
        Proposal = "proposal", "建议提案办理";
        TaskPlan = "task_plan", "法治政府建设重点工作";
    }
);

impl CaseKind {
    /// The kind of the case a stored snapshot is of (its `details.kind`).
    pub fn of_snapshot(body: &serde_json::Value) -> Option<CaseKind> {
        CaseKind::parse(body.get("details")?.get("kind")?.as_str()?).ok()
    }

    /// A kind as a person types it: its code, its name or the short name tables show (合同, 处罚备案).
    pub fn typed(s: &str) -> Result<CaseKind> {
        let t = s.trim();
        match CaseKind::ALL.iter().find(|k| k.short_label() == t) {
            Some(&k) => Ok(k),
            None => CaseKind::parse(t),
        }
    }

    /// A short label for tables.
    pub fn short_label(self) -> &'static str {
        match self {
            CaseKind::NormativeDoc => "规范性文件",
            CaseKind::MajorDecision => "重大决策",
            CaseKind::Contract => "合同",
            CaseKind::Enforcement => "执法决定",
            CaseKind::PenaltyFiling => "处罚备案",
            CaseKind::Advice => "涉法事务",
            CaseKind::Litigation => "行政应诉",
            CaseKind::Reconsideration => "复议答复",
            CaseKind::CrimeTransfer => "两法衔接",
            CaseKind::FileInspection => "案卷评查",
            CaseKind::Proposal => "建议提案",
            CaseKind::TaskPlan => "重点工作",
        }
    }

    /// The outcomes (审查结论) this kind may record. `advice` has none: its conclusion is free text.
    pub fn outcomes(self) -> &'static [Outcome] {
        use Outcome::*;
        match self {
            CaseKind::NormativeDoc | CaseKind::MajorDecision => {
                &[Lawful, LawfulAfterRevision, Unlawful, ReturnForCorrection]
            }
            CaseKind::Contract => &[ApproveSigning, SignAfterRevision, RefuseSigning],
            CaseKind::Enforcement => &[Approve, Correct, Transfer],
            CaseKind::PenaltyFiling => &[FilingRegistered, ExplanationRequired, CorrectionAdvised],
            CaseKind::Advice
            | CaseKind::Litigation
            | CaseKind::Reconsideration
            | CaseKind::CrimeTransfer
            | CaseKind::FileInspection
            | CaseKind::Proposal
            | CaseKind::TaskPlan => &[],
        }
    }

    /// A matter the office reviews (审查), with a review period that may be extended — not a register of its
    /// own such as 行政应诉.
    pub fn is_review(self) -> bool {
        REVIEW_KINDS.contains(&self)
    }

    /// The group of screens a register of its own is listed under in the navigation (审查 kinds share the
    /// case register and have none).
    pub fn register_group(self) -> Option<&'static str> {
        match self {
            CaseKind::Litigation | CaseKind::Reconsideration => Some("行政复议与应诉"),
            CaseKind::CrimeTransfer | CaseKind::FileInspection => Some("执法监督"),
            CaseKind::Proposal | CaseKind::TaskPlan => Some("督查督办"),
            _ => None,
        }
    }

    /// Every status a case of this kind can ever be in.
    pub fn statuses(self) -> Vec<Status> {
        let mut out = vec![Status::Registered];
        for t in TRANSITIONS.iter().filter(|t| t.kinds.contains(&self)) {
            for s in [t.from, t.to] {
                if !out.contains(&s) {
                    out.push(s);
                }
            }
        }
        out.sort();
        out
    }
}

coded_enum!(
    /// Where a case stands. Which statuses apply depends on the kind (a contract is never `filed`).
    Status, "状态" {
        Registered = "registered", "登记";
        AwaitingMaterials = "awaiting_materials", "待补正";
        InReview = "in_review", "审查中";
        AdvisorConsulted = "advisor_consulted", "征求法律顾问意见";
        AwaitingSignoff = "awaiting_signoff", "待签批";
        OpinionIssued = "opinion_issued", "已出具意见";
        Published = "published", "已发文";
        AwaitingFiling = "awaiting_filing", "待备案";
        Filed = "filed", "已备案";
        InForce = "in_force", "施行中";
        Expiring = "expiring", "届满前评估";
        CleanedUp = "cleaned_up", "已清理";
        Returned = "returned", "退回";
        Withdrawn = "withdrawn", "撤回";
        NotIssued = "not_issued", "不予制定";
        Answered = "answered", "已答辩";
        InTrial = "in_trial", "审理中";
        Judged = "judged", "已裁判";
        Concluded = "concluded", "已结案";
        SuitWithdrawn = "suit_withdrawn", "原告撤诉";
        Replied = "replied", "已答复";
        ReconsiderationDecided = "reconsideration_decided", "已作出复议决定";
        ApplicationWithdrawn = "application_withdrawn", "申请人撤回";
        TransferApproved = "transfer_approved", "已批准移送";
        TransferRefused = "transfer_refused", "不批准移送";
        Transferred = "transferred", "已移送";
        PoliceFiled = "police_filed", "公安机关已立案";
        PoliceDeclined = "police_declined", "公安机关不予立案";
        ReviewSought = "review_sought", "已提请复议";
        SupervisionSought = "supervision_sought", "已建议立案监督";
        EvidenceHandedOver = "evidence_handed_over", "已移交涉案物品";
        Inspecting = "inspecting", "评查中";
        ResultsPublished = "results_published", "已通报结果";
        Rehandling = "rehandling", "重新办理";
        Rereplied = "rereplied", "已重新答复";
    }
);

impl Status {
    /// No transition leaves a final status.
    pub fn is_final(self) -> bool {
        !TRANSITIONS.iter().any(|t| t.from == self)
    }

    /// 退回, 撤回, 不予制定 (原告撤诉 for a lawsuit, 申请人撤回 for a reconsideration): the ways a case ends
    /// without running its course.
    pub fn is_side_exit(self) -> bool {
        matches!(
            self,
            Status::Returned
                | Status::Withdrawn
                | Status::NotIssued
                | Status::SuitWithdrawn
                | Status::ApplicationWithdrawn
        )
    }

    /// The review period can still be extended (延期): the opinion is not out and the case has not ended. (A
    /// lawsuit has no review period: callers ask [`CaseKind::is_review`] first.)
    pub fn allows_extension(self) -> bool {
        !(self.is_final() || matches!(self, Status::OpinionIssued | Status::Published))
    }

    /// Someone in the office still has work to do on a case in this status: it is not final, and it is not a
    /// document simply in force (that one only comes back when it is about to expire).
    pub fn is_active(self) -> bool {
        !self.is_final() && self != Status::InForce
    }

    /// The review clock runs in these statuses (it stops while awaiting materials and once the opinion is out).
    pub fn clock_running(self) -> bool {
        matches!(
            self,
            Status::InReview | Status::AdvisorConsulted | Status::AwaitingSignoff
        )
    }
}

coded_enum!(
    /// The conclusion of a review (审查结论), per kind.
    Outcome, "审查结论" {
        Lawful = "lawful", "合法";
        LawfulAfterRevision = "lawful_after_revision", "修改后合法";
        Unlawful = "unlawful", "不合法";
        ReturnForCorrection = "return_for_correction", "退回补正";
        ApproveSigning = "approve_signing", "同意签订";
        SignAfterRevision = "sign_after_revision", "修改后签订";
        RefuseSigning = "refuse_signing", "不同意签订";
        Approve = "approve", "同意";
        Correct = "correct", "纠正";
        Transfer = "transfer", "移送";
        FilingRegistered = "filing_registered", "备案登记";
        ExplanationRequired = "explanation_required", "要求说明";
        CorrectionAdvised = "correction_advised", "纠错建议";
    }
);

/// One row of the status machine: `from → to` is allowed for `kinds`.
#[derive(Debug, Clone, Copy)]
pub struct Transition {
    pub from: Status,
    pub to: Status,
    pub kinds: &'static [CaseKind],
}

/// The kinds the office reviews (审查): every kind but the registers of their own (行政应诉, 复议答复, 两法衔接,
/// 案卷评查).
const REVIEW_KINDS: &[CaseKind] = &[
    CaseKind::NormativeDoc,
    CaseKind::MajorDecision,
    CaseKind::Contract,
    CaseKind::Enforcement,
    CaseKind::PenaltyFiling,
    CaseKind::Advice,
];
/// Kinds that follow the full review path with materials, advisors and sign-off.
const REVIEWED: &[CaseKind] = &[
    CaseKind::NormativeDoc,
    CaseKind::MajorDecision,
    CaseKind::Contract,
    CaseKind::Enforcement,
    CaseKind::Advice,
];
const WITH_MATERIALS: &[CaseKind] = &[
    CaseKind::NormativeDoc,
    CaseKind::MajorDecision,
    CaseKind::Contract,
    CaseKind::Enforcement,
    CaseKind::PenaltyFiling,
];
const DRAFTED_BY_GOVERNMENT: &[CaseKind] = &[CaseKind::NormativeDoc, CaseKind::MajorDecision];
const NORMATIVE: &[CaseKind] = &[CaseKind::NormativeDoc];
const LITIGATION: &[CaseKind] = &[CaseKind::Litigation];
const RECONSIDERATION: &[CaseKind] = &[CaseKind::Reconsideration];
const TRANSFER: &[CaseKind] = &[CaseKind::CrimeTransfer];
const INSPECTION: &[CaseKind] = &[CaseKind::FileInspection];
const PROPOSAL: &[CaseKind] = &[CaseKind::Proposal];
const PLAN: &[CaseKind] = &[CaseKind::TaskPlan];

macro_rules! t {
    ($from:ident -> $to:ident : $kinds:expr) => {
        Transition {
            from: Status::$from,
            to: Status::$to,
            kinds: $kinds,
        }
    };
}

/// The status machine (DESIGN.md §2, domain.md §9.2). Side exits: 退回, 撤回, 不予制定, 原告撤诉, 申请人撤回.
pub const TRANSITIONS: &[Transition] = &[
    // intake
    t!(Registered -> InReview: REVIEW_KINDS),
    t!(Registered -> AwaitingMaterials: WITH_MATERIALS),
    t!(Registered -> Returned: WITH_MATERIALS),
    t!(Registered -> Withdrawn: REVIEW_KINDS),
    // materials (补正) ↔ review
    t!(AwaitingMaterials -> InReview: WITH_MATERIALS),
    t!(AwaitingMaterials -> Returned: WITH_MATERIALS),
    t!(AwaitingMaterials -> Withdrawn: WITH_MATERIALS),
    t!(InReview -> AwaitingMaterials: WITH_MATERIALS),
    // review
    t!(InReview -> AdvisorConsulted: REVIEWED),
    t!(InReview -> AwaitingSignoff: REVIEW_KINDS),
    t!(InReview -> Returned: WITH_MATERIALS),
    t!(InReview -> Withdrawn: REVIEW_KINDS),
    t!(InReview -> NotIssued: DRAFTED_BY_GOVERNMENT),
    t!(AdvisorConsulted -> InReview: REVIEWED),
    t!(AdvisorConsulted -> AwaitingSignoff: REVIEWED),
    t!(AdvisorConsulted -> Withdrawn: REVIEWED),
    // sign-off (签批)
    t!(AwaitingSignoff -> InReview: REVIEW_KINDS),
    t!(AwaitingSignoff -> OpinionIssued: REVIEW_KINDS),
    t!(AwaitingSignoff -> NotIssued: DRAFTED_BY_GOVERNMENT),
    // after the opinion: only government-drafted documents go on to be published
    t!(OpinionIssued -> Published: DRAFTED_BY_GOVERNMENT),
    t!(OpinionIssued -> NotIssued: DRAFTED_BY_GOVERNMENT),
    t!(OpinionIssued -> Withdrawn: DRAFTED_BY_GOVERNMENT),
    // normative documents: filing, validity, cleanup
    t!(Published -> AwaitingFiling: NORMATIVE),
    t!(AwaitingFiling -> Filed: NORMATIVE),
    t!(Filed -> InForce: NORMATIVE),
    t!(InForce -> Expiring: NORMATIVE),
    t!(InForce -> CleanedUp: NORMATIVE),
    t!(Expiring -> InForce: NORMATIVE),
    t!(Expiring -> CleanedUp: NORMATIVE),
    // 行政应诉: the defence (答辩) within its period, the trial, the judgment or ruling (裁判), the end; an
    // appeal takes a judged case back to trial; the plaintiff may withdraw (撤诉) until judgment.
    t!(Registered -> Answered: LITIGATION),
    t!(Registered -> SuitWithdrawn: LITIGATION),
    t!(Answered -> InTrial: LITIGATION),
    t!(Answered -> Judged: LITIGATION),
    t!(Answered -> SuitWithdrawn: LITIGATION),
    t!(InTrial -> Judged: LITIGATION),
    t!(InTrial -> SuitWithdrawn: LITIGATION),
    t!(Judged -> InTrial: LITIGATION),
    t!(Judged -> Concluded: LITIGATION),
    // 复议答复: the answer (答复) within its period, the reconsideration body's decision, the end (the decision
    // carried out); the applicant may withdraw until the decision.
    t!(Registered -> Replied: RECONSIDERATION),
    t!(Registered -> ApplicationWithdrawn: RECONSIDERATION),
    t!(Replied -> ReconsiderationDecided: RECONSIDERATION),
    t!(Replied -> ApplicationWithdrawn: RECONSIDERATION),
    t!(ReconsiderationDecided -> Concluded: RECONSIDERATION),
    // 两法衔接 (国务院令第310号): the head approves the transfer or refuses it; an approved case goes to the
    // police, who file it or decline; a declined one may be taken to the police again (复议) and then to the
    // procuratorate (立案监督), or accepted; a filed one's evidence is handed over (art. 12), then it ends.
    t!(Registered -> TransferApproved: TRANSFER),
    t!(Registered -> TransferRefused: TRANSFER),
    t!(TransferApproved -> Transferred: TRANSFER),
    t!(Transferred -> PoliceFiled: TRANSFER),
    t!(Transferred -> PoliceDeclined: TRANSFER),
    t!(PoliceDeclined -> ReviewSought: TRANSFER),
    t!(PoliceDeclined -> SupervisionSought: TRANSFER),
    t!(PoliceDeclined -> Concluded: TRANSFER),
    t!(ReviewSought -> PoliceFiled: TRANSFER),
    t!(ReviewSought -> SupervisionSought: TRANSFER),
    t!(ReviewSought -> Concluded: TRANSFER),
    t!(SupervisionSought -> PoliceFiled: TRANSFER),
    t!(SupervisionSought -> Concluded: TRANSFER),
    t!(PoliceFiled -> EvidenceHandedOver: TRANSFER),
    t!(EvidenceHandedOver -> Concluded: TRANSFER),
    // 案卷评查: the files examined, the results published (通报), the rectification done (整改完毕: 已结案).
    t!(Registered -> Inspecting: INSPECTION),
    t!(Inspecting -> ResultsPublished: INSPECTION),
    t!(ResultsPublished -> Concluded: INSPECTION),
    // 建议提案办理: the reply (答复) within its months, the deputy's or member's feedback, the end (办结); a reply
    // they are not satisfied with is handled again (重新办理) and answered again.
    t!(Registered -> Replied: PROPOSAL),
    t!(Replied -> Concluded: PROPOSAL),
    t!(Replied -> Rehandling: PROPOSAL),
    t!(Rehandling -> Rereplied: PROPOSAL),
    t!(Rereplied -> Concluded: PROPOSAL),
    // key-task plans: the year's plan closed
    t!(Registered -> Concluded: PLAN),
];

/// Whether a case of `kind` may go from `from` to `to`.
pub fn transition_allowed(kind: CaseKind, from: Status, to: Status) -> bool {
    TRANSITIONS
        .iter()
        .any(|t| t.from == from && t.to == to && t.kinds.contains(&kind))
}

/// The statuses a case of `kind` in `from` may move to, in table order.
pub fn next_statuses(kind: CaseKind, from: Status) -> Vec<Status> {
    TRANSITIONS
        .iter()
        .filter(|t| t.from == from && t.kinds.contains(&kind))
        .map(|t| t.to)
        .collect()
}

/// Checks a transition against the table.
pub fn check_transition(kind: CaseKind, from: Status, to: Status) -> Result<()> {
    if transition_allowed(kind, from, to) {
        Ok(())
    } else {
        Err(Error::IllegalTransition {
            kind: kind.label(),
            from: from.label(),
            to: to.label(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The expected machine, written independently of [`TRANSITIONS`] as an adjacency list per kind.
    fn spec(kind: CaseKind) -> Vec<(&'static str, &'static str)> {
        let review = "registered: in_review awaiting_materials returned withdrawn
            awaiting_materials: in_review returned withdrawn
            in_review: awaiting_materials advisor_consulted awaiting_signoff returned withdrawn
            advisor_consulted: in_review awaiting_signoff withdrawn
            awaiting_signoff: in_review opinion_issued";
        let government = "in_review: not_issued
            awaiting_signoff: not_issued
            opinion_issued: published not_issued withdrawn";
        let normative = "published: awaiting_filing
            awaiting_filing: filed
            filed: in_force
            in_force: expiring cleaned_up
            expiring: in_force cleaned_up";
        let penalty = "registered: in_review awaiting_materials returned withdrawn
            awaiting_materials: in_review returned withdrawn
            in_review: awaiting_materials awaiting_signoff returned withdrawn
            awaiting_signoff: in_review opinion_issued";
        let advice = "registered: in_review withdrawn
            in_review: advisor_consulted awaiting_signoff withdrawn
            advisor_consulted: in_review awaiting_signoff withdrawn
            awaiting_signoff: in_review opinion_issued";
        let text = match kind {
            CaseKind::NormativeDoc => format!("{review}\n{government}\n{normative}"),
            CaseKind::MajorDecision => format!("{review}\n{government}"),
            CaseKind::Contract | CaseKind::Enforcement => review.to_string(),
            CaseKind::PenaltyFiling => penalty.to_string(),
            CaseKind::Advice => advice.to_string(),
            CaseKind::Litigation => "registered: answered suit_withdrawn
                answered: in_trial judged suit_withdrawn
                in_trial: judged suit_withdrawn
                judged: in_trial concluded"
                .to_string(),
            CaseKind::Reconsideration => "registered: replied application_withdrawn
                replied: reconsideration_decided application_withdrawn
                reconsideration_decided: concluded"
                .to_string(),
            CaseKind::CrimeTransfer => "registered: transfer_approved transfer_refused
                transfer_approved: transferred
                transferred: police_filed police_declined
                police_declined: review_sought supervision_sought concluded
                review_sought: police_filed supervision_sought concluded
                supervision_sought: police_filed concluded
                police_filed: evidence_handed_over
                evidence_handed_over: concluded"
                .to_string(),
            CaseKind::FileInspection => "registered: inspecting
                inspecting: results_published
                results_published: concluded"
                .to_string(),
            CaseKind::Proposal => "registered: replied
                replied: concluded rehandling
                rehandling: rereplied
                rereplied: concluded"
                .to_string(),
            CaseKind::TaskPlan => "registered: concluded".to_string(),
        };
        let text: &'static str = Box::leak(text.into_boxed_str());
        text.lines()
            .flat_map(|l| {
                let (from, tos) = l.trim().split_once(':').unwrap();
                tos.split_whitespace().map(move |to| (from, to))
            })
            .collect()
    }

    #[test]
    fn the_transition_table_matches_the_specification_for_every_kind_and_pair() {
        for &kind in CaseKind::ALL {
            let expected = spec(kind);
            for &from in Status::ALL {
                for &to in Status::ALL {
                    let want = expected.contains(&(from.code(), to.code()));
                    assert_eq!(
                        transition_allowed(kind, from, to),
                        want,
                        "{kind:?}: {} → {} should be {}",
                        from.code(),
                        to.code(),
                        if want { "allowed" } else { "refused" }
                    );
                    let checked = check_transition(kind, from, to);
                    assert_eq!(checked.is_ok(), want);
                    if let Err(e) = checked {
                        let msg = e.to_string();
                        assert!(
                            msg.contains(from.label()) && msg.contains(to.label()),
                            "{msg}"
                        );
                    }
                }
            }
        }
    }

    #[test]
    fn every_status_of_a_kind_is_reachable_from_registration() {
        for &kind in CaseKind::ALL {
            let mut seen = vec![Status::Registered];
            let mut queue = vec![Status::Registered];
            while let Some(s) = queue.pop() {
                for n in next_statuses(kind, s) {
                    if !seen.contains(&n) {
                        seen.push(n);
                        queue.push(n);
                    }
                }
            }
            seen.sort();
            assert_eq!(seen, kind.statuses(), "{kind:?}");
        }
    }

    #[test]
    fn only_normative_documents_are_ever_filed_and_kinds_have_their_own_outcomes() {
        for &kind in CaseKind::ALL {
            assert_eq!(
                kind.statuses().contains(&Status::Filed),
                kind == CaseKind::NormativeDoc,
                "{kind:?}"
            );
        }
        assert!(!CaseKind::Contract.outcomes().contains(&Outcome::Lawful));
        assert_eq!(CaseKind::Contract.outcomes().len(), 3);
        assert!(CaseKind::Advice.outcomes().is_empty());
        for s in [
            Status::Returned,
            Status::Withdrawn,
            Status::NotIssued,
            Status::CleanedUp,
        ] {
            assert!(s.is_final());
        }
    }

    #[test]
    fn codes_and_chinese_labels_both_parse_and_unknown_values_list_the_choices() {
        assert_eq!(Status::parse("in_review").unwrap(), Status::InReview);
        assert_eq!(Status::parse("审查中").unwrap(), Status::InReview);
        let err = CaseKind::parse("lease").unwrap_err().to_string();
        assert!(
            err.contains("未知的取值「lease」") && err.contains("contract（政府合同合法性审查）"),
            "{err}"
        );
    }
}
