"""The one error type masklint raises on bad input; the CLI turns it into a one-line message and exit 2."""


class MasklintError(Exception):
    """Input or usage that masklint cannot work with. The message is one line and never holds PII."""

    def __init__(self, message: str, file: str | None = None, not_text: bool = False):
        super().__init__(message)
        self.file = file
        self.not_text = not_text  # the file is not text at all (binary, wrong encoding): never a spec

    def __str__(self) -> str:
        message = self.args[0]
        return f"{self.file}: {message}" if self.file else message
