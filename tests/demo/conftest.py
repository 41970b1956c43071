"""The demo dataset, loaded once for every test in this folder (a load takes seconds, and ten tests read
it) and rolled back after the last of them; each test runs in a savepoint of its own inside that
transaction, so what one test writes is gone before the next. Tests that load the demo themselves, or
another size of it, live outside this folder (``test_demo.py``, ``test_demo_command.py``)."""
import pytest

from gonghui.demo import generate

from ..conftest import loaded_for_module

MEMBERS, SEED = 300, 7


@pytest.fixture(scope="package")
def demo(django_db_setup, django_db_blocker):
    with loaded_for_module(django_db_blocker, lambda: generate.load(members=MEMBERS, seed=SEED)) as loaded:
        yield loaded


@pytest.fixture(autouse=True)
def _in_the_demo(demo, db):
    """Every test here reads the loaded demo, inside its own savepoint."""
