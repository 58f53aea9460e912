#!/usr/bin/env bash
# Installs what building and testing Fashen needs on a fresh Debian/Ubuntu machine, and nothing when it is there.
# The Rust toolchain itself must already be installed (rustup, stable ≥ 1.85); Debian's own cargo is too old.
set -euo pipefail

need_apt=()
command -v cc >/dev/null 2>&1 || need_apt+=(build-essential)
command -v pkg-config >/dev/null 2>&1 || need_apt+=(pkg-config)
if [ ${#need_apt[@]} -gt 0 ]; then
  echo "==> installing system packages: ${need_apt[*]}"
  SUDO=""
  [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${need_apt[@]}"
fi

if ! command -v cargo >/dev/null 2>&1; then
  echo "需要 Rust 工具链（cargo）。请先安装 rustup 与 stable 版 Rust，然后重试。" >&2
  exit 1
fi
