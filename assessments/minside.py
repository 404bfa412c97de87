from erfaringssentrum.minside import Section


def section(request):
    return Section(
        title="Mine bookinger av vurderingssamtale",
        template_name="assessments/minside_section.html",
        anchor="bookinger",
    )
