"""«Mine opplysninger»: workplace, role and phone on the account, edited on Min side, filled
in on the booking and course signup forms with the same labels, in the data export, and gone
with the account (tests/security/test_account_deletion.py searches every column)."""

import json
from http import HTTPStatus

import pytest
from django.urls import reverse

from assessments.forms import BookingForm
from courses.forms import SignupForm
from courses.services import signup_create
from erfaringssentrum.forms import MyDetailsForm
from tests.factories import approve

pytestmark = pytest.mark.django_db

DETAILS = {"organisation": "NAV Grünerløkka", "role": "Jobbspesialist", "phone": "+47 412 34 567"}


def test_min_side_edits_the_details_through_the_form(auth_client, user):
    page = auth_client.get(reverse("min-side")).content.decode()
    assert reverse("my-details") in page
    response = auth_client.post(reverse("my-details"), DETAILS)
    assert response.status_code == HTTPStatus.FOUND
    user.refresh_from_db()
    assert (user.organisation, user.role, user.phone) == tuple(DETAILS.values())
    page = auth_client.get(response["Location"]).content.decode()
    assert "NAV Grünerløkka" in page and "Jobbspesialist" in page


def test_a_wrong_phone_number_gets_a_message_and_the_input_is_kept(auth_client, user):
    response = auth_client.post(reverse("my-details"), {**DETAILS, "phone": "ring meg"})
    assert response.status_code == HTTPStatus.OK
    assert "8 sifre" in str(response.context["form"].errors["phone"])
    assert 'value="NAV Grünerløkka"' in response.content.decode()
    user.refresh_from_db()
    assert user.organisation == ""


def test_no_service_keeps_an_e_mail_address_as_the_workplace(
    user, slot_factory, booking_data
):
    """Kept for statistics after a booking is anonymised, the workplace must hold no address
    however it is written: on Min side, remembered from a form, or on a booking."""
    from django.core.exceptions import ValidationError

    from assessments import services as booking_services
    from erfaringssentrum.services import user_details_fill_in, user_details_update

    with_address = "NAV Testby (kari@nav.example)"
    with pytest.raises(ValidationError, match="uten e-postadresse"):
        user_details_update(user=user, organisation=with_address, role="Veileder", phone="")
    user_details_fill_in(user=user, organisation=with_address, role="Veileder")
    user.refresh_from_db()
    assert (user.organisation, user.role) == ("", "Veileder")
    data = {**booking_data, "organisation": with_address}
    with pytest.raises(booking_services.BookingError, match="uten e-postadresse"):
        booking_services.booking_create(slot_id=slot_factory().pk, adviser=user, **data)


def test_the_booking_and_course_forms_are_filled_in_from_the_account(
    auth_client, user, slot_factory, course
):
    user.organisation, user.role, user.phone = DETAILS.values()
    user.save()
    approve(user)
    form = auth_client.get(reverse("assessments:book", args=[slot_factory().pk])).context["form"]
    assert form["organisation"].value() == DETAILS["organisation"]
    assert form["adviser_role"].value() == DETAILS["role"]
    assert form["phone"].value() == DETAILS["phone"]
    signup = auth_client.get(reverse("courses:signup", args=[course.slug])).context["form"]
    assert signup["organisation"].value() == DETAILS["organisation"]
    assert signup["role"].value() == DETAILS["role"]


def test_the_same_labels_and_help_texts_everywhere():
    booking = BookingForm(slot_queryset=None).fields
    signup = SignupForm().fields
    mine = MyDetailsForm().fields
    for booking_name, signup_name, mine_name in [
        ("organisation", "organisation", "organisation"),
        ("adviser_role", "role", "role"),
    ]:
        texts = {
            (form[name].label, form[name].help_text)
            for form, name in [(booking, booking_name), (signup, signup_name), (mine, mine_name)]
        }
        assert len(texts) == 1, texts
    assert booking["phone"].label == mine["phone"].label


def test_the_details_are_in_the_data_export(auth_client, user):
    user.organisation, user.role, user.phone = DETAILS.values()
    user.save()
    data = json.loads(auth_client.get(reverse("my-data")).content)
    assert data["konto"]["arbeidssted"] == DETAILS["organisation"]
    assert data["konto"]["rolle"] == DETAILS["role"]
    assert data["konto"]["telefon"] == DETAILS["phone"]


def test_a_first_booking_remembers_the_details_for_the_next_form(
    user, slot_factory, booking_factory
):
    approve(user)
    booking_factory(slot=slot_factory(), adviser=user, **DETAILS_ON_BOOKING)
    user.refresh_from_db()
    assert (user.organisation, user.role, user.phone) == tuple(DETAILS.values())


def test_a_booking_never_overwrites_what_was_saved_on_min_side(
    user, slot_factory, booking_factory
):
    user.organisation, user.role = "NAV Sagene", "Leder"
    user.save()
    approve(user)
    booking_factory(slot=slot_factory(), adviser=user, **DETAILS_ON_BOOKING)
    user.refresh_from_db()
    # The empty phone is filled in; what the adviser saved stays.
    assert (user.organisation, user.role, user.phone) == ("NAV Sagene", "Leder", DETAILS["phone"])


def test_a_first_course_signup_remembers_workplace_and_role(user, course):
    signup_create(course=course, user=user, organisation="NAV Grünerløkka", role="Jobbspesialist")
    user.refresh_from_db()
    assert (user.organisation, user.role) == ("NAV Grünerløkka", "Jobbspesialist")


def test_a_phone_number_that_is_not_one_is_not_remembered(user, slot_factory, booking_factory):
    approve(user)
    booking_factory(slot=slot_factory(), adviser=user, phone="ring meg")
    user.refresh_from_db()
    assert user.phone == ""
    assert user.organisation == "NAV Testby"


DETAILS_ON_BOOKING = {
    "organisation": DETAILS["organisation"],
    "adviser_role": DETAILS["role"],
    "phone": DETAILS["phone"],
}
