"""Real public specs from ../shared/corpus: every entry lints without a traceback, and the obvious cases
come out right, pinned exactly."""

import json

import pytest
from conftest import corpus_report, finding_keys

from linter.report import RenderContext, render, whole

ENTRIES = ["twilio", "stripe/spec3.yaml", "github/api.github.com.json", "box/openapi.json",
           "docusign/esignature.rest.swagger-v2.1.json", "sendgrid/oai.json", "sendgrid/oas_v3.json",
           "digitalocean/specification/DigitalOcean-public.v2.yaml", "casdoor/swagger.json", "oai-examples",
           "stripe/fixtures3.json"]

_reports: dict[str, dict] = {}


def report(corpus, entry):
    """The JSON report of one corpus entry."""
    if entry not in _reports:
        _reports[entry] = json.loads(whole(render("json", corpus_report(entry), RenderContext())))
    return _reports[entry]


def per_operation(corpus, entry):
    """The findings of one corpus entry in the per-operation view (`--group-by operation`), as JSON."""
    from linter.policy.grouping import by_operation

    return [f.to_dict() for f in by_operation(corpus_report(entry).findings)]


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
    findings = per_operation(corpus, "github/api.github.com.json")
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
    findings = per_operation(corpus, "stripe/spec3.yaml")
    assert [f["field"] for f in findings if f["field"] and "last4" in f["field"]] == []
    charge = of_operation(findings, "GET", "/v1/charges/{charge}")
    assert not [f for f in charge if f["field"] and f["field"].startswith(("customer.", "invoice."))]
    assert ("MASK101", "GET /v1/charges/{charge}", "billing_details.email", 2711, 9) in finding_keys(charge)
    issuing = of_operation(findings, "GET", "/v1/issuing/cards/{card}")
    assert not [f for f in issuing if f["field"] in ("number", "cvc")]  # omitted unless expanded


def test_casdoor_id_card_and_phone_are_found(corpus):
    findings = per_operation(corpus, "casdoor/swagger.json")
    user = [f for f in of_operation(findings, "GET", "/api/get-user") if f["field"] in ("idCard", "phone")]
    assert finding_keys(user) == [
        ("MASK101", "GET /api/get-user", "idCard", 9939, 17),
        ("MASK101", "GET /api/get-user", "phone", 10147, 17),
    ]
    assert [(f["entity"], f["severity"]) for f in user] == [("NATIONAL_ID", "error"), ("PHONE_NUMBER", "error")]


@pytest.mark.parametrize("entry", ENTRIES)
def test_one_finding_per_place(corpus, entry):
    findings = report(corpus, entry)["findings"]
    places = [(f["rule"], f["location"]["file"], f["location"]["pointer"], f["entity"]) for f in findings
              if f["rule"] in ("MASK101", "MASK102", "MASK201")]
    assert len(places) == len(set(places))


def test_stripe_and_github_fit_a_reader(corpus):
    stripe = corpus_report("stripe/spec3.yaml")
    assert len(stripe.findings) <= 400
    assert render("text", stripe, RenderContext()).count("\n") <= 2000
    phone = next(f for f in report(corpus, "stripe/spec3.yaml")["findings"]
                 if f["location"]["pointer"] == "/components/schemas/shipping/properties/phone")
    assert (phone["location"]["line"], len(phone["operations"])) == (31421, 67)
    assert phone["message"] == ("returns PHONE_NUMBER unmasked in data[].shipping.phone (67 operations: "
                                "GET /v1/charges, POST /v1/charges, GET /v1/charges/search, … and 64 more)")
    github = report(corpus, "github/api.github.com.json")["findings"]
    assert len(github) <= 1200
    [no_security] = [f for f in github if f["rule"] == "MASK103"]  # the document declares none at all
    assert (no_security["location"]["line"], len(no_security["operations"])) == (1, 364)


def test_invalid_specs_give_findings_not_crashes(corpus):
    docusign = report(corpus, "docusign/esignature.rest.swagger-v2.1.json")["findings"]
    assert {f["rule"] for f in docusign} >= {"MASK001", "MASK007"}
    # `#/definitions/offlineAttributes` does not exist, and two responses' schemas lead there: unchecked, no pass
    hidden = "`$ref` points at nothing: #/definitions/offlineAttributes; what lies behind it was not checked"
    assert sorted((f["location"]["line"], f["severity"], f["message"]) for f in docusign
                  if f["rule"] == "MASK007") == [(46662, "error", hidden), (59564, "error", hidden)]
    invalid = [(f["location"]["line"], f["location"]["column"], f["message"])
               for f in docusign if f["rule"] == "MASK001"]
    # `type: file` of a Swagger response schema, which the Schema object's dialect does not allow: located
    # in the document, not at the top of the file
    assert (1247, 15, "not a valid OpenAPI document: matches none of the allowed forms (anyOf)") in invalid
    sendgrid = report(corpus, "sendgrid/oai.json")["findings"]
    assert len([f for f in sendgrid if f["rule"] == "MASK001"]) == 16
