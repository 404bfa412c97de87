"""How the assessments are held comes from the slots staff publish, not from fixed text."""

from datetime import timedelta

import pytest
from django.utils import timezone

from assessments.models import Format, formats_text

pytestmark = pytest.mark.django_db


def intro(client) -> str:
    html = client.get("/vurdering/").content.decode()
    return html.split('id="hva-tittel"', 1)[1].split("</section>", 1)[0]


@pytest.mark.parametrize(
    "formats, text",
    [
        ([Format.PHONE, Format.DIGITAL, Format.PHONE], "digitalt eller på telefon"),
        ([Format.IN_PERSON], "ved oppmøte hos oss"),
        (list(Format), "digitalt, på telefon eller ved oppmøte hos oss"),
        ([], ""),
    ],
)
def test_formats_in_words(formats, text):
    assert formats_text(formats) == text


def test_the_page_names_the_formats_of_the_slots_on_offer(client, slot_factory):
    soon = timezone.now() + timedelta(days=3)
    slot_factory(starts_at=soon, format=Format.DIGITAL)
    slot_factory(starts_at=soon + timedelta(hours=2), format=Format.PHONE)
    slot_factory(  # not published: not on offer
        starts_at=soon + timedelta(hours=4), format=Format.IN_PERSON, is_published=False
    )

    text = intro(client)

    assert "Samtalene i listen nedenfor foregår digitalt eller på telefon." in text
    assert "oppmøte" not in text


def test_without_slots_the_page_says_nothing_about_formats(client):
    text = intro(client)
    assert "foregår" not in text
    for word in ("digitalt", "telefon", "oppmøte"):
        assert word not in text.lower()


def test_no_fixed_text_says_who_the_centre_sends(client, slot_factory):
    slot_factory(starts_at=timezone.now() + timedelta(days=3))
    text = intro(client)
    assert "konsulent" not in text.replace("erfaringskonsulent", "")
