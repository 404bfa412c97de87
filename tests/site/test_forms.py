"""One form pattern (issue #16, GOV.UK and Aksel): every form the public sees, sent with its
mistakes, answers with «Feil: » in the title, an error summary that is the first thing after the
h1 and links to each field, fields that point to their hint and their error with
aria-describedby, no `required` (the server validates) and messages that say what to do.
Required fields are not marked; each optional field's label ends with «(valgfritt)».

The same checks run on our crispy forms and on allauth's pages, which share the markup."""

import re
from datetime import timedelta
from html.parser import HTMLParser
from http import HTTPStatus
from pathlib import Path

import pytest
from allauth.mfa.models import Authenticator
from django import forms
from django.forms import BaseForm, CheckboxInput
from django.urls import reverse
from django.utils import timezone

from courses.models import DateOption
from erfaringssentrum.core.forms import ERROR_SUMMARY_TITLE
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db

VOID = {
    "area",
    "base",
    "br",
    "col",
    "embed",
    "hr",
    "img",
    "input",
    "link",
    "meta",
    "source",
    "track",
    "wbr",
}
# Search filters sent with GET: an unknown value is ignored and marked, never a mistake to fix.
SEARCH_FILTERS = {
    "faq/templates/faq/index.html",
    "resources/templates/resources/resource_list.html",
}
# What Django, allauth and crispy say when a field is left empty: it names no field and says
# nothing about what to do.
GENERIC = ("Feltet er påkrevet", "Dette feltet er påkrevet", "This field is required")
# Optional to Django, but asked only for a phone appointment, and then required (the booking
# form's clean()): not marked «(valgfritt)».
REQUIRED_WHEN_ASKED = {"call_to", "call_number"}


class Node:
    def __init__(self, tag, attrs, parent):
        self.tag, self.attrs, self.parent = tag, dict(attrs), parent
        self.children: list[Node | str] = []

    def text(self) -> str:
        parts = [c if isinstance(c, str) else c.text() for c in self.children]
        return re.sub(r"\s+", " ", "".join(parts)).strip()

    def walk(self):
        for child in self.children:
            if isinstance(child, Node):
                yield child
                yield from child.walk()

    def ancestors(self):
        node = self.parent
        while node is not None:
            yield node
            node = node.parent


class Tree(HTMLParser):
    def __init__(self, html):
        super().__init__()
        self.root = self.current = Node("#root", {}, None)
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        node = Node(tag, attrs, self.current)
        self.current.children.append(node)
        if tag not in VOID:
            self.current = node

    def handle_endtag(self, tag):
        node = self.current
        while node is not None and node.tag != tag:
            node = node.parent
        if node is not None and node.parent is not None:
            self.current = node.parent

    def handle_data(self, data):
        self.current.children.append(data)

    def find_all(self, tag=None, **attrs):
        return [
            node
            for node in self.root.walk()
            if (tag is None or node.tag == tag)
            and all(node.attrs.get(key) == value for key, value in attrs.items())
        ]

    def by_id(self, id_):
        found = self.find_all(id=id_)
        assert len(found) == 1, f"{len(found)} elements with id {id_!r}"
        return found[0]


def forms_of(response):
    contexts = response.context if isinstance(response.context, list) else [response.context]
    found = {}
    for context in contexts:
        for value in context.flatten().values():
            if isinstance(value, BaseForm):
                found[id(value)] = value
    return list(found.values())


def label_of(tree, field):
    """The text that names a field: its legend for a group of options, else its label."""
    if field.use_fieldset:
        first = tree.find_all(id=f"{field.auto_id}_0")
        if not first:
            return None
        legend = next(
            (n for fs in first[0].ancestors() if fs.tag == "fieldset" for n in fs.children
             if isinstance(n, Node) and n.tag == "legend"),
            None,
        )  # fmt: skip
        return legend.text() if legend else None
    labels = tree.find_all("label", **{"for": field.id_for_label})
    return labels[0].text() if labels else None


def assert_optional_fields_marked(response, tree):
    """Each optional field on the page says «(valgfritt)» after its label; no required one
    does, and none has an asterisk (Aksel, GOV.UK). A single checkbox says what ticking it
    means and is left unmarked. Returns the labels checked."""
    checked = []
    for form in forms_of(response):
        for field in form:
            if field.is_hidden or not tree.find_all(id=field.error_target_id):
                continue  # not on this page (a question asked only for phone appointments)
            text = label_of(tree, field)
            assert text, f"no label for {field.name}"
            optional = (
                not field.field.required
                and field.name not in REQUIRED_WHEN_ASKED
                and not isinstance(field.field.widget, CheckboxInput)
            )
            assert text.endswith(" (valgfritt)") == optional, (field.name, text)
            assert text.count("valgfritt") == int(optional), (field.name, text)
            assert "*" not in text, (field.name, text)
            checked.append(text)
    return checked


def assert_error_page(response, *, expected_links):
    """The checks of the pattern; returns the summary's messages."""
    assert response.status_code == HTTPStatus.OK
    html = response.content.decode()
    tree = Tree(html)
    assert tree.find_all("title")[0].text().startswith("Feil: ")
    main = tree.find_all("main")[0]

    # The summary is the first element after the h1, focusable and named by its heading.
    h1 = tree.find_all("h1")[0]
    siblings = [child for child in h1.parent.children if isinstance(child, Node)]
    summary = siblings[siblings.index(h1) + 1]
    assert summary.attrs.get("id") == "feilsammendrag", "the summary must follow the h1"
    assert summary.tag == "section" and summary.attrs["tabindex"] == "-1"
    heading = tree.by_id(summary.attrs["aria-labelledby"])
    assert heading.text() == ERROR_SUMMARY_TITLE
    messages = [item.text() for item in summary.walk() if item.tag == "li"]
    assert messages
    assert not any(generic in message for message in messages for generic in GENERIC)

    # Each link goes to its field, which is marked invalid and described by that very message.
    links = [node for node in summary.walk() if node.tag == "a"]
    assert len(links) == expected_links
    for link in links:
        field = tree.by_id(link.attrs["href"].removeprefix("#"))
        assert field.tag in {"input", "select", "textarea"}
        assert field.attrs.get("aria-invalid") == "true"
        described_by = field.attrs.get("aria-describedby") or next(
            node.attrs["aria-describedby"]
            for node in field.ancestors()
            if node.tag == "fieldset" and "aria-describedby" in node.attrs
        )
        descriptions = [tree.by_id(id_).text() for id_ in described_by.split()]
        assert any(link.text() in text for text in descriptions), (link.text(), descriptions)
        # The error message is announced as an error without its red colour.
        error_id = next(id_ for id_ in described_by.split() if id_.endswith("_error"))
        assert tree.by_id(error_id).text().startswith("Feil:")

    # Every hint is tied to its field.
    for hint in (node for node in main.walk() if node.attrs.get("id", "").endswith("_helptext")):
        assert any(
            hint.attrs["id"] in node.attrs.get("aria-describedby", "").split()
            for node in main.walk()
        ), f"nothing points to {hint.attrs['id']}"

    # The server validates: no browser pop-ups.
    for form in (node for node in main.walk() if node.tag == "form"):
        fields = [
            node
            for node in form.walk()
            if node.tag in {"select", "textarea"}
            or (node.tag == "input" and node.attrs.get("type") not in {"hidden", "submit"})
        ]
        if fields and form.attrs.get("method", "get").lower() == "post":
            assert "novalidate" in form.attrs
    assert not [node for node in main.walk() if "required" in node.attrs]
    assert_optional_fields_marked(response, tree)
    return messages


def post(client, url, data=None):
    return client.post(url, data or {})


def test_login(client):
    messages = assert_error_page(post(client, "/konto/login/"), expected_links=2)
    assert messages == ["Skriv inn e-postadressen din.", "Skriv inn passordet ditt."]


def test_login_with_a_wrong_password_is_a_mistake_in_the_form(client, user):
    response = post(client, "/konto/login/", {"login": user.email, "password": "feil-feil"})
    assert_error_page(response, expected_links=0)
    # What was typed stays, except the password.
    assert f'value="{user.email}"' in response.content.decode()


def test_signup(client):
    messages = assert_error_page(post(client, "/konto/signup/"), expected_links=4)
    assert messages[0] == "Skriv inn navnet ditt."


def test_password_reset(client):
    assert_error_page(post(client, "/konto/password/reset/"), expected_links=1)


def test_password_reset_from_the_e_mail_link(
    client, user, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/konto/password/reset/", {"email": user.email})
    link = re.search(r"http://[^/\s]+(/konto/password/reset/key/\S+/)", mailoutbox[0].body)
    form_url = client.get(link.group(1), follow=True).redirect_chain[-1][0]
    assert_error_page(post(client, form_url), expected_links=2)


def test_password_change(auth_client):
    assert_error_page(post(auth_client, "/konto/password/change/"), expected_links=3)


def test_add_e_mail_address(auth_client):
    response = post(auth_client, "/konto/email/", {"action_add": ""})
    assert_error_page(response, expected_links=1)


def test_two_factor_code_at_login(client, staff_user):
    client.post("/konto/login/", {"login": staff_user.email, "password": PASSWORD})
    response = post(client, "/konto/2fa/authenticate/", {"code": ""})
    messages = assert_error_page(response, expected_links=1)
    assert messages == ["Skriv inn koden fra autentiseringsappen."]


def test_setting_up_two_factor(client, user_factory):
    staff = user_factory(is_staff=True)
    Authenticator.objects.filter(user=staff).delete()
    client.force_login(staff)
    # allauth asks for the password again first: that form follows the pattern too.
    assert_error_page(post(client, "/konto/reauthenticate/"), expected_links=1)
    client.post("/konto/reauthenticate/", {"password": PASSWORD})
    assert_error_page(post(client, "/konto/2fa/totp/activate/"), expected_links=1)


def test_delete_account(auth_client):
    response = post(auth_client, reverse("delete-account"))
    assert_error_page(response, expected_links=2)


def test_self_check(client):
    response = post(client, reverse("resources:self-check"))
    assert_error_page(response, expected_links=6)


def test_booking(client, adviser_factory, slot_factory):
    adviser = adviser_factory()
    client.force_login(adviser)
    slot = slot_factory(starts_at=timezone.now() + timedelta(days=3))
    response = post(client, reverse("assessments:book", args=[slot.pk]), {"slot": slot.pk})
    messages = assert_error_page(response, expected_links=5)
    assert "Skriv inn hvor du jobber, for eksempel NAV-kontoret." in messages


def test_booking_fields_have_the_right_keyboard_and_autofill(client, adviser_factory, slot_factory):
    adviser = adviser_factory()
    client.force_login(adviser)
    slot = slot_factory(starts_at=timezone.now() + timedelta(days=3))
    tree = Tree(client.get(reverse("assessments:book", args=[slot.pk])).content.decode())
    attrs = {
        name: tree.by_id(f"id_{name}").attrs
        for name in ("organisation", "adviser_role", "phone", "candidate_name", "candidate_email")
    }
    assert attrs["organisation"]["autocomplete"] == "organization"
    assert attrs["adviser_role"]["autocomplete"] == "organization-title"
    assert (attrs["phone"]["type"], attrs["phone"]["autocomplete"]) == ("tel", "tel")
    assert attrs["phone"]["inputmode"] == "tel"
    # The candidate's details are not the adviser's own: the browser must not fill them in.
    assert attrs["candidate_name"]["autocomplete"] == "off"
    assert (attrs["candidate_email"]["type"], attrs["candidate_email"]["autocomplete"]) == (
        "email",
        "off",
    )


def test_account_fields_have_the_right_autofill(client):
    login = Tree(client.get("/konto/login/").content.decode())
    assert login.by_id("id_login").attrs["type"] == "email"
    assert login.by_id("id_login").attrs["autocomplete"] == "email"
    assert login.by_id("id_password").attrs["autocomplete"] == "current-password"
    signup = Tree(client.get("/konto/signup/").content.decode())
    assert signup.by_id("id_name").attrs["autocomplete"] == "name"
    assert signup.by_id("id_password1").attrs["autocomplete"] == "new-password"
    assert not [
        node
        for node in signup.root.walk()
        if "placeholder" in node.attrs
        and node.tag == "input"
        and node.attrs.get("type") != "search"
    ]


def test_course_signup(auth_client, course_factory):
    course = course_factory()
    response = post(auth_client, reverse("courses:signup", args=[course.slug]))
    assert_error_page(response, expected_links=2)


def test_course_signup_fields_have_the_right_autofill(auth_client, course_factory):
    course = course_factory()
    page = Tree(auth_client.get(reverse("courses:signup", args=[course.slug])).content.decode())
    assert page.by_id("id_organisation").attrs["autocomplete"] == "organization"
    assert page.by_id("id_role").attrs["autocomplete"] == "organization-title"


def test_date_poll(auth_client, user, course_factory, signup_factory):
    course = course_factory(poll_sent_at=timezone.now())
    signup_factory(course, user=user)
    for days in (10, 12):
        DateOption.objects.create(course=course, starts_at=timezone.now() + timedelta(days=days))
    response = post(auth_client, reverse("courses:poll", args=[course.slug]))
    messages = assert_error_page(response, expected_links=2)
    assert messages[0] != messages[1], "each date's message names its date"


def test_date_choice(auth_client, user, course_factory, signup_factory):
    course = course_factory(starts_at=timezone.now() + timedelta(days=5))
    mine = signup_factory(course, user=user, date_question_at=timezone.now())
    response = post(auth_client, reverse("courses:date-choice", args=[mine.pk]))
    assert_error_page(response, expected_links=1)


def test_moving_a_booking(client, adviser_factory, slot_factory, booking_factory):
    adviser = adviser_factory()
    client.force_login(adviser)
    booking = booking_factory(
        slot=slot_factory(starts_at=timezone.now() + timedelta(days=4)), adviser=adviser
    )
    slot_factory(starts_at=timezone.now() + timedelta(days=6))
    response = post(client, reverse("assessments:booking-move", args=[booking.pk]))
    assert_error_page(response, expected_links=1)


def test_correcting_the_candidate(client, adviser_factory, slot_factory, booking_factory):
    adviser = adviser_factory()
    client.force_login(adviser)
    booking = booking_factory(
        slot=slot_factory(starts_at=timezone.now() + timedelta(days=4)), adviser=adviser
    )
    response = post(
        client,
        reverse("assessments:booking-correct", args=[booking.pk]),
        {"candidate_name": "", "candidate_email": "ikke-en-adresse"},
    )
    assert_error_page(response, expected_links=2)


def test_my_details(auth_client):
    response = post(auth_client, reverse("my-details"), {"phone": "ring meg"})
    assert assert_error_page(response, expected_links=1) == [
        "Skriv et telefonnummer med 8 sifre, gjerne med +47 foran."
    ]


def test_a_phone_booking_asks_whom_we_call(client, adviser_factory, slot_factory):
    client.force_login(adviser_factory())
    slot = slot_factory(format="phone", location="")
    response = post(
        client,
        reverse("assessments:book", args=[slot.pk]),
        {"slot": slot.pk, "organisation": "NAV", "adviser_role": "Veileder",
         "candidate_name": "Kari", "adviser_attends": "nei", "consent": "on"},
    )  # fmt: skip
    messages = assert_error_page(response, expected_links=2)
    assert "Samtalen er på telefon. Velg hvem vi skal ringe." in messages


def test_every_template_with_a_posted_form_shows_the_error_summary():
    """A new form page gets the pattern too: crispy leaves form-wide mistakes to the summary."""
    root = Path(__file__).resolve().parents[2]
    missing = []
    for template in root.glob("*/templates/**/*.html"):
        if ".venv" in template.parts or "admin" in template.parts:
            continue
        name = str(template.relative_to(root))
        text = template.read_text()
        if "crispy" in text and name not in SEARCH_FILTERS and "{% error_summary" not in text:
            missing.append(name)
    assert missing == []


def test_no_summary_and_no_error_title_without_mistakes(client):
    html = client.get("/konto/login/").content.decode()
    assert "feilsammendrag" not in html
    assert "<title>Feil:" not in html


def test_optional_fields_say_valgfritt_and_required_ones_nothing(
    client, adviser_factory, slot_factory
):
    client.force_login(adviser_factory())
    slot = slot_factory(format="phone", location="")
    response = client.get(reverse("assessments:book", args=[slot.pk]))
    labels = assert_optional_fields_marked(response, Tree(response.content.decode()))
    assert {
        "Telefonnummeret ditt (valgfritt)",
        "Kandidatens e-postadresse (valgfritt)",
        "Hva ønsker dere å få avklart? (valgfritt)",
        "Arbeidssted",
        "Kandidatens fornavn",
        "Hvem skal vi ringe?",
        "Nummeret vi ringer",
    } <= set(labels)

    details = client.get(reverse("my-details"))
    assert assert_optional_fields_marked(details, Tree(details.content.decode())) == [
        "Arbeidssted (valgfritt)",
        "Rolle (valgfritt)",
        "Telefonnummeret ditt (valgfritt)",
    ]


def test_search_filters_mark_nothing(client):
    """A filter's fields may all be left empty: «(valgfritt)» on each would only be noise."""
    for url in (reverse("resources:index"), reverse("faq:index")):
        html = client.get(url).content.decode()
        assert "valgfritt" not in html, url


def test_a_single_checkbox_says_what_ticking_means_and_is_not_marked():
    """As Aksel's checkbox: leaving it unticked is an answer, not a question skipped."""

    class Choices(forms.Form):
        newsletter = forms.BooleanField(label="Send meg nyhetsbrev", required=False)
        note = forms.CharField(label="Merknad", required=False)

    form = Choices()
    assert (form["newsletter"].optional_marker, form["note"].optional_marker) == (
        "",
        " (valgfritt)",
    )
