"""Demo questions for `seed_demo`: idempotent, and it never overwrites what staff changed."""

from resources.models import Resource

from .models import Category, Question

CATEGORIES = [
    ("lonn-og-arbeidsvilkar", "Lønn og arbeidsvilkår"),
    ("utdanning-og-kurs", "Utdanning og kurs"),
    ("rollen", "Rollen"),
    ("a-soke-jobb", "Å søke jobb"),
    ("a-ansette", "Å ansette"),
    ("om-senteret", "Om senteret"),
]

# (category slug, question slug, question, answer in Markdown)
QUESTIONS = [
    (
        "lonn-og-arbeidsvilkar",
        "hva-er-lonnen",
        "Hva er lønnen for en erfaringskonsulent?",
        """Lønnen varierer mye. De fleste vi kjenner til tjener et sted mellom
**350 000 og 550 000 kroner i året**.

Lønnsnivået avhenger blant annet av

- hvilken arbeidsgiver du har, og hva slags stilling det er,
- hvor høyt arbeidsgiveren verdsetter kompetansen fra egen erfaring,
- om du har formell utdanning i tillegg.

Det finnes ingen egen tariffavtale ennå, så lønn forhandles med hver arbeidsgiver.
Spør gjerne hva andre i lignende stillinger får før du forhandler.""",
    ),
    (
        "lonn-og-arbeidsvilkar",
        "finnes-det-en-tariffavtale",
        "Finnes det en tariffavtale for erfaringskonsulenter?",
        """Nei, ikke ennå. Vilkårene avtales derfor med hver enkelt arbeidsgiver.

Mange stillinger er knyttet til prosjekter og forsvinner når prosjektet tar slutt.
Senteret arbeider for at flere blir fast ansatt, med ordnede arbeidsvilkår på linje
med andre ansatte.""",
    ),
    (
        "utdanning-og-kurs",
        "ma-jeg-ha-utdanning",
        "Må jeg ha utdanning for å bli erfaringskonsulent?",
        """Nei. Det stilles ingen formelle krav til utdanning. Det viktigste er at du er
personlig egnet og virkelig ønsker å gjøre en forskjell for andre.

Noen arbeidsgivere skriver likevel i utlysningen at de foretrekker helse- eller
sosialfaglig utdanning, så les annonsen nøye.""",
    ),
    (
        "utdanning-og-kurs",
        "anbefalte-opplaeringstilbud",
        "Hvilke opplæringstilbud anbefaler dere?",
        """Det finnes ingen formell utdanningsvei til rollen i Norge. To tilbud vi anbefaler er

- programmet *Medarbeider med brukererfaring* i Bergen,
- *Erfaringsskolen* i Oslo.

Ingen av dem gir en formell grad, men begge gir deg et godt grunnlag for å bruke
egen erfaring i arbeid med andre.""",
    ),
    (
        "utdanning-og-kurs",
        "hva-er-en-fellessamling",
        "Hva er en fellessamling, og når får den en dato?",
        """En fellessamling er et gratis kurs på omtrent to timer for deg som veileder
kandidater i NAV eller i et arbeidsmarkedstiltak. Du får vite hva som skal til for å
bli erfaringskonsulent og hvordan du kan veilede kandidater mot en slik jobb. Folk fra
nettverket vårt forteller om sine erfaringer, og du møter andre som følger opp
lignende kandidater.

Vi holder samlingen når det er 5–10 påmeldte. Inntil da oppgir vi en forventet
periode, for eksempel «februar eller mars», og den endelige datoen settes når
gruppen er stor nok. [Se kursene og meld deg på](/kurs/).""",
    ),
    (
        "rollen",
        "hva-gjor-en-erfaringskonsulent",
        "Hva gjør en erfaringskonsulent?",
        """En erfaringskonsulent er ansatt i helse- eller velferdstjenester nettopp
*fordi* hen har egen erfaring, for eksempel som pasient, som bruker av barnevernet
eller som pårørende. De fleste jobber innen psykisk helse og rus, i kommunen eller i
spesialisthelsetjenesten, og flere NAV-kontor har også begynt å ansette.

Typiske oppgaver er å

- gi håp om at bedring er mulig,
- styrke brukermedvirkning og få brukernes stemme fram når tjenestene utvikles,
- være støtte på lavterskeltilbud,
- være en samtalepartner for ledere,
- lære opp kolleger og nyansatte om hvordan det er å leve med psykiske helseplager,
- tale pasientenes sak og passe på rettighetene deres.""",
    ),
    (
        "rollen",
        "erfaringskonsulent-eller-brukerrepresentant",
        "Hva er forskjellen på en erfaringskonsulent og en brukerrepresentant?",
        """En **erfaringskonsulent** er ansatt og bruker egen erfaring som et verktøy,
både i møte med pasienter og brukere og i arbeidet med å utvikle tjenestene.

En **brukerrepresentant** representerer en pasient- eller brukerorganisasjon i råd og
utvalg.

Vi mener de to rollene bør samarbeide der det går an. Sammen gjør de
brukermedvirkningen sterkere.""",
    ),
    (
        "rollen",
        "hvor-mange-erfaringskonsulenter",
        "Hvor mange erfaringskonsulenter finnes det i Norge?",
        """Ingen har en nøyaktig oversikt. Vi anslår at mellom 300 og 500 personer er
ansatt som erfaringskonsulent eller medarbeider med brukererfaring.

SINTEF har sist talt 178 årsverk i kommunene. For spesialisthelsetjenesten er tallene
usikre. Mange stillinger kommer og går med prosjekter.""",
    ),
    (
        "a-soke-jobb",
        "hvordan-soker-jeg-jobb",
        "Hvordan søker jeg jobb som erfaringskonsulent?",
        """Følg med på stillingsannonser i kommuner, helseforetak og NAV. Titlene varierer:
se også etter *medarbeider med brukererfaring*, *erfaringsmedarbeider* og
*medforsker*.

Før du søker, er det lurt å tenke gjennom om du kan bruke din egen historie på en
reflektert måte, og om du kan snakke med folk som har det vanskelig uten at det
river opp i ditt eget.""",
    ),
    (
        "a-soke-jobb",
        "hva-skal-jeg-skrive-i-soknaden",
        "Hva bør jeg skrive – og ikke skrive – i søknaden?",
        """Skriv om **hvordan du vil bruke erfaringen din** til å hjelpe andre og gjøre
tjenestene bedre. Arbeidsgiveren vil se at du har et reflektert forhold til egen
historie.

Du trenger ikke å skrive om diagnoser eller fortelle hele livshistorien din. Poenget
er ikke det vonde du har vært gjennom, men hvordan du gjør erfaringen om til noe som
hjelper andre.""",
    ),
    (
        "a-soke-jobb",
        "passer-rollen-for-meg",
        "Hvordan vet jeg om rollen passer for meg?",
        """Noen spørsmål du kan stille deg selv:

1. Klarer jeg å se det allmenne i min egen erfaring?
2. Kan jeg sette meg inn i andres liv og bruke erfaringen min til det?
3. Vet jeg hva recovery-orientert arbeid betyr, eller hvordan jeg kan lære det?
4. Kan jeg tenke nytt om hvordan tjenestene innen psykisk helse, rus og barnevern gis?
5. Har jeg et reflektert forhold til egen historie?
6. Kjenner jeg pasientrettighetene, eller er jeg villig til å lære dem?

Rollen krever mye. Det hjelper å være god på relasjoner, tåle usikkerhet og kunne si
nei.""",
    ),
    (
        "a-ansette",
        "for-vi-ansetter",
        "Hva bør vi tenke på før vi ansetter en erfaringskonsulent?",
        """Planlegg i god tid. Ledelsen og de ansatte bør vite hvorfor stillingen finnes.
Noen råd:

- Avklar hvilken kompetanse dere trenger, for eksempel rus, psykiatri eller noe
  smalere.
- Lag en stillingsbeskrivelse, gjerne sammen med den dere ansetter.
- Hold rollen unik, så den ikke blir «et ekstra par hender».
- Legg vekt på personlig egnethet, og still de samme kravene som til andre ansatte.
- Sørg for veiledning og tilhørighet. To erfaringskonsulenter er bedre enn én.

Se også våre [ressurser for arbeidsgivere](/ressurser/).""",
    ),
    (
        "a-ansette",
        "hva-er-en-brukeransettelse",
        "Hva er en brukeransettelse?",
        """Det er ikke nok at den som ansettes har vært bruker av tjenester. Det er en
brukeransettelse når stillingen *krever* egen erfaring for å løse formålet og
oppgavene sine.

Avklar på forhånd hvordan stillingen er forankret i ledelsen, om den skal jobbe direkte
med brukere, med utvikling av tjenester, eller begge deler, hvor den hører hjemme i
organisasjonen og hvem som gir veiledning.""",
    ),
    (
        "om-senteret",
        "vurdering-av-kandidat",
        "Hvordan kan NAV få vurdert om en kandidat bør bli erfaringskonsulent?",
        """NAV-kontorer og arbeidsmarkedstiltak kan bestille en **gratis vurdering**: en
samtale på én time med oss, der vi sammen ser på om kandidaten bør jobbe videre mot en
stilling som erfaringskonsulent. Tilbudet er gratis, slik at alle som ønsker det, får en
sjanse.

[Bestill en vurdering](/vurdering/), eller kontakt oss på telefon eller e-post om du
heller vil det.""",
    ),
    (
        "om-senteret",
        "kontakt-senteret",
        "Hvordan kontakter jeg senteret?",
        """Send e-post til post@erfaringssentrum.example eller ring +47 000 00 000 på
hverdager. Alle kontaktopplysninger står på siden [Om oss og kontakt](/om-oss/).

Ikke send helseopplysninger eller fødselsnummer på e-post.""",
    ),
]

# Resources from resources/demo.py ("Les mer" under the answer); missing ones are skipped.
RELATED_RESOURCES = {
    "hva-er-lonnen": ["lonn-og-arbeidsvilkar"],
    "anbefalte-opplaeringstilbud": ["to-opplaeringstilbud-vi-anbefaler"],
    "hva-gjor-en-erfaringskonsulent": [
        "hva-gjor-en-erfaringskonsulent",
        "samtale-om-rollen-som-erfaringskonsulent",
    ],
    "erfaringskonsulent-eller-brukerrepresentant": ["erfaringskonsulent-eller-brukerrepresentant"],
    "hvordan-soker-jeg-jobb": ["ledige-stillinger"],
    "passer-rollen-for-meg": ["vurderer-du-a-bli-erfaringskonsulent"],
    "for-vi-ansetter": [
        "ti-rad-til-arbeidsgivere",
        "sjekkliste-for-arbeidsgivere",
        "oslo-kommunes-veileder-for-arbeidsgivere",
    ],
    "hva-er-en-brukeransettelse": [
        "brukeransettelser-dette-bor-dere-avklare",
        "handbok-brukeransettelser",
    ],
    "vurdering-av-kandidat": [
        "slik-kan-du-veilede-en-kandidat",
        "brosjyre-erfaringskonsulenten-en-ressurs-i-nav",
    ],
}


def seed(*, stdout):
    categories = {}
    for position, (slug, name) in enumerate(CATEGORIES):
        categories[slug], _ = Category.objects.get_or_create(
            slug=slug, defaults={"name": name, "position": position * 10}
        )
    created = 0
    positions = {}
    for category_slug, slug, question, answer in QUESTIONS:
        position = positions[category_slug] = positions.get(category_slug, 0) + 10
        entry, was_created = Question.objects.get_or_create(
            slug=slug,
            defaults={
                "category": categories[category_slug],
                "question": question,
                "answer": answer,
                "position": position,
                "is_published": True,
            },
        )
        if was_created:
            created += 1
            entry.related_resources.set(
                Resource.objects.filter(slug__in=RELATED_RESOURCES.get(slug, []))
            )
    stdout.write(f"Spørsmål og svar: {created} nye, {len(QUESTIONS)} i demoinnholdet.")
