"""The CPF check of masklint's Brazilian recognizer answers what python-stdnum's `cpf.is_valid` answers."""

import random

from stdnum.br import cpf

from linter.detection.recognizers.brazil import valid_cpf


def test_the_check_digits_are_python_stdnums():
    rng = random.Random(11)
    numbers = [f"{rng.randrange(10**11):011d}" for _ in range(20_000)]
    numbers += [cpf.format(n)[:-3] + n[-2:] for n in numbers[:50]]  # not 11 ASCII digits: stdnum's own
    numbers += ["39053344705", "00000000000", "00000000191", "13800138000", "１２３４５６７８９０９", "3905334470",
                "390533447050", "3905334470a", ""]
    answers = [valid_cpf(n) for n in numbers]
    assert answers == [cpf.is_valid(n) for n in numbers]
    assert sum(answers) == 226  # about one number in a hundred has valid check digits
