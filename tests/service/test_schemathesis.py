"""Property-based API tests: schemathesis generates requests from the app's own OpenAPI schema.

Every operation is exercised, with schema-valid and schema-violating requests; every response
must be a non-5xx whose status code, content type, headers and body match what the schema
documents, invalid requests must be rejected, and requests without the key must get a 401.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.python.asgi import shutdown_lifespans

from service.config import ServiceSettings
from service.main import create_app

API_KEY = "schemathesis-key"
# Schema-valid is not always usable, and no schema can say so: a `files` part may be any bytes but
# must decode as an image, and a latent row must have exactly the serving bundle's latent_dim numbers
# (GET /info). For these operations the documented 422 naming each input is a correct answer to
# schema-valid data, so positive_data_acceptance also accepts it there. Every other check, and every
# other operation, keeps the defaults.
_INPUT_OPERATIONS = {
    "include-path-regex": "^/(embed|cluster|project)$",
    "checks": {
        "positive_data_acceptance": {
            "expected-statuses": ["2xx", "401", "403", "404", "409", "422", "429"],
        }
    },
}
CONFIG = schemathesis.Config.from_dict({"operations": [_INPUT_OPERATIONS]})


# A key is configured (and sent below) so /admin/reload runs for real, not only its 403, and the
# ignored_auth check can verify that every protected operation refuses a request without it.
SETTINGS = ServiceSettings(bundle=Path("set-by-the-served_bundle-fixture"), api_key=API_KEY)  # type: ignore[arg-type]
APP = create_app(SETTINGS)
schema = schemathesis.openapi.from_dict(APP.openapi(), config=CONFIG)
schema.app = APP  # requests (and the auth probes) go to the app in-process, as from_asgi would do


@pytest.fixture(scope="module", autouse=True)
def served_bundle(tiny_bundle_dir: Path) -> Iterator[None]:
    # The lifespan reads the bundle path when schemathesis starts the app (before each test).
    SETTINGS.bundle = tiny_bundle_dir
    yield
    shutdown_lifespans()


def test_schema_covers_every_route() -> None:
    operations = {(op.method.upper(), op.path) for op in (result.ok() for result in schema.get_all_operations())}
    assert operations == {
        ("GET", "/healthz"),
        ("GET", "/readyz"),
        ("POST", "/embed"),
        ("POST", "/cluster"),
        ("POST", "/project"),
        ("GET", "/info"),
        ("GET", "/map"),
        ("GET", "/metrics"),
        ("POST", "/admin/reload"),
    }


@schema.parametrize()
@settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))
def test_every_operation_honours_its_schema(case: schemathesis.Case) -> None:
    case.call_and_validate(headers={"Authorization": f"Bearer {API_KEY}"})
