"""Demo content for `seed_demo` (idempotent: resources that exist are left as staff left them)."""

import datetime as dt

from django.core.files.base import ContentFile
from django.utils import timezone

from erfaringssentrum.core.pagecache import content_changed

from .models import Audience, Kind, Resource

WANTS = "vil-bli-erfaringskonsulent"
NAV = "nav-og-tiltak"
EMPLOYER = "arbeidsgiver"
SERVICES = "tjenester-og-kompetansesentre"

AUDIENCES = [
    (WANTS, "Vil bli erfaringskonsulent"),
    (NAV, "NAV og tiltak"),
    (EMPLOYER, "Arbeidsgiver"),
    (SERVICES, "Tjenester og kompetansesentre"),
]

CHECKLIST_LINES = [
    "Sjekkliste: før dere ansetter en erfaringskonsulent",
    "",
    "[ ] Ledelsen og de ansatte vet hva stillingen skal være til.",
    "[ ] Vi vet hvilken kompetanse vi trenger (rus, psykiatri eller noe smalere).",
    "[ ] Vi har en stillingsbeskrivelse som kan justeres sammen med den vi ansetter.",
    "[ ] Vi vet hva som gjør rollen unik, så den ikke blir «et ekstra par hender».",
    "[ ] Vi har snakket med andre arbeidsgivere som har ansatt erfaringskonsulenter.",
    "[ ] Vi vet hvem som skal gi veiledning.",
    "[ ] Den vi ansetter, får de samme rettighetene og pliktene som andre ansatte.",
    "[ ] Vi har tenkt på tilhørighet, gjerne med to erfaringskonsulenter.",
    "",
    "Erfaringssentrum",
]

RESOURCES = [
    {
        "slug": "ti-rad-til-arbeidsgivere",
        "title": "Ti råd til arbeidsgivere som vil ansette en erfaringskonsulent",
        "kind": Kind.TIPS,
        "audiences": [EMPLOYER, SERVICES],
        "featured": True,
        "days_ago": 12,
        "summary": "Ti råd fra et verksted med arbeidsgivere i NAV og erfaringskonsulenter: "
        "planlegg godt, hold rollen unik og sørg for at den nyansatte hører til.",
        "body": """
Rådene kommer fra et verksted med arbeidsgivere i NAV og erfaringskonsulenter.

1. **Planlegg i god tid.** Ledelsen og de ansatte må vite hva stillingen skal være til. Ha
   en plan, men gjør ikke stillingsannonsen for stram.
2. **Avklar hvilken kompetanse dere trenger.** Er det erfaring med rus, psykiatri eller noe
   smalere? Ansetter dere en med rusbakgrunn, bør dere tidlig bestemme hvor mange år dere
   forventer at hen har vært rusfri.
3. **Lag en stillingsbeskrivelse.** Gjerne sammen med den dere ansetter. Den kan endres,
   men planen må være tydelig nok til at rollen ikke blir vannet ut.
4. **Hold rollen unik.** Snakk om hva erfaringskonsulenten gjør som ingen andre gjør. Rollen
   skal ikke gli over i å bli «et ekstra par hender».
5. **Lag møteplasser, og lær av andre.** Snakk med arbeidsgivere som har ansatt en
   erfaringskonsulent, og la den nyansatte møte andre erfaringskonsulenter.
6. **Legg stor vekt på personlig egnethet.** Se etter en som er trygg og selvstendig, som
   bruker erfaringen sin konstruktivt og har et avklart forhold til egen historie.
7. **Respekter kompetansen.** Erfaringskompetanse er likeverdig med annen kompetanse.
   Erfaringskonsulenten jobber annerledes, og er et positivt forbilde.
8. **Still krav.** Erfaringskonsulenten har de samme rettighetene og pliktene som andre
   ansatte.
9. **Gi rom for samtale internt.** Rollen er ny for mange. Snakk om den i personalgruppa,
   hele tiden.
10. **Sørg for tilhørighet.** To erfaringskonsulenter er bedre enn én, men de fleste jobber
    alene. Gjør dem til en naturlig del av personalgruppa.
""",
    },
    {
        "slug": "vurderer-du-a-bli-erfaringskonsulent",
        "title": "Vurderer du å bli erfaringskonsulent?",
        "kind": Kind.TIPS,
        "audiences": [WANTS, NAV],
        "featured": True,
        "days_ago": 20,
        "summary": "Du trenger ingen formell utdanning, men du må kunne bruke erfaringen din til "
        "å hjelpe andre. Her er det du bør tenke gjennom før du søker.",
        "body": """
Som erfaringskonsulent blir du ansatt *fordi* du har egen erfaring, for eksempel som pasient,
fra barnevernet eller som pårørende. Det er ikke krav om formell utdanning. Det viktigste er
at du er personlig egnet og har et sterkt ønske om å gjøre en forskjell. Noen
stillingsannonser ønsker likevel helse- eller sosialfaglig utdanning.

## Hva betyr det å være egnet?

- Du kan se noe allment i det du selv har vært gjennom, og bruke det som et verktøy.
- Du har et reflektert forhold til egen historie. Du kan snakke med mennesker som strever,
  uten å bli retraumatisert selv.
- Du er god på relasjoner, kan si nei og tåler usikkerhet.
- Du forstår hvordan man kan påvirke på systemnivå.

Rollen krever mye av deg. Ta deg tid til å kjenne etter.

## Når du søker jobb

Skriv om hvordan du vil bruke erfaringen din til å hjelpe andre og gjøre tjenestene bedre.
Skriv ikke om diagnoser, og fortell ikke hele livshistorien din. Poenget er ikke det vonde du
har opplevd, men hvordan du gjør erfaringen om til hjelp for andre.

Vil du tenke mer over det? Ta [egenvurderingen](/ressurser/passer-jeg/), eller be
NAV-veilederen din om å booke en gratis vurderingssamtale hos oss.
""",
    },
    {
        "slug": "slik-kan-du-veilede-en-kandidat",
        "title": "Slik kan du veilede en kandidat mot jobb som erfaringskonsulent",
        "kind": Kind.TIPS,
        "audiences": [NAV],
        "featured": True,
        "days_ago": 8,
        "summary": "For veiledere i NAV og arbeidsmarkedstiltak: hva du kan se etter hos en "
        "kandidat, og hvordan vi kan hjelpe deg med en gratis vurdering.",
        "body": """
Stadig flere NAV-kontorer og arbeidsmarkedstiltak spør oss om en kandidat de følger opp, bør
satse på å bli erfaringskonsulent.

## Se etter dette

- Kandidaten har et reflektert forhold til egen historie.
- Kandidaten kan se noe allment i det hen har opplevd, og bruke det til å hjelpe andre.
- Kandidaten kan snakke med mennesker som strever, uten å bli retraumatisert selv.
- Kandidaten har et sterkt ønske om å gjøre en forskjell.

## Slik kan vi hjelpe

Du kan [booke en gratis time](/vurdering/) hos oss, der vi vurderer om dette er riktig
vei for kandidaten. Du kan også melde deg på en [fellessamling](/kurs/) for veiledere. Der
forteller folk fra nettverket vårt om veien til jobben, og om å vurdere om en kandidat bør
gå den.
""",
    },
    {
        "slug": "hva-gjor-en-erfaringskonsulent",
        "title": "Hva gjør en erfaringskonsulent?",
        "kind": Kind.ARTICLE,
        "audiences": [WANTS, NAV, EMPLOYER],
        "days_ago": 40,
        "summary": "En erfaringskonsulent er ansatt i helse- eller velferdstjenester på grunn av "
        "egen erfaring. Her er hva rollen går ut på, og hvor mange som har den.",
        "body": """
En erfaringskonsulent er ansatt i helse- eller velferdstjenester *fordi* hen har egen
erfaring, for eksempel som pasient, fra barnevernet eller som pårørende. De fleste jobber
innen psykisk helse og rus, i kommunale tjenester eller i spesialisthelsetjenesten.
NAV-kontorer har også begynt å ansette erfaringskonsulenter, blant annet for å jobbe med unge
som har utfordringer med psykisk helse og rus. Du kan også møte titlene *medarbeider med
brukererfaring*, *erfaringsmedarbeider* og *medforsker*.

## Typiske oppgaver

- Gi håp om bedring, og styrke den recoveryorienterte tenkningen.
- Styrke brukermedvirkningen, slik at brukernes stemme blir hørt når tjenestene utvikles.
- Gi støtte i lavterskeltilbud.
- Åpne tjenestens dører for brukerorganisasjonene.
- Være sparringspartner for ledere.
- Undervise kolleger og nyansatte om hvordan det er å leve med psykiske helseutfordringer.
- Tale pasientenes sak og stå opp for rettighetene deres.

## Hvor mange er de?

Det finnes ikke noe register. Vårt anslag er at mellom 300 og 500 personer er ansatt som
erfaringskonsulent eller medarbeider med brukererfaring i Norge. SINTEF 2020: 178 årsverk
i kommunene. For spesialisthelsetjenesten er tallene usikre.

Mange stillinger er knyttet til prosjekter, og forsvinner når prosjektet er over. Vi vil at
stillingene skal bli faste, med ordnede arbeidsvilkår.

## Lønn

Det finnes ingen tariffavtale ennå. Lønnen er omtrent mellom 350 000 og 550 000 kroner i
året. Den avhenger av arbeidsgiveren, hva slags stilling det er, hvor mye arbeidsgiveren
verdsetter erfaringskompetanse, og om du har formell utdanning. Lurer du på noe om lønn? Ta
kontakt med oss.
""",
    },
    {
        "slug": "erfaringskonsulent-eller-brukerrepresentant",
        "title": "Erfaringskonsulent eller brukerrepresentant – hva er forskjellen?",
        "kind": Kind.ARTICLE,
        "audiences": [WANTS, SERVICES],
        "days_ago": 55,
        "summary": "Den ene er ansatt og bruker erfaringen sin i jobben. Den andre representerer "
        "en organisasjon i råd og utvalg. Vi mener de bør samarbeide.",
        "body": """
En **erfaringskonsulent** er ansatt i en tjeneste. Egen erfaring er et arbeidsverktøy, både i
møte med pasienter og brukere og når tjenesten skal utvikles.

En **brukerrepresentant** representerer en pasient- eller brukerorganisasjon i råd og
utvalg.

Vi mener de to bør samarbeide der de kan. Slik blir brukermedvirkningen sterkere.
""",
    },
    {
        "slug": "brukeransettelser-dette-bor-dere-avklare",
        "title": "Brukeransettelser: dette bør dere avklare før dere ansetter",
        "kind": Kind.ARTICLE,
        "audiences": [EMPLOYER, SERVICES],
        "days_ago": 30,
        "summary": "Det er ikke nok at den dere ansetter har brukererfaring. Stillingen må kreve "
        "erfaringen. Dette bør dere avklare først.",
        "body": """
Å ansette en person som er eller har vært bruker av tjenestene, er ikke i seg selv en
*brukeransettelse*. Det er det først når stillingens formål og oppgaver **krever**
erfaringen.

## Avklar på forhånd

- **Forankring:** ledelsen må stå bak.
- **Formål og nivå:** skal personen jobbe direkte med brukere, med prosjekter og
  tjenesteutvikling, eller begge deler?
- **Plassering og veiledning:** hvor hører stillingen hjemme, og hvem gir veiledning?
- **Forventninger:** mellom erfaringskonsulenten, kollegene, arbeidsgiveren, brukerrådene og
  brukerorganisasjonene.

## Hva dere kan få igjen

Mer treffsikre tjenester, økonomiske gevinster av det, og verdi for bedringsprosessen til den
enkelte brukeren. En norsk studie fant likevel at rollen kan oppleves uklar når det gjelder
innhold, rammer og forventninger.

## Til kompetansesentre

Ikke forvent at erfaringskonsulenter skal fortelle livshistorien sin fra scenen på
konferanser. Be dem heller snakke om bedringsprosessen sin, og om hvordan de bruker den i
arbeidet. Betal riktig honorar for deltakelse i brukerråd og for bidrag på konferanser.
""",
    },
    {
        "slug": "recovery-college",
        "title": "Recovery College: kurs som lages i fellesskap",
        "kind": Kind.ARTICLE,
        "audiences": [SERVICES, WANTS],
        "days_ago": 70,
        "summary": "Et konsept fra Storbritannia der mennesker med psykiske helseutfordringer og "
        "fagfolk lager kurs sammen, som likeverdige.",
        "body": """
Recovery College er et konsept fra Storbritannia. Mennesker med psykiske helseutfordringer og
fagfolk lager kursene sammen, som likeverdige. Kursene er for begge grupper. Fagfolk blir
bedre til å støtte andre i bedringsprosessen deres.

Som regel er det et studietilbud over tid. Det bygger på recovery-tenkning, og skal gi håp,
kontroll og muligheter. I Norge har det vært Recovery College på Jæren og i Bergen.
""",
    },
    {
        "slug": "oslo-kommunes-veileder-for-arbeidsgivere",
        "title": "Oslo kommunes veileder for arbeidsgivere som ansetter erfaringskonsulenter",
        "kind": Kind.HANDBOOK,
        "audiences": [EMPLOYER, SERVICES],
        "days_ago": 95,
        "summary": "En veileder fra Oslo kommune for arbeidsgivere og mellomledere: om rollen, "
        "arbeidsvilkårene, veiledning og teamet.",
        "body": """
Oslo kommune hadde et eget program for rusfeltet fra 2020 til 2024. Målet var færre
institusjonsplasser og bedre livskvalitet for mennesker med rusproblemer, gjennom bolig,
tjenester og aktivitet i bydelen der de bor.

Kommunen har også laget en veileder for arbeidsgivere og mellomledere som ansetter
erfaringskonsulenter. Hovedpunktene:

- Beskriv rollen og oppgavene godt.
- Bruk vanlige ansettelsesvilkår. Noen trenger likevel litt ekstra oppfølging.
- Sørg for veiledning underveis.
- La erfaringskonsulenten være en del av et team.

Å lykkes med dem som er ansatt i dag, er grunnlaget for at flere blir ansatt.
""",
    },
    {
        "slug": "to-opplaeringstilbud-vi-anbefaler",
        "title": "To opplæringstilbud vi anbefaler",
        "kind": Kind.ARTICLE,
        "audiences": [WANTS, NAV],
        "days_ago": 60,
        "summary": "Det finnes ingen formell utdanning til erfaringskonsulent i Norge. Vi "
        "anbefaler to programmer, ett i Bergen og ett i Oslo.",
        "body": """
Det finnes ingen formell utdanningsvei til jobben som erfaringskonsulent i Norge, og det er
ikke krav om utdanning. Vi anbefaler likevel to programmer. De kan hjelpe deg å forstå rollen
bedre. Ingen av dem gir en formell grad.

- **Medarbeider med brukererfaring** i Bergen.
- **Erfaringsskolen** i Oslo.

Usikker på om et slikt tilbud passer for deg? Ta kontakt med oss, eller be NAV-veilederen din
om å booke en gratis vurderingssamtale.
""",
    },
    {
        "slug": "handbok-brukeransettelser",
        "title": "Håndbok: Brukeransettelser",
        "kind": Kind.HANDBOOK,
        "audiences": [EMPLOYER, SERVICES],
        "days_ago": 120,
        "summary": "En håndbok fra Nasjonalt senter for erfaringskompetanse for virksomheter som "
        "vil ansette personer med egenerfaring innen psykisk helse og rus.",
        "body": """
*Brukeransettelser – en håndbok for virksomheter som ønsker å ansette personer med
egenerfaringer innen psykisk helse og rus* er gitt ut av Nasjonalt senter for
erfaringskompetanse.

Søk etter tittelen for å finne håndboken.
""",
    },
    {
        "slug": "medarbeider-med-brukererfaring-en-ressurs",
        "title": "Medarbeider med brukererfaring – en ressurs",
        "kind": Kind.HANDBOOK,
        "audiences": [EMPLOYER, SERVICES],
        "days_ago": 150,
        "summary": "En publikasjon fra Helsedirektoratet om medarbeidere med brukererfaring.",
        "body": """
Helsedirektoratet har gitt ut *Medarbeider med brukererfaring – en ressurs*. Søk etter
tittelen for å finne den.
""",
    },
    {
        "slug": "rapport-det-er-litt-som-et-eget-sprak",
        "title": "Rapport: «Det er litt som et eget språk»",
        "kind": Kind.REPORT,
        "audiences": [SERVICES, EMPLOYER],
        "days_ago": 200,
        "summary": "En av rapportene vi viser til for deg som vil vite mer om å ansette "
        "erfaringskonsulenter.",
        "body": """
Søk etter tittelen *Det er litt som et eget språk* for å finne rapporten.
""",
    },
    {
        "slug": "brosjyre-erfaringskonsulenten-en-ressurs-i-nav",
        "title": "Brosjyre: Erfaringskonsulenten – en ressurs i NAV",
        "kind": Kind.BROCHURE,
        "audiences": [NAV],
        "days_ago": 45,
        "summary": "En brosjyre om erfaringskonsulenter i NAV.",
        "body": """
Brosjyren *Erfaringskonsulenten: En ressurs i NAV* er for deg som jobber i NAV. Ta kontakt
med oss hvis du vil ha den.
""",
    },
    {
        "slug": "sjekkliste-for-arbeidsgivere",
        "title": "Sjekkliste for arbeidsgivere (PDF)",
        "kind": Kind.BROCHURE,
        "audiences": [EMPLOYER],
        "days_ago": 5,
        "pdf": True,
        "summary": "Én side å skrive ut: åtte ting å ha på plass før dere ansetter en "
        "erfaringskonsulent.",
        "body": """
Sjekklisten bygger på [de ti rådene til arbeidsgivere](/ressurser/ti-rad-til-arbeidsgivere/).
Gå gjennom den sammen med dem som skal jobbe med den nyansatte.
""",
    },
    {
        # No link: the real video is «ROP-snakk», and the demo does not invent an address
        # for it. Staff add the real one under "ekstern lenke".
        "slug": "samtale-om-rollen-som-erfaringskonsulent",
        "title": "Video: samtale om rollen som erfaringskonsulent",
        "kind": Kind.VIDEO,
        "audiences": [WANTS, EMPLOYER, NAV],
        "published_at": dt.datetime(2018, 6, 26, 12, 0, tzinfo=dt.UTC),
        "summary": "En samtale fra juni 2018 om mulighetene og utfordringene i rollen, og om "
        "hvorfor ryddige arbeidsforhold er viktige.",
        "body": """
Videoen «ROP-snakk» er en samtale fra juni 2018. Den handler om mulighetene og utfordringene
i rollen som erfaringskonsulent, og om hvorfor det er viktig med ryddige arbeidsforhold.

Søk etter «ROP-snakk» for å finne videoen.
""",
    },
    {
        "slug": "ledige-stillinger",
        "title": "Ledige stillinger som erfaringskonsulent",
        "kind": Kind.LINK,
        "audiences": [WANTS],
        "days_ago": 3,
        "external_url": "https://arbeidsplassen.nav.no/stillinger?q=erfaringskonsulent",
        "summary": "Søk etter ledige stillinger som erfaringskonsulent på arbeidsplassen.nav.no.",
        "body": """
Stillingene kan ha andre titler enn erfaringskonsulent. Søk gjerne også på
*erfaringsmedarbeider* og *medarbeider med brukererfaring*.
""",
    },
]

DRAFT = {
    "slug": "lonn-og-arbeidsvilkar",
    "title": "Lønn og arbeidsvilkår for erfaringskonsulenter",
    "kind": Kind.ARTICLE,
    "audiences": [WANTS, EMPLOYER],
    "draft": True,
    "days_ago": 0,
    "summary": "Utkast: hva vi vet om lønn, og hva vi jobber for.",
    "body": "Denne artikkelen er under arbeid.",
}


def simple_pdf(lines: list[str]) -> bytes:
    """A valid one-page PDF with the lines as text (Helvetica, Latin-1)."""

    def escape(text):
        return text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")

    text = "BT /F1 12 Tf 60 780 Td 16 TL " + " ".join(f"({escape(line)}) '" for line in lines)
    stream = (text + " ET").encode("latin-1")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
        b"/Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


def _audience(slug: str, name: str, position: int) -> Audience:
    """An audience the site links to is found by its key: staff may have changed its slug."""
    key = slug if slug in Audience.Key.values else None
    kept = Audience.objects.filter(key=key).first() if key else None
    return (
        kept
        or Audience.objects.get_or_create(
            slug=slug, defaults={"name": name, "position": position, "key": key}
        )[0]
    )


def seed(*, stdout):
    audiences = {
        slug: _audience(slug, name, n) for n, (slug, name) in enumerate(AUDIENCES, start=1)
    }
    now = timezone.now()
    created = 0
    for data in [*RESOURCES, DRAFT]:
        published_at = data.get("published_at") or now - dt.timedelta(days=data["days_ago"])
        resource, was_created = Resource.objects.get_or_create(
            slug=data["slug"],
            defaults={
                "title": data["title"],
                "kind": data["kind"],
                "summary": data["summary"],
                "body": data["body"].strip(),
                "external_url": data.get("external_url", ""),
                "is_published": not data.get("draft", False),
                "is_featured": data.get("featured", False),
                "published_at": published_at,
            },
        )
        if not was_created:
            continue
        created += 1
        resource.audiences.set([audiences[slug] for slug in data["audiences"]])
        if data.get("pdf"):
            resource.pdf.save(
                "sjekkliste-for-arbeidsgivere.pdf", ContentFile(simple_pdf(CHECKLIST_LINES))
            )
        # Demo resources have not been edited since they were published: no "Oppdatert" date.
        Resource.objects.filter(pk=resource.pk).update(updated_at=published_at)
    if created:
        content_changed()  # update() sends no post_save
    stdout.write(f"Ressurser: {created} nye, {Resource.objects.count()} totalt.")
