//! The demo year itself: the submitting units, the advisors, about forty cases of every kind with the
//! statuses each walks through, and the findings their letters carry. Data only; `demo` makes it through the
//! actions.

use crate::model::{CaseKind, Finding, Outcome, Status};

pub(super) const UNITS: &[(&str, Option<&str>, &str)] = &[
    ("丹徒区人民政府", Some("徒政规"), "government"),
    ("丹徒区人民政府办公室", Some("徒政办"), "department"),
    ("区住房和城乡建设局", Some("徒住建"), "department"),
    ("区市场监督管理局", Some("徒市监"), "department"),
    ("区自然资源和规划分局", None, "department"),
    ("区教育局", Some("徒教"), "department"),
    ("区财政局", Some("徒财"), "department"),
    ("区农业农村局", Some("徒农"), "department"),
    ("区城市管理局", Some("徒城管"), "department"),
    ("区卫生健康委员会", Some("徒卫健"), "department"),
    ("区生态环境局", None, "department"),
    ("区民政局", Some("徒民"), "department"),
    ("高资街道办事处", None, "township"),
    ("辛丰镇人民政府", None, "township"),
    ("谷阳镇人民政府", None, "township"),
];

pub(super) const ADVISORS: &[(&str, &str, &str)] = &[
    ("周志强", "江苏京江律师事务所", "13211201010234561"),
    ("吴敏", "江苏京江律师事务所", "13211201210345672"),
    ("孙建华", "江苏圌山律师事务所", "13211200910456783"),
    ("朱丽", "江苏长山律师事务所", "13211201410567894"),
    ("黄海涛", "江苏长山律师事务所", "13211201110678905"),
];

/// One demo case: kind, title, submitting unit, days ago it was received, the statuses it walks through,
/// extra fields, and the advisor consulted (index into ADVISORS).
pub(super) struct DemoCase {
    pub(super) kind: CaseKind,
    pub(super) title: &'static str,
    pub(super) unit: &'static str,
    pub(super) days_ago: i64,
    pub(super) path: &'static [Status],
    pub(super) fields: &'static [(&'static str, &'static str)],
    pub(super) advisor: Option<usize>,
}

use Status::*;

pub(super) const NORMATIVE_FULL: &[Status] = &[
    InReview,
    AdvisorConsulted,
    AwaitingSignoff,
    OpinionIssued,
    Published,
    AwaitingFiling,
    Filed,
    InForce,
];

pub(super) const CASES: &[DemoCase] = &[
    DemoCase {
        kind: CaseKind::NormativeDoc,
        title: "丹徒区农村村民住房建设管理办法",
        unit: "区住房和城乡建设局",
        days_ago: 330,
        path: NORMATIVE_FULL,
        fields: &[
            ("issuer_form", "政府文"),
            ("is_normative", "是"),
            ("materials", "送审稿,起草说明,制定依据,征求意见及采纳情况"),
            ("outcome", "修改后合法"),
        ],
        advisor: Some(0),
    },
    DemoCase {
        kind: CaseKind::NormativeDoc,
        title: "丹徒区城市道路挖掘管理暂行规定",
        unit: "区城市管理局",
        days_ago: 300,
        path: &[
            InReview,
            AwaitingSignoff,
            OpinionIssued,
            Published,
            AwaitingFiling,
            Filed,
        ],
        fields: &[
            ("issuer_form", "政府办文"),
            ("provisional", "是"),
            ("outcome", "合法"),
        ],
        advisor: None,
    },
    DemoCase {
        kind: CaseKind::NormativeDoc,
        title: "丹徒区政府投资项目管理办法",
        unit: "区财政局",
        days_ago: 210,
        path: &[
            InReview,
            AdvisorConsulted,
            AwaitingSignoff,
            OpinionIssued,
            Published,
            AwaitingFiling,
        ],
        fields: &[
            ("issuer_form", "政府文"),
            ("fair_competition", "是"),
            ("outcome", "修改后合法"),
        ],
        advisor: Some(2),
    },
    DemoCase {
        kind: CaseKind::NormativeDoc,
        title: "丹徒区促进现代农业高质量发展若干政策措施",
        unit: "区农业农村局",
        days_ago: 150,
        path: &[InReview, AwaitingSignoff, OpinionIssued, Published],
        fields: &[
            ("issuer_form", "政府文"),
            ("fair_competition", "是"),
            ("outcome", "合法"),
        ],
        advisor: None,
    },
    DemoCase {
        kind: CaseKind::NormativeDoc,
        title: "丹徒区校外培训机构管理办法",
        unit: "区教育局",
        days_ago: 75,
        path: &[InReview, AdvisorConsulted, AwaitingSignoff, OpinionIssued],
        fields: &[("issuer_form", "部门文"), ("outcome", "修改后合法")],
        advisor: Some(3),
    },
    DemoCase {
        kind: CaseKind::NormativeDoc,
        title: "丹徒区城镇生活垃圾分类管理实施办法",
        unit: "区城市管理局",
        days_ago: 30,
        path: &[InReview, AwaitingSignoff],
        // The conclusion the clerk proposes, which the draft and the form going up for sign-off show.
        fields: &[("issuer_form", "政府办文"), ("outcome", "修改后合法")],
        advisor: None,
    },
    DemoCase {
        kind: CaseKind::NormativeDoc,
        title: "丹徒区公共租赁住房管理办法",
        unit: "区住房和城乡建设局",
        days_ago: 18,
        path: &[InReview, AdvisorConsulted],
        fields: &[("issuer_form", "政府文")],
        advisor: Some(1),
    },
    DemoCase {
        kind: CaseKind::NormativeDoc,
        title: "丹徒区扶持小微企业发展若干措施",
        unit: "区市场监督管理局",
        days_ago: 9,
        path: &[InReview],
        fields: &[("fair_competition", "是")],
        advisor: None,
    },
    DemoCase {
        kind: CaseKind::NormativeDoc,
        title: "丹徒区集体土地上房屋征收补偿安置办法",
        unit: "区自然资源和规划分局",
        days_ago: 14,
        path: &[InReview, AwaitingMaterials],
        fields: &[("issuer_form", "政府文")],
        advisor: None,
    },
    DemoCase {
        kind: CaseKind::NormativeDoc,
        title: "丹徒区户外广告设施设置管理规定",
        unit: "区城市管理局",
        days_ago: 2,
        path: &[],
        fields: &[],
        advisor: None,
    },
    DemoCase {
        kind: CaseKind::NormativeDoc,
        title: "关于召开网格化社会治理工作推进会的通知",
        unit: "高资街道办事处",
        days_ago: 60,
        path: &[Returned],
        fields: &[("is_normative", "否")],
        advisor: None,
    },
    DemoCase {
        kind: CaseKind::NormativeDoc,
        title: "丹徒区农村危房改造补助资金管理办法",
        unit: "区民政局",
        days_ago: 360,
        path: &[
            InReview,
            AwaitingSignoff,
            OpinionIssued,
            Published,
            AwaitingFiling,
            Filed,
            InForce,
            CleanedUp,
        ],
        fields: &[("outcome", "合法"), ("cleanup", "废止")],
        advisor: None,
    },
    DemoCase {
        kind: CaseKind::NormativeDoc,
        title: "丹徒区养老服务机构补贴实施细则（试行）",
        unit: "区民政局",
        days_ago: 345,
        path: &[
            InReview,
            AwaitingSignoff,
            OpinionIssued,
            Published,
            AwaitingFiling,
            Filed,
            InForce,
            Expiring,
        ],
        fields: &[("provisional", "是"), ("outcome", "合法")],
        advisor: None,
    },
    DemoCase {
        kind: CaseKind::MajorDecision,
        title: "丹徒区老旧小区改造三年行动计划",
        unit: "区住房和城乡建设局",
        days_ago: 190,
        path: &[
            InReview,
            AdvisorConsulted,
            AwaitingSignoff,
            OpinionIssued,
            Published,
        ],
        fields: &[
            ("catalogue_year", "2026"),
            ("catalogue_item", "1"),
            ("expert_argument", "是"),
            ("risk_assessment", "是"),
            ("meeting", "区政府第18次常务会议"),
            ("outcome", "合法"),
        ],
        advisor: Some(0),
    },
    DemoCase {
        kind: CaseKind::MajorDecision,
        title: "丹徒区城区公共停车收费标准调整方案",
        unit: "区城市管理局",
        days_ago: 25,
        path: &[InReview, AdvisorConsulted],
        fields: &[("catalogue_year", "2026"), ("catalogue_item", "2")],
        advisor: Some(4),
    },
    DemoCase {
        kind: CaseKind::MajorDecision,
        title: "丹徒区国土空间总体规划（2021—2035年）",
        unit: "区自然资源和规划分局",
        days_ago: 11,
        path: &[InReview],
        fields: &[
            ("catalogue_year", "2026"),
            ("catalogue_item", "3"),
            ("risk_assessment", "是"),
        ],
        advisor: None,
    },
    DemoCase {
        kind: CaseKind::MajorDecision,
        title: "丹徒区殡葬改革实施方案",
        unit: "区民政局",
        days_ago: 120,
        path: &[InReview, NotIssued],
        fields: &[],
        advisor: None,
    },
    DemoCase {
        kind: CaseKind::Contract,
        title: "丹徒区人民医院新院区建设项目施工合同",
        unit: "区卫生健康委员会",
        days_ago: 280,
        path: &[InReview, AdvisorConsulted, AwaitingSignoff, OpinionIssued],
        fields: &[
            ("counterparty", "江苏某建设集团有限公司"),
            ("amount", "38600万"),
            ("contract_type", "建设工程施工"),
            ("funds_type", "财政资金"),
            ("outcome", "修改后签订"),
            ("signed_on", ""),
        ],
        advisor: Some(1),
    },
    DemoCase {
        kind: CaseKind::Contract,
        title: "丹徒区城乡生活污水处理PPP项目合同",
        unit: "区生态环境局",
        days_ago: 240,
        path: &[InReview, AdvisorConsulted, AwaitingSignoff, OpinionIssued],
        fields: &[
            ("counterparty", "某环境科技股份有限公司"),
            ("amount", "52000万"),
            ("contract_type", "PPP"),
            ("outcome", "修改后签订"),
        ],
        advisor: Some(2),
    },
    DemoCase {
        kind: CaseKind::Contract,
        title: "新能源装备产业园项目投资协议",
        unit: "丹徒区人民政府办公室",
        days_ago: 200,
        path: &[InReview, AdvisorConsulted, AwaitingSignoff, OpinionIssued],
        fields: &[
            ("counterparty", "某新能源科技有限公司"),
            ("amount", "200000万"),
            ("contract_type", "招商引资"),
            ("outcome", "不同意签订"),
        ],
        advisor: Some(0),
    },
    DemoCase {
        kind: CaseKind::Contract,
        title: "区政府常年法律顾问服务合同",
        unit: "丹徒区人民政府办公室",
        days_ago: 170,
        path: &[InReview, AwaitingSignoff, OpinionIssued],
        fields: &[
            ("counterparty", "江苏京江律师事务所"),
            ("amount", "12万"),
            ("contract_type", "政府采购服务"),
            ("outcome", "同意签订"),
        ],
        advisor: None,
    },
    DemoCase {
        kind: CaseKind::Contract,
        title: "丹徒区国有建设用地使用权出让合同（谷阳地块）",
        unit: "区自然资源和规划分局",
        days_ago: 130,
        path: &[InReview, AwaitingSignoff, OpinionIssued],
        fields: &[
            ("counterparty", "某置业有限公司"),
            ("amount", "18500万"),
            ("contract_type", "国有土地出让"),
            ("outcome", "同意签订"),
        ],
        advisor: None,
    },
    DemoCase {
        kind: CaseKind::Contract,
        title: "区行政服务中心办公用房租赁合同",
        unit: "区财政局",
        days_ago: 45,
        path: &[InReview, AwaitingSignoff],
        fields: &[
            ("counterparty", "某物业管理有限公司"),
            ("amount", "86.4万"),
            ("funds_type", "财政资金"),
            ("contract_type", "租赁"),
            ("outcome", "修改后签订"),
        ],
        advisor: None,
    },
    DemoCase {
        kind: CaseKind::Contract,
        title: "智慧城管综合平台建设采购合同",
        unit: "区城市管理局",
        days_ago: 6,
        path: &[InReview],
        fields: &[
            ("counterparty", "某信息技术有限公司"),
            ("amount", "468万"),
            ("contract_type", "政府采购"),
        ],
        advisor: None,
    },
    DemoCase {
        kind: CaseKind::Contract,
        title: "辛丰农贸市场特许经营协议",
        unit: "辛丰镇人民政府",
        days_ago: 12,
        path: &[InReview, AwaitingMaterials],
        fields: &[
            ("counterparty", "某市场经营管理有限公司"),
            ("contract_type", "特许经营"),
        ],
        advisor: None,
    },
    DemoCase {
        kind: CaseKind::Contract,
        title: "中小学校车接送服务合同",
        unit: "区教育局",
        days_ago: 1,
        path: &[],
        fields: &[("counterparty", "某公共交通有限公司"), ("amount", "320万")],
        advisor: None,
    },
    DemoCase {
        kind: CaseKind::Enforcement,
        title: "对某化工有限公司作出责令停产停业决定",
        unit: "区生态环境局",
        days_ago: 160,
        path: &[InReview, AwaitingSignoff, OpinionIssued],
        fields: &[
            ("agency", "区生态环境局"),
            ("party", "某化工有限公司"),
            (
                "proposed_decision",
                "依据《中华人民共和国水污染防治法》第八十三条，责令当事人停产整治三个月。",
            ),
            (
                "discretion_standard",
                "江苏省生态环境行政处罚裁量基准（2023年版）",
            ),
            ("art58_trigger", "public_interest"),
            ("outcome", "同意"),
        ],
        advisor: None,
    },
    DemoCase {
        kind: CaseKind::Enforcement,
        title: "对某建设工程有限公司罚款50万元的处罚决定",
        unit: "区住房和城乡建设局",
        days_ago: 100,
        path: &[InReview, AdvisorConsulted, AwaitingSignoff, OpinionIssued],
        fields: &[
            ("agency", "区住房和城乡建设局"),
            ("party", "某建设工程有限公司"),
            (
                "proposed_decision",
                "依据《建设工程质量管理条例》第六十四条，对当事人处以罚款50万元。",
            ),
            (
                "discretion_standard",
                "江苏省住房城乡建设系统行政处罚自由裁量权基准",
            ),
            ("art58_trigger", "hearing_held"),
            ("outcome", "纠正"),
        ],
        advisor: Some(3),
    },
    DemoCase {
        kind: CaseKind::Enforcement,
        title: "吊销某餐饮店食品经营许可证的决定",
        unit: "区市场监督管理局",
        days_ago: 8,
        path: &[InReview],
        fields: &[
            ("agency", "区市场监督管理局"),
            ("party", "某餐饮店"),
            (
                "proposed_decision",
                "依据《中华人民共和国食品安全法》第一百二十四条，吊销当事人食品经营许可证。",
            ),
            ("art58_trigger", "hearing_held"),
        ],
        advisor: None,
    },
    DemoCase {
        kind: CaseKind::Enforcement,
        title: "没收某采砂船只及违法所得的决定",
        unit: "区农业农村局",
        days_ago: 55,
        path: &[InReview, AwaitingSignoff, OpinionIssued],
        fields: &[
            ("agency", "区农业农村局"),
            ("party", "徐某某"),
            (
                "proposed_decision",
                "没收采砂船只一艘及违法所得；因涉嫌非法采矿罪，拟移送公安机关。",
            ),
            ("art58_trigger", "complex"),
            ("outcome", "移送"),
        ],
        advisor: None,
    },
    DemoCase {
        kind: CaseKind::Enforcement,
        title: "对某商贸有限公司罚款20万元的处罚决定",
        unit: "区市场监督管理局",
        days_ago: 4,
        path: &[InReview, AwaitingMaterials],
        fields: &[("agency", "区市场监督管理局"), ("party", "某商贸有限公司")],
        advisor: None,
    },
    DemoCase {
        kind: CaseKind::PenaltyFiling,
        title: "区市场监管局重大行政处罚决定备案（徒市监罚〔2026〕15号）",
        unit: "区市场监督管理局",
        days_ago: 90,
        path: &[InReview, AwaitingSignoff, OpinionIssued],
        fields: &[
            ("decision_no", "徒市监罚〔2026〕15号"),
            ("party", "某食品有限公司"),
            ("penalty_type", "罚款"),
            ("amount", "15万"),
            ("outcome", "备案登记"),
        ],
        advisor: None,
    },
    DemoCase {
        kind: CaseKind::PenaltyFiling,
        title: "区城管局重大行政处罚决定备案（徒城管罚〔2026〕8号）",
        unit: "区城市管理局",
        days_ago: 70,
        path: &[InReview, AwaitingSignoff, OpinionIssued],
        fields: &[
            ("decision_no", "徒城管罚〔2026〕8号"),
            ("party", "某房地产开发有限公司"),
            ("penalty_type", "罚款"),
            ("amount", "30万"),
            ("outcome", "要求说明"),
        ],
        advisor: None,
    },
    DemoCase {
        kind: CaseKind::PenaltyFiling,
        title: "区生态环境局重大行政处罚决定备案（徒环罚〔2026〕3号）",
        unit: "区生态环境局",
        days_ago: 40,
        path: &[InReview, AwaitingSignoff, OpinionIssued],
        fields: &[
            ("decision_no", "徒环罚〔2026〕3号"),
            ("party", "某印染有限公司"),
            ("penalty_type", "责令停产停业"),
            ("outcome", "纠错建议"),
        ],
        advisor: None,
    },
    DemoCase {
        kind: CaseKind::PenaltyFiling,
        title: "区卫健委重大行政处罚决定备案（徒卫罚〔2026〕2号）",
        unit: "区卫生健康委员会",
        days_ago: 5,
        path: &[InReview],
        fields: &[
            ("decision_no", "徒卫罚〔2026〕2号"),
            ("party", "某口腔诊所"),
            ("penalty_type", "吊销执业许可证"),
        ],
        advisor: None,
    },
    DemoCase {
        kind: CaseKind::PenaltyFiling,
        title: "区农业农村局重大行政处罚决定备案（徒农罚〔2026〕6号）",
        unit: "区农业农村局",
        days_ago: 3,
        path: &[],
        fields: &[
            ("decision_no", "徒农罚〔2026〕6号"),
            ("party", "陈某某"),
            ("penalty_type", "没收违法所得"),
        ],
        advisor: None,
    },
    DemoCase {
        kind: CaseKind::Advice,
        title: "关于高资街道征收补偿信访事项的法律意见",
        unit: "高资街道办事处",
        days_ago: 110,
        path: &[InReview, AdvisorConsulted, AwaitingSignoff, OpinionIssued],
        fields: &[
            (
                "question",
                "被征收人以补偿标准过低为由多次信访，街道拟作出补偿决定，请就程序合法性提出意见。",
            ),
            (
                "conclusion",
                "信访人要求按经营性用房标准补偿缺乏事实和法律依据，建议维持按住宅标准补偿的意见，依法书面答复信访人并做好释明工作。",
            ),
        ],
        advisor: Some(4),
    },
    DemoCase {
        kind: CaseKind::Advice,
        title: "关于区政府作为被告的行政诉讼应诉意见",
        unit: "丹徒区人民政府办公室",
        days_ago: 35,
        path: &[InReview, AdvisorConsulted],
        fields: &[("question", "原告请求撤销房屋征收决定，请提出应诉意见。")],
        advisor: Some(2),
    },
    DemoCase {
        kind: CaseKind::Advice,
        title: "关于谷阳镇集体资产租赁合同续签的咨询",
        unit: "谷阳镇人民政府",
        days_ago: 7,
        path: &[InReview],
        fields: &[],
        advisor: None,
    },
    DemoCase {
        kind: CaseKind::Contract,
        title: "区图书馆物业管理服务合同",
        unit: "区教育局",
        days_ago: 95,
        path: &[Withdrawn],
        fields: &[("counterparty", "某物业服务有限公司"), ("amount", "64万")],
        advisor: None,
    },
    // 行政应诉: one judged and closed, one at trial, one whose defence is still being written.
    DemoCase {
        kind: CaseKind::Litigation,
        title: "王某诉区市场监督管理局行政处罚案",
        unit: "区市场监督管理局",
        days_ago: 150,
        path: &[Answered, InTrial, Judged, Concluded],
        fields: &[
            ("court_case_no", "（2026）苏1112行初15号"),
            ("court", "镇江市丹徒区人民法院"),
            ("instance", "first"),
            ("plaintiffs", "王某"),
            ("challenged_act", "徒市监罚〔2026〕8号行政处罚决定"),
            ("cause", "行政处罚"),
            ("judgment_result", "claims_dismissed"),
        ],
        advisor: Some(1),
    },
    DemoCase {
        kind: CaseKind::Litigation,
        title: "某置业有限公司诉丹徒区人民政府房屋征收决定案",
        unit: "丹徒区人民政府",
        days_ago: 40,
        path: &[Answered, InTrial],
        fields: &[
            ("court_case_no", "（2026）苏11行初42号"),
            ("court", "镇江市中级人民法院"),
            ("instance", "first"),
            ("plaintiffs", "镇江某置业有限公司"),
            ("challenged_act", "徒政征〔2026〕2号房屋征收决定"),
            ("cause", "房屋征收"),
        ],
        advisor: Some(2),
    },
    DemoCase {
        kind: CaseKind::Litigation,
        title: "李某诉区城市管理局强制拆除案",
        unit: "区城市管理局",
        days_ago: 6,
        path: &[],
        fields: &[
            ("court_case_no", "（2026）苏1112行初88号"),
            ("court", "镇江市丹徒区人民法院"),
            ("instance", "first"),
            ("plaintiffs", "李某、张某"),
            ("challenged_act", "强制拆除违法建设行为"),
            ("cause", "行政强制"),
        ],
        advisor: None,
    },
    // 复议答复: one decided (维持) and closed; one just received, with a normative document reviewed
    // incidentally, whose answers are due.
    DemoCase {
        kind: CaseKind::Reconsideration,
        title: "张某不服区市场监督管理局行政处罚决定申请行政复议案",
        unit: "区市场监督管理局",
        days_ago: 80,
        path: &[Replied, ReconsiderationDecided, Concluded],
        fields: &[
            ("reconsideration_body", "丹徒区人民政府"),
            ("reconsideration_case_no", "徒政复〔2026〕12号"),
            ("applicants", "张某"),
            ("challenged_act", "徒市监罚〔2026〕21号行政处罚决定"),
            ("decision", "upheld"),
        ],
        advisor: None,
    },
    DemoCase {
        kind: CaseKind::Reconsideration,
        title: "镇江某建材有限公司不服丹徒区人民政府责令限期拆除决定申请行政复议案",
        unit: "丹徒区人民政府",
        days_ago: 5,
        path: &[],
        fields: &[
            ("reconsideration_body", "镇江市人民政府"),
            ("reconsideration_case_no", "镇政复〔2026〕37号"),
            ("applicants", "镇江某建材有限公司"),
            ("challenged_act", "徒政决〔2026〕5号责令限期拆除决定"),
            ("incidental_review", "是"),
            ("reviewed_document", "丹徒区违法建设治理办法"),
        ],
        advisor: Some(3),
    },
    // 两法衔接: one filed by the police with its evidence handed over; one the police declined, taken back
    // to them (复议); one whose transfer the head refused; one just reported, awaiting the head's decision.
    DemoCase {
        kind: CaseKind::CrimeTransfer,
        title: "丹徒区某商贸有限公司销售假冒注册商标的商品案",
        unit: "区市场监督管理局",
        days_ago: 120,
        path: &[TransferApproved, Transferred, PoliceFiled, EvidenceHandedOver, Concluded],
        fields: &[
            ("suspected_crime", "销售假冒注册商标的商品罪"),
            ("suspects", "丹徒区某商贸有限公司、刘某"),
            ("police", "镇江市公安局丹徒分局"),
            ("result", "公安机关立案侦查，已移送审查起诉"),
        ],
        advisor: None,
    },
    DemoCase {
        kind: CaseKind::CrimeTransfer,
        title: "某化工有限公司非法倾倒危险废物案",
        unit: "区生态环境局",
        days_ago: 30,
        path: &[TransferApproved, Transferred, PoliceDeclined, ReviewSought],
        fields: &[
            ("suspected_crime", "污染环境罪"),
            ("suspects", "镇江某化工有限公司"),
            ("police", "镇江市公安局丹徒分局"),
        ],
        advisor: Some(4),
    },
    DemoCase {
        kind: CaseKind::CrimeTransfer,
        title: "某药店销售劣药案",
        unit: "区市场监督管理局",
        days_ago: 45,
        path: &[TransferRefused],
        fields: &[("suspected_crime", "销售劣药罪"), ("suspects", "丹徒区某大药房")],
        advisor: None,
    },
    DemoCase {
        kind: CaseKind::CrimeTransfer,
        title: "谷阳镇某加油站非法经营成品油案",
        unit: "区市场监督管理局",
        days_ago: 1,
        path: &[],
        fields: &[("suspected_crime", "非法经营罪"), ("suspects", "谷阳镇某加油站、陈某")],
        advisor: None,
    },
    // 案卷评查: this year's round, its files examined and its results published.
    DemoCase {
        kind: CaseKind::FileInspection,
        title: "2026年度行政执法案卷评查",
        unit: "丹徒区人民政府",
        days_ago: 40,
        path: &[Inspecting, ResultsPublished],
        fields: &[
            ("plan", "《2026年丹徒区行政执法监督检查计划》"),
            ("members", "王立新、陈静、周志强"),
            (
                "units_audited",
                "区市场监督管理局、区城市管理局、区生态环境局、区农业农村局",
            ),
            (
                "score_items",
                "主体 10；事实 15；证据 20；适用法律 15；程序 15；裁量 10；文书 10；移送 5",
            ),
        ],
        advisor: None,
    },
    // 建议提案办理: a deputy's suggestion answered (B: in hand), a proposal with a co-unit just assigned, a
    // difficult suggestion on its six months, and a proposal answered again after a 不满意. The feedback
    // follows the reply (it is entered after the step 已答复).
    DemoCase {
        kind: CaseKind::Proposal,
        title: "关于加强校园周边交通安全管理的建议",
        unit: "区教育局",
        days_ago: 70,
        path: &[Replied],
        fields: &[
            ("category", "npc_suggestion"),
            ("session", "区十七届人大五次会议"),
            ("proposal_no", "第12号"),
            ("lead", "张建国"),
            ("cosigners", "李华、王芳、陈刚"),
            ("assigned_by", "区人大常委会代表工作委员会"),
            ("co_units", "区住房和城乡建设局"),
            ("co_views_on", "+8"),
            ("handling_class", "B"),
            ("contact_way", "meeting"),
            ("feedback", "satisfied"),
        ],
        advisor: None,
    },
    DemoCase {
        kind: CaseKind::Proposal,
        title: "关于推进老旧小区加装电梯的提案",
        unit: "区住房和城乡建设局",
        days_ago: 12,
        path: &[],
        fields: &[
            ("category", "cppcc_proposal"),
            ("session", "区政协十四届五次会议"),
            ("proposal_no", "第35号"),
            ("lead", "周敏"),
            ("assigned_by", "区政协提案委员会"),
            ("co_units", "区财政局"),
        ],
        advisor: None,
    },
    DemoCase {
        kind: CaseKind::Proposal,
        title: "关于规范农村宅基地审批管理的建议",
        unit: "区自然资源和规划分局",
        days_ago: 80,
        path: &[],
        fields: &[
            ("category", "npc_suggestion"),
            ("session", "区十七届人大五次会议"),
            ("proposal_no", "第27号"),
            ("lead", "刘志强"),
            ("assigned_by", "区人大常委会代表工作委员会"),
            ("co_units", "区农业农村局"),
            ("co_views_on", "+25"),
            ("difficult", "是"),
        ],
        advisor: None,
    },
    DemoCase {
        kind: CaseKind::Proposal,
        title: "关于加强养老机构消防安全管理的提案",
        unit: "区民政局",
        days_ago: 95,
        path: &[Replied, Rehandling, Rereplied],
        fields: &[
            ("category", "cppcc_proposal"),
            ("session", "区政协十四届五次会议"),
            ("proposal_no", "第8号"),
            ("lead", "孙丽"),
            ("assigned_by", "区政协提案委员会"),
            ("handling_class", "A"),
            ("contact_way", "phone"),
            ("feedback", "dissatisfied"),
        ],
        advisor: None,
    },
];

/// The files of the demo round: unit, number, kind of decision, the points below full (the rest earn full
/// points) and the problems found.
/// (unit, file number, kind, scores below full, problems, rectification asked)
pub(super) const INSPECTED_FILES: &[(&str, &str, &str, &str, &str, &str)] = &[
    (
        "区市场监督管理局",
        "徒市监罚〔2026〕8号",
        "行政处罚",
        "文书 9",
        "",
        "",
    ),
    (
        "区市场监督管理局",
        "徒市监罚〔2026〕21号",
        "行政处罚",
        "证据 18；文书 8.5",
        "询问笔录未载明执法人员证件号",
        "补记执法人员证件号，今后询问笔录逐项载明执法人员及其证件号",
    ),
    (
        "区城市管理局",
        "徒城管罚〔2026〕5号",
        "行政处罚",
        "程序 11；文书 8",
        "告知陈述申辩权利的送达回证缺失",
        "查找并补入送达回证；无法补入的，说明情况并建立文书送达登记制度",
    ),
    (
        "区城市管理局",
        "徒城管强〔2026〕2号",
        "行政强制",
        "证据 14；程序 10；裁量 7",
        "强制拆除前催告书送达日期与笔录不符；现场照片无拍摄时间",
        "核实催告书送达日期并作出书面说明；配备带时间记录的取证设备",
    ),
    (
        "区生态环境局",
        "徒环罚〔2026〕3号",
        "行政处罚",
        "裁量 9",
        "",
        "",
    ),
    ("区生态环境局", "徒环罚〔2026〕9号", "行政处罚", "", "", ""),
    (
        "区农业农村局",
        "徒农罚〔2026〕4号",
        "行政处罚",
        "事实 8；证据 9；适用法律 8；程序 8；裁量 6；文书 5",
        "违法事实认定不清；适用法律条款错误；未经法制审核即作出决定",
        "对该案启动自查纠错程序，依法重新作出处理；重大执法决定一律先经法制审核",
    ),
];

/// The findings a demo letter carries: what a reviewer of that kind of case would write to reach `outcome`.
/// An unreserved outcome (合法, 同意签订, 同意, 备案登记) has none: a letter that lists problems does not
/// conclude that all is well.
pub(super) fn findings_for(kind: CaseKind, title: &str, outcome: Option<Outcome>) -> Vec<Finding> {
    use Outcome::*;
    let f = |clause: &str, problem: &str, legal_basis: &str, suggestion: &str| Finding {
        clause: clause.into(),
        problem: problem.into(),
        legal_basis: legal_basis.into(),
        suggestion: suggestion.into(),
    };
    if matches!(
        outcome,
        Some(Lawful | ApproveSigning | Approve | FilingRegistered)
    ) {
        return Vec::new();
    }
    // The findings of the case itself, where the demo has them: what a reviewer would find in that
    // contract or document, each with the provision it rests on.
    match title {
        "区行政服务中心办公用房租赁合同" => {
            return vec![
                f(
                    "第五条 租金及支付方式",
                    "约定租金按年一次性预付，未与年度预算安排衔接，存在超预算支付风险。",
                    "《中华人民共和国预算法》第五十七条",
                    "改为按季度支付，支付总额以年度预算安排为限。",
                ),
                f(
                    "第十一条 违约责任",
                    "仅约定承租方逾期支付租金的违约责任，未约定出租方逾期交付或不履行维修义务的责任，权利义务不对等。",
                    "《中华人民共和国民法典》第七百零八条",
                    "增加出租方逾期交付、不及时维修的违约责任条款。",
                ),
            ]
        }
        "丹徒区人民医院新院区建设项目施工合同" => {
            return vec![
                f(
                    "第二十条 工程款支付",
                    "未约定质量保证金的预留比例和返还期限。",
                    "《建设工程质量保证金管理办法》第七条",
                    "明确质量保证金预留比例不超过工程价款结算总额的3%，并约定缺陷责任期满后的返还期限。",
                ),
                f(
                    "第二十六条 工期延误",
                    "未约定承包人延误工期的违约金计算标准，发包人难以主张违约责任。",
                    "《中华人民共和国民法典》第五百八十五条",
                    "明确逾期竣工每日违约金的计算标准及累计上限。",
                ),
            ]
        }
        "丹徒区城乡生活污水处理PPP项目合同" => {
            return vec![f(
                "第三十条 提前终止",
                "未约定社会资本方违约导致合同提前终止时项目资产的移交方式及补偿计算办法，政府方权益缺乏保障。",
                "《中华人民共和国民法典》第五百六十六条",
                "补充提前终止情形下的资产移交、补偿计算及过渡期运营条款。",
            )]
        }
        "新能源装备产业园项目投资协议" => {
            return vec![
                f(
                    "第七条 扶持政策",
                    "约定按企业缴纳税收地方留成部分的80%给予奖励，实为以奖励形式变相返还税收。",
                    "《中华人民共和国税收征收管理法》第三条",
                    "删除该条款。",
                ),
                f(
                    "第十二条 融资支持",
                    "约定由区人民政府为企业银行贷款提供连带责任保证，机关法人不得为保证人。",
                    "《中华人民共和国民法典》第六百八十三条",
                    "删除该条款。",
                ),
            ]
        }
        "丹徒区城镇生活垃圾分类管理实施办法" => {
            return vec![
                f(
                    "第十五条",
                    "规定对未按规定分类投放生活垃圾的个人处二百元罚款，规范性文件无权设定行政处罚。",
                    "《中华人民共和国行政处罚法》第十六条",
                    "删除罚款规定，改为“依照《江苏省城乡生活垃圾管理条例》的规定处理”。",
                ),
                f(
                    "第二十条",
                    "规定将未分类投放的个人纳入失信名单并实施联合惩戒，超出法律、法规规定的失信惩戒范围。",
                    "《国务院办公厅关于进一步完善失信约束制度构建诚信建设长效机制的指导意见》（国办发〔2020〕49号）",
                    "删除该条款。",
                ),
            ]
        }
        "丹徒区政府投资项目管理办法" => {
            return vec![f(
                "第十二条",
                "规定“确有需要的，经批准可以由施工单位垫资建设”，与行政法规的禁止性规定相抵触。",
                "《政府投资条例》第二十二条",
                "删除该表述。",
            )]
        }
        "丹徒区校外培训机构管理办法" => {
            return vec![f(
                "第九条",
                "要求校外培训机构缴纳风险保证金并由教育部门统一管理，增加了法律、法规规定以外的义务。",
                "《国务院办公厅关于加强行政规范性文件制定和监督管理工作的通知》（国办发〔2018〕37号）",
                "删除风险保证金条款，预收费监管依照国家和省有关规定执行。",
            )]
        }
        _ => {}
    }
    match (kind, outcome) {
        (CaseKind::Contract, _) => vec![f(
            "第八条 付款方式",
            "付款节点与财政预算安排不一致，存在超预算支付风险。",
            "《中华人民共和国预算法》第五十七条",
            "付款以财政资金到位和验收合格为前提。",
        )],
        (CaseKind::Enforcement, Some(Transfer)) => vec![f(
            "案件事实部分",
            "当事人非法采砂数量及违法所得数额较大，涉嫌构成非法采矿罪，依法需要追究刑事责任。",
            "《行政执法机关移送涉嫌犯罪案件的规定》第三条",
            "依法移送公安机关，不得以行政处罚代替移送。",
        )],
        (CaseKind::Enforcement, _) => vec![f(
            "拟处罚决定书 事实认定部分",
            "现场检查笔录未经当事人签字确认，证据链不完整。",
            "《中华人民共和国行政处罚法》第五十五条",
            "补充调查取证后再行作出决定。",
        )],
        (CaseKind::PenaltyFiling, Some(CorrectionAdvised)) => vec![f(
            "处罚程序部分",
            "作出责令停产停业决定前，未告知当事人有要求听证的权利。",
            "《中华人民共和国行政处罚法》第六十三条",
            "依法撤销该决定，补正听证告知程序后重新作出决定。",
        )],
        (CaseKind::PenaltyFiling, _) => vec![f(
            "处罚决定书 罚款数额部分",
            "决定书载明罚款30万元，但未说明适用的裁量基准档次及从重处罚的理由。",
            "《中华人民共和国行政处罚法》第三十四条",
            "适用的裁量基准条款及档次，以及从重处罚所依据的事实和证据。",
        )],
        (CaseKind::MajorDecision, _) => vec![f(
            "决策程序部分",
            "决策草案涉及群众切身利益，未开展社会稳定风险评估。",
            "《重大行政决策程序暂行条例》第二十二条",
            "补充风险评估报告后再提交集体讨论决定。",
        )],
        (CaseKind::Advice, _) => vec![f(
            "信访人诉求",
            "信访人要求按经营性用房标准补偿，但被征收房屋登记用途为住宅，且无证据证明经批准改变用途。",
            "《中华人民共和国土地管理法》第四十八条",
            "维持按住宅标准补偿的意见，并向信访人书面释明依据。",
        )],
        (_, Some(ReturnForCorrection)) => vec![f(
            "起草程序部分",
            "未按规定向社会公开征求意见，送审材料中无征求意见及采纳情况说明。",
            "《国务院办公厅关于加强行政规范性文件制定和监督管理工作的通知》（国办发〔2018〕37号）",
            "补充公开征求意见程序及采纳情况说明后重新报送。",
        )],
        _ => vec![
            f(
                "第六条",
                "设定了“未取得资格证书的不得从事”的许可条件，属于增设行政许可。",
                "《中华人民共和国行政许可法》第十七条",
                "删除该条款，或改为引导性表述。",
            ),
            f(
                "第十五条",
                "对违反本办法的行为设定了罚款，规范性文件无权设定行政处罚。",
                "《中华人民共和国行政处罚法》第十六条",
                "删除罚款规定，改为“依照有关法律、法规的规定处理”。",
            ),
        ],
    }
}
