"""The state of one small demo load: a seeded generator, reference data and the audit entries."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import TypeVar

import numpy as np
from django.db import models

from kausa.core.audit import organisation_id_of
from kausa.core.models import AuditEntry, District, Occupation, Office
from kausa.demo import profiles
from kausa.demo.audit_actions import DEMO_CREATED
from kausa.demo.names import (
    GERMAN_FAMILY_NAMES,
    GERMAN_FIRST_NAMES,
    NamePool,
    demo_email,
    drama_phone,
    email_local_part,
)
from kausa.demo.profiles import probabilities
from kausa.reference import gazetteer
from kausa.reference import occupations as reference_occupations

T = TypeVar("T")


class DemoContext:
    """Every random value of a load comes from `rng`, drawn in a fixed order over ordered
    sequences, so the same seed and `today` give the same data."""

    def __init__(self, *, seed: int, today: date, state_key_prefix: str) -> None:
        self.rng = np.random.default_rng(seed)
        self.today = today
        self.audit: list[AuditEntry] = []
        self.phone_counter = int(self.rng.integers(5000))
        self.districts = tuple(
            d for d in gazetteer.districts() if d.key.startswith(state_key_prefix)
        )
        self.district_rows = {
            d.pk: d for d in District.objects.filter(pk__startswith=state_key_prefix)
        }
        occupation_pks = dict(Occupation.objects.values_list("key", "pk"))
        self.occupations = tuple(
            item for item in reference_occupations.current(today) if item.key in occupation_pks
        )
        if not self.occupations or len(self.district_rows) != len(self.districts):
            raise RuntimeError(
                "the district and occupation tables are empty: run `manage.py migrate` first"
            )
        self.occupation_pk = [occupation_pks[item.key] for item in self.occupations]
        self.occupation_p = probabilities(profiles.occupation_weights(self.occupations))
        self.occupation_p_by_gender = {
            female: probabilities(profiles.occupation_weights(self.occupations, female=female))
            for female in (False, True)
        }

    def pick(self, items: Sequence[T]) -> T:
        return items[int(self.rng.integers(len(items)))]

    def weighted(self, pairs: Sequence[tuple[T, float]]) -> T:
        """One value of (value, weight) pairs."""
        index = self.rng.choice(len(pairs), p=probabilities([w for _item, w in pairs]))
        return pairs[int(index)][0]

    def index(self, p: np.ndarray) -> int:
        return int(self.rng.choice(len(p), p=p))

    def chance(self, probability: float) -> bool:
        return bool(self.rng.random() < probability)

    def phone(self) -> str:
        self.phone_counter += 1 + int(self.rng.integers(7))
        return drama_phone(self.phone_counter)

    def email(self, *words: str) -> str:
        return demo_email(email_local_part(*words), int(self.rng.integers(3)))

    def person_name(self, pool: NamePool | None, *, female: bool) -> tuple[str, str]:
        """(first, family) name from an origin's pool, or a German name without a pool."""
        if pool is None:
            return self.pick(GERMAN_FIRST_NAMES), self.pick(GERMAN_FAMILY_NAMES)
        first = self.pick(pool.female if female else pool.male)
        return first, pool.family_name(self.pick(pool.family), female=female)

    def contact(self, name: tuple[str, str], role: str) -> dict[str, str]:
        """A contact person's fields, as the services' `contacts` argument takes them."""
        return {
            "name": f"{name[0]} {name[1]}",
            "role": role,
            "email": self.email(*name),
            "phone": self.phone(),
        }

    def postal_entry(self, district_key: str) -> gazetteer.PostalCodeEntry:
        """A random postal code of the district."""
        entry = gazetteer.lookup(self.pick(gazetteer.postal_codes_in_district(district_key)))
        assert entry is not None  # the codes come from the gazetteer itself
        return entry

    def log_created(self, obj: models.Model, office: Office | None = None) -> None:
        """Queue the audit entry the service would have written (`demo.<model>.created`)."""
        self.audit.append(
            AuditEntry(
                actor=None,
                organisation_id=organisation_id_of(obj, office=office),
                office=office,
                action=DEMO_CREATED[obj._meta.label_lower],
                object_type=obj._meta.label_lower,
                object_id=str(obj.pk),
            )
        )


def seat_entry(district_key: str) -> gazetteer.PostalCodeEntry:
    """The postal code nearest to the district's point (usually its main town)."""
    district = gazetteer.district(district_key)
    assert district is not None

    def distance(entry: gazetteer.PostalCodeEntry) -> tuple[float, str]:
        km = gazetteer.haversine_km(
            district.latitude, district.longitude, entry.latitude, entry.longitude
        )
        return km, entry.postal_code

    entries = (gazetteer.lookup(code) for code in gazetteer.postal_codes_in_district(district_key))
    return min((entry for entry in entries if entry is not None), key=distance)
