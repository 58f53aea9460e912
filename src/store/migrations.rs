//! Append-only schema migrations keyed by `PRAGMA user_version`.
//!
//! Never edit a migration that has shipped: add a new one at the end, opening with a comment that says why.
//! Each runs in its own transaction together with the `user_version` bump, so a crash leaves the old version.

/// Migration `i` (0-based) brings the database to `user_version = i + 1`.
pub const MIGRATIONS: &[&str] = &[
    // v1: the initial schema. `revision` is the source of truth (immutable: triggers refuse UPDATE and DELETE);
    // `head` names the current revision(s) of each entity; the entity tables below it are derived from the heads
    // in the same transaction as each write, and can be rebuilt from the log at any time (`fashen check`).
    // Numbers and names are unique by rule, checked inside the writing transaction, but the indexes are not
    // UNIQUE: two laptops can assign the same number offline, and sync must be able to hold both to show them.
    r#"
    CREATE TABLE meta (
        key   TEXT PRIMARY KEY,
        value TEXT NOT NULL
    ) STRICT;

    CREATE TABLE revision (
        seq       INTEGER PRIMARY KEY,
        rev_id    TEXT NOT NULL UNIQUE,
        entity    TEXT NOT NULL,
        entity_id TEXT NOT NULL,
        parents   TEXT NOT NULL,
        device_id TEXT NOT NULL,
        hlc       TEXT NOT NULL,
        author    TEXT NOT NULL,
        op        TEXT NOT NULL CHECK (op IN ('put', 'delete')),
        schema    INTEGER NOT NULL,
        message   TEXT NOT NULL,
        body      TEXT NOT NULL
    ) STRICT;
    CREATE INDEX revision_by_entity ON revision (entity_id, hlc);
    CREATE TRIGGER revision_no_update BEFORE UPDATE ON revision
        BEGIN SELECT RAISE(ABORT, 'revisions are immutable'); END;
    CREATE TRIGGER revision_no_delete BEFORE DELETE ON revision
        BEGIN SELECT RAISE(ABORT, 'revisions are immutable'); END;

    CREATE TABLE head (
        entity    TEXT NOT NULL,
        entity_id TEXT NOT NULL,
        rev_id    TEXT NOT NULL REFERENCES revision (rev_id),
        PRIMARY KEY (entity_id, rev_id)
    ) STRICT, WITHOUT ROWID;
    CREATE INDEX head_by_entity ON head (entity);

    CREATE TABLE audit (
        id        INTEGER PRIMARY KEY,
        at        TEXT NOT NULL,
        device_id TEXT NOT NULL,
        author    TEXT NOT NULL,
        action    TEXT NOT NULL,
        summary   TEXT NOT NULL,
        revisions INTEGER NOT NULL
    ) STRICT;

    CREATE TABLE blob (
        sha256 TEXT PRIMARY KEY,
        size   INTEGER NOT NULL,
        bytes  BLOB NOT NULL
    ) STRICT;

    CREATE TABLE units (
        id      TEXT PRIMARY KEY,
        rev_id  TEXT NOT NULL REFERENCES revision (rev_id),
        body    TEXT NOT NULL,
        name    TEXT NOT NULL,
        code    TEXT,
        is_self INTEGER NOT NULL
    ) STRICT;
    CREATE INDEX units_by_name ON units (name);

    CREATE TABLE people (
        id      TEXT PRIMARY KEY,
        rev_id  TEXT NOT NULL REFERENCES revision (rev_id),
        body    TEXT NOT NULL,
        name    TEXT NOT NULL,
        role    TEXT NOT NULL,
        unit_id TEXT
    ) STRICT;
    CREATE INDEX people_by_name ON people (name);

    CREATE TABLE cases (
        id          TEXT PRIMARY KEY,
        rev_id      TEXT NOT NULL REFERENCES revision (rev_id),
        body        TEXT NOT NULL,
        kind        TEXT NOT NULL,
        reg_year    INTEGER NOT NULL,
        reg_serial  INTEGER NOT NULL,
        title       TEXT NOT NULL,
        unit_id     TEXT NOT NULL,
        assignee_id TEXT,
        status      TEXT NOT NULL,
        received    TEXT NOT NULL,
        outcome     TEXT
    ) STRICT;
    CREATE INDEX cases_by_reg_no ON cases (reg_year, reg_serial);
    CREATE INDEX cases_by_status ON cases (status, reg_year, reg_serial);
    CREATE INDEX cases_by_kind ON cases (kind, reg_year, reg_serial);
    CREATE INDEX cases_by_unit ON cases (unit_id, reg_year, reg_serial);
    CREATE INDEX cases_by_assignee ON cases (assignee_id, reg_year, reg_serial);

    CREATE TABLE letters (
        id        TEXT PRIMARY KEY,
        rev_id    TEXT NOT NULL REFERENCES revision (rev_id),
        body      TEXT NOT NULL,
        case_id   TEXT NOT NULL,
        kind      TEXT NOT NULL,
        status    TEXT NOT NULL,
        no_code   TEXT,
        no_year   INTEGER,
        no_serial INTEGER
    ) STRICT;
    CREATE INDEX letters_by_case ON letters (case_id);
    CREATE INDEX letters_by_number ON letters (no_code, no_year, no_serial);

    CREATE TABLE filings (
        id           TEXT PRIMARY KEY,
        rev_id       TEXT NOT NULL REFERENCES revision (rev_id),
        body         TEXT NOT NULL,
        case_id      TEXT NOT NULL,
        channel      TEXT NOT NULL,
        due_on       TEXT,
        submitted_on TEXT
    ) STRICT;
    CREATE INDEX filings_by_case ON filings (case_id);

    CREATE TABLE clock_events (
        id      TEXT PRIMARY KEY,
        rev_id  TEXT NOT NULL REFERENCES revision (rev_id),
        body    TEXT NOT NULL,
        case_id TEXT NOT NULL,
        kind    TEXT NOT NULL,
        on_date TEXT NOT NULL
    ) STRICT;
    CREATE INDEX clock_events_by_case ON clock_events (case_id, on_date);

    CREATE TABLE attachments (
        id      TEXT PRIMARY KEY,
        rev_id  TEXT NOT NULL REFERENCES revision (rev_id),
        body    TEXT NOT NULL,
        case_id TEXT NOT NULL,
        name    TEXT NOT NULL,
        sha256  TEXT NOT NULL REFERENCES blob (sha256)
    ) STRICT;
    CREATE INDEX attachments_by_case ON attachments (case_id);
    "#,
    // v2: the register's title filter (事项名称包含…) is a LIKE '%word%' scan. Over the table it reads every row
    // with its JSON body (~130 ms at 100 000 cases); over this covering index it reads only titles and the
    // register's sort keys (~30 ms). The full-text index of the search milestone will take over longer words.
    r#"
    CREATE INDEX cases_by_title ON cases(title, reg_year, reg_serial);
    "#,
    // v3: deadlines (issue 4). Calendar years and deadline rules are revisioned records like cases (named by
    // year and by rule code, so every laptop edits the same record). `deadlines` and `case_next_due` are
    // derived: recomputed from a case, its clock events and filings, the rules and the calendar in the same
    // transaction as any change to them, and checked against a fresh computation by `fashen check`. `deadline_moves` is this laptop's log
    // of recomputed dates that moved (old → new), so no deadline ever changes silently.
    r#"
    CREATE TABLE calendar_years (
        id     TEXT PRIMARY KEY,
        rev_id TEXT NOT NULL REFERENCES revision (rev_id),
        body   TEXT NOT NULL,
        year   INTEGER NOT NULL
    ) STRICT;
    CREATE INDEX calendar_years_by_year ON calendar_years (year);

    CREATE TABLE deadline_rules (
        id     TEXT PRIMARY KEY,
        rev_id TEXT NOT NULL REFERENCES revision (rev_id),
        body   TEXT NOT NULL,
        code   TEXT NOT NULL
    ) STRICT;

    CREATE TABLE deadlines (
        case_id          TEXT NOT NULL,
        rule             TEXT NOT NULL,
        purpose          TEXT NOT NULL,
        state            TEXT NOT NULL,
        due              TEXT,
        trigger_on       TEXT,
        provisional      INTEGER NOT NULL,
        rule_rev         TEXT,
        calendar_version TEXT NOT NULL,
        body             TEXT NOT NULL,
        PRIMARY KEY (case_id, rule)
    ) STRICT, WITHOUT ROWID;
    CREATE INDEX deadlines_by_state ON deadlines (state, purpose, due);
    CREATE INDEX deadlines_by_rule ON deadlines (rule, state, due);

    -- Each case's soonest open deadline, for the register's due-date order: read in index order, a page of
    -- the register sorted by due date touches only its own rows.
    CREATE TABLE case_next_due (
        case_id TEXT PRIMARY KEY,
        due     TEXT NOT NULL
    ) STRICT, WITHOUT ROWID;
    CREATE INDEX case_next_due_by_due ON case_next_due (due, case_id);

    CREATE TABLE deadline_moves (
        id      INTEGER PRIMARY KEY,
        at      TEXT NOT NULL,
        case_id TEXT NOT NULL,
        rule    TEXT NOT NULL,
        label   TEXT NOT NULL,
        old_due TEXT,
        new_due TEXT,
        cause   TEXT NOT NULL
    ) STRICT;
    CREATE INDEX deadline_moves_by_case ON deadline_moves (case_id, id);
    "#,
    // v4: the clause library (常用审查意见): a record per entry, the built-in ones seeded like the calendar.
    r#"
    CREATE TABLE clauses (
        id     TEXT PRIMARY KEY,
        rev_id TEXT NOT NULL REFERENCES revision (rev_id),
        body   TEXT NOT NULL,
        title  TEXT NOT NULL
    ) STRICT;
    "#,
    // v5: sync by file (issue 6). `conflicts` is derived like the entity tables: an entity whose heads disagree
    // (fields, or an edit beside a deletion), or a number two laptops both assigned; recomputed with every
    // import, resolution and write to such an entity. `peers` is this laptop's knowledge of the others (for
    // `sync export --for`), learnt from the files they sent; `sync_imports` keeps every import's receipt.
    // `revision_by_device` answers "what has this laptop got from device D after time T" for an export.
    r#"
    CREATE TABLE conflicts (
        entity_id TEXT NOT NULL,
        kind      TEXT NOT NULL CHECK (kind IN ('fields', 'delete', 'number')),
        entity    TEXT NOT NULL,
        case_id   TEXT,
        detail    TEXT NOT NULL,
        PRIMARY KEY (entity_id, kind)
    ) STRICT, WITHOUT ROWID;
    CREATE INDEX conflicts_by_case ON conflicts (case_id);

    CREATE TABLE peers (
        device_id     TEXT PRIMARY KEY,
        name          TEXT NOT NULL,
        knowledge     TEXT NOT NULL,
        last_file_at  TEXT NOT NULL,
        last_import   TEXT NOT NULL,
        files         INTEGER NOT NULL
    ) STRICT;

    CREATE TABLE sync_imports (
        id        INTEGER PRIMARY KEY,
        at        TEXT NOT NULL,
        file_hash TEXT NOT NULL,
        sender    TEXT NOT NULL,
        receipt   TEXT NOT NULL
    ) STRICT;

    CREATE INDEX revision_by_device ON revision (device_id, hlc);
    "#,
    // v6: the register's order is total. Two cases can share a number (registered apart on two laptops, until
    // someone renumbers one); they list by id, the same on every laptop, rather than in the order each laptop
    // happened to store them. The id ends every index the register is read in, so the order still comes from
    // the index: with the id only in the ORDER BY, SQLite looked up every row before a deep page to sort its
    // ties (page 1000 of 100 000 cases: 1 ms → 98 ms).
    r#"
    DROP INDEX cases_by_reg_no;
    DROP INDEX cases_by_status;
    DROP INDEX cases_by_kind;
    DROP INDEX cases_by_unit;
    DROP INDEX cases_by_assignee;
    DROP INDEX cases_by_title;
    CREATE INDEX cases_by_reg_no ON cases (reg_year, reg_serial, id);
    CREATE INDEX cases_by_status ON cases (status, reg_year, reg_serial, id);
    CREATE INDEX cases_by_kind ON cases (kind, reg_year, reg_serial, id);
    CREATE INDEX cases_by_unit ON cases (unit_id, reg_year, reg_serial, id);
    CREATE INDEX cases_by_assignee ON cases (assignee_id, reg_year, reg_serial, id);
    CREATE INDEX cases_by_title ON cases (title, reg_year, reg_serial, id);
    "#,
    // v7: search by any words (issue 19). Derived from the rows like every projection, never synced; the
    // store builds it from the rows when it opens a database whose index is missing or of another format
    // (`meta.search_index`), so this creates the tables empty. See `store/search.rs`.
    r#"
    CREATE TABLE search_group (
        no   INTEGER PRIMARY KEY,
        key  BLOB NOT NULL UNIQUE,
        kind TEXT NOT NULL
    ) STRICT;

    CREATE TABLE search_section (
        id     INTEGER PRIMARY KEY,
        places TEXT NOT NULL,
        text   TEXT NOT NULL
    ) STRICT;

    CREATE TABLE search_term (
        key    INTEGER PRIMARY KEY,
        groups BLOB NOT NULL
    ) STRICT;

    CREATE TABLE search_pending (
        key     INTEGER NOT NULL,
        grp     INTEGER NOT NULL,
        present INTEGER NOT NULL,
        PRIMARY KEY (key, grp)
    ) STRICT, WITHOUT ROWID;
    "#,
    // v8: the text of each attachment's bytes, for search (issue 19): derived from the blob (never synced),
    // extracted when the bytes arrive and, for blobs without it or from an older extractor (`version`), when
    // the store opens. See `store/blob_text.rs`.
    r#"
    CREATE TABLE blob_text (
        sha256    TEXT PRIMARY KEY REFERENCES blob (sha256),
        version   INTEGER NOT NULL,
        state     TEXT NOT NULL,
        detail    TEXT,
        truncated INTEGER NOT NULL,
        pages     TEXT NOT NULL
    ) STRICT;
    "#,
    // v9: the hearings of a lawsuit (行政应诉, issue 20), a record on its case like filings and clock events.
    r#"
    CREATE TABLE hearings (
        id      TEXT PRIMARY KEY,
        rev_id  TEXT NOT NULL REFERENCES revision (rev_id),
        body    TEXT NOT NULL,
        case_id TEXT NOT NULL,
        on_date TEXT NOT NULL,
        appeared TEXT NOT NULL
    ) STRICT;
    CREATE INDEX hearings_by_case ON hearings (case_id);
    "#,
    // v10: the files examined in a 案卷评查 round (issue 20), records on the round's case.
    r#"
    CREATE TABLE inspected_files (
        id      TEXT PRIMARY KEY,
        rev_id  TEXT NOT NULL REFERENCES revision (rev_id),
        body    TEXT NOT NULL,
        case_id TEXT NOT NULL,
        unit_id TEXT NOT NULL,
        grade   TEXT NOT NULL
    ) STRICT;
    CREATE INDEX inspected_files_by_case ON inspected_files (case_id);
    "#,
    // v11: the year's 法治政府建设 key tasks (issue 21), records on their plan's case, and what units report
    // on them. `due_on` is the day a task is due (a 全年 task's the year's last; NULL for 长期坚持).
    r#"
    CREATE TABLE key_tasks (
        id           TEXT PRIMARY KEY,
        rev_id       TEXT NOT NULL REFERENCES revision (rev_id),
        body         TEXT NOT NULL,
        case_id      TEXT NOT NULL,
        no           INTEGER NOT NULL,
        lead_unit_id TEXT NOT NULL,
        due_on       TEXT,
        status       TEXT NOT NULL
    ) STRICT;
    CREATE INDEX key_tasks_by_case ON key_tasks (case_id, no);
    CREATE INDEX key_tasks_open_by_due ON key_tasks (due_on, case_id, lead_unit_id)
        WHERE status <> 'done';
    CREATE TABLE task_progress (
        id      TEXT PRIMARY KEY,
        rev_id  TEXT NOT NULL REFERENCES revision (rev_id),
        body    TEXT NOT NULL,
        case_id TEXT NOT NULL,
        task_id TEXT NOT NULL,
        on_date TEXT NOT NULL
    ) STRICT;
    CREATE INDEX task_progress_by_task ON task_progress (task_id, on_date);
    CREATE INDEX task_progress_by_case ON task_progress (case_id);
    -- An office's own entries of its lists of choices (办理类别, 成果形式).
    CREATE TABLE choices (
        id      TEXT PRIMARY KEY,
        rev_id  TEXT NOT NULL REFERENCES revision (rev_id),
        body    TEXT NOT NULL,
        list    TEXT NOT NULL,
        code    TEXT NOT NULL
    ) STRICT;
    "#,
    // v12: the statistics (issue 22) count reviews by the day their opinion was issued and letters by the day
    // they went out. Both days live in the records' bodies; as columns with indexes, a year's figures read only
    // that year's rows instead of every body; so do the days in the bodies that some kinds count by.
    r#"
    ALTER TABLE cases ADD COLUMN opinion_on TEXT;
    UPDATE cases SET opinion_on = json_extract(body, '$.opinion_on');
    CREATE INDEX cases_by_opinion ON cases (kind, opinion_on, unit_id, outcome);
    CREATE INDEX cases_by_received ON cases (kind, received, unit_id, outcome);
    ALTER TABLE letters ADD COLUMN issued_on TEXT;
    UPDATE letters SET issued_on = json_extract(body, '$.issued_on');
    CREATE INDEX letters_by_issued ON letters (issued_on);
    -- The days only some kinds have, indexed as the statistics read them (expression indexes: the body stays
    -- the one source, and a write keeps them without code of its own).
    CREATE INDEX cases_by_published ON cases (kind, json_extract(body, '$.details.published_on'));
    CREATE INDEX cases_by_judgment ON cases (kind, json_extract(body, '$.details.judgment_on'));
    CREATE INDEX cases_by_replied ON cases (kind, json_extract(body, '$.details.replied_on'));
    CREATE INDEX cases_by_transferred ON cases (kind, json_extract(body, '$.details.transferred_on'));
    CREATE INDEX cases_by_catalogue ON cases (kind, json_extract(body, '$.details.catalogue_year'));
    CREATE INDEX cases_by_cleaned_up ON cases (kind, json_extract(body, '$.details.cleaned_up_on'));
    CREATE INDEX cases_by_post_evaluated ON cases (kind, json_extract(body, '$.details.post_evaluated_on'));
    CREATE INDEX cases_by_plan_year
        ON cases (kind, coalesce(json_extract(body, '$.details.plan_year'), reg_year));
    CREATE INDEX key_tasks_by_plan ON key_tasks (case_id, status, due_on, lead_unit_id);
    "#,
];

/// The schema version this build writes.
pub fn latest_version() -> i64 {
    MIGRATIONS.len() as i64
}

#[cfg(test)]
mod tests {
    use super::*;
    use rusqlite::Connection;

    #[test]
    fn every_migration_applies_in_order_on_an_empty_database() {
        let conn = Connection::open_in_memory().unwrap();
        for (i, m) in MIGRATIONS.iter().enumerate() {
            conn.execute_batch(m)
                .unwrap_or_else(|e| panic!("migration {} fails: {e}", i + 1));
        }
        let tables: i64 = conn
            .query_row(
                "SELECT count(*) FROM sqlite_master WHERE type = 'table'",
                [],
                |r| r.get(0),
            )
            .unwrap();
        assert!(tables >= 11);
    }
}
