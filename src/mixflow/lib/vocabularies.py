"""Controlled vocabularies shared by every bounded context.

The codes are stored in the database, written by the synthetic data generator and (later) mapped
from questionnaires, so they never change once published; labels are translated. Only
``django.db.models.enums`` is imported here: the module is usable without Django settings.
"""

from django.db.models import TextChoices
from django.utils.translation import gettext_lazy as _


class OrganisationKind(TextChoices):
    GOVERNMENT = "government", _("Government body")
    UN_AGENCY = "un_agency", _("UN agency")
    NGO = "ngo", _("Non-governmental organisation")
    SERVICE_PROVIDER = "service_provider", _("Service provider")


class LocationLevel(TextChoices):
    COUNTRY = "country", _("Country")
    ADMIN1 = "admin1", _("Admin level 1")
    ADMIN2 = "admin2", _("Admin level 2")
    ADMIN3 = "admin3", _("Admin level 3")
    SITE = "site", _("Site")


class SiteKind(TextChoices):
    BORDER_CROSSING = "border_crossing", _("Border crossing point")
    BUS_STATION = "bus_station", _("Bus station")
    PORT = "port", _("Port")
    DISEMBARKATION_POINT = "disembarkation_point", _("Disembarkation point")
    TRANSIT_HUB = "transit_hub", _("Transit hub")
    RECEPTION_CENTRE = "reception_centre", _("Reception centre")
    TRANSIT_CENTRE = "transit_centre", _("Transit centre")


class Sex(TextChoices):
    FEMALE = "female", _("Female")
    MALE = "male", _("Male")
    OTHER = "other", _("Other")
    UNKNOWN = "unknown", _("Unknown")


class DatePrecision(TextChoices):
    """How much of a recorded date of birth is evidence.

    ``year`` covers both a year-only answer and a placeholder such as 1 January; ``estimated``
    is an officer's estimate of age (the stored date is then the middle of that year).
    """

    EXACT = "exact", _("Exact date")
    MONTH = "month", _("Month and year")
    YEAR = "year", _("Year only")
    ESTIMATED = "estimated", _("Estimated age")
    UNKNOWN = "unknown", _("Unknown")


class DocumentKind(TextChoices):
    PASSPORT = "passport", _("Passport")
    NATIONAL_ID = "national_id", _("National identity card")
    BIRTH_CERTIFICATE = "birth_certificate", _("Birth certificate")
    REFUGEE_DOCUMENT = "refugee_document", _("Refugee document")
    ASYLUM_SEEKER_CERTIFICATE = "asylum_seeker_certificate", _("Asylum-seeker certificate")
    OTHER = "other", _("Other document")


class GroupKind(TextChoices):
    FAMILY = "family", _("Family")
    HOUSEHOLD = "household", _("Household")
    FRIENDS = "friends", _("Friends or acquaintances")
    OTHER = "other", _("Other travel companions")


class Relationship(TextChoices):
    """A member's relationship to the head of their group."""

    HEAD = "head", _("Head of group")
    SPOUSE = "spouse", _("Spouse or partner")
    CHILD = "child", _("Son or daughter")
    PARENT = "parent", _("Father or mother")
    SIBLING = "sibling", _("Brother or sister")
    GRANDCHILD = "grandchild", _("Grandchild")
    OTHER_RELATIVE = "other_relative", _("Other relative")
    NON_RELATIVE = "non_relative", _("Not related")


class EncounterKind(TextChoices):
    REGISTRATION = "registration", _("Registration")
    FLOW_SURVEY = "flow_survey", _("Flow monitoring survey")
    SCREENING = "screening", _("Protection screening")
    VISIT = "visit", _("Visit")
    """A registered person seen again at the desk ("add a visit" on the person page)."""


class Direction(TextChoices):
    INCOMING = "incoming", _("Incoming")
    OUTGOING = "outgoing", _("Outgoing")
    TRANSIT = "transit", _("Transit")


class Transport(TextChoices):
    FOOT = "foot", _("On foot")
    BUS = "bus", _("Bus")
    CAR = "car", _("Car")
    TRUCK = "truck", _("Truck")
    MOTORBIKE = "motorbike", _("Motorbike")
    TRAIN = "train", _("Train")
    BOAT = "boat", _("Boat")
    PLANE = "plane", _("Plane")


class ReasonForLeaving(TextChoices):
    ECONOMIC = "economic", _("Work or livelihood")
    CONFLICT = "conflict", _("Conflict or generalised violence")
    PERSECUTION = "persecution", _("Persecution or fear of serious harm")
    TARGETED_VIOLENCE = "targeted_violence", _("Targeted violence or threats")
    NATURAL_DISASTER = "natural_disaster", _("Sudden natural disaster")
    ENVIRONMENTAL_DEGRADATION = "environmental_degradation", _("Drought, floods or land loss")
    FAMILY_REUNIFICATION = "family_reunification", _("Joining family")
    EDUCATION = "education", _("Education")
    LACK_OF_SERVICES = "lack_of_services", _("Lack of basic services")
    OTHER = "other", _("Other reason")


class TraffickingIndicator(TextChoices):
    DECEIVED = "deceived", _("Deceived about work or conditions")
    FORCED_WORK = "forced_work", _("Forced to work")
    FORCED_SEX = "forced_sex", _("Forced into sex work")
    DOCUMENTS_CONFISCATED = "documents_confiscated", _("Documents confiscated")
    DEBT_BONDAGE = "debt_bondage", _("Debt bondage")
    MOVEMENT_RESTRICTED = "movement_restricted", _("Freedom of movement restricted")
    THREATS = "threats", _("Threats or violence by employer or facilitator")
    UNPAID = "unpaid", _("Worked without the agreed pay")


class ViolenceIncident(TextChoices):
    PHYSICAL = "physical", _("Physical violence")
    SEXUAL = "sexual", _("Sexual violence")
    ROBBERY = "robbery", _("Robbery or extortion")
    KIDNAPPING = "kidnapping", _("Kidnapping")
    DETENTION = "detention", _("Arbitrary detention")
    TORTURE = "torture", _("Torture")


class HealthCondition(TextChoices):
    SERIOUS_MEDICAL = "serious_medical", _("Serious medical condition")
    DISABILITY = "disability", _("Disability")
    PREGNANCY = "pregnancy", _("Pregnancy")
    ACUTE_DISTRESS = "acute_distress", _("Acute psychological distress")


class ConsentPurpose(TextChoices):
    SERVICES = "services", _("Receiving services")
    STATISTICS = "statistics", _("Non-identifiable statistics")
    FAMILY_TRACING = "family_tracing", _("Family tracing")
    SHARE_WITH_ORGANISATION = "share_with_organisation", _("Sharing with a named organisation")
    WITHHOLD_FROM = "withhold_from", _("Data withheld from an organisation or person")


class ConsentMethod(TextChoices):
    SIGNED = "signed", _("Signed")
    VERBAL = "verbal", _("Verbal")
    RECORDED = "recorded", _("Audio or video recorded")
