"""The self-check "Passer jeg til å bli erfaringskonsulent?": questions and the feedback.

Nothing here touches the database: the answers only live in the request that shows the
feedback.
"""

from dataclasses import dataclass

YES, PARTLY, NO = "ja", "delvis", "nei"
SCALE = [(YES, "Ja"), (PARTLY, "Delvis eller usikker"), (NO, "Nei, ikke ennå")]


@dataclass(frozen=True)
class Question:
    key: str
    text: str
    hint: str
    feedback: dict[str, str]


QUESTIONS = [
    Question(
        key="generalisere",
        text="Klarer jeg å se noe allment i det jeg selv har opplevd?",
        hint="Det handler om å finne det i historien din som også kan gjelde for andre.",
        feedback={
            YES: "Bra. Erfaringen din skal være til nytte for andre, og da må du kunne se "
            "det allmenne i den.",
            PARTLY: "Prøv å skrive ned tre ting du har lært av det du har vært gjennom. Tenk "
            "over hvem andre de kan gjelde for.",
            NO: "Mange starter her. Snakk gjerne med noen som jobber som erfaringskonsulent, "
            "om hvordan de bruker erfaringen sin.",
        },
    ),
    Question(
        key="innlevelse",
        text="Kan jeg leve meg inn i andres liv, og bruke erfaringen min som et verktøy til "
        "det?",
        hint="Erfaringen din er et verktøy i møte med andre, ikke selve temaet.",
        feedback={
            YES: "Da har du et godt utgangspunkt. En av oppgavene er å gi andre håp om bedring.",
            PARTLY: "Legg merke til når din egen erfaring hjelper deg å forstå andre, og når "
            "den står i veien.",
            NO: "Tenk på en gang noen med lignende erfaring som deg hjalp deg. Hva gjorde de? "
            "Det kan være et sted å begynne.",
        },
    ),
    Question(
        key="recovery",
        text="Vet jeg hva recoveryorientert arbeid er – og hvis ikke, hvordan kan jeg lære det?",
        hint="Recovery handler om å gi mennesker håp, kontroll og muligheter.",
        feedback={
            YES: "Bra. Å styrke den recoveryorienterte tenkningen er en av oppgavene i rollen.",
            PARTLY: "Les mer om recovery, for eksempel om Recovery College, der mennesker med "
            "egen erfaring og fagfolk lager kurs sammen.",
            NO: "Det kan du lære. Se på de to opplæringstilbudene vi anbefaler, og les om "
            "Recovery College i ressursbiblioteket.",
        },
    ),
    Question(
        key="tenke-nytt",
        text="Kan jeg tenke nytt om hvordan tjenester innen psykisk helse, rus og barnevern gis?",
        hint="Rollen skal bidra til at brukernes stemme blir hørt når tjenestene utvikles.",
        feedback={
            YES: "Det trengs. Erfaringskonsulenter styrker brukermedvirkningen, og er "
            "sparringspartnere for ledere.",
            PARTLY: "Tenk gjennom hva du selv savnet i møte med tjenestene, og hva som kunne "
            "vært gjort annerledes.",
            NO: "Les gjerne om brukermedvirkning, og om forskjellen på en erfaringskonsulent "
            "og en brukerrepresentant.",
        },
    ),
    Question(
        key="egen-historie",
        text="Har jeg et reflektert forhold til min egen historie, og kan jeg snakke med "
        "mennesker som strever, uten å bli retraumatisert selv?",
        hint="Poenget er ikke det vonde du har opplevd, men hvordan du gjør det om til hjelp "
        "for andre.",
        feedback={
            YES: "Det er viktig. Rollen krever mye av deg.",
            PARTLY: "Ta deg tid. Snakk gjerne med noen du stoler på om hvilke deler av "
            "historien din du er klar til å bruke i jobb.",
            NO: "Det er klokt å kjenne etter. Rollen krever mye, og det er helt i orden å "
            "vente til du står stødigere.",
        },
    ),
    Question(
        key="rettigheter",
        text="Kjenner jeg pasient- og brukerrettighetene på ulike nivåer, eller kan jeg lære "
        "meg regelverket?",
        hint="En av oppgavene kan være å tale pasientenes sak.",
        feedback={
            YES: "Bra. Da kan du stå opp for rettighetene til pasienter og brukere.",
            PARTLY: "Mye kan læres underveis. Gjør deg kjent med hovedtrekkene i pasient- og "
            "brukerrettighetene.",
            NO: "Regelverket kan læres. Det viktigste er at du vil sette deg inn i det.",
        },
    ),
]


@dataclass(frozen=True)
class Reflection:
    question: str
    answer: str
    feedback: str


def reflect(answers: dict[str, str]) -> tuple[list[Reflection], str]:
    """Each question with its answer and feedback, and a sentence about the whole."""
    labels = dict(SCALE)
    reflections = [
        Reflection(
            question=question.text,
            answer=labels[answers[question.key]],
            feedback=question.feedback[answers[question.key]],
        )
        for question in QUESTIONS
    ]
    yes_count = sum(answers[question.key] == YES for question in QUESTIONS)
    if yes_count == len(QUESTIONS):
        overall = (
            "Du har tenkt mye gjennom dette allerede. Snakk gjerne med NAV-veilederen din om "
            "neste steg, eller se etter stillinger. Husk at det ikke er sikkert du kommer "
            "først i køen, selv om du passer godt til rollen."
        )
    elif yes_count >= len(QUESTIONS) // 2:
        overall = (
            "Du har et godt grunnlag, og noen områder du kan jobbe mer med. Det er helt vanlig."
        )
    else:
        overall = (
            "Det er mye å tenke gjennom, og det er fint at du tar deg tid. Les deg opp, og "
            "snakk gjerne med noen om det før du bestemmer deg."
        )
    return reflections, overall
