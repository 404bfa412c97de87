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
        """Lønnen er omtrent mellom **350 000 og 550 000 kroner i året**. Lønnsnivået
avhenger av

- hvilken arbeidsgiver du har, og hva slags stilling det er,
- hvor mye arbeidsgiveren verdsetter erfaringskompetanse,
- om du har formell utdanning.

Det finnes ingen tariffavtale for erfaringskonsulenter ennå.

Lurer du på noe om lønn? Ta kontakt med oss.""",
    ),
    (
        "lonn-og-arbeidsvilkar",
        "finnes-det-en-tariffavtale",
        "Finnes det en tariffavtale for erfaringskonsulenter?",
        """Nei, ikke ennå.

Mange stillinger er knyttet til prosjekter, og forsvinner når prosjektet er over. Vi vil at
stillingene skal bli faste, med ordnede arbeidsvilkår.""",
    ),
    (
        "utdanning-og-kurs",
        "ma-jeg-ha-utdanning",
        "Må jeg ha utdanning for å bli erfaringskonsulent?",
        """Nei. Det er ikke krav om formell utdanning. Det viktigste er at du er personlig
egnet og har et sterkt ønske om å gjøre en forskjell.

Noen stillingsannonser ønsker likevel helse- eller sosialfaglig utdanning. Les annonsen
nøye.""",
    ),
    (
        "utdanning-og-kurs",
        "anbefalte-opplaeringstilbud",
        "Hvilke opplæringstilbud anbefaler dere?",
        """Det finnes ingen formell utdanningsvei til rollen i Norge. Vi anbefaler to
programmer:

- *Medarbeider med brukererfaring* i Bergen,
- *Erfaringsskolen* i Oslo.

Ingen av dem gir en formell grad, men de kan hjelpe deg å forstå rollen bedre.""",
    ),
    (
        "utdanning-og-kurs",
        "hva-er-en-fellessamling",
        "Hva er en fellessamling, og når får den en dato?",
        """En fellessamling er et gratis kurs på omtrent to timer for deg som følger opp
kandidater i NAV eller i et arbeidsmarkedstiltak. Du får vite hva som skal til for å bli
erfaringskonsulent, og hvordan du kan veilede kandidater mot en slik jobb. Folk fra
nettverket vårt forteller om veien dit, og om å vurdere om en kandidat bør gå den. Du møter
også andre som følger opp lignende kandidater.

Vi holder samlingen når 5–10 har meldt seg på. Til da oppgir vi når vi regner med å holde
den, for eksempel «februar eller mars». [Se kursene og meld deg på](/kurs/).""",
    ),
    (
        "rollen",
        "hva-gjor-en-erfaringskonsulent",
        "Hva gjør en erfaringskonsulent?",
        """En erfaringskonsulent er ansatt i helse- eller velferdstjenester *fordi* hen har
egen erfaring, for eksempel som pasient, fra barnevernet eller som pårørende. De fleste
jobber innen psykisk helse og rus, i kommunale tjenester eller i spesialisthelsetjenesten.
NAV-kontorer har også begynt å ansette erfaringskonsulenter.

Typiske oppgaver er å

- gi håp om bedring,
- styrke brukermedvirkningen, slik at brukernes stemme blir hørt når tjenestene utvikles,
- gi støtte i lavterskeltilbud,
- være sparringspartner for ledere,
- undervise kolleger og nyansatte om hvordan det er å leve med psykiske helseutfordringer,
- tale pasientenes sak.""",
    ),
    (
        "rollen",
        "erfaringskonsulent-eller-brukerrepresentant",
        "Hva er forskjellen på en erfaringskonsulent og en brukerrepresentant?",
        """En **erfaringskonsulent** er ansatt, og bruker egen erfaring som et verktøy, både i
møte med pasienter og brukere og når tjenestene utvikles.

En **brukerrepresentant** representerer en pasient- eller brukerorganisasjon i råd og
utvalg.

Vi mener de to bør samarbeide der de kan. Slik blir brukermedvirkningen sterkere.""",
    ),
    (
        "rollen",
        "hvor-mange-erfaringskonsulenter",
        "Hvor mange erfaringskonsulenter finnes det i Norge?",
        """Det finnes ikke noe register. Vårt anslag er at mellom 300 og 500 personer er
ansatt som erfaringskonsulent eller medarbeider med brukererfaring.

SINTEF 2020: 178 årsverk i kommunene. For spesialisthelsetjenesten er tallene usikre.
Mange stillinger kommer og går med prosjekter.""",
    ),
    (
        "a-soke-jobb",
        "hvordan-soker-jeg-jobb",
        "Hvordan søker jeg jobb som erfaringskonsulent?",
        """Følg med på stillingsannonser. Stillingene kan ha andre titler, så se også etter
*medarbeider med brukererfaring*, *erfaringsmedarbeider* og *medforsker*.

Før du søker, bør du tenke gjennom om du har et reflektert forhold til egen historie, og om
du kan snakke med mennesker som strever, uten å bli retraumatisert selv.""",
    ),
    (
        "a-soke-jobb",
        "hva-skal-jeg-skrive-i-soknaden",
        "Hva bør jeg skrive – og ikke skrive – i søknaden?",
        """Skriv om **hvordan du vil bruke erfaringen din** til å hjelpe andre og gjøre
tjenestene bedre. Vis at du har et reflektert forhold til egen historie.

Skriv ikke om diagnoser, og fortell ikke hele livshistorien din. Poenget er ikke det vonde
du har vært gjennom, men hvordan du gjør erfaringen om til hjelp for andre.""",
    ),
    (
        "a-soke-jobb",
        "passer-rollen-for-meg",
        "Hvordan vet jeg om rollen passer for meg?",
        """Noen spørsmål du kan stille deg selv:

1. Klarer jeg å se det allmenne i min egen erfaring?
2. Kan jeg leve meg inn i andres liv, og bruke erfaringen min til det?
3. Vet jeg hva recoveryorientert arbeid er, eller hvordan jeg kan lære det?
4. Kan jeg tenke nytt om hvordan tjenestene innen psykisk helse, rus og barnevern gis?
5. Har jeg et reflektert forhold til egen historie, og kan jeg snakke med mennesker som
   strever, uten å bli retraumatisert selv?
6. Kjenner jeg pasientrettighetene på ulike nivåer, eller kan jeg lære regelverket?

Rollen krever mye av deg. Det hjelper å være god på relasjoner, å tåle usikkerhet og å
kunne si nei.""",
    ),
    (
        "a-ansette",
        "for-vi-ansetter",
        "Hva bør vi tenke på før vi ansetter en erfaringskonsulent?",
        """Planlegg i god tid. Ledelsen og de ansatte må vite hva stillingen skal være til.
Noen råd:

- Avklar hvilken kompetanse dere trenger, for eksempel rus, psykiatri eller noe smalere.
- Lag en stillingsbeskrivelse, gjerne sammen med den dere ansetter.
- Hold rollen unik, så den ikke blir «et ekstra par hender».
- Legg stor vekt på personlig egnethet, og still de samme kravene som til andre ansatte.
- Sørg for tilhørighet. To erfaringskonsulenter er bedre enn én.

Se også [ressursene for arbeidsgivere](/ressurser/?malgruppe=arbeidsgiver).""",
    ),
    (
        "a-ansette",
        "hva-er-en-brukeransettelse",
        "Hva er en brukeransettelse?",
        """Det er ikke nok at den dere ansetter har vært bruker av tjenestene. Det er en
brukeransettelse når stillingen *krever* egen erfaring for formålet og oppgavene sine.

Avklar på forhånd om ledelsen står bak, om stillingen skal jobbe direkte med brukere, med
utvikling av tjenester eller begge deler, hvor den hører hjemme i organisasjonen, og hvem
som gir veiledning.""",
    ),
    (
        "om-senteret",
        "vurdering-av-kandidat",
        "Hvordan kan NAV få vurdert om en kandidat bør bli erfaringskonsulent?",
        """NAV-kontorer og arbeidsmarkedstiltak kan booke en **gratis time** hos oss. Der
vurderer vi om kandidaten bør satse på å bli erfaringskonsulent. Timen er gratis, slik at
alle som ønsker det, får en sjanse.

[Book en vurdering](/vurdering/). Du kan også avtale en tid med oss på telefon eller
e-post: se [Om oss og kontakt](/om-oss/).""",
    ),
    (
        "om-senteret",
        "kontakt-senteret",
        "Hvordan kontakter jeg senteret?",
        """Kontaktopplysningene våre står på siden [Om oss og kontakt](/om-oss/).

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
