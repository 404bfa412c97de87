"""Benchmark: the site under gunicorn on PostgreSQL with a large data set, loaded by wrk.

Run with `make bench` (which starts a throwaway PostgreSQL cluster around this script).
It prints, per page, requests per second, p50/p95/p99 latency and the throughput as a ratio
to a minimal Django view measured with the same server settings in rounds alternating with
that page's; then it runs the concurrent booking and course-signup scenario and checks that
nothing was overbooked. Every process it starts is stopped at the end.
"""

import json
import os
import re
import shutil
import signal
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
PORT = int(os.environ.get("BENCH_PORT", "18765"))
REDIS_PORT = int(os.environ.get("BENCH_REDIS_PORT", "16379"))
BASE = f"http://127.0.0.1:{PORT}"
ROUNDS = 3  # per page, each a run of the page and one of the minimal view
DURATION = os.environ.get("BENCH_DURATION", "3s")
FLOOR_DURATION = os.environ.get("BENCH_FLOOR_DURATION", "2s")
MINIMAL_PATH = "/bench/minimal/"
# Every request says what browsers say, so pages are measured as phones receive them.
BROWSER_ACCEPT_ENCODING = "Accept-Encoding: gzip, deflate, br"
WORKERS = int(os.environ.get("BENCH_WORKERS", str((os.cpu_count() or 2) * 2)))
# One open connection per worker keeps every worker busy (the throughput is the server's)
# without a queue in front of it, so the latencies are the pages' own, not queueing time.
CONNECTIONS = int(os.environ.get("BENCH_CONNECTIONS", str(WORKERS)))
LUA = ROOT / "scripts" / "bench.lua"
# Throughput as a share of the minimal view that each kind of page must reach (issue #8).
TARGETS = {"cached": 0.5, "uncached": 0.05}

ENV = {
    **os.environ,
    "DEBUG": "0",
    "SECRET_KEY": "benchmark-only-secret-key-that-is-long-enough-for-django-checks",
    "ALLOWED_HOSTS": "127.0.0.1,localhost",
    "SECURE_SSL_REDIRECT": "0",
    "BENCHMARK": "1",
    "SITE_URL": BASE,
    "LOG_LEVEL": "WARNING",
    # The cache all workers share, as in production (README: Scaling past one machine).
    "CACHE_URL": f"redis://127.0.0.1:{REDIS_PORT}/0",
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
    import socket

    with socket.socket() as probe:
        return probe.connect_ex(("127.0.0.1", PORT)) != 0


def start_server():
    if not port_is_free():
        raise SystemExit(f"Port {PORT} er i bruk; sett BENCH_PORT til en ledig port.")
    log = open(ROOT / "bench-gunicorn.log", "w")  # noqa: SIM115 - closed in stop_server
    process = subprocess.Popen(
        [
            str(Path(PYTHON).parent / "gunicorn"),
            "erfaringssentrum.wsgi",
            "--bind",
            f"127.0.0.1:{PORT}",
            "--workers",
            str(WORKERS),
            "--worker-class",
            "sync",
            "--access-logfile",
            "-" if os.environ.get("BENCH_ACCESS_LOG") else "/dev/null",
        ],
        cwd=ROOT,
        env=ENV,
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


def wrk(path, cookie=None, *, duration=None):
    command = ["wrk", "-t2", f"-c{CONNECTIONS}", f"-d{duration or DURATION}", "--timeout", "10s"]
    command += ["--latency", "-s", str(LUA), "-H", BROWSER_ACCEPT_ENCODING]
    if cookie:
        command += ["-H", f"Cookie: {cookie}"]
    output = subprocess.run(
        [*command, BASE + path], capture_output=True, text=True, check=True
    ).stdout
    match = re.search(r"^BENCH (\{.*\})$", output, re.MULTILINE)
    return json.loads(match.group(1))


def measure_against_floor(path, cookie):
    """The page's throughput and latencies, and the minimal view's throughput, from ROUNDS
    alternating runs of each. Latencies: the median p50 and the worst p95 and p99."""
    pages, floors = [], []
    for _ in range(ROUNDS):
        wait_until_idle()
        floors.append(wrk(MINIMAL_PATH, duration=FLOOR_DURATION)["rps"])
        wait_until_idle()
        pages.append(wrk(path, cookie))
    result = {
        "rps": statistics.mean(run["rps"] for run in pages),
        "p50": statistics.median(run["p50"] for run in pages),
        "p95": max(run["p95"] for run in pages),
        "p99": max(run["p99"] for run in pages),
        "errors": sum(run["errors"] for run in pages),
    }
    return result, statistics.mean(floors)


def wait_until_idle(limit_ms: float = 50, timeout: float = 60) -> None:
    """Waits until the minimal view answers fast again: a slow page's queued requests must not
    be counted against the next page."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        started = time.perf_counter()
        urllib.request.urlopen(BASE + MINIMAL_PATH, timeout=timeout).read()
        if (time.perf_counter() - started) * 1000 < limit_ms:
            return
        time.sleep(0.5)


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


def run():
    started = time.monotonic()
    print("Forbereder database og data (dette tar litt tid) ...", flush=True)
    manage("migrate", "--noinput", "-v0")
    manage("collectstatic", "--noinput", "-v0")
    plan = json.loads(bench_data().strip().splitlines()[-1])
    print(f"Data: {plan['summary']}", flush=True)

    process, log = start_server()
    try:
        cookie = plan["user"]["cookie"]
        pages = [("minimal view (gulv)", MINIMAL_PATH, None, "floor")]
        for page in plan["pages"]:
            pages.append(
                (page["name"], page["path"], cookie if page["logged_in"] else None, page["kind"])
            )

        for _, path, page_cookie, _ in pages:  # warm-up: caches, connections, imports
            wrk_once = ["wrk", "-t1", "-c2", "-d1s", "-H", BROWSER_ACCEPT_ENCODING, BASE + path]
            if page_cookie:
                wrk_once[-1:-1] = ["-H", f"Cookie: {page_cookie}"]
            subprocess.run(wrk_once, capture_output=True, check=True)

        # This machine's speed drifts during a run (it shares its host), so each page is
        # measured in rounds that alternate with the minimal view, and its ratio is to the
        # floor measured in those same rounds.
        rows = []
        for name, path, page_cookie, kind in pages[1:]:
            result, floor = measure_against_floor(path, page_cookie)
            rows.append((name, kind, result, floor))
            print(f"  målt {name}: {result['rps']:.0f} req/s (gulv {floor:.0f})", flush=True)
        floors = [floor for *_, floor in rows]

        print()
        header = ("side", "req/s", "p50 ms", "p95 ms", "p99 ms", "gulv", "forhold", "mål", "feil")
        print("{:36} {:>7} {:>7} {:>7} {:>7} {:>6} {:>8} {:>6} {:>5}".format(*header))
        print(f"{'minimal view (gulv), median':36} {statistics.median(floors):7.0f}")
        for name, kind, r, floor in rows:
            ratio = r["rps"] / floor
            target = TARGETS[kind]
            verdict = "ok" if ratio >= target else "UNDER"
            print(
                f"{name:36} {r['rps']:7.0f} {r['p50']:7.1f} {r['p95']:7.1f} {r['p99']:7.1f} "
                f"{floor:6.0f} {ratio:8.3f} {verdict:>6} {r['errors']:5d}"
            )
        print(f"Gulvet varierte mellom {min(floors):.0f} og {max(floors):.0f} req/s.")

        print()
        print("Samtidighet:")
        for scenario in plan["scenarios"]:
            clients = [Client(user["cookie"]) for user in scenario["users"]]
            calls = [
                (
                    client,
                    lambda c, s=step: c.post(s["path"], s["fields"]),
                )
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
    finally:
        stop_server(process, log)
    print(f"\nFerdig på {time.monotonic() - started:.0f} s. Maskin: {os.cpu_count()} kjerner.")


if __name__ == "__main__":
    main()
