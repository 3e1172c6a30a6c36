"""Whether a resident ID's region code names a county in the holder's birth year, by python-stdnum's region table
(cn/loc.dat) and as its `ric.get_birth_place` decides, with two differences: the table is searched for the one
code, not parsed whole (stdnum's numdb reads its 6,900 lines with two regular expressions each: 35 ms in every
process that meets a valid ID); and a province the table knows with a county it does not is an unknown region,
where stdnum raises KeyError (which ended the lint of the file as an internal error).

The table: a province a line (`11 province="北京市"`), its counties below it indented by two
(`  0110 county="[-1991]东郊区,[1992-]东丽区"`: the years each name was used). tests/test_cn_regions.py compares
the answers with stdnum's for every code of the table.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

import stdnum

_PROPERTY = re.compile(r'([0-9a-zA-Z-_]+)="([^"]*)"')  # numdb's
_NEXT_PROVINCE = re.compile(r"\n\d")


def county_existed(code: str, year: int) -> bool:
    """Whether the six-digit region `code` names a county of the table in `year`."""
    names = _county(code)
    if names is None:
        return False
    for name in names.split(","):
        if not name.startswith("["):
            return True
        start, _, end = name[1:].partition("]")[0].partition("-")
        if (not start or year >= int(start)) and (not end or year <= int(end)):
            return True
    return False


def _county(code: str) -> str | None:
    """The `county` of the table's line for `code` (its province's line, then the county's below it)."""
    table = _table()
    province = table.find(f"\n{code[:2]} ")
    if province < 0:
        return None
    after = _NEXT_PROVINCE.search(table, province + 1)
    line = table.find(f"\n  {code[2:]} ", province, after.start() if after else len(table))
    if line < 0:
        return None
    end = table.find("\n", line + 1)
    return dict(_PROPERTY.findall(table, line + 8, end if end >= 0 else len(table))).get("county")


@cache
def _table() -> str:
    return "\n" + (Path(stdnum.__file__).parent / "cn" / "loc.dat").read_text(encoding="utf-8")
