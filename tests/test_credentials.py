"""Credentials in response bodies (by name in several languages, by value shape) and in URLs."""

from conftest import ROOT, finding_keys

SPEC = ROOT / "tests" / "data" / "blind" / "credentials.yaml"


def test_credentials_by_name_shape_and_in_urls(masklint):
    run = masklint("lint", SPEC, "-f", "json")
    findings = [f for f in run.json()["findings"] if f["rule"] in ("MASK101", "MASK102")]
    assert [(*key, f["entity"], f["severity"]) for key, f in zip(finding_keys(findings), findings, strict=True)] == [
        ("MASK101", "GET /users", "pass", 15, 19, "PASSWORD", "error"),  # `pass` of a user
        ("MASK101", "GET /users", "pwd", 16, 19, "PASSWORD", "error"),
        ("MASK101", "GET /users", "passwd", 17, 19, "PASSWORD", "error"),
        ("MASK101", "GET /users", "密码", 18, 19, "PASSWORD", "error"),
        ("MASK101", "GET /users", "mima", 19, 19, "PASSWORD", "error"),
        ("MASK101", "GET /users", "secret", 20, 19, "API_KEY", "error"),
        ("MASK101", "GET /users", "api_key", 21, 19, "API_KEY", "error"),
        ("MASK101", "GET /users", "apiKey", 22, 19, "API_KEY", "error"),
        ("MASK101", "GET /users", "access_token", 23, 19, "AUTH_TOKEN", "error"),
        ("MASK101", "GET /users", "refresh_token", 24, 19, "AUTH_TOKEN", "error"),
        ("MASK101", "GET /users", "session_token", 25, 19, "AUTH_TOKEN", "error"),
        ("MASK101", "GET /users", "reset_token", 26, 19, "AUTH_TOKEN", "error"),
        ("MASK101", "GET /users", "password_hash", 27, 19, "PASSWORD_HASH", "error"),
        # `salt` alone is no secret (decided: not flagged); the values' shapes decide the next two
        ("MASK101", "GET /users", "stored", 29, 19, "PASSWORD_HASH", "error"),  # a bcrypt hash
        ("MASK101", "GET /users", "badge", 30, 19, "AUTH_TOKEN", "error"),  # a JWT
        # traps: password_changed_at … boarding_pass, lines 31-41, are not credentials
        ("MASK102", "GET /search", "query:token", 45, 11, "AUTH_TOKEN", "error"),
        ("MASK102", "GET /search", "query:api_key", 46, 11, "API_KEY", "error"),
        ("MASK102", "GET /search", "query:password", 47, 11, "PASSWORD", "error"),  # not page_token
        # a login's own token is its purpose; a password it returns is not
        ("MASK101", "POST /login", "password", 66, 19, "PASSWORD", "error"),
    ]
    evidence = {f["field"]: f["evidence"] for f in findings if f["evidence"]}
    assert evidence == {"stored": "$2b$****************************************************WMUW",
                        "badge": "eyJh" + "*" * 100 + "sR8U"}
