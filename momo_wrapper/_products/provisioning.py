"""``momo.provisioning``: create API users and keys on MTN's sandbox (sandbox host only)."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import ClassVar

import attrs

from .._api import ApiUser as ApiUserBody
from .._errors import MomoValidationError
from .._flows import Call, Create, Flow, FlowEnv, Query
from .._outcomes import read_result
from .._reference import choose_reference_id
from .._results import ApiKey, ApiUser
from .._retry import RequestKind
from .._validation import require_str, validate_reference_id
from ._base import Product, RunnerT, operation


@attrs.frozen(repr=False)
class ProvisionedUser:
    """A ready sandbox API user: its id, key and the callback host it was created with."""

    api_user: str
    api_key: str
    provider_callback_host: str | None
    created: bool
    """False when the API user already existed (a re-run), True when this call created it."""

    def __repr__(self) -> str:
        return (
            f"ProvisionedUser(api_user={self.api_user!r}, api_key=***, "
            f"provider_callback_host={self.provider_callback_host!r}, created={self.created})"
        )


class SandboxProvisioning(Product[RunnerT]):
    """Sandbox user provisioning. Needs only a subscription key: the one of the product the user
    will be used with (``subscription_key=`` or ``MOMO_PROVISIONING_SUBSCRIPTION_KEY``)."""

    name: ClassVar[str] = "sandbox"

    def _require_sandbox(self) -> None:
        # MTN serves /v1_0/apiuser only in the sandbox; production credentials come from the
        # partner portal. Refuse here rather than send a subscription key to a production host.
        if not self._config.is_sandbox:
            raise MomoValidationError(
                "target_environment",
                f"sandbox provisioning exists only in the sandbox, not in "
                f"{self._config.target_environment!r}.",
                "Get production API users and keys from MTN's partner portal.",
            )

    def _with_key(self, call: Call, subscription_key: str | None) -> Call:
        if subscription_key is None:
            return call
        key = require_str(subscription_key, "subscription_key", "<subscription key>")
        return call._replace(subscription_key=key)

    def _create_api_user(
        self, callback_host: object, reference_id: object | None, subscription_key: str | None
    ) -> Create:
        self._require_sandbox()
        choice = choose_reference_id(reference_id)
        host = require_str(callback_host, "callback_host", "shop.example.com").strip()
        if not host or any(ch.isspace() for ch in host):
            raise MomoValidationError(
                "callback_host",
                "must be a host name (e.g. shop.example.com) without spaces.",
                "Callbacks may only go to this host, so use the one your callback URL will name.",
            )
        call = self._call(
            "create_api_user",
            "create_api_user",
            args={"x_reference_id": choice.value},
            body=ApiUserBody(provider_callback_host=host),
            reference_id=choice.value,
            kind=RequestKind.CREATE,
            environment_header=False,
        )
        return Create(
            call=self._with_key(call, subscription_key),
            status=partial(self._get_api_user, choice.value, subscription_key),
            fingerprint=None,
            supplied_by_caller=choice.supplied_by_caller,
        )

    def _create_api_key(self, api_user: object, subscription_key: str | None) -> Query[ApiKey]:
        self._require_sandbox()
        user = validate_reference_id(api_user, field="api_user")
        call = self._call(
            "create_api_key",
            "create_api_key",
            args={"reference_id": user},
            kind=RequestKind.UNSAFE,
            environment_header=False,
        )
        return Query(
            call=self._with_key(call, subscription_key),
            parse=lambda reply: read_result(
                reply,
                lambda body: ApiKey.from_wire(body, product=self.name, operation="create_api_key"),
            ),
        )

    def _get_api_user(self, api_user: object, subscription_key: str | None) -> Query[ApiUser]:
        self._require_sandbox()
        user = validate_reference_id(api_user, field="api_user")
        call = self._call(
            "get_api_user", "get_api_user", args={"reference_id": user}, environment_header=False
        )
        return Query(
            call=self._with_key(call, subscription_key),
            parse=lambda reply: read_result(
                reply,
                lambda body: ApiUser.from_wire(
                    body, api_user=user, product=self.name, operation="get_api_user"
                ),
            ),
        )

    @operation
    def create_api_user(
        self,
        *,
        callback_host: str,
        reference_id: str | None = None,
        subscription_key: str | None = None,
        timeout: float | None = None,
    ) -> Create:
        """Create an API user; its id is ``Accepted.reference_id``.

        ``callback_host`` becomes the user's providerCallbackHost: callbacks may only go there.
        Re-running with the same ``reference_id`` returns ``replayed=True`` instead of failing.
        """
        return self._create_api_user(callback_host, reference_id, subscription_key)

    @operation
    def create_api_key(
        self, api_user: str, *, subscription_key: str | None = None, timeout: float | None = None
    ) -> Query[ApiKey]:
        """Create a new API key for ``api_user`` (each call replaces the previous key)."""
        return self._create_api_key(api_user, subscription_key)

    @operation
    def get_api_user(
        self, api_user: str, *, subscription_key: str | None = None, timeout: float | None = None
    ) -> Query[ApiUser]:
        """The API user's providerCallbackHost and target environment."""
        return self._get_api_user(api_user, subscription_key)

    @operation
    def provision(
        self,
        *,
        callback_host: str,
        api_user: str | None = None,
        subscription_key: str | None = None,
        timeout: float | None = None,
    ) -> Provision:
        """Create an API user (or confirm ``api_user``), give it a key and verify it with a GET.

        Safe to re-run: an existing ``api_user`` is confirmed rather than created again.
        """
        return Provision(
            create=self._create_api_user(callback_host, api_user, subscription_key),
            key=lambda user: self._create_api_key(user, subscription_key),
            verify=lambda user: self._get_api_user(user, subscription_key),
        )


@attrs.frozen
class Provision:
    """The three provisioning calls in a row, as one plan."""

    create: Create
    key: Callable[[str], Query[ApiKey]]
    verify: Callable[[str], Query[ApiUser]]

    def flow(self, env: FlowEnv) -> Flow[ProvisionedUser]:
        accepted = yield from self.create.flow(env)
        api_key = yield from self.key(accepted.reference_id).flow(env)
        user = yield from self.verify(accepted.reference_id).flow(env)
        return ProvisionedUser(
            api_user=accepted.reference_id,
            api_key=api_key.api_key,
            provider_callback_host=user.provider_callback_host,
            created=not accepted.replayed,
        )
