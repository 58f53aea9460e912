#!/usr/bin/env bash
# Builds the `fashen` CLI, opens the database (FASHEN_DB, or the app-data folder), loads the demo data into
# an empty database, and shows the case register. The desktop app replaces this in the next milestone.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/ensure-deps.sh
cargo build --release --locked --bin fashen
bin=target/release/fashen
"$bin" init
if [ "$("$bin" case list --json --limit 1 | grep -c '"total": 0')" = "1" ]; then
  "$bin" demo
fi
"$bin" case list --limit 20
echo
echo "数据库位置：$("$bin" init --json | grep '"db"' | cut -d'"' -f4)"
echo "继续使用：$bin --help（例如 $bin case show 2026-001）"
