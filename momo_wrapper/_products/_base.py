"""What every product (``momo.collection``, ``momo.disbursement``, ...) is made of.

An operation is written once, as a *builder*: a method that validates its arguments and returns a
plan (:class:`Query`, :class:`Create` or :class:`Wait` from ``_flows``). The :func:`operation`
decorator turns the builder into a descriptor that runs the plan with the product's runner, so
``Collection[SyncRunner]`` exposes ``request_to_pay(...) -> Accepted`` and
``Collection[AsyncRunner]`` exposes ``async request_to_pay(...) -> Accepted`` from the same code,
and type checkers see both signatures.
"""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable, Coroutine, Mapping
from decimal import Decimal
from typing import (
    Any,
    ClassVar,
    Concatenate,
    Generic,
    NotRequired,
    ParamSpec,
    Protocol,
    Required,
    TypedDict,
    TypeVar,
    Unpack,
    get_args,
    get_origin,
    get_type_hints,
    overload,
)

from .._api import Party as WireParty
from .._api import RequestToPay, Transfer, WireBody, check_party_id_type
from .._callback_urls import callback_url
from .._config import MomoConfig
from .._errors import MomoValidationError
from .._flows import Call, Create, Flow, FlowEnv, Query, Reply, Wait
from .._idempotency import CreateFingerprint
from .._ledger import Ledger
from .._ledgered import ledgered_create, recorded_wait
from .._operations import Transaction, transaction
from .._outcomes import read_reply, read_result
from .._reference import ReferenceIdChoice, choose_reference_id
from .._results import Party, TransactionResult
from .._retry import RequestKind
from .._runner import AsyncRunner, SyncRunner
from .._validation import (
    parse_amount,
    validate_amount,
    validate_callback_url,
    validate_currency,
    validate_external_id,
    validate_note,
    validate_party_id,
    validate_party_id_type,
    validate_reference_id,
)

P = ParamSpec("P")
R = TypeVar("R")
R_co = TypeVar("R_co", covariant=True)
RunnerT = TypeVar("RunnerT", SyncRunner, AsyncRunner)
ResultT = TypeVar("ResultT", bound=TransactionResult)

AmountLike = str | int | Decimal
DEFAULT_WAIT_TIMEOUT = 120.0
DEFAULT_NOTE = "Payment"
"""Sent when payer_message or payee_note is not given: production MoMo answers 500 to empty ones."""


class _TransactionArgs(TypedDict, total=False):
    timeout: float | None
    """Bounds each HTTP attempt of this call (see :class:`Operation`)."""
    currency: str | None
    """ISO 4217; defaults to the target environment's currency (EUR in the sandbox)."""
    payer_message: str | None
    payee_note: str | None
    reference_id: str | None
    """Your own UUID4 for this transaction; minted for you when omitted."""
    callback_url: str | None
    """Overrides the URL built from ``callback_base_url``."""
    idempotency_key: str | None
    """The ledger's business key for this create (default: ``<product>:<operation>:<external
    id>``). The same key never pays twice: within this process by default, across processes and
    restarts with a shared ledger (``MOMO_LEDGER``)."""


class CollectArgs(_TransactionArgs, total=False):
    """Arguments of the creates that take money from a payer (request to pay, to withdraw)."""

    amount: Required[AmountLike]
    payer: Required[str]
    external_id: Required[str]
    payer_id_type: str


class PayoutArgs(_TransactionArgs, total=False):
    """Arguments of the creates that send money to a payee (transfer, deposit)."""

    amount: Required[AmountLike]
    payee: Required[str]
    external_id: Required[str]
    payee_id_type: str


class RefundArgs(_TransactionArgs, total=False):
    """Arguments of a refund of an earlier collection."""

    amount: Required[AmountLike]
    reference_id_to_refund: Required[str]
    external_id: Required[str]


_ARGUMENT_NAMES: dict[object, frozenset[str]] = {
    schema: frozenset(schema.__annotations__) for schema in (CollectArgs, PayoutArgs, RefundArgs)
}
"""Every key each schema allows: built once, not on every create. A schema missing here
fails every call of its operation, so the table cannot fall behind unnoticed."""


def checked(
    args: Mapping[str, Any], schema: type[_TransactionArgs], required: tuple[str, ...]
) -> Mapping[str, Any]:
    """Keyword arguments collected through ``**args``: Python cannot check them for us."""
    unknown = args.keys() - _ARGUMENT_NAMES[schema]
    if unknown:
        raise TypeError(f"unexpected keyword argument(s): {', '.join(sorted(unknown))}")
    for name in required:
        if name not in args:
            raise MomoValidationError(name, "is required.")
    return args


class Plan(Protocol[R_co]):
    def flow(self, env: FlowEnv) -> Flow[R_co]: ...


class Product(Generic[RunnerT]):
    """Base of the product namespaces; ``name`` is the product's path prefix."""

    name: ClassVar[str]

    def __init__(self, runner: RunnerT, config: MomoConfig, ledger: Ledger) -> None:
        self._runner: RunnerT = runner
        self._config = config
        self._ledger = ledger

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.name}>"

    # -- building blocks for builders ---------------------------------------------------------

    def _call(
        self,
        endpoint: str,
        operation: str,
        *,
        args: Mapping[str, Any] | None = None,
        body: WireBody | None = None,
        reference_id: str | None = None,
        kind: RequestKind = RequestKind.READ,
        environment_header: bool = True,
    ) -> Call:
        arguments = dict(args or {})
        if environment_header:
            arguments["x_target_environment"] = self._config.target_environment
        return Call(
            endpoint=f"{self.name}_{endpoint}",
            product=self.name,
            operation=operation,
            args=arguments,
            body=body,
            reference_id=reference_id,
            kind=kind,
        )

    def _currency(self, currency: object | None) -> str:
        value = self._config.currency if currency is None else currency
        return validate_currency(value, environment=self._config.environment)

    def _amount(self, amount: object, currency: str, field: str = "amount") -> str:
        return validate_amount(
            amount, currency=currency, max_amount=self._config.max_amount, field=field
        )

    def _party(self, party_id: object, party_id_type: object, field: str) -> WireParty:
        kind = validate_party_id_type(party_id_type, field=f"{field}_id_type")
        return WireParty(
            party_id_type=check_party_id_type(kind),
            party_id=validate_party_id(kind, party_id, field=field),
        )

    def _note(self, value: object | None, field: str) -> str:
        return validate_note(DEFAULT_NOTE if value is None else value, field=field)

    def _configured_callback_url(self, operation: str, reference_id: str) -> str | None:
        """The callback URL ``callback_base_url`` gives this create, or None."""
        return self._callback_url(None, operation, reference_id) or None

    def _callback_url(self, explicit: object | None, operation: str, reference_id: str) -> str:
        if explicit is not None:
            return validate_callback_url(explicit, environment=self._config.environment)
        base = self._config.callback_base_url
        if base is None:
            return ""
        return callback_url(base, self.name, operation, reference_id)

    def _create(
        self,
        *,
        endpoint: str,
        operation: str,
        status: Transaction[Any],
        body: WireBody,
        fingerprint: CreateFingerprint,
        reference_id: object | None,
        callback_url: object | None,
        external_id: str | None,
        idempotency_key: object | None,
        callback: bool = True,
    ) -> Create:
        def build(choice: ReferenceIdChoice) -> Create:
            args: dict[str, Any] = {"x_reference_id": choice.value}
            if callback:
                url = self._callback_url(callback_url, operation, choice.value)
                if url:
                    args["x_callback_url"] = url
            return Create(
                call=self._call(
                    endpoint,
                    operation,
                    args=args,
                    body=body,
                    reference_id=choice.value,
                    kind=RequestKind.CREATE,
                ),
                status=functools.partial(self._status, status, choice.value),
                fingerprint=fingerprint,
                supplied_by_caller=choice.supplied_by_caller,
            )

        plan = build(choose_reference_id(reference_id))
        # Fail on missing credentials before the ledger records a payment that cannot be sent.
        self._config.credentials_for(self.name)
        return ledgered_create(
            plan,
            ledger=self._ledger,
            external_id=external_id,
            idempotency_key=idempotency_key,
            rebind=lambda reference: build(ReferenceIdChoice(reference, supplied_by_caller=True)),
        )

    def _transfer(
        self,
        *,
        endpoint: str,
        operation: str,
        status: Transaction[Any],
        party_field: str,
        args: Mapping[str, Any],
    ) -> Create:
        """A create whose body is MoMo's RequestToPay (payer) or Transfer (payee) shape."""
        schema = CollectArgs if party_field == "payer" else PayoutArgs
        arguments = checked(args, schema, ("amount", party_field, "external_id"))
        code = self._currency(arguments.get("currency"))
        wire_amount = self._amount(arguments["amount"], code)
        counterparty = self._party(
            arguments[party_field], arguments.get(f"{party_field}_id_type", "MSISDN"), party_field
        )
        external = validate_external_id(arguments["external_id"])
        payer_message = self._note(arguments.get("payer_message"), "payer_message")
        payee_note = self._note(arguments.get("payee_note"), "payee_note")
        body: RequestToPay | Transfer
        if party_field == "payer":
            body = RequestToPay(
                amount=wire_amount,
                currency=code,
                external_id=external,
                payer=counterparty,
                payer_message=payer_message,
                payee_note=payee_note,
            )
        else:
            body = Transfer(
                amount=wire_amount,
                currency=code,
                external_id=external,
                payee=counterparty,
                payer_message=payer_message,
                payee_note=payee_note,
            )
        return self._create(
            endpoint=endpoint,
            operation=operation,
            status=status,
            body=body,
            fingerprint=fingerprint(
                amount=wire_amount, currency=code, external_id=external, party=counterparty
            ),
            reference_id=arguments.get("reference_id"),
            callback_url=arguments.get("callback_url"),
            external_id=external,
            idempotency_key=arguments.get("idempotency_key"),
        )

    def _status(self, row: Transaction[ResultT], reference_id: object) -> Query[ResultT]:
        """Read a transaction's status, parsed by the row's result class."""
        reference = validate_reference_id(reference_id)

        def parse(reply: Reply) -> ResultT:
            return read_reply(
                reply,
                lambda body, response: row.result.from_wire(
                    body,
                    reference_id=reference,
                    product=self.name,
                    operation=row.name,
                    response=response,
                ),
            )

        return Query(
            call=self._call(
                row.status_endpoint,
                row.name,
                args={"reference_id": reference},
                reference_id=reference,
            ),
            parse=parse,
        )

    def _status_of(self, operation: str, reference_id: object) -> Query[TransactionResult]:
        """The throttled status read that settles a create named ``operation`` (ledger,
        callbacks); a :class:`MomoValidationError` naming it when it has none."""
        query: Query[TransactionResult] = self._status(
            transaction(self.name, operation), reference_id
        )
        return Query(call=query.call._replace(throttled=True), parse=query.parse)

    def _query(
        self,
        endpoint: str,
        operation: str,
        parse: Callable[[object], R],
        *,
        args: Mapping[str, Any] | None = None,
        body: WireBody | None = None,
        kind: RequestKind = RequestKind.READ,
    ) -> Query[R]:
        """A call whose 2xx body ``parse`` turns into the result."""
        return Query(
            call=self._call(endpoint, operation, args=args, body=body, kind=kind),
            parse=lambda reply: read_result(reply, parse),
        )

    def _wait(self, status: Query[ResultT], timeout: float) -> Wait[ResultT]:
        throttled = Query(call=status.call._replace(throttled=True), parse=status.parse)
        wait: Wait[ResultT] = Wait(
            status=throttled,
            schedule=self._config.poll_schedule(timeout),
            is_final=lambda result: result.is_final,
        )
        return recorded_wait(wait, self._ledger)


def fingerprint(
    *,
    amount: str | None,
    currency: str,
    external_id: str | None,
    party: WireParty | None,
) -> CreateFingerprint:
    """What a replayed create is compared on (see ``_idempotency``)."""
    return CreateFingerprint(
        amount=parse_amount(amount) if amount is not None else None,
        currency=currency,
        external_id=external_id,
        party=Party(party.party_id_type, party.party_id) if party else None,
    )


class _SyncStatusRead(Protocol[R_co]):
    def __call__(self, reference_id: str, *, timeout: float | None = None) -> R_co: ...


class _AsyncStatusRead(Protocol[R_co]):
    def __call__(
        self, reference_id: str, *, timeout: float | None = None
    ) -> Coroutine[Any, Any, R_co]: ...


class _SyncWait(Protocol[R_co]):
    def __call__(self, reference_id: str, *, timeout: float = DEFAULT_WAIT_TIMEOUT) -> R_co: ...


class _AsyncWait(Protocol[R_co]):
    def __call__(
        self, reference_id: str, *, timeout: float = DEFAULT_WAIT_TIMEOUT
    ) -> Coroutine[Any, Any, R_co]: ...


_KEYWORD = inspect.Parameter.KEYWORD_ONLY
_TIMEOUT = inspect.Parameter("timeout", _KEYWORD, default=None, annotation=float | None)
# The defaults builders apply to TypedDict keys that are not optional values.
_UNPACKED_DEFAULTS: Mapping[str, object] = {"payer_id_type": "MSISDN", "payee_id_type": "MSISDN"}


def plan_result(plan: object) -> object:
    """What running a plan type returns: ``Create`` -> ``Accepted``, ``Query[X]`` -> ``X``."""
    origin = get_origin(plan) or plan
    flow = get_type_hints(getattr(origin, "flow"))["return"]  # noqa: B009 - a class, not a value
    result = get_args(flow)[-1]
    return get_args(plan)[0] if isinstance(result, TypeVar) else result


def _unpacked(hint: object) -> list[inspect.Parameter]:
    """The keyword-only parameters a ``**args: Unpack[SomeArgs]`` stands for."""
    (schema,) = get_args(hint)
    params = []
    for name, annotation in get_type_hints(schema, include_extras=True).items():
        required = get_origin(annotation) is Required
        if get_origin(annotation) in (Required, NotRequired):
            (annotation,) = get_args(annotation)
        default = inspect.Parameter.empty if required else _UNPACKED_DEFAULTS.get(name)
        params.append(inspect.Parameter(name, _KEYWORD, default=default, annotation=annotation))
    # Required ones first, so the signature reads like a hand-written one.
    return sorted(params, key=lambda p: p.default is not inspect.Parameter.empty)


def runtime_signature(
    build: Callable[..., object], *, returns: object | None = None, timeout: bool = True
) -> inspect.Signature:
    """The signature the bound product method shows (``help()``, IPython, frameworks): the
    builder's parameters without ``self``, ``**args: Unpack[...]`` spelled out as keyword-only
    parameters, the per-call ``timeout`` and what the call returns instead of the plan."""
    hints = get_type_hints(build, include_extras=True)
    params: list[inspect.Parameter] = []
    for param in list(inspect.signature(build).parameters.values())[1:]:
        hint = hints.get(param.name, inspect.Parameter.empty)
        if param.kind is inspect.Parameter.VAR_KEYWORD and get_origin(hint) is Unpack:
            params += _unpacked(hint)
        else:
            params.append(param.replace(annotation=hint))
    if timeout and all(p.name != "timeout" for p in params):
        params.append(_TIMEOUT)
    result = returns if returns is not None else plan_result(hints["return"])
    return inspect.Signature(params, return_annotation=result)


def per_call_timeout(value: object) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or not value > 0:
        raise MomoValidationError(
            "timeout", f"must be a positive number of seconds, not {value!r}.", "E.g. timeout=5."
        )
    return float(value)


class Operation(Generic[P, R]):
    """A product method: runs its builder's plan with the product's sync or async runner.

    Every operation also takes ``timeout=`` (seconds): each HTTP attempt of that one call, token
    fetch included, is bounded by it instead of the client's connect/read timeouts. A builder
    whose own ``timeout`` means something else (``wait_for_*``: the wait's deadline) passes
    ``per_call_timeout=False``.
    """

    def __init__(
        self,
        build: Callable[Concatenate[Any, P], Plan[R]],
        *,
        returns: object | None = None,
        per_call_timeout: bool = True,
    ) -> None:
        self.build = build
        self._names: list[str] = []
        self._returns = returns
        self._per_call_timeout = per_call_timeout
        self._signature: inspect.Signature | None = None
        self.__doc__ = build.__doc__

    @property
    def signature(self) -> inspect.Signature:
        # Built on first use: resolving the annotations at import would cost every import.
        if self._signature is None:
            self._signature = runtime_signature(
                self.build, returns=self._returns, timeout=self._per_call_timeout
            )
        return self._signature

    def __set_name__(self, owner: type, name: str) -> None:
        # Called once per name: an alias (get_deposit_v2_status = get_deposit_status) adds one.
        self._names.append(name)

    @overload
    def __get__(self, instance: None, owner: Any) -> Operation[P, R]: ...
    @overload
    def __get__(self, instance: Product[SyncRunner], owner: Any) -> Callable[P, R]: ...
    @overload
    def __get__(
        self, instance: Product[AsyncRunner], owner: Any
    ) -> Callable[P, Coroutine[Any, Any, R]]: ...
    def __get__(self, instance: Product[Any] | None, owner: Any) -> Any:
        if instance is None:
            return self
        method = self._bind(instance)
        # Kept on the instance: later look-ups find it there and skip building it again.
        for name in self._names:
            instance.__dict__[name] = method
        return method

    def _runner(self, instance: Product[Any], kwargs: dict[str, Any]) -> Any:
        runner = instance._runner
        if self._per_call_timeout and "timeout" in kwargs:
            timeout = kwargs.pop("timeout")
            if timeout is not None:
                return runner.with_timeout(per_call_timeout(timeout))
        return runner

    def _bind(self, instance: Product[Any]) -> Any:
        build = self.build
        name = build.__name__
        method: Any
        if isinstance(instance._runner, AsyncRunner):

            async def arun(*args: Any, **kwargs: Any) -> Any:
                runner = self._runner(instance, kwargs)
                return await runner.execute(instance.name, name, build(instance, *args, **kwargs))

            method = arun
        else:

            def run(*args: Any, **kwargs: Any) -> Any:
                runner = self._runner(instance, kwargs)
                return runner.execute(instance.name, name, build(instance, *args, **kwargs))

            method = run
        functools.update_wrapper(method, build)
        method.__signature__ = self.signature
        return method


def operation(build: Callable[Concatenate[Any, P], Plan[R]]) -> Operation[P, R]:
    """Decorate a builder method to make it a sync-or-async product operation."""
    return Operation(build)


class StatusRead(Generic[ResultT]):
    """``get_<name>_status``: the status read of a :class:`Transaction` row, on any product."""

    def __init__(self, row: Transaction[ResultT]) -> None:
        self.transaction = row

        def build(product: Product[Any], reference_id: str) -> Query[ResultT]:
            return product._status(row, reference_id)

        build.__name__ = build.__qualname__ = row.status_method
        build.__doc__ = f"The current status of a {row.name.replace('_', ' ')} (any version)."
        self._operation: Operation[..., ResultT] = Operation(build, returns=row.result)
        self.__doc__ = build.__doc__

    def __set_name__(self, owner: type, name: str) -> None:
        self._operation.__set_name__(owner, name)

    @overload
    def __get__(self, instance: None, owner: Any) -> StatusRead[ResultT]: ...
    @overload
    def __get__(self, instance: Product[SyncRunner], owner: Any) -> _SyncStatusRead[ResultT]: ...
    @overload
    def __get__(self, instance: Product[AsyncRunner], owner: Any) -> _AsyncStatusRead[ResultT]: ...
    def __get__(self, instance: Product[Any] | None, owner: Any) -> Any:
        return self if instance is None else self._operation.__get__(instance, owner)


class WaitFor(Generic[ResultT]):
    """``wait_for_<name>``: poll a :class:`Transaction` row's status until it is final."""

    def __init__(self, row: Transaction[ResultT]) -> None:
        self.transaction = row

        def build(
            product: Product[Any], reference_id: str, *, timeout: float = DEFAULT_WAIT_TIMEOUT
        ) -> Wait[ResultT]:
            return product._wait(product._status(row, reference_id), timeout)

        build.__name__ = build.__qualname__ = row.wait_method
        build.__doc__ = (
            f"Poll until the {row.name.replace('_', ' ')} is final; raises WaitTimeoutError "
            "after ``timeout`` seconds (the whole wait; each read uses the client's timeouts)."
        )
        self._operation: Operation[..., ResultT] = Operation(
            build, returns=row.result, per_call_timeout=False
        )
        self.__doc__ = build.__doc__

    def __set_name__(self, owner: type, name: str) -> None:
        self._operation.__set_name__(owner, name)

    @overload
    def __get__(self, instance: None, owner: Any) -> WaitFor[ResultT]: ...
    @overload
    def __get__(self, instance: Product[SyncRunner], owner: Any) -> _SyncWait[ResultT]: ...
    @overload
    def __get__(self, instance: Product[AsyncRunner], owner: Any) -> _AsyncWait[ResultT]: ...
    def __get__(self, instance: Product[Any] | None, owner: Any) -> Any:
        return self if instance is None else self._operation.__get__(instance, owner)
