//! Sync files: a full export carries every revision and blob, and reads back whole; a damaged copy is refused.

use crate::support::TestDb;

#[test]
fn a_full_export_carries_every_revision_and_blob_and_a_damaged_copy_is_refused() {
    let db = TestDb::with_office();
    let case = db.new_case(
        "normative_doc",
        "丹徒区城市道路挖掘管理暂行规定",
        "2026-03-02",
    );
    let reg = case["reg_no"].as_str().unwrap();
    let attachment = db.dir().join("送审稿.txt");
    std::fs::write(&attachment, "送审稿正文").unwrap();
    db.ok(&["attach", reg, attachment.to_str().unwrap()]);
    let out = db.dir().join("科室.fashen");
    let before = db.digest();
    let report = db.json(&["sync", "export", "--full", "--out", out.to_str().unwrap()]);
    assert_eq!(db.digest(), before, "exporting changes nothing");

    let conn = rusqlite::Connection::open(&db.path).unwrap();
    let count = |sql: &str| conn.query_row(sql, [], |r| r.get::<_, i64>(0)).unwrap() as u64;
    assert_eq!(report["revisions"], count("SELECT count(*) FROM revision"));
    assert_eq!(report["blobs"], count("SELECT count(*) FROM blob"));
    assert_eq!(report["blobs"], 1);

    let header = db.json(&["sync", "verify", out.to_str().unwrap()]);
    assert_eq!(header["revisions"], report["revisions"]);
    assert_eq!(header["sender_name"], "科室笔记本");
    assert_eq!(header["full"], true);

    // One changed byte in the middle, a cut-off copy, and some other file: each refused with its reason.
    let bytes = std::fs::read(&out).unwrap();
    let mut flipped = bytes.clone();
    flipped[bytes.len() / 2] ^= 0x20;
    let damaged = db.dir().join("damaged.fashen");
    std::fs::write(&damaged, &flipped).unwrap();
    let cut = db.dir().join("cut.fashen");
    std::fs::write(&cut, &bytes[..bytes.len() - 100]).unwrap();
    let d = damaged.to_str().unwrap();
    let c = cut.to_str().unwrap();
    let a = attachment.to_str().unwrap();
    db.all_refused_unchanged(&[
        (&["sync", "verify", d], "校验和不符"),
        (&["sync", "verify", c], "校验和不符"),
        (&["sync", "verify", a], "不是法审台同步文件"),
        (&["sync", "export", "--out", d], "--full"),
    ]);
    assert_eq!(
        std::fs::read(&damaged).unwrap(),
        flipped,
        "a refused export writes nothing"
    );
}
