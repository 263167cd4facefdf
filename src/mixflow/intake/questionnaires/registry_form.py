"""Flow monitoring registry: one row per group observed passing a flow monitoring point.

It counts movements, not people, and asks no names. The XLSForm types have no date-time
question, so the observation date and time are asked apart and joined by a calculation.
"""

from __future__ import annotations

from mixflow.intake.questionnaires import choice_lists as lists
from mixflow.intake.questionnaires.rows import (
    NOT_IN_FUTURE,
    REQUIRED,
    SITE_CODE,
    FormDefinition,
    Row,
    T,
    end,
)

AT_MOST_GROUP = T(
    "Cannot be more than the group size.",
    "Ne peut pas dépasser la taille du groupe.",
    "No puede ser mayor que el tamaño del grupo.",
)


def _count(
    name: str,
    label: T,
    hint: T,
    target: str,
    limit: str = "${group_size}",
    message: T = AT_MOST_GROUP,
) -> Row:
    return Row(
        "integer",
        name,
        label,
        hint=hint,
        required="yes",
        required_message=REQUIRED,
        constraint=f". >= 0 and . <= {limit}",
        constraint_message=message,
        default="0",
        mixflow=target,
    )


SURVEY: tuple[Row, ...] = (
    Row("start", "start"),
    Row("end", "end"),
    Row("today", "today"),
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
        constraint_message=T(
            "Letters, digits, hyphens and underscores only.",
            "Lettres, chiffres, tirets et tirets bas uniquement.",
            "Solo letras, cifras, guiones y guiones bajos.",
        ),
        mixflow="flow_count.site",
    ),
    Row(
        "date",
        "observed_on",
        T("Date of observation", "Date de l'observation", "Fecha de la observación"),
        required="yes",
        required_message=REQUIRED,
        default="today()",
        constraint=". <= today()",
        constraint_message=NOT_IN_FUTURE,
    ),
    Row(
        "text",
        "observed_time",
        T("Time of observation", "Heure de l'observation", "Hora de la observación"),
        hint=T(
            "24-hour clock, for example 14:30.",
            "Format 24 heures, par exemple 14:30.",
            "Formato de 24 horas, por ejemplo 14:30.",
        ),
        required="yes",
        required_message=REQUIRED,
        constraint="regex(., '^([01][0-9]|2[0-3]):[0-5][0-9]$')",
        constraint_message=T(
            "Enter the time as HH:MM, for example 07:45.",
            "Saisissez l'heure au format HH:MM, par exemple 07:45.",
            "Introduzca la hora en formato HH:MM, por ejemplo 07:45.",
        ),
    ),
    Row(
        "calculate",
        "observed_at",
        calculation="concat(${observed_on}, 'T', ${observed_time}, ':00')",
        mixflow="flow_count.observed_at",
    ),
    Row(
        "select_one direction",
        "direction",
        T("Direction of movement", "Sens du mouvement", "Dirección del movimiento"),
        required="yes",
        required_message=REQUIRED,
        mixflow="flow_count.direction",
    ),
    Row(
        "begin_group",
        "composition",
        T("Group composition", "Composition du groupe", "Composición del grupo"),
    ),
    Row(
        "integer",
        "group_size",
        T(
            "How many people are in the group?",
            "Combien de personnes compte le groupe ?",
            "¿Cuántas personas forman el grupo?",
        ),
        hint=T(
            "Count everyone travelling together, children included.",
            "Comptez toutes les personnes qui voyagent ensemble, enfants compris.",
            "Cuente a todas las personas que viajan juntas, incluidos los niños y niñas.",
        ),
        required="yes",
        required_message=REQUIRED,
        constraint=". >= 1 and . <= 500",
        constraint_message=T(
            "Enter a number between 1 and 500.",
            "Saisissez un nombre entre 1 et 500.",
            "Introduzca un número entre 1 y 500.",
        ),
        mixflow="flow_count.group_size",
    ),
    _count(
        "men",
        T("Men", "Hommes", "Hombres"),
        T("18 years and over.", "18 ans et plus.", "18 años o más."),
        "flow_count.men",
    ),
    _count(
        "women",
        T("Women", "Femmes", "Mujeres"),
        T("18 years and over.", "18 ans et plus.", "18 años o más."),
        "flow_count.women",
    ),
    _count(
        "boys",
        T("Boys", "Garçons", "Niños"),
        T("Under 18 years.", "Moins de 18 ans.", "Menores de 18 años."),
        "flow_count.boys",
    ),
    Row(
        "integer",
        "girls",
        T("Girls", "Filles", "Niñas"),
        hint=T("Under 18 years.", "Moins de 18 ans.", "Menores de 18 años."),
        required="yes",
        required_message=REQUIRED,
        constraint=". >= 0 and ${men} + ${women} + ${boys} + . = ${group_size}",
        constraint_message=T(
            "Men, women, boys and girls must add up to the group size.",
            "Le total des hommes, femmes, garçons et filles doit être égal à la taille du groupe.",
            "La suma de hombres, mujeres, niños y niñas debe ser igual al tamaño del grupo.",
        ),
        default="0",
        mixflow="flow_count.girls",
    ),
    end("group", "composition"),
    Row(
        "begin_group",
        "profile",
        T("Origin and destination", "Provenance et destination", "Origen y destino"),
    ),
    Row(
        "select_one nationality",
        "nationality",
        T(
            "Main nationality of the group",
            "Nationalité principale du groupe",
            "Nacionalidad principal del grupo",
        ),
        appearance="autocomplete",
        mixflow="flow_count.nationality",
    ),
    Row(
        "text",
        "area_of_origin",
        T(
            "Area the group comes from",
            "Zone de provenance du groupe",
            "Zona de procedencia del grupo",
        ),
        hint=T(
            "Region, province or town where the group started its journey.",
            "Région, province ou ville où le groupe a commencé son voyage.",
            "Región, provincia o ciudad donde el grupo comenzó su viaje.",
        ),
        mixflow="flow_count.area_of_origin",
    ),
    Row(
        "select_one route_site",
        "previous_transit_point",
        T(
            "Previous transit point",
            "Point de transit précédent",
            "Punto de tránsito anterior",
        ),
        appearance="autocomplete",
        mixflow="flow_count.previous_transit_point",
    ),
    Row(
        "text",
        "previous_transit_point_other",
        T(
            "Name of the previous transit point",
            "Nom du point de transit précédent",
            "Nombre del punto de tránsito anterior",
        ),
        relevant="${previous_transit_point} = 'other'",
    ),
    Row(
        "select_one country",
        "intended_destination",
        T("Intended destination", "Destination prévue", "Destino previsto"),
        appearance="autocomplete",
        mixflow="flow_count.intended_destination",
    ),
    Row(
        "select_one transport",
        "transport",
        T(
            "Main means of transport",
            "Principal moyen de transport",
            "Principal medio de transporte",
        ),
        mixflow="flow_count.transport",
    ),
    Row(
        "select_one reason",
        "reason",
        T(
            "Main reason for the movement",
            "Principale raison du déplacement",
            "Motivo principal del desplazamiento",
        ),
        mixflow="flow_count.reason",
    ),
    end("group", "profile"),
    Row(
        "begin_group",
        "vulnerabilities",
        T(
            "Vulnerabilities observed",
            "Vulnérabilités observées",
            "Vulnerabilidades observadas",
        ),
    ),
    _count(
        "unaccompanied_children",
        T("Unaccompanied children", "Enfants non accompagnés", "Niños y niñas no acompañados"),
        T(
            "Children travelling without a parent or usual caregiver.",
            "Enfants voyageant sans parent ni personne qui s'occupe habituellement d'eux.",
            "Menores que viajan sin su padre, su madre ni su cuidador habitual.",
        ),
        "flow_count.unaccompanied_children",
        limit="${boys} + ${girls}",
        message=T(
            "Cannot be more than the number of boys and girls.",
            "Ne peut pas dépasser le nombre de garçons et de filles.",
            "No puede ser mayor que el número de niños y niñas.",
        ),
    ),
    _count(
        "pregnant_women",
        T("Pregnant women", "Femmes enceintes", "Mujeres embarazadas"),
        T(
            "Visibly pregnant or saying they are.",
            "Grossesse visible ou déclarée.",
            "Embarazo visible o declarado.",
        ),
        "flow_count.pregnant_women",
        limit="${women} + ${girls}",
        message=T(
            "Cannot be more than the number of women and girls.",
            "Ne peut pas dépasser le nombre de femmes et de filles.",
            "No puede ser mayor que el número de mujeres y niñas.",
        ),
    ),
    _count(
        "older_persons",
        T("Older persons", "Personnes âgées", "Personas mayores"),
        T("60 years and over.", "60 ans et plus.", "60 años o más."),
        "flow_count.older_persons",
        limit="${men} + ${women}",
        message=T(
            "Cannot be more than the number of men and women.",
            "Ne peut pas dépasser le nombre d'hommes et de femmes.",
            "No puede ser mayor que el número de hombres y mujeres.",
        ),
    ),
    _count(
        "persons_with_disability",
        T(
            "Persons with a disability",
            "Personnes en situation de handicap",
            "Personas con discapacidad",
        ),
        T(
            "Physical, sensory, intellectual or mental disability observed or declared.",
            "Handicap physique, sensoriel, intellectuel ou psychique observé ou déclaré.",
            "Discapacidad física, sensorial, intelectual o psicosocial observada o declarada.",
        ),
        "flow_count.persons_with_disability",
    ),
    end("group", "vulnerabilities"),
)

CHOICES = (
    *lists.DIRECTION,
    *lists.TRANSPORT,
    *lists.REASON,
    *lists.nationality_list(),
    *lists.country_list(),
    *lists.route_site_list(),
)

FLOW_MONITORING_REGISTRY = FormDefinition(
    form_id="flow_monitoring_registry",
    version="2026112901",
    title="Flow monitoring registry",
    survey=SURVEY,
    choices=CHOICES,
    instance_name="concat(${site}, ' ', ${observed_on}, ' ', ${observed_time})",
)
