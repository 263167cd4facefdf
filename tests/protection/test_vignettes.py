"""Written case vignettes: a short story, the answers an officer would record for it (keyed by
the registration questionnaire's field names, as ``mixflow profile screen`` reads them), and the
profiles, needs and explanations the shipped rules must give. The first four are the issue's."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

import pytest

from mixflow.protection.profiling.rules import shipped

DAY = datetime.date(2026, 9, 14)


@dataclass(frozen=True)
class Vignette:
    story: str
    answers: dict[str, Any]
    profiles: set[str]
    needs: set[str] = field(default_factory=set)
    explained: dict[str, str] = field(default_factory=dict)
    """code → words its English explanation must contain."""


VIGNETTES = {
    "boy_alone_smuggled_unpaid_work": Vignette(
        "A 16-year-old travelling alone paid a smuggler in Agadez and was made to work without "
        "pay on a farm in Libya before he could go on.",
        {
            "sex": "male",
            "dob_precision": "estimated",
            "age_years": 16,
            "under_18": "yes",
            "child_care": "unaccompanied",
            "with_others": "no",
            "used_smuggler": "yes",
            "smuggler_cost_usd": 900,
            "reasons_for_leaving": "economic",
            "any_exploitation": "yes",
            "trafficking_indicators": "forced_work unpaid",
        },
        {"unaccompanied_separated_child", "trafficking", "smuggled", "economic"},
        {"SC-UC", "CR", "FU"},
        {
            "unaccompanied_separated_child": "best-interests",
            "trafficking": "counter-trafficking",
            "smuggled": "not to be prosecuted",
        },
    ),
    "family_fleeing_conflict_wheelchair": Vignette(
        "A family fled the armed conflict in Sudan; the grandfather, 68, uses a wheelchair and is "
        "registered with his son's family.",
        {
            "sex": "male",
            "dob_precision": "year",
            "date_of_birth": "1958-01-01",
            "under_18": "no",
            "with_others": "yes",
            "group_kind": "family",
            "reasons_for_leaving": "conflict",
            "fear_of_return": "yes",
            "any_health_need": "yes",
            "health_conditions": "disability",
        },
        {"international_protection", "specific_needs"},
        {"DS", "ER", "LP"},
        {"international_protection": "asylum", "specific_needs": "Older person"},
    ),
    "young_man_stranded_wants_home": Vignette(
        "A young man came north for work, ran out of money in Agadez, cannot go on and asks to "
        "go home.",
        {
            "sex": "male",
            "dob_precision": "exact",
            "date_of_birth": "2001-07-19",
            "under_18": "no",
            "with_others": "no",
            "reasons_for_leaving": "economic",
            "used_smuggler": "no",
            "wishes_return": "yes",
            "fear_of_return": "no",
        },
        {"economic", "stranded_return"},
        set(),
        {"stranded_return": "voluntary return"},
    ),
    "woman_documents_taken_by_recruiter": Vignette(
        "A woman was promised a job as a cleaner; the man who arranged it took her passport on "
        "arrival and she may not leave the house.",
        {
            "sex": "female",
            "dob_precision": "exact",
            "date_of_birth": "1994-02-03",
            "under_18": "no",
            "with_others": "no",
            "reasons_for_leaving": "economic",
            "any_exploitation": "yes",
            "trafficking_indicators": "deceived documents_confiscated movement_restricted",
        },
        {"trafficking", "economic"},
        set(),
        {"trafficking": "documents taken"},
    ),
    "girl_possibly_under_18_with_uncle": Vignette(
        "A girl with no papers says she is 18; she looks younger and travels with an uncle who "
        "is not her usual caregiver.",
        {
            "sex": "female",
            "dob_precision": "estimated",
            "age_years": 18,
            "under_18": "possibly",
            "child_care": "separated",
            "with_others": "yes",
            "reasons_for_leaving": "family_reunification",
        },
        {"unaccompanied_separated_child"},
        {"SC-SC", "FU"},
        {"unaccompanied_separated_child": "benefit of the doubt"},
    ),
    "refugee_from_kenya_moving_on": Vignette(
        "A Somali man recognised as a refugee in Kenya moves south because the camp's rations "
        "were cut.",
        {
            "sex": "male",
            "dob_precision": "exact",
            "date_of_birth": "1988-11-30",
            "under_18": "no",
            "refugee_elsewhere": "yes",
            "refugee_country": "KEN",
            "reasons_for_leaving": "lack_of_services",
            "fear_of_return": "yes",
        },
        {"refugee", "international_protection"},
        {"LP"},
        {"refugee": "refugee agency"},
    ),
    "herder_drought": Vignette(
        "A herder from the Sahel lost his cattle to three years of drought and looks for work.",
        {
            "sex": "male",
            "dob_precision": "year",
            "date_of_birth": "1979",
            "under_18": "no",
            "reasons_for_leaving": "environmental_degradation economic",
            "used_smuggler": "yes",
        },
        {"environmental", "economic", "smuggled"},
        set(),
        {"environmental": "drought"},
    ),
    "survivor_of_detention_and_torture": Vignette(
        "A man was held for ransom in a warehouse in Libya and tortured; he fears going back to "
        "Eritrea, where he deserted from indefinite military service.",
        {
            "sex": "male",
            "dob_precision": "exact",
            "date_of_birth": "1996-03-03",
            "under_18": "no",
            "reasons_for_leaving": "persecution",
            "fear_of_return": "yes",
            "wishes_asylum": "yes",
            "any_violence": "yes",
            "violence_incidents": "kidnapping detention torture",
            "any_health_need": "yes",
            "health_conditions": "acute_distress",
        },
        {"international_protection", "specific_needs"},
        {"TR", "SM", "LP"},
        {"specific_needs": "torture"},
    ),
    "pregnant_woman_single_mother": Vignette(
        "A pregnant woman travels alone with her two small children after her husband was "
        "killed; she paid a boat crossing.",
        {
            "sex": "female",
            "dob_precision": "month",
            "date_of_birth": "1999-06",
            "under_18": "no",
            "with_others": "yes",
            "group_kind": "family",
            "single_caregiver": "yes",
            "reasons_for_leaving": "targeted_violence",
            "used_smuggler": "yes",
            "any_health_need": "yes",
            "health_conditions": "pregnancy",
        },
        {"international_protection", "smuggled", "specific_needs"},
        {"SM", "SP"},
        {"specific_needs": "pregnancy"},
    ),
    "forced_sex_in_transit": Vignette(
        "A young woman was forced into sex work to pay off the debt of her journey.",
        {
            "sex": "female",
            "dob_precision": "exact",
            "date_of_birth": "2003-01-09",
            "under_18": "no",
            "any_exploitation": "yes",
            "trafficking_indicators": "forced_sex debt_bondage",
        },
        {"trafficking", "specific_needs"},
        {"SV"},
        {"trafficking": "debt bondage", "specific_needs": "sexual"},
    ),
    "teenager_with_parents": Vignette(
        "A 15-year-old travels with both parents, fleeing floods that destroyed their village.",
        {
            "sex": "female",
            "dob_precision": "exact",
            "date_of_birth": "2011-02-14",
            "under_18": "yes",
            "child_care": "accompanied",
            "with_others": "yes",
            "reasons_for_leaving": "natural_disaster",
        },
        {"environmental"},
        set(),
        {"environmental": "disaster"},
    ),
    "wishes_return_but_fears": Vignette(
        "A woman says she wants to go home but, asked, says she fears her family will harm her "
        "there: the return flag waits until that fear is heard.",
        {
            "sex": "female",
            "dob_precision": "exact",
            "date_of_birth": "1992-08-08",
            "under_18": "no",
            "wishes_return": "yes",
            "fear_of_return": "yes",
            "reasons_for_leaving": "other",
        },
        {"international_protection"},
        {"LP"},
        {"international_protection": "legal status"},
    ),
    "adult_with_nothing_to_flag": Vignette(
        "A student travels with a visa to start university; nothing in the screening calls for "
        "a specialist.",
        {
            "sex": "male",
            "dob_precision": "exact",
            "date_of_birth": "2004-10-01",
            "under_18": "no",
            "reasons_for_leaving": "education",
            "used_smuggler": "no",
            "fear_of_return": "no",
        },
        set(),
    ),
}


@pytest.mark.parametrize("name", sorted(VIGNETTES))
def test_vignette(name: str) -> None:
    vignette = VIGNETTES[name]
    flags = shipped().screen(vignette.answers, DAY)
    profiles = {f.code for f in flags if f.kind == "profile"}
    needs = {f.code for f in flags if f.kind == "need"}
    assert profiles == vignette.profiles, vignette.story
    assert needs == vignette.needs, vignette.story
    by_code = {f.code: f for f in flags}
    for code, words in vignette.explained.items():
        assert words.lower() in by_code[code].explain("en").lower(), (code, words)
        assert by_code[code].explain("fr") != by_code[code].explain("en")
        assert by_code[code].explain("es") != by_code[code].explain("en")
    for flag in flags:
        # Every flag shows the answers that raised it, each one given in the screening.
        assert flag.evidence
        assert all(k in vignette.answers or k == "age" for k in flag.evidence)
    if any(f.child for f in flags):
        assert flags[0].child, "child indicators come first"


ISSUE_VIGNETTES = (
    "boy_alone_smuggled_unpaid_work",
    "family_fleeing_conflict_wheelchair",
    "young_man_stranded_wants_home",
    "woman_documents_taken_by_recruiter",
)


@pytest.mark.parametrize("name", ISSUE_VIGNETTES)
def test_vignette_screened_at_the_desk(name: str, screen: Any) -> None:
    """The same stories through the one submission path: stored, rebuilt and flagged alike."""
    from mixflow.protection.models import ProfileFlag

    vignette = VIGNETTES[name]
    submission = screen(given_name=name, **vignette.answers)
    flags = ProfileFlag.objects.filter(encounter=submission.encounter)
    assert set(flags.values_list("code", flat=True)) == vignette.profiles | vignette.needs
