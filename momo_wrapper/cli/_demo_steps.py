"""The steps of ``momo demo``, each printing its own section and returning a :class:`StepResult`.

Every step uses only the public SDK (the client, the callback toolkit) plus, where the server
offers it, the sandbox's admin API for fault injection and inspection.
"""

from __future__ import annotations

import uuid
from typing import Any

import attrs

from .._errors import RequestError, WaitTimeoutError
from .._products.provisioning import ProvisionedUser
from .._redact import mask_identifier
from .._results import TransactionResult
from ..callbacks import Verdict
from ._demo_run import DemoRun, StepResult, failure_code, short_reference
from ._exit import describe
from ._output import Mark
from ._present import amount_text, status_summary

SUCCESS_NUMBER = "56733123453"
"""Any number outside 46733123450..54 succeeds; this is the one MTN's 2024 notebook uses."""


@attrs.frozen
class TestNumber:
    msisdn: str
    behaviour: str
    """What MTN's test-number table says."""
    expected_status: str | None
    """None: the number never reaches a final status."""
    expected_reason: str | None = None

    @property
    def expected(self) -> str:
        if self.expected_status is None:
            return "never final"
        return self.expected_status + (f" ({self.expected_reason})" if self.expected_reason else "")


TEST_NUMBERS = (
    TestNumber("46733123450", "failed", "FAILED", "INTERNAL_PROCESSING_ERROR"),
    TestNumber("46733123451", "rejected", "FAILED", "APPROVAL_REJECTED"),
    TestNumber("46733123452", "timeout", "FAILED", "EXPIRED"),
    TestNumber("46733123453", "ongoing, then success", "SUCCESSFUL"),
    TestNumber("46733123454", "pending", None),
    TestNumber(SUCCESS_NUMBER, "success", "SUCCESSFUL"),
)


# -- 1. provisioning -------------------------------------------------------------------------


def report_provisioning(run: DemoRun, users: dict[str, ProvisionedUser]) -> StepResult:
    out = run.ctx.out
    out.table(
        ["product", "API user", "providerCallbackHost", "created", "API key"],
        [
            [
                product,
                mask_identifier(user.api_user),
                user.provider_callback_host,
                "yes" if user.created else "no (confirmed)",
                "issued, verified with GET",
            ]
            for product, user in users.items()
        ],
    )
    details = {
        "users": [
            {
                "product": product,
                "api_user": mask_identifier(user.api_user),
                "provider_callback_host": user.provider_callback_host,
                "created": user.created,
            }
            for product, user in users.items()
        ]
    }
    return StepResult("provisioning", Mark.OK, f"{len(users)} API users created over HTTP", details)


# -- 2. request to pay on every test number --------------------------------------------------


def request_to_pay_numbers(run: DemoRun) -> StepResult:
    out = run.ctx.out
    if "collection" not in run.products:
        out.check(Mark.SKIP, "request to pay", "collection is not configured")
        return StepResult("request to pay", Mark.SKIP, "collection not configured")
    collection = run.client.collection
    started = run.ctx.clock.monotonic()
    accepted = [
        (
            number,
            collection.request_to_pay(
                amount="10.00", payer=number.msisdn, external_id=f"demo-{number.msisdn}"
            ),
        )
        for number in TEST_NUMBERS
    ]
    out.line(f"  {len(accepted)} requests accepted (202); waiting for their final states...")
    rows, records, matches = [], [], 0
    for number, receipt in accepted:
        result, shown = _final_state(run, receipt.reference_id, number.expected_status is None)
        ok = _matches(number, result)
        matches += ok
        if result is not None and result.is_final:
            run.expect_callback(receipt.reference_id, f"request to pay {number.msisdn}")
        rows.append(
            [
                number.msisdn,
                number.behaviour,
                number.expected,
                shown,
                run.elapsed_since(started),
                out.symbol(Mark.OK if ok else run.mismatch()),
            ]
        )
        records.append(
            {
                "payer": number.msisdn,
                "behaviour": number.behaviour,
                "reference_id": receipt.reference_id,
                "expected": number.expected,
                "status": None if result is None else result.status.value,
                "reason": None if result is None or result.reason is None else result.reason.code,
                "final": bool(result is not None and result.is_final),
                "as_expected": ok,
            }
        )
    out.table(["payer", "MTN test number", "expected", "got", "after", ""], rows)
    mark = Mark.OK if matches == len(TEST_NUMBERS) else run.mismatch()
    summary = f"{matches}/{len(TEST_NUMBERS)} test numbers as documented"
    return StepResult("request to pay", mark, summary, {"payments": records}, failure_code(mark))


def _final_state(
    run: DemoRun, reference_id: str, never_final: bool
) -> tuple[TransactionResult | None, str]:
    timeout = run.pending_wait if never_final else run.wait_timeout
    try:
        result = run.client.collection.wait_for_request_to_pay(reference_id, timeout=timeout)
    except WaitTimeoutError as error:
        last = error.last_status
        status = last if isinstance(last, TransactionResult) else None
        seen = status.status.value if status is not None else "nothing"
        return status, f"{seen}, not final after {timeout:g} s"
    return result, status_summary(result)


def _matches(number: TestNumber, result: TransactionResult | None) -> bool:
    if number.expected_status is None:
        return result is not None and not result.is_final
    if result is None or result.status.value != number.expected_status:
        return False
    reason = None if result.reason is None else result.reason.code
    return number.expected_reason is None or reason == number.expected_reason


# -- interactive: a person approves in the page ----------------------------------------------

INTERACTIVE_NUMBER = "46733123454"
"""The test number that never settles by itself: only the payer (the page) ends it."""


def interactive_approval(run: DemoRun) -> StepResult:
    """A request to pay that stays pending until someone approves (or declines) it in the page."""
    out = run.ctx.out
    name = "approve in the page"
    if "collection" not in run.products or run.page_url is None:
        out.check(Mark.SKIP, name, "needs collection and a sandbox with its page")
        return StepResult(name, Mark.SKIP, "no sandbox page")
    accepted = run.client.collection.request_to_pay(
        amount="12.00",
        payer=INTERACTIVE_NUMBER,
        external_id=f"demo-interactive-{uuid.uuid4().hex[:8]}",
        payer_message="Approve me in the sandbox page",
    )
    reference_id = accepted.reference_id
    out.line(f"  request to pay {reference_id} from {INTERACTIVE_NUMBER} is waiting for you:")
    out.line(f'  open {run.page_url}, press "Act as payer" on it, enter any 4-digit PIN')
    out.line(f"  and approve (or decline) it; waiting up to {run.interactive_timeout:g} s...")
    started = run.ctx.clock.monotonic()
    final = run.client.collection.wait_for_request_to_pay(
        reference_id, timeout=run.interactive_timeout
    )
    run.expect_callback(reference_id, "request to pay (approved in the page)")
    out.check(
        Mark.OK,
        name,
        f"{status_summary(final)} after {run.elapsed_since(started)}",
    )
    details = {"reference_id": reference_id, "status": final.status.value}
    return StepResult(name, Mark.OK, f"the payer answered: {final.status.value}", details)


# -- 3. idempotency ---------------------------------------------------------------------------


def idempotency(run: DemoRun) -> StepResult:
    out = run.ctx.out
    if "collection" not in run.products:
        out.check(Mark.SKIP, "idempotency", "collection is not configured")
        return StepResult("idempotency", Mark.SKIP, "collection not configured")
    if run.admin is None:
        return _idempotency_by_resending(run)
    external_id = f"demo-idempotency-{uuid.uuid4().hex[:8]}"
    run.admin.add_fault(kind="drop", operation="RequesttoPay", times=1)
    out.line("  fault injected: process the next request to pay, then drop the connection")
    accepted = run.client.collection.request_to_pay(
        amount="7.50", payer=SUCCESS_NUMBER, external_id=external_id
    )
    reference_id = accepted.reference_id
    final = run.client.collection.wait_for_request_to_pay(reference_id, timeout=run.wait_timeout)
    run.expect_callback(reference_id, "request to pay (idempotency)")
    log = run.admin.requests_for(reference_id)
    payments = [r for r in run.admin.resources() if r.get("external_id") == external_id]
    out.table(
        ["#", "request (as the sandbox saw it)", "answer"],
        [
            [index, f"{record['method']} {_path(record['path'], reference_id)}", _answer(record)]
            for index, record in enumerate(log, 1)
        ],
    )
    posts = payments[0]["post_count"] if payments else 0
    ok = accepted.replayed and len(payments) == 1 and posts == 2 and final.is_successful
    out.check(
        Mark.OK if ok else Mark.FAIL,
        "exactly one payment",
        f"client: replayed={accepted.replayed}, final {status_summary(final)}; sandbox: "
        f"{len(payments)} payment for the external id, {posts} POSTs with its reference id",
    )
    details = {
        "reference_id": reference_id,
        "replayed": accepted.replayed,
        "payments_in_sandbox": len(payments),
        "posts_with_reference_id": posts,
        "requests": [
            {"method": r["method"], "status": r["status"], "disposition": r["disposition"]}
            for r in log
        ],
    }
    summary = f"response dropped, retried with the same reference id, {len(payments)} payment"
    mark = Mark.OK if ok else Mark.FAIL
    return StepResult("idempotency", mark, summary, details, failure_code(mark))


def _path(path: str, reference_id: str) -> str:
    return path.replace(reference_id, f"{short_reference(reference_id)}…")


def _answer(record: dict[str, Any]) -> str:
    if record["status"] is None:
        return f"{record['disposition']} (no response)"
    if record["status"] == 409:
        return "409 RESOURCE_ALREADY_EXIST: already processed"
    if record["method"] == "GET":
        return f"{record['status']} (status read)"
    return str(record["status"])


def _idempotency_by_resending(run: DemoRun) -> StepResult:
    """Without fault injection (MTN's sandbox): resend the same create as a retry would."""
    out = run.ctx.out
    collection = run.client.collection
    external_id = f"demo-idempotency-{uuid.uuid4().hex[:8]}"
    first = collection.request_to_pay(amount="7.50", payer=SUCCESS_NUMBER, external_id=external_id)
    again = collection.request_to_pay(
        amount="7.50",
        payer=SUCCESS_NUMBER,
        external_id=external_id,
        reference_id=first.reference_id,
    )
    status = collection.wait_for_request_to_pay(first.reference_id, timeout=run.wait_timeout)
    run.expect_callback(first.reference_id, "request to pay (idempotency)")
    ok = again.replayed and not first.replayed
    mark = Mark.OK if ok else run.mismatch()
    out.check(
        mark,
        "replay",
        f"resent with the same reference id: replayed={again.replayed}, one transaction "
        f"({status_summary(status)}); this server has no fault injection, so no drop was forced",
    )
    details = {"reference_id": first.reference_id, "replayed": again.replayed, "simulated": True}
    return StepResult("idempotency", mark, "resent create answered 409 -> replayed", details)


# -- 4. transfers -----------------------------------------------------------------------------


def transfers(run: DemoRun) -> StepResult:
    out = run.ctx.out
    rows, records, failures = [], [], 0
    for product in ("disbursement", "remittance"):
        if product not in run.products:
            rows.append([product, "-", "-", "not configured", out.symbol(Mark.SKIP)])
            continue
        namespace = run.client.disbursement if product == "disbursement" else run.client.remittance
        accepted = namespace.transfer(
            amount="5.00", payee=SUCCESS_NUMBER, external_id=f"demo-{product}"
        )
        final = namespace.wait_for_transfer(accepted.reference_id, timeout=run.wait_timeout)
        run.expect_callback(accepted.reference_id, f"{product} transfer")
        ok = final.is_successful
        failures += not ok
        rows.append(
            [
                product,
                SUCCESS_NUMBER,
                f"{amount_text(final.amount)} {final.currency}",
                status_summary(final),
                out.symbol(Mark.OK if ok else run.mismatch()),
            ]
        )
        records.append(
            {
                "product": product,
                "reference_id": accepted.reference_id,
                "status": final.status.value,
                "financial_transaction_id": final.financial_transaction_id,
            }
        )
    out.table(["product", "payee", "amount", "final", ""], rows)
    if not records:
        return StepResult("transfers", Mark.SKIP, "disbursement and remittance not configured")
    mark = Mark.OK if not failures else run.mismatch()
    summary = f"{len(records) - failures}/{len(records)} transfers SUCCESSFUL"
    return StepResult("transfers", mark, summary, {"transfers": records}, failure_code(mark))


# -- 5. callbacks -----------------------------------------------------------------------------


def callbacks(run: DemoRun) -> StepResult:
    out = run.ctx.out
    receiver = run.receiver
    if receiver is None:
        reason = f"{run.base_url} cannot reach a receiver on this machine"
        out.check(Mark.SKIP, "callbacks", reason)
        return StepResult("callbacks", Mark.SKIP, reason)
    expected = run.callback_references
    timeout = 5.0 if run.local else run.wait_timeout
    complete = receiver.wait_for(set(expected), timeout)
    by_reference = {o.reference_id: o for o in receiver.outcomes}
    delivered = [c.reference_id for c in receiver.delivered]
    rows, records = [], []
    for reference_id, what in expected.items():
        outcome = by_reference.get(reference_id)
        once = delivered.count(reference_id) == 1
        rows.append(
            [
                what,
                short_reference(reference_id),
                "-"
                if outcome is None or outcome.claimed_status is None
                else outcome.claimed_status,
                "-"
                if outcome is None or outcome.verified_status is None
                else outcome.verified_status,
                "not received" if outcome is None else outcome.verdict.value,
                out.symbol(Mark.OK if once else run.mismatch()),
            ]
        )
        records.append(
            {
                "transaction": what,
                "reference_id": reference_id,
                "verdict": None if outcome is None else outcome.verdict.value,
                "delivered_once": once,
            }
        )
    out.table(["transaction", "ref", "body claims", "MoMo confirms", "verdict", ""], rows)
    duplicates = sum(o.verdict is Verdict.DUPLICATE for o in receiver.outcomes)
    arrived = len(receiver.outcomes)
    out.line(
        f"  {arrived} callbacks arrived, {len(delivered)} delivered to the handler "
        f"({duplicates} duplicates absorbed); 46733123454 never settles, so it never calls back"
    )
    ok = complete and all(record["delivered_once"] for record in records)
    mark = Mark.OK if ok else run.mismatch()
    summary = f"{len(set(delivered) & set(expected))}/{len(expected)} received and verified"
    details = {"receiver": receiver.url, "arrived": arrived, "callbacks": records}
    return StepResult("callbacks", mark, summary, details, failure_code(mark))


# -- 6. balances ------------------------------------------------------------------------------


def balances(run: DemoRun) -> StepResult:
    out = run.ctx.out
    rows: list[list[object]] = []
    records: list[dict[str, Any]] = []
    failed = 0
    for product in run.products:
        try:
            balance = getattr(run.client, product).get_balance()
        except RequestError as error:
            failed += 1
            rows.append([product, "unavailable", error.code or error.status_code])
            records.append({"product": product, "error": describe(error)[0]})
            continue
        value = amount_text(balance.available_balance)
        rows.append([product, value, balance.currency])
        records.append({"product": product, "available": value, "currency": balance.currency})
    out.table(["product", "available", "currency"], rows)
    mark = Mark.OK if not failed else run.mismatch()
    summary = f"{len(records) - failed}/{len(records)} balances read"
    return StepResult("balances", mark, summary, {"balances": records}, failure_code(mark))
