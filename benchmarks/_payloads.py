"""What every benchmark sends and receives: one request-to-pay and its status read.

The raw-httpx baselines build the same requests by hand (headers, JSON body, fresh UUID) that
the wrapper builds, so the ratios compare equal work.
"""

from __future__ import annotations

import base64
import itertools
import json
import uuid
from typing import Any

PAYER = "46733123459"
"""A party id the sandbox settles as SUCCESSFUL at once."""
AMOUNT = "5"
TARGET_ENVIRONMENT = "sandbox"
REQUEST_TO_PAY_PATH = "/collection/v1_0/requesttopay"
TOKEN_PATH = "/collection/token/"

STATUS_BODY = json.dumps(
    {
        "financialTransactionId": "1234567",
        "externalId": "bench",
        "amount": AMOUNT,
        "currency": "EUR",
        "payer": {"partyIdType": "MSISDN", "partyId": PAYER},
        "payerMessage": "Payment",
        "payeeNote": "Payment",
        "status": "SUCCESSFUL",
    }
).encode()
"""A realistic SUCCESSFUL status body (the shape the live sandbox sends)."""

TOKEN_BODY = json.dumps(
    {"access_token": "bench-token-" + "x" * 600, "token_type": "access_token", "expires_in": 3600}
).encode()


_EXTERNAL_IDS = itertools.count()


def new_external_id() -> str:
    """A new order id for every payment: the wrapper's ledger keys creates by external id, so
    reusing one would measure a replay (no request sent) instead of a payment."""
    return f"bench-{next(_EXTERNAL_IDS)}"


def request_to_pay_body(external_id: str) -> dict[str, Any]:
    return {
        "amount": AMOUNT,
        "currency": "EUR",
        "externalId": external_id,
        "payer": {"partyIdType": "MSISDN", "partyId": PAYER},
        "payerMessage": "Payment",
        "payeeNote": "Payment",
    }


def new_reference_id() -> str:
    return str(uuid.uuid4())


def basic_authorization(user_id: str, api_key: str) -> str:
    return "Basic " + base64.b64encode(f"{user_id}:{api_key}".encode()).decode("ascii")


def api_headers(token: str, subscription_key: str) -> dict[str, str]:
    return {
        "Authorization": f"Bearer {token}",
        "Ocp-Apim-Subscription-Key": subscription_key,
        "X-Target-Environment": TARGET_ENVIRONMENT,
    }
