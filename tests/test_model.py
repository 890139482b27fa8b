from dataclasses import replace

import pytest

from sidelines.model import Mention, Participant, evolve
from sidelines.recognize.phrases import ActorPhrase


def test_evolve_equals_replace_and_leaves_the_original_alone():
    p = Participant("JOR", role="foreign_minister", name="Ayman Safadi")
    q = evolve(p, side="callee", note="x")
    assert q == replace(p, side="callee", note="x")
    assert p.side is None and p.note is None
    a = ActorPhrase(1, 9, 0, 2, role="foreign_minister", parties=("EGY",))
    assert evolve(a, name=(3, 9), last_unit=3) == replace(a, name=(3, 9), last_unit=3)


def test_evolve_refuses_a_field_the_record_does_not_have():
    with pytest.raises(TypeError, match="no field colour"):
        evolve(Participant("JOR"), colour="red")


def test_evolve_of_a_slotted_record_goes_through_replace():
    m = Mention("place", 0, 4, "AMM")
    assert evolve(m, value="capital:JOR") == Mention("place", 0, 4, "capital:JOR")
    with pytest.raises(TypeError):
        evolve(m, colour="red")
