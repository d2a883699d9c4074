"""The served OpenAPI schema against the server itself (schemathesis, bounded): generated requests, valid
and invalid, authenticated, on a real project and on random ids, never get a 5xx or a reply that breaks
the schema."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from fastapi import FastAPI
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
)

from sync.server.app import create_app
from tests.sync.server.harness import Api, add_user

pytestmark = pytest.mark.pg

CONFORMANCE = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]
EXAMPLES = {GenerationMode.POSITIVE: 12, GenerationMode.NEGATIVE: 6}


@pytest.fixture(scope="module")
def app(server_pg_url: str) -> Iterator[FastAPI]:
    served = create_app(server_pg_url)
    yield served
    served.state.db.dispose()


@pytest.fixture(scope="module")
def owner(app: FastAPI) -> tuple[Api, str]:
    api = Api(TestClient(app).request)
    assert api.login(add_user(app.state.db)).status_code == 200
    return api, api.seed().project


def test_the_schema_is_served_with_response_models(app: FastAPI) -> None:
    doc = TestClient(app).get("/openapi.json").json()
    push = doc["paths"]["/sync/v1/projects/{pid}/push"]["post"]
    assert push["responses"]["200"]["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/PushResponse"
    }
    assert {"401", "403", "404", "409", "413", "422", "426"} <= set(push["responses"])
    assert "HTTPBearer" in doc["components"]["securitySchemes"]


@pytest.mark.parametrize("mode", list(EXAMPLES), ids=lambda m: m.value)
@pytest.mark.parametrize("real_project", [True, False], ids=["own-project", "random-ids"])
def test_generated_requests_get_no_5xx_and_match_the_schema(
    app: FastAPI, owner: tuple[Api, str], mode: GenerationMode, real_project: bool
) -> None:
    api, pid = owner
    schema = schemathesis.openapi.from_asgi("/openapi.json", app)
    headers = {"Authorization": f"Bearer {api.token}"}
    for result in schema.get_all_operations():
        operation = result.ok()
        if real_project and "{pid}" not in operation.path:
            continue
        path_parameters = {"pid": pid} if real_project else None
        _explore(operation.as_strategy(generation_mode=mode, headers=headers, path_parameters=path_parameters), mode)


def _explore(strategy: Any, mode: GenerationMode) -> None:
    checks = CONFORMANCE if mode is GenerationMode.POSITIVE else [not_a_server_error]

    @settings(
        max_examples=EXAMPLES[mode],
        deadline=None,
        database=None,
        derandomize=True,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(case=strategy)
    def run(case: Any) -> None:
        case.call_and_validate(checks=checks)

    try:
        run()
    except Unsatisfiable:  # a negative run of an operation whose only input is the fixed project id
        assert mode is GenerationMode.NEGATIVE
