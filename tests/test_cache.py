"""The result cache: an unchanged spec is not linted again; any change to what shapes a result is."""

import json
import multiprocessing
import os

import pytest
from conftest import ROOT, SHOP

import linter
from linter.run.cache import Cache, code_digest
from linter.run.value_store import ValueStore


@pytest.fixture
def spec(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "shop.yaml").write_text(SHOP.read_text())
    return tmp_path / "shop.yaml"


def test_an_unchanged_spec_comes_from_the_cache_with_the_same_report(masklint, spec, linted):
    first = masklint("lint", spec.name, "-f", "json")
    second = masklint("lint", spec.name, "-f", "json")
    assert linted == ["shop.yaml"]
    assert (first.code, first.stdout) == (second.code, second.stdout)
    assert len(first.json()["findings"]) == 16  # places to fix
    sarif = [masklint("lint", spec.name, "-f", "sarif").stdout for _ in range(2)]
    assert sarif[0] == sarif[1] and linted == ["shop.yaml"]


def test_the_file_entries_are_written_by_a_child_and_there_when_the_command_ends(masklint, spec, own_cache,
                                                                                  monkeypatch, tmp_path):
    """With a process to spare, the command line renders and shows the report while a child writes the file's
    entry and the value analysis' answers; it waits for the child before it ends. The Python API's `lint` waits
    before it returns. With one job, this process writes them."""
    writers = tmp_path / "writers"
    put, save = Cache.put, ValueStore.save

    def noting(write):
        def written(self, *args):
            with writers.open("a") as handle:
                handle.write(f"{write.__name__} {os.getpid()}\n")
            return write(self, *args)
        return written

    monkeypatch.setattr(Cache, "put", noting(put))
    monkeypatch.setattr(ValueStore, "save", noting(save))
    runs = [lambda: masklint("lint", spec.name, "-f", "json", "-j", "2"),
            lambda: linter.lint([spec.name], cache=True, jobs=2), lambda: linter.lint([spec.name], cache=True)]
    for run, by_child in zip(runs, (True, True, False), strict=True):
        for entry in own_cache.rglob("*.json"):
            entry.unlink()
        writers.write_text("")
        run()
        assert multiprocessing.active_children() == []
        assert len(_file_entries(own_cache)) == 1 and list(own_cache.rglob("values-*.json"))
        [(put_name, put_pid), (save_name, save_pid)] = [line.split() for line in writers.read_text().splitlines()]
        assert (put_name, save_name) == ("put", "save") and put_pid == save_pid
        assert (put_pid != str(os.getpid())) is by_child


def _file_entries(cache_folder):
    return [e for e in cache_folder.rglob("??/*.json") if not e.name.startswith("values-")]


def test_an_edit_to_the_spec_or_to_a_file_it_references_is_linted_again(masklint, spec, linted):
    masklint("lint", spec.name)
    spec.write_text(spec.read_text() + "\n# a comment\n")
    masklint("lint", spec.name)
    assert linted == ["shop.yaml", "shop.yaml"]
    (spec.parent / "user.yaml").write_text("type: object\nproperties:\n  email: {type: string}\n")
    text = spec.read_text().replace("  schemas:\n", "  schemas:\n    External:\n      $ref: 'user.yaml'\n", 1)
    spec.write_text(text.replace("$ref: '#/components/schemas/Customer'", "$ref: '#/components/schemas/External'", 1))
    before = masklint("lint", spec.name, "-f", "json").json()["findings"]
    masklint("lint", spec.name)
    assert linted == ["shop.yaml"] * 3
    (spec.parent / "user.yaml").write_text("type: object\nproperties:\n  mobile: {type: string}\n")
    after = masklint("lint", spec.name, "-f", "json").json()["findings"]
    assert linted == ["shop.yaml"] * 4
    assert {f["field"] for f in after} - {f["field"] for f in before} == {"[].mobile"}


def test_configuration_options_and_version_are_part_of_the_key(masklint, spec, linted, monkeypatch):
    masklint("lint", spec.name)
    masklint("lint", spec.name, "--no-validate")
    masklint("lint", spec.name, "--max-depth", "3")
    assert linted == ["shop.yaml"] * 3
    (spec.parent / ".masklint.yaml").write_text("disable: [MASK104]\n")
    assert "MASK104" not in masklint("lint", spec.name).stdout
    assert len(linted) == 4
    monkeypatch.setattr(linter, "__version__", "99.0")
    masklint("lint", spec.name)
    assert len(linted) == 5
    masklint("lint", spec.name)
    assert len(linted) == 5


def test_an_edit_to_the_configuration_that_says_the_same_keeps_the_results(masklint, spec, linted):
    """pyproject.toml, edited for a dependency, says the same of masklint: the specs are not linted again."""
    pyproject = spec.parent / "pyproject.toml"
    pyproject.write_text("[project]\nname = 'shop'\n\n[tool.masklint]\ndisable = ['MASK104']\n")
    masklint("lint", spec.name)
    pyproject.write_text(pyproject.read_text().replace("name = 'shop'", "name = 'shop'\nversion = '2'"))
    masklint("lint", spec.name)
    assert linted == ["shop.yaml"]
    pyproject.write_text(pyproject.read_text().replace("MASK104", "MASK105"))
    masklint("lint", spec.name)
    assert linted == ["shop.yaml"] * 2


def test_a_corrupt_or_foreign_entry_is_a_miss_and_is_replaced(masklint, spec, linted, own_cache):
    expected = masklint("lint", spec.name, "-f", "json").stdout
    [run] = own_cache.rglob("runs/*.json")  # the run's output
    [entry] = set(own_cache.rglob("*.json")) - {run} - set(own_cache.rglob("values-*.json"))  # the file's result
    for damage in ("{half", json.dumps({"dependencies": 3}), "\x00\x01"):
        entry.write_text(damage)
        run.write_text(damage)
        assert masklint("lint", spec.name, "-f", "json").stdout == expected
    assert len(linted) == 4
    assert stored(entry)["result"]["files"] == 1
    head, _, output = run.read_text().partition("\n")[2].partition("\n")  # a run's output follows its summary
    assert (json.loads(head)["result"]["code"], output) == (1, expected)


def stored(entry):
    """An entry's content, after the line of its authentication code."""
    return json.loads(entry.read_text().partition("\n")[2])


@pytest.fixture
def reports(monkeypatch):
    """The runs that built a report (the rest replayed a stored output)."""
    calls = []
    original = linter.run.engine.Linter.lint

    def counting(self, paths, samples=None):
        calls.append(paths)
        return original(self, paths, samples)

    monkeypatch.setattr(linter.run.engine.Linter, "lint", counting)
    return calls


def test_an_identical_rerun_replays_the_output_stderr_and_exit_code(masklint, spec, reports):
    first = masklint("lint", spec.name, "--max-depth", "1")  # the depth limit says a note on stderr
    again = masklint("lint", spec.name, "--max-depth", "1")
    assert len(reports) == 1
    assert (again.code, again.stdout, again.stderr) == (first.code, first.stdout, first.stderr)
    assert first.code == 1 and "deeper fields were not checked" in first.stderr
    # anything that changes what is printed or the exit code is a new run
    for options in (["-f", "json"], ["-f", "sarif"], ["--fail-on", "never"], ["--color"]):
        run = masklint("lint", spec.name, "--max-depth", "1", *options)
        assert masklint("lint", spec.name, "--max-depth", "1", *options).stdout == run.stdout
    assert len(reports) == 5
    assert masklint("lint", spec.name, "--max-depth", "1", "--fail-on", "never").code == 0


def test_a_replayed_html_page_shows_the_date_and_commit_of_the_run_that_prints_it(masklint, spec, reports, monkeypatch):
    from datetime import UTC, datetime

    import linter.app
    import linter.review.gitbase

    class Clock(datetime):
        now_is = datetime(2026, 12, 1, 17, 4, tzinfo=UTC)

        @classmethod
        def now(cls, tz=None):
            return cls.now_is

    head = {"commit": "1234abc"}
    monkeypatch.setattr(linter.app, "datetime", Clock)
    monkeypatch.setattr(linter.review.gitbase, "head_commit", lambda cwd: head["commit"])
    first = masklint("lint", spec.name, "-f", "html").stdout
    Clock.now_is, head["commit"] = datetime(2027, 1, 2, 3, 5, tzinfo=UTC), "5678def"
    again = masklint("lint", spec.name, "-f", "html").stdout
    assert len(reports) == 1  # the second page is the stored one
    header = "<div class='muted'>masklint {} · run {} · commit <code>{}</code> · 6 operations in 1 file</div>"
    assert header.format(linter.__version__, "2026-12-01 17:04 UTC", "1234abc") in first
    assert header.format(linter.__version__, "2027-01-02 03:05 UTC", "5678def") in again
    assert "2026-12-01" not in again and again.replace("2027-01-02 03:05", "2026-12-01 17:04").replace(
        "5678def", "1234abc") == first


def test_a_changed_baseline_or_referenced_file_is_a_new_run(masklint, spec, reports, tmp_path):
    baseline = tmp_path / "baseline.json"
    masklint("baseline", "create", spec.name, "-o", baseline)
    known = masklint("lint", spec.name, "--baseline", baseline, "-f", "json")
    assert known.code == 0 and known.json()["findings"] == []
    baseline.write_text('{"format": 1, "findings": []}')
    fresh = masklint("lint", spec.name, "--baseline", baseline, "-f", "json")
    assert fresh.code == 1 and len(fresh.json()["findings"]) == 16
    assert len(reports) == 3
    (tmp_path / "user.yaml").write_text("type: object\nproperties:\n  nickname: {type: string}\n")
    text = spec.read_text().replace("  schemas:\n", "  schemas:\n    External:\n      $ref: 'user.yaml'\n", 1)
    spec.write_text(text.replace("$ref: '#/components/schemas/Customer'", "$ref: '#/components/schemas/External'", 1))
    masklint("lint", spec.name)
    masklint("lint", spec.name)
    assert len(reports) == 4
    (tmp_path / "user.yaml").write_text("type: object\nproperties:\n  mobile: {type: string}\n")
    assert "[].mobile" in masklint("lint", spec.name).stdout
    assert len(reports) == 5


def test_recorded_traffic_is_never_replayed(masklint, spec, reports, tmp_path):
    samples = tmp_path / "samples"
    samples.mkdir()
    (samples / "searchCustomers.json").write_text('[{"id": 1}]')
    for _ in range(2):
        masklint("lint", spec.name, "--samples", samples)
    assert len(reports) == 2


def test_no_cache_reads_and_writes_nothing(masklint, spec, linted, own_cache):
    masklint("lint", spec.name, "--no-cache")
    masklint("lint", spec.name, "--no-cache")
    assert linted == ["shop.yaml"] * 2
    assert list(own_cache.iterdir()) == []
    (spec.parent / ".masklint.yaml").write_text("cache: false\n")
    masklint("lint", spec.name)
    assert list(own_cache.iterdir()) == []


def test_a_result_or_output_too_large_to_keep_is_linted_again_not_stored(masklint, spec, linted, reports,
                                                                         monkeypatch):
    """Keeping 325,000 findings would hold them twice more in memory; such a run is linted again."""
    from linter.run import cache

    monkeypatch.setattr(cache, "MAX_FINDINGS", 15)  # shop.yaml: 16 places, more per-operation findings
    monkeypatch.setattr(cache, "MAX_OUTPUT_BYTES", 100)
    first, again = masklint("lint", spec.name), masklint("lint", spec.name)
    assert linted == ["shop.yaml"] * 2 and len(reports) == 2
    monkeypatch.setattr(cache, "MAX_FINDINGS", 1000)  # the file's result is kept, not the run's output
    masklint("lint", spec.name)
    third = masklint("lint", spec.name)
    assert linted == ["shop.yaml"] * 3 and len(reports) == 4
    monkeypatch.setattr(cache, "MAX_OUTPUT_BYTES", 10**6)
    masklint("lint", spec.name)
    replayed = masklint("lint", spec.name)
    assert linted == ["shop.yaml"] * 3 and len(reports) == 5
    assert {(r.code, r.stdout) for r in (first, again, third, replayed)} == {(first.code, first.stdout)}


def test_the_cache_folder_keeps_itself_out_of_git(masklint, spec, own_cache):
    masklint("lint", spec.name)
    assert (own_cache / ".gitignore").read_text().endswith("*\n")
    assert (own_cache / "CACHEDIR.TAG").read_text().startswith("Signature: 8a477f597d28d172789f06886806bc55")


def test_values_analysed_in_an_earlier_run_are_not_analysed_again(masklint, spec, monkeypatch, own_cache):
    first = masklint("lint", spec.name, "-f", "json").json()["findings"]
    spec.write_text(spec.read_text() + "\n# a comment: the file is linted again, its values are the same\n")

    def no_recognizers(*args):
        raise AssertionError("Presidio was needed")

    recognizers = linter.detection.values._build_recognizers
    monkeypatch.setattr(linter.detection.values, "_build_recognizers", no_recognizers)
    run = masklint("lint", spec.name, "-f", "json")
    assert run.code == 1 and run.json()["findings"] == first
    # what is kept: keyed hashes and what was recognised, never a value
    [store] = own_cache.rglob("values-*.json")
    text = store.read_text()
    assert "jane.doe" not in text and "13800138000" not in text and "6222021234567890128" not in text
    assert all(len(key) == 32 for key in stored(store))
    # a value not seen before is analysed
    spec.write_text(spec.read_text().replace("jane.doe@example.com", "wang.fang@example.com"))
    assert masklint("lint", spec.name, "-f", "json").code == 2  # the engine was needed, and refused
    monkeypatch.setattr(linter.detection.values, "_build_recognizers", recognizers)
    evidence = [f["evidence"] for f in masklint("lint", spec.name, "-f", "json").json()["findings"]
                if f["field"] == "[].email" and f["rule"] == "MASK101"]  # one place: GET /customers first
    assert evidence and all(e.startswith("w") for e in evidence)


def test_values_analysed_by_worker_processes_are_all_kept_and_saved_once_by_this_one(masklint, spec, monkeypatch,
                                                                                       tmp_path_factory):
    """Each worker hands back the answers it added with its file's result: two workers that each read the store,
    merged and wrote it after every file lost each other's answers (71 of Twilio's 2,133). Saved once a run."""
    for i in range(4):
        (spec.parent / f"shop{i}.yaml").write_text(spec.read_text().replace("jane.doe", f"user.{i}"))
    spec.unlink()
    savers = tmp_path_factory.mktemp("savers") / "pids"
    save = ValueStore.save

    def saving(self):
        with savers.open("a") as handle:  # a forked worker appends its own pid
            handle.write(f"{os.getpid()}\n")
        save(self)

    monkeypatch.setattr(ValueStore, "save", saving)
    stores = []
    for jobs in ("2", "1"):
        folder = tmp_path_factory.mktemp(f"cache-{jobs}")
        monkeypatch.setenv("MASKLINT_CACHE_DIR", str(folder))
        assert masklint("lint", ".", "-j", jobs).code == 1
        [store] = folder.rglob("values-*.json")
        stores.append(stored(store))
    # once a run, with the cache's entries: by the child forked from this process to write them (-j 2), by this
    # process (-j 1); never by a worker
    savers = savers.read_text().split()
    assert len(savers) == 2 and savers[0] != str(os.getpid()) and savers[1] == str(os.getpid())
    assert stores[0] == stores[1] and len(stores[0]) > 4


def test_a_corrupt_value_store_is_ignored(masklint, spec, own_cache):
    expected = masklint("lint", spec.name, "-f", "json").json()["findings"]
    [store] = own_cache.rglob("values-*.json")
    for damage in ("{half", "[1, 2]", json.dumps({"0" * 32: [["EMAIL_ADDRESS"]]})):
        store.write_text(damage)
        spec.write_text(spec.read_text() + "\n# again\n")
        assert masklint("lint", spec.name, "-f", "json").json()["findings"] == expected


@pytest.mark.parametrize("own_file", ["rules/core.yaml", "linter/detection/recognizers/china.py"])
def test_the_code_digest_follows_masklint_s_own_files(own_file):
    """A new version or an edited checkout gives new cache keys (run/cache.py `code_digest`)."""
    path = ROOT / own_file
    info = path.stat()
    before = code_digest()
    try:
        os.utime(path, ns=(info.st_atime_ns, info.st_mtime_ns + 1))
        assert code_digest() != before
    finally:
        os.utime(path, ns=(info.st_atime_ns, info.st_mtime_ns))
    assert code_digest() == before


def test_the_code_digest_follows_the_installed_dependencies(tmp_path, monkeypatch):
    """An upgraded dependency (Presidio's recognizers, phonenumbers' metadata) can change a result: new keys."""
    site = tmp_path / "site-packages"
    (site / "phonenumbers-8.13.0.dist-info").mkdir(parents=True)
    monkeypatch.syspath_prepend(str(site))
    before = code_digest()
    (site / "phonenumbers-8.13.0.dist-info").rename(site / "phonenumbers-9.0.0.dist-info")
    assert code_digest() != before


def test_the_code_digest_passes_over_a_dangling_link():
    """An editor's lock file (`.#cli.py`, a link to nowhere) beside masklint's own files breaks no run."""
    lock = ROOT / "linter" / ".#masklint-test-lock.py"
    before = code_digest()
    lock.symlink_to(ROOT / "linter" / "no-such-file")
    try:
        assert code_digest() == before
    finally:
        lock.unlink()


def test_a_replayed_run_reads_each_file_once_and_still_sees_a_referenced_file_change(masklint, spec, reports,
                                                                                     monkeypatch):
    import linter.run.cache as cache

    (spec.parent / "user.yaml").write_text("type: object\nproperties:\n  nickname: {type: string}\n")
    text = spec.read_text().replace("  schemas:\n", "  schemas:\n    External:\n      $ref: 'user.yaml'\n", 1)
    spec.write_text(text.replace("$ref: '#/components/schemas/Customer'", "$ref: '#/components/schemas/External'", 1))
    read, original = [], cache.file_digest
    monkeypatch.setattr(cache, "file_digest", lambda name: read.append(os.path.basename(name)) or original(name))
    masklint("lint", spec.name)
    read.clear()
    masklint("lint", spec.name)
    assert len(reports) == 1 and sorted(read) == ["shop.yaml", "user.yaml"]  # the spec for the key, its $ref
    read.clear()
    masklint("lint", spec.name, "--fail-on", "never")  # a new run whose file comes from the cache
    assert len(reports) == 2 and sorted(read) == ["shop.yaml", "user.yaml"]  # for the run's key, the file's too
    (spec.parent / "user.yaml").write_text("type: object\nproperties:\n  mobile: {type: string}\n")
    assert "[].mobile" in masklint("lint", spec.name).stdout
    assert len(reports) == 3
