"""The courses' queries that run on every request of a page nobody's cache can answer (Min
side, the course page for a logged-in visitor), with their SQL built once per process
(erfaringssentrum/core/prepared.py) and their rows turned back into model instances."""

from django.http import Http404

from erfaringssentrum.core.prepared import Columns, PreparedRows, split

from .models import Course, CourseType, InterestEntry, Signup

# The course type's search vectors are long and never shown.
UNSHOWN = ("search_vector", "rank_vector")
SIGNUP = Columns(Signup)
COURSE = Columns(Course)
SIGNUP_COURSE = Columns(Course, "course__")
COURSE_TYPE = Columns(CourseType, "course_type__", exclude=UNSHOWN)
SIGNUP_COURSE_TYPE = Columns(CourseType, "course__course_type__", exclude=UNSHOWN)
# Any two values: they only find each value's place in the SQL.
EXAMPLE_IDS = (-1, -2)
EXAMPLE_SLUGS = ("eksempel-en", "eksempel-to")

_user_signup_rows = PreparedRows(
    lambda user_id: (
        Signup.objects.filter(user_id=user_id)
        .exclude(status=Signup.Status.MOVED)
        .with_waiting_position()
        .order_by("-created")
        .values_list(
            *SIGNUP.lookups, *SIGNUP_COURSE.lookups, *SIGNUP_COURSE_TYPE.lookups, "waiting_position"
        )
    ),
    user_id=EXAMPLE_IDS,
)
_interest_rows = PreparedRows(
    lambda user_id: (
        InterestEntry.objects.filter(user_id=user_id, notified_at__isnull=True)
        .order_by("created")
        .values_list("pk", "course_type__title")
    ),
    user_id=EXAMPLE_IDS,
)
_course_rows = PreparedRows(
    lambda slug: (
        Course.objects.filter(slug=slug)
        .with_counts()
        .values_list(*COURSE.lookups, *COURSE_TYPE.lookups, "confirmed_count", "waiting_count")
    ),
    slug=EXAMPLE_SLUGS,
)
_latest_signup_rows = PreparedRows(
    lambda course_id, user_id: (
        Signup.objects.filter(course_id=course_id, user_id=user_id)
        .with_waiting_position()
        .order_by("-created")
        .values_list(*SIGNUP.lookups, "waiting_position")[:1]
    ),
    course_id=EXAMPLE_IDS,
    user_id=(-3, -4),
)


def user_signups(user) -> list[Signup]:
    """The user's signups, newest first, each with its course (and its type) and its place
    on the waiting list (`waiting_position`). Moved signups are left out."""
    signups = []
    for row in _user_signup_rows(user_id=user.pk):
        signup, course, course_type, waiting_position = split(
            row, SIGNUP, SIGNUP_COURSE, SIGNUP_COURSE_TYPE
        )
        course.course_type = course_type
        signup.course = course
        signup.waiting_position = waiting_position
        signups.append(signup)
    return signups


def user_interests(user) -> list[dict]:
    """The course types the user waits to hear about: `pk` of the entry and `course_type_title`."""
    return [{"pk": pk, "course_type_title": title} for pk, title in _interest_rows(user_id=user.pk)]


def course_with_counts(slug: str) -> Course:
    """The course with its type, `confirmed_count` and `waiting_count`, or Http404."""
    rows = _course_rows(slug=slug)
    if not rows:
        raise Http404("Kurset finnes ikke.")
    course, course_type, confirmed_count, waiting_count = split(rows[0], COURSE, COURSE_TYPE)
    course.course_type = course_type
    course.confirmed_count, course.waiting_count = confirmed_count, waiting_count
    return course


def latest_signup(course, user) -> Signup | None:
    """The user's latest signup for `course`, with its place on the waiting list."""
    rows = _latest_signup_rows(course_id=course.pk, user_id=user.pk)
    if not rows:
        return None
    signup, waiting_position = split(rows[0], SIGNUP)
    signup.course = course
    signup.waiting_position = waiting_position
    return signup
