import pytest

from sidelines.pipeline import Pipeline
from sidelines.settings import Settings


@pytest.fixture(scope="session")
def pipeline() -> Pipeline:
    return Pipeline(Settings(identify_language=False))
