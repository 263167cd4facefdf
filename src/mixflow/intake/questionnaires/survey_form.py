"""Flow monitoring survey: a voluntary, anonymous interview of people aged 14 and over.

Anonymous by design: no names, and the person's own answers (age, sex, nationality) are kept
with the submission rather than mapped to ``person.*``, so no identifiable person is created.
Only the journey (``encounter.*``), the sensitive modules (``sensitive.*``) and the consent to
non-identifiable statistics are mapped. Everything after the consent question is relevant only
when the person agreed.
"""

from __future__ import annotations

from mixflow.intake.questionnaires import choice_lists as lists
from mixflow.intake.questionnaires.rows import (
    NOT_IN_FUTURE,
    NOT_NEGATIVE,
    REQUIRED,
    SITE_CODE,
    Choice,
    FormDefinition,
    Row,
    T,
    choices,
    end,
)

CONSENTED = "${consent} = 'yes'"
SITE_MESSAGE = T(
    "Letters, digits, hyphens and underscores only.",
    "Lettres, chiffres, tirets et tirets bas uniquement.",
    "Solo letras, cifras, guiones y guiones bajos.",
)

EDUCATION = choices(
    "education",
    ("none", T("No formal education", "Aucune instruction formelle", "Sin educación formal")),
    (
        "religious",
        T(
            "Religious or Koranic school only",
            "École coranique ou religieuse uniquement",
            "Solo escuela religiosa o coránica",
        ),
    ),
    ("primary", T("Primary", "Primaire", "Primaria")),
    ("secondary", T("Secondary", "Secondaire", "Secundaria")),
    ("vocational", T("Vocational training", "Formation professionnelle", "Formación profesional")),
    ("university", T("University", "Université", "Universidad")),
    ("refused", T("Prefers not to answer", "Préfère ne pas répondre", "Prefiere no responder")),
)
WORK = choices(
    "work",
    ("employed", T("Employed (paid a wage)", "Salarié(e)", "Asalariado/a")),
    (
        "self_employed",
        T(
            "Self-employed or own business",
            "À son compte ou propre entreprise",
            "Por cuenta propia o negocio propio",
        ),
    ),
    (
        "daily_labour",
        T(
            "Day labour or occasional work",
            "Travail journalier ou occasionnel",
            "Jornalero/a o trabajo ocasional",
        ),
    ),
    (
        "farming",
        T(
            "Farming, herding or fishing",
            "Agriculture, élevage ou pêche",
            "Agricultura, ganadería o pesca",
        ),
    ),
    (
        "unemployed",
        T(
            "Unemployed and looking for work",
            "Sans emploi et en recherche d'emploi",
            "Desempleado/a y buscando trabajo",
        ),
    ),
    (
        "not_working",
        T(
            "Not working and not looking (studies, home, other)",
            "Sans emploi et sans recherche (études, foyer, autre)",
            "No trabajaba ni buscaba trabajo (estudios, hogar, otro)",
        ),
    ),
    ("refused", T("Prefers not to answer", "Préfère ne pas répondre", "Prefiere no responder")),
)
COMPANIONS = choices(
    "companions",
    ("alone", T("Alone", "Seul(e)", "Solo/a")),
    ("spouse", T("Spouse or partner", "Conjoint ou partenaire", "Cónyuge o pareja")),
    ("own_children", T("Own children", "Ses propres enfants", "Sus propios hijos e hijas")),
    ("other_family", T("Other family members", "Autres membres de la famille", "Otros familiares")),
    ("friends", T("Friends or neighbours", "Amis ou voisins", "Amigos o vecinos")),
    (
        "met_on_the_way",
        T(
            "People met on the way",
            "Personnes rencontrées en chemin",
            "Personas conocidas en el camino",
        ),
    ),
)
SCHOOLING = choices(
    "schooling",
    ("all", T("All of them", "Tous", "Todos")),
    ("some", T("Some of them", "Certains", "Algunos")),
    ("none", T("None of them", "Aucun", "Ninguno")),
    ("too_young", T("Too young for school", "Trop jeunes pour l'école", "Demasiado pequeños")),
    ("dont_know", T("Don't know", "Ne sait pas", "No sabe")),
)


def _lower_first(text: str) -> str:
    return text[0].lower() + text[1:]


def _where_each(selection: str, items: tuple[Choice, ...], prefix: str) -> list[Row]:
    """One "in which country?" question per incident selected in ``selection``."""
    return [
        Row(
            "select_one country",
            f"{prefix}_country_{item.name}",
            T(
                f"In which country did this happen: {_lower_first(item.label.en)}?",
                f"Dans quel pays cela s'est-il produit : {_lower_first(item.label.fr)} ?",
                f"¿En qué país ocurrió: {_lower_first(item.label.es)}?",
            ),
            relevant=f"selected(${{{selection}}}, '{item.name}')",
            appearance="autocomplete",
        )
        for item in items
    ]


SURVEY: tuple[Row, ...] = (
    Row("start", "start"),
    Row("end", "end"),
    Row("today", "today", mixflow="encounter.occurred_on"),
    Row("username", "username"),
    Row(
        "text",
        "site",
        T("Flow monitoring point", "Point de suivi des flux", "Punto de monitoreo de flujos"),
        hint=T(
            "Site code, filled in by Mixflow when the form is opened from the site.",
            "Code du site, rempli par Mixflow quand le formulaire est ouvert depuis le site.",
            "Código del sitio; Mixflow lo rellena cuando el formulario se abre desde el sitio.",
        ),
        required="yes",
        required_message=REQUIRED,
        constraint=SITE_CODE,
        constraint_message=SITE_MESSAGE,
        mixflow="encounter.site",
    ),
    Row(
        "note",
        "introduction",
        T(
            "Read to the person: we are collecting information about the journeys of people "
            "passing through this place, to improve the assistance offered. The interview takes "
            "about 20 minutes. It is voluntary and anonymous: we will not ask your name. You may "
            "skip any question or stop at any time, and this will not affect any help you receive.",
            "À lire à la personne : nous recueillons des informations sur le parcours des "
            "personnes qui passent par ce lieu, afin d'améliorer l'assistance proposée. "
            "L'entretien dure environ 20 minutes. Il est volontaire et anonyme : nous ne vous "
            "demanderons pas votre nom. Vous pouvez ne pas répondre à une question ou arrêter à "
            "tout moment, sans conséquence sur l'aide que vous recevez.",
            "Leer a la persona: recopilamos información sobre el viaje de las personas que pasan "
            "por este lugar para mejorar la asistencia que se ofrece. La entrevista dura unos "
            "20 minutos. Es voluntaria y anónima: no le preguntaremos su nombre. Puede no "
            "responder a cualquier pregunta o detenerse en cualquier momento, sin que ello afecte "
            "a la ayuda que recibe.",
        ),
    ),
    Row(
        "select_one yes_no",
        "consent",
        T(
            "Do you agree to take part in this interview?",
            "Acceptez-vous de participer à cet entretien ?",
            "¿Acepta participar en esta entrevista?",
        ),
        hint=T(
            "The answers are used only for anonymous statistics.",
            "Les réponses servent uniquement à des statistiques anonymes.",
            "Las respuestas solo se utilizan para estadísticas anónimas.",
        ),
        required="yes",
        required_message=REQUIRED,
        mixflow="consent.statistics",
    ),
    Row(
        "note",
        "no_consent",
        T(
            "Thank the person and end the interview. Save the form.",
            "Remerciez la personne et mettez fin à l'entretien. Enregistrez le formulaire.",
            "Agradezca a la persona y termine la entrevista. Guarde el formulario.",
        ),
        relevant="${consent} = 'no'",
    ),
    Row(
        "begin_group",
        "respondent",
        T("About you", "À votre sujet", "Sobre usted"),
        relevant=CONSENTED,
    ),
    Row(
        "integer",
        "age",
        T("How old are you?", "Quel âge avez-vous ?", "¿Cuántos años tiene?"),
        hint=T("In completed years.", "En années révolues.", "En años cumplidos."),
        required="yes",
        required_message=REQUIRED,
        constraint=". >= 14 and . <= 110",
        constraint_message=T(
            "This survey is only for people aged 14 and over: end the interview.",
            "Cette enquête concerne uniquement les personnes de 14 ans et plus : "
            "mettez fin à l'entretien.",
            "Esta encuesta es solo para personas de 14 años o más: termine la entrevista.",
        ),
    ),
    Row(
        "select_one sex",
        "sex",
        T("Sex", "Sexe", "Sexo"),
        required="yes",
        required_message=REQUIRED,
    ),
    Row(
        "select_one nationality",
        "nationality",
        T(
            "What is your nationality?",
            "Quelle est votre nationalité ?",
            "¿Cuál es su nacionalidad?",
        ),
        appearance="autocomplete",
    ),
    Row(
        "select_one country",
        "country_of_origin",
        T(
            "Which country do you come from?",
            "De quel pays venez-vous ?",
            "¿De qué país viene?",
        ),
        appearance="autocomplete",
        mixflow="encounter.country_of_origin",
    ),
    Row(
        "select_one country",
        "country_of_residence",
        T(
            "In which country were you living before you started this journey?",
            "Dans quel pays viviez-vous avant de commencer ce voyage ?",
            "¿En qué país vivía antes de comenzar este viaje?",
        ),
        appearance="autocomplete",
        mixflow="encounter.country_of_residence",
    ),
    Row(
        "select_one education",
        "education",
        T(
            "What is the highest level of education you completed?",
            "Quel est le niveau d'études le plus élevé que vous avez atteint ?",
            "¿Cuál es el nivel de estudios más alto que completó?",
        ),
    ),
    Row(
        "select_one work",
        "work_before_leaving",
        T(
            "What was your work situation before you left?",
            "Quelle était votre situation professionnelle avant votre départ ?",
            "¿Cuál era su situación laboral antes de salir?",
        ),
    ),
    end("group", "respondent"),
    Row(
        "begin_group",
        "journey",
        T("Your journey", "Votre voyage", "Su viaje"),
        relevant=CONSENTED,
    ),
    Row(
        "select_multiple reason",
        "reasons_for_leaving",
        T(
            "Why did you leave? (several answers possible)",
            "Pourquoi êtes-vous parti(e) ? (plusieurs réponses possibles)",
            "¿Por qué se fue? (varias respuestas posibles)",
        ),
        hint=T(
            "Do not read the options; select every reason the person gives.",
            "Ne lisez pas les options ; cochez toutes les raisons citées par la personne.",
            "No lea las opciones; marque todos los motivos que mencione la persona.",
        ),
        required="yes",
        required_message=REQUIRED,
        mixflow="encounter.reasons_for_leaving",
    ),
    Row(
        "text",
        "reasons_other",
        T("Other reason", "Autre raison", "Otro motivo"),
        relevant="selected(${reasons_for_leaving}, 'other')",
    ),
    Row(
        "date",
        "departure_date",
        T(
            "When did you leave the country where you were living?",
            "Quand avez-vous quitté le pays où vous viviez ?",
            "¿Cuándo salió del país donde vivía?",
        ),
        hint=T(
            "An approximate date is enough.",
            "Une date approximative suffit.",
            "Basta con una fecha aproximada.",
        ),
        constraint=". <= today()",
        constraint_message=NOT_IN_FUTURE,
        mixflow="encounter.departure_date",
    ),
    Row(
        "calculate",
        "journey_days",
        calculation="if(${departure_date} != '', int(today() - ${departure_date}), '')",
    ),
    Row(
        "select_multiple country",
        "countries_transited",
        T(
            "Which countries have you passed through since you left?",
            "Par quels pays êtes-vous passé(e) depuis votre départ ?",
            "¿Por qué países ha pasado desde que salió?",
        ),
        hint=T(
            "Not the country you left from, nor this country.",
            "Sans compter le pays de départ ni ce pays-ci.",
            "Sin contar el país de salida ni este país.",
        ),
        appearance="autocomplete",
        mixflow="encounter.countries_transited",
    ),
    Row(
        "select_multiple transport",
        "transport",
        T(
            "How have you travelled? (several answers possible)",
            "Comment avez-vous voyagé ? (plusieurs réponses possibles)",
            "¿Cómo ha viajado? (varias respuestas posibles)",
        ),
        mixflow="encounter.transport",
    ),
    Row(
        "integer",
        "journey_cost_usd",
        T(
            "About how much has the whole journey cost so far, in US dollars?",
            "Combien le voyage vous a-t-il coûté jusqu'à présent, environ, en dollars des "
            "États-Unis ?",
            "¿Cuánto le ha costado aproximadamente el viaje hasta ahora, en dólares "
            "estadounidenses?",
        ),
        hint=T(
            "Convert from the local currency if needed.",
            "Convertissez depuis la monnaie locale si nécessaire.",
            "Convierta desde la moneda local si es necesario.",
        ),
        constraint=". >= 0",
        constraint_message=NOT_NEGATIVE,
    ),
    Row(
        "select_one yes_no_dk_refused",
        "used_smuggler",
        T(
            "Did you pay someone to help you cross borders or travel on this journey?",
            "Avez-vous payé quelqu'un pour vous aider à franchir des frontières ou à voyager ?",
            "¿Pagó a alguien para que le ayudara a cruzar fronteras o a viajar?",
        ),
        mixflow="encounter.used_smuggler",
    ),
    Row(
        "integer",
        "smuggler_cost_usd",
        T(
            "How much did you pay them in total, in US dollars?",
            "Combien lui avez-vous payé au total, en dollars des États-Unis ?",
            "¿Cuánto le pagó en total, en dólares estadounidenses?",
        ),
        relevant="${used_smuggler} = 'yes'",
        constraint=". >= 0",
        constraint_message=NOT_NEGATIVE,
        mixflow="encounter.smuggler_cost_usd",
    ),
    Row(
        "select_multiple companions",
        "companions",
        T(
            "Who are you travelling with?",
            "Avec qui voyagez-vous ?",
            "¿Con quién viaja?",
        ),
        required="yes",
        required_message=REQUIRED,
        constraint="if(selected(., 'alone'), count-selected(.), 1) = 1",
        constraint_message=T(
            "“Alone” cannot be combined with another answer.",
            "« Seul(e) » ne peut pas être combiné avec une autre réponse.",
            "«Solo/a» no puede combinarse con otra respuesta.",
        ),
    ),
    Row(
        "select_one country",
        "intended_destination",
        T(
            "Which country do you intend to reach?",
            "Dans quel pays comptez-vous aller ?",
            "¿A qué país tiene intención de llegar?",
        ),
        appearance="autocomplete",
        mixflow="encounter.intended_destination",
    ),
    end("group", "journey"),
    Row(
        "begin_group",
        "exploitation",
        T(
            "Exploitation and abuse during the journey",
            "Exploitation et abus pendant le voyage",
            "Explotación y abusos durante el viaje",
        ),
        relevant=CONSENTED,
    ),
    Row(
        "note",
        "exploitation_intro",
        T(
            "Read to the person: the next questions are about things that may have happened to "
            "you during the journey. You do not have to answer them.",
            "À lire à la personne : les questions suivantes portent sur ce qui a pu vous arriver "
            "pendant le voyage. Vous n'êtes pas obligé(e) d'y répondre.",
            "Leer a la persona: las siguientes preguntas tratan de cosas que pueden haberle "
            "ocurrido durante el viaje. No está obligado/a a responderlas.",
        ),
    ),
    Row(
        "select_one yes_no_dk_refused",
        "any_exploitation",
        T(
            "During the journey, did you work or do anything against your will, without the pay "
            "you were promised, or were you kept somewhere against your will?",
            "Pendant le voyage, avez-vous travaillé ou fait quelque chose contre votre gré, sans "
            "la rémunération promise, ou avez-vous été retenu(e) quelque part contre votre gré ?",
            "Durante el viaje, ¿trabajó o hizo algo en contra de su voluntad o sin el pago "
            "prometido, o fue retenido/a en algún lugar en contra de su voluntad?",
        ),
    ),
    Row(
        "select_multiple trafficking",
        "trafficking_indicators",
        T(
            "Which of these happened to you?",
            "Lesquelles de ces situations avez-vous vécues ?",
            "¿Cuáles de estas situaciones vivió?",
        ),
        relevant="${any_exploitation} = 'yes'",
        mixflow="sensitive.trafficking_indicators",
    ),
    *_where_each("trafficking_indicators", lists.TRAFFICKING, "trafficking"),
    Row(
        "select_one yes_no_dk_refused",
        "any_violence",
        T(
            "During the journey, did you suffer violence, robbery, kidnapping or detention?",
            "Pendant le voyage, avez-vous subi des violences, un vol, un enlèvement ou une "
            "détention ?",
            "Durante el viaje, ¿sufrió violencia, robo, secuestro o detención?",
        ),
    ),
    Row(
        "select_multiple violence",
        "violence_incidents",
        T(
            "Which of these did you suffer?",
            "Lesquels de ces faits avez-vous subis ?",
            "¿Cuáles de estos hechos sufrió?",
        ),
        relevant="${any_violence} = 'yes'",
        mixflow="sensitive.violence_incidents",
    ),
    *_where_each("violence_incidents", lists.VIOLENCE, "violence"),
    end("group", "exploitation"),
    Row(
        "begin_group",
        "children_module",
        T("Children", "Enfants", "Niños y niñas"),
        relevant=CONSENTED,
    ),
    Row(
        "select_one yes_no",
        "with_children",
        T(
            "Are you travelling with any children under 18?",
            "Voyagez-vous avec des enfants de moins de 18 ans ?",
            "¿Viaja con algún menor de 18 años?",
        ),
        required="yes",
        required_message=REQUIRED,
    ),
    Row(
        "begin_group",
        "children",
        T(
            "Children travelling with you",
            "Enfants qui voyagent avec vous",
            "Menores que viajan con usted",
        ),
        relevant="${with_children} = 'yes'",
    ),
    Row(
        "integer",
        "children_count",
        T(
            "How many children under 18 are travelling with you?",
            "Combien d'enfants de moins de 18 ans voyagent avec vous ?",
            "¿Cuántos menores de 18 años viajan con usted?",
        ),
        required="yes",
        required_message=REQUIRED,
        constraint=". >= 1 and . <= 30",
        constraint_message=T(
            "Enter a number between 1 and 30.",
            "Saisissez un nombre entre 1 et 30.",
            "Introduzca un número entre 1 y 30.",
        ),
    ),
    Row(
        "integer",
        "children_under_5",
        T(
            "How many of them are under 5?",
            "Combien d'entre eux ont moins de 5 ans ?",
            "¿Cuántos de ellos tienen menos de 5 años?",
        ),
        constraint=". >= 0 and . <= ${children_count}",
        constraint_message=T(
            "Cannot be more than the number of children.",
            "Ne peut pas dépasser le nombre d'enfants.",
            "No puede ser mayor que el número de menores.",
        ),
    ),
    Row(
        "select_one yes_no_dk",
        "children_not_own",
        T(
            "Are any of these children not your own children or children you usually look after?",
            "Certains de ces enfants ne sont-ils ni vos enfants ni des enfants dont vous vous "
            "occupez habituellement ?",
            "¿Alguno de estos menores no es hijo o hija suyo ni está habitualmente a su cargo?",
        ),
    ),
    Row(
        "select_one schooling",
        "children_schooling",
        T(
            "Before leaving, did these children go to school?",
            "Avant le départ, ces enfants allaient-ils à l'école ?",
            "Antes de salir, ¿iban estos menores a la escuela?",
        ),
    ),
    Row(
        "select_one yes_no_dk_refused",
        "children_harmed",
        T(
            "During the journey, did any of these children suffer violence, abuse or "
            "exploitation, or have to work?",
            "Pendant le voyage, l'un de ces enfants a-t-il subi des violences, des abus ou une "
            "exploitation, ou a-t-il dû travailler ?",
            "Durante el viaje, ¿alguno de estos menores sufrió violencia, abusos o explotación, "
            "o tuvo que trabajar?",
        ),
    ),
    Row(
        "select_one yes_no_dk",
        "children_separated",
        T(
            "Has any child travelling with you been separated from you during the journey?",
            "Un enfant qui voyageait avec vous a-t-il été séparé de vous pendant le voyage ?",
            "¿Algún menor que viajaba con usted se separó de usted durante el viaje?",
        ),
    ),
    end("group", "children"),
    end("group", "children_module"),
    Row(
        "note",
        "closing",
        T(
            "Thank the person for their time. Tell them where to find help and information here.",
            "Remerciez la personne pour son temps. Indiquez-lui où trouver de l'aide et des "
            "informations ici.",
            "Agradezca a la persona su tiempo. Indíquele dónde encontrar ayuda e información aquí.",
        ),
        relevant=CONSENTED,
    ),
)

CHOICES = (
    *lists.YES_NO,
    *lists.YES_NO_DK,
    *lists.YES_NO_DK_REFUSED,
    *lists.SEX,
    *EDUCATION,
    *WORK,
    *lists.REASON,
    *lists.TRANSPORT,
    *COMPANIONS,
    *lists.TRAFFICKING,
    *lists.VIOLENCE,
    *SCHOOLING,
    *lists.nationality_list(),
    *lists.country_list(),
)

FLOW_MONITORING_SURVEY = FormDefinition(
    form_id="flow_monitoring_survey",
    version="2026112901",
    title="Flow monitoring survey",
    survey=SURVEY,
    choices=CHOICES,
)
