"""Measure irru against the targets of docs/performance.md, side by side in one run, and print the tables.

    python benchmarks/run.py                      # full run: startup, then 1k, 10k and 100k events
    python benchmarks/run.py --sizes 1000,10000   # smaller
    python benchmarks/run.py --quick              # a smoke run (what the test suite does)
    python benchmarks/run.py --pathological       # `irru check` time per MB on hostile shapes, 100 KB to 10 MB

Run it from an environment where irru is installed (`pip install .`): `irru` and `python` are taken from the
same virtual environment as this interpreter, so the reference app uses the typer and rich irru installs.
Commands are timed with hyperfine (Debian package `hyperfine`) when it is on PATH, else with a subprocess
harness here; both report medians. Peak memory comes from GNU time (`/usr/bin/time -f %M`) when present.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).parent
BIN = Path(sys.executable).parent
IRRU = str(BIN / "irru")
PY = sys.executable
FILTER = ["--format", "jsonl", "--actor", "State 3", "--type", "delivery"]


def sh(args: list[str]) -> str:
    import shlex

    return " ".join(shlex.quote(a) for a in args)


def median_seconds(
    cmd: list[str], *, runs: int, env: dict[str, str], prepare: list[str] | None = None, warmup: int = 1
) -> float:
    """Median wall time of a command whose stdout goes to a pipe."""
    if shutil.which("hyperfine") and not os.environ.get("IRRU_BENCH_NO_HYPERFINE"):
        with tempfile.NamedTemporaryFile(suffix=".json") as out:
            args = [
                "hyperfine",
                "-N",
                "--output=pipe",
                "--runs",
                str(runs),
                "--warmup",
                str(warmup),
                "--export-json",
                out.name,
            ]
            if prepare:
                args += ["--prepare", sh(prepare)]
            subprocess.run([*args, sh(cmd)], env=env, check=True, capture_output=True)
            return statistics.median(json.load(open(out.name))["results"][0]["times"])
    times = []
    for i in range(warmup + runs):
        if prepare:
            subprocess.run(prepare, env=env, check=True)
        start = time.perf_counter()
        subprocess.run(cmd, env=env, check=True, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
        if i >= warmup:
            times.append(time.perf_counter() - start)
    return statistics.median(times)


def peak_mib(cmd: list[str], env: dict[str, str]) -> float | None:
    if not Path("/usr/bin/time").exists():
        return None
    r = subprocess.run(
        ["/usr/bin/time", "-f", "%M", *cmd], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True
    )
    return int(r.stderr.strip().splitlines()[-1]) / 1024


def first_line_seconds(cmd: list[str], env: dict[str, str]) -> tuple[float, float]:
    """Seconds until the first line of output arrives, and until the command ends."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    assert proc.stdout is not None
    proc.stdout.readline()
    first = time.perf_counter() - start
    proc.stdout.read()
    proc.wait()
    return first, time.perf_counter() - start


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="1000,10000,100000")
    ap.add_argument("--runs", type=int, default=15, help="runs per fast command (slow ones take fewer)")
    ap.add_argument("--quick", action="store_true", help="a smoke run: tiny sizes, two runs, no yq")
    ap.add_argument(
        "--pathological", nargs="?", const="100000,1000000,10000000", metavar="SIZES",
        help="instead: `irru check --no-cache` on each hostile shape of benchmarks/pathological.py (bytes, default 100 KB,1 MB,10 MB)",
    )  # fmt: skip
    a = ap.parse_args()
    if a.pathological:
        pathological([int(s) for s in a.pathological.split(",")], runs=2 if a.quick else 3)
        return
    sizes = [200] if a.quick else [int(s) for s in a.sizes.split(",")]
    runs = 2 if a.quick else a.runs
    work = Path(tempfile.mkdtemp(prefix="irru-bench-"))
    env = {**os.environ, "XDG_CACHE_HOME": str(work / "cache"), "NO_COLOR": "1", "COLUMNS": "100"}
    env.pop("IRRU_NO_CACHE", None)
    clear_cache = ["rm", "-rf", str(work / "cache")]
    out: list[str] = []

    # 1. Start-up on the bundled log, against a minimal typer app printing a 50-row rich table.
    ref = median_seconds([PY, str(HERE / "reference_app.py")], runs=runs * 2, env=env, warmup=3)
    rows = [("reference: typer app, 50-row rich table", ref, None)]
    for label, args in [
        ("irru timeline (bundled log, to a pipe)", ["timeline"]),
        ("irru --version", ["--version"]),
        ("irru --help", ["--help"]),
    ]:
        rows.append((label, median_seconds([IRRU, *args], runs=runs * 2, env=env, warmup=3), None))
    out.append("| command | median | ratio to reference | target |")
    out.append("|---|---|---|---|")
    targets = {"irru timeline (bundled log, to a pipe)": "≤ 0.8", "irru --version": "≤ 0.5", "irru --help": "≤ 0.5"}
    for label, t, _ in rows:
        out.append(f"| {label} | {t * 1000:.0f} ms | {t / ref:.2f} | {targets.get(label, '')} |")
    out.append("")

    # 2. Scale: generated logs.
    out.append(
        "| events | log size | bare libyaml parse | irru cold (first run, changed file) | cold / bare | "
        "irru cached (repeated) | cached target | yq, same selection | yq / cached | peak MiB bare / cold / cached |"
    )
    out.append("|---|---|---|---|---|---|---|---|---|---|")
    bare = HERE / "bare_parse.py"
    for n in sizes:
        log = work / f"log-{n}.yaml"
        log.write_text(
            subprocess.run([PY, str(HERE / "generate.py"), str(n)], check=True, capture_output=True, text=True).stdout
        )
        slow_runs = max(1, min(runs, 3 if n >= 100_000 else runs))
        t_bare = median_seconds([PY, str(bare), str(log)], runs=slow_runs, env=env, warmup=0)
        cmd = [IRRU, "timeline", "--data", str(log), *FILTER]
        t_cold = median_seconds(cmd, runs=slow_runs, env=env, prepare=clear_cache, warmup=0)
        subprocess.run(cmd, env=env, check=True, stdout=subprocess.DEVNULL)  # fill the cache
        t_cached = median_seconds(cmd, runs=runs, env=env)
        yq = shutil.which("yq")
        if yq and not a.quick:
            sel = '.events[] | select(.type == "delivery" and (.actors | map(.actor) | index("state-3")))'
            t_yq = median_seconds([yq, "-c", sel, str(log)], runs=1 if n >= 100_000 else 3, env=env, warmup=0)
            yq_cell, ratio = f"{t_yq:.2f} s", f"{t_yq / t_cached:.0f}×"
        else:
            yq_cell, ratio = "—", "—"
        mem = [peak_mib([PY, str(bare), str(log)], env)]
        subprocess.run(clear_cache, check=True)
        mem.append(peak_mib(cmd, env))
        mem.append(peak_mib(cmd, env))
        target = {10_000: "≤ 0.3 s", 100_000: "≤ 2 s"}.get(n, "")
        mems = " / ".join(f"{m:.0f}" if m is not None else "—" for m in mem)
        out.append(
            f"| {n:,} | {log.stat().st_size / 1e6:.1f} MB | {t_bare:.2f} s | {t_cold:.2f} s | {t_cold / t_bare:.2f} | "
            f"{t_cached:.3f} s | {target} | {yq_cell} | {ratio} | {mems} |"
        )
    out.append("")

    # 3. Streaming: the first line of a large output arrives long before the last.
    n = sizes[-1]
    log = work / f"log-{n}.yaml"
    out.append("| streaming, all events of the largest log | first line | whole output |")
    out.append("|---|---|---|")
    for fmt in ("jsonl", "csv", "plain"):
        first, total = first_line_seconds([IRRU, "timeline", "--data", str(log), "--format", fmt], env)
        out.append(f"| --format {fmt} ({n:,} events) | {first:.2f} s | {total:.2f} s |")
    print("\n".join(out))
    shutil.rmtree(work, ignore_errors=True)


def cpu_seconds(cmd: list[str], env: dict[str, str]) -> float:
    """User + system CPU seconds of one run: steadier than wall time on a shared machine."""
    import resource

    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    subprocess.run(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def pathological(sizes: list[int], *, runs: int) -> None:
    """CPU time of `irru check --no-cache` on each hostile shape at each size; the seconds per MB should stay flat."""
    sys.path.insert(0, str(HERE))
    from pathological import MAKERS

    work = Path(tempfile.mkdtemp(prefix="irru-bench-"))
    env = {**os.environ, "XDG_CACHE_HOME": str(work / "cache"), "NO_COLOR": "1", "COLUMNS": "100"}
    tiny = work / "tiny.yaml"
    tiny.write_text("schema: 1\nevents: []\n", encoding="utf-8")
    base = statistics.median(cpu_seconds([IRRU, "check", "--no-cache", str(tiny)], env) for _ in range(max(runs, 5)))
    out = [
        f"Fixed start-up (`irru check` on an empty log): {base:.2f} s of CPU; each cell: median CPU seconds (user +",
        "system) of `irru check --no-cache`, then seconds per MB with the start-up taken off.",
        "",
    ]
    out.append("| shape | " + " | ".join(f"{s / 1e6:g} MB" for s in sizes) + " | exit |")
    out.append("|---|" + "---|" * len(sizes) + "---|")
    for shape, make in MAKERS.items():
        cells, codes = [], set()
        for size in sizes:
            log = work / f"{shape}-{size}.yaml"
            log.write_text(make(size), encoding="utf-8")
            mb = log.stat().st_size / 1e6
            cmd = [IRRU, "check", "--no-cache", str(log)]
            codes.add(subprocess.run(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL).returncode)
            t = statistics.median(cpu_seconds(cmd, env) for _ in range(runs))
            cells.append(f"{t:.2f} s ({max(t - base, 0) / mb:.2f} s/MB)")
            log.unlink()
        out.append(f"| {shape} | " + " | ".join(cells) + f" | {', '.join(map(str, sorted(codes)))} |")
    print("\n".join(out))
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
