"""What a field's name says it holds: tokens of the name matched against the vocabulary (data/vocabulary.yaml)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from linter.core import shipped
from linter.core.recent import Recent
from linter.core.text import fold, tokens
from linter.detection.entities import registry

_CJK = re.compile(r"[\u3400-\u9fff]")
_CJK_SUFFIXES = ("", "号", "码", "号码")


@dataclass(frozen=True)
class Term:
    words: tuple[str, ...]
    entity: str
    score: float
    context: str | None  # a context group the term needs, or None
    masked: bool = False  # the term itself names a part (`ssn4`)
    alone: bool = False  # counts only as the whole name (`token`; a `page_token` is a cursor)


@dataclass(frozen=True)
class NameSignal:
    entity: str
    score: float
    why: str
    masked: bool  # the name says the value is a derivative (`card_last4`, `email_hash`)
    from_parent: bool = False  # the term needs a context and only the enclosing object's name gave it
    term: str = ""  # the vocabulary term matched: `address` of `remote_address`


@dataclass(frozen=True)
class Vocabulary:
    terms: dict[tuple[str, ...], Term]
    cjk_terms: tuple[Term, ...]
    neutral: frozenset[str]
    flags: frozenset[str]
    assets: frozenset[str]  # `formCssMobile`: a term after one of these is a variant label
    unassigned: frozenset[str]  # `available_phone_number`: numbers in such an object belong to nobody
    qualifiers: frozenset[str]  # `cpfCliente`, `emailDoCliente`: words after a term that say whose it is
    connectors: frozenset[str]  # `do` of `emailDoCliente`: allowed before a qualifier only
    masked: frozenset[tuple[str, ...]]
    context: dict[str, frozenset[str]]
    categories: dict[str, str]  # every registry entity to its category (entities.yaml), for callers that list them
    longest: int


@lru_cache(maxsize=65536)  # as `tokens`: specs repeat field names thousands of times
def words(text: str) -> tuple[str, ...]:
    """A name or a vocabulary term as it is matched: its tokens, accents of Latin letters dropped."""
    return tuple(fold(t) for t in tokens(text))


def _word_set(items: list[Any]) -> frozenset[str]:
    return frozenset(" ".join(words(str(item))) for item in items)


def _stem(token: str) -> str:
    return token.rstrip("0123456789") or token


def _load_terms(raw_terms: dict[str, Any], entity: str, terms: dict[tuple[str, ...], Term], cjk: list[Term]) -> None:
    for text, value in raw_terms.items():
        spec = value if isinstance(value, dict) else {"score": value}
        chinese = _CJK.search(str(text))
        term = Term(tuple(str(text).lower().split()) if chinese else words(str(text)), entity, float(spec["score"]),
                    spec.get("context"), bool(spec.get("masked")), bool(spec.get("alone")))
        (cjk.append(term) if chinese else terms.__setitem__(term.words, term))


@lru_cache(maxsize=8)
def vocabulary(extra: tuple[tuple[str, tuple[tuple[str, float], ...]], ...] = ()) -> Vocabulary:
    """The built-in vocabulary, plus `extra` terms per entity (from the configuration)."""
    raw = shipped.data("vocabulary.yaml")
    terms: dict[tuple[str, ...], Term] = {}
    cjk: list[Term] = []
    for entity, spec in raw["entities"].items():
        _load_terms(spec["terms"], entity, terms, cjk)
    for entity, entity_terms in extra:
        _load_terms(dict(entity_terms), entity, terms, cjk)
    return Vocabulary(
        terms=terms,
        cjk_terms=tuple(sorted(cjk, key=lambda t: -len(t.words[0]))),
        neutral=_word_set(raw["neutral"]),
        flags=_word_set(raw["flag_words"]),
        assets=_word_set(raw["asset_words"]),
        unassigned=_word_set(raw["unassigned_context"]),
        qualifiers=_word_set(raw["qualifiers"]),
        connectors=_word_set(raw["connectors"]),
        masked=frozenset(words(str(m)) for m in raw["masked"]),
        context={group: _word_set(group_words) for group, group_words in raw["context"].items()},
        categories={name: entity.category for name, entity in registry().entities.items()},
        longest=max(len(w) for w in terms),
    )


def _trailing(vocab: Vocabulary, rest: tuple[str, ...]) -> bool | None:
    """None when the tokens after a term change what the name means; else whether they say 'masked'."""
    masked = False
    i = 0
    while i < len(rest):
        for size in (2, 1):
            if tuple(rest[i:i + size]) in vocab.masked:
                masked, i = True, i + size
                break
        else:
            token = rest[i]
            if not (token.isdigit() or _stem(token) in vocab.neutral or token in vocab.neutral
                    or token in vocab.qualifiers or _connects(vocab, rest[i:])):
                return None
            i += 1
    return masked


def _connects(vocab: Vocabulary, rest: tuple[str, ...]) -> bool:
    """`do` in `emailDoCliente`: a connector, then a qualifier."""
    return rest[0] in vocab.connectors and len(rest) > 1 and rest[1] in vocab.qualifiers


def _qualified(vocab: Vocabulary, rest: tuple[str, ...]) -> bool:
    """The words after the term say whose it is (`nomeCliente`): context enough for `nome`."""
    return any(token in vocab.qualifiers for token in rest)


class _Parent:
    """The tokens of the enclosing object's name, noting whether a reading asked for them: a name read without
    them reads the same under any parent."""

    def __init__(self, toks: tuple[str, ...]):
        self._toks = toks
        self.asked = False

    @property
    def tokens(self) -> tuple[str, ...]:
        self.asked = True
        return self._toks


def _in_context(vocab: Vocabulary, term: Term, before: tuple[str, ...], parent: _Parent, relaxed: bool) -> bool:
    if term.context is None or relaxed:
        return True
    group = vocab.context[term.context]
    if before:
        return before[-1] in group or " ".join(before[-2:]) in group
    parent_toks = parent.tokens
    return any(t in group for t in parent_toks) or " ".join(parent_toks[-2:]) in group


def _match(vocab: Vocabulary, toks: tuple[str, ...], parent: _Parent, relaxed: bool = False) -> NameSignal | None:
    """The head term of the name; `relaxed` drops context requirements (the caller already knows the context)."""
    best = None
    stems = tuple(_stem(t) for t in toks)
    for end in range(len(toks), 0, -1):
        masked = _trailing(vocab, toks[end:])
        if masked is None:
            continue
        for size in range(min(vocab.longest, end), 0, -1):
            start = end - size
            term_words = toks[start:end]
            term = _lookup(vocab, term_words, stems[start:end])
            if term and term.alone and start > 0:
                continue
            # A masking word after the term (`card_last4`) is context enough for a weak term.
            if term and any(t in vocab.flags for t in toks[:start]):
                return None  # `sendActivationEmail`: a switch about e-mail, not an address
            if term and any(t in vocab.assets for t in toks[:start]):
                return None  # `formCssMobile`: the mobile variant of a stylesheet
            if term and _in_context(vocab, term, toks[:start], parent,
                                    relaxed or masked or _qualified(vocab, toks[end:])):
                from_parent = term.context is not None and not start and not (
                    relaxed or masked or _qualified(vocab, toks[end:]))
                masked = masked or term.masked
                why = f"field name token '{' '.join(term_words)}'" + (" (masked form)" if masked else "")
                best = NameSignal(term.entity, term.score, why, masked, from_parent, " ".join(term.words))
                break
        if best:
            return best
    return None


def _lookup(vocab: Vocabulary, term_words: tuple[str, ...], stems: tuple[str, ...]) -> Term | None:
    """The term for these words, also with digits dropped (`address_line1`) or the head singular (`ip_addresses`)."""
    head = term_words[:-1]
    for candidate in (term_words, head + stems[-1:], head + (_singular(term_words[-1]),)):
        term = vocab.terms.get(candidate)
        if term:
            return term
    return None


def _singular(word: str) -> str:
    if word.endswith("sses") or word.endswith("ches"):
        return word[:-2]
    return word[:-1] if word.endswith("s") and not word.endswith("ss") else word


_PAIR_HEADS = {"value", "values", "pair", "pairs"}  # `nameValue`, `keyValuePair`: a generic pair, no entity
_MASKED_IN_DESCRIPTION = ("脱敏", "加密", "掩码", "密文", "打码")  # desensitised, encrypted, masked
_CLAUSE_END = re.compile(r"[，,。.；;：:（(\s]")


def _match_cjk(vocab: Vocabulary, name: str) -> NameSignal | None:
    for term in vocab.cjk_terms:
        word = term.words[0]
        if any(name.endswith(word + suffix) for suffix in _CJK_SUFFIXES):
            return NameSignal(term.entity, term.score, f"field name contains '{word}'", False)
    return None


class NameMatcher:
    """Name signals against one vocabulary, cached: specs repeat names thousands of times, under other parents
    (Twilio: 11,757 pairs of name and parent, 2,028 names), and most names read the same whatever the parent."""

    def __init__(self, vocab: Vocabulary):
        self.vocab = vocab
        self._by_pair = lru_cache(maxsize=65536)(self._read)
        self._by_name: Recent[tuple[NameSignal | None]] = Recent(65536)  # names read without their parent

    def signal(self, name: str, parent: str = "") -> NameSignal | None:
        """The entity a field name points at, with the enclosing object's name as context."""
        known = self._by_name.get(name)
        if known is not None:
            return known[0]
        signal, parent_asked = self._by_pair(name, parent)
        if not parent_asked:
            self._by_name.add(name, (signal,))
        return signal

    def described(self, description: str | None) -> NameSignal | None:
        """A Chinese description's subject (`手机号码`, `收货人姓名，必填`): its first clause ends with a term.
        English descriptions are left alone: `The SID of the phone number` is not a phone number."""
        if not isinstance(description, str) or not _CJK.search(description[:200]):
            return None
        clause = _CLAUSE_END.split(description.strip(), 1)[0].strip()
        signal = _match_cjk(self.vocab, clause)
        masked = any(word in description for word in _MASKED_IN_DESCRIPTION)
        return signal and NameSignal(signal.entity, signal.score - 0.1, f"description says '{clause}'", masked)

    def person_term(self, name: str) -> NameSignal | None:
        """The name's PERSON term when the context is already known to be a person (`name` of a `User--Mini`)."""
        toks = tuple(t for t in words(name) if not t.isdigit())
        term = self.vocab.terms.get(toks)  # the whole name is the term: `login_name` is no person's name
        if term is None or term.entity != "PERSON":
            return None
        return NameSignal("PERSON", term.score, f"field name token '{' '.join(toks)}'", False)

    def unassigned(self, parent: str) -> bool:
        """The enclosing object offers numbers for sale (`available_phone_number_local`)."""
        return not self.vocab.unassigned.isdisjoint(words(parent))

    def _read(self, name: str, parent: str) -> tuple[NameSignal | None, bool]:
        """The name's signal, and whether reading it asked for the parent."""
        vocab = self.vocab
        if _CJK.search(name):
            return _match_cjk(vocab, name), False
        toks, context = words(name), _Parent(words(parent))
        if not toks:
            return None, False
        signal = _match(vocab, toks, context)
        masked = _trailing(vocab, toks) if signal is None else None
        if masked is None:
            return signal, context.asked
        parent_toks = context.tokens
        if not (parent_toks and parent_toks[-1] in _PAIR_HEADS):
            # The name is only a masking word (`last4`) or a neutral one (`value`, `number`): the enclosing
            # object says what it is (`value` of a `tax_id`, `last4` of a `card`); a generic pair's `value`
            # (`nameValue.value`) says nothing.
            inherited = _match(vocab, parent_toks, _Parent(()), relaxed=True)
            if inherited:
                signal = NameSignal(inherited.entity, inherited.score, f"'{name}' of a '{parent}'", masked)
        return signal, True


@lru_cache(maxsize=1)
def default_matcher() -> NameMatcher:
    return NameMatcher(vocabulary())


def name_signal(name: str, parent: str = "") -> NameSignal | None:
    """The built-in vocabulary's reading of a field name."""
    return default_matcher().signal(name, parent)
