"""Plausible distributions for demo people and places, shared by the small and national sets.

The numbers are rough, deliberately simple assumptions for believable demo data, not statistics:
the mix of countries of origin follows the main groups of young refugees and migrants in
Germany, languages and residence statuses follow each group's typical situation, and occupation
wishes follow the BIBB ranking of new training contracts (DAZUBI 2024).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

import numpy as np

from kausa.core.choices import LanguageLevel, RecognitionStatus
from kausa.people.models import ResidenceStatus
from kausa.reference.occupations import Occupation as ReferenceOccupation

NATIVE = LanguageLevel.NATIVE
FLUENT = LanguageLevel.FLUENT
GOOD = LanguageLevel.GOOD
BASIC = LanguageLevel.BASIC

RS = ResidenceStatus


@dataclass(frozen=True)
class OriginProfile:
    """Typical situation of young people from one country of origin (ISO code as in names.py)."""

    code: str
    weight: float  # share among people counselled in Germany
    abroad_weight: float  # share among people abroad who want to come for training
    first_languages: tuple[tuple[str, float, int], ...]  # (language, weight, level): pick one
    other_languages: tuple[tuple[str, float, int], ...]  # (language, probability, level)
    residence_statuses: tuple[tuple[str, float], ...]  # in Germany
    eu_citizen: bool = False
    refugee_origin: bool = False  # most came as refugees, also those now settled or naturalised


# fmt: off
ORIGINS: tuple[OriginProfile, ...] = (
    OriginProfile("SY", 18, 0, (("ar", 1, NATIVE),),
                  (("ku", 0.12, NATIVE), ("en", 0.4, GOOD), ("tr", 0.08, BASIC)),
                  ((RS.PROTECTION, 60), (RS.PERMANENT, 15), (RS.GERMAN, 10),
                   (RS.ASYLUM_PENDING, 5), (RS.TOLERATED, 3), (RS.TRAINING_TOLERATION, 2),
                   (RS.OTHER_PERMIT, 5)), refugee_origin=True),
    OriginProfile("AF", 13, 0, (("prs", 0.6, NATIVE), ("ps", 0.35, NATIVE), ("fa", 0.05, NATIVE)),
                  (("prs", 0.3, FLUENT), ("ps", 0.2, GOOD), ("en", 0.3, GOOD), ("ur", 0.05, BASIC)),
                  ((RS.PROTECTION, 40), (RS.ASYLUM_PENDING, 20), (RS.TOLERATED, 15),
                   (RS.TRAINING_TOLERATION, 8), (RS.PERMANENT, 7), (RS.GERMAN, 5),
                   (RS.OTHER_PERMIT, 5)), refugee_origin=True),
    OriginProfile("UA", 14, 4, (("uk", 0.85, NATIVE), ("ru", 0.15, NATIVE)),
                  (("ru", 0.75, FLUENT), ("uk", 0.5, FLUENT), ("en", 0.5, GOOD),
                   ("pl", 0.05, BASIC)),
                  ((RS.TEMPORARY_PROTECTION, 85), (RS.OTHER_PERMIT, 5), (RS.TRAINING_PERMIT, 5),
                   (RS.PERMANENT, 5)), refugee_origin=True),
    OriginProfile("TR", 8, 10, (("tr", 1, NATIVE),),
                  (("ku", 0.2, NATIVE), ("en", 0.4, GOOD)),
                  ((RS.PERMANENT, 30), (RS.GERMAN, 25), (RS.ASYLUM_PENDING, 15),
                   (RS.PROTECTION, 10), (RS.OTHER_PERMIT, 10), (RS.TRAINING_PERMIT, 10))),
    OriginProfile("IQ", 6, 0, (("ar", 0.65, NATIVE), ("ku", 0.35, NATIVE)),
                  (("ar", 0.5, FLUENT), ("ku", 0.2, GOOD), ("en", 0.35, GOOD), ("tr", 0.05, BASIC)),
                  ((RS.PROTECTION, 35), (RS.TOLERATED, 20), (RS.ASYLUM_PENDING, 15),
                   (RS.PERMANENT, 15), (RS.GERMAN, 5), (RS.TRAINING_TOLERATION, 10)),
                  refugee_origin=True),
    OriginProfile("ER", 4, 0, (("ti", 1, NATIVE),),
                  (("ar", 0.25, GOOD), ("am", 0.3, GOOD), ("en", 0.4, GOOD)),
                  ((RS.PROTECTION, 70), (RS.ASYLUM_PENDING, 10), (RS.PERMANENT, 10),
                   (RS.OTHER_PERMIT, 10)), refugee_origin=True),
    OriginProfile("SO", 3, 0, (("so", 1, NATIVE),),
                  (("ar", 0.4, GOOD), ("en", 0.45, GOOD)),
                  ((RS.PROTECTION, 50), (RS.ASYLUM_PENDING, 15), (RS.TOLERATED, 15),
                   (RS.TRAINING_TOLERATION, 10), (RS.PERMANENT, 10)), refugee_origin=True),
    OriginProfile("IR", 4, 0, (("fa", 1, NATIVE),),
                  (("en", 0.5, GOOD), ("az", 0.15, NATIVE), ("ku", 0.08, NATIVE)),
                  ((RS.PROTECTION, 40), (RS.ASYLUM_PENDING, 25), (RS.TOLERATED, 10),
                   (RS.PERMANENT, 10), (RS.TRAINING_PERMIT, 10), (RS.GERMAN, 5)),
                  refugee_origin=True),
    OriginProfile("GN", 3, 0, (("fr", 1, FLUENT),),
                  (("en", 0.15, BASIC),),
                  ((RS.TOLERATED, 40), (RS.ASYLUM_PENDING, 25), (RS.TRAINING_TOLERATION, 20),
                   (RS.PROTECTION, 10), (RS.OTHER_PERMIT, 5)), refugee_origin=True),
    OriginProfile("NG", 2, 5, (("en", 1, FLUENT),),
                  (("fr", 0.1, BASIC),),
                  ((RS.TOLERATED, 35), (RS.ASYLUM_PENDING, 25), (RS.TRAINING_TOLERATION, 20),
                   (RS.PROTECTION, 5), (RS.TRAINING_PERMIT, 10), (RS.OTHER_PERMIT, 5))),
    OriginProfile("RU", 3, 0, (("ru", 1, NATIVE),),
                  (("en", 0.4, GOOD), ("uk", 0.08, FLUENT)),
                  ((RS.PERMANENT, 25), (RS.GERMAN, 25), (RS.ASYLUM_PENDING, 15),
                   (RS.PROTECTION, 10), (RS.OTHER_PERMIT, 15), (RS.TRAINING_PERMIT, 10))),
    OriginProfile("PL", 4, 3, (("pl", 1, NATIVE),),
                  (("en", 0.6, GOOD), ("ru", 0.1, BASIC)),
                  ((RS.EU, 90), (RS.GERMAN, 10)), eu_citizen=True),
    OriginProfile("RO", 5, 3, (("ro", 1, NATIVE),),
                  (("en", 0.5, GOOD), ("it", 0.15, GOOD), ("fr", 0.1, BASIC), ("es", 0.1, BASIC)),
                  ((RS.EU, 90), (RS.GERMAN, 10)), eu_citizen=True),
    OriginProfile("BG", 3, 2, (("bg", 1, NATIVE),),
                  (("en", 0.45, GOOD), ("tr", 0.15, NATIVE), ("ru", 0.15, BASIC)),
                  ((RS.EU, 90), (RS.GERMAN, 10)), eu_citizen=True),
    OriginProfile("XK", 3, 10, (("sq", 1, NATIVE),),
                  (("sr", 0.3, GOOD), ("en", 0.5, GOOD)),
                  ((RS.OTHER_PERMIT, 35), (RS.TRAINING_PERMIT, 25), (RS.PERMANENT, 20),
                   (RS.GERMAN, 10), (RS.TOLERATED, 10))),
    OriginProfile("VN", 3, 20, (("vi", 1, NATIVE),),
                  (("en", 0.5, GOOD), ("zh", 0.05, BASIC)),
                  ((RS.TRAINING_PERMIT, 45), (RS.PERMANENT, 25), (RS.GERMAN, 15),
                   (RS.OTHER_PERMIT, 15))),
    OriginProfile("IN", 3, 20, (("hi", 0.7, NATIVE), ("ta", 0.2, NATIVE), ("bn", 0.1, NATIVE)),
                  (("en", 0.9, FLUENT), ("ur", 0.05, BASIC)),
                  ((RS.TRAINING_PERMIT, 60), (RS.OTHER_PERMIT, 25), (RS.PERMANENT, 10),
                   (RS.GERMAN, 5))),
    OriginProfile("MA", 3, 15, (("ar", 1, NATIVE),),
                  (("fr", 0.7, FLUENT), ("en", 0.3, GOOD), ("es", 0.15, GOOD)),
                  ((RS.TRAINING_PERMIT, 40), (RS.OTHER_PERMIT, 20), (RS.ASYLUM_PENDING, 15),
                   (RS.TOLERATED, 15), (RS.PERMANENT, 10))),
    # Born in Germany: German is native (see GERMAN_LEVEL_BORN_HERE); the heritage language is
    # spoken fluently.
    OriginProfile("DE", 6, 0,
                  (("tr", 0.4, FLUENT), ("ru", 0.2, FLUENT), ("ar", 0.2, FLUENT),
                   ("pl", 0.1, FLUENT), ("vi", 0.1, FLUENT)),
                  (("en", 0.7, GOOD),),
                  ((RS.GERMAN, 100),)),
)
# fmt: on
ORIGINS_BY_CODE = {origin.code: origin for origin in ORIGINS}
BORN_HERE = "DE"

# Index = GermanLevel value (0 none ... 7 native).
GERMAN_LEVEL_IN_GERMANY = (2, 7, 22, 32, 22, 8, 2, 0)
GERMAN_LEVEL_BORN_HERE = (0, 0, 0, 0, 2, 8, 10, 80)
GERMAN_LEVEL_ABROAD = (10, 30, 30, 22, 8, 0, 0, 0)
# Index = SchoolCertificate value (0 none ... 4 Abitur).
SCHOOL_CERTIFICATE_FOREIGN_BORN = (12, 30, 30, 8, 20)
SCHOOL_CERTIFICATE_BORN_HERE = (5, 25, 45, 10, 15)
GERMAN_CERTIFICATE_SHARE_IN_GERMANY = 0.4  # foreign-born people who went to school here
RECOGNITION_OF_FOREIGN_CERTIFICATES = (
    (RecognitionStatus.NOT_STARTED, 35),
    (RecognitionStatus.IN_PROGRESS, 20),
    (RecognitionStatus.RECOGNISED, 30),
    (RecognitionStatus.PARTIALLY, 10),
    (RecognitionStatus.REFUSED, 5),
)
MAX_COMMUTE_KM = ((10, 8), (15, 12), (20, 16), (25, 14), (30, 20), (40, 14), (50, 10), (60, 6))
DRIVING_LICENCE_SHARE = 0.2  # of adults; people born here hold one more often
DRIVING_LICENCE_SHARE_BORN_HERE = 0.35
MALE_SHARE = 0.62  # young refugees and migrants in counselling are more often male
DESIRED_OCCUPATION_COUNTS = ((1, 35), (2, 40), (3, 25))
SEATS = ((1, 65), (2, 25), (3, 10))
MIGRANT_LED_SHARE = 0.25  # of companies; their owners' languages are spoken there
ENGLISH_IN_COMPANY_SHARE = 0.3

# Weight of an occupation without a figure in the ranking (new contracts, BIBB 2024).
FALLBACK_NEW_CONTRACTS = 30
# An occupation stays possible for both genders however unbalanced its current male share.
MIN_GENDER_SHARE_PCT = 5.0

# Requirements of places by KldB main group (first two digits): (German level weights indexed by
# GermanLevel, school certificate weights indexed by SchoolCertificate, driving licence share).
_OFFICE_GROUPS = ("43", "61", "71", "72", "73", "81", "82", "83", "84", "91", "92")
_SERVICE_GROUPS = ("51", "52", "53", "54", "63", "62", "29")
REQUIREMENTS_OFFICE = ((0, 0, 0, 50, 40, 10, 0, 0), (0, 25, 60, 0, 15), 0.03)
REQUIREMENTS_SERVICE = ((0, 10, 50, 40, 0, 0, 0, 0), (40, 50, 10, 0, 0), 0.05)
REQUIREMENTS_CRAFT = ((10, 0, 45, 45, 0, 0, 0, 0), (20, 55, 25, 0, 0), 0.12)


def requirements_for(kldb_code: str) -> tuple[tuple[int, ...], tuple[int, ...], float]:
    """Typical (German level, school certificate, driving licence) requirements of a place."""
    group = kldb_code[:2]
    if group in _OFFICE_GROUPS:
        return REQUIREMENTS_OFFICE
    if group in _SERVICE_GROUPS:
        return REQUIREMENTS_SERVICE
    return REQUIREMENTS_CRAFT


def probabilities(weights: Sequence[float] | np.ndarray) -> np.ndarray:
    array = np.asarray(weights, dtype=np.float64)
    return np.asarray(array / array.sum(), dtype=np.float64)


def occupation_weights(
    occupations: Sequence[ReferenceOccupation], *, female: bool | None = None
) -> np.ndarray:
    """Sampling weights: new contracts 2024, optionally times the share of one gender.

    Gender only shapes which occupations a synthetic person wishes for; it is stored nowhere.
    """
    contracts = np.array(
        [
            FALLBACK_NEW_CONTRACTS if item.new_contracts_2024 is None else item.new_contracts_2024
            for item in occupations
        ],
        dtype=np.float64,
    )
    if female is None:
        return contracts
    male_pct = np.array(
        [50.0 if item.male_share_pct is None else item.male_share_pct for item in occupations]
    )
    share = (100.0 - male_pct) if female else male_pct
    return contracts * np.maximum(share, MIN_GENDER_SHARE_PCT) / 100.0


def training_start_dates(today: date) -> tuple[date, ...]:
    """The next four usual training starts (1 August, 1 September) after today, oldest first."""
    candidates = [
        date(year, month, 1) for year in range(today.year, today.year + 3) for month in (8, 9)
    ]
    return tuple(day for day in candidates if day > today)[:4]


START_DATE_WEIGHTS = (40, 25, 20, 15)  # sooner starts are more common among open places
