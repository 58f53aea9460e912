//! Demo data modelled on a district justice bureau's year (the 丹徒区 report behind domain.md): the office and
//! its submitting units, staff, five legal advisors, and about forty cases of every kind in every stage, with
//! letters and filings. Everything is made through the ordinary actions, so it obeys every rule a user would.
//! Dates count back from today, so the register always looks like the current year's work.

use chrono::Duration;
use serde::Serialize;

use crate::actions::cases::{advance_case, edit_case, extend_case, register_case, Advance};
use crate::actions::letters::{issue_letter, new_letter, sign_letter, LetterEdit};
use crate::actions::parties::{add_person, add_unit, NewPerson, NewUnit};
use crate::actions::records::{add_filing, attach_file, FilingInput};
use crate::error::{Error, Result};
use crate::model::{CaseDetails, CaseKind, Finding, LetterSection, Status};
use crate::store::Store;

#[derive(Debug, Serialize)]
pub struct DemoSummary {
    pub units: usize,
    pub people: usize,
    pub advisors: usize,
    pub cases: usize,
    pub letters: usize,
    pub filings: usize,
}

const UNITS: &[(&str, Option<&str>, &str)] = &[
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

const ADVISORS: &[(&str, &str, &str)] = &[
    ("周志强", "江苏京江律师事务所", "13211201010234561"),
    ("吴敏", "江苏京江律师事务所", "13211201210345672"),
    ("孙建华", "江苏圌山律师事务所", "13211200910456783"),
    ("朱丽", "江苏长山律师事务所", "13211201410567894"),
    ("黄海涛", "江苏长山律师事务所", "13211201110678905"),
];

/// One demo case: kind, title, submitting unit, days ago it was received, the statuses it walks through,
/// extra fields, and the advisor consulted (index into ADVISORS).
struct DemoCase {
    kind: CaseKind,
    title: &'static str,
    unit: &'static str,
    days_ago: i64,
    path: &'static [Status],
    fields: &'static [(&'static str, &'static str)],
    advisor: Option<usize>,
}

use Status::*;

const NORMATIVE_FULL: &[Status] = &[
    InReview,
    AdvisorConsulted,
    AwaitingSignoff,
    OpinionIssued,
    Published,
    AwaitingFiling,
    Filed,
    InForce,
];

const CASES: &[DemoCase] = &[
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
        fields: &[("issuer_form", "政府办文")],
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
            ("contract_type", "租赁"),
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
            ("conclusion", "补偿决定程序基本合法，建议补充送达公告。"),
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
];

fn findings_for(kind: CaseKind) -> Vec<Finding> {
    match kind {
        CaseKind::Contract => vec![
            Finding {
                clause: "第十二条 争议解决".into(),
                problem: "约定由乙方所在地仲裁委员会仲裁，不利于我方维权。".into(),
                legal_basis: "《中华人民共和国仲裁法》第十六条".into(),
                suggestion: "修改为“提交镇江仲裁委员会仲裁”或由合同履行地人民法院管辖。".into(),
            },
            Finding {
                clause: "第八条 付款方式".into(),
                problem: "付款节点与财政预算安排不一致，存在超预算支付风险。".into(),
                legal_basis: "《中华人民共和国预算法》第五十七条".into(),
                suggestion: "付款以财政资金到位和验收合格为前提。".into(),
            },
        ],
        CaseKind::Enforcement => vec![Finding {
            clause: "拟处罚决定书 事实认定部分".into(),
            problem: "现场检查笔录未经当事人签字确认，证据链不完整。".into(),
            legal_basis: "《中华人民共和国行政处罚法》第五十五条".into(),
            suggestion: "补充调查取证后再行作出决定。".into(),
        }],
        _ => vec![
            Finding {
                clause: "第六条".into(),
                problem: "设定了“未取得资格证书的不得从事”的许可条件，属于增设行政许可。".into(),
                legal_basis: "《中华人民共和国行政许可法》第十七条".into(),
                suggestion: "删除该条款，或改为引导性表述。".into(),
            },
            Finding {
                clause: "第十五条".into(),
                problem: "对违反本办法的行为设定了罚款，规范性文件无权设定行政处罚。".into(),
                legal_basis: "《中华人民共和国行政处罚法》第十六条".into(),
                suggestion: "删除罚款规定，改为“依照有关法律、法规的规定处理”。".into(),
            },
        ],
    }
}

/// Loads the demo into an empty database. Refused if the database already holds cases.
pub fn load(store: &mut Store) -> Result<DemoSummary> {
    if store.case_count()? > 0 {
        return Err(Error::Refused(
            "数据库中已有案件，演示数据只能载入空数据库".into(),
        ));
    }
    let user = store.author().to_string();
    store.set_author("演示数据");
    let summary = load_as_demo_author(store);
    store.set_author(&user);
    summary
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
        let mut case = register_case(store, dc.kind, &fields, None)?;
        cases += 1;
        let extra: Vec<(String, String)> = dc
            .fields
            .iter()
            .filter(|(_, v)| !v.is_empty())
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        // A step every few days after receipt, never later than today.
        let step = (dc.days_ago / (dc.path.len() as i64 + 2)).clamp(1, 12);
        let mut day = received;
        let mut letter_id = None;
        for (n, &to) in dc.path.iter().enumerate() {
            day = (day + Duration::days(step)).min(today);
            let on = Some(day.to_string());
            if n == 0 && !extra.is_empty() {
                case = edit_case(store, case.id, &extra)?.record;
            }
            let note = match to {
                AwaitingMaterials => Some("缺少征求意见及采纳情况说明，请补正".to_string()),
                Returned => Some("所报文件不属于规范性文件，退回送审单位".to_string()),
                Withdrawn => Some("送审单位申请撤回".to_string()),
                NotIssued => Some("经集体讨论，暂缓出台".to_string()),
                _ => None,
            };
            match to {
                AwaitingSignoff => {
                    let edit = LetterEdit {
                        add_sections: vec![LetterSection {
                            heading: "审查依据".into(),
                            body: "《中华人民共和国立法法》《重大行政决策程序暂行条例》《国务院办公厅关于全面推行行政规范性文件合法性审核机制的指导意见》（国办发〔2018〕115号）等。".into(),
                        }],
                        add_findings: findings_for(dc.kind),
                        conclusion: Some(match case.outcome {
                            Some(o) => format!("综上，我局认为该事项{}，请按上述意见修改完善后按程序办理。", o.label()),
                            None => "请按上述意见修改完善后按程序办理。".to_string(),
                        }),
                        signatory: Some("王立新".into()),
                        drafted_on: Some(day.to_string()),
                        author: Some(dc.advisor.map_or(clerks[i % clerks.len()], |a| ADVISORS[a].0).into()),
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
                        CaseKind::NormativeDoc => vec![
                            (
                                "doc_no".into(),
                                format!("徒政规〔{}〕{}号", day.format("%Y"), i + 1),
                            ),
                            ("published_on".into(), day.to_string()),
                            (
                                "effective_on".into(),
                                (day + Duration::days(30)).to_string(),
                            ),
                            (
                                "valid_until".into(),
                                (day + Duration::days(if i == 12 { 200 } else { 5 * 365 }))
                                    .to_string(),
                            ),
                        ],
                        _ => vec![("published_on".into(), day.to_string())],
                    };
                    case = edit_case(store, case.id, &pub_fields)?.record;
                }
                Filed => {
                    let published = match &case.details {
                        CaseDetails::NormativeDoc(n) => n.published_on.unwrap_or(day),
                        _ => day,
                    };
                    let due = (published + Duration::days(30)).to_string();
                    for channel in ["npc_standing_committee", "upper_government"] {
                        add_filing(
                            store,
                            case.id,
                            &FilingInput {
                                channel: Some(channel.into()),
                                due_on: Some(due.clone()),
                                submitted_on: Some(day.to_string()),
                                receipt_no: Some(format!(
                                    "徒备〔{}〕{}号",
                                    day.format("%Y"),
                                    10 + i
                                )),
                                result: Some("registered".into()),
                                note: None,
                            },
                        )?;
                        filings += 1;
                    }
                }
                AwaitingFiling => {}
                _ => {}
            }
            let outcome = if to == OpinionIssued {
                case.outcome.map(|o| o.code().to_string())
            } else {
                None
            };
            case = advance_case(store, case.id, to, &Advance { note, on, outcome })?.record;
            if to == AwaitingFiling && dc.path.last() == Some(&AwaitingFiling) {
                add_filing(
                    store,
                    case.id,
                    &FilingInput {
                        channel: Some("npc_standing_committee".into()),
                        due_on: Some((day + Duration::days(30)).to_string()),
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
    Ok(DemoSummary {
        units: UNITS.len() + 2,
        people: 5 + ADVISORS.len(),
        advisors: ADVISORS.len(),
        cases,
        letters,
        filings,
    })
}
