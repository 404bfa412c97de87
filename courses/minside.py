from erfaringssentrum.minside import Section


def section(request):
    return Section(
        title="Mine kurspåmeldinger",
        template_name="courses/minside_section.html",
        anchor="kurs",
    )
