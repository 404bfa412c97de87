"""The assessments in Django admin, for Vurderingsansvarlig: slots (one by one or in bulk),
bookings, the calendar feed, trusted e-mail domains and the approval of advisers. Every action
calls assessments/services.py; the CSV export is written by erfaringssentrum/core/spreadsheet.py."""

from datetime import timedelta

from django.conf import settings
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.http import urlencode

from erfaringssentrum.core import dates
from erfaringssentrum.core.admin_confirm import (
    DeleteThroughService,
    ReasonForm,
    Recipients,
    ServiceErrorsOnForm,
    confirmation_page,
)
from erfaringssentrum.core.admin_filters import UpcomingByDefaultFilter
from erfaringssentrum.core.links import absolute_url
from erfaringssentrum.core.numbers import count_of
from erfaringssentrum.core.spreadsheet import csv_response

from . import services, week
from .forms import (
    BulkSlotForm,
    ExportForm,
    MoveBookingForm,
    RejectAdviserForm,
    SlotAdminForm,
    TrustedEmailDomainForm,
    WeekForm,
)
from .models import (
    AdviserApproval,
    ApprovalStatus,
    Booking,
    Format,
    Slot,
    Status,
    TrustedEmailDomain,
)


class WhenFilter(UpcomingByDefaultFilter):
    title = "når"
    parameter_name = "naar"
    field = "starts_at"

    def upcoming(self, queryset):
        return queryset.filter(**{f"{self.field}__gte": timezone.now()})

    def past(self, queryset):
        return queryset.filter(**{f"{self.field}__lt": timezone.now()})


class BookingWhenFilter(WhenFilter):
    field = "slot__starts_at"


@admin.register(Slot)
class SlotAdmin(ServiceErrorsOnForm, DeleteThroughService, admin.ModelAdmin):
    form = SlotAdminForm
    service_errors = (services.BookingError,)
    list_display = ["time", "format", "consultant", "is_published", "booked"]
    list_filter = [
        WhenFilter,
        "format",
        ("consultant", admin.RelatedOnlyFieldListFilter),
        "is_published",
    ]
    list_select_related = ["consultant"]
    date_hierarchy = "starts_at"
    actions = ["unpublish", "publish"]
    change_list_template = "admin/assessments/slot/change_list.html"

    def delete_object(self, obj):
        services.slots_delete(slots=[obj])

    def delete_refusal(self, obj):
        return services.SLOT_HAS_BOOKINGS if obj.bookings.exists() else ""

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(held=Count("bookings", filter=~Q(bookings__status=Status.CANCELLED)))
        )

    def get_readonly_fields(self, request, obj=None):
        # Moving a booked slot would leave the invitations already sent wrong.
        if obj is not None and obj.bookings.holding_slot().exists():
            return list(services.SLOT_BOOKED_FIELDS)
        return []

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        location = form.base_fields.get("location")  # absent for staff who may only look
        # A phone booking says whom we call on which number, whatever the slot's field says.
        if location and obj and obj.format != Format.PHONE and obj.bookings.open().exists():
            location.help_text += (
                " Tiden er booket: endrer du stedet eller lenken, får veilederen og kandidaten "
                "e-post om det, med en oppdatert kalenderavtale."
            )
        return form

    @admin.display(description="tid", ordering="starts_at")
    def time(self, obj):
        return obj.label()

    @admin.display(boolean=True, description="booket", ordering="held")
    def booked(self, obj):
        return obj.held > 0

    def save_model(self, request, obj, form, change):
        if change:
            changes = {name: form.cleaned_data[name] for name in form.changed_data}
            services.slot_update(slot=obj, changes=changes)
            return
        created = services.slot_create(
            consultant=obj.consultant,
            starts_at=obj.starts_at,
            ends_at=obj.ends_at,
            format=obj.format,
            location=obj.location,
            is_published=obj.is_published,
        )
        obj.pk, obj.created_at, obj._state.adding = created.pk, created.created_at, False

    @admin.action(description="Avpubliser valgte tider …", permissions=["change"])
    def unpublish(self, request, queryset):
        form = ReasonForm(request)
        reason = form.cleaned_data["reason"] if form.is_valid() else ""
        count = queryset.count()
        try:
            cancelled = services.slots_withdraw(slots=queryset, reason=reason)
        except services.ReasonNeeded as needed:
            booked = needed.bookings
            return confirmation_page(
                self,
                request,
                queryset,
                form=form,
                title="Avpubliser bookede tider",
                what=(
                    f"Av de {count} tidene du har valgt, er {len(booked)} booket. "
                    "Avpubliserer du dem, blir bookingene avbestilt:"
                ),
                objects=[booking_label(booking) for booking in booked],
                recipients=booking_recipients(booked),
                cannot_undo=(
                    "Avbestilte bookinger kan ikke gjenopprettes. Veilederen må booke på nytt, "
                    "og kandidaten får en avlysning av kalenderavtalen. Tidene kan publiseres "
                    "igjen senere, men da som ledige tider."
                ),
                submit_label="Avpubliser og avbestill bookingene",
            )
        if cancelled:
            self.message_user(
                request,
                f"{count_of(count, 'tid', 'tider')} er avpublisert. "
                f"{count_of(len(cancelled), 'booking', 'bookinger')} er avbestilt, og de som "
                "booket, har fått e-post.",
                messages.SUCCESS,
            )
        else:
            self.message_user(
                request,
                f"{count_of(count, 'tid', 'tider')} er avpublisert og kan ikke lenger bookes.",
            )
        return None

    @admin.action(description="Publiser valgte tider", permissions=["change"])
    def publish(self, request, queryset):
        count = services.slots_set_published(slots=queryset, published=True)
        self.message_user(request, f"{count_of(count, 'tid', 'tider')} er publisert.")

    def get_urls(self):
        return [
            path(
                "mange/",
                self.admin_site.admin_view(self.bulk_create_view),
                name="assessments_slot_bulk_create",
            ),
            path(
                "kalender/",
                self.admin_site.admin_view(self.calendar_feed_view),
                name="assessments_slot_calendar_feed",
            ),
            path("uke/", self.admin_site.admin_view(self.week_view), name="assessments_slot_week"),
            *super().get_urls(),
        ]

    def bulk_create_view(self, request):
        if not self.has_add_permission(request):
            raise PermissionDenied
        form = BulkSlotForm(request.POST or None, initial={"consultant": request.user.pk})
        if request.method == "POST" and form.is_valid():
            try:
                slots = services.slots_bulk_create(**form.cleaned_data)
            except services.BookingError as error:
                form.add_error(None, error.message)
            else:
                created = count_of(len(slots), "ny tid", "nye tider")
                self.message_user(request, f"{created} er opprettet.")
                return redirect("admin:assessments_slot_changelist")
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": "Opprett mange tider",
            "form": form,
        }
        return TemplateResponse(request, "admin/assessments/slot/bulk_create.html", context)

    def week_view(self, request):
        """Slots and bookings per consultant for one week; from here a slot is opened and a
        booking moved to another free slot."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        form = WeekForm(request.GET or None)
        today = timezone.localdate()
        monday = week.monday_of(today)
        consultant = None
        if form.is_valid():
            monday = week.monday_of(form.cleaned_data["uke"] or today)
            consultant = form.cleaned_data["konsulent"]
        elif form.is_bound:
            self.message_user(
                request, "Ugyldig uke eller konsulent; viser denne uka.", messages.WARNING
            )
        days = [monday + timedelta(days=n) for n in range(7)]

        def week_url(day):
            query = {"uke": day.isoformat()}
            if consultant is not None:
                query["konsulent"] = consultant.pk
            return f"?{urlencode(query)}"

        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": f"Uke {monday.isocalendar().week}, {dates.plain_date(monday)}–"
            f"{dates.plain_date(days[-1])}",
            "form": WeekForm(initial={"uke": monday, "konsulent": consultant}),
            "days": days,
            "today": today,
            "rows": week.week_rows(monday=monday, consultant=consultant),
            "consultant": consultant,
            "previous_url": week_url(monday - timedelta(days=7)),
            "next_url": week_url(monday + timedelta(days=7)),
            "this_week_url": week_url(week.monday_of(today)),
            "is_this_week": monday == week.monday_of(today),
            "has_change_booking": request.user.has_perm("assessments.change_booking"),
        }
        return TemplateResponse(request, "admin/assessments/slot/week.html", context)

    def calendar_feed_view(self, request):
        if not self.has_view_permission(request):
            raise PermissionDenied
        if request.method == "POST":
            services.calendar_feed_reset(consultant=request.user)
            self.message_user(request, "Du har fått en ny adresse. Den gamle virker ikke lenger.")
            return redirect("admin:assessments_slot_calendar_feed")
        feed = services.calendar_feed_get(consultant=request.user)
        feed_url = absolute_url(
            reverse("assessments:consultant-feed", kwargs={"token": feed.token})
        )
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": "Kalenderabonnement for dine samtaler",
            "feed_url": feed_url,
        }
        return TemplateResponse(request, "admin/assessments/slot/calendar_feed.html", context)


def booking_label(booking) -> str:
    return (
        f"{booking.slot.label()} med {booking.slot.consultant.get_full_name()} – "
        f"{booking.organisation}, kandidat {booking.candidate_initials}"
    )


def _candidates_told_of_cancellation(bookings) -> str:
    """What the cancellation confirmation says of the candidates: only one with an address
    hears from us (booking_cancelled); the adviser is asked to tell one without."""
    with_address = [bool(b.candidate_email) for b in bookings]
    if all(with_address):
        return "Kandidaten får en avlysning av kalenderavtalen."
    if not any(with_address):
        return (
            "Kandidaten har ingen e-postadresse i bookingen, så veilederen får beskjed om å "
            "si fra."
        )
    return (
        "Kandidater med e-postadresse får en avlysning av kalenderavtalen; for de andre får "
        "veilederen beskjed om å si fra."
    )


def booking_recipients(bookings) -> list[Recipients]:
    """Who hears about a cancellation: each adviser, each candidate with an address, and the
    centre (booking_cancelled in emails.py)."""
    bookings = list(bookings)
    return [
        Recipients(
            "Veiledere",
            [f"{b.adviser.get_full_name()} ({b.adviser.email})" for b in bookings if b.adviser],
        ),
        Recipients(
            "Kandidater",
            [f"{b.candidate_name} ({b.candidate_email})" for b in bookings if b.candidate_email],
        ),
        Recipients("Senteret", [", ".join(settings.STAFF_NOTIFICATION_EMAILS)]),
    ]


CSV_HEADER = [
    "dato",
    "start",
    "slutt",
    "form",
    "konsulent",
    "status",
    "NAV-kontor/tiltak",
    "rolle",
    "kandidat (initialer)",
    "veileder med",
    "kandidat bekreftet",
    "booket",
]


def bookings_csv(bookings, filename: str) -> HttpResponse:
    bookings = bookings.select_related("slot", "slot__consultant").order_by("slot__starts_at")
    return csv_response(filename=filename, header=CSV_HEADER, rows=map(_csv_row, bookings))


def _csv_row(booking) -> list:
    start = timezone.localtime(booking.slot.starts_at)
    end = timezone.localtime(booking.slot.ends_at)
    return [
        f"{start:%Y-%m-%d}",
        f"{start:%H:%M}",
        f"{end:%H:%M}",
        booking.slot.get_format_display(),
        booking.slot.consultant.get_full_name(),
        booking.get_status_display(),
        booking.organisation,
        booking.adviser_role,
        booking.candidate_initials,
        "ja" if booking.adviser_attends else "nei",
        "ja" if booking.candidate_confirmed_at else "nei",
        f"{timezone.localtime(booking.created_at):%Y-%m-%d %H:%M}",
    ]


@admin.register(Booking)
class BookingAdmin(ServiceErrorsOnForm, DeleteThroughService, admin.ModelAdmin):
    service_errors = (services.BookingError,)

    list_display = [
        "slot_start",
        "status",
        "consultant",
        "organisation",
        "candidate_initials",
        "candidate_confirmed",
        "adaptation",
        "adviser_name",
    ]
    list_filter = [
        BookingWhenFilter,
        "status",
        ("slot__consultant", admin.RelatedOnlyFieldListFilter),
        "organisation",
    ]
    list_select_related = ["slot", "slot__consultant", "adviser"]
    search_fields = ["organisation", "candidate_name", "adviser__email"]
    date_hierarchy = "slot__starts_at"
    ordering = ["slot__starts_at"]
    actions = ["mark_completed", "mark_no_show", "move_one", "cancel_with_message", "export_csv"]
    change_list_template = "admin/assessments/booking/change_list.html"
    change_form_template = "admin/assessments/booking/change_form.html"
    readonly_fields = [
        "slot",
        "adviser",
        "status",
        "created_at",
        "consent_confirmed_at",
        "consent_confirmed_by",
        "consent_version",
        "candidate_confirmed_at",
        "needs_adaptation",
        "cancelled_at",
        "cancelled_by_staff",
        "cancellation_message",
        "reminder_sent_at",
        "anonymised_at",
    ]
    fieldsets = [
        (None, {"fields": ["slot", "status", "adviser", "created_at"]}),
        (
            "Fra skjemaet",
            {
                "fields": [
                    "organisation",
                    "adviser_role",
                    "phone",
                    "candidate_name",
                    "candidate_email",
                    "adviser_attends",
                    "call_to",
                    "call_number",
                    "question",
                ]
            },
        ),
        (
            "Samtykke og historikk",
            {
                "fields": [
                    "consent_confirmed_at",
                    "consent_confirmed_by",
                    "consent_version",
                    "candidate_confirmed_at",
                    "needs_adaptation",
                    "reminder_sent_at",
                    "cancelled_at",
                    "cancelled_by_staff",
                    "cancellation_message",
                    "anonymised_at",
                ]
            },
        ),
    ]

    def has_add_permission(self, request):
        # Bookings are made on the site, where the rules (lock, limit, consent) are applied.
        return False

    def get_readonly_fields(self, request, obj=None):
        # Once it has started (or is cancelled), a booking is a record: nothing to correct.
        if obj is not None and not Booking.objects.open().filter(pk=obj.pk).exists():
            return [*self.readonly_fields, *services.STAFF_CORRECTABLE]
        return self.readonly_fields

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        # «Flytt til en annen tid» only for a booking ahead (booking_move): one under way or
        # held is a record.
        context["can_move"] = obj is not None and Booking.objects.open().filter(pk=obj.pk).exists()
        return super().render_change_form(request, context, add, change, form_url, obj)

    def save_model(self, request, obj, form, change):
        changes = {name: form.cleaned_data[name] for name in form.changed_data}
        booking = services.booking_staff_correct(booking=obj, changes=changes)
        if booking.told_of_place:
            self.note_when_saved(
                request,
                "Endringen av hvem vi ringer, er sendt på e-post med oppdatert "
                "kalenderinvitasjon til dem den gjelder.",
            )
        if booking.adviser_told and "adviser" not in booking.told_of_place:
            self.note_when_saved(
                request, "Veilederen har fått rettelsen av kandidatens opplysninger på e-post."
            )
        if changes.get("candidate_email") and booking.candidate_invitation_withheld:
            self.note_when_saved(
                request,
                "Vi sendte ingen invitasjon: adressen har fått så mange invitasjoner det siste "
                "døgnet som vi sender, så den er ikke lagret. Gi kandidaten tidspunktet selv.",
            )

    def delete_refusal(self, obj):
        # A booking ahead is cancelled first («Avbestill …» tells the adviser and the
        # candidate); then, for a candidate who asks to be forgotten, it can be deleted.
        return services.booking_delete_refusal(obj)

    def delete_object(self, obj):
        services.booking_delete(booking=obj)

    @admin.display(description="tid", ordering="slot__starts_at")
    def slot_start(self, obj):
        return obj.slot.label()

    @admin.display(description="konsulent", ordering="slot__consultant__name")
    def consultant(self, obj):
        return obj.slot.consultant.get_full_name()

    # A soft hyphen lets the long word break: the list must fit 1280 px.
    @admin.display(
        description="trenger tilrette\u00adlegging", boolean=True, ordering="needs_adaptation"
    )
    def adaptation(self, obj):
        return obj.needs_adaptation

    @admin.display(description="veileder", ordering="adviser__name")
    def adviser_name(self, obj):
        # The name, not the address: a long address is one word that cannot wrap, and the
        # list must fit 1280 px. The address is on the booking.
        return obj.adviser.get_full_name() if obj.adviser else "–"

    @admin.display(description="kandidat")
    def candidate_initials(self, obj):
        return obj.candidate_initials

    @admin.display(description="kandidat bekreftet", boolean=True)
    def candidate_confirmed(self, obj):
        if not obj.candidate_email and not obj.candidate_confirmed_at:
            return None
        return obj.candidate_confirmed_at is not None

    def _set_outcome(self, request, queryset, status):
        done = 0
        for booking in queryset:
            try:
                services.booking_set_outcome(booking=booking, status=status)
                done += 1
            except services.BookingError as error:
                self.message_user(request, error.message, messages.WARNING)
        if done:
            self.message_user(request, f"{count_of(done, 'booking', 'bookinger')} er oppdatert.")

    @admin.action(description="Marker som gjennomført", permissions=["change"])
    def mark_completed(self, request, queryset):
        self._set_outcome(request, queryset, Status.COMPLETED)

    @admin.action(description="Marker som «møtte ikke»", permissions=["change"])
    def mark_no_show(self, request, queryset):
        self._set_outcome(request, queryset, Status.NO_SHOW)

    @admin.action(description="Avbestill …", permissions=["change"])
    def cancel_with_message(self, request, queryset):
        queryset = queryset.filter(status=Status.ACTIVE).select_related(
            "slot__consultant", "adviser"
        )
        if not queryset.exists():
            self.message_user(request, "Ingen av de valgte bookingene er aktive.", messages.WARNING)
            return None
        form = ReasonForm(request)
        if form.is_valid():
            done = 0
            for booking in queryset:
                try:
                    services.booking_cancel(
                        booking=booking, by_staff=True, message=form.cleaned_data["reason"]
                    )
                    done += 1
                except services.BookingError as error:
                    self.message_user(request, f"{booking}: {error.message}", messages.WARNING)
            if done:
                cancelled = count_of(done, "booking", "bookinger")
                self.message_user(request, f"{cancelled} er avbestilt, og e-post er sendt.")
            return None
        return confirmation_page(
            self,
            request,
            queryset,
            form=form,
            title="Avbestill bookinger",
            what="Du er i ferd med å avbestille:",
            objects=[booking_label(booking) for booking in queryset],
            recipients=booking_recipients(queryset),
            cannot_undo=(
                "En avbestilt booking kan ikke gjenopprettes. Tiden blir ledig for andre hvis "
                "den er publisert, og veilederen må booke på nytt. "
                + _candidates_told_of_cancellation(queryset)
            ),
            submit_label="Avbestill og send e-post",
        )

    @admin.action(description="Flytt til en annen tid (én booking)", permissions=["change"])
    def move_one(self, request, queryset):
        if queryset.count() != 1:
            self.message_user(request, "Velg én booking å flytte.", messages.WARNING)
            return None
        return redirect("admin:assessments_booking_move", queryset.get().pk)

    def move_view(self, request, booking_id):
        """«Flytt til en annen tid»: the free slots, and the move through the same service
        advisers use (staff are not held to the cut-off)."""
        if not self.has_change_permission(request):
            raise PermissionDenied
        booking = get_object_or_404(Booking.objects.select_related("slot"), pk=booking_id)
        if not Booking.objects.open().filter(pk=booking.pk).exists():
            self.message_user(
                request,
                "Bookingen er avbestilt, avsluttet eller i gang, så den kan ikke flyttes.",
                messages.WARNING,
            )
            return redirect("admin:assessments_booking_change", booking.pk)
        free = services.slots_free_for_move(booking=booking, by_staff=True)
        form = MoveBookingForm(request.POST or None, free_slots=free, with_consultant=True)
        if request.method == "POST" and form.is_valid():
            try:
                booking = services.booking_move(
                    booking=booking, new_slot_id=form.cleaned_data["slot"].pk, by_staff=True
                )
            except services.BookingError as error:
                booking.refresh_from_db()
                form.show_free_slots(services.slots_free_for_move(booking=booking, by_staff=True))
                form.add_error(None, error.message)
            else:
                self.message_user(
                    request,
                    f"Bookingen er flyttet til {booking.slot.label()}. Veilederen"
                    # A candidate without an address hears nothing from us (booking_moved).
                    + (", kandidaten" if booking.candidate_email else "")
                    + " og senteret får e-post om den nye tiden.",
                )
                return redirect("admin:assessments_booking_change", booking.pk)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": "Flytt til en annen tid",
            "booking": booking,
            "form": form,
        }
        return TemplateResponse(request, "admin/assessments/booking/move.html", context)

    @admin.action(description="Eksporter valgte som CSV", permissions=["view"])
    def export_csv(self, request, queryset):
        return bookings_csv(queryset, "bookinger.csv")

    def get_urls(self):
        return [
            path(
                "eksport/",
                self.admin_site.admin_view(self.export_view),
                name="assessments_booking_export",
            ),
            path(
                "<int:booking_id>/flytt/",
                self.admin_site.admin_view(self.move_view),
                name="assessments_booking_move",
            ),
            *super().get_urls(),
        ]

    def export_view(self, request):
        if not self.has_view_permission(request):
            raise PermissionDenied
        form = ExportForm(request.GET or None, initial=ExportForm.default_initial())
        if form.is_valid():
            start = week.day_start(form.cleaned_data["date_from"])
            end = week.day_start(form.cleaned_data["date_to"] + timedelta(days=1))
            bookings = Booking.objects.filter(slot__starts_at__gte=start, slot__starts_at__lt=end)
            name = f"bookinger-{form.cleaned_data['date_from']}-{form.cleaned_data['date_to']}.csv"
            return bookings_csv(bookings, name)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": "Eksporter bookinger for en periode",
            "form": form,
        }
        return TemplateResponse(request, "admin/assessments/booking/export.html", context)


# --- Who may book ----------------------------------------------------------------------------


@admin.register(TrustedEmailDomain)
class TrustedEmailDomainAdmin(admin.ModelAdmin):
    form = TrustedEmailDomainForm
    list_display = ["domain", "include_subdomains", "created_at"]
    search_fields = ["domain"]

    def save_model(self, request, obj, form, change):
        approved = services.trusted_domain_save(entry=obj)
        if approved:
            who = "Én veileder" if len(approved) == 1 else f"{len(approved)} veiledere"
            self.message_user(request, f"{who} som ventet, er godkjent og får e-post om det.")

    def delete_model(self, request, obj):
        services.trusted_domain_delete(entry=obj)

    def delete_queryset(self, request, queryset):
        for entry in queryset:
            services.trusted_domain_delete(entry=entry)


def advisers(count: int) -> str:
    return f"{count_of(count, 'veileder', 'veiledere')} er"


class ApprovalStatusFilter(admin.SimpleListFilter):
    """Shows those waiting for a decision unless staff ask for the others."""

    title = "status"
    parameter_name = "status"
    default = ApprovalStatus.WAITING

    def lookups(self, request, model_admin):
        return [*ApprovalStatus.choices, ("alle", "Alle")]

    def choices(self, changelist):
        for lookup, title in self.lookup_choices:
            yield {
                "selected": (self.value() or self.default) == lookup,
                "query_string": changelist.get_query_string({self.parameter_name: lookup}),
                "display": title,
            }

    def queryset(self, request, queryset):
        value = self.value() or self.default
        if value in ApprovalStatus.values:
            return queryset.filter(status=value)
        return queryset


@admin.register(AdviserApproval)
class AdviserApprovalAdmin(admin.ModelAdmin):
    list_display = ["email", "name", "status", "created_at", "decided_at", "decision"]
    list_filter = [ApprovalStatusFilter]
    list_select_related = ["user", "decided_by"]
    search_fields = ["user__email", "user__name"]
    ordering = ["created_at"]
    actions = ["approve", "reject"]
    fields = [
        "user",
        "status",
        "created_at",
        "decided_at",
        "decided_by",
        "trusted_domain",
        "reason",
        "staff_notified_at",
    ]
    readonly_fields = fields

    def has_add_permission(self, request):
        # Rows come from e-mail confirmation; decisions are the actions below.
        return False

    def has_delete_permission(self, request, obj=None):
        # The row goes with the account; without it the adviser would be in no list at all.
        return False

    @admin.display(description="e-post", ordering="user__email")
    def email(self, obj):
        return obj.user.email

    @admin.display(description="navn", ordering="user__name")
    def name(self, obj):
        return obj.user.name

    @admin.display(description="avgjort av")
    def decision(self, obj):
        if obj.trusted_domain:
            return f"automatisk ({obj.trusted_domain})"
        return obj.decided_by.get_full_name() if obj.decided_by else ""

    @admin.action(description="Godkjenn valgte veiledere", permissions=["change"])
    def approve(self, request, queryset):
        done = 0
        for approval in queryset.select_related("user"):
            try:
                services.adviser_approve(approval=approval, by=request.user)
                done += 1
            except services.BookingError as error:
                self.message_user(request, error.message, messages.WARNING)
        if done:
            self.message_user(request, f"{advisers(done)} godkjent og har fått e-post.")

    @admin.action(description="Avvis valgte veiledere (med begrunnelse)", permissions=["change"])
    def reject(self, request, queryset):
        form = RejectAdviserForm(request.POST if "apply" in request.POST else None)
        if form.is_valid():
            done = 0
            for approval in queryset.select_related("user"):
                try:
                    services.adviser_reject(
                        approval=approval, by=request.user, reason=form.cleaned_data["reason"]
                    )
                    done += 1
                except services.BookingError as error:
                    self.message_user(request, error.message, messages.WARNING)
            if done:
                self.message_user(request, f"{advisers(done)} avvist og har fått e-post.")
            return None
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": "Avvis veiledere",
            "form": form,
            "approvals": queryset.select_related("user"),
            "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
        }
        return TemplateResponse(request, "admin/assessments/adviserapproval/reject.html", context)
