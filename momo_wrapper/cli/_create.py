"""``momo pay`` and ``momo transfer``: a create that never pays twice, and says so on every exit.

* **A ledger by default.** Every create goes through the client's idempotency ledger: ``--ledger
  URL``, else ``MOMO_LEDGER``, else an SQLite file in the state directory (``$MOMO_STATE_DIR``,
  else ``$XDG_STATE_HOME/momo``, else ``~/.local/state/momo``; created with mode 0700). So a
  second run with the same key finds the first run's reference id instead of minting a new one.
* **One key per payment.** ``--idempotency-key``, else the SDK's default
  ``<product>:<operation>:<external id>``; without ``--external-id`` the CLI mints one
  (``momo-cli-<hex>``) and prints the command that re-runs this very payment.
* **The reference id before anything is sent.** The client's ``on_reference_id`` hook runs after
  the ledger reserved the key and right before the POST: the id is printed then (stdout in human
  mode; a note on stderr with ``--json``, which keeps stdout one document) and kept in
  :attr:`Output.facts`, so every JSON document from then on carries ``reference_id``, whatever
  the exit code, Ctrl-C included.
* **Ambiguous failures have their own exit code** (7, ``outcome_unknown``): no answer after the
  request may have reached MoMo, or a ledger entry that stayed PENDING_SUBMIT (an earlier run
  may have landed it). The output says the payment may have gone through, and prints the command
  to check and the command to retry safely (same external id, key and reference id). A failure
  before anything was sent keeps its own code (4 for the network) and says nothing was sent.
"""

from __future__ import annotations

import argparse
import functools
import shlex
import uuid
from collections.abc import Callable
from typing import Any

import attrs

from .._errors import (
    TOKEN_OPERATIONS,
    IdempotencyConflictError,
    MomoConnectionError,
    MomoError,
    MomoValidationError,
    RequestError,
)
from .._flows import may_have_landed
from .._results import Accepted, TransactionResult
from .._validation import validate_reference_id
from ..stores import Ledger, LedgerState, StoreUnavailableError, business_key
from ._context import Context, ledger_url, load_config, open_client, require_product
from ._exit import CliError, ExitCode, describe, exit_code_for
from ._present import accepted_fields, status_fields, status_summary
from ._watch import follow

_DEFINITELY_NOT_HELD = frozenset({LedgerState.FAILED_TO_SUBMIT, LedgerState.REFUSED})


@attrs.frozen
class CreateCommand:
    """What differs between ``pay`` and ``transfer``: data, not code."""

    name: str
    operation: str
    party_field: str
    """``payer`` or ``payee``: the keyword of the SDK create and the ``--flag`` of the CLI."""
    create: str
    status: str


PAY = CreateCommand("pay", "request_to_pay", "payer", "request_to_pay", "get_request_to_pay_status")
TRANSFER = CreateCommand("transfer", "transfer", "payee", "transfer", "get_transfer_status")


def run_pay(args: argparse.Namespace, ctx: Context) -> int:
    return _CreateRun(args, ctx, PAY, "collection").run()


def run_transfer(args: argparse.Namespace, ctx: Context) -> int:
    return _CreateRun(args, ctx, TRANSFER, args.product).run()


def _mint_external_id() -> str:
    return f"momo-cli-{uuid.uuid4().hex[:12]}"


class _CreateRun:
    """One ``pay``/``transfer`` run: what is known so far, and how each failure is reported."""

    def __init__(
        self, args: argparse.Namespace, ctx: Context, command: CreateCommand, product: str
    ) -> None:
        self.args = args
        self.ctx = ctx
        self.out = ctx.out
        self.command = command
        self.product = product
        self.external_id: str = (
            args.external_id if args.external_id is not None else _mint_external_id()
        )
        self.reference_id: str | None = _valid_reference_id(args.reference_id)
        self.sent = False
        self.out.facts.update(
            reference_id=self.reference_id,
            external_id=self.external_id,
            idempotency_key=self._key(),
            outcome="not_sent",
        )

    def _key(self) -> str | None:
        if self.args.idempotency_key is not None:
            return str(self.args.idempotency_key)
        try:
            return business_key(self.product, self.command.operation, self.external_id)
        except MomoValidationError:
            return None  # the create reports the bad external id before anything is sent

    @property
    def what(self) -> str:
        return f"{self.product} {self.command.operation}"

    # -- the run ------------------------------------------------------------------------------

    def run(self) -> int:
        args = self.args
        overrides: dict[str, Any] = {}
        url = ledger_url(self.ctx, args.ledger)
        if url is not None:
            overrides["ledger"] = url
        config = load_config(self.ctx, args.base_url, **overrides)
        require_product(config, self.product)
        with open_client(self.ctx, config, on_reference_id=self._sending) as momo:
            namespace = getattr(momo, self.product)
            try:
                accepted: Accepted = getattr(namespace, self.command.create)(
                    amount=args.amount,
                    external_id=self.external_id,
                    currency=args.currency,
                    payer_message=args.message,
                    payee_note=args.note,
                    reference_id=args.reference_id,
                    callback_url=args.callback_url,
                    idempotency_key=args.idempotency_key,
                    **{self.command.party_field: getattr(args, self.command.party_field)},
                )
            except KeyboardInterrupt:
                raise self._interrupted() from None
            except MomoError as error:
                raise self._failed(error, momo.ledger) from error
            self._accepted(accepted)
            fetch = functools.partial(
                getattr(namespace, self.command.status), accepted.reference_id
            )
            try:
                return self._after_create(config.poll_schedule, accepted, fetch)
            except KeyboardInterrupt:
                raise self._interrupted() from None
            except MomoError as error:
                raise self._failed_after_acceptance(error) from error

    def _sending(self, reference_id: str) -> None:
        """The ``on_reference_id`` hook: the ledger holds the key, the POST comes next."""
        self._know(reference_id)
        self.sent = True
        self.out.facts["outcome"] = "sending"
        if not self.out.json_mode:
            self.out.line(
                f"sending: {self.what}, reference id {reference_id}, external id {self.external_id}"
            )
        else:
            self.out.note(f"momo: sending {self.what}, reference id {reference_id}")
        self.out.note(f"momo: to re-run this payment safely: {self.retry_command()}")

    def _know(self, reference_id: str) -> None:
        self.reference_id = reference_id
        self.out.facts.update(
            reference_id=reference_id,
            check_command=self.check_command(),
            retry_command=self.retry_command(),
        )

    def _accepted(self, accepted: Accepted) -> None:
        self._know(accepted.reference_id)
        self.out.facts["outcome"] = "accepted"
        replay = ""
        if accepted.replayed:
            replay = (
                " (sent earlier under this key or reference id: replayed, no new payment; to pay "
                "again on purpose use a new --external-id or --idempotency-key)"
            )
        self.out.line(f"accepted: {self.what}, reference id {accepted.reference_id}{replay}")

    def _after_create(
        self,
        schedule: Callable[[float], Any],
        accepted: Accepted,
        fetch: Callable[[], TransactionResult],
    ) -> int:
        args, out = self.args, self.out
        result: TransactionResult | None = None
        if args.wait:
            result = follow(
                fetch,
                schedule=schedule(args.timeout),
                clock=self.ctx.clock,
                live=out.live(),
                label=accepted.reference_id,
            )
        code = _wait_outcome(args.wait, result)
        if out.json_mode:
            out.emit_json(
                {
                    "ok": code == ExitCode.OK,
                    "exit_code": int(code),
                    **out.facts,
                    "accepted": accepted_fields(accepted),
                    "status": None if result is None else status_fields(result),
                }
            )
        elif result is not None:
            out.line(f"final: {status_summary(result)}" if result.is_final else "still not final")
        if code == ExitCode.STILL_PENDING:
            out.note(
                f"momo: not final after {args.timeout:g} s; it may still finish. Check with "
                f"`{self.check_command()}`."
            )
        return code

    # -- commands to print ----------------------------------------------------------------------

    def _connection_flags(self) -> list[str]:
        argv: list[str] = []
        if self.args.env_file is not None:
            argv += ["--env-file", str(self.args.env_file)]
        if self.args.base_url is not None:
            argv += ["--base-url", self.args.base_url]
        return argv

    def check_command(self) -> str:
        reference_id = self.reference_id or "REF"
        argv = ["momo", "status", reference_id, "--product", self.product]
        argv += ["--operation", self.command.operation, *self._connection_flags()]
        if self.out.json_mode:
            argv.append("--json")
        return shlex.join(argv)

    def retry_command(self) -> str:
        """This very payment again: same amount, party, external id, key and reference id.
        ``--callback-url`` is left out (its path may be secret); MoMo keeps the callback URL of
        the request it already holds."""
        args = self.args
        argv = ["momo", self.command.name]
        if self.command is TRANSFER:
            argv += ["--product", self.product]
        argv += ["--amount", str(args.amount)]
        argv += [f"--{self.command.party_field}", str(getattr(args, self.command.party_field))]
        argv += ["--external-id", self.external_id]
        if self.reference_id is not None:
            argv += ["--reference-id", self.reference_id]
        optional = (
            ("--idempotency-key", args.idempotency_key),
            ("--currency", args.currency),
            ("--message", args.message),
            ("--note", args.note),
            ("--ledger", args.ledger),
        )
        for flag, value in optional:
            if value is not None:
                argv += [flag, str(value)]
        argv += self._connection_flags()
        if args.wait:
            argv += ["--wait", "--timeout", f"{args.timeout:g}"]
        if self.out.json_mode:
            argv.append("--json")
        return shlex.join(argv)

    def _details(self, *, check: bool = True, retry: bool = True) -> list[tuple[str, str]]:
        if self.reference_id is None:
            return []
        details = [("reference id", self.reference_id)]
        if check:
            details.append(("check", self.check_command()))
        if retry:
            details.append(("retry safely", self.retry_command()))
        return details

    # -- failures -------------------------------------------------------------------------------

    def _failed(self, error: MomoError, ledger: Ledger) -> CliError:
        code = exit_code_for(error)
        message, fix = describe(error)
        if isinstance(error, IdempotencyConflictError):
            if error.reference_id:
                self._know(error.reference_id)
            self.out.facts["outcome"] = "conflict"
            return CliError(code, message, fix, details=self._details(retry=False))
        if not self.sent or isinstance(error, MomoValidationError | StoreUnavailableError):
            self.out.facts["outcome"] = "not_sent"
            return CliError(
                code, f"{message} Nothing was sent by this run.", fix, details=self._details()
            )
        if self._may_be_held(error, ledger):
            self.out.facts["outcome"] = "unknown"
            return CliError(
                ExitCode.OUTCOME_UNKNOWN,
                f"outcome unknown: {message} The {self.what} MAY HAVE GONE THROUGH.",
                "Do not start a new payment for it: check it, or re-run the exact command below "
                "(same external id, key and reference id: it never pays twice).",
                details=self._details(),
            )
        if _not_sent(error):
            self.out.facts["outcome"] = "not_sent"
            return CliError(
                code,
                f"{message} Nothing was sent: re-running the command below is safe.",
                fix,
                details=self._details(check=False),
            )
        self.out.facts["outcome"] = "refused"
        return CliError(code, message, fix, details=self._details())

    def _may_be_held(self, error: MomoError, ledger: Ledger) -> bool:
        """Whether MoMo may hold the transaction: the ledger entry's word if it can be read
        (PENDING_SUBMIT after a failed call means "may have landed", in this run or an earlier
        one), else the error's own (no answer after sending, an unreadable answer)."""
        state: LedgerState | None = None
        if self.reference_id is not None:
            try:
                entry = ledger.get(self.reference_id)
            except MomoError:
                entry = None
            state = entry.state if entry is not None else None
        if state is not None:
            return state not in _DEFINITELY_NOT_HELD
        return isinstance(error, RequestError) and may_have_landed(error)

    def _failed_after_acceptance(self, error: MomoError) -> CliError:
        message, _ = describe(error)
        return CliError(
            exit_code_for(error),
            f"MoMo accepted the {self.what} (reference id {self.reference_id}), but reading its "
            f"status failed: {message}",
            "It may still complete: check it later with the command below.",
            details=self._details(retry=False),
        )

    def _interrupted(self) -> CliError:
        outcome = self.out.facts.get("outcome")
        if outcome == "accepted":
            message = (
                f"interrupted; MoMo accepted the {self.what} (reference id {self.reference_id}) "
                "and it may still complete."
            )
            return CliError(ExitCode.INTERRUPTED, message, None, details=self._details(retry=False))
        if self.sent:
            self.out.facts["outcome"] = "unknown"
            return CliError(
                ExitCode.INTERRUPTED,
                f"interrupted while sending: the {self.what} MAY HAVE GONE THROUGH.",
                "Check it, or re-run the exact command below (it never pays twice).",
                details=self._details(),
            )
        return CliError(ExitCode.INTERRUPTED, "interrupted before anything was sent.")


def _valid_reference_id(value: object) -> str | None:
    if value is None:
        return None
    try:
        return validate_reference_id(value)
    except MomoValidationError:
        return None  # the create reports it, before anything is sent


def _not_sent(error: MomoError) -> bool:
    """The create itself never left: its token could not be had, or the connection failed."""
    if not isinstance(error, RequestError):
        return False
    if error.operation in TOKEN_OPERATIONS:
        return True
    return isinstance(error, MomoConnectionError) and not error.maybe_sent


def _wait_outcome(waited: bool, result: TransactionResult | None) -> ExitCode:
    if not waited:
        return ExitCode.OK
    if result is None or not result.is_final:
        return ExitCode.STILL_PENDING
    return ExitCode.OK if result.is_successful else ExitCode.TRANSACTION_FAILED
