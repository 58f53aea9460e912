#!/usr/bin/env python3
"""Start-up time and memory of browser mode (`fashen serve` + Chromium) on a database of N cases.

  * first screen: from spawning `fashen serve` to the UI reporting that its first screen shows data (the
    server's `fashen: first screen shown` line), timed from outside. It includes starting the server, opening
    the database, starting Chromium on the launch page (as the system browser would be), the login and the
    dashboard's calls. Chromium starts on a fresh profile each round, as on a first start;
  * memory: RSS and PSS of the server, and of Chromium with all its processes, after the screen has settled.
Budget: first screen < 1.5 s (issue 18).

Usage: measure_browser.py --bin target/release/fashen --cases 100000 --rounds 5 [--json out.json]
"""

import argparse
import json
import os
import signal
import statistics
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(__file__))
from measure_desktop import descendants, memory_kib  # noqa: E402

SETTLE_SECONDS = 3.0


def run_once(binary, display, db, work):
    with tempfile.TemporaryDirectory() as home:
        opened = os.path.join(home, "opened.log")
        env = {
            **os.environ,
            "DISPLAY": display,
            "FASHEN_DB": db,
            "XDG_DATA_HOME": home,
            "XDG_RUNTIME_DIR": home,
            # The system browser is started below, as `xdg-open` would, so it can be timed and measured.
            "FASHEN_TEST_OPENED": opened,
        }
        t0 = time.monotonic()
        server = subprocess.Popen(
            [binary, "serve", "--idle", "0"], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
            start_new_session=True,
        )
        deadline = t0 + 30
        page = None
        while page is None and time.monotonic() < deadline:
            try:
                with open(opened) as f:
                    page = f.readline().strip() or None
            except OSError:
                pass
            time.sleep(0.002)
        page_s = time.monotonic() - t0
        browser = subprocess.Popen(
            [
                "chromium", "--no-sandbox", f"--user-data-dir={home}/chromium", "--no-first-run",
                "--no-default-browser-check", "--window-size=1280,800", "--disable-dev-shm-usage",
                f"file://{page}",
            ],
            env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True,
        )
        os.set_blocking(server.stderr.fileno(), False)
        buffer = b""
        first_s = None
        while first_s is None and time.monotonic() < deadline:
            buffer += server.stderr.read() or b""
            if b"first screen shown" in buffer:
                first_s = time.monotonic() - t0
            if server.poll() is not None:
                raise SystemExit(f"fashen serve exited early: {buffer.decode(errors='replace')}")
            time.sleep(0.005)
        time.sleep(SETTLE_SECONDS)
        s_rss, s_pss, _ = memory_kib([server.pid])
        b_rss, b_pss, names = memory_kib(descendants(browser.pid))
        for proc in (browser, server):
            os.killpg(proc.pid, signal.SIGTERM)
            proc.wait(timeout=10)
        return {
            "launch_page_s": page_s,
            "first_screen_s": first_s,
            "server_rss_kib": s_rss,
            "server_pss_kib": s_pss,
            "browser_rss_kib": b_rss,
            "browser_pss_kib": b_pss,
            "browser_processes": len(names),
        }


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin", default="target/release/fashen")
    ap.add_argument("--cases", type=int, default=100_000)
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--json")
    args = ap.parse_args()

    work = tempfile.mkdtemp(prefix="fashen-measure-browser-")
    db = os.path.join(work, "fashen.sqlite3")
    print(f"==> 生成 {args.cases} 件案件的数据库 …", flush=True)
    subprocess.run([args.bin, "bench", "--cases", str(args.cases), "--runs", "5", "--keep", db], check=True,
                   stdout=subprocess.DEVNULL)
    xvfb = subprocess.Popen(
        ["Xvfb", "-displayfd", "1", "-screen", "0", "1280x800x24", "-nolisten", "tcp"],
        stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, start_new_session=True,
    )
    display = ":" + xvfb.stdout.readline().strip()
    rounds = []
    try:
        for i in range(args.rounds):
            r = run_once(args.bin, display, db, work)
            rounds.append(r)
            print(
                f"round {i + 1}: first screen {r['first_screen_s'] * 1000:.0f} ms (launch page {r['launch_page_s'] * 1000:.0f} ms); "
                f"server PSS {r['server_pss_kib'] / 1024:.0f} MiB; Chromium PSS {r['browser_pss_kib'] / 1024:.0f} MiB "
                f"in {r['browser_processes']} processes",
                flush=True,
            )
    finally:
        os.killpg(xvfb.pid, signal.SIGTERM)

    med = {k: statistics.median(r[k] for r in rounds) for k in rounds[0]}
    mib = lambda k: f"{k / 1024:.0f} MiB"
    print()
    print(f"| 浏览器版（{args.cases} 件案件，{args.rounds} 轮中位数） | 数值 | 预算 |")
    print("|---|---|---|")
    print(f"| 启动到首屏显示数据 | {med['first_screen_s'] * 1000:.0f} ms（最慢 {max(r['first_screen_s'] for r in rounds) * 1000:.0f} ms） | < 1500 ms |")
    print(f"| 启动到启动页写出 | {med['launch_page_s'] * 1000:.0f} ms | |")
    print(f"| 服务进程 RSS / PSS | {mib(med['server_rss_kib'])} / {mib(med['server_pss_kib'])} | |")
    print(f"| Chromium 全部进程 RSS / PSS | {mib(med['browser_rss_kib'])} / {mib(med['browser_pss_kib'])} | |")
    if args.json:
        with open(args.json, "w") as f:
            json.dump({"median": med, "rounds": rounds}, f, ensure_ascii=False, indent=2)
    ok = med["first_screen_s"] < 1.5
    print("预算：" + ("满足" if ok else "未满足"))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
