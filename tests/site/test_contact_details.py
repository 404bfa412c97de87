"""Contact details, opening hours and the address are data staff set in admin: where a value
is not set, no page shows it (nor anything invented in its place)."""

import importlib
import io
import re
from http import HTTPStatus

import pytest
from django.apps import apps as django_apps
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.test import Client
from django.utils.html import escape

from assessments.models import Booking
from courses.models import Course
from erfaringssentrum import demo, services
from erfaringssentrum.models import ContactDetails, User
from faq.models import Question
from resources.models import Resource
from resources.selfcheck import QUESTIONS, YES
from tests.security.public_pages import STATIC_PAGES

pytestmark = pytest.mark.django_db

STAFF_VALUES = {
    "email": "kontakt@senteret.no",
    "phone": "+47 22 33 44 55",
    "opening_hours": "tirsdag og torsdag kl. 10–14",
    "street_address": "Storgata 5",
    "postal_code": "0155",
    "city": "Oslo",
}
# What a phone number, opening hours or an address look like on a page, set or invented.
CONTACT_MARKERS = re.compile(
    r"tel:|\+47|telefon:|telefontid|besøksadresse|hverdager|åpningstid|kl\. 09\.00–15\.00"
    r"|(?-i:\b\d{4} [A-ZÆØÅ][a-zæøå]+)",  # a postal code and town
    re.IGNORECASE,
)


@pytest.fixture
def site_with_demo_content(settings):
    settings.DEBUG = True
    call_command("seed_demo", stdout=io.StringIO())
    settings.DEBUG = False


def set_contact_details(**values):
    details = ContactDetails.objects.get()
    for field in STAFF_VALUES:
        setattr(details, field, values.get(field, ""))
    services.contact_details_save(details=details)


def every_page():
    """(client, url) for every page a visitor, an adviser or a candidate can reach."""
    anonymous = Client()
    adviser = Client()
    adviser.force_login(User.objects.get(email=demo.ADVISER_EMAIL))
    waiting = Client()
    waiting.force_login(User.objects.get(email=demo.WAITING_ADVISER_EMAIL))
    pages = [
        (anonymous, url)
        for url in [
            *STATIC_PAGES,
            "/finnes-ikke/",
            *(r.get_absolute_url() for r in Resource.objects.published()),
            *(q.get_absolute_url() for q in Question.objects.published()),
            *(c.get_absolute_url() for c in Course.objects.all()),
        ]
    ]
    bookings = Booking.objects.filter(adviser__email=demo.ADVISER_EMAIL)
    pages += [(adviser, url) for url in ["/min-side/", "/vurdering/"]]
    pages += [(adviser, f"/vurdering/booking/{booking.pk}/") for booking in bookings]
    pages += [(waiting, "/vurdering/")]
    return pages


def page_texts():
    texts = {}
    for client, url in every_page():
        response = client.get(url)
        assert response.status_code in (HTTPStatus.OK, HTTPStatus.NOT_FOUND), url
        texts[url, id(client)] = response.content.decode()
    texts["egenvurdering"] = (
        Client().post("/ressurser/passer-jeg/", {q.key: YES for q in QUESTIONS}).content.decode()
    )
    return texts


def test_with_no_contact_details_no_page_shows_a_phone_number_address_or_opening_hours(
    site_with_demo_content,
):
    set_contact_details(**STAFF_VALUES)
    shown = page_texts()
    # The markers find what staff set, on every page (the footer) ...
    for key, html in shown.items():
        assert STAFF_VALUES["phone"] in html and "tirsdag og torsdag" in html, key
        assert "Storgata 5, 0155 Oslo" in html, key

    set_contact_details()  # staff empty every field
    # A demo booking on the phone says whom we call on which number: the booking's own
    # details, not the centre's (which booking that is depends on the hour the demo is made).
    calls = [escape(booking.join_text()) for booking in Booking.objects.all()]
    for key, html in page_texts().items():
        text = re.sub(r"<script.*?</script>", "", html, flags=re.DOTALL)
        for call in calls:
            text = text.replace(call, "")
        found = CONTACT_MARKERS.findall(text)
        assert not found, (key, found)
        assert "mailto:" not in text, key
        assert "post@erfaringssentrum.example" not in text, key


def test_pages_show_only_the_values_staff_have_set(client):
    set_contact_details(email="kontakt@senteret.no")
    html = client.get("/om-oss/").content.decode()
    assert 'href="mailto:kontakt@senteret.no"' in html
    assert "Telefon" not in html and "tel:" not in html
    assert "Besøksadresse" not in html

    set_contact_details(phone="+47 22 33 44 55", opening_hours="mandag kl. 9–11")
    html = client.get("/om-oss/").content.decode()
    assert "mailto:" not in html
    assert 'href="tel:+4722334455"' in html
    assert "Telefontid" in html and "mandag kl. 9–11" in html


def test_opening_hours_are_not_shown_without_a_phone_number(client):
    set_contact_details(email="kontakt@senteret.no", opening_hours="mandag kl. 9–11")
    for url in ("/om-oss/", "/vurdering/", "/"):
        assert "mandag kl. 9–11" not in client.get(url).content.decode(), url


def test_a_row_without_values_says_nothing_in_the_sentences_that_use_them(client):
    set_contact_details()
    html = client.get("/vurdering/").content.decode()
    assert "Akkurat nå er det ingen ledige tider." in html
    assert "Kontakt oss på" not in html
    assert "<h2>Kontakt oss</h2>" not in client.get("/om-oss/").content.decode()


def test_e_mails_leave_out_what_is_not_set(
    booking_factory, slot_factory, mailoutbox, django_capture_on_commit_callbacks, settings
):
    set_contact_details(email="kontakt@senteret.no")
    with django_capture_on_commit_callbacks(execute=True):
        booking_factory(slot=slot_factory(), candidate_email="kandidat@example.org")
    staff = set(settings.STAFF_NOTIFICATION_EMAILS)
    to_people = [message for message in mailoutbox if not staff & set(message.to)]
    assert len(to_people) == 2  # the adviser's confirmation and the candidate's invitation
    for message in to_people:
        html = message.alternatives[0][0]
        for text in (message.body, html):
            assert "kontakt@senteret.no" in text
            assert "telefon" not in text.lower().replace("telefonnummer", "")
            assert "+47" not in text


def test_the_model_and_its_migrations_invent_no_contact_details():
    fresh = ContactDetails()
    assert (fresh.email, fresh.phone, fresh.opening_hours, fresh.address) == ("", "", "", "")
    # The row the migrations leave behind is empty too (the first one created it with
    # invented defaults; a later one clears them).
    row = ContactDetails.objects.get()
    assert (row.email, row.phone, row.opening_hours, row.address) == ("", "", "", "")


def test_the_migration_clears_only_the_invented_values():
    migration = importlib.import_module(
        "erfaringssentrum.migrations.0005_contact_details_without_defaults"
    )
    ContactDetails.objects.update(
        email="post@erfaringssentrum.example",
        phone="+47 22 33 44 55",  # set by staff: kept
        opening_hours="Hverdager kl. 09.00–15.00",
    )
    migration.clear_invented_values(django_apps, None)
    row = ContactDetails.objects.get()
    assert (row.email, row.phone, row.opening_hours) == ("", "+47 22 33 44 55", "")


def test_staff_save_contact_details_through_the_service_which_validates(staff_client):
    response = staff_client.get("/admin/erfaringssentrum/contactdetails/", follow=True)
    change_url = response.redirect_chain[-1][0]
    form = dict.fromkeys(STAFF_VALUES, "") | {"organisation_name": "Erfaringssentrum"}
    response = staff_client.post(change_url, form | {"email": "ikke-en-adresse"})
    assert response.status_code == HTTPStatus.OK
    assert "Oppgi en gyldig e-postadresse" in response.content.decode()
    response = staff_client.post(change_url, form | {"phone": "+47 22 33 44 55"})
    assert response.status_code == HTTPStatus.FOUND
    assert ContactDetails.load().phone == "+47 22 33 44 55"
    assert ContactDetails.load().email == ""


def test_the_service_refuses_what_the_admin_form_would_refuse():
    details = ContactDetails.objects.get()
    details.email = "ikke-en-adresse"
    with pytest.raises(ValidationError):
        services.contact_details_save(details=details)
    assert ContactDetails.objects.get().email == ""
    details.email, details.phone = "", "ring oss på Teams"  # it becomes a tel: link
    with pytest.raises(ValidationError, match="telefonnummer"):
        services.contact_details_save(details=details)
    assert ContactDetails.objects.get().phone == ""
