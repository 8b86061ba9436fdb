"""The generated client as our templates shape it: every file says it is generated, only 2xx
bodies reach a model parser, and a 2xx body that does not match the spec keeps the answer."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import httpx
import pytest
from momo_openapi_client import AuthenticatedClient
from momo_openapi_client.api.collection import (
    collection_get_account_balance,
    collection_request_to_pay,
)
from momo_openapi_client.errors import UnexpectedBody
from momo_openapi_client.models import Balance, Party, RequestToPay

GENERATED = Path(__file__).resolve().parents[2] / "generated" / "momo_openapi_client"
HEADER = (
    "# Generated from spec/momo.openapi.yaml by openapi-python-client with the templates in\n"
    "# spec/templates/. Do not edit: change the spec or a template, then run `nox -s generate`.\n"
)


def _generated_files() -> list[Path]:
    return sorted(
        path
        for path in GENERATED.rglob("*")
        if path.is_file() and "__pycache__" not in path.parts and path.name != "py.typed"
    )


def test_every_generated_file_carries_the_do_not_edit_header() -> None:
    files = _generated_files()
    assert len(files) > 100  # the whole package, not an empty glob
    missing = [str(p.relative_to(GENERATED)) for p in files if not p.read_text().startswith(HEADER)]
    assert missing == []
    # py.typed is the one exception: an empty marker file (PEP 561).
    assert (GENERATED / "py.typed").read_bytes() == b""


def _client(status: int, content: bytes, content_type: str = "application/json") -> Any:
    def answer(request: httpx.Request) -> httpx.Response:
        return httpx.Response(status, content=content, headers={"Content-Type": content_type})

    client = AuthenticatedClient(base_url="http://momo.invalid", token="t")
    client.set_httpx_client(
        httpx.Client(base_url="http://momo.invalid", transport=httpx.MockTransport(answer))
    )
    return client


@pytest.mark.parametrize(
    ("status", "content"),
    [
        (500, b"<html>Internal Server Error</html>"),  # documented as MomoError JSON
        (404, b""),
        (403, b'{"statusCode": 403, "message": "forbidden"}'),
        (599, b"proxy gave up"),  # outside http.HTTPStatus
    ],
)
def test_an_error_body_never_reaches_a_model_parser(status: int, content: bytes) -> None:
    response = collection_get_account_balance.sync_detailed(
        client=_client(status, content), x_target_environment="sandbox"
    )
    assert response.status_code == status
    assert response.parsed is None
    assert response.content == content


def test_a_2xx_body_is_parsed_into_its_model() -> None:
    response = collection_get_account_balance.sync_detailed(
        client=_client(200, b'{"availableBalance": "7", "currency": "EUR"}'),
        x_target_environment="sandbox",
    )
    assert isinstance(response.parsed, Balance)
    assert response.parsed.available_balance == "7"


def test_a_2xx_body_that_does_not_match_keeps_the_whole_answer() -> None:
    with pytest.raises(UnexpectedBody) as caught:
        collection_get_account_balance.sync_detailed(
            client=_client(200, b"[1, 2]"), x_target_environment="sandbox"
        )
    assert caught.value.status_code == 200
    assert caught.value.content == b"[1, 2]"
    assert caught.value.headers["content-type"] == "application/json"
    assert caught.value.__cause__ is not None


def test_a_request_body_is_sent_as_the_model_serialises_it() -> None:
    sent: list[httpx.Request] = []

    def answer(request: httpx.Request) -> httpx.Response:
        sent.append(request)
        return httpx.Response(202)

    client = AuthenticatedClient(base_url="http://momo.invalid", token="t")
    client.set_httpx_client(
        httpx.Client(base_url="http://momo.invalid", transport=httpx.MockTransport(answer))
    )
    body = RequestToPay(
        amount="5",
        currency="EUR",
        external_id="e-1",
        payer=Party(party_id_type="MSISDN", party_id="46733123450"),
        payer_message="m",
        payee_note="n",
    )
    response = collection_request_to_pay.sync_detailed(
        client=client, body=body, x_reference_id="r", x_target_environment="sandbox"
    )
    assert response.status_code == 202
    assert response.parsed is None
    assert httpx.Response(200, content=sent[0].content).json() == {
        "amount": "5",
        "currency": "EUR",
        "externalId": "e-1",
        "payer": {"partyIdType": "MSISDN", "partyId": "46733123450"},
        "payerMessage": "m",
        "payeeNote": "n",
    }
