"""Default limits on what one run reads and analyses; each has a command-line option to raise it."""

MAX_FILE_BYTES = 64 * 1024 * 1024  # --max-file-mb: larger files are refused before they are read
MAX_REF_HOPS = 32  # --max-ref-hops: a longer `$ref` chain is reported where it starts
MAX_FIELDS = 5000  # --max-fields: fields flattened from one response schema; the rest are not checked
MAX_DEPTH = 12  # --max-depth: objects nested below a response; deeper is almost always a recursive schema
MAX_VALUE_CHARS = 10_000  # --max-value-chars: longer values are analysed in their first this many characters
TIME_BUDGET = 300.0  # --time-budget: seconds of detection per API description; a pre-commit hook must not hang
