#!/usr/bin/env bash
# Installs what the desktop app needs, builds the production app (release, UI embedded) and opens it. The
# database is the one in the OS app-data folder (FASHEN_DB overrides it); the first start creates it and
# offers the demo data.
# On 统信 UOS and 银河麒麟 Kylin, whose WebKitGTK is too old for the desktop app, it builds `fashen` and starts
# browser mode instead (`fashen serve`, README "Browser mode"); FASHEN_MODE=browser or =desktop chooses.
set -euo pipefail
cd "$(dirname "$0")/.."
os_id="$( (. /etc/os-release 2>/dev/null && echo "${ID:-}") || true)"
case "${FASHEN_MODE:-auto}:$os_id" in
  browser:* | auto:uos | auto:kylin)
    bash scripts/ensure-deps.sh serve
    echo "==> 构建法审台（浏览器版）"
    cargo build --release --locked -p fashen --bin fashen
    exec target/release/fashen serve
    ;;
esac
bash scripts/ensure-deps.sh run
echo "==> 构建法审台桌面端（首次构建约需 8 分钟）"
cargo build --release --locked -p fashen-desktop --features custom-protocol --bin fashen-desktop
cargo build --release --locked -p fashen --bin fashen
if [ -z "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ]; then
  echo "没有图形界面（DISPLAY 未设置），无法打开窗口。请在桌面环境中运行，或使用命令行：target/release/fashen --help" >&2
  exit 1
fi
exec target/release/fashen-desktop
