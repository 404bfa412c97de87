import importlib
from http import HTTPStatus
from types import SimpleNamespace

import pytest
from django.apps import apps
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.db import connection

from faq.models import Question

pytestmark = pytest.mark.django_db

EDITOR_RIGHTS = {
    f"faq.{action}_{model}"
    for model in ("category", "question", "formerslug")
    for action in ("add", "change", "delete", "view")
}


def editor_rights(group):
    return {
        f"{p.content_type.app_label}.{p.codename}"
        for p in group.permissions.select_related("content_type")
        if p.content_type.app_label == "faq"
    }


def test_migration_gives_the_editor_group_every_faq_right():
    assert editor_rights(Group.objects.get(name="Redaktør")) == EDITOR_RIGHTS


def test_the_migration_can_run_again_without_duplicates_or_losses():
    migration = importlib.import_module("faq.migrations.0002_editor_group")
    group = Group.objects.get(name="Redaktør")
    group.permissions.remove(*group.permissions.filter(codename="view_question"))
    # The function only needs the connection from the schema editor.
    migration.grant_editor_rights(apps, SimpleNamespace(connection=connection))
    assert Group.objects.filter(name="Redaktør").count() == 1
    assert editor_rights(Group.objects.get(name="Redaktør")) == EDITOR_RIGHTS


def test_an_editor_can_manage_questions_in_admin(user_factory, client, question_factory):
    editor = user_factory(is_staff=True)
    editor.groups.add(Group.objects.get(name="Redaktør"))
    client.force_login(editor)
    question = question_factory()

    assert client.get("/admin/faq/question/").status_code == HTTPStatus.OK
    assert client.get("/admin/faq/category/").status_code == HTTPStatus.OK
    response = client.post(
        "/admin/faq/question/add/",
        {
            "category": question.category.pk,
            "question": "Nytt spørsmål?",
            "slug": "nytt-sporsmal",
            "answer": "Et *svar*.",
            "position": 3,
        },
    )
    assert response.status_code == HTTPStatus.FOUND
    created = Question.objects.get(slug="nytt-sporsmal")
    assert not created.is_published  # a draft until someone publishes it


def test_admin_actions_publish_and_unpublish(staff_client, question_factory):
    drafts = [question_factory(is_published=False) for _ in range(2)]
    ids = [q.pk for q in drafts]

    response = staff_client.post(
        "/admin/faq/question/", {"action": "publish", "_selected_action": ids}, follow=True
    )
    assert "2 spørsmål publisert" in response.content.decode()
    assert Question.objects.filter(pk__in=ids, is_published=True).count() == 2

    staff_client.post("/admin/faq/question/", {"action": "unpublish", "_selected_action": ids})
    assert Question.objects.filter(pk__in=ids, is_published=False).count() == 2


def test_admin_lists_and_pages_open(staff_client, question_factory):
    question = question_factory()
    for url in (
        "/admin/faq/question/",
        "/admin/faq/category/",
        f"/admin/faq/question/{question.pk}/change/",
        f"/admin/faq/category/{question.category.pk}/change/",
        "/admin/faq/question/?q=sp%C3%B8rsm%C3%A5l",
    ):
        assert staff_client.get(url).status_code == HTTPStatus.OK, url


def test_slugs_are_unique(question_factory):
    from django.db import IntegrityError, transaction

    question_factory(slug="samme")
    with pytest.raises(IntegrityError), transaction.atomic():
        question_factory(slug="samme")


@pytest.mark.django_db(transaction=True)
def test_the_editor_group_keeps_its_faq_rights_after_a_flush():
    call_command("flush", interactive=False, verbosity=0)
    assert editor_rights(Group.objects.get(name="Redaktør")) == EDITOR_RIGHTS


def test_the_category_page_reorders_its_questions_but_cannot_add_half_ones(
    staff_client, question_factory
):
    question = question_factory(position=1)
    category = question.category
    url = f"/admin/faq/category/{category.pk}/change/"
    management = {
        "name": category.name,
        "slug": category.slug,
        "position": 0,
        "questions-INITIAL_FORMS": "1",
        "questions-MIN_NUM_FORMS": "0",
        "questions-MAX_NUM_FORMS": "1000",
        "questions-0-id": question.pk,
        "questions-0-category": category.pk,
        "questions-0-question": question.question,
        "questions-0-position": 7,
        "questions-0-is_published": "on",
    }
    # A question added here would have no address and no answer, and break the FAQ page.
    staff_client.post(
        url,
        {
            **management,
            "questions-TOTAL_FORMS": "2",
            "questions-1-category": category.pk,
            "questions-1-question": "Uten adresse?",
            "questions-1-position": 5,
            "questions-1-is_published": "on",
        },
    )
    assert list(Question.objects.values_list("question", flat=True)) == [question.question]
    question.refresh_from_db()
    assert question.position == 7  # editing the existing rows still works
    assert staff_client.get("/sporsmal-og-svar/").status_code == HTTPStatus.OK


def test_a_changed_question_address_still_leads_to_it(staff_client, client, question_factory):
    question = question_factory(question="Hva tjener man?", slug="hva-tjener-man")
    data = {
        "category": question.category.pk,
        "question": question.question,
        "slug": "lonn",
        "answer": question.answer,
        "position": question.position,
        "is_published": "on",
    }
    response = staff_client.post(f"/admin/faq/question/{question.pk}/change/", data)
    assert response.status_code == HTTPStatus.FOUND
    old = client.get("/sporsmal-og-svar/hva-tjener-man/")
    assert old.status_code == HTTPStatus.MOVED_PERMANENTLY
    assert old["Location"] == "/sporsmal-og-svar/lonn/"
