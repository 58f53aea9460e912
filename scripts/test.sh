#!/usr/bin/env bash
# Runs every test of the workspace: unit tests, the integration binary (CLI, store, crash safety) and doc tests.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/ensure-deps.sh
cargo test --workspace --locked
