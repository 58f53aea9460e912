//! Open conflicts as the screens show them, a person's resolution (a revision naming every head) and
//! renumbering a duplicate 登记编号 or 文号.

use super::*;

impl Store {
    /// Every open conflict, cases first by registration number.
    pub fn conflicts(&self) -> Result<Vec<ConflictInfo>> {
        let mut stmt = self.conn().prepare(
            "SELECT entity_id, kind, entity, case_id, detail,
                    (SELECT c.kind FROM cases c WHERE c.id = conflicts.entity_id)
             FROM conflicts ORDER BY case_id, entity, entity_id, kind",
        )?;
        let rows = stmt
            .query_map([], |r| {
                Ok(ConflictRow {
                    id: r.get(0)?,
                    kind: r.get(1)?,
                    entity: r.get(2)?,
                    case_id: r.get(3)?,
                    detail: r.get(4)?,
                    case_kind: r.get(5)?,
                })
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        let names = self.device_names()?;
        let me = self.device_id().to_string();
        rows.into_iter()
            .map(|row| conflict_info(&me, &names, row))
            .collect()
    }

    /// Device id → the name a person knows it by (this laptop's own, and every peer's).
    pub(super) fn device_names(&self) -> Result<BTreeMap<String, String>> {
        let mut names: BTreeMap<String, String> = {
            let mut stmt = self.conn().prepare("SELECT device_id, name FROM peers")?;
            let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
            rows.collect::<rusqlite::Result<_>>()?
        };
        let me = self
            .setting("device_name")?
            .unwrap_or_else(|| "本机".into());
        names.insert(self.device_id().to_string(), format!("{me}（本机）"));
        Ok(names)
    }

    /// A person's resolution of a fields or deletion conflict: a new revision on top of every head, with the
    /// chosen values, recorded as theirs.
    pub fn resolve_conflict(&mut self, id: Uuid, res: &Resolution) -> Result<Resolved> {
        let author = self.author().to_string();
        let device = self.device_id();
        self.transact("sync.resolve", true, |tx| {
            // Read inside the write lock: the heads decided on are the heads the revision supersedes.
            let Some((kind, view)) = entity_view(&tx.tx, id, None)? else {
                return Err(Error::not_found("记录", id));
            };
            let (body, message) = resolved_body(kind, &view, res)?;
            let heads = revisions::heads(&tx.tx, id)?;
            let hlc = tx.next_hlc();
            let deleted = body.is_none();
            let rev = Revision::new(
                kind,
                id,
                heads,
                device,
                hlc,
                &author,
                if deleted { Op::Delete } else { Op::Put },
                &message,
                body.unwrap_or(Value::Null),
            );
            revisions::insert(&tx.tx, &rev, None)?;
            revisions::set_head(&tx.tx, &rev)?;
            tx.messages.push(message);
            tx.revisions += 1;
            tx.refresh_entity(id, None)?;
            tx.refresh_number_conflicts()?;
            Ok(Resolved {
                rev_id: rev.rev_id,
                deleted,
            })
        })
        .map(|w| w.value)
    }

    /// Gives a record in a number conflict the next free number of its year (a case's 登记编号) or code and
    /// year (a letter's 文号); the other record keeps the number. A person chooses which.
    pub fn renumber(&mut self, id: Uuid) -> Result<String> {
        let in_number_conflict: bool = self
            .conn()
            .query_row(
                "SELECT 1 FROM conflicts WHERE entity_id = ?1 AND kind = 'number'",
                [id.to_string()],
                |_| Ok(()),
            )
            .optional()?
            .is_some();
        if !in_number_conflict {
            return Err(Error::Refused("该记录没有编号冲突".into()));
        }
        self.write("sync.renumber", |tx| {
            let number = if let Some(mut case) = tx.get::<ReviewCase>(id)? {
                let old = case.reg_no.to_string();
                case.reg_no.serial = tx.next_reg_serial(case.reg_no.year)?;
                let new = case.reg_no.to_string();
                tx.put(&case, &format!("处理编号冲突：登记编号 {old} 改为 {new}"))?;
                new
            } else if let Some(mut letter) = tx.get::<OpinionLetter>(id)? {
                let Some(mut no) = letter.number.clone() else {
                    return Err(Error::Refused("该意见书没有文号".into()));
                };
                let old = no.to_string();
                no.serial = tx.next_letter_serial(&no.code, no.year)?;
                let new = no.to_string();
                letter.number = Some(no);
                tx.put(&letter, &format!("处理编号冲突：文号 {old} 改为 {new}"))?;
                new
            } else {
                return Err(Error::not_found("记录", id));
            };
            tx.refresh_number_conflicts()?;
            Ok(number)
        })
        .map(|w| w.value)
    }
}

/// What a person decided for a conflicted entity: the new snapshot (`None` to delete it) and the history line.
/// Every conflicting field must be decided, by a version taken whole or a value of its own, and the result must
/// pass the record's own rules.
pub(super) fn resolved_body(
    kind: EntityKind,
    view: &View,
    res: &Resolution,
) -> Result<(Option<Value>, String)> {
    if !view.in_conflict() {
        return Err(Error::Refused("该记录没有待处理的同步冲突".into()));
    }
    let taken = match &res.take {
        Some(t) => Some(
            view.sides
                .iter()
                .position(|s| s.rev_id.starts_with(t.as_str()) && t.len() >= 6)
                .ok_or_else(|| Error::invalid("采用版本", format!("{t} 不是此冲突的任一版本")))?,
        ),
        None => None,
    };
    if view.delete_conflict && taken.is_none() {
        return Err(Error::invalid(
            "采用版本",
            "一方删除了此记录、另一方作了修改：请选择保留哪一方",
        ));
    }
    if taken.is_some_and(|i| view.sides[i].deleted) {
        let title = record_title(kind, view.body.as_ref());
        return Ok((None, format!("处理同步冲突：删除「{title}」")));
    }
    for c in &res.fields {
        if !view.fields.iter().any(|f| f.path == c.path) {
            return Err(Error::invalid(
                "冲突字段",
                format!("「{}」没有冲突", c.path),
            ));
        }
    }
    let mut body = view.body.clone().unwrap_or(Value::Null);
    let mut described = Vec::new();
    for f in &view.fields {
        let label = crate::model::labels::field_label(kind, &f.path, view.body.as_ref());
        let chosen = match res.fields.iter().find(|c| c.path == f.path) {
            Some(FieldChoice { value, .. }) => value.clone(),
            None => match taken {
                Some(i) => f.values[i].clone(),
                None => {
                    return Err(Error::invalid(
                        "冲突字段",
                        format!("「{label}」尚未选择采用哪一方"),
                    ))
                }
            },
        };
        if f.path == "*" {
            body = chosen;
        } else {
            set_path(&mut body, &f.path, chosen);
        }
        described.push(label);
    }
    by_kind!(kind, obeys_rules(&body))?;
    let what = if described.is_empty() {
        "保留记录".to_string()
    } else {
        described.join("、")
    };
    Ok((Some(body), format!("处理同步冲突：{what}")))
}

/// The snapshot reads as the record type and passes its rules (what a form would refuse).
pub(super) fn obeys_rules<R: Record>(body: &Value) -> Result<()> {
    let record = R::deserialize(body)
        .map_err(|_| Error::invalid("冲突字段", "所填的值格式不对，无法保存"))?;
    record.check_rules()
}

/// Sets `a.b` (or `a`) in a JSON object.
pub(super) fn set_path(body: &mut Value, path: &str, value: Value) {
    let mut target = body;
    let mut parts = path.split('.').peekable();
    while let Some(p) = parts.next() {
        let Some(map) = target.as_object_mut() else {
            return;
        };
        if parts.peek().is_none() {
            if value.is_null() {
                map.remove(p);
            } else {
                map.insert(p.to_string(), value);
            }
            return;
        }
        target = map
            .entry(p.to_string())
            .or_insert_with(|| Value::Object(Default::default()));
    }
}

/// One row of the conflicts table, with the kind of the case it is about (when it is a case).
struct ConflictRow {
    id: String,
    kind: String,
    entity: String,
    case_id: Option<String>,
    detail: String,
    case_kind: Option<String>,
}

fn conflict_info(
    me: &str,
    names: &BTreeMap<String, String>,
    row: ConflictRow,
) -> Result<ConflictInfo> {
    let ConflictRow {
        id,
        kind,
        entity,
        case_id,
        detail,
        case_kind,
    } = row;
    // A case's fields in the words of its kind (a lawsuit's unit is 被告).
    let shape = case_kind.map(|k| serde_json::json!({ "details": { "kind": k } }));
    let shape = shape.as_ref();
    let (id, kind, entity, detail) = (id.as_str(), kind.as_str(), entity.as_str(), detail.as_str());
    let entity: EntityKind = entity.parse().map_err(Error::Refused)?;
    let entity_id: Uuid = id
        .parse()
        .map_err(|_| Error::Refused(format!("冲突记录编号无效：{id}")))?;
    let detail: Value = serde_json::from_str(detail).unwrap_or(Value::Null);
    let title = detail
        .get("title")
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_string();
    let kind = match kind {
        "delete" => ConflictKind::Delete,
        "number" => ConflictKind::Number,
        _ => ConflictKind::Fields,
    };
    let mut info = ConflictInfo {
        entity_id,
        entity,
        entity_label: entity.label().to_string(),
        case_id: case_id.and_then(|c| c.parse().ok()),
        kind,
        title,
        number: detail
            .get("number")
            .and_then(Value::as_str)
            .map(str::to_string),
        sides: Vec::new(),
        fields: Vec::new(),
    };
    if kind != ConflictKind::Number {
        let d: ConflictDetail = serde_json::from_value(detail)
            .map_err(|e| Error::Refused(format!("冲突记录无法读取：{e}")))?;
        info.sides = d
            .sides
            .iter()
            .map(|s| ConflictSide {
                rev_id: s.rev_id.clone(),
                mine: s.device_id == me,
                device: names
                    .get(&s.device_id)
                    .cloned()
                    .unwrap_or_else(|| s.device_id.chars().take(8).collect()),
                author: s.author.clone(),
                at: s
                    .hlc
                    .parse::<Hlc>()
                    .ok()
                    .and_then(|h| chrono::DateTime::from_timestamp_millis(h.wall_ms))
                    .map(|t| crate::clock::china_time(t).to_rfc3339())
                    .unwrap_or_default(),
                deleted: s.deleted,
            })
            .collect();
        info.fields = d
            .fields
            .iter()
            .map(|f| crate::sync::FieldConflictInfo {
                path: f.path.clone(),
                label: crate::model::labels::field_label(entity, &f.path, shape),
                values: f.values.clone(),
                shown: f
                    .values
                    .iter()
                    .map(|v| crate::model::labels::field_display(entity, &f.path, v))
                    .collect(),
            })
            .collect();
    }
    Ok(info)
}
