#!/usr/bin/env python3
"""Start-up time and memory of the desktop app on a database of N cases, beside an empty Tauri 2 window.

Measured the same way in the same run (DESIGN.md §9):
  * first screen: from spawning the process to the UI reporting that its first screen shows data
    (the `fashen: first screen shown` line on stderr), timed from outside the process;
  * window: from spawning to the window being mapped on the X display (xwininfo);
  * memory: RSS and PSS summed over the app and every descendant process (WebKitWebProcess,
    WebKitNetworkProcess), from /proc/<pid>/smaps_rollup, after the screen has settled.
Budgets: first screen < 1 s; app PSS <= 1.15 x the empty window's PSS.

The app turns WebKit's accelerated compositing off (src-tauri/src/main.rs); a default Tauri window keeps it
on. Both are measured, plus the empty window with compositing off too, so the like-for-like ratio is shown
beside the budget's.

Usage: measure_desktop.py --bin-dir target/release --cases 100000 --rounds 5 [--json out.json]
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

SETTLE_SECONDS = 3.0


def descendants(root):
    children = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as f:
                stat = f.read()
        except OSError:
            continue
        ppid = int(stat[stat.rindex(")") + 2 :].split()[1])
        children.setdefault(ppid, []).append(int(entry))
    out, todo = [], [root]
    while todo:
        pid = todo.pop()
        out.append(pid)
        todo.extend(children.get(pid, []))
    return out


def memory_kib(pids):
    """Total RSS and PSS of `pids`, and each process as (name, rss, pss)."""
    rss = pss = 0
    each = []
    for pid in pids:
        try:
            fields = {}
            with open(f"/proc/{pid}/smaps_rollup") as f:
                for line in f:
                    key, _, rest = line.partition(":")
                    if key in ("Rss", "Pss"):
                        fields[key] = int(rest.split()[0])
            with open(f"/proc/{pid}/comm") as f:
                name = f.read().strip()
        except OSError:
            continue
        rss += fields.get("Rss", 0)
        pss += fields.get("Pss", 0)
        each.append((name, fields.get("Rss", 0), fields.get("Pss", 0)))
    return rss, pss, each


def window_mapped(display, title):
    out = subprocess.run(
        ["xwininfo", "-root", "-tree"], env={**os.environ, "DISPLAY": display}, capture_output=True, text=True
    ).stdout
    return any(f'"{title}"' in line and "x" in line for line in out.splitlines())


def run_once(binary, display, env, title, wait_line):
    with tempfile.TemporaryDirectory() as runtime:
        full_env = {**os.environ, **env, "DISPLAY": display, "XDG_RUNTIME_DIR": runtime}
        t0 = time.monotonic()
        proc = subprocess.Popen(
            [binary], env=full_env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True
        )
        window_s = first_s = None
        deadline = t0 + 30
        os.set_blocking(proc.stderr.fileno(), False)
        buffer = b""
        while time.monotonic() < deadline and (window_s is None or (wait_line and first_s is None)):
            if window_s is None and window_mapped(display, title):
                window_s = time.monotonic() - t0
            if wait_line and first_s is None:
                buffer += proc.stderr.read() or b""
                if b"first screen shown" in buffer:
                    first_s = time.monotonic() - t0
            if proc.poll() is not None:
                raise SystemExit(f"{binary} exited early: {buffer.decode(errors='replace')}")
            time.sleep(0.005)
        time.sleep(SETTLE_SECONDS)
        rss, pss, names = memory_kib(descendants(proc.pid))
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=10)
        return {"window_s": window_s, "first_screen_s": first_s, "rss_kib": rss, "pss_kib": pss, "processes": names}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin-dir", default="target/release")
    ap.add_argument("--cases", type=int, default=100_000)
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--json")
    args = ap.parse_args()
    bins = {name: os.path.join(args.bin_dir, name) for name in ("fashen", "fashen-desktop", "empty-window")}

    work = tempfile.mkdtemp(prefix="fashen-measure-")
    db = os.path.join(work, "fashen.sqlite3")
    print(f"==> 生成 {args.cases} 件案件的数据库 …", flush=True)
    subprocess.run([bins["fashen"], "bench", "--cases", str(args.cases), "--runs", "5", "--keep", db], check=True)

    xvfb = subprocess.Popen(
        ["Xvfb", "-displayfd", "1", "-screen", "0", "1280x800x24", "-nolisten", "tcp"],
        stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, start_new_session=True,
    )
    display = ":" + xvfb.stdout.readline().strip()
    results = {"app": [], "empty": [], "empty_simple": []}
    os.environ.pop("WEBKIT_DISABLE_COMPOSITING_MODE", None)
    try:
        for i in range(args.rounds):
            # Alternate which goes first so neither always meets a warmer cache.
            order = [
                ("app", "fashen-desktop", "法审台", True, {}),
                ("empty", "empty-window", "empty", False, {}),
                ("empty_simple", "empty-window", "empty", False, {"WEBKIT_DISABLE_COMPOSITING_MODE": "1"}),
            ]
            for key, name, title, wait_line, extra in order if i % 2 == 0 else reversed(order):
                env = {"FASHEN_DB": db, "XDG_DATA_HOME": work, **extra}
                results[key].append(run_once(bins[name], display, env, title, wait_line))
            a, e, es = results["app"][-1], results["empty"][-1], results["empty_simple"][-1]
            print(
                f"round {i + 1}: app first screen {a['first_screen_s'] * 1000:.0f} ms, window {a['window_s'] * 1000:.0f} ms, "
                f"PSS {a['pss_kib'] / 1024:.0f} MiB; empty window PSS {e['pss_kib'] / 1024:.0f} MiB "
                f"(compositing off: {es['pss_kib'] / 1024:.0f} MiB)",
                flush=True,
            )
    finally:
        os.killpg(xvfb.pid, signal.SIGTERM)

    def med(key, field):
        return statistics.median(r[field] for r in results[key])

    summary = {
        "cases": args.cases,
        "rounds": args.rounds,
        "app": {f: med("app", f) for f in ("first_screen_s", "window_s", "rss_kib", "pss_kib")},
        "empty": {f: med("empty", f) for f in ("window_s", "rss_kib", "pss_kib")},
        "empty_simple": {f: med("empty_simple", f) for f in ("window_s", "rss_kib", "pss_kib")},
        "app_processes": results["app"][-1]["processes"],
        "empty_processes": results["empty"][-1]["processes"],
        "empty_simple_processes": results["empty_simple"][-1]["processes"],
    }
    ratio = summary["app"]["pss_kib"] / summary["empty"]["pss_kib"]
    summary["pss_ratio"] = ratio
    a, e, es = summary["app"], summary["empty"], summary["empty_simple"]
    like_for_like = a["pss_kib"] / es["pss_kib"]
    summary["pss_ratio_same_rendering"] = like_for_like
    print()
    mib = lambda k: f"{k / 1024:.0f} MiB"
    print(f"| 指标（{args.cases} 件案件，{args.rounds} 轮中位数） | 法审台 | 空白 Tauri 2 窗口（默认） | 空白窗口（关闭合成，同法审台） | 预算 |")
    print("|---|---|---|---|---|")
    print(f"| 启动到首屏显示数据 | {a['first_screen_s'] * 1000:.0f} ms | — | — | < 1000 ms |")
    print(f"| 启动到窗口出现 | {a['window_s'] * 1000:.0f} ms | {e['window_s'] * 1000:.0f} ms | {es['window_s'] * 1000:.0f} ms | |")
    print(f"| 全部进程 RSS | {mib(a['rss_kib'])} | {mib(e['rss_kib'])} | {mib(es['rss_kib'])} | |")
    print(f"| 全部进程 PSS | {mib(a['pss_kib'])} | {mib(e['pss_kib'])} | {mib(es['pss_kib'])} | ≤ 1.15 × 默认空白窗口 |")
    print(f"| 法审台 PSS ÷ 该列 | 1.00 | {ratio:.2f} | {like_for_like:.2f} | ≤ 1.15 |")
    for key, label in (("app", "法审台"), ("empty", "空白窗口"), ("empty_simple", "空白窗口（关闭合成）")):
        parts = "，".join(f"{n} RSS {r / 1024:.0f} / PSS {p / 1024:.0f} MiB" for n, r, p in summary[f"{key}_processes"])
        print(f"{label}各进程（最后一轮）：{parts}")
    if args.json:
        with open(args.json, "w") as f:
            json.dump({"summary": summary, "rounds": results}, f, ensure_ascii=False, indent=2)
    ok = a["first_screen_s"] < 1.0 and ratio <= 1.15
    print("预算：" + ("全部满足" if ok else "未满足"))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
