"""Logical operations as scripts, and the ledger that checks them against the sandbox.

A logical operation is a script (a generator, like the SDK's own flows) that yields
:class:`Invoke` steps: install the cell's faults, call the create, clear the faults, then settle
what the outcome means (``wait_for`` after ``Accepted``; a status read and a re-submission with
the same reference id after an error that may have been sent). :func:`run_sync` and
:func:`run_async` perform the steps with a ``MomoClient`` or an ``AsyncMomoClient``; that is the
only difference between the two.

Ground truth comes from the sandbox: each resource it holds is attributed to the logical
operation whose unique tag it carries. A tag with two resources is a double submit; an accepted
operation without exactly one resource, or a definite refusal with one, is lost.
"""

from __future__ import annotations

from collections.abc import Generator
from typing import Any

import attrs

from momo_wrapper import (
    AsyncMomoClient,
    AuthenticationError,
    BadRequestError,
    ConflictError,
    MomoClient,
    MomoConnectionError,
    MomoError,
    NotFoundError,
    PermissionDeniedError,
    RateLimitedError,
    ServerError,
    TokenConnectionError,
    TransientServerError,
)
from tests.reliability.matrix_cases import CreateOp, FaultSpec
from tests.reliability.matrix_world import MAX_ATTEMPTS, World

OPS_PER_CELL = 20
# Faulted attempts per logical operation, by index: none, some, exactly max_attempts, beyond it.
FAULTED_ATTEMPTS = (0, 1, 2, MAX_ATTEMPTS, MAX_ATTEMPTS + 3)
# Outcome-deciding party ids: settles after 30 virtual seconds, fails, succeeds at once.
PARTIES = ("46733123453", "46733123450", "56733123459")
WAIT_TIMEOUT = 120.0


@attrs.frozen
class Invoke:
    """Call ``client.<product>.<method>(*args, **kwargs)``; the script gets an :class:`Outcome`."""

    product: str
    method: str
    args: tuple[Any, ...] = ()
    kwargs: dict[str, Any] = attrs.Factory(dict)


@attrs.frozen
class Outcome:
    value: Any = None
    error: BaseException | None = None


Script = Generator[Invoke, Outcome, None]


def run_sync(client: MomoClient, script: Script) -> None:
    outcome: Outcome | None = None
    while True:
        try:
            step = next(script) if outcome is None else script.send(outcome)
        except StopIteration:
            return
        method = getattr(getattr(client, step.product), step.method)
        try:
            outcome = Outcome(value=method(*step.args, **step.kwargs))
        except Exception as exc:
            outcome = Outcome(error=exc)


async def run_async(client: AsyncMomoClient, script: Script) -> None:
    outcome: Outcome | None = None
    while True:
        try:
            step = next(script) if outcome is None else script.send(outcome)
        except StopIteration:
            return
        method = getattr(getattr(client, step.product), step.method)
        try:
            outcome = Outcome(value=await method(*step.args, **step.kwargs))
        except Exception as exc:
            outcome = Outcome(error=exc)


# -- one logical operation ----------------------------------------------------------------------

# Errors that say MoMo refused the request, so it certainly created nothing. Judged here, on
# their own, independently of the SDK's rules.
_REFUSALS = (
    BadRequestError,
    AuthenticationError,
    PermissionDeniedError,
    NotFoundError,
    ConflictError,
    RateLimitedError,
)


def is_definite_refusal(error: BaseException) -> bool:
    if isinstance(error, TokenConnectionError):
        return False
    if isinstance(error, MomoConnectionError):
        return not error.maybe_sent
    if isinstance(error, ServerError):
        return not isinstance(error, TransientServerError)  # a coded business refusal
    return isinstance(error, _REFUSALS)


@attrs.define
class OpRecord:
    """What happened to one logical operation."""

    tag: str
    persisted: list[str] = attrs.Factory(list)
    accepted: bool = False
    error: BaseException | None = None
    attempts: int = 0
    final_status: str | None = None
    resolution: str | None = None  # "refused", "replayed" or "created on re-submission"
    problems: list[str] = attrs.Factory(list)

    @property
    def reference_id(self) -> str | None:
        return self.persisted[0] if self.persisted else None

    @property
    def settled(self) -> bool:
        """Known to exist on MoMo: accepted, or found/created after a "maybe sent" error."""
        return self.accepted or self.resolution in ("replayed", "created on re-submission")


def logical_operation(
    world: World, fault: FaultSpec, op: CreateOp, index: int, record: OpRecord, target: str
) -> Script:
    """Create once under ``fault``, then settle the outcome; findings go into ``record``."""
    party = PARTIES[index % len(PARTIES)]
    arguments = op.arguments(record.tag, party, target)
    fault.install(world, op, index, FAULTED_ATTEMPTS[index % len(FAULTED_ATTEMPTS)])
    before, known = world.posts(op.path_pattern), len(world.persisted)
    created = yield Invoke(op.product, op.method, kwargs=arguments)
    world.sandbox.faults.clear()
    world.tap.clear()
    record.attempts = world.posts(op.path_pattern) - before
    record.persisted = world.persisted[known:]
    if len(record.persisted) != 1:
        record.problems.append(f"{len(record.persisted)} reference ids persisted, expected 1")
        return
    reference_id = record.persisted[0]
    if created.error is None:
        record.accepted = True
        if created.value.reference_id != reference_id:
            record.problems.append("Accepted carries another reference id than was persisted")
        yield from _wait(op, reference_id, record)
        return
    record.error = error = created.error
    if not isinstance(error, MomoError):
        record.problems.append(f"untyped error {error!r}")
        return
    if getattr(error, "reference_id", None) != reference_id:
        record.problems.append(f"{type(error).__name__} does not carry the reference id")
    if is_definite_refusal(error):
        record.resolution = "refused"
        return
    # "Maybe sent": a status read and a re-submission with the same id must agree.
    status = yield Invoke(op.product, f"get_{op.status}_status", args=(reference_id,))
    existed = status.error is None
    if status.error is not None and not isinstance(status.error, NotFoundError):
        record.problems.append(f"status read after the error failed: {status.error!r}")
    again = yield Invoke(op.product, op.method, kwargs={**arguments, "reference_id": reference_id})
    if again.error is not None:
        record.problems.append(f"re-submission failed: {again.error!r}")
        return
    if again.value.replayed != existed:
        record.problems.append(
            f"re-submission says replayed={again.value.replayed}, but the status read "
            f"{'found' if existed else 'did not find'} it"
        )
    record.resolution = "replayed" if again.value.replayed else "created on re-submission"
    yield from _wait(op, reference_id, record)


def _wait(op: CreateOp, reference_id: str, record: OpRecord) -> Script:
    final = yield Invoke(
        op.product, f"wait_for_{op.status}", args=(reference_id,), kwargs={"timeout": WAIT_TIMEOUT}
    )
    if final.error is not None:
        record.problems.append(f"wait_for failed: {final.error!r}")
        return
    if not final.value.is_final:
        record.problems.append(f"wait_for returned a non-final {final.value.status}")
    record.final_status = str(final.value.status)


# -- a row of the matrix --------------------------------------------------------------------------


@attrs.frozen
class CellResult:
    fault: str
    op: CreateOp
    operations: int
    accepted: int
    settled_after_error: int
    refused: int
    attempts: int
    double_submits: int
    lost: int
    problems: tuple[str, ...]


def matrix_row(
    world: World, fault: FaultSpec, ops: tuple[CreateOp, ...], count: int, into: list[CellResult]
) -> Script:
    """``count`` logical operations of each of ``ops`` under ``fault``: one row of the table."""
    target = yield Invoke(
        "collection",
        "request_to_pay",
        kwargs={"amount": "20", "payer": "56733123459", "external_id": "refund-target"},
    )
    if target.error is not None:
        raise AssertionError(f"could not create the payment to refund: {target.error!r}")
    for op in ops:
        records = [OpRecord(tag=f"{op.short}-{index}") for index in range(count)]
        for index, record in enumerate(records):
            yield from logical_operation(world, fault, op, index, record, target.value.reference_id)
        into.append(account(world, fault, op, records))


def account(world: World, fault: FaultSpec, op: CreateOp, records: list[OpRecord]) -> CellResult:
    """Compare what the SDK said about each logical operation with what the sandbox holds."""
    held: dict[str, list[Any]] = {record.tag: [] for record in records}
    strays = 0
    for resource in world.sandbox.resources(op.product, op.kind):
        tag = resource.request_body.get(op.tag_field)
        if tag in held:
            held[tag].append(resource)
        elif isinstance(tag, str) and tag.startswith(f"{op.short}-"):
            strays += 1  # a resource of this cell that no logical operation owns
    problems: list[str] = []
    lost = 0
    for record in records:
        mine = held[record.tag]
        label = f"{fault.name} / {op.name} / {record.tag}"
        problems += [f"{label}: {problem}" for problem in record.problems]
        if any(resource.reference_id != record.reference_id for resource in mine):
            problems.append(f"{label}: a resource under a reference id the SDK did not persist")
        if record.settled and (len(mine) != 1 or record.final_status != mine[0].status):
            lost += 1
            found = [resource.status for resource in mine]
            problems.append(f"{label}: SDK says {record.final_status}, sandbox holds {found}")
        elif record.resolution == "refused" and mine:
            lost += 1
            problems.append(f"{label}: {type(record.error).__name__} says refused, MoMo has it")
    return CellResult(
        fault=fault.name,
        op=op,
        operations=len(records),
        accepted=sum(record.accepted for record in records),
        settled_after_error=sum(record.settled and not record.accepted for record in records),
        refused=sum(record.resolution == "refused" for record in records),
        attempts=sum(record.attempts for record in records),
        double_submits=strays + sum(max(0, len(mine) - 1) for mine in held.values()),
        lost=lost,
        problems=tuple(problems),
    )


def render_table(results: list[CellResult], title: str) -> str:
    """Faults down, operations across; each cell ``attempts/double submits/lost``."""
    ops = list(dict.fromkeys(result.op for result in results))
    faults = list(dict.fromkeys(result.fault for result in results))
    cells = {(result.fault, result.op): result for result in results}
    width = max(len(fault) for fault in faults)
    column = max(10, *(len(op.short) for op in ops))
    per_cell = "/".join(str(n) for n in sorted({result.operations for result in results}))
    lines = [
        f"{title}: cell = create attempts/double submits/lost, {per_cell} logical operations",
        " " * width + " |" + "|".join(op.short.rjust(column) for op in ops),
    ]
    for fault in faults:
        row = (cells.get((fault, op)) for op in ops)
        lines.append(
            fault.ljust(width)
            + " |"
            + "|".join(
                ("-" if c is None else f"{c.attempts}/{c.double_submits}/{c.lost}").rjust(column)
                for c in row
            )
        )
    lines.append(
        f"{sum(r.operations for r in results)} logical operations: "
        f"{sum(r.accepted for r in results)} Accepted, "
        f"{sum(r.settled_after_error for r in results)} typed 'maybe sent' errors settled by a "
        f"status read + re-submission, {sum(r.refused for r in results)} definite refusals; "
        f"{sum(r.attempts for r in results)} create attempts; "
        f"{sum(r.double_submits for r in results)} double submits; "
        f"{sum(r.lost for r in results)} lost"
    )
    return "\n".join(lines)
