# Generated from spec/momo.openapi.yaml by openapi-python-client with the templates in
# spec/templates/. Do not edit: change the spec or a template, then run `nox -s generate`.
from typing import Literal

AccessType = Literal["offline", "online"]

ACCESS_TYPE_VALUES: set[AccessType] = {
    "offline",
    "online",
}


def check_access_type(value: str) -> AccessType:
    if value in ACCESS_TYPE_VALUES:
        return value
    raise TypeError(f"Unexpected value {value!r}. Expected one of {ACCESS_TYPE_VALUES!r}")
