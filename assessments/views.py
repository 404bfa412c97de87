import dataclasses
from datetime import timedelta
from itertools import groupby

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.views.decorators.cache import never_cache
from django.views.generic import DetailView, FormView, TemplateView, View

from erfaringssentrum.core import dates
from erfaringssentrum.core.adviser_fields import initial_from_account
from erfaringssentrum.core.calendar import build_calendar
from erfaringssentrum.core.ratelimit import ratelimit_post

from . import conf, services
from .emails import calendar_event
from .forms import (
    CONSENT_VERSION,
    BookingForm,
    CandidateConfirmForm,
    CandidateCorrectionForm,
    MoveBookingForm,
)
from .models import (
    AdviserApproval,
    ApprovalStatus,
    Booking,
    CalendarFeed,
    Format,
    Slot,
    Status,
    formats_text,
)

# The slot in the URL was deleted after the form was opened; its input is kept.
SLOT_DELETED = "Tiden du valgte, finnes ikke lenger."

APPROVAL_TITLES = {
    None: "Kontoen din er ikke godkjent for booking ennå",
    ApprovalStatus.WAITING: "Kontoen din venter på godkjenning",
    ApprovalStatus.REJECTED: "Kontoen din er ikke godkjent for booking",
}


def group_by_day(slots):
    return [
        (day, list(day_slots))
        for day, day_slots in groupby(slots, key=lambda s: timezone.localdate(s.starts_at))
    ]


def approval_notice(user) -> dict | None:
    """Why this logged-in account cannot book yet (for the page to explain), or None."""
    status = AdviserApproval.objects.status_for(user)
    if status == ApprovalStatus.APPROVED:
        return None
    reason = ""
    if status == ApprovalStatus.REJECTED:
        reason = AdviserApproval.objects.filter(user=user).values_list("reason", flat=True)[0]
    return {"status": status, "title": APPROVAL_TITLES[status], "reason": reason}


def not_approved_response(request, notice):
    """The explanation instead of the booking form; a POST is refused outright."""
    status = 403 if request.method == "POST" else 200
    return render(request, "assessments/not_approved.html", {"notice": notice}, status=status)


class IndexView(TemplateView):
    template_name = "assessments/index.html"

    def get_context_data(self, **kwargs):
        slots = Slot.objects.shown()
        user = self.request.user
        days = group_by_day(slots)
        return super().get_context_data(
            days=days,
            formats_text=formats_text(slot.format for _, day in days for slot in day),
            **conf.deadline_context(),
            notice=approval_notice(user) if user.is_authenticated else None,
            **kwargs,
        )


class BookView(LoginRequiredMixin, FormView):
    """Books the slot in the URL. If it is gone (now or at submit), the adviser picks another
    free slot in the same form, with everything they wrote kept."""

    template_name = "assessments/book.html"
    form_class = BookingForm

    @staticmethod
    def login_intent(*, pk) -> str:
        """For the login page this form sends visitors to (core/login_intent.py)."""
        slot = Slot.objects.filter(pk=pk, is_published=True).first()
        if slot is None:
            return ""
        return f"Du er i ferd med å booke {dates.when(slot.starts_at, slot.ends_at)}"

    @ratelimit_post(action="booking")
    def dispatch(self, request, *args, **kwargs):
        # Only approved advisers see the form; the others learn why and what happens next.
        if request.user.is_authenticated:
            notice = approval_notice(request.user)
            if notice is not None:
                return not_approved_response(request, notice)
        # An unpublished or deleted slot is not there to open, but a form filled in before
        # staff took it away gets the other free slots with its input kept, not a 404.
        self.slot = Slot.objects.filter(pk=kwargs["pk"]).first()
        if request.method != "POST" and (self.slot is None or not self.slot.is_published):
            raise Http404
        self.remaining = Slot.objects.shown()
        self.slot_is_free = (
            self.slot is not None and Slot.objects.bookable().filter(pk=self.slot.pk).exists()
        )
        return super().dispatch(request, *args, **kwargs)

    def get_initial(self):
        # «Mine opplysninger» from Min side, so the adviser does not type them every time.
        account = initial_from_account(self.request.user)
        return {
            "slot": self.kwargs["pk"],
            "organisation": account.get("organisation", ""),
            "adviser_role": account.get("role", ""),
            "phone": account.get("phone", ""),
        }

    def get_form_kwargs(self):
        return {
            **super().get_form_kwargs(),
            # Any slot validates; the service tells whether it can still be booked.
            "slot_queryset": Slot.objects.all(),
            "slot_choices": None if self.slot_is_free else self.remaining,
            "phone_slot": self.slot is not None and self.slot.format == Format.PHONE,
        }

    def form_invalid(self, form):
        # The deleted slot itself was posted (not one picked from the list since): one
        # message that says why, not the list's «choose one of the free times» as well.
        if self.slot is None and "slot" in form.errors:
            del form.errors["slot"]
            form.add_error(None, SLOT_DELETED)
            return self.render_to_response(self.get_context_data(form=form), status=409)
        return super().form_invalid(form)

    def get_context_data(self, **kwargs):
        user = self.request.user
        open_count = Booking.objects.for_adviser(user).open().count()
        return super().get_context_data(
            slot=self.slot,
            slot_is_free=self.slot_is_free,
            remaining=self.remaining,
            limit=conf.max_open_bookings(),
            limit_reached=open_count >= conf.max_open_bookings(),
            **kwargs,
        )

    def form_valid(self, form):
        data = form.cleaned_data
        try:
            booking = services.booking_create(
                slot_id=data["slot"].pk,
                adviser=self.request.user,
                organisation=data["organisation"],
                adviser_role=data["adviser_role"],
                phone=data["phone"],
                candidate_name=data["candidate_name"],
                candidate_email=data["candidate_email"],
                adviser_attends=data["adviser_attends"],
                call_to=data["call_to"],
                call_number=data["call_number"],
                question=data["question"],
                consent_version=CONSENT_VERSION,
            )
        except (services.SlotTaken, services.SlotUnavailable) as error:
            # A double click sends the form twice: the second request finds the slot taken
            # by this same adviser and must not tell them someone else was quicker.
            own = (
                Booking.objects.for_adviser(self.request.user)
                .holding_slot()
                .filter(slot=data["slot"])
                .first()
            )
            if own is not None:
                messages.info(self.request, "Du har allerede booket denne tiden. Her er bookingen.")
                return redirect("assessments:booking-detail", pk=own.pk)
            form.add_error(None, error.message)
            self.remaining = Slot.objects.shown()
            self.slot_is_free = False
            form.show_slot_choices(self.remaining)
            return self.render_to_response(self.get_context_data(form=form), status=409)
        except services.AdviserNotApproved:
            return not_approved_response(self.request, approval_notice(self.request.user))
        except services.BookingError as error:
            form.add_error(None, error.message)
            return self.render_to_response(self.get_context_data(form=form))
        messages.success(self.request, "Samtalen er booket. Du får en bekreftelse på e-post.")
        return redirect("assessments:booking-detail", pk=booking.pk)


class OwnBookingMixin(LoginRequiredMixin):
    """Only the adviser's own bookings exist for them; anyone else's id gives 404."""

    def get_queryset(self):
        return Booking.objects.for_adviser(self.request.user).select_related("slot")


class BookingDetailView(OwnBookingMixin, DetailView):
    template_name = "assessments/booking_detail.html"
    context_object_name = "booking"

    def get_context_data(self, **kwargs):
        booking = self.object
        now = timezone.now()
        return super().get_context_data(
            can_cancel=booking.is_cancellable(now=now),
            can_correct=booking.status == Status.ACTIVE and booking.slot.starts_at > now,
            # An appointment whose time has come is no longer «booket»: staff record how it went.
            started=booking.slot.starts_at <= now,
            ended=booking.slot.ends_at <= now,
            **conf.deadline_context(),
            invitation_limit=conf.invitations_per_address_per_day(),
            **kwargs,
        )


class BookingIcsView(OwnBookingMixin, DetailView):
    def render_to_response(self, context, **response_kwargs):
        booking = self.object
        response = HttpResponse(
            build_calendar([calendar_event(booking)], method="PUBLISH"),
            content_type="text/calendar; charset=utf-8",
        )
        response["Content-Disposition"] = 'attachment; filename="vurderingssamtale.ics"'
        return response


def _under_way_or_over(booking: Booking, *, now) -> dict[str, bool]:
    """Whether the appointment has started and whether it has ended: then it is too late to
    move or cancel for anyone, and the page says so rather than whom to contact."""
    return {"started": booking.slot.starts_at <= now, "ended": booking.slot.ends_at <= now}


class BookingCancelView(OwnBookingMixin, DetailView):
    template_name = "assessments/booking_cancel.html"
    context_object_name = "booking"

    def get_context_data(self, **kwargs):
        now = timezone.now()
        return super().get_context_data(
            can_cancel=self.object.is_cancellable(now=now),
            frees_slot=services.slot_offered(self.object.slot, now=now),
            **_under_way_or_over(self.object, now=now),
            **conf.deadline_context(),
            **kwargs,
        )

    @ratelimit_post(action="cancel")
    def post(self, request, *args, **kwargs):
        self.object = booking = self.get_object()
        try:
            booking = services.booking_cancel(booking=booking)
        except services.BookingError as error:
            messages.error(request, error.message)
            return redirect("assessments:booking-detail", pk=booking.pk)
        if services.slot_offered(booking.slot):
            messages.success(request, "Bookingen er avbestilt, og tiden er ledig for andre igjen.")
        else:
            messages.success(request, "Bookingen er avbestilt.")
        return redirect(reverse("min-side") + "#bookinger")


class BookingMoveView(LoginRequiredMixin, FormView):
    """«Endre tid»: the adviser picks another free time; the booking moves in one step."""

    template_name = "assessments/booking_move.html"
    form_class = MoveBookingForm

    @ratelimit_post(action="booking")  # a move e-mails the adviser, the candidate and staff
    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        self.booking = get_object_or_404(
            Booking.objects.for_adviser(request.user).select_related("slot"), pk=kwargs["pk"]
        )
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        free = services.slots_free_for_move(booking=self.booking)
        return {**super().get_form_kwargs(), "free_slots": free}

    def get_context_data(self, **kwargs):
        form = kwargs.setdefault("form", self.get_form())
        now = timezone.now()
        return super().get_context_data(
            booking=self.booking,
            can_move=self.booking.is_cancellable(now=now),
            **_under_way_or_over(self.booking, now=now),
            has_free_slots=bool(form.fields["slot"].widget.choices),
            **conf.deadline_context(),
            **kwargs,
        )

    def form_valid(self, form):
        try:
            booking = services.booking_move(
                booking=self.booking, new_slot_id=form.cleaned_data["slot"].pk
            )
        except services.BookingError as error:
            self.booking.refresh_from_db()
            if self.booking.slot_id == form.cleaned_data["slot"].pk:  # a second click
                messages.info(self.request, f"Samtalen er flyttet til {self.booking.slot.label()}.")
                return redirect("assessments:booking-detail", pk=self.booking.pk)
            # The booking keeps its time; show what is free now, with the reason.
            form.show_free_slots(services.slots_free_for_move(booking=self.booking))
            form.add_error(None, error.message)
            return self.render_to_response(self.get_context_data(form=form), status=409)
        messages.success(
            self.request,
            f"Samtalen er flyttet til {booking.slot.label()}. Du"
            + (", kandidaten" if booking.candidate_email else "")
            + " og senteret får e-post om den nye tiden.",
        )
        return redirect("assessments:booking-detail", pk=booking.pk)


class BookingCorrectView(LoginRequiredMixin, FormView):
    """«Rettelser»: before the appointment the adviser corrects the candidate's first name and
    address, and can send the invitation again."""

    template_name = "assessments/booking_correct.html"
    form_class = CandidateCorrectionForm

    @ratelimit_post(action="booking")  # both buttons can send the candidate an e-mail
    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        self.booking = get_object_or_404(
            Booking.objects.for_adviser(request.user).select_related("slot"), pk=kwargs["pk"]
        )
        return super().dispatch(request, *args, **kwargs)

    def get_initial(self):
        return {
            "candidate_name": self.booking.candidate_name,
            "candidate_email": self.booking.candidate_email,
        }

    def get_context_data(self, **kwargs):
        booking, now = self.booking, timezone.now()
        return super().get_context_data(
            booking=booking,
            can_correct=booking.status == Status.ACTIVE and booking.slot.starts_at > now,
            ended=booking.slot.ends_at <= now,
            invitation_limit=conf.invitations_per_address_per_day(),
            **kwargs,
        )

    def post(self, request, *args, **kwargs):
        if "send-igjen" not in request.POST:
            return super().post(request, *args, **kwargs)
        try:
            services.booking_resend_invitation(booking=self.booking)
        except services.BookingError as error:
            messages.error(request, error.message)
            return redirect("assessments:booking-correct", pk=self.booking.pk)
        messages.success(
            request, f"Invitasjonen er sendt på nytt til {self.booking.candidate_email}."
        )
        return redirect("assessments:booking-detail", pk=self.booking.pk)

    def form_valid(self, form):
        old_email = self.booking.candidate_email
        typed = form.cleaned_data["candidate_email"].strip()
        try:
            booking = services.booking_correct_candidate(
                booking=self.booking,
                candidate_name=form.cleaned_data["candidate_name"],
                candidate_email=form.cleaned_data["candidate_email"],
            )
        except services.BookingError as error:
            form.add_error(None, error.message)
            return self.form_invalid(form)
        # A withheld address is not stored, so compare what was typed.
        if booking.candidate_invitation_withheld and typed.lower() != old_email.lower():
            text = (
                "Rettelsen er lagret, men vi sendte ingen invitasjon: adressen har fått så "
                "mange invitasjoner det siste døgnet som vi sender. Gi kandidaten tidspunktet selv."
            )
        elif booking.candidate_email and booking.candidate_email != old_email:
            text = f"Rettelsen er lagret, og invitasjonen er sendt til {booking.candidate_email}."
            if old_email:
                text += " Lenken i invitasjonen til den gamle adressen virker ikke lenger."
        else:
            text = "Rettelsen er lagret."
        if booking.adviser_told:  # the adviser's calendar entry names the candidate
            text += " Du får en e-post som oppdaterer avtalen i kalenderen din."
        messages.success(self.request, text)
        return redirect("assessments:booking-detail", pk=booking.pk)


@method_decorator(never_cache, name="dispatch")
class CandidateConfirmView(TemplateView):
    """The candidate's page from their invitation: what happens, calmly, without an account
    or JavaScript. GET only shows (mail scanners open links); the button posts the
    confirmation, with a yes or no to adaptation. Nothing keeps it (never_cache): it shows
    the candidate's name and appointment to whoever uses the browser next, and the candidate
    is not logged in, so the no-store for personal pages (middleware.py) does not cover it."""

    template_name = "assessments/candidate_confirm.html"

    def get_context_data(self, *, booking=None, **kwargs):
        if booking is not None:
            consultant = booking.slot.consultant
            kwargs.update(
                # Under way: the page still says how to join, but there is nothing to confirm.
                started=booking.slot.starts_at <= timezone.now(),
                join_text=booking.join_text(for_candidate=True),
                # The first name only, and never the account's address in its place.
                consultant_name=consultant.name.split()[0] if consultant.name.strip() else "",
                form=kwargs.get("form")
                or CandidateConfirmForm(initial={"needs_adaptation": booking.needs_adaptation}),
            )
        return super().get_context_data(booking=booking, **kwargs)

    def get(self, request, *args, **kwargs):
        try:
            booking = services.booking_from_candidate_token(self.kwargs["token"], until_end=True)
        except services.InvalidLink as error:
            return self.render_to_response(self.get_context_data(error=error.message), status=404)
        return self.render_to_response(self.get_context_data(booking=booking))

    # A yes to adaptation e-mails the centre. Counted per link: candidates behind one
    # network address (a NAV office, a mobile network) do not share a limit.
    @ratelimit_post(action="cancel", per_page=True)
    def post(self, request, *args, **kwargs):
        form = CandidateConfirmForm(request.POST)
        # A checkbox and the time the page showed; a page without the time (opened before
        # it was added) confirms without the check.
        form.is_valid()
        try:
            booking = services.booking_confirm_candidate(
                token=kwargs["token"],
                needs_adaptation=form.cleaned_data.get("needs_adaptation", False),
                seen_slot_id=form.cleaned_data.get("tid"),
            )
        except services.InvalidLink as error:
            try:  # pressed just as the appointment began: the page as it is now
                booking = services.booking_from_candidate_token(kwargs["token"], until_end=True)
            except services.InvalidLink:
                return self.render_to_response(
                    self.get_context_data(error=error.message), status=404
                )
            return self.render_to_response(self.get_context_data(booking=booking), status=409)
        except services.TimeChanged as changed:
            # The new time is shown, with the choice as ticked, to confirm if it suits.
            form = CandidateConfirmForm(
                initial={"needs_adaptation": form.cleaned_data.get("needs_adaptation", False)}
            )
            return self.render_to_response(
                self.get_context_data(
                    booking=changed.booking, time_changed=changed.message, form=form
                ),
                status=409,
            )
        return self.render_to_response(
            self.get_context_data(booking=booking, confirmed=True, form=form)
        )


class ConsultantFeedView(View):
    """A consultant's booked slots as an iCalendar feed; the secret token is the key."""

    def get(self, request, token):
        feed = CalendarFeed.objects.filter(token=token).select_related("consultant").first()
        # The address stops working when the consultant leaves (deactivated or no longer staff).
        if feed is None or not (feed.consultant.is_active and feed.consultant.is_staff):
            raise Http404
        bookings = (
            Booking.objects.filter(slot__consultant=feed.consultant)
            .exclude(status=Status.CANCELLED)
            .filter(slot__starts_at__gte=timezone.now() - timedelta(days=60))
            .select_related("slot")
        )
        events = [
            dataclasses.replace(
                calendar_event(booking),
                summary=f"Vurderingssamtale ({booking.candidate_initials or 'anonymisert'})",
                # Whom we call, but not the number: the feed is synced to outside calendars.
                description=booking.join_text(with_number=False),
            )
            for booking in bookings
        ]
        response = HttpResponse(build_calendar(events), content_type="text/calendar; charset=utf-8")
        response["Cache-Control"] = "private, max-age=300"
        return response
