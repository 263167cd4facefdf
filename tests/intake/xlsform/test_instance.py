from __future__ import annotations

import datetime

import pytest

from mixflow.intake.xlsform.instance import (
    InstanceError,
    answers_to_instance,
    instance_to_answers,
)
from mixflow.intake.xlsform.model import Form
from mixflow.intake.xlsform.validate import validate_answers
from tests.intake.xlsform.forms import form


@pytest.fixture(scope="module")
def household() -> Form:
    return form(
        [
            ("type", "name", "label"),
            ("start", "started", ""),
            ("text", "given", "Given"),
            ("date", "born", "Born"),
            ("select_multiple why", "why", "Why"),
            ("note", "intro", "Intro"),
            ("begin_group", "trip", "Trip"),
            ("integer", "days", "Days"),
            ("end_group", "", ""),
            ("begin_repeat", "members", "Member"),
            ("text", "m_name", "Name"),
            ("decimal", "m_weight", "Weight"),
            ("end_repeat", "", ""),
        ],
        [("list_name", "name", "label"), ("why", "work", "Work"), ("why", "war", "War")],
        settings=[("form_id", "version", "form_title"), ("hh", "3", "Household")],
    )


def test_round_trip(household: Form) -> None:
    answers = {
        "started": "2026-03-15T08:00:00+00:00",
        "given": "Amina & <Co>",
        "born": datetime.date(2001, 2, 3),
        "why": ["work", "war"],
        "days": 12,
        "members": [{"m_name": "Idris", "m_weight": "31.5"}, {"m_name": "Zara"}],
    }
    xml = answers_to_instance(household, answers, "uuid:1234")
    assert b'<data id="hh" version="3">' in xml
    assert b"<trip><days>12</days></trip>" in xml
    assert b"<instanceID>uuid:1234</instanceID>" in xml
    data = instance_to_answers(household, xml)
    assert (data.form_id, data.version, data.instance_id) == ("hh", "3", "uuid:1234")
    assert data.answers == {
        "started": "2026-03-15T08:00:00+00:00",
        "given": "Amina & <Co>",
        "born": "2001-02-03",
        "why": "work war",
        "days": "12",
        "members": [{"m_name": "Idris", "m_weight": "31.5"}, {"m_name": "Zara"}],
    }
    checked = validate_answers(household, data.answers)
    assert checked.errors == {}
    assert checked.answers["born"] == datetime.date(2001, 2, 3)
    assert checked.answers["why"] == ["work", "war"]
    assert checked.answers["members"][0]["m_weight"] == 31.5


def test_collect_style_instance_with_namespaces_and_template(household: Form) -> None:
    xml = b"""<?xml version='1.0' ?>
<data xmlns:jr="http://openrosa.org/javarosa" xmlns:orx="http://openrosa.org/xforms"
      id="hh" version="3">
  <started>2026-03-15T08:00:00.000+01:00</started>
  <given>Amina</given><born/><why>war</why><intro/>
  <trip><days>3</days></trip>
  <members jr:template=""><m_name/><m_weight/></members>
  <members><m_name>Idris</m_name><m_weight/></members>
  <extra>ignored</extra>
  <orx:meta><orx:instanceID>uuid:abc</orx:instanceID></orx:meta>
</data>"""
    data = instance_to_answers(household, xml)
    assert data.instance_id == "uuid:abc"
    assert data.answers == {
        "started": "2026-03-15T08:00:00.000+01:00",
        "given": "Amina",
        "why": "war",
        "days": "3",
        "members": [{"m_name": "Idris"}],
    }


BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
]>
<data id="hh"><given>&lol4;</given></data>"""

EXTERNAL_ENTITY = b"""<?xml version="1.0"?>
<!DOCTYPE data [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
<data id="hh"><given>&secret;</given></data>"""


@pytest.mark.parametrize("xml", [BILLION_LAUGHS, EXTERNAL_ENTITY])
def test_hostile_xml_is_refused(household: Form, xml: bytes) -> None:
    with pytest.raises(InstanceError, match="DTD"):
        instance_to_answers(household, xml)


def test_broken_or_foreign_instances_are_refused(household: Form) -> None:
    with pytest.raises(InstanceError, match="cannot be read"):
        instance_to_answers(household, b"<data id='hh'><given>")
    with pytest.raises(InstanceError, match="belongs to form"):
        instance_to_answers(household, b"<data id='other'/>")
    assert issubclass(InstanceError, ValueError)  # the OpenRosa view catches ValueError
