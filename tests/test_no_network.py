"""A full lint never opens a connection (Presidio's tldextract included) and writes nothing but its outputs
and its result cache."""

import socket

from conftest import ROOT, SHOP


def test_no_connection_and_no_writes(masklint, tmp_path, monkeypatch):
    attempts = []

    def refuse(*args, **kwargs):
        attempts.append(args)
        raise OSError("network disabled by the test")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_CACHE_HOME", str(home / ".cache"))
    work = tmp_path / "work"
    work.mkdir()
    monkeypatch.chdir(work)
    spec = work / "api.yaml"
    # a remote $ref, and e-mail values that send Presidio's e-mail recognizer to its public-suffix check
    spec.write_text(SHOP.read_text().replace("shipping_address:\n          $ref: '#/components/schemas/Address'",
                                             "shipping_address:\n          $ref: 'https://example.com/address.yaml'"))
    run = masklint("lint", "api.yaml", "--samples", str(ROOT / "specs" / "samples" / "shop.har"), "-o", "out.txt")
    assert run.code == 1
    assert attempts == []
    assert sorted(p.name for p in work.iterdir()) == ["api.yaml", "out.txt"]
    assert list(home.rglob("*")) == []
    assert "remote `$ref` is never fetched: https://example.com/address.yaml" in (work / "out.txt").read_text()
    monkeypatch.delenv("MASKLINT_CACHE_DIR")
    assert masklint("lint", "api.yaml", "-o", "out.txt").code == 1
    assert attempts == []
    assert sorted(p.name for p in work.iterdir()) == [".masklint_cache", "api.yaml", "out.txt"]
    assert list(home.rglob("*")) == []
