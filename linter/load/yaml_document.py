"""A YAML spec's text read into its data and positions: by the block-style reader (yaml_block.py, on two cores for a
large text: yaml_split.py) or, for what that reader leaves, by PyYAML. Imported only for a YAML spec: PyYAML's
import is 20-30 ms of a run."""

from __future__ import annotations

import re
from typing import Any

import yaml

from linter.core.errors import MasklintError
from linter.load import yaml_block, yaml_load, yaml_split
from linter.load.yaml_positions import NodePositions, Positions

_QUOTED = re.compile(r"'([^']*)'|\"([^\"]*)\"")


def _unquoted(problem: str) -> str:
    """A YAML parser's problem without the input it quotes (a tag, an alias, an anchor): the file may be
    recorded traffic, and its text is never echoed. One quoted character (`expected ',' or ']'`) stays."""
    return _QUOTED.sub(lambda m: m[0] if len(m[1] or m[2] or "") <= 1 else "…", problem.splitlines()[0])


def read(text: str, display: str, cores: int) -> tuple[Any, Positions]:
    """(data, positions) of a YAML spec's text; `cores`: how many a large text may be read on (yaml_split.py)."""
    # block-style YAML, the common case, without PyYAML's node tree
    block = yaml_split.read(text) if cores > 1 else yaml_block.read(text)
    if block is not None:
        return block
    try:
        data, root = yaml_load.load(text)
        return data, NodePositions(root)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark
        where = f" at line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        raise MasklintError(f"invalid YAML{where}: {_unquoted(exc.problem or exc.context or 'syntax error')}",
                            display) from None
    except yaml.YAMLError:
        raise MasklintError("invalid YAML", display) from None
    except RecursionError:
        raise MasklintError("YAML nested too deeply", display) from None
