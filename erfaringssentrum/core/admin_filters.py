"""List filters the apps' admins share: `UpcomingByDefaultFilter`, which the slot, booking and
course lists subclass so staff see what lies ahead first."""

from django.contrib import admin


class UpcomingByDefaultFilter(admin.SimpleListFilter):
    """A list filter that shows what lies ahead unless staff ask for the past or for all.

    Subclasses set the labels and implement `upcoming()` and `past()`.
    """

    upcoming_label = "Kommende"

    def lookups(self, request, model_admin):
        return [("kommende", self.upcoming_label), ("tidligere", "Tidligere"), ("alle", "Alle")]

    def choices(self, changelist):
        for lookup, title in self.lookup_choices:
            yield {
                "selected": (self.value() or "kommende") == lookup,
                "query_string": changelist.get_query_string({self.parameter_name: lookup}),
                "display": title,
            }

    def queryset(self, request, queryset):
        value = self.value() or "kommende"
        if value == "kommende":
            return self.upcoming(queryset)
        if value == "tidligere":
            return self.past(queryset)
        return queryset

    def upcoming(self, queryset):
        raise NotImplementedError

    def past(self, queryset):
        raise NotImplementedError
