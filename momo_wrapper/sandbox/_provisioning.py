"""Sandbox user provisioning: `/v1_0/apiuser` (api-behaviour §2, OPERATIONS live §11)."""

from __future__ import annotations

from ._call import Call, canonical_uuid, json_object
from ._model import ApiUser
from ._state import SandboxState
from ._wire import SandboxResponse, empty, momo_error, momo_json

RESOURCE_NOT_FOUND = "Requested resource was not found."
DUPLICATED = "Duplicated reference id. Creation of resource failed."


def create_api_user(state: SandboxState, call: Call) -> SandboxResponse:
    user_id = canonical_uuid(call.header("x-reference-id"))
    body = json_object(call.body)
    host = None if body is None else body.get("providerCallbackHost")
    if user_id is None or not isinstance(host, str) or not host:
        return empty(400, call.now)
    if user_id in state.users:
        return momo_error(409, "RESOURCE_ALREADY_EXIST", DUPLICATED, call.now)
    state.users[user_id] = ApiUser(user_id, host, provisioned_with=call.product or "")
    return empty(201, call.now)


def create_api_key(state: SandboxState, call: Call) -> SandboxResponse:
    user_id = canonical_uuid(call.params["user_id"])
    if user_id is None:
        return empty(400, call.now)
    user = state.users.get(user_id)
    if user is None:
        return momo_error(404, "RESOURCE_NOT_FOUND", RESOURCE_NOT_FOUND, call.now)
    # A new key replaces the previous one.
    user.api_key = state.hex_key()
    return momo_json(201, {"apiKey": user.api_key}, call.now)


def get_api_user(state: SandboxState, call: Call) -> SandboxResponse:
    user_id = canonical_uuid(call.params["user_id"])
    if user_id is None:
        return empty(400, call.now)
    user = state.users.get(user_id)
    if user is None:
        return momo_error(404, "RESOURCE_NOT_FOUND", RESOURCE_NOT_FOUND, call.now)
    body = {
        "providerCallbackHost": user.callback_host,
        "targetEnvironment": state.settings.target_environment,
    }
    return momo_json(200, body, call.now)
