"""Choice lists shared by the default questionnaires.

Choice names are the application's codes (``mixflow.lib.vocabularies``, ISO 3166-1 alpha-3, ISO
639-3) so that mapped answers need no translation. Country names come from pycountry's ISO 3166
catalogues; everything else is worded here in the three languages.
"""

from __future__ import annotations

import csv
import gettext
from functools import cache
from pathlib import Path

import pycountry

from mixflow.intake.questionnaires.rows import Choice, T, choices

ROUTE_SITES = Path(__file__).resolve().parents[2] / "geo" / "data" / "route_sites.csv"

STATELESS = "XXA"
"""ICAO Doc 9303's code for a stateless person: ISO 3166 has none and a nationality list without
statelessness would force a wrong answer (e.g. for Rohingya)."""

YES_NO = choices(
    "yes_no",
    ("yes", T("Yes", "Oui", "Sí")),
    ("no", T("No", "Non", "No")),
)
YES_NO_DK = choices(
    "yes_no_dk",
    ("yes", T("Yes", "Oui", "Sí")),
    ("no", T("No", "Non", "No")),
    ("dont_know", T("Don't know", "Ne sait pas", "No sabe")),
)
YES_NO_DK_REFUSED = choices(
    "yes_no_dk_refused",
    ("yes", T("Yes", "Oui", "Sí")),
    ("no", T("No", "Non", "No")),
    ("dont_know", T("Don't know", "Ne sait pas", "No sabe")),
    ("refused", T("Prefers not to answer", "Préfère ne pas répondre", "Prefiere no responder")),
)
SEX = choices(
    "sex",
    ("female", T("Female", "Féminin", "Femenino")),
    ("male", T("Male", "Masculin", "Masculino")),
    ("other", T("Other", "Autre", "Otro")),
    ("unknown", T("Unknown", "Inconnu", "Desconocido")),
)
DOB_PRECISION = choices(
    "dob_precision",
    ("exact", T("Exact date known", "Date exacte connue", "Fecha exacta conocida")),
    ("month", T("Month and year only", "Mois et année seulement", "Solo mes y año")),
    ("year", T("Year only", "Année seulement", "Solo el año")),
    ("estimated", T("Age estimated", "Âge estimé", "Edad estimada")),
    ("unknown", T("Unknown", "Inconnue", "Desconocida")),
)
DOCUMENT_KIND = choices(
    "document_kind",
    ("passport", T("Passport", "Passeport", "Pasaporte")),
    (
        "national_id",
        T(
            "National identity card",
            "Carte nationale d'identité",
            "Documento nacional de identidad",
        ),
    ),
    ("birth_certificate", T("Birth certificate", "Acte de naissance", "Partida de nacimiento")),
    ("refugee_document", T("Refugee document", "Document de réfugié", "Documento de refugiado")),
    (
        "asylum_seeker_certificate",
        T(
            "Asylum-seeker certificate",
            "Attestation de demandeur d'asile",
            "Constancia de solicitante de asilo",
        ),
    ),
    ("other", T("Other document", "Autre document", "Otro documento")),
)
GROUP_KIND = choices(
    "group_kind",
    ("family", T("Family", "Famille", "Familia")),
    ("household", T("Household", "Ménage", "Hogar")),
    ("friends", T("Friends or acquaintances", "Amis ou connaissances", "Amigos o conocidos")),
    (
        "other",
        T("Other travel companions", "Autres compagnons de route", "Otros compañeros de viaje"),
    ),
)
RELATIONSHIP = choices(
    "relationship",
    ("head", T("Head of group", "Chef du groupe", "Jefe o jefa del grupo")),
    ("spouse", T("Spouse or partner", "Conjoint ou partenaire", "Cónyuge o pareja")),
    ("child", T("Son or daughter", "Fils ou fille", "Hijo o hija")),
    ("parent", T("Father or mother", "Père ou mère", "Padre o madre")),
    ("sibling", T("Brother or sister", "Frère ou sœur", "Hermano o hermana")),
    ("grandchild", T("Grandchild", "Petit-enfant", "Nieto o nieta")),
    ("other_relative", T("Other relative", "Autre membre de la famille", "Otro familiar")),
    ("non_relative", T("Not related", "Sans lien de parenté", "Sin parentesco")),
)
DIRECTION = choices(
    "direction",
    ("incoming", T("Incoming (arriving)", "Entrant (arrivée)", "Entrante (llegada)")),
    ("outgoing", T("Outgoing (leaving)", "Sortant (départ)", "Saliente (salida)")),
    ("transit", T("In transit", "En transit", "En tránsito")),
)
TRANSPORT = choices(
    "transport",
    ("foot", T("On foot", "À pied", "A pie")),
    ("bus", T("Bus or coach", "Bus ou car", "Autobús")),
    ("car", T("Car", "Voiture", "Automóvil")),
    ("truck", T("Truck", "Camion", "Camión")),
    ("motorbike", T("Motorbike", "Moto", "Motocicleta")),
    ("train", T("Train", "Train", "Tren")),
    ("boat", T("Boat", "Bateau ou embarcation", "Barco o embarcación")),
    ("plane", T("Plane", "Avion", "Avión")),
)
REASON = choices(
    "reason",
    (
        "economic",
        T("Work or livelihood", "Travail ou moyens de subsistance", "Trabajo o medios de vida"),
    ),
    (
        "conflict",
        T(
            "Conflict or generalised violence",
            "Conflit ou violence généralisée",
            "Conflicto o violencia generalizada",
        ),
    ),
    (
        "persecution",
        T(
            "Persecution or fear of serious harm",
            "Persécution ou crainte d'atteintes graves",
            "Persecución o temor a sufrir daños graves",
        ),
    ),
    (
        "targeted_violence",
        T(
            "Targeted violence or threats",
            "Violence ciblée ou menaces",
            "Violencia dirigida o amenazas",
        ),
    ),
    (
        "natural_disaster",
        T(
            "Sudden natural disaster",
            "Catastrophe naturelle soudaine",
            "Desastre natural repentino",
        ),
    ),
    (
        "environmental_degradation",
        T(
            "Drought, floods or land loss",
            "Sécheresse, inondations ou perte de terres",
            "Sequía, inundaciones o pérdida de tierras",
        ),
    ),
    (
        "family_reunification",
        T("Joining family", "Rejoindre sa famille", "Reunirse con familiares"),
    ),
    ("education", T("Education", "Études", "Estudios")),
    (
        "lack_of_services",
        T("Lack of basic services", "Manque de services de base", "Falta de servicios básicos"),
    ),
    ("other", T("Other reason", "Autre raison", "Otro motivo")),
)
TRAFFICKING = choices(
    "trafficking",
    (
        "deceived",
        T(
            "Deceived about the work or the conditions",
            "Trompé(e) sur le travail ou les conditions",
            "Engañado/a sobre el trabajo o las condiciones",
        ),
    ),
    ("forced_work", T("Forced to work", "Forcé(e) à travailler", "Obligado/a a trabajar")),
    (
        "forced_sex",
        T(
            "Forced into sex work or sexual acts",
            "Contraint(e) à la prostitution ou à des actes sexuels",
            "Obligado/a a prostituirse o a mantener relaciones sexuales",
        ),
    ),
    (
        "documents_confiscated",
        T(
            "Identity documents taken away",
            "Papiers d'identité confisqués",
            "Documentos de identidad confiscados",
        ),
    ),
    (
        "debt_bondage",
        T(
            "Made to work to pay off a debt",
            "Obligé(e) de travailler pour rembourser une dette",
            "Obligado/a a trabajar para saldar una deuda",
        ),
    ),
    (
        "movement_restricted",
        T(
            "Held against their will or not free to leave",
            "Retenu(e) contre son gré ou pas libre de partir",
            "Retenido/a contra su voluntad o sin libertad para irse",
        ),
    ),
    (
        "threats",
        T(
            "Threatened or hurt by an employer or facilitator",
            "Menacé(e) ou violenté(e) par un employeur ou un intermédiaire",
            "Amenazado/a o agredido/a por un empleador o intermediario",
        ),
    ),
    (
        "unpaid",
        T(
            "Worked without receiving the agreed pay",
            "A travaillé sans recevoir le salaire convenu",
            "Trabajó sin recibir el pago acordado",
        ),
    ),
)
VIOLENCE = choices(
    "violence",
    ("physical", T("Physical violence", "Violence physique", "Violencia física")),
    ("sexual", T("Sexual violence", "Violence sexuelle", "Violencia sexual")),
    ("robbery", T("Robbery or extortion", "Vol ou extorsion", "Robo o extorsión")),
    ("kidnapping", T("Kidnapping", "Enlèvement", "Secuestro")),
    ("detention", T("Arbitrary detention", "Détention arbitraire", "Detención arbitraria")),
    ("torture", T("Torture", "Torture", "Tortura")),
)
HEALTH = choices(
    "health",
    (
        "serious_medical",
        T("Serious medical condition", "Problème de santé grave", "Afección médica grave"),
    ),
    ("disability", T("Disability", "Handicap", "Discapacidad")),
    ("pregnancy", T("Pregnancy", "Grossesse", "Embarazo")),
    (
        "acute_distress",
        T(
            "Acute psychological distress",
            "Détresse psychologique aiguë",
            "Angustia psicológica aguda",
        ),
    ),
)
CONSENT_METHOD = choices(
    "consent_method",
    ("signed", T("Signed", "Signé", "Firmado")),
    ("verbal", T("Verbal", "Verbal", "Verbal")),
    (
        "recorded",
        T("Audio or video recorded", "Enregistré (audio ou vidéo)", "Grabado (audio o vídeo)"),
    ),
)

LANGUAGE_NAMES: tuple[tuple[str, T], ...] = (
    ("ara", T("Arabic", "Arabe", "Árabe")),
    ("tir", T("Tigrinya", "Tigrigna", "Tigriña")),
    ("amh", T("Amharic", "Amharique", "Amhárico")),
    ("orm", T("Oromo", "Oromo", "Oromo")),
    ("som", T("Somali", "Somali", "Somalí")),
    ("swa", T("Swahili", "Swahili", "Suajili")),
    ("prs", T("Dari", "Dari", "Darí")),
    ("pus", T("Pashto", "Pachto", "Pastún")),
    ("fas", T("Persian (Farsi)", "Persan (farsi)", "Persa (farsi)")),
    ("kur", T("Kurdish", "Kurde", "Kurdo")),
    ("tur", T("Turkish", "Turc", "Turco")),
    ("urd", T("Urdu", "Ourdou", "Urdu")),
    ("pan", T("Punjabi", "Pendjabi", "Panyabí")),
    ("ben", T("Bengali", "Bengali", "Bengalí")),
    ("rhg", T("Rohingya", "Rohingya", "Rohinyá")),
    ("fra", T("French", "Français", "Francés")),
    ("eng", T("English", "Anglais", "Inglés")),
    ("spa", T("Spanish", "Espagnol", "Español")),
    ("por", T("Portuguese", "Portugais", "Portugués")),
    ("hat", T("Haitian Creole", "Créole haïtien", "Criollo haitiano")),
    ("ful", T("Fula (Pulaar, Fulfulde)", "Peul (pulaar, fulfulde)", "Fula (pulaar, fulfulde)")),
    ("wol", T("Wolof", "Wolof", "Wolof")),
    ("bam", T("Bambara", "Bambara", "Bambara")),
    ("mnk", T("Mandinka", "Mandingue", "Mandinga")),
    ("sus", T("Susu", "Soussou", "Susu")),
    ("hau", T("Hausa", "Haoussa", "Hausa")),
    ("yor", T("Yoruba", "Yoruba", "Yoruba")),
    ("ibo", T("Igbo", "Igbo", "Igbo")),
    ("lin", T("Lingala", "Lingala", "Lingala")),
    ("kin", T("Kinyarwanda", "Kinyarwanda", "Kinyarwanda")),
    ("tam", T("Tamil", "Tamoul", "Tamil")),
    ("nep", T("Nepali", "Népalais", "Nepalí")),
    ("rus", T("Russian", "Russe", "Ruso")),
    ("ukr", T("Ukrainian", "Ukrainien", "Ucraniano")),
)
LANGUAGE = choices("language", *LANGUAGE_NAMES)


@cache
def _catalogue(language: str) -> gettext.NullTranslations:
    return gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=[language])


def _country_names() -> list[tuple[str, T]]:
    """Every ISO 3166-1 country, by its common name where it has one, sorted by English name."""
    out: list[tuple[str, T]] = []
    for country in pycountry.countries:
        name = getattr(country, "common_name", None) or country.name
        fr, es = _catalogue("fr").gettext(name), _catalogue("es").gettext(name)
        out.append((country.alpha_3, T(name, fr, es)))
    return sorted(out, key=lambda item: (item[1].en.casefold(), item[0]))


def country_list() -> tuple[Choice, ...]:
    return choices("country", *_country_names())


def nationality_list() -> tuple[Choice, ...]:
    """Countries plus statelessness: the answer to "what is your nationality?"."""
    stateless = (STATELESS, T("Stateless", "Apatride", "Apátrida"))
    return choices("nationality", *_country_names(), stateless)


# The route sites' names are "<place> <kind>"; the kind is reworded per language and a few
# places have a French or Spanish exonym.
SITE_KINDS: tuple[tuple[str, str, str], ...] = (
    ("disembarkation point", "point de débarquement de {}", "punto de desembarco de {}"),
    ("reception centre", "centre d'accueil de {}", "centro de recepción de {}"),
    ("reception point", "point d'accueil de {}", "punto de recepción de {}"),
    ("transit centre", "centre de transit de {}", "centro de tránsito de {}"),
    ("transit hub", "carrefour de transit de {}", "nodo de tránsito de {}"),
    ("border crossing", "point de passage frontalier de {}", "paso fronterizo de {}"),
    ("bus station", "gare routière de {}", "terminal de autobuses de {}"),
    ("port", "port de {}", "puerto de {}"),
)
EXONYMS: dict[str, tuple[str, str]] = {
    "Tangier": ("Tanger", "Tánger"),
    "Lesvos": ("Lesbos", "Lesbos"),
    "Istanbul": ("Istanbul", "Estambul"),
    "Tripoli": ("Tripoli", "Trípoli"),
    "Sabha": ("Sebha", "Sabha"),
    "Aden": ("Aden", "Adén"),
    "Aceh": ("Aceh", "Aceh"),
}


def _site_label(name: str) -> T:
    for suffix, fr, es in SITE_KINDS:
        if name.endswith(" " + suffix):
            place = name.removesuffix(" " + suffix)
            fr_place, es_place = EXONYMS.get(place, (place, place))
            if fr_place[0] in "AEIOUÂÉÈÎÔ":  # French elides "de" before a vowel
                fr = fr.replace("de {}", "d'{}")
            fr_label, es_label = fr.format(fr_place), es.format(es_place)
            return T(name, fr_label[0].upper() + fr_label[1:], es_label[0].upper() + es_label[1:])
    return T(name, name, name)


def route_site_list() -> tuple[Choice, ...]:
    """The route sites shipped with Mixflow (geo/data/route_sites.csv), then "other"."""
    with ROUTE_SITES.open(encoding="utf-8", newline="") as handle:
        rows = [(row["code"], _site_label(row["name"])) for row in csv.DictReader(handle)]
    other = ("other", T("Other place", "Autre lieu", "Otro lugar"))
    return choices("route_site", *rows, other)
