"""Demo content for `seed_demo` (idempotent: resources that exist are left as staff left them)."""

import datetime as dt

from django.core.files.base import ContentFile
from django.utils import timezone

from erfaringssentrum.pagecache import bump_content_version

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
    "[ ] Ledelsen og de ansatte vet hvorfor stillingen opprettes.",
    "[ ] Vi vet hvilken erfaring vi trenger (rus, psykisk helse, barnevern ...).",
    "[ ] Vi har en stillingsbeskrivelse som kan justeres sammen med den som ansettes.",
    "[ ] Vi har bestemt hva som skal gjøre rollen unik, så den ikke blir 'ekstra hender'.",
    "[ ] Vi har snakket med andre arbeidsgivere som har ansatt erfaringskonsulenter.",
    "[ ] Vi har en plan for veiledning og oppfølging.",
    "[ ] Den som ansettes får samme rettigheter og plikter som andre ansatte.",
    "[ ] Vi har tenkt på tilhørighet: kollegaer, nettverk, gjerne to i samme tjeneste.",
    "",
    "Erfaringssentrum - post@erfaringssentrum.example - +47 000 00 000",
]

RESOURCES = [
    {
        "slug": "ti-rad-til-arbeidsgivere",
        "title": "Ti råd til arbeidsgivere som vil ansette en erfaringskonsulent",
        "kind": Kind.TIPS,
        "audiences": [EMPLOYER, SERVICES],
        "featured": True,
        "days_ago": 12,
        "summary": "Rådene kommer fra et verksted med arbeidsgivere i NAV og erfaringskonsulenter: "
        "planlegg godt, hold rollen unik og sørg for at den nyansatte hører til.",
        "body": """
Vi samlet arbeidsgivere i NAV og erfaringskonsulenter til et verksted. Her er det de mente
betyr mest når en virksomhet skal ansette en erfaringskonsulent.

1. **Planlegg i god tid.** Både ledelse og ansatte må vite hvorfor stillingen finnes. Ha en
   plan, men lag ikke stillingsannonsen så stram at de rette søkerne faller fra.
2. **Avklar hvilken kompetanse dere trenger.** Er det erfaring fra rus, psykisk helse eller noe
   smalere? Trenger dere rusfeltserfaring, bør dere tidlig bestemme hvor lenge dere forventer
   at søkeren har vært rusfri.
3. **Skriv en stillingsbeskrivelse.** Gjerne sammen med den dere ansetter. Den kan endres
   underveis, men må være konkret nok til at rollen ikke vannes ut.
4. **Hold rollen unik.** Snakk om hva erfaringskonsulenten gjør som ingen andre gjør. Rollen
   skal ikke gli over i å bli «et ekstra par hender».
5. **Lær av andre.** Snakk med arbeidsgivere som har gjort dette før, og la den nyansatte møte
   andre erfaringskonsulenter.
6. **Legg vekt på personlig egnethet.** Se etter en som er trygg og selvstendig, som bruker
   erfaringen sin konstruktivt og har et avklart forhold til egen historie.
7. **Respekter kompetansen.** Erfaringskompetanse er likeverdig med annen kompetanse.
   Erfaringskonsulenten jobber annerledes, og er et godt forbilde.
8. **Still krav.** Erfaringskonsulenten har de samme rettighetene og pliktene som alle andre
   ansatte.
9. **Gi rom for samtale internt.** Rollen er ny for mange. Snakk om den i personalgruppa,
   jevnlig og ikke bare i starten.
10. **Sørg for tilhørighet.** To erfaringskonsulenter er bedre enn én, men de fleste jobber
    alene. Gjør dem til en naturlig del av kollegafellesskapet.
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
som bruker av barnevernet eller som pårørende. Det stilles ingen krav om formell utdanning.
Det som teller mest, er at du passer til rollen og har et ønske om å gjøre en forskjell.
Noen arbeidsgivere ønsker likevel helse- eller sosialfaglig utdanning.

## Hva betyr det å passe til rollen?

- Du kan se noe allment i det du selv har vært gjennom, og bruke det som et verktøy.
- Du har et reflektert forhold til egen historie og tåler å høre andres uten å bli revet med.
- Du kan bygge gode relasjoner, si nei og leve med usikkerhet.
- Du er nysgjerrig på hvordan tjenestene kan bli bedre, også på systemnivå.

Rollen krever mye av deg. Ta deg tid til å kjenne etter.

## Når du søker jobb

Skriv om hvordan du vil bruke erfaringen din til å hjelpe andre og gjøre tjenestene bedre.
Du trenger ikke fortelle hele livshistorien din eller nevne diagnoser. Poenget er ikke det
vonde du har opplevd, men hvordan du gjør det om til noe som er til nytte for andre.

Vil du tenke mer over det? Ta [egenvurderingen](/ressurser/passer-jeg/), eller be
NAV-veilederen din om å bestille en gratis vurderingssamtale hos oss.
""",
    },
    {
        "slug": "slik-kan-du-veilede-en-kandidat",
        "title": "Slik kan du veilede en kandidat mot jobb som erfaringskonsulent",
        "kind": Kind.TIPS,
        "audiences": [NAV],
        "featured": True,
        "days_ago": 8,
        "summary": "For veiledere i NAV og arbeidsmarkedstiltak: hva du kan se etter, hva du kan "
        "spørre om, og hvordan vi kan hjelpe deg med en gratis vurdering.",
        "body": """
Stadig flere NAV-kontorer og tiltaksarrangører spør oss om en kandidat de følger opp bør
satse på å bli erfaringskonsulent. Det er et godt spørsmål å stille tidlig.

## Se etter dette

- Kandidaten snakker om erfaringene sine med en viss avstand, og kan trekke lærdom av dem.
- Kandidaten er opptatt av andre, og av hvordan tjenestene kunne vært bedre.
- Kandidaten står stødig nok til å møte mennesker som strever.

## Slik kan vi hjelpe

Vi tilbyr en **gratis vurderingssamtale** på en time, der vi sammen ser på om dette er riktig
vei for kandidaten. Du kan også melde deg på en **fellessamling** for veiledere, der vi og
folk fra nettverket vårt deler erfaringer med slike vurderinger.
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
En erfaringskonsulent bruker egen erfaring som pasient, bruker eller pårørende i jobben. De
fleste jobber innen psykisk helse og rus, i kommunene eller i spesialisthelsetjenesten. NAV
har også begynt å ansette erfaringskonsulenter, blant annet for å jobbe med unge som strever
med psykisk helse og rus. Du kan også møte titler som *medarbeider med brukererfaring*,
*erfaringsmedarbeider* og *medforsker*.

## Typiske oppgaver

- Gi håp om bedring, og styrke den recoveryorienterte tenkningen i tjenesten.
- Styrke brukermedvirkning, slik at brukernes stemme blir hørt når tjenester utvikles.
- Være til stede i lavterskeltilbud, og åpne dører til brukerorganisasjonene.
- Være samtalepartner for ledere, og undervise kolleger og nyansatte.
- Hjelpe pasienter og brukere med å få rettighetene sine oppfylt.

## Hvor mange er de?

Det finnes ikke noe register, men vi anslår at mellom 300 og 500 personer jobber som
erfaringskonsulent eller medarbeider med brukererfaring i Norge. SINTEF har talt 178 årsverk i
kommunene. Mange stillinger er knyttet til prosjekter og forsvinner når prosjektet slutter. Vi
arbeider for faste stillinger med ordnede arbeidsvilkår.

Det finnes ingen tariffavtale ennå. Lønnen ligger omtrent mellom 350 000 og 550 000 kroner i
året, avhengig av arbeidsgiver, stillingstype og utdanning.
""",
    },
    {
        "slug": "erfaringskonsulent-eller-brukerrepresentant",
        "title": "Erfaringskonsulent eller brukerrepresentant – hva er forskjellen?",
        "kind": Kind.ARTICLE,
        "audiences": [WANTS, SERVICES],
        "days_ago": 55,
        "summary": "Den ene er ansatt og bruker erfaringen sin i jobben, den andre representerer "
        "en organisasjon i råd og utvalg. Begge trengs, og de bør spille på lag.",
        "body": """
En **erfaringskonsulent** er ansatt i en tjeneste. Egen erfaring er et arbeidsverktøy, både i
møte med pasienter og brukere og når tjenesten skal utvikles.

En **brukerrepresentant** representerer en pasient- eller brukerorganisasjon, for eksempel i
brukerråd, styrer og utvalg.

Vi mener de to rollene bør samarbeide der det er mulig. Sammen kan de gjøre
brukermedvirkningen sterkere enn hver for seg.
""",
    },
    {
        "slug": "brukeransettelser-dette-bor-dere-avklare",
        "title": "Brukeransettelser: dette bør dere avklare før dere ansetter",
        "kind": Kind.ARTICLE,
        "audiences": [EMPLOYER, SERVICES],
        "days_ago": 30,
        "summary": "Det er ikke nok at den dere ansetter har brukererfaring. Stillingen må kreve "
        "erfaringen. Slik forbereder dere en god brukeransettelse.",
        "body": """
Å ansette en person som er eller har vært bruker av tjenestene, er ikke i seg selv en
*brukeransettelse*. Det blir det først når stillingens formål og oppgaver **krever**
erfaringen.

## Avklar på forhånd

- **Forankring:** ledelsen må stå bak.
- **Formål og nivå:** skal personen jobbe direkte med brukere, med prosjekter og
  tjenesteutvikling, eller begge deler?
- **Plassering og veiledning:** hvor hører stillingen hjemme, og hvem gir veiledning?
- **Forventninger:** mellom erfaringskonsulent, kolleger, arbeidsgiver, brukerråd og
  brukerorganisasjoner.

## Hva dere kan få igjen

Mer treffsikre tjenester, økonomiske gevinster av det, og verdi for den enkelte brukers
bedringsprosess. En norsk studie fant likevel at rollen kan oppleves uklar når det gjelder
innhold, rammer og forventninger. God forberedelse hjelper.

## Til kompetansesentre

Ikke forvent at erfaringskonsulenter skal brette ut livshistorien sin fra scenen på
konferanser. Be dem heller snakke om bedringsprosessen og hvordan de bruker den i arbeidet.
Betal riktig honorar for deltakelse i brukerråd og for bidrag på konferanser.
""",
    },
    {
        "slug": "recovery-college",
        "title": "Recovery College: kurs som lages i fellesskap",
        "kind": Kind.ARTICLE,
        "audiences": [SERVICES, WANTS],
        "days_ago": 70,
        "summary": "Et konsept fra Storbritannia der mennesker med psykiske helseutfordringer og "
        "fagfolk lager og holder kurs sammen, som likeverdige.",
        "body": """
Recovery College kommer fra Storbritannia. Mennesker med psykiske helseutfordringer og
fagfolk utvikler kursene sammen og på like fot. Tilbudet er for begge grupper: fagfolk lærer
å støtte andres bedringsprosess bedre, og deltakere med egen erfaring får kunnskap og
fellesskap.

Som regel er det et studietilbud over tid. Målet er å gi håp, kontroll over eget liv og nye
muligheter. I Norge finnes det blant annet tilbud på Jæren og i Bergen.
""",
    },
    {
        "slug": "oslo-kommunes-veileder-for-arbeidsgivere",
        "title": "Oslo kommunes veileder for arbeidsgivere som ansetter erfaringskonsulenter",
        "kind": Kind.HANDBOOK,
        "audiences": [EMPLOYER, SERVICES],
        "days_ago": 95,
        "summary": "Veilederen ble laget under Oslos rusprogram og gir ledere og mellomledere råd "
        "om rolle, arbeidsvilkår, veiledning og teamarbeid.",
        "body": """
Oslo kommune hadde et eget program for rusfeltet fra 2020 til 2024. Målet var færre
institusjonsplasser og bedre livskvalitet for mennesker med rusproblemer, gjennom bolig,
tjenester og aktivitet der de bor.

Som en del av programmet kom en veileder for arbeidsgivere og mellomledere som ansetter
erfaringskonsulenter. Hovedpunktene:

- Beskriv rollen og oppgavene godt.
- Bruk vanlige ansettelsesvilkår, men vær forberedt på at noen trenger litt ekstra
  oppfølging.
- Sørg for veiledning underveis.
- La erfaringskonsulenten være en del av et team.

Å lykkes med dem som er ansatt i dag, er grunnlaget for at flere blir ansatt i morgen.
""",
    },
    {
        "slug": "to-opplaeringstilbud-vi-anbefaler",
        "title": "To opplæringstilbud vi anbefaler",
        "kind": Kind.ARTICLE,
        "audiences": [WANTS, NAV],
        "days_ago": 60,
        "summary": "Det finnes ingen formell utdanning til erfaringskonsulent i Norge, men to "
        "programmer gir et godt grunnlag: ett i Bergen og ett i Oslo.",
        "body": """
Det finnes ingen formell utdanningsvei til jobben som erfaringskonsulent i Norge. Du trenger
heller ingen. Likevel kan det være nyttig å lære mer før du søker jobb. Vi anbefaler to
tilbud. Ingen av dem gir en formell grad.

- **Medarbeider med brukererfaring** i Bergen.
- **Erfaringsskolen** i Oslo.

Usikker på om et slikt tilbud er riktig for deg? Ta gjerne kontakt med oss, eller be
NAV-veilederen din om å bestille en gratis vurderingssamtale.
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
Håndboken *Brukeransettelser – en håndbok for virksomheter som ønsker å ansette personer med
egenerfaringer innen psykisk helse og rus* er utgitt av Nasjonalt senter for
erfaringskompetanse.

Den passer for deg som skal planlegge en stilling, skrive utlysningen og ta imot den
nyansatte. Håndboken ligger hos utgiveren. Søk etter tittelen der.
""",
    },
    {
        "slug": "medarbeider-med-brukererfaring-en-ressurs",
        "title": "Medarbeider med brukererfaring – en ressurs",
        "kind": Kind.HANDBOOK,
        "audiences": [EMPLOYER, SERVICES],
        "days_ago": 150,
        "summary": "Helsedirektoratets veileder om hvordan tjenestene kan ta i bruk medarbeidere "
        "med brukererfaring.",
        "body": """
Helsedirektoratet har gitt ut *Medarbeider med brukererfaring – en ressurs*. Den beskriver
hva medarbeidere med brukererfaring kan bidra med, og hva tjenestene bør tenke på for at
rollen skal fungere.

Veilederen ligger hos Helsedirektoratet. Søk etter tittelen der.
""",
    },
    {
        "slug": "rapport-det-er-litt-som-et-eget-sprak",
        "title": "Rapport: «Det er litt som et eget språk»",
        "kind": Kind.REPORT,
        "audiences": [SERVICES, EMPLOYER],
        "days_ago": 200,
        "summary": "En rapport om erfaringskompetanse i tjenestene, for deg som vil forstå mer av "
        "hvordan rollen oppleves i praksis.",
        "body": """
Rapporten *Det er litt som et eget språk* handler om hvordan erfaringskompetanse tas i bruk,
og hvordan den oppleves av dem som har den og dem som jobber sammen med dem.

Rapporten ligger hos utgiveren. Søk etter tittelen der.
""",
    },
    {
        "slug": "brosjyre-erfaringskonsulenten-en-ressurs-i-nav",
        "title": "Brosjyre: Erfaringskonsulenten – en ressurs i NAV",
        "kind": Kind.BROCHURE,
        "audiences": [NAV],
        "days_ago": 45,
        "summary": "En brosjyre om hva en erfaringskonsulent kan bety for et NAV-kontor og for "
        "brukerne der.",
        "body": """
Brosjyren *Erfaringskonsulenten: En ressurs i NAV* viser hvordan NAV-kontorer kan bruke
erfaringskonsulenter, blant annet i arbeidet med unge som strever med psykisk helse og rus.

Brosjyren ligger hos utgiveren. Søk etter tittelen der.
""",
    },
    {
        "slug": "sjekkliste-for-arbeidsgivere",
        "title": "Sjekkliste for arbeidsgivere (PDF)",
        "kind": Kind.BROCHURE,
        "audiences": [EMPLOYER],
        "days_ago": 5,
        "pdf": True,
        "summary": "Én side å skrive ut og ta med på ledermøtet: åtte ting å ha på plass før dere "
        "ansetter en erfaringskonsulent.",
        "body": """
Sjekklisten bygger på [våre ti råd til arbeidsgivere](/ressurser/ti-rad-til-arbeidsgivere/).
Last den ned, skriv den ut og gå gjennom den sammen med dem som skal jobbe med den nyansatte.
""",
    },
    {
        "slug": "samtale-om-rollen-som-erfaringskonsulent",
        "title": "Video: samtale om rollen som erfaringskonsulent",
        "kind": Kind.VIDEO,
        "audiences": [WANTS, EMPLOYER, NAV],
        "published_at": dt.datetime(2018, 6, 26, 12, 0, tzinfo=dt.UTC),
        "external_url": "https://video.erfaringssentrum.example/samtale-om-rollen",
        "summary": "En samtale om hvilke muligheter og utfordringer rollen gir, og hvorfor ordnede "
        "arbeidsvilkår er så viktige.",
        "body": """
I denne samtalen fra juni 2018 snakker vi om hva rollen som erfaringskonsulent kan gi, hva som
er vanskelig, og hvorfor faste stillinger og ordnede arbeidsvilkår betyr så mye.

Videoen ligger hos en videotjeneste. Lenken åpner den der.
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
Stillinger som erfaringskonsulent lyses ofte ut under andre titler også. Prøv gjerne
søkeordene *erfaringsmedarbeider* og *medarbeider med brukererfaring*.
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


def seed(*, stdout):
    audiences = {
        slug: Audience.objects.get_or_create(slug=slug, defaults={"name": name, "position": n})[0]
        for n, (slug, name) in enumerate(AUDIENCES, start=1)
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
        bump_content_version()  # update() sends no post_save
    stdout.write(f"Ressurser: {created} nye, {Resource.objects.count()} totalt.")
