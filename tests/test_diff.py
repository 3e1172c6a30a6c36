"""`masklint diff`: every kind of regression, and improvements, between two versions of a spec."""

import json
import subprocess

import pytest
from conftest import SHOP

MASKED_MOBILE = """                  receiver_mobile:
                    type: string
                    pattern: '^1[3-9]\\d\\*{4}\\d{4}$'
                    example: '138****8000'
"""
TID_PARAMETER = "        - {name: tid, in: path, required: true, schema: {type: string}, example: '20210620123'}\n"
EDITS = {
    "masking-removed": (MASKED_MOBILE, "                  receiver_mobile: {type: string, example: '13800138000'}\n"),
    "new-pii-field": ("        nickname: {type: string, example: tea_lover}\n",
                      "        nickname: {type: string, example: tea_lover}\n        home_phone: {type: string}\n"),
    "new-pii-in-url": (TID_PARAMETER,
                       TID_PARAMETER + "        - {name: buyer_email, in: query, schema: {type: string, "
                                       "format: email}}\n"),
    "security-removed": ("      operationId: getCustomer\n", "      operationId: getCustomer\n      security: []\n"),
    "bound-raised": ("maximum: 100, default: 20", "maximum: 500, default: 20"),
    "bound-removed": ("schema: {type: integer, minimum: 1, maximum: 100, default: 20}",
                      "schema: {type: integer, minimum: 1, default: 20}"),
    "new-bulk-pii": ("                    sku: {type: string, example: SKU-12345678}\n",
                     "                    sku: {type: string, example: SKU-12345678}\n"
                     "                    seller_phone: {type: string}\n"),
}
EXPECTED = {
    "masking-removed": ("worse", "GET /orders/{orderId}/tracking no longer masks PHONE_NUMBER in receiver_mobile",
                        111, 19),
    "new-pii-field": ("worse", "GET /customers now returns PHONE_NUMBER unmasked in [].home_phone", 157, 9),
    "new-pii-in-url": ("worse", "GET /trades/{tid} now takes EMAIL_ADDRESS in the URL (query parameter 'buyer_email')",
                       51, 11),
    "security-removed": ("worse", "GET /customers/{customerId} returns personal data (BANK_CARD, CN_RESIDENT_ID, "
                                  "EMAIL_ADDRESS, IP_ADDRESS, LOCATION, PERSON) and its authentication went from "
                                  "required to none", 79, 5),
    "bound-raised": ("worse", "GET /trades trades bound raised: at most 100 records (parameter 'page_size' maximum) "
                              "→ at most 500 records (parameter 'page_size' maximum)", 33, 19),
    "bound-removed": ("worse", "GET /trades trades was bounded (at most 100 records (parameter 'page_size' maximum)); "
                               "now it is unbounded", 33, 19),
    "new-bulk-pii": ("worse", "GET /products now returns PHONE_NUMBER for many records in []; no maxItems and no "
                              "page-size maximum: unbounded", 124, 15),
}


@pytest.mark.parametrize("kind", sorted(EDITS))
def test_each_regression(masklint, tmp_path, kind):
    old, new = EDITS[kind]
    text = SHOP.read_text()
    assert old in text
    head = tmp_path / "head.yaml"
    head.write_text(text.replace(old, new))
    run = masklint("diff", SHOP, head, "-f", "json")
    assert run.code == 1
    worse = [c for c in run.json()["changes"] if c["change"] == kind]
    assert len(worse) == (2 if kind == "new-pii-field" else 1), run.json()["changes"]  # Customer: 2 operations
    verdict, message, line, column = EXPECTED[kind]
    assert (worse[0]["verdict"], worse[0]["message"], worse[0]["location"]["line"], worse[0]["location"]["column"]) \
        == (verdict, message, line, column)


def test_the_reverse_is_better_and_exits_zero(masklint, tmp_path):
    base = tmp_path / "base.yaml"
    base.write_text(SHOP.read_text().replace(*EDITS["masking-removed"]).replace(*EDITS["security-removed"]))
    run = masklint("diff", base, SHOP)
    assert run.code == 0
    assert run.stdout.splitlines()[-1] == "0 worse, 2 better"
    assert "masking-added" in run.stdout and "security-added" in run.stdout


def test_no_change(masklint):
    run = masklint("diff", SHOP, SHOP)
    assert (run.code, run.stdout) == (0, "0 worse, 0 better\n")


def test_base_ref_reads_the_committed_version(masklint, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    def git(*args):
        subprocess.run(["git", *args], check=True, capture_output=True)
    git("init", "-q")
    (tmp_path / "api").mkdir()
    (tmp_path / "api" / "shop.yaml").write_text(SHOP.read_text())
    git("add", "-A")
    git("-c", "user.name=t", "-c", "user.email=t@t", "commit", "-q", "-m", "base")
    (tmp_path / "api" / "shop.yaml").write_text(SHOP.read_text().replace(*EDITS["security-removed"]))
    run = masklint("diff", "api/shop.yaml", "--base-ref", "HEAD", "-f", "json")
    assert run.code == 1
    assert [c["change"] for c in run.json()["changes"]] == ["security-removed"]
    new_file = tmp_path / "api" / "new.yaml"
    new_file.write_text(SHOP.read_text())
    run = masklint("diff", "api/new.yaml", "--base-ref", "HEAD", "-f", "json")
    assert run.code == 1 and {c["verdict"] for c in run.json()["changes"]} == {"worse"}  # all of it is new


@pytest.mark.parametrize("fmt", ["markdown", "sarif"])
def test_other_formats(masklint, tmp_path, fmt):
    head = tmp_path / "head.yaml"
    head.write_text(SHOP.read_text().replace(*EDITS["bound-removed"]))
    out = masklint("diff", SHOP, head, "-f", fmt).stdout
    assert "bound-removed" in out


def test_output_to_a_file_says_the_summary_on_stderr(masklint, tmp_path):
    base = tmp_path / "base.yaml"
    base.write_text(SHOP.read_text().replace(*EDITS["masking-removed"]))
    head = tmp_path / "head.yaml"
    head.write_text(SHOP.read_text().replace(*EDITS["bound-removed"]))
    out = tmp_path / "diff.json"
    run = masklint("diff", base, head, "-f", "json", "-o", out)
    assert (run.code, run.stdout, run.stderr) == (1, "", "1 worse, 1 better\n")
    assert [(c["change"], c["verdict"]) for c in json.loads(out.read_text())["changes"]] == [
        ("bound-removed", "worse"), ("masking-added", "better")]
    run = masklint("diff", base, head, "-f", "json", "-o", out, "--quiet")  # the file still gets the whole report
    assert (run.code, run.stdout, run.stderr) == (1, "", "1 worse, 1 better\n") and len(out.read_text()) > 200
    run = masklint("diff", base, head, "-q")
    assert (run.code, run.stdout, run.stderr) == (1, "1 worse, 1 better\n", "")


def test_diff_usage_errors(masklint):
    run = masklint("diff", SHOP)
    assert (run.code, run.stderr) == (2, "masklint: error: diff takes BASE and HEAD, or paths with --base-ref\n")


def commit_all(repo, message: str) -> None:
    for args in (["add", "-A"], ["-c", "user.name=t", "-c", "user.email=t@t", "commit", "-q", "-m", message]):
        subprocess.run(["git", *args], cwd=repo, check=True, capture_output=True)


@pytest.fixture
def shop_repo(tmp_path, monkeypatch):
    """A repository whose first commit has api/shop.yaml and whose second makes it worse; the working
    directory is its top."""
    repo = tmp_path / "repo"
    (repo / "api").mkdir(parents=True)
    subprocess.run(["git", "init", "-q", "-b", "main"], cwd=repo, check=True)
    (repo / "api" / "shop.yaml").write_text(SHOP.read_text())
    commit_all(repo, "base")
    (repo / "api" / "shop.yaml").write_text(SHOP.read_text().replace(*EDITS["security-removed"]))
    commit_all(repo, "head")
    monkeypatch.chdir(repo)
    return repo


def test_an_unknown_base_ref_is_an_error_not_everything_new(masklint, shop_repo):
    run = masklint("diff", "api/shop.yaml", "--base-ref", "orgin/main")
    assert (run.code, run.stdout) == (2, "")
    assert run.stderr == ("masklint: error: --base-ref orgin/main: unknown git ref (`git branch -a` lists the "
                          "branches)\n")
    run = masklint("diff", "api/shop.yaml", "--base-ref", "HEAD~1", "-f", "json")
    assert run.code == 1
    assert [(c["verdict"], c["change"], c["location"]["line"]) for c in run.json()["changes"]] == [
        ("worse", "security-removed", 79)]


def test_a_file_absent_at_a_known_ref_is_new(masklint, shop_repo):
    (shop_repo / "api" / "billing.yaml").write_text(SHOP.read_text())
    run = masklint("diff", "api/billing.yaml", "--base-ref", "main", "-f", "json")
    changes = run.json()["changes"]
    assert run.code == 1
    assert len(changes) == 22 and {c["verdict"] for c in changes} == {"worse"}
    assert {c["location"]["file"] for c in changes} == {"api/billing.yaml"}


def test_a_shallow_clone_says_to_fetch_the_base(masklint, shop_repo, tmp_path, monkeypatch):
    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "-q", "--depth", "1", f"file://{shop_repo}", str(clone)], check=True,
                   capture_output=True)
    monkeypatch.chdir(clone)
    run = masklint("diff", "api/shop.yaml", "--base-ref", "HEAD~1")
    assert (run.code, run.stdout) == (2, "")
    assert run.stderr == ("masklint: error: --base-ref HEAD~1: unknown git ref in this shallow clone; fetch the "
                          "base first (actions/checkout with `fetch-depth: 0`, or `git fetch --unshallow`)\n")
    assert masklint("diff", "api/shop.yaml", "--base-ref", "origin/main").stdout == "0 worse, 0 better\n"


def test_base_ref_outside_a_repository(masklint, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "shop.yaml").write_text(SHOP.read_text())
    run = masklint("diff", "shop.yaml", "--base-ref", "main")
    assert run.code == 2 and run.stderr.startswith("masklint: error: git rev-parse failed: fatal: not a git repo")
    assert run.stderr.count("\n") == 1


NEW_OPERATION = """  /customers/{customerId}/profile:
    get:
      operationId: getCustomerProfile
      parameters:
        - {name: customerId, in: path, required: true, schema: {type: string}}
      responses:
        '200':
          description: the same profile at a second address
          content:
            application/json:
              schema: {$ref: '#/components/schemas/Customer'}
"""


def test_a_new_operation_returning_an_exposed_property_is_a_new_exposure(masklint, tmp_path):
    head = tmp_path / "head.yaml"
    head.write_text(SHOP.read_text().replace("  /orders/{orderId}/tracking:\n",
                                             NEW_OPERATION + "  /orders/{orderId}/tracking:\n"))
    run = masklint("diff", SHOP, head, "-f", "json")
    assert run.code == 1
    worse = [(c["change"], c["operation"], c["field"], c["location"]["line"]) for c in run.json()["changes"]
             if c["verdict"] == "worse"]
    profile = "GET /customers/{customerId}/profile"
    assert worse == [
        ("new-pii-exposure", profile, "email", 168),
        ("new-pii-exposure", profile, "id_card_number", 170),
        ("new-pii-exposure", profile, "bank_card", 171),
        ("new-pii-exposure", profile, "registered_ip", 174),
        ("new-pii-exposure", profile, "shipping_address", 175),
        ("new-pii-exposure", profile, "shipping_address.name", 180),
    ]
    message = next(c["message"] for c in run.json()["changes"] if c["field"] == "email")
    assert message == (f"{profile} now returns EMAIL_ADDRESS unmasked in email, a property other operations "
                       "already expose")
