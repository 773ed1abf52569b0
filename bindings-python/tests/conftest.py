import sys
from pathlib import Path
from typing import Iterator

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

import helpers  # noqa: E402


@pytest.fixture(scope="session")
def gateway() -> Iterator[tuple]:
    recorded = helpers.Recorded()
    server = helpers.Server(helpers.gateway_handler(recorded))
    helpers.wait_until_ready(server.url + "/ready")
    try:
        yield server, recorded
    finally:
        server.close()
