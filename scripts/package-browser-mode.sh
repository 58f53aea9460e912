#!/usr/bin/env bash
# Builds browser mode for the 信创 laptops the desktop app cannot run on (统信 UOS V20, 银河麒麟 Kylin V10): a
# static `fashen` (musl, so it does not depend on their older C library), its menu entry and icon, and
# install.sh / uninstall.sh, as target/fashen-browser-mode-<arch>.tar.gz.
# Usage: scripts/package-browser-mode.sh [x86_64|aarch64]   (default: x86_64)
# Cross-building for arm64 (Kunpeng, Phytium) uses Zig as the C compiler (cargo-zigbuild, the ziglang wheel).
set -euo pipefail
cd "$(dirname "$0")/.."
arch="${1:-x86_64}"
case "$arch" in
  x86_64 | aarch64) ;;
  *) echo "不支持的架构：$arch（可选 x86_64 或 aarch64）" >&2; exit 2 ;;
esac
target="$arch-unknown-linux-musl"
export PATH="$HOME/.cargo/bin:$PATH"
rustup target add "$target" >/dev/null
zig_env="target/zig"
if ! "$zig_env/bin/python-zig" version >/dev/null 2>&1; then
  echo "==> 安装 Zig（用作交叉编译的 C 编译器）"
  python3 -m venv "$zig_env"
  "$zig_env/bin/pip" install -q ziglang==0.15.2
  printf '#!/bin/sh\nexec "%s/bin/python" -m ziglang "$@"\n' "$(pwd)/$zig_env" > "$zig_env/bin/python-zig"
  chmod +x "$zig_env/bin/python-zig"
fi
if ! command -v cargo-zigbuild >/dev/null 2>&1; then
  echo "==> 安装 cargo-zigbuild"
  cargo install cargo-zigbuild --locked --quiet
fi
# cargo-zigbuild finds Zig through $CARGO_ZIGBUILD_ZIG_PATH.
export CARGO_ZIGBUILD_ZIG_PATH="$(pwd)/$zig_env/bin/python-zig"
cargo zigbuild --release --locked -p fashen --bin fashen --target "$target"

out="target/fashen-browser-mode-$arch"
rm -rf "$out"
mkdir -p "$out"
cp "target/$target/release/fashen" "$out/fashen"
cp packaging/browser-mode/fashen-browser.desktop packaging/browser-mode/install.sh \
  packaging/browser-mode/uninstall.sh "$out/"
cp ui/icon.png "$out/fashen.png"
tar -C target -czf "$out.tar.gz" "fashen-browser-mode-$arch"
echo "已生成：$out.tar.gz（$(du -h "$out.tar.gz" | cut -f1)）"
file "$out/fashen"
