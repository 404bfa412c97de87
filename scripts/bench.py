"""Benchmark: the site under gunicorn on PostgreSQL with a large data set, loaded by wrk.

Run with `make bench` (which starts a throwaway PostgreSQL cluster around this script).
It runs the site twice, with the database cache (the embedded default) and with Redis, and
loads each page in two ways: one connection per worker (the latencies are the pages' own),
and saturated (four connections per worker, so every worker always has a request waiting).
For each it prints requests per second, p50/p95/p99 latency, the CPU time a request took
in gunicorn, PostgreSQL and Redis together, and the throughput as a ratio to a minimal
Django view measured with the same server settings in rounds alternating with that page's,
and each worker's memory (PSS) after the run; then it runs the concurrent
booking and course-signup scenario and checks that nothing was overbooked. Every process it
starts is stopped at the end.
"""

import json
import math
import os
import re
import runpy
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from http.cookies import SimpleCookie
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
STARTED = time.monotonic()


def free_port() -> int:
    """A port no one listens on now (other test runs share the machine)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


PORT = int(os.environ.get("BENCH_PORT") or free_port())
REDIS_PORT = int(os.environ.get("BENCH_REDIS_PORT") or free_port())
REDIS_URL = f"redis://127.0.0.1:{REDIS_PORT}/0"
BASE = f"http://127.0.0.1:{PORT}"
DURATION = os.environ.get("BENCH_DURATION", "2s")
FLOOR_DURATION = os.environ.get("BENCH_FLOOR_DURATION", "1s")
MINIMAL_PATH = "/bench/minimal/"
# Every request says what browsers say, so pages are measured as phones receive them.
BROWSER_ACCEPT_ENCODING = "Accept-Encoding: gzip, deflate, br"
# gunicorn runs with production's settings file, so the worker count is production's
# (2 × cores + 1, or GUNICORN_WORKERS / BENCH_WORKERS).
GUNICORN_CONF = ROOT / "deploy" / "gunicorn.conf.py"
if os.environ.get("BENCH_WORKERS"):
    os.environ["GUNICORN_WORKERS"] = os.environ["BENCH_WORKERS"]
WORKERS = runpy.run_path(str(GUNICORN_CONF))["workers"]
# Two ways to load the site: one open connection per worker, so the latencies are the pages'
# own, not queueing time; and saturated, four per worker, so no worker ever waits for the
# next request (the throughput is the server's, and what a cached page costs shows fully).
# (connections, rounds per page, each a run of the page and one of the minimal view; the
# saturated throughput is the target, so it gets a round more within the ten minutes)
LOADS = {"én tilkobling per arbeider": (WORKERS, 2), "mettet": (4 * WORKERS, 3)}
CACHES = {"databasebuffer": "", "Redis": REDIS_URL}
LUA = ROOT / "scripts" / "bench.lua"
# Throughput as a share of the minimal view that each kind of page must reach (issue #19).
TARGETS = {"cached": 0.8, "uncached": 0.1, "static": 0.8}
SEARCH_P95_MS = 30  # the site search, one connection per worker
WORKER_PSS_MB = 100
# The README's Results tables name the pages in English.
README_NAMES = {
    "statisk fil (WhiteNoise)": "static file (WhiteNoise, the site's style sheet)",
    "forside": "front page",
    "ressursliste": "resource list",
    "ressurs": "resource",
    "spørsmål og svar": "FAQ",
    "kursliste": "course list",
    "kursside": "course page",
    "vurdering (ledige tider)": "assessment overview",
    "søk «lønn» (ubufret)": "site search «lønn» (uncached)",
    "Min side (innlogget)": "Min side, logged in (uncached)",
    "kursside (innlogget)": "course page, logged in (uncached)",
}
# The machine's load (1-minute average) while pages were measured, and the time spent
# waiting for the server to be idle between runs: both say what the numbers are worth.
LOAD_SAMPLES = []
IDLE_WAIT = [0.0]

ENV = {
    **os.environ,
    "DEBUG": "0",
    "SECRET_KEY": "benchmark-only-secret-key-that-is-long-enough-for-django-checks",
    "ALLOWED_HOSTS": "127.0.0.1,localhost",
    "SECURE_SSL_REDIRECT": "0",
    "BENCHMARK": "1",
    "SITE_URL": BASE,
    "LOG_LEVEL": "WARNING",
}


def manage(*args):
    subprocess.run([PYTHON, "manage.py", *args], cwd=ROOT, env=ENV, check=True)


def bench_data(*args):
    """scripts/bench_data.py against the bench's database: the data set and its plan, or the
    outcome of a concurrency scenario."""
    result = subprocess.run(
        [PYTHON, "scripts/bench_data.py", *args],
        cwd=ROOT,
        env=ENV,
        check=True,
        capture_output=True,
        text=True,
    )
    return result.stdout


def ensure_installed(command, package):
    if shutil.which(command):
        return
    print(f"Installerer {package} (Debian) ...", flush=True)
    subprocess.run(["apt-get", "install", "-y", "-qq", package], check=True, capture_output=True)


def start_redis():
    """A throwaway Redis on loopback, in memory only, for the shared cache."""
    ensure_installed("redis-server", "redis-server")
    options = f"--port {REDIS_PORT} --bind 127.0.0.1 --appendonly no --save".split()
    process = subprocess.Popen(
        ["redis-server", *options, ""], stdout=subprocess.DEVNULL, start_new_session=True
    )
    ping = ["redis-cli", "-p", str(REDIS_PORT), "ping"]
    for _ in range(50):
        if subprocess.run(ping, capture_output=True, text=True).stdout.strip() == "PONG":
            return process
        time.sleep(0.1)
    process.terminate()
    raise SystemExit("Redis startet ikke")


def port_is_free() -> bool:
    with socket.socket() as probe:
        return probe.connect_ex(("127.0.0.1", PORT)) != 0


def start_server(cache_url):
    """gunicorn with the production settings; `cache_url` "" is the database cache."""
    if not port_is_free():
        raise SystemExit(f"Port {PORT} er i bruk; sett BENCH_PORT til en ledig port.")
    log = open(ROOT / "bench-gunicorn.log", "w")  # noqa: SIM115 - closed in stop_server
    process = subprocess.Popen(
        [
            str(Path(PYTHON).parent / "gunicorn"),
            "erfaringssentrum.wsgi",
            "--config",
            str(GUNICORN_CONF),
            "--bind",
            f"127.0.0.1:{PORT}",
            # Production replaces a worker after about 2,000 requests; the bench sends each
            # worker hundreds of thousands, so the replacements (a new worker imports the site
            # again) would be most of what it measures, unlike on any real day.
            "--max-requests",
            "0",
            "--access-logfile",
            "-" if os.environ.get("BENCH_ACCESS_LOG") else "/dev/null",
        ],
        cwd=ROOT,
        env={**ENV, "CACHE_URL": cache_url},
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    for _ in range(100):
        if process.poll() is not None:
            break
        try:
            urllib.request.urlopen(f"{BASE}/helse/", timeout=10)  # noqa: S310 - loopback only
            return process, log
        except OSError:  # refused while booting, or a timeout
            time.sleep(0.2)
    stop_server(process, log)
    raise SystemExit("gunicorn startet ikke; se bench-gunicorn.log")


def stop_server(process, log):
    try:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=20)
    except (ProcessLookupError, subprocess.TimeoutExpired):
        os.killpg(process.pid, signal.SIGKILL)
    log.close()


# The services the site's requests use besides gunicorn, by process name.
SERVICES = ("postgres", "redis-server")


def server_cpu_seconds(server) -> float:
    """CPU time (user and system) used so far by the gunicorn workers and by every PostgreSQL
    and Redis process on the machine (the bench runs alone): read before and after a page's
    run, what its requests cost, whatever else the two cores were busy with meanwhile."""
    ticks = 0
    workers = Path(f"/proc/{server.pid}/task/{server.pid}/children").read_text().split()
    for stat in [Path(f"/proc/{pid}/stat") for pid in workers] + _service_stats():
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:  # the process ended meanwhile
            continue
        ticks += int(fields[11]) + int(fields[12])  # utime, stime
    return ticks / os.sysconf("SC_CLK_TCK")


def _service_stats() -> list[Path]:
    return [stat for stat in Path("/proc").glob("[0-9]*/stat") if _is_service(stat)]


def _is_service(stat: Path) -> bool:
    try:
        return stat.with_name("comm").read_text().strip().startswith(SERVICES)
    except OSError:  # the process ended meanwhile
        return False


def worker_memory_mb(server) -> list[float]:
    """Each gunicorn worker's proportional set size (PSS), in MB."""
    children = Path(f"/proc/{server.pid}/task/{server.pid}/children").read_text().split()
    sizes = []
    for pid in children:
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith("Pss:"):
                sizes.append(int(line.split()[1]) / 1024)
    return sizes


def wrk(path, cookie=None, *, connections, duration=None):
    command = ["wrk", "-t2", f"-c{connections}", f"-d{duration or DURATION}", "--timeout", "10s"]
    command += ["--latency", "-s", str(LUA), "-H", BROWSER_ACCEPT_ENCODING]
    if cookie:
        command += ["-H", f"Cookie: {cookie}"]
    output = subprocess.run(
        [*command, BASE + path], capture_output=True, text=True, check=True
    ).stdout
    match = re.search(r"^BENCH (\{.*\})$", output, re.MULTILINE)
    return json.loads(match.group(1))


def measure_against_floor(server, path, cookie, connections, rounds):
    """The page's throughput, latencies and CPU per request (gunicorn and PostgreSQL), and the
    minimal view's throughput, from `rounds` alternating runs of each. Latencies: p50, p95 and
    p99 over every request of the rounds (their histograms pooled), and each round's p95."""
    pages, floors, cpu_seconds = [], [], 0.0
    LOAD_SAMPLES.append(os.getloadavg()[0])
    for _ in range(rounds):
        wait_until_idle()
        floors.append(wrk(MINIMAL_PATH, connections=connections, duration=FLOOR_DURATION)["rps"])
        wait_until_idle()
        before = server_cpu_seconds(server)
        pages.append(wrk(path, cookie, connections=connections))
        cpu_seconds += server_cpu_seconds(server) - before
    latencies = pooled([run["histogram"] for run in pages])
    result = {
        "rps": statistics.mean(run["rps"] for run in pages),
        **{f"p{p}": percentile(latencies, p) for p in (50, 95, 99)},
        "p95_rounds": [run["p95"] for run in pages],
        "errors": sum(run["errors"] for run in pages),
        "cpu_ms": cpu_seconds * 1000 / max(1, sum(run["requests"] for run in pages)),
    }
    return result, statistics.mean(floors)


def pooled(histograms) -> list[tuple[int, int]]:
    """Several runs' latency histograms ([microseconds, count] pairs) as one, sorted."""
    counts = {}
    for histogram in histograms:
        for microseconds, count in histogram:
            counts[microseconds] = counts.get(microseconds, 0) + count
    return sorted(counts.items())


def percentile(histogram, p) -> float:
    """The p-th percentile of a sorted histogram, in ms, ranked as wrk ranks it (NaN, which
    fails every target, when no request finished)."""
    if not histogram:
        return math.nan
    # wrk's rank: C's round(p / 100 * n + 0.5), halves away from zero (Python's round()
    # takes them to even).
    rank = math.floor(p / 100 * sum(count for _, count in histogram) + 0.5 + 0.5)
    seen = 0
    for microseconds, count in histogram:
        seen += count
        if seen >= rank:
            return microseconds / 1000
    return histogram[-1][0] / 1000


def wait_until_idle(limit_ms: float = 50, timeout: float = 60) -> None:
    """Waits until the minimal view answers fast again: a slow page's queued requests must not
    be counted against the next page."""
    began = time.monotonic()
    deadline = began + timeout
    try:
        while time.monotonic() < deadline:
            started = time.perf_counter()
            urllib.request.urlopen(BASE + MINIMAL_PATH, timeout=timeout).read()
            if (time.perf_counter() - started) * 1000 < limit_ms:
                return
            time.sleep(0.5)
    finally:
        IDLE_WAIT[0] += time.monotonic() - began


class Client:
    """A logged-in client for the concurrency scenario. Cookies are kept by hand: the
    production cookie names (__Host-…) are Secure, which urllib's cookie jar will not send
    over plain http on loopback."""

    def __init__(self, cookie):
        self.cookies = dict(part.split("=", 1) for part in cookie.split("; "))

    def _open(self, path, data=None):
        request = urllib.request.Request(BASE + path, data=data)
        request.add_header("Cookie", "; ".join(f"{k}={v}" for k, v in self.cookies.items()))
        try:
            response = urllib.request.urlopen(request)  # noqa: S310 - loopback only
        except urllib.error.HTTPError as error:
            response = error
        for header in response.headers.get_all("Set-Cookie") or []:
            for morsel in SimpleCookie(header).values():
                self.cookies[morsel.key] = morsel.value
        return response

    def post(self, path, fields, *, form_path=None):
        html = self._open(form_path or path).read().decode()
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)
        data = urllib.parse.urlencode({**fields, "csrfmiddlewaretoken": token}).encode()
        started = time.perf_counter()
        status = self._open(path, data).status
        return status, (time.perf_counter() - started) * 1000


def concurrent(clients_and_calls):
    barrier = threading.Barrier(len(clients_and_calls))

    def run(item):
        client, call = item
        barrier.wait()
        return call(client)

    with ThreadPoolExecutor(max_workers=len(clients_and_calls)) as pool:
        return list(pool.map(run, clients_and_calls))


def latency_summary(results):
    latencies = sorted(ms for _, ms in results)
    return {
        "p50": statistics.median(latencies),
        "p95": latencies[int(len(latencies) * 0.95) - 1],
        "max": latencies[-1],
        "errors": sum(1 for status, _ in results if status >= 500),
    }


def main():
    ensure_installed("wrk", "wrk")
    redis = start_redis()
    try:
        run()
    finally:
        redis.terminate()
        redis.wait(timeout=20)


def static_file_path() -> str:
    """The site's largest style sheet, as browsers receive it (WhiteNoise, compressed): the
    mark a cached page is measured against besides the floor."""
    manifest = json.loads((ROOT / "staticfiles" / "staticfiles.json").read_text())
    return "/static/" + manifest["paths"]["css/bootstrap.site.css"]


def run():
    print("Forbereder database og data (dette tar litt tid) ...", flush=True)
    manage("migrate", "--noinput", "-v0")
    manage("collectstatic", "--noinput", "-v0")
    plan = json.loads(bench_data().strip().splitlines()[-1])
    print(f"Data: {plan['summary']} ({time.monotonic() - STARTED:.0f} s)", flush=True)
    cookie = plan["user"]["cookie"]
    pages = [("statisk fil (WhiteNoise)", static_file_path(), None, "static")]
    for page in plan["pages"]:
        pages.append(
            (page["name"], page["path"], cookie if page["logged_in"] else None, page["kind"])
        )

    verdicts, tables, memory_by_cache = [], {}, {}
    for cache_name, cache_url in CACHES.items():
        process, log = start_server(cache_url)
        try:
            warm_up(pages)
            for load_name, (connections, rounds) in LOADS.items():
                title = (
                    f"{cache_name}, {load_name} ({WORKERS} arbeidere, {connections} tilkoblinger)"
                )
                print(f"\n{title}:", flush=True)
                rows = []
                for name, path, page_cookie, kind in pages:
                    result, floor = measure_against_floor(
                        process, path, page_cookie, connections, rounds
                    )
                    rows.append((name, kind, result, floor))
                verdicts += print_table(rows, search_latency=load_name != "mettet")
                tables.setdefault(cache_name, []).append(rows)
            memory = worker_memory_mb(process)
            memory_by_cache[cache_name] = memory
            print(
                f"Minne per arbeider etter kjøringen (PSS): "
                f"{', '.join(f'{mb:.0f}' for mb in memory)} MB "
                f"(mål ≤ {WORKER_PSS_MB} MB)"
            )
            verdicts.append(max(memory) <= WORKER_PSS_MB)
            if cache_url:  # the concurrency scenario once, with the cache production uses
                run_scenarios(plan)
        finally:
            stop_server(process, log)
    print_readme_tables(tables, memory_by_cache)
    minutes = (time.monotonic() - STARTED) / 60
    print(
        f"\nFerdig på {minutes:.1f} min (ventet på ledig server: {IDLE_WAIT[0] / 60:.1f} min). "
        f"Maskin: {os.cpu_count()} kjerner, last (1 min) under målingene "
        f"{min(LOAD_SAMPLES):.1f}–{max(LOAD_SAMPLES):.1f}, "
        f"snitt {statistics.mean(LOAD_SAMPLES):.1f}."
    )
    print("Alle mål nådd." if all(verdicts) else "Ikke alle mål nådd (se UNDER).")


def warm_up(pages):
    """Caches, connections and imports, before anything is measured."""
    for _, path, page_cookie, _ in [(None, MINIMAL_PATH, None, None), *pages]:
        wrk_once = ["wrk", "-t1", "-c2", "-d1s", "-H", BROWSER_ACCEPT_ENCODING, BASE + path]
        if page_cookie:
            wrk_once[-1:-1] = ["-H", f"Cookie: {page_cookie}"]
        subprocess.run(wrk_once, capture_output=True, check=True)


def print_table(rows, *, search_latency):
    """Prints the rows; returns a verdict per target."""
    verdicts = []
    header = (
        "side", "req/s", "p50 ms", "p95 ms", "p99 ms", "CPU ms", "gulv", "forhold", "mål", "feil"
    )  # fmt: skip
    print("{:36} {:>7} {:>7} {:>7} {:>7} {:>6} {:>6} {:>8} {:>6} {:>5}".format(*header))
    for name, kind, r, floor in rows:
        ratio = r["rps"] / floor
        ok = ratio >= TARGETS[kind]
        if search_latency and name.startswith("søk"):
            ok = ok and r["p95"] < SEARCH_P95_MS
        verdicts.append(ok)
        print(
            f"{name:36} {r['rps']:7.0f} {r['p50']:7.1f} {r['p95']:7.1f} {r['p99']:7.1f} "
            f"{r['cpu_ms']:6.2f} {floor:6.0f} {ratio:8.3f} {'ok' if ok else 'UNDER':>6} "
            f"{r['errors']:5d}"
        )
    floors = [floor for *_, floor in rows]
    print(f"Gulvet (minimal view) varierte mellom {min(floors):.0f} og {max(floors):.0f} req/s.")
    if search_latency:
        for name, _, r, _ in rows:
            if name.startswith("søk"):
                rounds = " og ".join(f"{p95:.1f}" for p95 in r["p95_rounds"])
                print(f"Søkets p95 i hver runde for seg: {rounds} ms.")
    return verdicts


def print_readme_tables(tables, memory_by_cache):
    """The Results tables of the README, in its format (one per cache, both loads)."""
    print("\nFor README (Results):")
    for cache_name, (one_per_worker, saturated) in tables.items():
        print(f"\n{cache_name}:\n")
        print(
            "| page | ratio, 1 conn./worker | p50 / p95 / p99 ms | CPU ms per request "
            "| ratio, saturated | p50 / p95 / p99 ms |"
        )
        print("| --- | ---: | ---: | ---: | ---: | ---: |")
        for (name, _, one, one_floor), (_, _, sat, sat_floor) in zip(
            one_per_worker, saturated, strict=True
        ):
            print(
                f"| {README_NAMES.get(name, name)} | {one['rps'] / one_floor:.2f} | "
                f"{one['p50']:.1f} / {one['p95']:.1f} / {one['p99']:.1f} | "
                f"{one['cpu_ms']:.2f} | {sat['rps'] / sat_floor:.2f} | "
                f"{sat['p50']:.1f} / {sat['p95']:.1f} / {sat['p99']:.1f} |"
            )
        memory = memory_by_cache[cache_name]
        print(f"\nPSS per worker: {min(memory):.0f}–{max(memory):.0f} MB")


def run_scenarios(plan):
    print("\nSamtidighet:")
    for scenario in plan["scenarios"]:
        clients = [Client(user["cookie"]) for user in scenario["users"]]
        calls = [
            (client, lambda c, s=step: c.post(s["path"], s["fields"]))
            for client, step in zip(clients, scenario["steps"], strict=True)
        ]
        results = concurrent(calls)
        summary = latency_summary(results)
        check = bench_data("--check", scenario["name"]).strip()
        print(
            f"  {scenario['title']}: p50 {summary['p50']:.0f} ms, p95 {summary['p95']:.0f} ms, "
            f"maks {summary['max']:.0f} ms, 5xx-feil {summary['errors']}; {check}"
        )
        if summary["errors"]:
            raise SystemExit("Feil under samtidighetstesten")


if __name__ == "__main__":
    main()
