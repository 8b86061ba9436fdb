"""Operations every money product has: balance, account holders, consent-based KYC, tokens."""

from __future__ import annotations

import re
from typing import Any

from .._api import (
    ACCESS_TYPE_VALUES,
    UNSET,
    AccessType,
    BcAuthorizeRequest,
    OAuth2TokenRequest,
)
from .._errors import MomoValidationError
from .._flows import Query
from .._results import (
    AccountHolderStatus,
    Balance,
    BasicUserInfo,
    BcAuthorization,
    ConsentToken,
    ConsentUserInfo,
)
from .._retry import RequestKind
from .._tokens import AccessToken, parse_token_response
from .._validation import (
    require_str,
    validate_callback_url,
    validate_msisdn,
    validate_positive_int,
)
from ._base import Product, RunnerT, operation
from ._reads import (
    Read,
    account_holder,
    basic_user,
    holder_path,
    in_currency,
    no_arguments,
)

CIBA_GRANT = "urn:openid:params:grant-type:ciba"


class AccountProduct(Product[RunnerT]):
    """Balance, account-holder checks, consent (KYC) and tokens of one product."""

    get_balance = Read(
        "get_account_balance",
        no_arguments,
        Balance,
        doc="The available balance of the partner's own account of this product.",
    )
    get_balance_in_currency = Read(
        "get_account_balance_in_currency",
        in_currency,
        Balance,
        doc="The available balance in ``currency`` (ISO 4217).",
    )
    is_account_holder_active = Read(
        "validate_account_holder_status",
        account_holder,
        AccountHolderStatus,
        doc="""Whether ``party_id`` (an MSISDN or e-mail) is a registered, active MoMo account.

        Check before paying out to avoid a FAILED ``PAYEE_NOT_FOUND`` later. The sandbox says
        active for any number.
        """,
    )
    get_basic_user_info = Read(
        "get_basic_user_info",
        basic_user,
        BasicUserInfo,
        doc="Name, birth date and locale of an account holder (no consent needed).",
    )

    def _basic_user_info_path(self, party_id: object, party_id_type: object) -> dict[str, Any]:
        path = holder_path(party_id, party_id_type)
        # Collection and disbursement spell MSISDN in upper case here; remittance overrides.
        path["account_holder_id_type"] = path["account_holder_id_type"].upper()
        return path

    @operation
    def bc_authorize(
        self,
        msisdn: str | None = None,
        *,
        login_hint: str | None = None,
        scope: str = "profile",
        access_type: str = "offline",
        consent_valid_in: int | None = None,
        callback_url: str | None = None,
        timeout: float | None = None,
    ) -> Query[BcAuthorization]:
        """Ask an account holder to consent to sharing data (first step of the KYC flow).

        Give ``msisdn`` (sent as ``login_hint=ID:<msisdn>/MSISDN``) or a raw ``login_hint``.
        Exchange the answer's ``auth_req_id`` with :meth:`create_oauth2_token`.
        """
        if login_hint is None:
            login_hint = f"ID:{validate_msisdn(msisdn, field='msisdn')}/MSISDN"
        body = BcAuthorizeRequest(
            scope=require_str(scope, "scope", "profile"),
            login_hint=_login_hint(login_hint),
            access_type=_access_type(access_type),
            consent_valid_in=UNSET
            if consent_valid_in is None
            else validate_positive_int(consent_valid_in, field="consent_valid_in"),
        )
        args: dict[str, Any] = {}
        if callback_url is not None:
            args["x_callback_url"] = validate_callback_url(
                callback_url, environment=self._config.environment
            )
        return self._query(
            "bc_authorize",
            "bc_authorize",
            lambda reply: BcAuthorization.from_wire(
                reply, product=self.name, operation="bc_authorize"
            ),
            args=args,
            body=body,
            kind=RequestKind.UNSAFE,
        )

    @operation
    def create_oauth2_token(
        self, auth_req_id: str, *, timeout: float | None = None
    ) -> Query[ConsentToken]:
        """Exchange a consent request id (from :meth:`bc_authorize`) for a consent token."""
        body = OAuth2TokenRequest(
            grant_type=CIBA_GRANT,
            auth_req_id=require_str(auth_req_id, "auth_req_id", "f3b1...").strip(),
        )
        return self._query(
            "create_oauth2_token",
            "create_oauth2_token",
            lambda reply: ConsentToken.from_wire(
                reply, product=self.name, operation="create_oauth2_token"
            ),
            body=body,
            kind=RequestKind.UNSAFE,
        )

    @operation
    def get_user_info_with_consent(
        self, consent_token: ConsentToken | str, *, timeout: float | None = None
    ) -> Query[ConsentUserInfo]:
        """Full KYC data of the account holder who consented (needs the consent token)."""
        token = consent_token.access_token if isinstance(consent_token, ConsentToken) else None
        token = token or require_str(consent_token, "consent_token", "<consent token>")
        query = self._query(
            "get_user_info_with_consent",
            "get_user_info_with_consent",
            lambda reply: ConsentUserInfo.from_wire(
                reply, product=self.name, operation="get_user_info_with_consent"
            ),
        )
        return Query(call=query.call._replace(consent_token=token), parse=query.parse)

    @operation
    def create_access_token(self, *, timeout: float | None = None) -> Query[AccessToken]:
        """A new access token for this product, straight from MoMo.

        The client gets, caches and refreshes tokens by itself; call this only to check
        credentials (``momo token``) or to hand a token to another system.
        """
        clock = self._runner.env.clock
        return self._query(
            "create_access_token",
            "create_access_token",
            lambda body: parse_token_response(
                body if isinstance(body, bytes | str | dict) else b"",
                now=clock.time(),
                product=self.name,
            ),
        )


_LOGIN_HINT = re.compile(r"ID:[^\s/]+/(MSISDN|EMAIL|ALIAS|ID)", re.IGNORECASE)


def _login_hint(value: object) -> str:
    """MoMo's CIBA login hint: ``ID:<identifier>/<type>``, e.g. ``ID:46733123450/MSISDN``."""
    text = require_str(value, "login_hint", "ID:46733123450/MSISDN").strip()
    if not _LOGIN_HINT.fullmatch(text):
        raise MomoValidationError(
            "login_hint",
            "is not of the form ID:<identifier>/<type>.",
            "Use e.g. 'ID:46733123450/MSISDN', or pass msisdn= instead.",
        )
    return text


def _access_type(value: object) -> AccessType:
    text = require_str(value, "access_type", "offline")
    for known in ACCESS_TYPE_VALUES:
        if text == known:
            return known
    raise MomoValidationError(
        "access_type", f"{text!r} is not an access type.", "Use 'offline' or 'online'."
    )
