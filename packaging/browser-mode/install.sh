#!/bin/sh
# Installs 法审台（浏览器版） for this user: the `fashen` binary in ~/.local/bin, its menu entry and icon.
# Nothing outside the user's own folders is touched; run it again to update. To remove: uninstall.sh.
set -eu
here="$(cd "$(dirname "$0")" && pwd)"
bin="$HOME/.local/bin"
apps="${XDG_DATA_HOME:-$HOME/.local/share}/applications"
icons="${XDG_DATA_HOME:-$HOME/.local/share}/icons/hicolor/128x128/apps"
mkdir -p "$bin" "$apps" "$icons"
install -m 0755 "$here/fashen" "$bin/fashen"
install -m 0644 "$here/fashen-browser.desktop" "$apps/fashen-browser.desktop"
install -m 0644 "$here/fashen.png" "$icons/fashen.png"
command -v update-desktop-database >/dev/null 2>&1 && update-desktop-database "$apps" >/dev/null 2>&1 || true
echo "已安装法审台（浏览器版）：请从开始菜单打开「法审台（浏览器版）」，或在终端运行 $bin/fashen serve"
