# Generated from spec/momo.openapi.yaml by openapi-python-client with the templates in
# spec/templates/. Do not edit: change the spec or a template, then run `nox -s generate`.
from typing import Literal

PayerIdentificationType = Literal[
    "AREG", "CPFA", "DRLC", "EMID", "IDCD", "NRIN", "OTHR", "PASS", "SOCS", "SRSSA"
]

PAYER_IDENTIFICATION_TYPE_VALUES: set[PayerIdentificationType] = {
    "AREG",
    "CPFA",
    "DRLC",
    "EMID",
    "IDCD",
    "NRIN",
    "OTHR",
    "PASS",
    "SOCS",
    "SRSSA",
}


def check_payer_identification_type(value: str) -> PayerIdentificationType:
    if value in PAYER_IDENTIFICATION_TYPE_VALUES:
        return value
    raise TypeError(
        f"Unexpected value {value!r}. Expected one of {PAYER_IDENTIFICATION_TYPE_VALUES!r}"
    )
