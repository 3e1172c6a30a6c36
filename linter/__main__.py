from linter.cli import entry_point

entry_point()
