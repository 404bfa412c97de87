from erfaringssentrum.core.minside import Section


def section(request):
    return Section(title="Ny seksjon", template_name="extra_app/section.html")
