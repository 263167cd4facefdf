"""Registration with protection screening: one person, the group they travel with, the journey,
the answers the indicative profiles need (DOMAIN.md §4) and consent per purpose.

Consent comes first (information before data collection, as in the 10-Point Plan). Sensitive
answers — trafficking, violence, health, asylum — map to ``sensitive.*`` so that they are stored
apart and read only with the specific permission. The screening answers the indicative profiles
read (fear of return, refugee status elsewhere, under 18, who a child travels with, single
caregiver, travelling with others) map to ``sensitive.*`` too: they say as much about a person.
"""

from __future__ import annotations

from mixflow.intake.questionnaires import choice_lists as lists
from mixflow.intake.questionnaires.rows import (
    NOT_IN_FUTURE,
    NOT_NEGATIVE,
    REQUIRED,
    SITE_CODE,
    FormDefinition,
    Row,
    T,
    choices,
    end,
)

CHILD_CARE = choices(
    "child_care",
    (
        "accompanied",
        T(
            "With a parent or usual caregiver",
            "Avec un parent ou la personne qui s'occupe habituellement de lui",
            "Con su padre, su madre o su cuidador habitual",
        ),
    ),
    (
        "separated",
        T(
            "With another adult who is not a parent or usual caregiver (separated)",
            "Avec un autre adulte qui n'est ni un parent ni la personne qui s'occupe "
            "habituellement de lui (séparé)",
            "Con otro adulto que no es su padre, su madre ni su cuidador habitual (separado)",
        ),
    ),
    (
        "unaccompanied",
        T(
            "Alone or only with other children (unaccompanied)",
            "Seul ou uniquement avec d'autres enfants (non accompagné)",
            "Solo o únicamente con otros menores (no acompañado)",
        ),
    ),
)
UNDER_18 = choices(
    "under_18",
    ("yes", T("Yes", "Oui", "Sí")),
    ("no", T("No", "Non", "No")),
    (
        "possibly",
        T(
            "Age uncertain, possibly under 18",
            "Âge incertain, peut-être moins de 18 ans",
            "Edad incierta, posiblemente menor de 18 años",
        ),
    ),
)

DOB_HINT = T(
    "If only the month or the year is known, enter the 1st of the month or 1 January.",
    "Si seuls le mois ou l'année sont connus, saisissez le 1er du mois ou le 1er janvier.",
    "Si solo se conoce el mes o el año, introduzca el día 1 del mes o el 1 de enero.",
)
AGE_MESSAGE = T(
    "Enter an age between 0 and 120.",
    "Saisissez un âge entre 0 et 120 ans.",
    "Introduzca una edad entre 0 y 120 años.",
)
CODES_MESSAGE = T(
    "Organisation codes separated by spaces (letters, digits, hyphens, underscores).",
    "Codes d'organisation séparés par des espaces (lettres, chiffres, tirets, tirets bas).",
    "Códigos de organización separados por espacios (letras, cifras, guiones, guiones bajos).",
)


def _birth_rows(prefix: str) -> list[Row]:
    """Date of birth with its precision, or an estimated age: the person or a member."""
    precision = f"${{{prefix}dob_precision}}"
    return [
        Row(
            "select_one dob_precision",
            f"{prefix}dob_precision",
            T(
                "How well is the date of birth known?",
                "Dans quelle mesure la date de naissance est-elle connue ?",
                "¿Con qué precisión se conoce la fecha de nacimiento?",
            ),
            required="yes",
            required_message=REQUIRED,
            mixflow="person.dob_precision",
        ),
        Row(
            "date",
            f"{prefix}date_of_birth",
            T("Date of birth", "Date de naissance", "Fecha de nacimiento"),
            hint=DOB_HINT,
            required="yes",
            required_message=REQUIRED,
            relevant=(f"{precision} = 'exact' or {precision} = 'month' or {precision} = 'year'"),
            constraint=". <= today()",
            constraint_message=NOT_IN_FUTURE,
            mixflow="person.date_of_birth",
        ),
        Row(
            "integer",
            f"{prefix}age_years",
            T("Estimated age in years", "Âge estimé (en années)", "Edad estimada (en años)"),
            required="yes",
            required_message=REQUIRED,
            relevant=f"{precision} = 'estimated'",
            constraint=". >= 0 and . <= 120",
            constraint_message=AGE_MESSAGE,
            mixflow="person.age_years",
        ),
    ]


GIVEN_NAME = T("Given name", "Prénom", "Nombre")
FAMILY_NAME = T("Family name", "Nom de famille", "Apellidos")
LATIN_HINT = T(
    "In Latin letters, as the person spells it or as written on their document.",
    "En lettres latines, comme la personne l'épelle ou comme sur son document.",
    "En letras latinas, como la persona lo deletrea o como figura en su documento.",
)
SEX_LABEL = T("Sex", "Sexe", "Sexo")

SURVEY: tuple[Row, ...] = (
    Row("start", "start"),
    Row("end", "end"),
    Row("today", "today", mixflow="encounter.occurred_on"),
    Row("username", "username"),
    Row(
        "text",
        "site",
        T("Site", "Site", "Sitio"),
        hint=T(
            "Site code, filled in by Mixflow when the form is opened from the site.",
            "Code du site, rempli par Mixflow quand le formulaire est ouvert depuis le site.",
            "Código del sitio; Mixflow lo rellena cuando el formulario se abre desde el sitio.",
        ),
        required="yes",
        required_message=REQUIRED,
        constraint=SITE_CODE,
        constraint_message=T(
            "Letters, digits, hyphens and underscores only.",
            "Lettres, chiffres, tirets et tirets bas uniquement.",
            "Solo letras, cifras, guiones y guiones bajos.",
        ),
        mixflow="encounter.site",
    ),
    # --- consent, before any personal data -------------------------------------------------
    Row("begin_group", "consent", T("Consent", "Consentement", "Consentimiento")),
    Row(
        "note",
        "consent_information",
        T(
            "Explain who we are, why we ask these questions, who will see the answers and how "
            "long they are kept. The person may refuse any question or purpose without losing "
            "any assistance, and may withdraw consent later.",
            "Expliquez qui nous sommes, pourquoi nous posons ces questions, qui verra les "
            "réponses et combien de temps elles seront conservées. La personne peut refuser "
            "toute question ou finalité sans perdre aucune assistance, et retirer son "
            "consentement plus tard.",
            "Explique quiénes somos, por qué hacemos estas preguntas, quién verá las respuestas "
            "y durante cuánto tiempo se conservarán. La persona puede negarse a cualquier "
            "pregunta o finalidad sin perder ninguna asistencia, y retirar su consentimiento "
            "más adelante.",
        ),
    ),
    Row(
        "select_one yes_no",
        "consent_services",
        T(
            "Do you agree that we use your information to refer you to services (health, "
            "shelter, legal aid, protection)?",
            "Acceptez-vous que nous utilisions vos informations pour vous orienter vers des "
            "services (santé, hébergement, aide juridique, protection) ?",
            "¿Acepta que utilicemos su información para derivarle a servicios (salud, "
            "alojamiento, asistencia jurídica, protección)?",
        ),
        required="yes",
        required_message=REQUIRED,
        mixflow="consent.services",
    ),
    Row(
        "select_one yes_no",
        "consent_statistics",
        T(
            "Do you agree that your answers are used, without your name, in statistics?",
            "Acceptez-vous que vos réponses soient utilisées, sans votre nom, dans des "
            "statistiques ?",
            "¿Acepta que sus respuestas se utilicen, sin su nombre, en estadísticas?",
        ),
        required="yes",
        required_message=REQUIRED,
        mixflow="consent.statistics",
    ),
    Row(
        "select_one yes_no",
        "consent_family_tracing",
        T(
            "Do you agree that your information is used to search for members of your family?",
            "Acceptez-vous que vos informations servent à rechercher des membres de votre "
            "famille ?",
            "¿Acepta que su información se utilice para buscar a miembros de su familia?",
        ),
        required="yes",
        required_message=REQUIRED,
        mixflow="consent.family_tracing",
    ),
    Row(
        "select_one yes_no",
        "consent_share",
        T(
            "Do you agree that we share your information with a specific organisation?",
            "Acceptez-vous que nous transmettions vos informations à une organisation précise ?",
            "¿Acepta que compartamos su información con una organización concreta?",
        ),
        required="yes",
        required_message=REQUIRED,
    ),
    Row(
        "text",
        "consent_share_with",
        T(
            "Which organisations?",
            "Quelles organisations ?",
            "¿Con qué organizaciones?",
        ),
        hint=T(
            "Their Mixflow codes, separated by spaces.",
            "Leurs codes Mixflow, séparés par des espaces.",
            "Sus códigos de Mixflow, separados por espacios.",
        ),
        required="yes",
        required_message=REQUIRED,
        relevant="${consent_share} = 'yes'",
        constraint="regex(., '^[A-Za-z0-9_-]+( +[A-Za-z0-9_-]+)*$')",
        constraint_message=CODES_MESSAGE,
        mixflow="consent.share_with_organisation",
    ),
    Row(
        "select_one yes_no",
        "consent_withhold",
        T(
            "Is there any organisation, authority or person who must not receive your information?",
            "Y a-t-il une organisation, une autorité ou une personne qui ne doit pas recevoir "
            "vos informations ?",
            "¿Hay alguna organización, autoridad o persona que no deba recibir su información?",
        ),
        required="yes",
        required_message=REQUIRED,
    ),
    Row(
        "text",
        "consent_withhold_from",
        T(
            "Who must not receive it?",
            "Qui ne doit pas les recevoir ?",
            "¿Quién no debe recibirla?",
        ),
        required="yes",
        required_message=REQUIRED,
        relevant="${consent_withhold} = 'yes'",
        mixflow="consent.withhold_from",
    ),
    Row(
        "select_one consent_method",
        "consent_method",
        T(
            "How was consent given?",
            "Comment le consentement a-t-il été donné ?",
            "¿Cómo se otorgó el consentimiento?",
        ),
        required="yes",
        required_message=REQUIRED,
        mixflow="consent.method",
    ),
    end("group", "consent"),
    # --- the person -------------------------------------------------------------------------
    Row("begin_group", "identity", T("The person", "La personne", "La persona")),
    Row(
        "text",
        "given_name",
        GIVEN_NAME,
        hint=LATIN_HINT,
        required="yes",
        required_message=REQUIRED,
        mixflow="person.given_name",
    ),
    Row(
        "text",
        "family_name",
        FAMILY_NAME,
        hint=T(
            "Leave empty if the person has only one name.",
            "Laissez vide si la personne n'a qu'un seul nom.",
            "Déjelo vacío si la persona tiene un solo nombre.",
        ),
        mixflow="person.family_name",
    ),
    Row(
        "text",
        "father_name",
        T("Father's name", "Nom du père", "Nombre del padre"),
        hint=T(
            "Where names include the father's name.",
            "Lorsque le nom comprend celui du père.",
            "Cuando el nombre incluye el del padre.",
        ),
        mixflow="person.father_name",
    ),
    Row(
        "text",
        "native_name",
        T(
            "Full name in the person's own script",
            "Nom complet dans l'écriture de la personne",
            "Nombre completo en la escritura de la persona",
        ),
        hint=T(
            "For example in Arabic, Ge'ez or Bengali script, as the person writes it.",
            "Par exemple en écriture arabe, guèze ou bengali, tel que la personne l'écrit.",
            "Por ejemplo en escritura árabe, ge'ez o bengalí, tal como la persona lo escribe.",
        ),
        mixflow="person.native_name",
    ),
    Row(
        "select_one sex",
        "sex",
        SEX_LABEL,
        required="yes",
        required_message=REQUIRED,
        mixflow="person.sex",
    ),
    *_birth_rows(""),
    Row(
        "select_one nationality",
        "nationality",
        T("Nationality", "Nationalité", "Nacionalidad"),
        appearance="autocomplete",
        required="yes",
        required_message=REQUIRED,
        mixflow="person.nationality",
    ),
    Row(
        "select_one nationality",
        "other_nationality",
        T(
            "Other nationality, if any",
            "Autre nationalité, le cas échéant",
            "Otra nacionalidad, si la tiene",
        ),
        appearance="autocomplete",
        constraint=". != ${nationality}",
        constraint_message=T(
            "Choose a nationality other than the first one.",
            "Choisissez une nationalité différente de la première.",
            "Elija una nacionalidad distinta de la primera.",
        ),
        mixflow="person.other_nationality",
    ),
    Row(
        "select_multiple language",
        "languages",
        T("Languages spoken", "Langues parlées", "Idiomas que habla"),
        hint=T(
            "Select every language the person can be interviewed in.",
            "Cochez toutes les langues dans lesquelles la personne peut être interrogée.",
            "Marque todos los idiomas en los que se puede entrevistar a la persona.",
        ),
        mixflow="person.languages",
    ),
    Row(
        "text",
        "other_languages",
        T("Other languages", "Autres langues", "Otros idiomas"),
    ),
    Row(
        "select_one yes_no",
        "has_document",
        T(
            "Does the person hold an identity document?",
            "La personne possède-t-elle un document d'identité ?",
            "¿Tiene la persona algún documento de identidad?",
        ),
        required="yes",
        required_message=REQUIRED,
    ),
    Row(
        "select_one document_kind",
        "document_kind",
        T("Kind of document", "Type de document", "Tipo de documento"),
        relevant="${has_document} = 'yes'",
        required="yes",
        required_message=REQUIRED,
        mixflow="person.document_kind",
    ),
    Row(
        "text",
        "document_number",
        T("Document number", "Numéro du document", "Número del documento"),
        relevant="${has_document} = 'yes'",
        mixflow="person.document_number",
    ),
    Row(
        "select_one country",
        "document_country",
        T("Issuing country", "Pays de délivrance", "País de expedición"),
        relevant="${has_document} = 'yes'",
        appearance="autocomplete",
        mixflow="person.document_country",
    ),
    end("group", "identity"),
    # --- the group --------------------------------------------------------------------------
    Row(
        "begin_group",
        "group",
        T("Travel companions", "Compagnons de route", "Compañeros de viaje"),
    ),
    Row(
        "select_one yes_no",
        "with_others",
        T(
            "Is the person travelling with family members or other people?",
            "La personne voyage-t-elle avec des membres de sa famille ou d'autres personnes ?",
            "¿Viaja la persona con familiares u otras personas?",
        ),
        required="yes",
        required_message=REQUIRED,
        mixflow="sensitive.travelling_with_others",
    ),
    Row(
        "select_one group_kind",
        "group_kind",
        T("Kind of group", "Type de groupe", "Tipo de grupo"),
        relevant="${with_others} = 'yes'",
        required="yes",
        required_message=REQUIRED,
        mixflow="group.kind",
    ),
    Row(
        "begin_repeat",
        "members",
        T("Group member", "Membre du groupe", "Miembro del grupo"),
        relevant="${with_others} = 'yes'",
        mixflow="group.members",
    ),
    Row(
        "text",
        "m_given_name",
        GIVEN_NAME,
        hint=LATIN_HINT,
        required="yes",
        required_message=REQUIRED,
        mixflow="person.given_name",
    ),
    Row("text", "m_family_name", FAMILY_NAME, mixflow="person.family_name"),
    Row(
        "select_one sex",
        "m_sex",
        SEX_LABEL,
        required="yes",
        required_message=REQUIRED,
        mixflow="person.sex",
    ),
    *_birth_rows("m_"),
    Row(
        "select_one relationship",
        "m_relationship",
        T(
            "Relationship to the person registered",
            "Lien avec la personne enregistrée",
            "Relación con la persona registrada",
        ),
        required="yes",
        required_message=REQUIRED,
        mixflow="member.relationship",
    ),
    end("repeat", "members"),
    end("group", "group"),
    # --- the journey ------------------------------------------------------------------------
    Row("begin_group", "journey", T("The journey", "Le voyage", "El viaje")),
    Row(
        "select_one country",
        "country_of_origin",
        T("Country of origin", "Pays d'origine", "País de origen"),
        appearance="autocomplete",
        mixflow="encounter.country_of_origin",
    ),
    Row(
        "select_one country",
        "country_of_residence",
        T(
            "Country of usual residence before the journey",
            "Pays de résidence habituelle avant le voyage",
            "País de residencia habitual antes del viaje",
        ),
        appearance="autocomplete",
        mixflow="encounter.country_of_residence",
    ),
    Row(
        "date",
        "departure_date",
        T("Date of departure", "Date de départ", "Fecha de salida"),
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
        "select_multiple country",
        "countries_transited",
        T("Countries transited", "Pays traversés", "Países de tránsito"),
        appearance="autocomplete",
        mixflow="encounter.countries_transited",
    ),
    Row(
        "select_one country",
        "intended_destination",
        T("Intended destination", "Destination prévue", "Destino previsto"),
        appearance="autocomplete",
        mixflow="encounter.intended_destination",
    ),
    Row(
        "select_multiple transport",
        "transport",
        T("Means of transport", "Moyens de transport", "Medios de transporte"),
        mixflow="encounter.transport",
    ),
    Row(
        "select_multiple reason",
        "reasons_for_leaving",
        T(
            "Reasons for leaving (several answers possible)",
            "Raisons du départ (plusieurs réponses possibles)",
            "Motivos de la salida (varias respuestas posibles)",
        ),
        hint=T(
            "Includes conflict, persecution, disaster, land degradation and work.",
            "Y compris conflit, persécution, catastrophe, dégradation des terres et travail.",
            "Incluye conflicto, persecución, desastre, degradación de la tierra y trabajo.",
        ),
        required="yes",
        required_message=REQUIRED,
        mixflow="encounter.reasons_for_leaving",
    ),
    Row(
        "select_one yes_no_dk_refused",
        "used_smuggler",
        T(
            "Did the person pay a smuggler or facilitator to cross borders?",
            "La personne a-t-elle payé un passeur ou un intermédiaire pour franchir des "
            "frontières ?",
            "¿Pagó la persona a un traficante o intermediario para cruzar fronteras?",
        ),
        mixflow="encounter.used_smuggler",
    ),
    Row(
        "integer",
        "smuggler_cost_usd",
        T(
            "Amount paid, in US dollars",
            "Montant payé, en dollars des États-Unis",
            "Importe pagado, en dólares estadounidenses",
        ),
        relevant="${used_smuggler} = 'yes'",
        constraint=". >= 0",
        constraint_message=NOT_NEGATIVE,
        mixflow="encounter.smuggler_cost_usd",
    ),
    Row(
        "select_one yes_no_dk",
        "wishes_return",
        T(
            "Does the person wish to return to their country?",
            "La personne souhaite-t-elle retourner dans son pays ?",
            "¿Desea la persona regresar a su país?",
        ),
        hint=T(
            "For example because they cannot continue or stay here.",
            "Par exemple parce qu'elle ne peut ni continuer ni rester ici.",
            "Por ejemplo, porque no puede continuar ni quedarse aquí.",
        ),
        mixflow="encounter.wishes_return",
    ),
    end("group", "journey"),
    # --- protection screening ---------------------------------------------------------------
    Row(
        "begin_group",
        "screening",
        T(
            "Protection screening",
            "Identification des besoins de protection",
            "Identificación de necesidades de protección",
        ),
    ),
    Row(
        "note",
        "screening_information",
        T(
            "The answers help refer the person to the right service. They do not decide any "
            "legal status. Do not insist on a question the person does not want to answer.",
            "Les réponses servent à orienter la personne vers le bon service. Elles ne "
            "déterminent aucun statut juridique. N'insistez pas si la personne ne souhaite pas "
            "répondre.",
            "Las respuestas sirven para derivar a la persona al servicio adecuado. No determinan "
            "ningún estatus jurídico. No insista si la persona no desea responder.",
        ),
    ),
    Row(
        "select_one yes_no_dk_refused",
        "fear_of_return",
        T(
            "Does the person fear persecution or serious harm if returned to their country?",
            "La personne craint-elle des persécutions ou des atteintes graves en cas de retour "
            "dans son pays ?",
            "¿Teme la persona sufrir persecución o daños graves si regresa a su país?",
        ),
        mixflow="sensitive.fear_of_return",
    ),
    Row(
        "select_one yes_no_dk_refused",
        "wishes_asylum",
        T(
            "Does the person wish to seek asylum?",
            "La personne souhaite-t-elle demander l'asile ?",
            "¿Desea la persona solicitar asilo?",
        ),
        mixflow="sensitive.wishes_asylum",
    ),
    Row(
        "text",
        "asylum_details",
        T(
            "What the person wishes to say about their fear or their asylum request",
            "Ce que la personne souhaite dire de sa crainte ou de sa demande d'asile",
            "Lo que la persona desea decir sobre su temor o su solicitud de asilo",
        ),
        hint=T(
            "Only what the person chooses to say; do not ask for details.",
            "Seulement ce que la personne choisit de dire ; ne demandez pas de détails.",
            "Solo lo que la persona decida contar; no pida detalles.",
        ),
        relevant="${fear_of_return} = 'yes' or ${wishes_asylum} = 'yes'",
        mixflow="sensitive.asylum_details",
    ),
    Row(
        "select_one yes_no_dk",
        "refugee_elsewhere",
        T(
            "Has the person been recognised as a refugee, or do they hold a refugee document, "
            "in another country?",
            "La personne a-t-elle été reconnue réfugiée, ou détient-elle un document de "
            "réfugié, dans un autre pays ?",
            "¿Ha sido reconocida la persona como refugiada, o tiene un documento de refugiado, "
            "en otro país?",
        ),
        mixflow="sensitive.refugee_elsewhere",
    ),
    Row(
        "select_one country",
        "refugee_country",
        T(
            "In which country?",
            "Dans quel pays ?",
            "¿En qué país?",
        ),
        relevant="${refugee_elsewhere} = 'yes'",
        appearance="autocomplete",
        mixflow="sensitive.refugee_country",
    ),
    Row(
        "select_one under_18",
        "under_18",
        T(
            "Is the person under 18?",
            "La personne a-t-elle moins de 18 ans ?",
            "¿Es la persona menor de 18 años?",
        ),
        hint=T(
            "If the age is uncertain and the person may be a child, choose “possibly”: the "
            "benefit of the doubt applies.",
            "Si l'âge est incertain et que la personne peut être un enfant, choisissez "
            "« peut-être » : le bénéfice du doute s'applique.",
            "Si la edad es incierta y la persona puede ser menor, elija «posiblemente»: se "
            "aplica el beneficio de la duda.",
        ),
        required="yes",
        required_message=REQUIRED,
        mixflow="sensitive.under_18",
    ),
    Row(
        "select_one child_care",
        "child_care",
        T(
            "Who is the child travelling with?",
            "Avec qui l'enfant voyage-t-il ?",
            "¿Con quién viaja el o la menor?",
        ),
        relevant="${under_18} = 'yes' or ${under_18} = 'possibly'",
        required="yes",
        required_message=REQUIRED,
        mixflow="sensitive.child_care",
    ),
    Row(
        "select_one yes_no_dk_refused",
        "any_exploitation",
        T(
            "Was the person deceived, forced to work or to have sex, held against their will, "
            "made to pay off a debt or deprived of their documents, here or during the journey?",
            "La personne a-t-elle été trompée, forcée à travailler ou à avoir des relations "
            "sexuelles, retenue contre son gré, contrainte de rembourser une dette ou privée de "
            "ses papiers, ici ou pendant le voyage ?",
            "¿Fue la persona engañada, obligada a trabajar o a mantener relaciones sexuales, "
            "retenida contra su voluntad, obligada a saldar una deuda o privada de sus "
            "documentos, aquí o durante el viaje?",
        ),
    ),
    Row(
        "select_multiple trafficking",
        "trafficking_indicators",
        T(
            "Trafficking indicators",
            "Indicateurs de traite",
            "Indicadores de trata",
        ),
        relevant="${any_exploitation} = 'yes'",
        required="yes",
        required_message=REQUIRED,
        mixflow="sensitive.trafficking_indicators",
    ),
    Row(
        "select_one yes_no_dk_refused",
        "any_violence",
        T(
            "Has the person suffered violence, including sexual or gender-based violence or "
            "torture, in their country or during the journey?",
            "La personne a-t-elle subi des violences, y compris des violences sexuelles ou "
            "fondées sur le genre ou la torture, dans son pays ou pendant le voyage ?",
            "¿Ha sufrido la persona violencia, incluida violencia sexual o de género o tortura, "
            "en su país o durante el viaje?",
        ),
        hint=T(
            "Record only what the person chooses to disclose.",
            "N'enregistrez que ce que la personne choisit de dire.",
            "Registre solo lo que la persona decida revelar.",
        ),
    ),
    Row(
        "select_multiple violence",
        "violence_incidents",
        T("Violence suffered", "Violences subies", "Violencia sufrida"),
        relevant="${any_violence} = 'yes'",
        required="yes",
        required_message=REQUIRED,
        mixflow="sensitive.violence_incidents",
    ),
    Row(
        "select_one yes_no_dk_refused",
        "any_health_need",
        T(
            "Does the person have a serious medical condition, a disability, a pregnancy or "
            "show acute distress?",
            "La personne a-t-elle un problème de santé grave, un handicap, une grossesse ou "
            "montre-t-elle une détresse aiguë ?",
            "¿Tiene la persona una afección médica grave, una discapacidad, un embarazo o "
            "muestra angustia aguda?",
        ),
    ),
    Row(
        "select_multiple health",
        "health_conditions",
        T(
            "Specific health needs",
            "Besoins de santé spécifiques",
            "Necesidades de salud específicas",
        ),
        relevant="${any_health_need} = 'yes'",
        required="yes",
        required_message=REQUIRED,
        mixflow="sensitive.health_conditions",
    ),
    Row(
        "select_one yes_no",
        "single_caregiver",
        T(
            "Is the person the only adult caring for children or other dependants?",
            "La personne est-elle le seul adulte à s'occuper d'enfants ou d'autres personnes à "
            "charge ?",
            "¿Es la persona el único adulto que cuida de menores u otras personas a su cargo?",
        ),
        mixflow="sensitive.single_caregiver",
    ),
    end("group", "screening"),
)

CHOICES = (
    *lists.YES_NO,
    *lists.YES_NO_DK,
    *lists.YES_NO_DK_REFUSED,
    *lists.SEX,
    *lists.DOB_PRECISION,
    *lists.DOCUMENT_KIND,
    *lists.GROUP_KIND,
    *lists.RELATIONSHIP,
    *lists.TRANSPORT,
    *lists.REASON,
    *lists.TRAFFICKING,
    *lists.VIOLENCE,
    *lists.HEALTH,
    *lists.CONSENT_METHOD,
    *UNDER_18,
    *CHILD_CARE,
    *lists.LANGUAGE,
    *lists.nationality_list(),
    *lists.country_list(),
)

REGISTRATION_SCREENING = FormDefinition(
    form_id="registration_screening",
    version="2026120301",
    title="Registration and protection screening",
    survey=SURVEY,
    choices=CHOICES,
    instance_name="concat(${given_name}, ' ', ${family_name})",
)
