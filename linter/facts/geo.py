"""Precise location as an object: latitude and longitude siblings, or a GeoJSON point, make their object
the finding (like an address object); coordinates rounded to two decimals or fewer (about a kilometre) in
every example, or a geohash of five characters or fewer, read as masked."""

from __future__ import annotations

from functools import lru_cache

from linter.core.text import tokens
from linter.detection.detect import Detection
from linter.model.api import Field, Response

ENTITY = "GEO_LOCATION"
_LATITUDE = frozenset({"lat", "latitude", "纬度", "weidu"})
_LONGITUDE = frozenset({"lng", "lon", "long", "longitude", "经度", "jingdu"})
_ROUNDED_DECIMALS = 2
_COARSE_GEOHASH = 5


def _children(response: Response) -> dict[str, list[Field]]:
    by_parent: dict[str, list[Field]] = {}
    for f in response.fields:
        if "." in f.path:
            by_parent.setdefault(f.path.rsplit(".", 1)[0], []).append(f)
    return by_parent


def _word(f: Field) -> str:
    return _word_of(f.name)


def _word_of(name: str) -> str:
    words = tokens(name)
    return words[-1] if words else ""


@lru_cache(maxsize=65536)  # specs repeat field names thousands of times
def _may_hold_position(name: str) -> bool:
    """A latitude, or a GeoJSON geometry's `coordinates`: what every object that holds a position has."""
    return _word_of(name) in _LATITUDE or name == "coordinates"


def geo_objects(response: Response, category: str) -> list[tuple[Field, Detection]]:
    """The objects of this response that hold a position: lat/lng siblings, or GeoJSON `type` + `coordinates`."""
    if not any(_may_hold_position(f.name) for f in response.fields):
        return []  # most responses: Stripe 0.095 -> 0.03 s in one process
    objects = {f.path: f for f in response.fields if f.container}
    found = []
    for path, members in _children(response).items():
        holder = objects.get(path)
        names = {_word(f) for f in members}
        pair = bool(names & _LATITUDE and names & _LONGITUDE)
        if holder is None or not (pair or {"type", "coordinates"} <= {f.name for f in members}):
            continue
        why = "latitude and longitude siblings" if pair else "a GeoJSON geometry (type, coordinates)"
        masked = pair and all(coarse(f) for f in members if _word(f) in _LATITUDE | _LONGITUDE)
        found.append((holder, Detection(ENTITY, category, 0.85, masked, "schema", why + (
            "; every example rounded to two decimals or fewer" if masked else ""), None, False)))
    return found


def coarse(f: Field) -> bool:
    """Examples show only a coarse position: numbers rounded to two decimals or fewer, or a short geohash."""
    values = [e.value for e in f.examples]
    if not values:
        return False
    if _word(f) == "geohash":
        return all(isinstance(v, str) and len(v) <= _COARSE_GEOHASH for v in values)
    return all(isinstance(v, (int, float)) and not isinstance(v, bool)
               and len(repr(float(v)).split(".")[1].rstrip("0")) <= _ROUNDED_DECIMALS for v in values)
