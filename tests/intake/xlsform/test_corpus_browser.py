"""Every corpus form (``corpus/``, real XLSForms written by others) as a user meets it: installed,
rendered in the browser in each of its languages, its required questions filled with values its
own rules accept, submitted from the web page and through OpenRosa (as ODK Collect does, with
its files), and exported. One browser and one server for the whole corpus.

``pytest -s tests/intake/xlsform/test_corpus_browser.py`` prints the counts.
"""

from __future__ import annotations

import io
import os
import uuid
from collections import Counter
from typing import Any

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook  # type: ignore[import-untyped]

from mixflow.accounts.actions import create_or_update_user, create_organisation
from mixflow.core.roles import Role
from mixflow.geo.actions import add_missing_countries
from mixflow.intake.actions import FormError, upload_questionnaire
from mixflow.intake.models import Submission
from mixflow.intake.queries import compiled
from mixflow.intake.xlsform.instance import answers_to_instance
from tests.api.test_openrosa import basic
from tests.conftest import PASSWORD, SETUP, _site
from tests.intake.xlsform.corpus_answers import FILES, page_fields, solve
from tests.intake.xlsform.test_corpus import FILES as CORPUS
from tests.intake.xlsform.test_corpus import _pyxform_converts

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

pytestmark = [pytest.mark.browser, pytest.mark.markup, pytest.mark.django_db(transaction=True)]

FILL = """values => {
  const form = document.querySelector("form.questionnaire");
  const missing = [];
  for (const [name, value] of Object.entries(values)) {
    const list = Array.isArray(value) ? value : [value];
    const found = form.querySelectorAll(`[name="${CSS.escape(name)}"]`);
    if (!found.length) { missing.push(name); }
    found.forEach(el => {
      if (el.type === "radio" || el.type === "checkbox") { el.checked = list.includes(el.value); }
      else if (el.tagName === "SELECT") {
        Array.from(el.options).forEach(o => { o.selected = list.includes(o.value); });
      } else { el.value = list.join(" "); }
    });
  }
  return missing;
}"""


ADD = """([count, value, repeat]) => {
  const form = document.querySelector("form.questionnaire");
  form.querySelector(`[name="${count}"]`).value = value;
  const add = form.querySelector(`button[name=_add][value="${repeat}"]`);
  setTimeout(() => form.requestSubmit(add), 0);
}"""
CHANGED = """() => document.querySelector("form.questionnaire")
  .dispatchEvent(new Event("change", { bubbles: true }))"""
# The server's reply reaches the test before the page's script has applied it; a list's
# choice still disabled when the form is sent is not sent at all. Wait until every choice
# the answers name is offered.
OFFERED = """values => {
  const form = document.querySelector("form.questionnaire");
  return Object.entries(values).every(([name, value]) => {
    const list = Array.isArray(value) ? value : [value];
    return Array.from(form.querySelectorAll(`select[name="${CSS.escape(name)}"] option`))
      .filter(o => list.includes(o.value)).every(o => !o.disabled);
  });
}"""


def _sign_in(page: Any, live_server: Any, user: Any) -> None:
    client = Client()
    client.force_login(user)
    page.context.clear_cookies()
    page.context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": live_server.url,
            }
        ]
    )


def _shown_in(form: Any, lang: str, text: str) -> bool:
    """Some question's own label in ``lang`` is on the page (when the form has any)."""
    labels = [
        q.label[lang]
        for q in form.questions()
        if q.label.get(lang) and "$" not in q.label[lang] and q.type != "calculate"
    ]
    return not labels or any(" ".join(label.split())[:40] in text for label in labels)


@pytest.fixture
def agadez(db: Any) -> Any:
    """The one site the corpus is filled at (the whole ``world`` would double the test)."""
    add_missing_countries(actor=SETUP)
    return _site("NER-AGZ-BUS", "Agadez bus station", "NER", "NE001", 16.97, 7.99)


def test_every_corpus_form_installs_renders_submits_and_exports(
    page: Any, live_server: Any, agadez: Any
) -> None:
    tally: Counter[str] = Counter()
    failures: dict[str, str] = {}
    for number, path in enumerate(CORPUS):
        tally["workbooks"] += 1
        organisation = create_organisation(
            actor=SETUP, code=f"corpus{number}", name=path.stem[:60], kind="ngo"
        )
        admin = create_or_update_user(
            username=f"admin{number}",
            organisation=organisation,
            password=PASSWORD,
            roles=[Role.ORG_ADMIN],
            actor=SETUP,
        )
        try:
            version = upload_questionnaire(
                actor=admin,
                organisation=organisation,
                content=path.read_bytes(),
                file_name=path.name,
            )
        except FormError:
            # Mixflow converts with pyxform: refused here, is it pyxform that refuses?
            if _pyxform_converts(path):
                tally["pyxform converts"] += 1
                failures[path.name] = "refused by Mixflow"
            continue
        tally["pyxform converts"] += 1  # the upload ran pyxform's conversion
        officer = create_or_update_user(
            username=f"officer{number}",
            organisation=organisation,
            password=PASSWORD,
            roles=[Role.REGISTRATION_OFFICER],
            limited_to=[agadez],
            actor=SETUP,
        )
        tally["Mixflow accepts"] += 1
        form = compiled(version).form
        fill_url = live_server.url + reverse(
            "web:questionnaire_fill", args=[version.questionnaire_id]
        )
        _sign_in(page, live_server, officer)
        rendered = True
        for lang in form.languages:
            page.goto(f"{fill_url}?lang={lang}")
            if not _shown_in(form, lang, " ".join(page.inner_text("main").split())):
                rendered, failures[path.name] = False, f"labels in {lang} not shown"
        tally["rendered in every language"] += rendered

        answers, left = solve(form)
        if left:
            failures[path.name] = f"no valid answers found for {left}"
            continue
        values, files = page_fields(form, answers)
        for name, count in values.items():
            if name.endswith("-count") and int(count) > 1:  # "Add another" until there
                with page.expect_navigation():
                    page.evaluate(ADD, [name, str(int(count) - 1), name.removesuffix("-count")])
        missing = page.evaluate(FILL, values)
        if any(q.choice_filter for q in form.questions()):
            # Cascading lists: the page offers a list's choices once the answers before it
            # are known (asked of the server as the user answers), then they are chosen.
            with page.expect_response("**/relevance/"):
                page.evaluate(CHANGED)
            page.wait_for_function(OFFERED, arg=values)
            missing = page.evaluate(FILL, values)
        for name, kind in files.items():
            file_name, content_type, data = FILES[kind]
            page.set_input_files(
                f"input[name='{name}']",
                files=[{"name": file_name, "mimeType": content_type, "buffer": data}],
            )
        with page.expect_navigation():
            page.evaluate("document.querySelector('form.questionnaire').requestSubmit()")
        if Submission.objects.filter(version=version).count() != 1:
            errors = page.locator(".error").all_inner_texts()
            failures[path.name] = f"web: {errors[:3]} (not on the page: {missing[:3]})"
            continue
        tally["submitted from the web page"] += 1

        xml = answers_to_instance(form, answers, f"uuid:{uuid.uuid4()}")
        parts: dict[str, Any] = {
            "xml_submission_file": SimpleUploadedFile("s.xml", xml, "text/xml")
        }
        for kind in set(files.values()):
            file_name, content_type, data = FILES[kind]
            parts[file_name] = SimpleUploadedFile(file_name, data, content_type)
        response = Client().post("/submission", parts, **basic(officer.username))
        if response.status_code != 201:
            failures[path.name] = f"OpenRosa: {response.status_code} {response.content[:300]!r}"
            continue
        tally["submitted through OpenRosa"] += 1

        client = Client()
        client.force_login(officer)
        export = reverse("web:submissions_export", args=[version.questionnaire_id])
        book = load_workbook(io.BytesIO(client.get(export + "?format=xlsx").content))
        csv = client.get(export + "?format=csv&labels=1")
        if book.worksheets[0].max_row != 3 or csv.status_code != 200:
            failures[path.name] = f"export: {book.worksheets[0].max_row - 1} rows"
            continue
        tally["exported"] += 1
    print("\ncorpus in the browser:", dict(tally), "\nfailures:", failures)
    accepted = tally["pyxform converts"]
    assert tally["Mixflow accepts"] == accepted >= 25
    assert failures == {}
    assert tally["exported"] == accepted
