"""Steering a local sandbox through its ``/_sandbox/...`` admin endpoints (faults, inspection).

The demo uses the HTTP API even for the sandbox it starts itself, so a sandbox served elsewhere
(``momo sandbox serve``, ``--base-url http://127.0.0.1:8000``) gets exactly the same demo. MTN's
sandbox has no such endpoints: :meth:`SandboxAdmin.probe` then returns ``None``.
"""

from __future__ import annotations

from typing import Any

import httpx

_TIMEOUT = httpx.Timeout(5.0)


class SandboxAdmin:
    def __init__(self, base_url: str) -> None:
        self._http = httpx.Client(base_url=base_url.rstrip("/") + "/_sandbox", timeout=_TIMEOUT)

    @classmethod
    def probe(cls, base_url: str) -> SandboxAdmin | None:
        """An admin client if ``base_url`` serves the admin API, else ``None``."""
        admin = cls(base_url)
        try:
            response = admin._http.get("/faults")
            if response.status_code == 200 and isinstance(response.json(), list):
                return admin
        except (httpx.HTTPError, ValueError):
            pass
        admin.close()
        return None

    def _json(self, method: str, path: str, body: dict[str, Any] | None = None) -> Any:
        response = self._http.request(method, path, json=body)
        response.raise_for_status()
        return response.json()

    def add_fault(self, **spec: Any) -> dict[str, Any]:
        rule: dict[str, Any] = self._json("POST", "/faults", spec)
        return rule

    def requests_for(self, reference_id: str) -> list[dict[str, Any]]:
        """The request log entries that carried ``reference_id`` (no secrets in it)."""
        records: list[dict[str, Any]] = self._json("GET", "/requests")
        return [record for record in records if record.get("reference_id") == reference_id]

    def resources(self) -> list[dict[str, Any]]:
        state: dict[str, Any] = self._json("GET", "/state")
        resources: list[dict[str, Any]] = state["resources"]
        return resources

    def close(self) -> None:
        self._http.close()
