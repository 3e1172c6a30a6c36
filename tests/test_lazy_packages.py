"""core/lazy_packages.py: a package's `__init__` imports made when a name is first asked for."""

import importlib.resources
import sys
import textwrap

import pytest

from linter.core.lazy_packages import LazyPackages, forget, import_deferred


@pytest.fixture
def lazily(tmp_path, monkeypatch):
    """Writes a package `lazyprobe` from {file: text} and imports it with the finder installed."""
    def load(files: dict[str, str]):
        (tmp_path / "lazyprobe").mkdir()
        for name, text in files.items():
            (tmp_path / "lazyprobe" / name).write_text(textwrap.dedent(text))
        monkeypatch.syspath_prepend(str(tmp_path))
        monkeypatch.setattr(sys, "meta_path", [LazyPackages("lazyprobe"), *sys.meta_path])
        import lazyprobe  # noqa: PLC0415 - written just now
        return lazyprobe

    yield load
    for name in [name for name in sys.modules if name.partition(".")[0] == "lazyprobe"]:
        del sys.modules[name]


def test_names_are_imported_when_first_asked_for(lazily):
    package = lazily({
        "__init__.py": '''
            """A package."""
            import logging
            from .first import First
            from lazyprobe.second import Second as Renamed
            from . import third
            TABLE = {"renamed": Renamed}
            NAMES = sorted(str(kind.__name__) for kind in (First, Renamed))  # builtins, a comprehension
            logging.getLogger("lazyprobe").addHandler(logging.NullHandler())
            __all__ = ["First", "Renamed"]
        ''',
        "first.py": "class First: pass\n",
        "second.py": "class Second: pass\n",
        "third.py": "VALUE = 3\n",
    })
    assert (package.__doc__, package.__all__) == ("A package.", ["First", "Renamed"])  # the rest ran as written
    assert [name for name in sys.modules if name.startswith("lazyprobe.")] == []
    assert package.First.__module__ == "lazyprobe.first"
    assert sorted(name for name in sys.modules if name.startswith("lazyprobe.")) == ["lazyprobe.first"]
    table = package.TABLE  # evaluated when asked for: it imports `second`
    assert table == {"renamed": sys.modules["lazyprobe.second"].Second}
    assert package.NAMES == ["First", "Second"]
    assert package.third.VALUE == 3  # a submodule named by `from . import`
    from lazyprobe import First  # noqa: PLC0415 - what a module importing from the package does
    assert First is package.First
    with pytest.raises(AttributeError, match="has no attribute 'Missing'"):
        package.Missing  # noqa: B018


@pytest.mark.parametrize(("init", "why"), [
    ("from .first import *\n", "a \\* import cannot be deferred"),
    ("from .first import First\nif First:\n    pass\n", "line 2 cannot be deferred"),
])
def test_an_init_that_cannot_be_deferred_fails_to_import(lazily, init, why):
    with pytest.raises(ImportError, match=why):
        lazily({"__init__.py": init, "first.py": "First = 1\n"})


def test_import_deferred_falls_back_to_the_usual_import(tmp_path, monkeypatch):
    (tmp_path / "lazyprobe").mkdir()
    (tmp_path / "lazyprobe" / "__init__.py").write_text("from .first import *\n")  # cannot be deferred
    (tmp_path / "lazyprobe" / "first.py").write_text("First = 1\n")
    (tmp_path / "lazyprobe" / "data.txt").write_text("a data file\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    try:
        package = import_deferred("lazyprobe")
        assert (package.__dict__["First"], "lazyprobe.first" in sys.modules) == (1, True)
        assert import_deferred("lazyprobe") is package  # imported already: as it is
    finally:
        forget("lazyprobe")


def test_a_deferred_package_finds_its_data_files(lazily):
    package = lazily({"__init__.py": "from .first import First\n", "first.py": "First = 1\n", "data.txt": "data\n"})
    assert (importlib.resources.files(package) / "data.txt").read_text() == "data\n"


def test_without_subpackages_only_the_package_itself_is_deferred(tmp_path, monkeypatch):
    """(phonenumbers' `data` subpackage registers its loaders in a loop: its `__init__` cannot be deferred)"""
    (tmp_path / "lazyprobe" / "sub").mkdir(parents=True)
    (tmp_path / "lazyprobe" / "__init__.py").write_text("from .first import First\n")
    (tmp_path / "lazyprobe" / "first.py").write_text("First = 1\n")
    (tmp_path / "lazyprobe" / "sub" / "__init__.py").write_text("from ..first import First\nif First:\n    READ = 2\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.setattr(sys, "meta_path", [LazyPackages("lazyprobe", subpackages=False), *sys.meta_path])
    try:
        import lazyprobe.sub  # noqa: PLC0415 - written just now
        assert (lazyprobe.sub.READ, "First" in vars(lazyprobe)) == (2, False)
        assert lazyprobe.First == 1
    finally:
        forget("lazyprobe")
