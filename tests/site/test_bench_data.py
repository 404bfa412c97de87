"""The benchmark's data generator and plan stay in step with the apps (scripts/bench.py)."""

import io
import json
from http import HTTPStatus

import pytest
from django.core.management import call_command
from django.test import Client

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan(settings):
    settings.BENCHMARK = True
    out = io.StringIO()
    call_command("generate_bench_data", "--scale", "0.01", stdout=out)
    return json.loads(out.getvalue().strip().splitlines()[-1])


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
    out = io.StringIO()
    call_command("generate_bench_data", "--check", "booking", stdout=out)
    assert out.getvalue().startswith("1 bookinger lagret, 0 tider dobbeltbooket")
    out = io.StringIO()
    call_command("generate_bench_data", "--check", "course", stdout=out)
    assert out.getvalue().startswith("1 bekreftet")


def test_refuses_without_benchmark_mode(settings):
    from django.core.management import CommandError

    settings.BENCHMARK = False
    with pytest.raises(CommandError):
        call_command("generate_bench_data")
