#!/bin/sh
# Removes what install.sh installed. The database (~/.local/share/cn.fashen.app/) is kept.
set -eu
rm -f "$HOME/.local/bin/fashen" \
  "${XDG_DATA_HOME:-$HOME/.local/share}/applications/fashen-browser.desktop" \
  "${XDG_DATA_HOME:-$HOME/.local/share}/icons/hicolor/128x128/apps/fashen.png"
echo "已卸载法审台（浏览器版）；数据库保留在 ${XDG_DATA_HOME:-$HOME/.local/share}/cn.fashen.app/"
