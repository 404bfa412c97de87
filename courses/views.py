from django import forms
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.db.models import Exists, OuterRef
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.views.generic import DetailView, FormView, ListView, View

from erfaringssentrum.core.adviser_fields import initial_from_account
from erfaringssentrum.core.ratelimit import ratelimit_post

from . import services
from .forms import DateChoiceForm, PollForm, SignupForm
from .models import Course, CourseType, InterestEntry, PollAnswer, Signup
from .queries import course_with_counts, latest_signup


def _minside_url():
    return reverse("min-side") + "#kurs"


def _other_rounds_if_full(course) -> list:
    """For a full round: other rounds of the same course with free seats (one query)."""
    if course.current_state != Course.State.FULL:
        return []
    return list(Course.objects.other_rounds_with_places(course))


class CourseListView(ListView):
    template_name = "courses/course_list.html"
    context_object_name = "courses"

    def get_queryset(self):
        return (
            Course.objects.open_or_upcoming()
            .with_counts()
            .select_related("course_type")
            .in_public_order()
        )

    def get_context_data(self, **kwargs):
        open_courses = Course.objects.open_or_upcoming().filter(course_type=OuterRef("pk"))
        types = CourseType.objects.annotate(has_open=Exists(open_courses)).filter(has_open=False)
        if self.request.user.is_authenticated:
            mine = InterestEntry.objects.filter(
                course_type=OuterRef("pk"), user=self.request.user, notified_at__isnull=True
            )
            types = types.annotate(on_list=Exists(mine))
        return super().get_context_data(types_without_course=types, **kwargs)


class CourseDetailView(DetailView):
    template_name = "courses/course_detail.html"
    context_object_name = "course"

    def get_object(self, queryset=None):
        # Its SQL is built once per process (courses/queries.py): logged-in visitors are
        # never served from the page cache.
        return course_with_counts(self.kwargs["slug"])

    def get_context_data(self, **kwargs):
        my_signup = None
        if self.request.user.is_authenticated:
            my_signup = latest_signup(self.object, self.request.user)
        # Other rounds are offered to those about to sign up, before the waiting list.
        signed_up = my_signup is not None and my_signup.is_active
        other_rounds = [] if signed_up else _other_rounds_if_full(self.object)
        return super().get_context_data(my_signup=my_signup, other_rounds=other_rounds, **kwargs)


class SignupCreateView(LoginRequiredMixin, FormView):
    template_name = "courses/signup_form.html"
    form_class = SignupForm

    @staticmethod
    def login_intent(*, slug) -> str:
        """For the login page this form sends visitors to (core/login_intent.py)."""
        course = Course.objects.select_related("course_type").filter(slug=slug).first()
        return f"Du er i ferd med å melde deg på {course.title}" if course else ""

    @ratelimit_post(action="course-signup")
    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        self.course = get_object_or_404(
            Course.objects.with_counts().select_related("course_type"), slug=kwargs["slug"]
        )
        if not self.course.takes_signups():
            messages.info(request, "Påmeldingen til dette kurset er stengt.")
            return redirect(self.course)
        if self.course.signups.active().filter(user=request.user).exists():
            messages.info(request, "Du er allerede påmeldt dette kurset. Se Min side.")
            return redirect(self.course)
        if refusal := services.seat_elsewhere_refusal(self.course, user=request.user):
            messages.info(request, refusal)
            return redirect(self.course)
        return super().dispatch(request, *args, **kwargs)

    def get_initial(self):
        account = initial_from_account(self.request.user)
        return {name: account[name] for name in ("organisation", "role") if name in account}

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            course=self.course, other_rounds=_other_rounds_if_full(self.course), **kwargs
        )

    def form_valid(self, form):
        try:
            signup = services.signup_create(
                course=self.course, user=self.request.user, **form.cleaned_data
            )
        except services.AlreadySignedUp as error:
            messages.info(self.request, error.message)
            return redirect(self.course)
        except services.CourseError as error:
            form.add_error(None, error.message)
            return self.form_invalid(form)
        if signup.status == Signup.Status.CONFIRMED:
            messages.success(
                self.request, "Du er påmeldt. Vi har sendt deg en bekreftelse på e-post."
            )
        else:
            position = (
                Signup.objects.with_waiting_position()
                .values_list("waiting_position", flat=True)
                .get(pk=signup.pk)
            )
            messages.success(
                self.request,
                f"Kurset er fullt, så du står på venteliste som nr. {position}. "
                "Du får e-post hvis en plass blir ledig.",
            )
        return redirect(self.course)


class OwnSignupMixin(LoginRequiredMixin):
    """Loads one of the user's own signups; anybody else's is a 404."""

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        self.signup = get_object_or_404(
            Signup.objects.select_related("course__course_type"),
            pk=kwargs["pk"],
            user=request.user,
        )
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return super().get_context_data(signup=self.signup, course=self.signup.course, **kwargs)


class SignupCancelView(OwnSignupMixin, FormView):
    template_name = "courses/signup_cancel.html"
    form_class = forms.Form

    @ratelimit_post(action="cancel")  # a cancellation e-mails the user, maybe the next in line
    def post(self, request, *args, **kwargs):
        return super().post(request, *args, **kwargs)

    def get(self, request, *args, **kwargs):
        if not self.signup.is_active:
            messages.info(request, "Denne påmeldingen er allerede avsluttet.")
            return HttpResponseRedirect(_minside_url())
        return super().get(request, *args, **kwargs)

    def form_valid(self, form):
        try:
            services.signup_cancel(signup=self.signup)
        except services.CourseError as error:
            messages.error(self.request, error.message)
        else:
            messages.success(
                self.request,
                f"Du er meldt av {self.signup.course.title}. Bekreftelsen kommer på e-post.",
            )
        return HttpResponseRedirect(_minside_url())


class PollView(LoginRequiredMixin, FormView):
    template_name = "courses/poll_form.html"
    form_class = PollForm

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        self.signup = get_object_or_404(
            Signup.objects.select_related("course__course_type"),
            course__slug=kwargs["slug"],
            user=request.user,
            status=Signup.Status.CONFIRMED,
        )
        self.course = self.signup.course
        if not self.course.poll_is_open:
            messages.info(request, "Datoavstemningen for dette kurset er avsluttet.")
            return redirect(self.course)
        self.options = list(self.course.date_options.ahead(now=timezone.now()))
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "options": self.options}

    def get_initial(self):
        given = dict(PollAnswer.objects.filter(signup=self.signup).values_list("option", "answer"))
        return {
            PollForm.field_name(option): given[option.pk]
            for option in self.options
            if option.pk in given
        }

    def get_context_data(self, **kwargs):
        return super().get_context_data(course=self.course, **kwargs)

    def form_valid(self, form):
        try:
            services.poll_answer(
                signup=self.signup, answers=form.answers(), times_shown=form.times_shown()
            )
        except services.CourseError as error:
            form.add_error(None, error.message)
            return self.form_invalid(form)
        messages.success(self.request, "Takk! Svarene dine er lagret. Du kan endre dem her.")
        return redirect("courses:poll", slug=self.course.slug)


class DateChoiceView(OwnSignupMixin, FormView):
    template_name = "courses/date_choice.html"
    form_class = DateChoiceForm

    @ratelimit_post(action="cancel")  # either answer sends e-mail
    def post(self, request, *args, **kwargs):
        return super().post(request, *args, **kwargs)

    def get(self, request, *args, **kwargs):
        if (
            self.signup.date_question_at is None
            or not self.signup.is_active
            or not self.signup.course.takes_signups()
        ):
            messages.info(request, "Du har ikke noe ubesvart spørsmål om datoen.")
            return HttpResponseRedirect(_minside_url())
        return super().get(request, *args, **kwargs)

    def form_valid(self, form):
        keep = form.cleaned_data["choice"] == DateChoiceForm.KEEP
        try:
            if keep:
                services.signup_keep_seat(signup=self.signup)
            else:
                services.signup_defer(signup=self.signup)
        except services.CourseError as error:
            messages.error(self.request, error.message)
        else:
            messages.success(
                self.request,
                "Flott, du beholder plassen. Kalenderinvitasjonen kommer på e-post."
                if keep
                else "Plassen er gitt videre. Du står først i køen når neste runde åpner.",
            )
        return HttpResponseRedirect(_minside_url())


class InterestView(LoginRequiredMixin, FormView):
    template_name = "courses/interest_form.html"
    form_class = forms.Form

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        self.course_type = get_object_or_404(CourseType, slug=kwargs["slug"])
        open_course = (
            Course.objects.open_or_upcoming()
            .filter(course_type=self.course_type)
            .in_public_order()
            .first()
        )
        if open_course is not None:
            messages.info(request, "Påmeldingen er åpen nå – meld deg på kurset i stedet.")
            return redirect(open_course)
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        on_list = InterestEntry.objects.filter(
            course_type=self.course_type, user=self.request.user, notified_at__isnull=True
        ).exists()
        return super().get_context_data(course_type=self.course_type, on_list=on_list, **kwargs)

    def form_valid(self, form):
        try:
            services.interest_add(course_type=self.course_type, user=self.request.user)
        except services.CourseError as error:
            messages.info(self.request, error.message)
        else:
            messages.success(
                self.request,
                "Takk! Du får én e-post når vi åpner påmeldingen til neste kurs.",
            )
        return redirect("courses:index")


class InterestRemoveView(LoginRequiredMixin, View):
    http_method_names = ["post"]

    def post(self, request, pk):
        entry = get_object_or_404(InterestEntry, pk=pk, user=request.user)
        services.interest_remove(entry=entry)
        messages.success(request, "Du er fjernet fra interesselisten.")
        return HttpResponseRedirect(_minside_url())
