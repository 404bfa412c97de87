"""Every benchmarked page runs the same number of queries with little and with much data
(issue #8): 12 vs 500 resources, 12 vs 300 questions, 6 vs 200 courses with signups and
200 vs 2,000 slots."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from assessments.models import Booking, Slot
from courses.models import Course, CourseType
from erfaringssentrum.core.pagecache import forget_local_state
from erfaringssentrum.models import User
from faq.models import Category, Question
from resources.models import Audience, Resource
from scripts import bench_data

pytestmark = pytest.mark.django_db


def generate(sizes):
    return bench_data.generate(sizes=sizes)


def remove_generated():
    Booking.objects.all().delete()
    Slot.objects.all().delete()
    Course.objects.all().delete()
    CourseType.objects.all().delete()
    Question.objects.all().delete()
    Category.objects.all().delete()
    Resource.objects.all().delete()
    Audience.objects.all().delete()
    User.objects.filter(email__endswith="@bench.example").delete()


def query_counts(plan):
    counts = {}
    for page in plan["pages"]:
        client = Client()
        if page["logged_in"]:
            name, value = plan["user"]["cookie"].split("=", 1)
            client.cookies[name] = value
        client.get(page["path"])  # first visits create rows such as the contact details
        cache.clear()  # measure the work behind the page, not the page cache
        forget_local_state()
        with CaptureQueriesContext(connection) as queries:
            assert client.get(page["path"]).status_code == 200, page
        counts[page["name"]] = len(queries)
    return counts


def test_query_counts_do_not_grow_with_the_amount_of_content(settings):
    settings.BENCHMARK = True
    small = query_counts(generate("12,12,6,200"))
    remove_generated()
    large = query_counts(generate("500,300,200,2000"))
    assert large == small, (small, large)
    # The session, the user, the bookings, the approval status, the signups, the interests,
    # and the footer's contact details (read again after the cache was cleared).
    assert small["Min side (innlogget)"] == 7
