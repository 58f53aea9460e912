//! 备案报告: one cover letter per filing channel of each case, in the 文件格式 of the office.

use super::*;

/// 备案报告: one cover letter per filing channel of each case, in the 文件格式 of the office.
pub(super) fn filing_reports(book: &FontBook, facts: &[FormFacts]) -> Result<Sheet> {
    let spec = Gbt9704::default();
    let mut pages = Vec::new();
    for doc in filing_report_docs(facts)? {
        pages.append(&mut document::layout(book, &spec, &doc)?.pages);
    }
    Ok(Sheet {
        meta: Meta {
            title: FormName::FilingReport.label().to_string(),
            author: facts.first().map(|f| f.office.clone()).unwrap_or_default(),
            subject: format!("{} 份", pages.len()),
            date: None,
        },
        pages,
    })
}

/// The reports as documents, one per filing channel of each case (one blank one when `facts` is empty).
pub(super) fn filing_report_docs(facts: &[FormFacts]) -> Result<Vec<Official>> {
    let mut docs = Vec::new();
    let blank;
    let list: Vec<(Option<&FormFacts>, FilingChannel)> = if facts.is_empty() {
        blank = [FilingChannel::NpcStandingCommittee];
        blank.iter().map(|&c| (None, c)).collect()
    } else {
        let mut v = Vec::new();
        for f in facts {
            if !FormName::FilingReport.kinds().contains(&f.case.kind()) {
                return Err(Error::Refused(format!(
                    "案件 {} 是{}，不需要备案报告",
                    f.case.reg_no,
                    f.case.kind().label()
                )));
            }
            let mut channels: Vec<FilingChannel> = Vec::new();
            for r in &f.filings {
                if !channels.contains(&r.channel) {
                    channels.push(r.channel);
                }
            }
            if channels.is_empty() {
                channels = vec![
                    FilingChannel::NpcStandingCommittee,
                    FilingChannel::UpperGovernment,
                ];
            }
            v.extend(channels.into_iter().map(|c| (Some(f), c)));
        }
        v
    };
    for (f, channel) in list {
        let c = f.map(|f| &f.case);
        let nd = c.and_then(|c| match &c.details {
            CaseDetails::NormativeDoc(n) => Some(n),
            _ => None,
        });
        let blank_line = "＿＿＿＿＿＿＿＿";
        let title = c
            .map(|c| c.title.clone())
            .unwrap_or_else(|| blank_line.to_string());
        let doc_no = nd
            .and_then(|n| n.doc_no.clone())
            .unwrap_or_else(|| "＿＿＿＿".into());
        let addressee = match channel {
            FilingChannel::NpcStandingCommittee => "区人大常委会",
            FilingChannel::UpperGovernment => "市人民政府",
        };
        // The rules of the province the office works in (江苏: domain.md §1.5, §1.6).
        let basis = match channel {
            FilingChannel::NpcStandingCommittee => "《中华人民共和国各级人民代表大会常务委员会监督法》和《江苏省各级人民代表大会常务委员会规范性文件备案审查条例》",
            FilingChannel::UpperGovernment => "《江苏省行政规范性文件管理规定》（省政府令第158号）",
        };
        let when =
            |v: Option<NaiveDate>| v.map(fmt_date).unwrap_or_else(|| "　　年　月　日".into());
        let body = vec![
            Block::Para(vec![Span::new(
                Face::Fang,
                format!(
                    "根据{basis}，现将{}（{doc_no}）报送备案。该文件于{}公布，自{}起施行。",
                    crate::model::wording::quoted(&title),
                    when(nd.and_then(|n| n.published_on)),
                    when(nd.and_then(|n| n.effective_on))
                ),
            )]),
            Block::Para(vec![Span::new(Face::Fang, "特此报告。")]),
            Block::Attachments(
                ["文件正式文本", "起草说明", "制定依据", "合法性审核意见"]
                    .map(String::from)
                    .to_vec(),
            ),
        ];
        // Dated when it is sent (as recorded) or made (today), never back to the publication day; a blank
        // form leaves the date for the pen.
        let date = f.map(|f| {
            f.filings
                .iter()
                .find(|r| r.channel == channel)
                .and_then(|r| r.submitted_on)
                .unwrap_or(f.today)
        });
        let enactor = f.map(|f| f.enactor.clone()).unwrap_or_default();
        docs.push(Official {
            corner: None,
            // A report to a higher body: the enactor's mark, a number and a 签发人 for the clerk to fill.
            head: Head::Upward {
                mark: if enactor.is_empty() {
                    "＿＿＿＿＿＿文件".into()
                } else {
                    format!("{enactor}文件")
                },
                signer: String::new(),
            },
            number: Some("　　〔　　　　〕　　号".into()),
            draft: false,
            title: format!(
                "关于报送{}备案的报告",
                crate::model::wording::quoted(&title)
            ),
            addressee: Some(addressee.to_string()),
            body,
            signature: Signature {
                issuer: enactor,
                signers: Vec::new(),
                date,
            },
            imprint: None,
            meta: Meta::default(),
        });
    }
    Ok(docs)
}
