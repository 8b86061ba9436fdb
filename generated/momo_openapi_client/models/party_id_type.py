# Generated from spec/momo.openapi.yaml by openapi-python-client with the templates in
# spec/templates/. Do not edit: change the spec or a template, then run `nox -s generate`.
from typing import Literal

PartyIdType = Literal["EMAIL", "MSISDN", "PARTY_CODE"]

PARTY_ID_TYPE_VALUES: set[PartyIdType] = {
    "EMAIL",
    "MSISDN",
    "PARTY_CODE",
}


def check_party_id_type(value: str) -> PartyIdType:
    if value in PARTY_ID_TYPE_VALUES:
        return value
    raise TypeError(f"Unexpected value {value!r}. Expected one of {PARTY_ID_TYPE_VALUES!r}")
