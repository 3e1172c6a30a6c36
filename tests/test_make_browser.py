"""`make test` installs Debian's Chromium for the browser tests when it is missing and it can (root, apt-get),
and never fails the build when it cannot: it says why, and the browser tests are skipped with their reason.
Run with a PATH of fakes: `id`, `apt-get` (logs its arguments; `install` makes a `chromium`)."""

import shutil
import stat
import subprocess

import pytest
from conftest import ROOT

MAKE = shutil.which("make")


def fake(folder, name, body):
    path = folder / name
    path.write_text(f"#!/bin/sh\n{body}\n")
    path.chmod(path.stat().st_mode | stat.S_IXUSR)


def make_browser(tmp_path, uid="0", apt=None, chromium=False):
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    fake(bin_dir, "id", f"echo {uid}")
    if apt is not None:
        fake(bin_dir, "apt-get", f'echo "$DEBIAN_FRONTEND apt-get $*" >> {tmp_path}/apt.log\n{apt}')
    if chromium:
        fake(bin_dir, "chromium", "exit 0")
    run = subprocess.run([MAKE, "-s", "-f", str(ROOT / "Makefile"), "browser"], cwd=tmp_path, capture_output=True,
                         text=True, env={"PATH": str(bin_dir)}, timeout=60)
    log = (tmp_path / "apt.log").read_text().splitlines() if (tmp_path / "apt.log").exists() else []
    return run, log


INSTALLS = 'case "$*" in *install*) printf "#!/bin/sh\\n" > "${0%/apt-get}/chromium";; esac'
pytestmark = [pytest.mark.subprocess, pytest.mark.skipif(MAKE is None, reason="make is not installed")]


def test_root_with_apt_get_installs_chromium_quietly(tmp_path):
    run, log = make_browser(tmp_path, apt=INSTALLS)
    assert (run.returncode, run.stdout, run.stderr) == (
        0, "make: installing chromium (Debian package) for the browser tests\n", "")
    assert log == ["noninteractive apt-get -q -o Dpkg::Use-Pty=0 update",
                   "noninteractive apt-get -q -o Dpkg::Use-Pty=0 install -y --no-install-recommends chromium"]
    assert (tmp_path / "bin" / "chromium").exists()


def test_a_failed_install_is_said_and_the_build_goes_on(tmp_path):
    run, log = make_browser(tmp_path, apt='echo "E: Could not resolve deb.debian.org" >&2; exit 100')
    assert run.returncode == 0 and run.stderr == "E: Could not resolve deb.debian.org\n"
    assert run.stdout == ("make: installing chromium (Debian package) for the browser tests\n"
                          "make: could not install chromium (apt-get failed): the browser tests will be skipped\n")
    assert log == ["noninteractive apt-get -q -o Dpkg::Use-Pty=0 update"]  # no install after a failed update


@pytest.mark.parametrize(("uid", "apt"), [("1000", INSTALLS), ("0", None)], ids=["not root", "no apt-get"])
def test_without_root_or_apt_get_it_only_says_why(tmp_path, uid, apt):
    run, log = make_browser(tmp_path, uid=uid, apt=apt)
    assert (run.returncode, run.stdout, log) == (0, "make: chromium is not installed and cannot be (needs root and "
                                                    "apt-get): the browser tests will be skipped\n", [])


def test_an_installed_chromium_is_left_alone(tmp_path):
    run, log = make_browser(tmp_path, apt=INSTALLS, chromium=True)
    assert (run.returncode, run.stdout, run.stderr, log) == (0, "", "", [])
