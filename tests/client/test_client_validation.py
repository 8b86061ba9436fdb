"""Rule 7: what MoMo would refuse is refused before the network: zero requests reach the sandbox
(and the recording transport sees none), and the error names the argument to fix."""

from __future__ import annotations

import json
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest

from momo_wrapper import MomoConfig, MomoValidationError
from tests.client.client_harness import SUCCESS_PARTY, Harness, run

Call = Callable[[Any], Any]


def _pay(**changes: Any) -> Call:
    arguments = {"amount": "10", "payer": SUCCESS_PARTY, "external_id": "o-1", **changes}
    return lambda momo: momo.collection.request_to_pay(**arguments)


def _transfer(**changes: Any) -> Call:
    arguments = {"amount": "10", "payee": SUCCESS_PARTY, "external_id": "o-1", **changes}
    return lambda momo: momo.disbursement.transfer(**arguments)


CASES = [
    # MSISDNs
    pytest.param(_pay(payer="46733abc123"), "payer", id="msisdn-letters"),
    pytest.param(_pay(payer="1234567"), "payer", id="msisdn-too-short"),
    pytest.param(_pay(payer="1" * 16), "payer", id="msisdn-too-long"),
    pytest.param(_transfer(payee=""), "payee", id="msisdn-empty"),
    pytest.param(_transfer(payee=46733123459), "payee", id="msisdn-not-a-string"),
    pytest.param(_pay(payer_id_type="PHONE"), "payer_id_type", id="party-id-type"),
    pytest.param(_transfer(payee="not-an-email", payee_id_type="EMAIL"), "payee", id="email"),
    pytest.param(
        lambda momo: momo.collection.is_account_holder_active("0800-CALL-ME"),
        "party_id",
        id="account-holder-msisdn",
    ),
    pytest.param(lambda momo: momo.remittance.bc_authorize("12"), "msisdn", id="consent-msisdn"),
    # amounts
    pytest.param(_pay(amount="-1"), "amount", id="amount-negative"),
    pytest.param(_pay(amount=Decimal("-5")), "amount", id="amount-negative-decimal"),
    pytest.param(_pay(amount="0"), "amount", id="amount-zero"),
    pytest.param(_pay(amount="NaN"), "amount", id="amount-nan-text"),
    pytest.param(_pay(amount=Decimal("NaN")), "amount", id="amount-nan"),
    pytest.param(_pay(amount=Decimal("Infinity")), "amount", id="amount-inf"),
    pytest.param(_pay(amount="inf"), "amount", id="amount-inf-text"),
    pytest.param(_pay(amount="1e3"), "amount", id="amount-exponent"),
    pytest.param(_pay(amount="10.123"), "amount", id="amount-too-many-decimals"),
    pytest.param(_pay(amount=10.5), "amount", id="amount-float"),
    pytest.param(_pay(amount=True), "amount", id="amount-bool"),
    pytest.param(_pay(amount="1,000"), "amount", id="amount-thousands-separator"),
    pytest.param(_pay(amount="1" * 16), "amount", id="amount-too-large"),
    # currencies: the sandbox takes EUR only
    pytest.param(_pay(currency="USD"), "currency", id="currency-not-eur"),
    pytest.param(_transfer(currency="EURO"), "currency", id="currency-not-iso"),
    pytest.param(
        lambda momo: momo.collection.get_balance_in_currency("UGX"),
        "currency",
        id="balance-currency",
    ),
    # notes
    pytest.param(_pay(payer_message="x" * 161), "payer_message", id="note-too-long"),
    pytest.param(_pay(payee_note="Tom & Jerry"), "payee_note", id="note-ampersand"),
    pytest.param(_transfer(payer_message="it's"), "payer_message", id="note-apostrophe"),
    pytest.param(_transfer(payee_note="<b>bold</b>"), "payee_note", id="note-angle-brackets"),
    pytest.param(_pay(payer_message="   "), "payer_message", id="note-empty"),
    pytest.param(_pay(payer_message="line\nbreak"), "payer_message", id="note-newline"),
    pytest.param(
        lambda momo: momo.collection.send_delivery_notification(
            "6b1a2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d", "x" * 161
        ),
        "message",
        id="delivery-notification-too-long",
    ),
    # external ids
    pytest.param(_pay(external_id=""), "external_id", id="external-id-empty"),
    pytest.param(_pay(external_id=" o-1"), "external_id", id="external-id-padded"),
    pytest.param(_transfer(external_id="x" * 129), "external_id", id="external-id-too-long"),
    pytest.param(_transfer(external_id="a&b"), "external_id", id="external-id-ampersand"),
    # callback URLs
    pytest.param(_pay(callback_url="ftp://shop.example.com/cb"), "callback_url", id="cb-scheme"),
    pytest.param(_pay(callback_url="/momo/callback"), "callback_url", id="cb-relative"),
    pytest.param(
        _pay(callback_url="https://user:pw@shop.example.com/cb"), "callback_url", id="cb-userinfo"
    ),
    pytest.param(
        _transfer(callback_url="https://shop.example.com/cb#x"), "callback_url", id="cb-fragment"
    ),
    pytest.param(_transfer(callback_url="https:// shop"), "callback_url", id="cb-space"),
    # reference ids and other arguments
    pytest.param(
        lambda momo: momo.collection.get_request_to_pay_status("17"),
        "reference_id",
        id="status-reference-id",
    ),
    pytest.param(
        lambda momo: momo.disbursement.wait_for_transfer(
            "6b1a2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d", timeout=-1
        ),
        "timeout",
        id="wait-timeout",
    ),
    pytest.param(
        lambda momo: momo.remittance.cash_transfer(
            amount="1", payee=SUCCESS_PARTY, external_id="c-1", payer={"payerPassword": "x"}
        ),
        "payer",
        id="cash-transfer-payer-field",
    ),
    pytest.param(
        lambda momo: momo.collection.create_invoice(
            amount="1",
            intended_payer=SUCCESS_PARTY,
            payee=SUCCESS_PARTY,
            external_id="i-1",
            validity_duration=0,
        ),
        "validity_duration",
        id="invoice-validity",
    ),
]


async def _refused(h: Harness, call: Call, momo: Any = None) -> MomoValidationError:
    with pytest.raises(MomoValidationError) as caught:
        await run(call(momo if momo is not None else h.momo))
    assert h.sent == [], "the client sent a request"
    assert h.sandbox.requests == [], "a request reached the sandbox"
    return caught.value


@pytest.mark.parametrize(
    "call",
    [
        pytest.param(_pay(payer_msisdn=SUCCESS_PARTY), id="request-to-pay"),
        pytest.param(_transfer(payee_msisdn=SUCCESS_PARTY), id="transfer"),
    ],
)
async def test_an_unknown_keyword_argument_is_a_type_error_before_any_request(
    h: Harness, call: Call
) -> None:
    """Creates take ``**args`` (typed as a TypedDict), so the SDK, not Python, names a misspelt
    argument, as Python would for a plain signature."""
    with pytest.raises(TypeError, match=r"unexpected keyword argument\(s\): p\w+_msisdn$"):
        await run(call(h.momo))
    assert h.sent == []
    assert h.sandbox.requests == []


@pytest.mark.parametrize(("call", "field"), CASES)
async def test_invalid_input_is_refused_before_any_request(
    h: Harness, call: Call, field: str
) -> None:
    error = await _refused(h, call)
    assert error.field == field
    assert isinstance(error, ValueError)


@pytest.mark.parametrize(
    ("amount", "wire"),
    [("10.50", "10.5"), (" 7 ", "7"), (25, "25"), (Decimal("1E+3"), "1000"), ("10.500", "10.5")],
)
async def test_valid_amounts_go_out_as_plain_decimals(
    h: Harness, amount: object, wire: str
) -> None:
    await run(_pay(amount=amount)(h.momo))
    (sent,) = h.sent_to("collection_request_to_pay")
    assert json.loads(sent.content)["amount"] == wire


async def test_a_configured_max_amount_is_enforced(h: Harness) -> None:
    momo = h.client(h.config(max_amount="100"))
    error = await _refused(h, _transfer(amount="100.01"), momo)
    assert error.field == "amount"
    assert "max_amount" in str(error)
    accepted = await run(_transfer(amount="100")(momo))  # the limit itself is allowed
    assert accepted.reference_id


async def test_a_product_without_credentials_is_refused(h: Harness) -> None:
    momo = h.client(h.config(remittance=None))
    error = await _refused(h, lambda m: m.remittance.get_balance(), momo)
    assert error.field == "remittance"


def test_production_needs_an_explicit_opt_in() -> None:
    with pytest.raises(MomoValidationError) as caught:
        MomoConfig(target_environment="mtnuganda")
    assert caught.value.field == "allow_production"
    with pytest.raises(MomoValidationError, match="production host"):
        MomoConfig(base_url="https://proxy.momoapi.mtn.com")  # sandbox target, production host
    config = MomoConfig(target_environment="mtnuganda", allow_production=True)
    assert (config.currency, config.is_sandbox) == ("UGX", False)


async def test_production_rules_apply_before_any_request(h: Harness) -> None:
    production = MomoConfig(
        target_environment="mtnuganda",
        allow_production=True,
        collection=h.config().collection,
        provisioning_subscription_key=h.sandbox.subscription_keys["collection"],
    )
    momo = h.client(production)
    error = await _refused(h, _pay(currency="EUR"), momo)
    assert error.field == "currency"
    assert "UGX" in str(error)
    error = await _refused(h, _pay(callback_url="http://shop.example.com/cb"), momo)
    assert error.field == "callback_url"
    assert "https" in str(error)
    # /v1_0/apiuser exists only in the sandbox: never send a key to a production host for it.
    for provision in (
        lambda m: m.provisioning.create_api_user(callback_host="shop.example.com"),
        lambda m: m.provisioning.provision(callback_host="shop.example.com"),
        lambda m: m.provisioning.get_api_user("6b1a2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d"),
    ):
        error = await _refused(h, provision, momo)
        assert error.field == "target_environment"


async def test_provisioning_without_a_subscription_key_is_refused(h: Harness) -> None:
    momo = h.client(h.config(provisioning_subscription_key=None))
    error = await _refused(
        h, lambda m: m.provisioning.create_api_user(callback_host="x.example"), momo
    )
    assert error.field == "provisioning_subscription_key"
