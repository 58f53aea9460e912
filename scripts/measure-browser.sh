#!/usr/bin/env bash
# Builds the `fashen` binary (release) and measures browser mode on a database of 100 000 cases: the time from
# `fashen serve` to the first screen with data in Chromium under Xvfb, and the memory of the server and of the
# browser (README, "Browser mode: start-up and memory").
# Usage: scripts/measure-browser.sh [--cases N] [--rounds R] [--json FILE]
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/ensure-deps.sh test
cargo build --release --locked -p fashen --bin fashen
exec python3 scripts/measure_browser.py --bin target/release/fashen "$@"
