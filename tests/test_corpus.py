"""Real public specs from ../shared/corpus: every entry lints without a traceback, and the obvious cases
come out right, pinned exactly."""

import json

import pytest
from conftest import corpus_report, finding_keys

from linter.report import RenderContext, render

ENTRIES = ["twilio", "stripe/spec3.yaml", "github/api.github.com.json", "box/openapi.json",
           "docusign/esignature.rest.swagger-v2.1.json", "sendgrid/oai.json", "sendgrid/oas_v3.json",
           "digitalocean/specification/DigitalOcean-public.v2.yaml", "casdoor/swagger.json", "oai-examples",
           "stripe/fixtures3.json"]

_reports: dict[str, dict] = {}


def report(corpus, entry):
    """The JSON report of one corpus entry."""
    if entry not in _reports:
        _reports[entry] = json.loads(render("json", corpus_report(entry), RenderContext()))
    return _reports[entry]


def of_operation(findings, method, path, file_suffix=""):
    return [f for f in findings
            if f["operation"] and (f["operation"]["method"], f["operation"]["path"]) == (method, path)
            and f["location"]["file"].endswith(file_suffix)]


@pytest.mark.parametrize("entry", ENTRIES)
def test_every_corpus_entry_lints(corpus, entry):
    result = report(corpus, entry)
    # Stripe's fixtures are no API description: named, that is an error (a CI job given a wrong path must fail)
    assert result["errors"] == ([{"file": "../shared/corpus/stripe/fixtures3.json",
                                  "message": "not an OpenAPI or Swagger document (--skip-non-api skips such files)"}]
                                if entry == "stripe/fixtures3.json" else [])
    expected_files = {"twilio": 55, "oai-examples": 16, "stripe/fixtures3.json": 0}.get(entry, 1)
    assert result["summary"]["files"] == expected_files


def test_twilio_messages_from_and_to_are_phone_numbers_found_through_examples(corpus):
    findings = report(corpus, "twilio")["findings"]
    messages = "/2010-04-01/Accounts/{AccountSid}/Messages.json"
    got = finding_keys(of_operation(findings, "GET", messages, "twilio_api_v2010.json"))
    assert got == [
        ("MASK101", f"GET {messages}", "messages[].from", 3709, 11),
        ("MASK101", f"GET {messages}", "messages[].to", 3721, 11),
        ("MASK102", f"GET {messages}", "query:To", 24839, 11),
        ("MASK102", f"GET {messages}", "query:From", 24877, 11),
        ("MASK104", f"GET {messages}", "messages", 25036, 21),
    ]
    to = next(f for f in of_operation(findings, "GET", messages) if f["field"] == "messages[].to")
    assert (to["entity"], to["source"]) == ("PHONE_NUMBER", "example")
    assert to["reason"] == "x-twilio.pii marks it personal; example value: valid international number"


def test_twilio_sids_are_ids_not_personal_data(corpus):
    findings = report(corpus, "twilio")["findings"]
    assert [f["field"] for f in findings if f["field"] and f["field"].lower().endswith("sid")] == []
    assert [f for f in findings if f["parameter"] and f["parameter"]["name"].lower().endswith("sid")] == []


def test_github_email_fields_are_found(corpus):
    findings = report(corpus, "github/api.github.com.json")["findings"]
    assert finding_keys(of_operation(findings, "GET", "/user"), rule="MASK101") == [
        ("MASK101", "GET /user", "email", 52217, 11),  # private-user (the surer of the oneOf branches)
        ("MASK101", "GET /user", "name", 70527, 11),  # public-user
    ]
    assert finding_keys(of_operation(findings, "GET", "/user/emails"), rule="MASK101") == [
        ("MASK101", "GET /user/emails", "[].email", 70692, 11),
    ]
    full_names = [f for f in findings if f["field"] and f["field"].endswith("full_name")]
    assert full_names == []  # `owner/repo`, not a person


def test_stripe_last4_is_masked_and_expandable_objects_are_ids(corpus):
    findings = report(corpus, "stripe/spec3.yaml")["findings"]
    assert [f["field"] for f in findings if f["field"] and "last4" in f["field"]] == []
    charge = of_operation(findings, "GET", "/v1/charges/{charge}")
    assert not [f for f in charge if f["field"] and f["field"].startswith(("customer.", "invoice."))]
    assert ("MASK101", "GET /v1/charges/{charge}", "billing_details.email", 2711, 9) in finding_keys(charge)
    issuing = of_operation(findings, "GET", "/v1/issuing/cards/{card}")
    assert not [f for f in issuing if f["field"] in ("number", "cvc")]  # omitted unless expanded


def test_casdoor_id_card_and_phone_are_found(corpus):
    findings = report(corpus, "casdoor/swagger.json")["findings"]
    user = [f for f in of_operation(findings, "GET", "/api/get-user") if f["field"] in ("idCard", "phone")]
    assert finding_keys(user) == [
        ("MASK101", "GET /api/get-user", "idCard", 9939, 17),
        ("MASK101", "GET /api/get-user", "phone", 10147, 17),
    ]
    assert [(f["entity"], f["severity"]) for f in user] == [("NATIONAL_ID", "error"), ("PHONE_NUMBER", "error")]


def test_invalid_specs_give_findings_not_crashes(corpus):
    docusign = report(corpus, "docusign/esignature.rest.swagger-v2.1.json")["findings"]
    assert {f["rule"] for f in docusign} >= {"MASK001", "MASK002"}
    invalid = [(f["location"]["line"], f["location"]["column"], f["message"])
               for f in docusign if f["rule"] == "MASK001"]
    # `type: file` of a Swagger response schema, which the Schema object's dialect does not allow: located
    # in the document, not at the top of the file
    assert (1247, 15, "not a valid OpenAPI document: matches none of the allowed forms (anyOf)") in invalid
    dangling = [f for f in docusign if f["rule"] == "MASK002"]
    assert dangling[0]["message"] == "`$ref` points at nothing: #/definitions/offlineAttributes"
    sendgrid = report(corpus, "sendgrid/oai.json")["findings"]
    assert len([f for f in sendgrid if f["rule"] == "MASK001"]) == 16
