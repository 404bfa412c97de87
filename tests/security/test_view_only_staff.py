"""Every admin action declares the permission it needs, and staff with only the view
permission get working read-only pages (issue #13)."""

from http import HTTPStatus

import pytest
from django.contrib import admin
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.contrib.auth.models import Permission
from django.test import Client
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from courses.models import CourseMessage, InterestEntry
from erfaringssentrum.models import MAIL_TASK_PATH
from resources.models import Resource

pytestmark = pytest.mark.django_db

ACTIONS_THAT_ONLY_READ = {"export_csv"}


def model_admins():
    return sorted(admin.site._registry.items(), key=lambda item: item[0]._meta.label)


def actions(model_admin):
    """Every action of the ModelAdmin (the site's own, like delete_selected, included)."""
    return model_admin._get_base_actions()


def test_every_admin_action_declares_its_permission():
    for model, model_admin in model_admins():
        for action in actions(model_admin):
            permissions = getattr(action.func, "allowed_permissions", None)
            where = f"{model._meta.label}: {action.name}"
            assert permissions, f"{where} declares no permission"
            if action.name not in ACTIONS_THAT_ONLY_READ:
                assert "view" not in permissions, f"{where} changes data with the view right"


@pytest.fixture
def viewer(demo_site, user_factory, course, settings):
    """Staff with two-factor and the view permission on every model in the admin."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}  # production's
    user = user_factory(is_staff=True, name="Bare Lesetilgang")
    codenames = [f"view_{model._meta.model_name}" for model, _ in model_admins()]
    user.user_permissions.set(Permission.objects.filter(codename__in=codenames))
    # Rows the demo does not make, so that every model has a change page to open.
    InterestEntry.objects.create(course_type=course.course_type, user=user)
    CourseMessage.objects.create(course=course, subject="Emne", body="Tekst", sent_by=user)
    DBTaskResult.objects.create(
        task_path=MAIL_TASK_PATH, status="FAILED", backend_name="default",
        args_kwargs={"args": ["assessments.emails.booking_cancelled",
                              {"booking_id": 1, "recipient": "staff"}], "kwargs": {}},
        run_after=timezone.now(), finished_at=timezone.now(),
        exception_class_path="smtplib.SMTPRecipientsRefused", traceback="",
    )  # fmt: skip
    client = Client()
    client.force_login(user)
    return client


def test_view_only_staff_get_every_list_and_change_page_read_only(viewer):
    for model, _ in model_admins():
        opts = model._meta
        base = f"/admin/{opts.app_label}/{opts.model_name}/"
        listing = viewer.get(base, follow=True)  # the one row of contact details: its page
        assert listing.status_code == HTTPStatus.OK, base
        obj = model.objects.first()
        assert obj is not None, f"no {opts.label} to open"
        page = viewer.get(f"{base}{obj.pk}/change/")
        assert page.status_code == HTTPStatus.OK, (opts.label, page.status_code)
        html = page.content.decode()
        assert 'name="_save"' not in html, f"{opts.label}: a view-only page offers to save"
        assert viewer.get(f"{base}add/").status_code == HTTPStatus.FORBIDDEN, opts.label


def test_view_only_staff_cannot_run_actions_that_change(viewer):
    draft = Resource.objects.filter(is_published=False).first()
    for model, model_admin in model_admins():
        opts = model._meta
        obj = model.objects.first()
        for name in [action.name for action in actions(model_admin)]:
            if name in ACTIONS_THAT_ONLY_READ:
                continue
            selected = draft if model is Resource else obj
            response = viewer.post(
                f"/admin/{opts.app_label}/{opts.model_name}/",
                {"action": name, ACTION_CHECKBOX_NAME: [selected.pk], "index": 0},
            )
            assert response.status_code < HTTPStatus.INTERNAL_SERVER_ERROR, (opts.label, name)
    draft.refresh_from_db()
    assert not draft.is_published


def test_view_only_staff_get_the_admin_pages_that_only_read(viewer, course):
    assert viewer.get("/admin/assessments/booking/eksport/").status_code == HTTPStatus.OK
    assert viewer.get("/admin/assessments/slot/kalender/").status_code == HTTPStatus.OK
    for path in (
        "/admin/assessments/slot/mange/",
        f"/admin/courses/course/{course.pk}/sett-dato/",
        f"/admin/courses/course/{course.pk}/send-melding/",
    ):
        assert viewer.get(path).status_code == HTTPStatus.FORBIDDEN, path
        assert viewer.post(path, {}).status_code == HTTPStatus.FORBIDDEN, path
    resource = Resource.objects.first()
    response = viewer.post(f"/admin/resources/resource/{resource.pk}/change/", {"title": "Nytt"})
    assert response.status_code == HTTPStatus.FORBIDDEN
    resource.refresh_from_db()
    assert resource.title != "Nytt"
