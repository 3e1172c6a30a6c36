from linter.launch import entry_point

entry_point()
