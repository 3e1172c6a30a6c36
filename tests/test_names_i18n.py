"""Names in other languages and scripts: Unicode tokens, accent-insensitive terms, head-first qualifiers, and
every vocabulary term read back as a field name."""

import random
import re
import string
from importlib import resources

import pytest
import yaml

from linter.core.text import fold, tokens
from linter.detection.names import name_signal, words

# The ASCII tokenizer before Unicode support: on ASCII names the new one must read the same.
_ASCII_CAMEL = re.compile(r"[A-Z]+(?=[A-Z][a-z])|[A-Z]?[a-z]+\d*|[A-Z]+\d*|\d+")


@pytest.mark.parametrize(("name", "expected"), [
    ("endereço", ("endereço",)),
    ("enderecoCliente", ("endereco", "cliente")),
    ("endereçoCliente", ("endereço", "cliente")),
    ("ÉmailDoCliente", ("émail", "do", "cliente")),
    ("Straße", ("strasse",)),  # case-folded
    ("Steuer-ID", ("steuer", "id")),
    ("código_postal2", ("código", "postal2")),
    ("userメールアドレス", ("user", "メールアドレス")),  # a kana run is one token
    ("전화번호Primary", ("전화번호", "primary")),  # and a Hangul run
    ("用户手机号", ("用户手机号",)),
    ("ＰｈｏｎｅＮｕｍｂｅｒ", ("phone", "number")),  # full-width letters (NFKC)
    ("x509Cert", ("x509", "cert")),
    ("IPAddress", ("ip", "address")),
    ("123abc", ("123", "abc")),
    ("", ()),
])
def test_tokens(name, expected):
    assert tokens(name) == expected


def test_ascii_names_tokenize_as_before():
    rng = random.Random(13)
    alphabet = string.ascii_letters + string.digits + "_-. /$"
    for _ in range(5000):
        name = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 16)))
        assert tokens(name) == tuple(t.lower() for t in _ASCII_CAMEL.findall(name)), name


def test_accents_of_latin_letters_fold_away_and_other_marks_stay():
    assert [fold(w) for w in ("endereço", "teléfono", "móvil", "straße", "ガス")] == [
        "endereco", "telefono", "movil", "straße", "ガス"]


@pytest.mark.parametrize(("name", "parent", "entity"), [
    ("telefone", "", "PHONE_NUMBER"),
    ("celular", "", "PHONE_NUMBER"),
    ("teléfono", "", "PHONE_NUMBER"),
    ("telefono", "", "PHONE_NUMBER"),  # without the accent
    ("móvil", "", "PHONE_NUMBER"),
    ("Telefonnummer", "", "PHONE_NUMBER"),
    ("handynummer", "", "PHONE_NUMBER"),
    ("telefoneUsuario", "", "PHONE_NUMBER"),  # head first: whose phone follows it
    ("전화번호", "", "PHONE_NUMBER"),
    ("correo", "", "EMAIL_ADDRESS"),
    ("correoElectrónico", "", "EMAIL_ADDRESS"),
    ("e-mail", "", "EMAIL_ADDRESS"),
    ("emailDoCliente", "", "EMAIL_ADDRESS"),
    ("kundeEmail", "", "EMAIL_ADDRESS"),
    ("userメール", "", "EMAIL_ADDRESS"),
    ("nome", "cliente", "PERSON"),
    ("nomeCliente", "", "PERSON"),  # the qualifier is the person context
    ("nombreTitular", "", "PERSON"),
    ("apellido", "", "PERSON"),
    ("sobrenome", "", "PERSON"),
    ("Vorname", "", "PERSON"),
    ("Nachname", "", "PERSON"),
    ("endereço", "", "LOCATION"),
    ("enderecoCliente", "", "LOCATION"),
    ("dirección", "", "LOCATION"),
    ("Anschrift", "", "LOCATION"),
    ("Straße", "", "LOCATION"),
    ("calle", "", "LOCATION"),
    ("rua", "", "LOCATION"),
    ("CEP", "", "LOCATION"),
    ("código postal", "", "LOCATION"),
    ("PLZ", "", "LOCATION"),
    ("cpf", "", "BR_CPF"),
    ("cpfCliente", "", "BR_CPF"),
    ("rg", "cliente", "NATIONAL_ID"),
    ("dni", "", "NATIONAL_ID"),
    ("nif", "", "NATIONAL_ID"),
    ("curp", "", "NATIONAL_ID"),
    ("Personalausweis", "", "NATIONAL_ID"),
    ("Steuer-ID", "", "NATIONAL_ID"),
    ("dataDeNascimento", "", "DATE_OF_BIRTH"),
    ("data_nascimento", "", "DATE_OF_BIRTH"),
    ("fechaDeNacimiento", "", "DATE_OF_BIRTH"),
    ("Geburtsdatum", "", "DATE_OF_BIRTH"),
    ("conta", "banco", "BANK_ACCOUNT"),
    ("contaBancaria", "", "BANK_ACCOUNT"),
    ("cuenta", "bank", "BANK_ACCOUNT"),
    ("Kontonummer", "", "BANK_ACCOUNT"),
])
def test_other_languages(name, parent, entity):
    signal = name_signal(name, parent)
    assert signal is not None and (signal.entity, signal.masked) == (entity, False)


@pytest.mark.parametrize(("name", "parent"), [
    ("nomeProduto", ""),  # a product's name
    ("productName", ""),
    ("nome", "produto"),
    ("nome", ""),  # whose name is not said
    ("nombre", "producto"),
    ("conta", ""),  # an account of anything
    ("cuenta", "cliente"),
    ("rg", ""),  # a resource group as often as an identity card
    ("telefoneVerificado", ""),  # a flag about the phone
    ("phone_de", ""),  # `de` connects only to a qualifier
    ("email_do", ""),
    ("cpfProduto", ""),
])
def test_other_languages_negatives(name, parent):
    assert name_signal(name, parent) is None


def _vocabulary_terms():
    raw = yaml.safe_load(resources.files("linter").joinpath("data/vocabulary.yaml").read_text("utf-8"))
    for entity, spec in raw["entities"].items():
        for term, value in spec["terms"].items():
            context = value.get("context") if isinstance(value, dict) else None
            # a term that needs a context gets the first word of its group as the enclosing object
            parent = raw["context"][context][0] if context else ""
            masked = bool(value.get("masked")) if isinstance(value, dict) else False
            yield pytest.param(str(term), parent, entity, masked, id=f"{entity}:{term}")


@pytest.mark.parametrize(("term", "parent", "entity", "masked"), list(_vocabulary_terms()))
def test_every_vocabulary_term_reads_back_as_its_entity(term, parent, entity, masked):
    signal = name_signal(term, parent)
    assert signal is not None and (signal.entity, signal.masked) == (entity, masked)


def test_terms_and_names_normalise_alike():
    assert words("Código Postal") == words("codigo_postal") == ("codigo", "postal")
