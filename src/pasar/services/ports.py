"""The outside world as the use cases see it: payment gateway, carriers, file store."""

from __future__ import annotations

from dataclasses import dataclass, field

from pasar.adapters.carriers import Carrier, SimulatedCarrier
from pasar.adapters.file_store import FileStore
from pasar.adapters.payment_gateway import PaymentGateway
from pasar.domain.errors import InvalidInput


@dataclass
class Ports:
    gateway: PaymentGateway
    files: FileStore
    carriers: dict[str, Carrier] = field(default_factory=dict)
    platform_carrier: str = "simulated"  # ships platform-fulfilled (FBT) orders

    def carrier(self, name: str) -> Carrier:
        try:
            return self.carriers[name]
        except KeyError:
            known = ", ".join(sorted(self.carriers)) or "none"
            raise InvalidInput(f"unknown carrier {name!r} (known: {known})", field="carrier") from None

    def simulated_carriers(self) -> list[SimulatedCarrier]:
        return [carrier for carrier in self.carriers.values() if isinstance(carrier, SimulatedCarrier)]
