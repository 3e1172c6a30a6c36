"""The fact table is the contract between the facts masklint computes and the rule packs: every subject
built conforms to it, the README's facts table is generated from it, and it names the fingerprint's inputs."""

import hashlib
from dataclasses import replace

import pytest
from conftest import ROOT, SHOP

from linter.facts.table import FACTS, conforms, facts_markdown, fingerprint_facts, nonconforming
from linter.run.checker import Checker
from linter.run.engine import Linter
from linter.run.results import Options
from linter.samples.sources import samples as sample_set


def nonconforming_subjects(paths, samples=None) -> tuple[dict[str, int], dict[str, list[str]]]:
    """What departs from the fact table in the subjects the rules see (every kind, samples included), with
    how often; the paths are linted in this process so that every subject passes through here."""
    problems: dict[str, int] = {}
    evaluate = Checker._evaluate
    seen: dict[str, list[str]] = {kind: [] for kind in FACTS}  # per kind, what each subject is

    def recording(self, subjects):
        subjects = list(subjects)
        for subject in subjects:
            seen[subject.kind].append(str(subject.facts.get(subject.kind) or subject.facts.get("operation")))
            found = nonconforming(subject.kind, subject.facts)
            for problem in found:
                problems[problem] = problems.get(problem, 0) + 1
            if conforms(subject.kind, subject.facts) == bool(found):  # the fast check a cache read makes
                problems["conforms() disagrees"] = problems.get("conforms() disagrees", 0) + 1
        return evaluate(self, subjects)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(Checker, "_evaluate", recording)
        Linter(Options(jobs=1)).lint(paths, sample_set(samples) if samples else None)
    return problems, seen


def test_every_subject_of_the_shop_and_its_traffic_conforms():
    problems, seen = nonconforming_subjects([SHOP], [ROOT / "specs" / "samples" / "shop.har"])
    assert problems == {}
    # every kind but `problem` (the shop is a valid document) was built and checked
    assert {kind for kind, built in seen.items() if built} == {"field", "parameter", "collection", "operation",
                                                               "sample"}


def test_problem_subjects_conform(tmp_path):
    spec = tmp_path / "api.yaml"
    spec.write_text("openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n  /a:\n    get:\n"
                    "      parameters: [{name: q, in: query, schema: {$ref: '#/components/schemas/Gone'}}]\n"
                    "      x-masklint-ignore: {rules: [MASK101]}\n      responses:\n        '200':\n"
                    "          description: ok\n          content:\n            application/json:\n"
                    "              schema: {$ref: '#/components/schemas/Missing'}\n")
    problems, seen = nonconforming_subjects([spec])
    assert problems == {}
    assert sorted(seen["problem"]) == ["dangling-ref", "invalid-ignore", "invalid-spec", "ref-hides-response"]


def test_every_subject_of_the_corpus_conforms(corpus):
    problems, seen = nonconforming_subjects([corpus])
    assert problems == {}
    assert all(seen[kind] for kind in ("field", "parameter", "collection", "operation", "problem"))


def test_a_departure_is_named():
    facts = {"operation": "GET /a", "method": "GET", "path": "/a", "operation_id": None, "auth": "sometimes",
             "auth_schemes": [], "login": False, "whose": "others", "whose_words": "other people's data",
             "returns_pii": 1, "entities": [], "entity": "", "categories": ["contact"],
             "fields": [], "scrape_score": 10, "extra": True}
    assert nonconforming("operation", facts) == [
        "operation: undeclared fact 'extra'",
        "operation: fact 'scrape_terms' is missing",
        "operation: fact 'auth' is not one of `required`, `optional`, `none`, `undeclared`, `external`: str",
        "operation: fact 'returns_pii' is not bool: int",
    ]



OPERATION_FACTS = {"operation": "GET /a", "method": "GET", "path": "/a", "operation_id": None, "auth": "none",
                   "auth_schemes": [], "login": False, "whose": "others", "whose_words": "other people's data",
                   "returns_pii": True, "entities": ["EMAIL_ADDRESS"], "entity": "EMAIL_ADDRESS",
                   "categories": ["contact"], "fields": ["email"], "scrape_score": 10, "scrape_terms": []}


@pytest.mark.parametrize("departure", [{"auth": "sometimes"}, {"returns_pii": 1}, {"scrape_score": 1.5},
                                       {"scrape_score": True}, {"whose": None}, {"entities": ["EMAIL", 1]},
                                       {"categories": ["nope"]}, {"fields": "email"}, {"extra": True}])
def test_the_fast_check_finds_each_departure(departure):
    assert conforms("operation", OPERATION_FACTS)
    assert not conforms("operation", OPERATION_FACTS | departure)
    assert not conforms("operation", {k: v for k, v in OPERATION_FACTS.items() if k != "scrape_terms"})
    assert not conforms("nothing", OPERATION_FACTS) and not conforms(["operation"], OPERATION_FACTS)

def test_readme_facts_table_is_generated_from_the_table():
    readme = (ROOT / "README.md").read_text()
    table = readme.split("<!-- facts:start", 1)[1].split("-->", 1)[1].split("<!-- facts:end -->")[0]
    assert table.strip() == facts_markdown().strip()


def test_fingerprint_inputs_are_the_declared_facts(masklint):
    from linter.policy.findings import Finding, Location, OperationRef
    from linter.policy.packs import load_rules

    # a field or parameter is a place, one finding for every operation that reaches it (policy/grouping.py)
    assert {kind: fingerprint_facts(kind) for kind in FACTS} == {
        "field": ("entity",), "parameter": ("entity",),
        "collection": ("operation", "field"), "operation": ("operation",), "response": ("operation", "field"),
        "problem": (), "sample": ("operation",)}
    rule = next(r for r in load_rules() if r.id == "MASK101")
    facts = {"operation": "GET /a", "field": "phone", "entity": "PHONE_NUMBER", "confidence": 0.9, "masked": False}
    finding = Finding(rule, "error", "m", "field", facts, OperationRef("GET", "/a", None, "api.yaml"),
                      Location("api.yaml", 7, 9, "/paths/~1a/get"))
    key = "MASK101|api.yaml|/paths/~1a/get|PHONE_NUMBER"
    assert finding.fingerprint() == hashlib.sha256(key.encode()).hexdigest()[:32]
    legacy = "MASK101|api.yaml|GET /a|phone|PHONE_NUMBER"  # baseline formats 1 and 2
    assert finding.operation_fingerprint() == hashlib.sha256(legacy.encode()).hexdigest()[:32]
    moved = replace(finding, facts={**facts, "confidence": 0.5, "masked": True},
                    location=Location("api.yaml", 70, 1, "/paths/~1a/get"))
    assert moved.fingerprint() == finding.fingerprint()  # neither line nor undeclared facts count
    other_entity = replace(finding, facts={**facts, "entity": "EMAIL_ADDRESS"})
    assert other_entity.fingerprint() != finding.fingerprint()
