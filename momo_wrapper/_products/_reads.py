"""The read table: a read is one line in a product class, ``name = Read(endpoint, shape, result)``.

A *read* sends one request whose arguments are a path or query parameter or two and turns the
2xx answer into a result. What varies between reads is data: the generated operation it calls
(its operationId without the product prefix), the *shape* of its parameters (one of the
functions below: it validates the arguments and names them as the generated function does) and
what parses the answer: a result class with ``from_wire``, a list of them, or, by default,
a :class:`~momo_wrapper.Record` of the generated model. The product method, its static and
runtime signatures and the public operation list all come from that line::

    class Collection(...):
        get_request_to_pay_receipt = Read("get_request_to_pay_receipt", by_reference_id)
"""

# Shapes take the product and `timeout` whether they use them or not (see below).
# ruff: noqa: ARG001

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, Concatenate, Generic, Literal, ParamSpec, TypeVar, overload

from .._errors import MomoValidationError
from .._flows import Query, Reply
from .._outcomes import read_reply, read_result
from .._results import FromWire, Record, list_of
from .._validation import validate_party_id, validate_party_id_type, validate_reference_id
from ._base import Operation

P = ParamSpec("P")
R = TypeVar("R")

Shape = Callable[Concatenate[Any, P], Mapping[str, Any]]
"""Validates a read's arguments into the generated function's keyword arguments; its first
parameter is the product (for the configured currency, the product's own path spelling)."""


# Account-holder paths spell the id type in lower case (MTN: "must be lowercase").
ACCOUNT_HOLDER_ID_TYPES = {"MSISDN": "msisdn", "EMAIL": "email"}


def holder_path(party_id: object, party_id_type: object) -> dict[str, str]:
    kind = validate_party_id_type(party_id_type, field="party_id_type")
    if kind not in ACCOUNT_HOLDER_ID_TYPES:
        raise MomoValidationError(
            "party_id_type",
            f"account holders cannot be looked up by {kind}.",
            "Use MSISDN or EMAIL.",
        )
    return {
        "account_holder_id_type": ACCOUNT_HOLDER_ID_TYPES[kind],
        "account_holder_id": validate_party_id(kind, party_id, field="party_id"),
    }


# -- parameter shapes --------------------------------------------------------------------------
# Each also declares ``timeout`` (the per-call timeout every operation takes): the operation
# takes it off before the shape runs, but the static signature comes from here.


def no_arguments(product: Any, *, timeout: float | None = None) -> Mapping[str, Any]:
    return {}


def in_currency(product: Any, currency: str, *, timeout: float | None = None) -> Mapping[str, Any]:
    return {"currency": product._currency(currency)}


def account_holder(
    product: Any, party_id: str, *, party_id_type: str = "MSISDN", timeout: float | None = None
) -> Mapping[str, Any]:
    return holder_path(party_id, party_id_type)


def basic_user(
    product: Any, party_id: str, *, party_id_type: str = "MSISDN", timeout: float | None = None
) -> Mapping[str, Any]:
    path: Mapping[str, Any] = product._basic_user_info_path(party_id, party_id_type)
    return path


def by_reference_id(
    product: Any, reference_id: str, *, timeout: float | None = None
) -> Mapping[str, Any]:
    return {"reference_id": validate_reference_id(reference_id)}


# -- the row -----------------------------------------------------------------------------------


class Read(Operation[P, R], Generic[P, R]):
    """One read: the product method named by the attribute it is assigned to."""

    @overload
    def __init__(
        self: Read[P, Record], endpoint: str, shape: Shape[P], *, doc: str | None = None
    ) -> None: ...
    @overload
    def __init__(
        self: Read[P, R],
        endpoint: str,
        shape: Shape[P],
        result: FromWire[R],
        *,
        doc: str | None = None,
    ) -> None: ...
    @overload
    def __init__(
        self: Read[P, list[R]],
        endpoint: str,
        shape: Shape[P],
        result: FromWire[R],
        *,
        many: Literal[True],
        doc: str | None = None,
    ) -> None: ...
    def __init__(
        self,
        endpoint: str,
        shape: Shape[P],
        result: FromWire[Any] | None = None,
        *,
        many: bool = False,
        doc: str | None = None,
    ) -> None:
        self.endpoint = endpoint
        self.shape = shape
        self.result = result
        self.many = many
        read = self

        def build(product: Any, /, *args: P.args, **kwargs: P.kwargs) -> Query[R]:
            return read.query(product, shape(product, *args, **kwargs))

        # The method's runtime signature is the shape's (``inspect.signature`` follows
        # ``__wrapped__``; the annotations resolve in the shape's module).
        build.__wrapped__ = shape  # type: ignore[attr-defined]
        build.__annotations__ = dict(shape.__annotations__)
        build.__doc__ = doc or f"The ``{endpoint}`` operation of the MoMo API."
        returns: Any = Record if result is None else result
        super().__init__(build, returns=list[returns] if many else returns)

    def __set_name__(self, owner: type, name: str) -> None:
        if not self._names:
            self.build.__name__ = self.build.__qualname__ = name
        super().__set_name__(owner, name)

    @property
    def name(self) -> str:
        return self.build.__name__

    def query(self, product: Any, args: Mapping[str, Any]) -> Query[R]:
        """The plan of one call of this read on ``product`` with validated ``args``."""
        call = product._call(self.endpoint, self.name, args=args)
        parse: Callable[[Reply], R] = self._parser(product.name)
        return Query(call=call, parse=parse)

    def _parser(self, product: str) -> Callable[[Reply], Any]:
        operation, result = self.name, self.result
        if result is None:

            def record(reply: Reply) -> Any:
                return read_reply(
                    reply,
                    lambda body, response: Record.of_model(
                        reply.parsed, raw=body, response=response
                    ),
                )

            return record
        if self.many:
            return lambda reply: read_result(
                reply, lambda body: list_of(result, body, product=product, operation=operation)
            )
        return lambda reply: read_result(
            reply, lambda body: result.from_wire(body, product=product, operation=operation)
        )
