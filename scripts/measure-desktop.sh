#!/usr/bin/env bash
# Builds the production desktop app and an empty Tauri 2 window (release, custom protocol), then measures
# start-up time and whole-app memory on a database of 100 000 cases beside the empty window (DESIGN.md §9).
# Usage: scripts/measure-desktop.sh [--cases N] [--rounds R] [--json FILE]
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/ensure-deps.sh test
cargo build --release --locked -p fashen --bin fashen
cargo build --release --locked -p fashen-desktop --features custom-protocol --bins
exec python3 scripts/measure_desktop.py --bin-dir target/release "$@"
