#!/usr/bin/env bash
# Runs every test: the UI's pure modules (node --test), then the workspace — core unit and integration tests
# (CLI, store, crash safety, browser mode's defences) and the end-to-end tests in both shells the UI runs in — the
# desktop in the real WebKit webview, and browser mode (`fashen serve`) in Chromium — each under a private Xvfb.
# Screenshots of the main screens land in target/screenshots/ (browser mode's prefixed `browser-`).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/ensure-deps.sh test
export PATH="$HOME/.cargo/bin:$PATH"
node --test ui/tests/
# The UI's formatter (Prettier) and its JSDoc type check (TypeScript, --checkJs): pinned in package-lock.json.
npm ci --no-audit --no-fund --loglevel=error
npx --no-install prettier --check ui
npm run --silent typecheck
cargo test --workspace --locked
# The search tests again with the index's merge thresholds lowered (a debug-build hook), so small corpora take
# the paths a large office's index takes: pending rows folded into the postings, bulk writes merged directly,
# a register title filter whose words are in too many titles for a list of ids.
# (`--workspace`, as above, so nothing is built again with other features.)
FASHEN_TEST_SEARCH_MERGE=1 cargo test --workspace --locked -- search:: three_laptops title_words
# The desktop's end-to-end tests again, in browser mode: `fashen serve` and Chromium through chromedriver.
FASHEN_E2E_SHELL=browser cargo test -p fashen-desktop --test e2e --locked
echo "界面截图：$(pwd)/target/screenshots/"
