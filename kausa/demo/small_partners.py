"""The regional network of the small demo set: 40 partners, every partner type represented."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from kausa.core.models import Organisation
from kausa.core.search import normalize
from kausa.demo.context import DemoContext, seat_entry
from kausa.demo.names import NAME_POOLS_BY_CODE, STREETS, demo_email, email_local_part
from kausa.partners.models import Partner, PartnerContact, PartnerType, Topic
from kausa.reference import gazetteer

CAPITAL = "15003"  # Magdeburg: seat of the state-wide partners
# Chambers split the state into a northern and a southern region (the seat first).
NORTH = ("15003", "15081", "15083", "15085", "15086", "15089", "15090")
SOUTH = ("15002", "15001", "15082", "15084", "15087", "15088", "15091")

CHAMBER = ("training-company", "recognition", "applications", "entry-qualification")
AGENCY = ("career-orientation", "funding", "entry-qualification", "applications")
JOBCENTER = ("funding", "language-courses", "applications")
MIGRATION = ("residence-work-permit", "housing", "family", "language-courses")
SCHOOL = ("school", "career-orientation")
COMMUNITY = ("family", "career-orientation", "housing")
LANGUAGE = ("language-courses",)


@dataclass(frozen=True)
class PartnerSpec:
    name: str
    partner_type: str
    district_keys: tuple[str, ...]  # the districts served; the partner sits in the first
    topic_codes: tuple[str, ...]  # codes of the Topic table (seeded by a migration)
    contact_origin: str | None = None  # origin of the contact person's name; None: German


def partner_specs(districts: Sequence[gazetteer.District]) -> tuple[PartnerSpec, ...]:
    """The demo partners; foreigners' offices one per district, chambers per region."""
    state = (CAPITAL, *(d.key for d in districts if d.key != CAPITAL))
    t = PartnerType
    return (
        PartnerSpec("IHK Magdeburg", t.IHK, NORTH, CHAMBER),
        PartnerSpec("IHK Halle-Dessau", t.IHK, SOUTH, CHAMBER),
        PartnerSpec("Handwerkskammer Magdeburg", t.HWK, NORTH, CHAMBER),
        PartnerSpec("Handwerkskammer Halle (Saale)", t.HWK, SOUTH, CHAMBER),
        PartnerSpec("Zahnärztekammer Sachsen-Anhalt", t.OTHER_CHAMBER, state, CHAMBER[:2]),
        PartnerSpec(
            "Agentur für Arbeit Magdeburg", t.EMPLOYMENT_AGENCY, ("15003", "15083", "15086"), AGENCY
        ),
        PartnerSpec("Agentur für Arbeit Halle", t.EMPLOYMENT_AGENCY, ("15002", "15088"), AGENCY),
        PartnerSpec(
            "Agentur für Arbeit Dessau-Roßlau-Wittenberg",
            t.EMPLOYMENT_AGENCY,
            ("15001", "15091", "15082"),
            AGENCY,
        ),
        PartnerSpec("Jobcenter Landeshauptstadt Magdeburg", t.JOBCENTER, ("15003",), JOBCENTER),
        PartnerSpec("Jobcenter Halle (Saale)", t.JOBCENTER, ("15002",), JOBCENTER),
        PartnerSpec("Jobcenter Dessau-Roßlau", t.JOBCENTER, ("15001",), JOBCENTER),
        PartnerSpec(
            "Jugendberufsagentur Magdeburg",
            t.YOUTH_EMPLOYMENT_AGENCY,
            ("15003",),
            ("career-orientation", "applications", "school"),
        ),
        PartnerSpec(
            "Jugendmigrationsdienst Magdeburg",
            t.MIGRATION_COUNSELLING,
            ("15003", "15083"),
            MIGRATION,
        ),
        PartnerSpec(
            "Jugendmigrationsdienst Halle (Saale)",
            t.MIGRATION_COUNSELLING,
            ("15002", "15088"),
            MIGRATION,
        ),
        PartnerSpec(
            "Migrationsberatung für Erwachsene Dessau-Roßlau",
            t.MIGRATION_COUNSELLING,
            ("15001", "15082", "15091"),
            MIGRATION,
        ),
        PartnerSpec(
            "Sprachinstitut an der Elbe",
            t.LANGUAGE_COURSE_PROVIDER,
            ("15003", "15083", "15086"),
            LANGUAGE,
        ),
        PartnerSpec(
            "Deutschkurszentrum Saale-Mulde",
            t.LANGUAGE_COURSE_PROVIDER,
            ("15002", "15088", "15001"),
            LANGUAGE,
        ),
        PartnerSpec(
            "IQ Netzwerk Sachsen-Anhalt – Anerkennungsberatung",
            t.IQ_NETWORK,
            state,
            ("recognition",),
        ),
        *(
            PartnerSpec(
                f"Ausländerbehörde {d.name}",
                t.FOREIGNERS_OFFICE,
                (d.key,),
                ("residence-work-permit",),
            )
            for d in districts
        ),
        PartnerSpec("Gemeinschaftsschule am Stadtpark", t.SCHOOL, ("15003",), SCHOOL),
        PartnerSpec(
            "Berufsbildende Schulen Magdeburg-Nord",
            t.VOCATIONAL_SCHOOL,
            ("15003", "15083"),
            (*SCHOOL, *LANGUAGE),
        ),
        PartnerSpec(
            "Berufsbildende Schulen Halle-Süd",
            t.VOCATIONAL_SCHOOL,
            ("15002", "15088"),
            (*SCHOOL, *LANGUAGE),
        ),
        PartnerSpec(
            "Afghanischer Kultur- und Elternverein Halle e.V.",
            t.MIGRANT_ORGANISATION,
            ("15002",),
            COMMUNITY,
            contact_origin="AF",
        ),
        PartnerSpec(
            "Syrisch-Deutscher Familienverein Magdeburg e.V.",
            t.MIGRANT_ORGANISATION,
            ("15003",),
            COMMUNITY,
            contact_origin="SY",
        ),
        PartnerSpec(
            "Wohlfahrtsverband Mitte-Nord",
            t.WELFARE,
            ("15003", "15089", "15085"),
            ("housing", "family", "funding"),
        ),
        PartnerSpec(
            "Landeshauptstadt Magdeburg – Integrationsbüro",
            t.MUNICIPALITY,
            ("15003",),
            ("housing", "family", "residence-work-permit"),
        ),
        PartnerSpec(
            "Ausbildungsverbund Mitteldeutschland",
            t.OTHER,
            ("15001", "15002", "15003"),
            ("training-company", "entry-qualification"),
        ),
    )


def create_partners(ctx: DemoContext, organisation: Organisation) -> list[Partner]:
    specs = partner_specs(ctx.districts)
    topics = {topic.code: topic for topic in Topic.objects.order_by("code")}
    partners = []
    contacts = []
    for spec in specs:
        entry = seat_entry(spec.district_keys[0])
        slug = email_local_part(spec.name).replace(".", "-")
        partner = Partner(
            organisation=organisation,
            name=spec.name,
            partner_type=spec.partner_type,
            street=f"{ctx.pick(STREETS)} {int(ctx.rng.integers(1, 80))}",
            postal_code=entry.postal_code,
            place=entry.places[0],
            email=demo_email(slug, int(ctx.rng.integers(3))),
            phone=ctx.phone(),
            search_text=normalize(spec.name),
        )
        partners.append(partner)
        pool = NAME_POOLS_BY_CODE[spec.contact_origin] if spec.contact_origin else None
        name = ctx.person_name(pool, female=ctx.chance(0.6))
        contacts.append(PartnerContact(partner=partner, **ctx.contact(name, "Ansprechpartner/in")))
    Partner.objects.bulk_create(partners)
    PartnerContact.objects.bulk_create(contacts)
    served = Partner.districts.through
    served.objects.bulk_create(
        served(partner_id=partner.pk, district_id=key)
        for partner, spec in zip(partners, specs, strict=True)
        for key in spec.district_keys
    )
    helps_with = Partner.topics.through
    helps_with.objects.bulk_create(
        helps_with(partner_id=partner.pk, topic_id=topics[code].pk)
        for partner, spec in zip(partners, specs, strict=True)
        for code in spec.topic_codes
        if code in topics  # offices may have removed a topic
    )
    for partner in partners:
        ctx.log_created(partner)
    return partners
