#!/usr/bin/env bash
# Runs every test: the UI's pure modules (node --test), then the workspace — core unit and integration tests
# (CLI, store, crash safety) and the desktop's end-to-end tests in the real WebKit webview under a private Xvfb.
# Screenshots of the main screens land in target/screenshots/.
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
echo "界面截图：$(pwd)/target/screenshots/"
