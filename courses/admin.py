"""The courses in Django admin, for Kursansvarlig: course types, rounds with their signups,
the date poll and messages to participants. Every action calls courses/services.py; the CSV
export is written by erfaringssentrum/core/spreadsheet.py."""

import hashlib
from collections import Counter

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join

from erfaringssentrum.core.admin_confirm import (
    DeleteThroughService,
    ReasonForm,
    Recipients,
    ServiceErrorsOnForm,
    confirmation_page,
)
from erfaringssentrum.core.admin_filters import UpcomingByDefaultFilter
from erfaringssentrum.core.numbers import count_of
from erfaringssentrum.core.spreadsheet import csv_response

from . import emails, services
from .models import Course, CourseMessage, CourseType, DateOption, InterestEntry, Signup


class AddressFixedOnceSaved:
    """ModelAdmin mixin: the address (slug) is shown read-only once saved, as the service
    refuses a new one (services.ADDRESS_IS_FIXED): its links have gone out by e-mail."""

    def get_readonly_fields(self, request, obj=None):
        fields = super().get_readonly_fields(request, obj)
        return fields if obj is None else (*fields, "slug")

    def get_prepopulated_fields(self, request, obj=None):
        return super().get_prepopulated_fields(request, obj) if obj is None else {}


@admin.register(CourseType)
class CourseTypeAdmin(
    AddressFixedOnceSaved, ServiceErrorsOnForm, DeleteThroughService, admin.ModelAdmin
):
    list_display = ("title", "duration_minutes", "interest_count")
    prepopulated_fields = {"slug": ("title",)}
    search_fields = ("title",)
    service_errors = (services.CourseError,)

    def save_model(self, request, obj, form, change):
        services.course_type_save(course_type=obj)

    def delete_refusal(self, obj):
        return services.course_type_delete_refusal(obj)

    def delete_view(self, request, object_id, extra_context=None):
        course_type = self.get_object(request, unquote(object_id))  # with interest_total
        waiting = course_type.interest_total if course_type else 0
        extra_context = {**(extra_context or {}), "waiting_on_interest_list": waiting}
        return super().delete_view(request, object_id, extra_context)

    def delete_object(self, obj):
        told = services.course_type_delete(course_type=obj)
        if told:
            return f"{told} på interesselisten får e-post om at kurset ikke tilbys lenger."
        return None

    def get_queryset(self, request):
        waiting = Count("interest_entries", filter=Q(interest_entries__notified_at__isnull=True))
        return super().get_queryset(request).annotate(interest_total=waiting)

    @admin.display(description="på interesselisten", ordering="interest_total")
    def interest_count(self, obj):
        return obj.interest_total


class WhenFilter(UpcomingByDefaultFilter):
    """Shows the courses still ahead unless staff ask for the rest."""

    title = "tidspunkt"
    parameter_name = "tid"
    upcoming_label = "Kommende og uten dato"

    def upcoming(self, queryset):
        return queryset.open_or_upcoming()

    def past(self, queryset):
        return queryset.exclude(pk__in=Course.objects.open_or_upcoming().values("pk"))


class SignupInline(admin.TabularInline):
    model = Signup
    fields = ("name", "user", "status", "priority", "organisation", "role", "comment", "created")
    readonly_fields = fields
    extra = 0
    max_num = 0
    can_delete = False
    show_change_link = True
    ordering = ("status", *Signup.WAITING_ORDER)

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("user")

    @admin.display(description="navn")
    def name(self, obj):
        return obj.user.name


class DateOptionInline(admin.TabularInline):
    model = DateOption
    extra = 0
    max_num = services.MAX_POLL_OPTIONS
    verbose_name_plural = "datoforslag til avstemningen (to til fem)"


class CourseAdminForm(forms.ModelForm):
    class Meta:
        model = Course
        fields = [
            "course_type",
            "slug",
            "expected_period",
            "format",
            "place",
            "town",
            "video_link",
            "min_participants",
            "max_participants",
        ]
        labels = {
            "slug": "Adresse i lenken",
            "place": "Sted (oppmøteadresse)",
            "video_link": "Nettadresse til videomøtet",
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "slug" in self.fields:  # not there for staff who may only view
            self.fields["slug"].required = False
            self.fields["slug"].help_text = (
                "Brukes i lenken: /kurs/<adresse>/. Lages av kurstype og tidsrom hvis du lar "
                "feltet stå tomt."
            )

    def validate_constraints(self):
        # course_create and course_update check the numbers and say which field is wrong.
        pass


@admin.register(Course)
class CourseAdmin(
    AddressFixedOnceSaved, ServiceErrorsOnForm, DeleteThroughService, admin.ModelAdmin
):
    form = CourseAdminForm
    service_errors = (services.CourseError,)
    change_form_template = "admin/courses/course/change_form.html"
    list_display = (
        "course_type",
        "when",
        "state_display",
        "confirmed_display",
        "waiting_display",
    )
    list_filter = (WhenFilter, "status", "course_type")
    list_select_related = ("course_type",)
    search_fields = ("slug", "course_type__title", "expected_period")
    readonly_fields = (
        "status",
        "cancelled_at",
        "starts_at",
        "minimum_reached_notified_at",
        "poll_sent_at",
        "poll_tally_display",
        "previous_round",
    )
    fieldsets = (
        (
            None,
            {
                "fields": (
                    "course_type",
                    "slug",
                    "expected_period",
                    "status",
                    "cancelled_at",
                    "starts_at",
                )
            },
        ),
        ("Sted", {"fields": ("format", "place", "town", "video_link")}),
        ("Deltakere", {"fields": ("min_participants", "max_participants")}),
        (
            "Datoavstemning",
            {"fields": ("poll_tally_display", "poll_sent_at", "minimum_reached_notified_at")},
        ),
        ("Historikk", {"fields": ("previous_round",), "classes": ("collapse",)}),
    )
    inlines = (DateOptionInline, SignupInline)
    actions = (
        "export_csv",
        "send_poll",
        "start_new_round",
        "mark_completed",
        "cancel_courses",
    )

    def get_queryset(self, request):
        return super().get_queryset(request).with_counts()

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        # Said before the save, not only after it: a typo mended here e-mails everyone.
        if obj is not None and obj.takes_signups() and obj.signups.active().exists():
            for name in ("format", "place", "town", "video_link"):
                field = form.base_fields.get(name)  # absent for staff who may only look
                if field is not None:
                    field.help_text = " ".join(filter(None, [field.help_text, PLACE_IS_TOLD]))
        return form

    def delete_refusal(self, obj):
        # A course someone signed up for is cancelled, not deleted.
        return services.course_delete_refusal(obj)

    def delete_object(self, obj):
        services.course_delete(course=obj)

    @admin.display(description="tidspunkt", ordering="starts_at")
    def when(self, obj):
        return obj.starts_at_local_text or f"Forventet {obj.expected_period}"

    @admin.display(description="tilstand")
    def state_display(self, obj):
        return obj.state().label

    @admin.display(description="påmeldte", ordering="confirmed_count")
    def confirmed_display(self, obj):
        # One column for the three numbers keeps the list within 1280 px.
        return f"{obj.confirmed_count} av {obj.max_participants} (minst {obj.min_participants})"

    @admin.display(description="venteliste", ordering="waiting_count")
    def waiting_display(self, obj):
        return obj.waiting_count

    @admin.display(description="svar på datoforslagene")
    def poll_tally_display(self, obj):
        if obj.pk is None:
            return "–"
        rows = services.poll_tally(course=obj)
        if not rows:
            return (
                "Ingen datoforslag ennå. Legg til to til fem forslag under, lagre og velg "
                "«Send datoavstemning til påmeldte» i kurslisten."
            )
        body = format_html_join(
            "",
            "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            (
                (
                    row["option"],
                    row["yes"],
                    row["maybe"],
                    row["no"],
                    _tally_note(row, obj),
                )
                for row in rows
            ),
        )
        return format_html(
            "<table><thead><tr><th>Dato</th><th>Ja</th><th>Kanskje</th><th>Nei</th>"
            "<th>Merknad</th></tr></thead><tbody>{}</tbody></table>",
            body,
        )

    def save_model(self, request, obj, form, change):
        # Said only if the dates below are saved too (note_when_saved).
        if not change:
            _, told = services.course_create(course=obj)
            if told:
                self.note_when_saved(request, f"{told} på interesselisten får e-post om kurset.")
            return
        changes = {name: form.cleaned_data[name] for name in form.changed_data}
        update = services.course_update(course=obj, changes=changes)
        if update.promoted:
            moved = len(update.promoted)
            self.note_when_saved(request, f"{moved} er flyttet opp fra ventelisten og får e-post.")
        if update.told_of_place:
            told = update.told_of_place
            self.note_when_saved(request, f"{told} påmeldte får e-post om endringen.")

    def save_formset(self, request, form, formset, change):
        if formset.model is not DateOption:
            return super().save_formset(request, form, formset, change)
        formset.save(commit=False)  # sorts the rows into new, changed and deleted; writes nothing
        changed = services.poll_options_change(
            course=form.instance,
            add=[option.starts_at for option in formset.new_objects],
            move={option.pk: option.starts_at for option, _ in formset.changed_objects},
            remove=[option.pk for option in formset.deleted_objects],
        )
        if changed.answers_removed:
            self.note_when_saved(
                request, f"{changed.answers_removed} svar på de slettede datoforslagene er fjernet."
            )
        if changed.ask_again:
            self.note_when_saved(
                request,
                "Avstemningen er alt sendt. Velg «Send datoavstemning til påmeldte» i kurslisten, "
                "så blir de påmeldte bedt om å svare på de nye datoforslagene også.",
            )
        return None

    # --- actions -----------------------------------------------------------------------------

    @admin.action(description="Eksporter deltakerliste (CSV)", permissions=["view"])
    def export_csv(self, request, queryset):
        signups = (
            Signup.objects.filter(course__in=queryset)
            .select_related("user", "course__course_type")
            .with_waiting_position()
            .order_by("course__starts_at", "course_id", "status", *Signup.WAITING_ORDER)
        )
        header = [
            "Kurs",
            "Tidspunkt",
            "Status",
            "Plass på venteliste",
            "Navn",
            "E-post",
            "Arbeidssted",
            "Rolle",
            "Kommentar",
            "Påmeldt",
        ]
        rows = (
            [
                signup.course.title,
                signup.course.starts_at_local_text or f"Forventet {signup.course.expected_period}",
                signup.get_status_display(),
                signup.waiting_position,
                signup.user.name,
                signup.user.email,
                signup.organisation,
                signup.role,
                signup.comment,
                f"{timezone.localtime(signup.created):%Y-%m-%d %H:%M}",  # sortable in a sheet
            ]
            for signup in signups
        )
        return csv_response(filename="kursdeltakere.csv", header=header, rows=rows)

    def _run(self, request, queryset, service, done):
        for course in queryset:
            try:
                result = service(course=course)
            except services.PollAlreadySent as already:  # a second click: nothing went wrong
                self.message_user(request, f"{course}: {already.message}", messages.INFO)
            except services.CourseError as error:
                self.message_user(request, f"{course}: {error.message}", messages.ERROR)
            else:
                self.message_user(request, done(course, result), messages.SUCCESS)

    @admin.action(description="Send datoavstemning til påmeldte", permissions=["change"])
    def send_poll(self, request, queryset):
        self._run(
            request,
            queryset,
            services.poll_send,
            lambda course, n: (
                f"{course}: datoavstemningen er sendt til {count_of(n, 'deltaker', 'deltakere')}."
            ),
        )

    @admin.action(description="Start ny runde fra ventelisten", permissions=["add"])
    def start_new_round(self, request, queryset):
        def done(course, new):
            return format_html(
                '{}: ny runde opprettet med {} fra ventelisten. <a href="{}">Åpne den</a> og '
                "sjekk forventet tidsrom.",
                course,
                new.signups.count(),
                reverse("admin:courses_course_change", args=[new.pk]),
            )

        self._run(request, queryset, services.course_start_new_round, done)

    @admin.action(description="Merk som gjennomført", permissions=["change"])
    def mark_completed(self, request, queryset):
        self._run(
            request,
            queryset,
            services.course_complete,
            lambda course, _: (
                f"{course} er merket som gjennomført."
                + (
                    " De som sto på ventelisten, får e-post om at de ikke fikk plass."
                    if course.signups.filter(status=Signup.Status.WAITING).exists()
                    else ""
                )
            ),
        )

    @admin.action(description="Avlys kurset …", permissions=["change"])
    def cancel_courses(self, request, queryset):
        queryset = queryset.filter(status=Course.Status.ACTIVE)
        if not queryset.exists():
            self.message_user(request, "Ingen av de valgte kursene kan avlyses.", messages.WARNING)
            return None
        form = ReasonForm(request)
        if form.is_valid():
            reason = form.cleaned_data["reason"]
            for course in queryset:
                try:
                    services.course_cancel(course=course, reason=reason)
                except services.CourseError as error:
                    self.message_user(request, f"{course}: {error.message}", messages.ERROR)
                else:
                    self.log_change(request, course, f"Avlyst. Begrunnelse: {reason}")
                    self.message_user(
                        request, f"{course} er avlyst, og deltakerne får beskjed.", messages.SUCCESS
                    )
            return None
        signups = (
            Signup.objects.active()
            .filter(course__in=queryset)
            .select_related("user")
            .order_by("status", *Signup.WAITING_ORDER)
        )
        return confirmation_page(
            self,
            request,
            queryset,
            form=form,
            title="Avlys kurs",
            what="Du er i ferd med å avlyse:",
            recipients=[
                Recipients("Påmeldte", _people(signups, Signup.Status.CONFIRMED)),
                Recipients("På venteliste", _people(signups, Signup.Status.WAITING)),
            ],
            cannot_undo=(
                "Et avlyst kurs kan ikke åpnes igjen, og påmeldingene avsluttes. Vil dere holde "
                "kurset senere, må dere lage et nytt kurs, og alle må melde seg på på nytt. De "
                "påmeldte får en avlysning av kalenderavtalen."
            ),
            submit_label="Avlys og send e-post",
        )

    # --- set date and e-mail participants (one course at a time) -------------------------

    def get_urls(self):
        return [
            path(
                "<int:object_id>/sett-dato/",
                self.admin_site.admin_view(self.set_date_view),
                name="courses_course_set_date",
            ),
            path(
                "<int:object_id>/send-melding/",
                self.admin_site.admin_view(self.send_message_view),
                name="courses_course_send_message",
            ),
            *super().get_urls(),
        ]

    def _course_for_change(self, request, object_id):
        course = get_object_or_404(Course.objects.with_counts(), pk=object_id)
        if not self.has_change_permission(request, course):
            raise PermissionDenied
        return course

    def _page(self, request, course, template, form, title):
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "original": course,
            "course": course,
            "form": form,
            "title": title,
            "tally": services.poll_tally(course=course),
        }
        return TemplateResponse(request, template, context)

    def set_date_view(self, request, object_id):
        course = self._course_for_change(request, object_id)
        form = SetDateForm(request.POST if request.method == "POST" else None, course=course)
        if request.method == "POST" and form.is_valid():
            data = form.cleaned_data
            try:
                services.course_set_date(
                    course=course,
                    starts_at=data["starts_at"] or data["option"].starts_at,
                    option=data["option"],
                    place=data["place"],
                    video_link=data["video_link"],
                )
            except services.DateAlreadySet as already:  # a second click
                self.message_user(request, already.message, messages.INFO)
                return redirect("admin:courses_course_change", course.pk)
            except services.CourseError as error:
                form.add_error(None, error.message)
            else:
                self.message_user(
                    request,
                    "Datoen er satt. Alle påmeldte og ventelisten får e-post.",
                    messages.SUCCESS,
                )
                return redirect("admin:courses_course_change", course.pk)
        return self._page(
            request, course, "admin/courses/course/set_date.html", form, f"Sett dato: {course}"
        )

    def send_message_view(self, request, object_id):
        """Write, preview (the e-mail as the first participant will get it), send a test to
        yourself, then send. «Send» only sends the text that was last previewed."""
        course = self._course_for_change(request, object_id)
        form = MessageForm(request.POST if request.method == "POST" else None)
        preview = None
        if request.method == "POST" and form.is_valid():
            subject, body = form.cleaned_data["subject"], form.cleaned_data["body"]
            if "send" in request.POST and form.previewed_unchanged():
                try:
                    _, count = services.course_send_message(
                        course=course, sent_by=request.user, subject=subject, body=body
                    )
                except services.MessageAlreadySent as already:  # a second click
                    self.message_user(request, already.message, messages.INFO)
                else:
                    self.message_user(
                        request,
                        f"Meldingen sendes til {count_of(count, 'deltaker', 'deltakere')}.",
                        messages.SUCCESS,
                    )
                return redirect("admin:courses_course_change", course.pk)
            if "test" in request.POST:
                services.course_message_send_test(
                    course=course, subject=subject, body=body, staff_user=request.user
                )
                self.message_user(
                    request,
                    f"En test er sendt til {request.user.email}. Meldingen er ikke sendt til "
                    "deltakerne ennå.",
                    messages.SUCCESS,
                )
            elif "send" in request.POST:
                self.message_user(
                    request,
                    "Du har endret teksten etter forhåndsvisningen. Se over den nye "
                    "forhåndsvisningen, og send igjen.",
                    messages.WARNING,
                )
            preview = emails.course_message_sample(
                course_id=course.pk, subject=subject, body=body, staff_user=request.user
            )
            form = MessageForm(initial={**form.cleaned_data, "previewed": form.fingerprint()})
        context_extra = {"preview": preview, "preview_body": preview.body if preview else ""}
        response = self._page(
            request,
            course,
            "admin/courses/course/send_message.html",
            form,
            f"E-post til deltakerne: {course}",
        )
        response.context_data.update(context_extra)
        return response


def _tally_note(row, course):
    if row["passed"]:
        return "Har passert"
    notes = []
    if row["suggested"]:
        notes.append("Foreslått: flest kan")
    if row["too_few"]:
        notes.append(f"Færre enn {course.min_participants} har svart ja")
    return " · ".join(notes)


class SetDateForm(forms.Form):
    option = forms.ModelChoiceField(
        label="Dato fra avstemningen",
        queryset=DateOption.objects.none(),
        required=False,
        blank=True,
        widget=forms.RadioSelect,
        # A radio button cannot be unticked: this choice lets staff go back to typing a time.
        empty_label="Et annet tidspunkt (skriv det inn under)",
    )
    starts_at = forms.DateTimeField(
        label="Eller et annet tidspunkt",
        required=False,
        input_formats=["%Y-%m-%dT%H:%M", "%d.%m.%Y %H:%M"],
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        help_text="Norsk tid.",
    )
    place = forms.CharField(label="Sted", max_length=300, required=False)
    video_link = forms.URLField(label="Videolenke", required=False)

    def __init__(self, *args, course, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["option"].queryset = course.date_options.all()
        tally = {row["option"].pk: row for row in services.poll_tally(course=course)}
        self.fields["option"].label_from_instance = lambda option: _option_label(
            option, tally.get(option.pk), course
        )
        suggested = [row["option"] for row in tally.values() if row["suggested"]]
        if suggested and course.starts_at is None:
            self.fields["option"].initial = suggested[0].pk
        self.fields["place"].initial = course.place
        self.fields["video_link"].initial = course.video_link
        if course.starts_at:
            self.fields["starts_at"].initial = timezone.localtime(course.starts_at)

    def clean(self):
        data = super().clean()
        if "option" in self.errors or "starts_at" in self.errors:
            return data  # the field's own error says what is wrong (a time Oslo lacks)
        if bool(data.get("option")) == bool(data.get("starts_at")):
            raise forms.ValidationError(
                "Velg én dato fra avstemningen eller skriv inn et tidspunkt (ikke begge)."
            )
        return data


def _option_label(option, row, course):
    if row is None:
        return str(option)
    label = f"{option} – ja {row['yes']}, kanskje {row['maybe']}, nei {row['no']}"
    note = _tally_note(row, course)
    return f"{label} ({note})" if note else label


class MessageForm(forms.Form):
    subject = forms.CharField(label="Emne", max_length=150)
    body = forms.CharField(
        label="Melding",
        widget=forms.Textarea,
        max_length=5000,
        help_text="Kursets tid, sted og lenke til kurssiden kommer automatisk nederst.",
    )
    # What the preview showed, so «Send» never sends a text staff have not seen as e-mail.
    previewed = forms.CharField(widget=forms.HiddenInput, required=False)

    def fingerprint(self) -> str:
        text = f"{self.cleaned_data['subject']}\n{self.cleaned_data['body']}"
        return hashlib.sha256(text.encode()).hexdigest()

    def previewed_unchanged(self) -> bool:
        return self.cleaned_data.get("previewed") == self.fingerprint()


@admin.register(Signup)
class SignupAdmin(admin.ModelAdmin):
    list_display = ("user", "course", "status", "organisation", "created")
    list_filter = ("status", "course__course_type")
    list_select_related = ("user", "course__course_type")
    search_fields = ("user__email", "user__name", "organisation")
    readonly_fields = (
        "course",
        "user",
        "status",
        "organisation",
        "role",
        "created",
        "promoted_at",
        "cancelled_at",
        "date_question_at",
        "moved_to",
    )
    fields = (*readonly_fields[:5], "priority", "comment", *readonly_fields[5:])
    actions = ("cancel_signups",)

    def has_add_permission(self, request):
        # Seats are only handed out through the site, where the capacity rule is enforced.
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        services.signup_staff_edit(
            signup=obj, priority=form.cleaned_data["priority"], comment=form.cleaned_data["comment"]
        )

    @admin.action(description="Meld av …", permissions=["change"])
    def cancel_signups(self, request, queryset):
        queryset = queryset.active().select_related("course__course_type", "user")
        if not queryset.exists():
            self.message_user(request, "Ingen av de valgte er påmeldt nå.", messages.WARNING)
            return None
        form = ReasonForm(request)
        if form.is_valid():
            for signup in queryset:
                try:
                    services.signup_cancel(
                        signup=signup, by_staff=True, reason=form.cleaned_data["reason"]
                    )
                except services.CourseError as error:
                    self.message_user(request, f"{signup}: {error.message}", messages.ERROR)
                else:
                    self.message_user(request, f"{signup} er meldt av.", messages.SUCCESS)
            return None
        seats = Counter(s.course_id for s in queryset if s.status == Signup.Status.CONFIRMED)
        leaving = [s.pk for s in queryset]  # someone waiting who is removed too gets no seat
        rounds = Course.objects.select_related("course_type").in_bulk(seats)
        moving_up = [
            waiting
            for course_id, count in seats.items()
            for waiting in services.next_to_move_up(
                course=rounds[course_id], seats=count, leaving=leaving
            )
        ]
        return confirmation_page(
            self,
            request,
            queryset,
            form=form,
            title="Meld av deltakere",
            what="Du er i ferd med å melde av:",
            recipients=[
                Recipients("Meldes av", [_person(s) for s in queryset]),
                Recipients(
                    "Kan få plass fra ventelisten (får egen e-post)",
                    [f"{_person(s)} – {s.course}" for s in moving_up],
                ),
            ],
            cannot_undo=(
                "Påmeldingen avsluttes. En ledig plass går straks til den første på "
                "ventelisten. Vil personen være med igjen, må hen melde seg på på nytt og "
                "kommer da bakerst, eller på venteliste hvis kurset er fullt."
            ),
            submit_label="Meld av og send e-post",
        )


PLACE_IS_TOLD = "Endrer du dette, får alle som er påmeldt, e-post om endringen når du lagrer."


def _person(signup) -> str:
    return f"{signup.user.name} ({signup.user.email})"


def _people(signups, status) -> list[str]:
    return [_person(s) for s in signups if s.status == status]


@admin.register(InterestEntry)
class InterestEntryAdmin(admin.ModelAdmin):
    list_display = ("user", "course_type", "created", "notified_at")
    list_filter = ("course_type", ("notified_at", admin.EmptyFieldListFilter))
    list_select_related = ("user", "course_type")
    readonly_fields = ("user", "course_type", "created", "notified_at", "notified_course")

    def has_add_permission(self, request):
        return False


@admin.register(CourseMessage)
class CourseMessageAdmin(admin.ModelAdmin):
    list_display = ("subject", "course", "sent_by", "created")
    list_select_related = ("course__course_type", "sent_by")
    readonly_fields = ("course", "subject", "body", "sent_by", "created")

    def has_add_permission(self, request):
        return False
