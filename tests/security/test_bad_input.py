"""Generated bad input against every public form and query parameter (Hypothesis).

Whatever arrives — empty, huge, unicode, control characters, HTML and script, wrong types,
past and far-future dates, missing fields, no CSRF token — the answer is a 2xx, 3xx or 4xx in
Norwegian, never a 500, and nothing is saved unless the input was valid.
"""

from http import HTTPStatus

import pytest
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from assessments.models import Booking
from courses.models import Signup
from erfaringssentrum.models import User
from resources.selfcheck import QUESTIONS

pytestmark = pytest.mark.django_db

NASTY_TEXT = st.one_of(
    st.just(""),
    st.text(max_size=50),
    st.text(min_size=600, max_size=1_200),
    st.sampled_from(
        [
            "<script>alert(1)</script>",
            '"><img src=x onerror=alert(1)>',
            "javascript:alert(1)",
            "'; DROP TABLE erfaringssentrum_user; --",
            "\x00\x01\x02\x1b[31m",
            "æøå ÆØÅ 𝔘𝔫𝔦𝔠𝔬𝔡𝔢 🙂 \u202e",
            "12345678901",
            "-1",
            "0",
            "99999999999999999999999",
            "2026-02-30",
            "1900-01-01",
            "9999-12-31T23:59",
            "None",
            "[]",
            "{}",
            "å" * 12_000,
        ]
    ),
    st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=300),
)
MAYBE = st.one_of(st.none(), NASTY_TEXT)
EXAMPLES = settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
    ],
)


def form_data(**fields):
    """Drops fields whose generated value is None: missing fields are part of the input."""
    return {name: value for name, value in fields.items() if value is not None}


def assert_graceful(response):
    assert response.status_code < HTTPStatus.INTERNAL_SERVER_ERROR, response.status_code
    if response.content and response.get("Content-Type", "").startswith("text/html"):
        assert '<html lang="nb">' in response.content.decode()


@pytest.fixture
def adviser(adviser_factory):
    return adviser_factory(name="Veileder Veiledersen")


@pytest.fixture
def adviser_client(adviser):
    client = Client()
    client.force_login(adviser)
    return client


@pytest.fixture
def slot(slot_factory):
    return slot_factory()


@EXAMPLES
@given(q=MAYBE, kind=MAYBE, audience=MAYBE, page=MAYBE)
def test_resource_list_parameters(client, q, kind, audience, page):
    params = form_data(q=q, type=kind, malgruppe=audience, page=page)
    assert_graceful(client.get("/ressurser/", params))


@EXAMPLES
@given(q=MAYBE, category=MAYBE)
def test_faq_parameters(client, q, category):
    assert_graceful(client.get("/sporsmal-og-svar/", form_data(q=q, kategori=category)))


@EXAMPLES
@given(q=MAYBE, page=MAYBE)
def test_site_search_parameters(client, q, page):
    assert_graceful(client.get("/sok/", form_data(q=q, page=page)))


@EXAMPLES
@given(answers=st.lists(MAYBE, min_size=len(QUESTIONS), max_size=len(QUESTIONS)))
def test_self_check_form(client, answers):
    data = form_data(**{q.key: a for q, a in zip(QUESTIONS, answers, strict=True)})
    assert_graceful(client.post("/ressurser/passer-jeg/", data))


@EXAMPLES
@given(name=MAYBE, email=MAYBE, password1=MAYBE, password2=MAYBE)
def test_signup_form(client, name, email, password1, password2):
    users = User.objects.count()
    response = client.post(
        "/konto/signup/",
        form_data(name=name, email=email, password1=password1, password2=password2),
    )
    assert_graceful(response)
    if response.status_code != HTTPStatus.FOUND:
        assert User.objects.count() == users


@EXAMPLES
@given(login=MAYBE, password=MAYBE)
def test_login_form(client, login, password):
    assert_graceful(client.post("/konto/login/", form_data(login=login, password=password)))


@EXAMPLES
@given(email=MAYBE)
def test_password_reset_form(client, email):
    assert_graceful(client.post("/konto/password/reset/", form_data(email=email)))


@EXAMPLES
@given(
    organisation=MAYBE,
    role=MAYBE,
    phone=MAYBE,
    candidate=MAYBE,
    candidate_email=MAYBE,
    attends=MAYBE,
    question=MAYBE,
    consent=MAYBE,
    slot_value=MAYBE,
)
def test_booking_form(
    adviser_client,
    slot,
    organisation,
    role,
    phone,
    candidate,
    candidate_email,
    attends,
    question,
    consent,
    slot_value,
):
    Booking.objects.all().delete()
    data = form_data(
        slot=slot_value,
        organisation=organisation,
        adviser_role=role,
        phone=phone,
        candidate_name=candidate,
        candidate_email=candidate_email,
        adviser_attends=attends,
        question=question,
        consent=consent,
    )
    response = adviser_client.post(f"/vurdering/book/{slot.pk}/", data)
    assert_graceful(response)
    if response.status_code != HTTPStatus.FOUND:
        assert not Booking.objects.exists()
    else:  # accepted: then what was stored is exactly the (valid) input
        booking = Booking.objects.get()
        assert booking.organisation == data["organisation"].strip()
        assert data["consent"]


@EXAMPLES
@given(organisation=MAYBE, role=MAYBE, comment=MAYBE)
def test_course_signup_form(adviser_client, course, organisation, role, comment):
    Signup.objects.all().delete()
    data = form_data(organisation=organisation, role=role, comment=comment)
    response = adviser_client.post(f"/kurs/{course.slug}/pamelding/", data)
    assert_graceful(response)
    if response.status_code != HTTPStatus.FOUND:
        assert not Signup.objects.exists()


@EXAMPLES
@given(password=MAYBE, confirm=MAYBE)
def test_delete_account_form(adviser, password, confirm):
    client = Client()
    client.force_login(adviser)
    response = client.post("/min-side/slett-konto/", form_data(password=password, confirm=confirm))
    assert_graceful(response)
    assert User.objects.filter(pk=adviser.pk).exists()  # the real password is never generated


@EXAMPLES
@given(path=st.text(max_size=80))
def test_unknown_and_odd_paths(client, path):
    assert_graceful(client.get("/ressurser/" + path))
    assert_graceful(client.get("/kurs/" + path))
    assert_graceful(client.get("/sporsmal-og-svar/" + path))


def test_forms_without_csrf_token_are_refused_in_norwegian(adviser, slot):
    client = Client(enforce_csrf_checks=True)
    client.force_login(adviser)
    response = client.post(f"/vurdering/book/{slot.pk}/", {"organisation": "NAV"})
    assert response.status_code == HTTPStatus.FORBIDDEN
    assert "Vi kunne ikke ta imot skjemaet" in response.content.decode()
    assert not Booking.objects.exists()
