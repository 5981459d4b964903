"""Value lists shared across domains. Ordered levels are integers so they compare directly."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class GermanLevel(models.IntegerChoices):
    NONE = 0, _("no German yet")
    A1 = 1, "A1"
    A2 = 2, "A2"
    B1 = 3, "B1"
    B2 = 4, "B2"
    C1 = 5, "C1"
    C2 = 6, "C2"
    NATIVE = 7, _("native speaker")


class LanguageLevel(models.IntegerChoices):
    BASIC = 1, _("basic")
    GOOD = 2, _("good")
    FLUENT = 3, _("fluent")
    NATIVE = 4, _("native speaker")


class SchoolCertificate(models.IntegerChoices):
    """School leaving certificate, as the German equivalent level."""

    NONE = 0, _("no school leaving certificate")
    LOWER_SECONDARY = 1, _("lower secondary (Hauptschulabschluss / ESA)")
    INTERMEDIATE = 2, _("intermediate (Mittlerer Schulabschluss)")
    UNIVERSITY_OF_APPLIED_SCIENCES = (
        3,
        _("entrance qualification for universities of applied sciences"),
    )
    UNIVERSITY = 4, _("general university entrance qualification (Abitur)")


class RecognitionStatus(models.TextChoices):
    NOT_NEEDED = "not_needed", _("not needed (German certificate)")
    NOT_STARTED = "not_started", _("not started")
    IN_PROGRESS = "in_progress", _("in progress")
    RECOGNISED = "recognised", _("recognised")
    PARTIALLY = "partially", _("partially recognised")
    REFUSED = "refused", _("not recognised")


# Languages of the hand-outs and notes that are written right to left.
RIGHT_TO_LEFT_LANGUAGES = frozenset({"ar", "fa"})

LANGUAGES = [
    ("de", _("German")),
    ("en", _("English")),
    ("ar", _("Arabic")),
    ("uk", _("Ukrainian")),
    ("ru", _("Russian")),
    ("tr", _("Turkish")),
    ("fa", _("Persian (Farsi)")),
    ("prs", _("Dari")),
    ("ps", _("Pashto")),
    ("ku", _("Kurdish")),
    ("ti", _("Tigrinya")),
    ("so", _("Somali")),
    ("am", _("Amharic")),
    ("fr", _("French")),
    ("es", _("Spanish")),
    ("pt", _("Portuguese")),
    ("it", _("Italian")),
    ("pl", _("Polish")),
    ("ro", _("Romanian")),
    ("bg", _("Bulgarian")),
    ("sq", _("Albanian")),
    ("sr", _("Serbian")),
    ("hr", _("Croatian")),
    ("bs", _("Bosnian")),
    ("el", _("Greek")),
    ("vi", _("Vietnamese")),
    ("zh", _("Chinese")),
    ("hi", _("Hindi")),
    ("ur", _("Urdu")),
    ("ta", _("Tamil")),
    ("bn", _("Bengali")),
    ("ne", _("Nepali")),
    ("id", _("Indonesian")),
    ("tl", _("Tagalog")),
    ("uz", _("Uzbek")),
    ("ka", _("Georgian")),
    ("hy", _("Armenian")),
    ("az", _("Azerbaijani")),
]
LANGUAGE_CODES = {code for code, _name in LANGUAGES}


class CompanySize(models.TextChoices):
    MICRO = "micro", _("micro (under 10 employees)")
    SMALL = "small", _("small (10-49 employees)")
    MEDIUM = "medium", _("medium (50-249 employees)")
    LARGE = "large", _("large (250 employees or more)")


class Sector(models.TextChoices):
    """Sections of the German classification of economic activities (WZ 2008)."""

    A = "A", _("Agriculture, forestry and fishing")
    C = "C", _("Manufacturing")
    D = "D", _("Energy supply")
    E = "E", _("Water supply, waste management")
    F = "F", _("Construction")
    G = "G", _("Wholesale and retail trade, repair of motor vehicles")
    H = "H", _("Transport and storage")
    I = "I", _("Accommodation and food services")  # noqa: E741
    J = "J", _("Information and communication")
    K = "K", _("Financial and insurance services")
    L = "L", _("Real estate")
    M = "M", _("Professional, scientific and technical services")
    N = "N", _("Other business services")
    O = "O", _("Public administration")  # noqa: E741
    P = "P", _("Education")
    Q = "Q", _("Health and social work")
    R = "R", _("Arts, entertainment and recreation")
    S = "S", _("Other services (e.g. hairdressing, cleaning)")
