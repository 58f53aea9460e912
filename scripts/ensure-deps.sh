#!/usr/bin/env bash
# Installs what building, running and testing Fashen needs on a fresh Debian/Ubuntu machine, and nothing
# when it is already there. Usage: ensure-deps.sh run|serve|test
#   run   the packages Tauri 2 builds and runs against (WebKitGTK 4.1, GTK 3, rsvg, appindicator, xdo) and CJK fonts
#   serve what browser mode (`fashen serve`) builds with: a C compiler, pkg-config and CJK fonts — no WebKit
#   test  all of that, plus the real-webview test chain: Xvfb, WebKitWebDriver, tauri-driver, Node (UI unit tests),
#         poppler-utils (PDF checks), python3 (the desktop measurement), LibreOffice Writer (opens the exported
#         Word documents as a reader would), an OFD reader (easyofd, in target/ofd-reader), Chromium and
#         chromedriver (browser mode's end-to-end tests)
# The Rust toolchain itself must already be installed (rustup, stable ≥ 1.90); Debian's own cargo is too old.
set -euo pipefail
mode="${1:-run}"

if ! command -v cargo >/dev/null 2>&1; then
  echo "需要 Rust 工具链（cargo）。请先安装 rustup 与 stable 版 Rust，然后重试。" >&2
  exit 1
fi

# package name → a file that proves it is installed (dpkg -s is slow and misleads on half-removed packages).
declare -A probe=(
  [build-essential]=/usr/bin/cc
  [pkg-config]=/usr/bin/pkg-config
  [libwebkit2gtk-4.1-dev]=/usr/lib/x86_64-linux-gnu/pkgconfig/webkit2gtk-4.1.pc
  [libgtk-3-dev]=/usr/lib/x86_64-linux-gnu/pkgconfig/gtk+-3.0.pc
  [librsvg2-dev]=/usr/lib/x86_64-linux-gnu/pkgconfig/librsvg-2.0.pc
  [libayatana-appindicator3-dev]=/usr/lib/x86_64-linux-gnu/pkgconfig/ayatana-appindicator3-0.1.pc
  [libxdo-dev]=/usr/include/xdo.h
  [libssl-dev]=/usr/include/openssl/ssl.h
  [file]=/usr/bin/file
  [fonts-noto-cjk]=/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc
)
wanted=(build-essential pkg-config libwebkit2gtk-4.1-dev libgtk-3-dev librsvg2-dev libayatana-appindicator3-dev
        libxdo-dev libssl-dev file fonts-noto-cjk)
if [ "$mode" = serve ]; then
  wanted=(build-essential pkg-config fonts-noto-cjk)
fi
if [ "$mode" = test ]; then
  probe+=(
    [xvfb]=/usr/bin/Xvfb
    [xauth]=/usr/bin/xauth
    [webkit2gtk-driver]=/usr/bin/WebKitWebDriver
    [nodejs]=/usr/bin/node
    [npm]=/usr/bin/npm
    [poppler-utils]=/usr/bin/pdftotext
    [x11-utils]=/usr/bin/xwininfo
    [imagemagick]=/usr/bin/convert
    [python3]=/usr/bin/python3
    [libreoffice-writer-nogui]=/usr/bin/soffice
    [python3-venv]=/usr/share/doc/python3-venv
    [chromium]=/usr/bin/chromium
    [chromium-driver]=/usr/bin/chromedriver
  )
  wanted+=(xvfb xauth webkit2gtk-driver nodejs npm poppler-utils x11-utils imagemagick python3
           libreoffice-writer-nogui python3-venv chromium chromium-driver)
fi

# On a non-x86_64 machine the probes miss; apt then just confirms the packages are there.
missing=()
for pkg in "${wanted[@]}"; do
  [ -e "${probe[$pkg]}" ] || missing+=("$pkg")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "==> 安装系统软件包：${missing[*]}"
  SUDO=""
  [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# Independent readers and writers for the tests, pinned, in their own virtual environment: an OFD reader
# (easyofd; its parser needs only these, so the rendering stack it would pull in — onnxruntime and the like —
# is left out) and an Excel workbook writer and reader (openpyxl) for the imports and exports.
ofd_reader="$(dirname "$0")/../target/ofd-reader"
# (Checked by importing them: an install cut short is tried again.)
if [ "$mode" = test ] && ! "$ofd_reader/bin/python" -c "import easyofd, openpyxl" >/dev/null 2>&1; then
  echo "==> 安装测试用的 OFD 阅读器和 Excel 读写库（easyofd、openpyxl）"
  python3 -m venv "$ofd_reader"
  "$ofd_reader/bin/pip" install -q --no-deps easyofd==20260427 xmltodict==1.0.4 loguru==0.7.3 \
    pymupdf==2.0 pillow==13.0.0 reportlab==5.1.0 fonttools==4.69.1 pyasn1==0.6.5 \
    openpyxl==3.1.5 et_xmlfile==2.0.0
fi

if [ "$mode" = test ] && ! command -v tauri-driver >/dev/null 2>&1 && [ ! -x "$HOME/.cargo/bin/tauri-driver" ]; then
  echo "==> 安装 tauri-driver（桌面端界面测试所需，约 1 分钟）"
  cargo install tauri-driver --locked --version '^2' --quiet
fi
