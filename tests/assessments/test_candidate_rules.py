"""Nothing in a candidate's e-mail that the booker wrote, except a first name; and at most
ASSESSMENTS_INVITATIONS_PER_ADDRESS_PER_DAY invitations to one address, across advisers."""

import re
from datetime import timedelta
from http import HTTPStatus

import pytest
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from assessments import privacy, services
from assessments.addresses import inbox
from assessments.models import Booking, CandidateInvitation
from assessments.validators import first_name_problem, normalise_first_name

from .conftest import NOW

pytestmark = pytest.mark.django_db

SITE_URL = "https://erfaringssentrum.example"


@pytest.mark.parametrize(
    "name",
    ["Kari", "Anne-Marie", "D'Angelo", "O’Neill", "Zoë", "Ólafur", "Kari Anne", "Мария",
     "محمد", "李娜", "नमिता", "Åse", "Ngũgĩ", "  Per   Olav "],
)  # fmt: skip
def test_first_names_in_any_alphabet_are_accepted(name):
    assert first_name_problem(normalise_first_name(name)) is None


@pytest.mark.parametrize(
    "name",
    ["", "   ", "K4ri", "Vinn iPhone: evil.example/x", "kari@example.org", "www.evil.example",
     "evil.example", "a/b", "Kari\x00", "-Kari", "Kari!", "Kari 🙂", "x" * 41,
     "Kari‮", "Ｋａｒｉ．ｅｘａｍｐｌｅ"],
)  # fmt: skip
def test_anything_but_a_first_name_is_refused(name):
    assert first_name_problem(normalise_first_name(name))


def test_the_form_says_what_to_do(auth_client, slot_factory):
    slot = slot_factory()
    response = auth_client.post(
        reverse("assessments:book", args=[slot.pk]),
        {"slot": slot.pk, "candidate_name": "Vinn iPhone: evil.example/x", "consent": "on"},
    )
    assert response.status_code == HTTPStatus.OK
    html = response.content.decode()
    assert "Skriv bare kandidatens fornavn, med bokstaver" in html
    assert 'value="Vinn iPhone: evil.example/x"' in html  # the input is kept
    assert "Kandidatens fornavn" in html and "eller initialer" not in html


def test_the_service_applies_the_rule_too(user, slot_factory, booking_data):
    with pytest.raises(services.BookingError, match="bare kandidatens fornavn"):
        services.booking_create(
            slot_id=slot_factory().pk, adviser=user, **{**booking_data, "candidate_name": "a:b"}
        )
    assert not Booking.objects.exists()


# Hosts our own text links to: the site, the centre's address and the slot's video room.
OUR_HOSTS = ("erfaringssentrum.example", "video.example")
# What a mail program could turn into a link: a scheme, or anything that looks like a domain
# (in any script, with full-width or ideographic dots too).
LINK_LIKE = re.compile(r"[a-zA-Z][\w+.-]*://\S+|(?:[^\W_][\w-]*[.．。])+[^\W\d_]{2,}")


def foreign_links(message) -> list[str]:
    """Every link in the text or the HTML of a message, except ours."""
    html = message.alternatives[0].content if message.alternatives else ""
    found = re.findall(r'href="([^"]+)"', html) + LINK_LIKE.findall(message.body + html)
    return [link for link in found if not any(host in link for host in OUR_HOSTS)]


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    name=st.one_of(
        st.text(max_size=60),
        st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=45),
        st.sampled_from(
            ["Vinn iPhone: evil.example/x", "evil.example", "www.evil.example", "Kari",
             "Ｋａｒｉ．ｅｘａｍｐｌｅ", "http://x", "a@b.example", "Anne-Marie", "Li Na"]
        ),  # fmt: skip
    )
)
def test_whatever_is_typed_as_the_name_no_link_reaches_an_email(
    name, auth_client, slot_factory, mailoutbox, django_capture_on_commit_callbacks, settings_
):
    Booking.objects.all().delete()
    CandidateInvitation.objects.all().delete()
    mailoutbox.clear()
    slot = slot_factory()
    data = {
        "slot": slot.pk,
        "organisation": "NAV Testby",
        "adviser_role": "Veileder",
        "candidate_name": name,
        "candidate_email": "kandidat@example.org",
        "adviser_attends": "nei",
        "consent": "on",
    }
    with django_capture_on_commit_callbacks(execute=True):
        response = auth_client.post(reverse("assessments:book", args=[slot.pk]), data)
    assert response.status_code < HTTPStatus.INTERNAL_SERVER_ERROR
    if response.status_code != HTTPStatus.FOUND:
        assert not Booking.objects.exists() and not mailoutbox
        return
    booking = Booking.objects.get()
    assert first_name_problem(booking.candidate_name) is None
    for message in mailoutbox:
        assert not foreign_links(message), (name, message.to, foreign_links(message))


@pytest.fixture
def settings_(settings):
    settings.SITE_URL = SITE_URL
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "booking": (10_000, 3600)}
    settings.ASSESSMENTS_MAX_OPEN_BOOKINGS = 10_000
    return settings


def test_foreign_links_finds_what_a_mail_program_would_link():
    class Message:
        body = "iPhone: evil.com/x! Se Ｋａｒｉ．ｅｘａｍｐｌｅ og ftp://x, ikke video.example."
        html = '<a href="https://erfaringssentrum.example/">Vi</a> <a href="http://evil.com">'
        alternatives = [type("Html", (), {"content": html})]

    assert foreign_links(Message()) == [
        "http://evil.com",
        "evil.com",
        "Ｋａｒｉ．ｅｘａｍｐｌｅ",
        "ftp://x,",
        'http://evil.com">',
    ]


# --- The invitation limit ---------------------------------------------------------------------


def invitations_to(mailoutbox, address):
    return [m for m in mailoutbox if m.to == [address] and "Invitasjon" in m.subject]


def test_three_invitations_a_day_to_one_address_across_advisers(
    adviser_factory, slot_factory, booking_factory, mailoutbox, django_capture_on_commit_callbacks
):
    first, second = adviser_factory(), adviser_factory()
    spellings = [
        (first, "kari.nordmann@gmail.com"),
        (second, "KariNordmann+jobb@Gmail.com"),
        (first, "kari.nordmann@googlemail.com"),
        (second, "kari.nordmann@gmail.com"),  # the fourth to the same inbox
    ]
    with django_capture_on_commit_callbacks(execute=True):
        bookings = [
            booking_factory(slot=slot_factory(), adviser=adviser, candidate_email=email, now=NOW)
            for adviser, email in spellings
        ]
    *invited, withheld = bookings
    assert [b.candidate_invitation_withheld for b in invited] == [False] * 3
    assert len([m for m in mailoutbox if "Invitasjon" in m.subject]) == 3
    # The fourth booking holds; no e-mail went to the candidate, and the address is not kept.
    assert withheld.pk and withheld.status == "active"
    assert withheld.candidate_invitation_withheld and withheld.candidate_email == ""
    assert not invitations_to(mailoutbox, "kari.nordmann@gmail.com")[3:]
    confirmations = [m for m in mailoutbox if m.to == [second.email] and "booket" in m.subject]
    assert "Gi kandidaten tidspunktet selv" not in confirmations[0].body
    assert "Gi kandidaten tidspunktet selv" in confirmations[1].body
    # A day later the address may be invited again.
    later = booking_factory(
        slot=slot_factory(), candidate_email="kari.nordmann@gmail.com", now=NOW + timedelta(days=1)
    )
    assert not later.candidate_invitation_withheld


def test_the_confirmation_page_tells_the_adviser_to_pass_on_the_time(
    auth_client, user, slot_factory, booking_factory, settings
):
    settings.ASSESSMENTS_INVITATIONS_PER_ADDRESS_PER_DAY = 1
    booking_factory(slot=slot_factory(), candidate_email="k@example.org")
    slot = slot_factory()
    response = auth_client.post(
        reverse("assessments:book", args=[slot.pk]),
        {"slot": slot.pk, "organisation": "NAV", "adviser_role": "Veileder",
         "candidate_name": "Kari", "candidate_email": "k@example.org",
         "adviser_attends": "ja", "consent": "on"},
    )  # fmt: skip
    booking = Booking.objects.get(adviser=user)
    assert response["Location"] == reverse("assessments:booking-detail", args=[booking.pk])
    html = auth_client.get(response["Location"]).content.decode()
    assert "Gi kandidaten tidspunktet selv" in html
    assert "Adressen har fått 1 invitasjon fra oss" in html


def test_no_candidate_address_is_stored_for_the_limit(booking_factory, slot_factory):
    booking_factory(slot=slot_factory(), candidate_email="Kari.Nordmann@Example.org", now=NOW)
    (record,) = CandidateInvitation.objects.all()
    assert record.sent_at == NOW
    assert re.fullmatch(r"[0-9a-f]{64}", record.address_digest)
    assert "kari" not in record.address_digest.lower()
    assert inbox("Kari.Nordmann+x@Example.org") == "kari.nordmann@example.org"


def test_records_older_than_a_day_are_pruned_by_retention(booking_factory, slot_factory):
    booking_factory(slot=slot_factory(), candidate_email="a@example.org", now=NOW)
    booking_factory(slot=slot_factory(), candidate_email="b@example.org", now=NOW)
    booking_factory(
        slot=slot_factory(), candidate_email="c@example.org", now=NOW + timedelta(hours=20)
    )
    assert privacy.apply_retention(now=NOW + timedelta(hours=25)) == 2
    assert CandidateInvitation.objects.count() == 1
