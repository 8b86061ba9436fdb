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
