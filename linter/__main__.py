from linter.cli import app

app(prog_name="masklint")
