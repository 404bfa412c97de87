"""The benchmark's data generator and plan stay in step with the apps (scripts/bench.py,
scripts/bench_data.py)."""

import subprocess
import sys
from http import HTTPStatus
from pathlib import Path

import pytest
from django.test import Client

from scripts import bench_data

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def plan(settings):
    settings.BENCHMARK = True
    return bench_data.generate(scale=0.01)


def cookie_client(cookie):
    client = Client()
    name, value = cookie.split("=", 1)
    client.cookies[name] = value
    return client


def test_every_benchmarked_page_answers(plan):
    logged_in = cookie_client(plan["user"]["cookie"])
    for page in plan["pages"]:
        client = logged_in if page["logged_in"] else Client()
        response = client.get(page["path"])
        assert response.status_code == HTTPStatus.OK, page
    assert logged_in.get("/min-side/").context["user"].email == "leser@bench.example"


def test_the_scenarios_post_valid_forms(plan, settings):
    for scenario in plan["scenarios"]:
        user, step = scenario["users"][0], scenario["steps"][0]
        response = cookie_client(user["cookie"]).post(step["path"], step["fields"])
        assert response.status_code == HTTPStatus.FOUND, (
            scenario["name"],
            response.status_code,
            [
                m
                for m in response.content.decode().split("\n")
                if "invalid-feedback" in m or "alert" in m
            ],
        )
    assert bench_data.check("booking").startswith("1 bookinger lagret, 0 tider dobbeltbooket")
    assert bench_data.check("course").startswith("1 bekreftet")


def test_everyone_in_the_course_rush_gets_a_seat_or_a_place_in_line(plan):
    """The bench's people hold seats in other rounds; none of them may stop anyone from
    signing up to the scenario's course (one seat per person and course type)."""
    (scenario,) = [s for s in plan["scenarios"] if s["name"] == "course"]
    for user, step in zip(scenario["users"], scenario["steps"], strict=True):
        cookie_client(user["cookie"]).post(step["path"], step["fields"])
    assert bench_data.check("course") == (
        "10 bekreftet (maks 10), 20 på venteliste, 0 doble påmeldinger: ok"
    )


def test_refuses_without_benchmark_mode(settings):
    settings.BENCHMARK = False
    with pytest.raises(bench_data.NotInBenchmarkMode):
        bench_data.generate(scale=0.01)


def test_runs_as_a_script_as_the_bench_runs_it():
    """scripts/bench.py runs it in its own process: it sets up Django itself (and refuses
    here, without BENCHMARK=1, before it touches a database)."""
    env = {"PATH": "/usr/bin:/bin", "DEBUG": "1", "BENCHMARK": "0"}
    result = subprocess.run(
        [sys.executable, "scripts/bench_data.py", "--check", "booking"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 1, result.stderr
    assert "bench_data kjører bare med BENCHMARK=1." in result.stderr


def test_the_bench_script_imports():
    result = subprocess.run(
        [sys.executable, "-c", "import scripts.bench as bench; print(bench.bench_data.__name__)"],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "bench_data"
