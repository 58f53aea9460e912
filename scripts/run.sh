#!/usr/bin/env bash
# Installs what the desktop app needs, builds the production app (release, UI embedded) and opens it. The
# database is the one in the OS app-data folder (FASHEN_DB overrides it); the first start creates it and
# offers the demo data.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/ensure-deps.sh run
echo "==> 构建法审台桌面端（首次构建约需 8 分钟）"
cargo build --release --locked -p fashen-desktop --features custom-protocol --bin fashen-desktop
cargo build --release --locked -p fashen --bin fashen
if [ -z "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ]; then
  echo "没有图形界面（DISPLAY 未设置），无法打开窗口。请在桌面环境中运行，或使用命令行：target/release/fashen --help" >&2
  exit 1
fi
exec target/release/fashen-desktop
