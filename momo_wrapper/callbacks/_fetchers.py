"""What the callback toolkit needs from a client: the authoritative status of one transaction.

``MomoClient`` satisfies :class:`StatusFetcher` and ``AsyncMomoClient`` :class:`AsyncStatusFetcher`;
tests pass fakes. A fetcher raises ``NotFoundError`` (HTTP 404) for a reference MoMo does not know
and any other exception when it cannot tell; it never guesses.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Protocol, runtime_checkable

from .._results import Reason, TransactionStatus


class StatusResult(Protocol):
    """The fields of a status result the toolkit reads (every ``*Status`` result class has them)."""

    @property
    def reference_id(self) -> str | None: ...

    @property
    def status(self) -> TransactionStatus: ...

    @property
    def reason(self) -> Reason | None: ...

    @property
    def amount(self) -> Decimal | None: ...

    @property
    def currency(self) -> str | None: ...

    @property
    def external_id(self) -> str | None: ...

    @property
    def financial_transaction_id(self) -> str | None: ...

    @property
    def is_final(self) -> bool: ...


@runtime_checkable
class StatusFetcher(Protocol):
    """Reads a transaction's status from MoMo, blocking."""

    def fetch_status(self, product: str, operation: str, reference_id: str, /) -> StatusResult: ...


@runtime_checkable
class AsyncStatusFetcher(Protocol):
    """Reads a transaction's status from MoMo, in asyncio."""

    async def afetch_status(
        self, product: str, operation: str, reference_id: str, /
    ) -> StatusResult: ...
