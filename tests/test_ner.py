"""`--ner`: free-text values read by a spaCy pipeline the user installed; never a download.

No trained model can be installed here (they are published on GitHub, not on PyPI), so the pipeline is
a blank English one with an entity ruler: what is tested is masklint's side (loading, free text only,
entities mapped, evidence redacted), not a model's accuracy.
"""

import pytest

spacy = pytest.importorskip("spacy")  # presidio-analyzer depends on spaCy: present wherever masklint is

SPEC = """openapi: 3.0.3
info: {title: notes, version: '1'}
paths:
  /tickets/{id}:
    get:
      parameters: [{name: id, in: path, required: true, schema: {type: string}}]
      security: [{key: []}]
      responses:
        '200':
          description: a ticket
          content:
            application/json:
              schema:
                type: object
                properties:
                  note: {type: string, example: 'Please ring Jane Doe before delivery'}
                  status: {type: string, example: 'open'}
components:
  securitySchemes:
    key: {type: apiKey, in: header, name: X-Key}
"""


@pytest.fixture
def pipeline(tmp_path):
    nlp = spacy.blank("en")
    nlp.add_pipe("entity_ruler").add_patterns([{"label": "PERSON", "pattern": "Jane Doe"}])
    nlp.to_disk(tmp_path / "pipeline")
    return tmp_path / "pipeline"


@pytest.fixture
def spec(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "notes.yaml").write_text(SPEC)
    return "notes.yaml"


def test_free_text_names_are_found_only_with_ner(masklint, spec, pipeline):
    assert masklint("lint", spec, "-f", "json").json()["findings"] == []
    run = masklint("lint", spec, "--ner", pipeline, "-f", "json")
    [finding] = run.json()["findings"]
    location = finding["location"]
    assert (finding["rule"], finding["field"], finding["entity"], location["line"], location["column"]) == (
        "MASK101", "note", "PERSON", 16, 19)
    assert finding["reason"] == "example value: NER (" + str(pipeline) + "): PERSON"
    assert "Jane" not in run.stdout and "Doe" not in run.stdout


def test_a_pipeline_that_is_not_installed_is_a_one_line_error(masklint, spec):
    run = masklint("lint", spec, "--ner", "en_core_web_nonexistent")
    assert run.code == 2
    assert run.stderr.startswith("masklint: error: --ner: cannot load the spaCy pipeline 'en_core_web_nonexistent' "
                                 "(install it first; masklint never downloads models)")
    assert run.stderr.count("\n") == 1
