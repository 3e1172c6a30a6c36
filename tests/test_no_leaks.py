"""No output ever carries a raw detected value: every format, baselines, diffs, warnings and errors, on the
whole corpus and on a fixture full of realistic personal data."""

import json

import pytest
from conftest import corpus_report

from linter.core.text import could_hold_pii
from linter.detection.detect import Detector
from linter.load import source
from linter.load.refs import Workspace
from linter.model.build import build
from linter.policy.packs import load_rules
from linter.report import FORMATS, RenderContext, render, whole

PII = {
    "mobile": "13812345678", "mobile_dashed": "139-1234-5678", "mobile_intl": "+86 137 1234 5678",
    "resident_id": "11010519491231002X", "email": "zhang.wei@example.cn", "card": "4111111111111111",
    "unionpay": "6222021234567890128", "iban": "DE89370400440532013000", "ssn": "219-09-9999",
    "us_phone": "+14155550123", "cn_name": "欧阳娜娜",
}
FIXTURE = f"""openapi: 3.0.3
info: {{title: leaky, version: '1'}}
paths:
  /people:
    get:
      parameters:
        - {{name: phone, in: query, schema: {{type: string}}, example: '{PII["mobile"]}'}}
        - {{name: email, in: query, schema: {{type: string}}, example: '{PII["email"]}'}}
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema:
                type: array
                items:
                  type: object
                  properties:
                    mobile: {{type: string, example: '{PII["mobile"]}'}}
                    phone2: {{type: string, example: '{PII["mobile_dashed"]}'}}
                    phone3: {{type: string, example: '{PII["mobile_intl"]}'}}
                    id_card: {{type: string, example: '{PII["resident_id"]}'}}
                    email: {{type: string, example: '{PII["email"]}'}}
                    card_number: {{type: string, example: '{PII["card"]}'}}
                    bank_card: {{type: string, example: '{PII["unionpay"]}'}}
                    iban: {{type: string, example: '{PII["iban"]}'}}
                    ssn: {{type: string, example: '{PII["ssn"]}'}}
                    receiver_name: {{type: string, example: '{PII["cn_name"]}'}}
                    contacts: {{type: object}}
              example:
                - mobile: '{PII["mobile"]}'
                  contacts: {{'{PII["email"]}': {{phone: '{PII["us_phone"]}'}}}}
"""


@pytest.fixture
def leaky(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "leaky.yaml").write_text(FIXTURE)
    (tmp_path / "traffic.json").write_text(json.dumps([
        {"method": "GET", "path": "/people", "status": 200,
         "body": [{"mobile": PII["mobile"], "secret_note": f"call {PII['us_phone']}", PII["email"]: "key"}]},
        {"method": "GET", "path": f"/export/{PII['mobile']}", "status": 200, "body": {"ssn": PII["ssn"]}},
    ]))
    return tmp_path


def assert_clean(text: str | bytes, raws) -> None:
    text = text.decode() if isinstance(text, bytes) else text  # the JSON formats render UTF-8 bytes
    for raw in raws:
        assert raw not in text, f"raw value {raw[:3]}… leaked"


def test_fixture_in_every_output(masklint, leaky, own_cache):
    outputs = []
    for fmt in FORMATS:
        run = masklint("lint", "leaky.yaml", "--samples", "traffic.json", "-f", fmt)
        assert run.code == 1
        outputs += [run.stdout, run.stderr]
    assert masklint("baseline", "create", "leaky.yaml", "-o", "baseline.json").code == 0
    outputs.append((leaky / "baseline.json").read_text())
    run = masklint("lint", "leaky.yaml", "--baseline", "baseline.json", "-f", "sarif")
    outputs += [run.stdout, run.stderr]
    for fmt in ("text", "json", "markdown", "sarif"):
        run = masklint("diff", "leaky.yaml", "leaky.yaml", "-f", fmt)
        outputs.append(run.stdout)
    for fmt in ("markdown", "csv", "json"):
        run = masklint("inventory", "leaky.yaml", "-f", fmt)
        assert run.code == 0 and "query:phone" in run.stdout
        outputs += [run.stdout, run.stderr]
    broken = leaky / "broken.yaml"
    broken.write_text(f"openapi: 3.0.0\npaths:\n  /x: [{PII['mobile']}\n")
    run = masklint("lint", "broken.yaml")
    assert run.code == 2
    outputs.append(run.stderr)
    fresh, cached = masklint("lint", "leaky.yaml", "-f", "json"), masklint("lint", "leaky.yaml", "-f", "json")
    assert fresh.stdout == cached.stdout
    outputs += [fresh.stdout, cached.stdout]
    entries = [p for p in own_cache.rglob("*.json")]
    assert entries, "the runs wrote cache entries"
    outputs += [p.read_text() for p in entries]
    for output in outputs:
        assert_clean(output, PII.values())


def _detected_raw_values(path):
    """Example values of the fields masklint reports from values: what must never be printed."""
    detector = Detector()
    raws = set()
    ws = Workspace(source.load(path))
    for op in build(ws).operations:
        for response in op.responses:
            for f in response.fields:
                d = detector.detect(f.name, f.parent, f.schema, f.examples, f.container)
                if d and d.source != "schema" and not d.masked:
                    raws |= {str(e.value) for e in f.examples if isinstance(e.value, (str, int))
                             and len(str(e.value)) >= 8 and could_hold_pii(str(e.value))}
    return raws


@pytest.mark.parametrize("entry, spec", [
    ("twilio", "twilio/twilio_api_v2010.json"), ("github/api.github.com.json", None), ("box/openapi.json", None),
    ("sendgrid/oai.json", None), ("digitalocean/specification/DigitalOcean-public.v2.yaml", None),
])
def test_corpus_in_every_output(corpus, entry, spec):
    raws = _detected_raw_values(corpus / (spec or entry))
    assert raws, "the test needs detected values to look for"
    report = corpus_report(entry)
    rules = load_rules()
    cached = json.dumps([f.to_record() for f in report.findings + report.suppressed] + report.operations_facts)
    context = RenderContext(rules=rules)
    for rendered in [*(whole(render(output_format, report, context)) for output_format in FORMATS), cached]:
        assert_clean(rendered, raws)


@pytest.mark.parametrize("spec", [
    "twilio/twilio_api_v2010.json", "github/api.github.com.json", "box/openapi.json", "sendgrid/oai.json",
    "digitalocean/specification/DigitalOcean-public.v2.yaml",
])
def test_corpus_in_diff_inventory_baseline_and_cache(corpus, spec, tmp_path, own_cache):
    """The other outputs of a corpus spec: `diff` from an empty API (every exposure is a change) in each of its
    formats, `inventory` in each of its formats, the baseline file, and every file the cache folder holds."""
    from linter import app
    from linter.policy.config import Config
    from linter.report import changes as diff_formats
    from linter.review import inventory
    from linter.run.engine import Linter
    from linter.run.results import Options

    path = corpus / spec
    raws = _detected_raw_values(path)
    assert raws, "the test needs detected values to look for"
    report = Linter(Options(cache_dir=own_cache)).lint([path])
    app.create_baseline(report, tmp_path / "baseline.json")
    (tmp_path / "empty.yaml").write_text("openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths: {}\n")
    changes = app.compare([tmp_path / "empty.yaml", path], None, Config())
    rows = app.inventory_rows([path], Config())
    assert changes and rows and report.findings, "each output has something to say"
    stored = [p for p in own_cache.rglob("*") if p.is_file()]
    assert any(p.match("*.json") for p in stored), "the lint wrote cache entries"
    outputs = [*(render(changes) for render in (diff_formats.text, diff_formats.json_report, diff_formats.markdown,
                                                diff_formats.sarif)),
               *(inventory.render(rows, fmt) for fmt in ("markdown", "csv", "json")),
               (tmp_path / "baseline.json").read_text(),
               *(p.read_bytes().decode("utf-8", "replace") for p in stored)]
    for output in outputs:
        assert_clean(output, raws)
