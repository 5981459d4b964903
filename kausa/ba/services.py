"""Import of the job agency's apprenticeship offers into places and companies.

`ba_import_start` (a team lead's button or the command) records a run and its audit entry;
`ba_import_execute` (the worker or the command) pages through the offers around the postal
code, fetches the details of new and changed offers, and writes each result page in one
transaction with a savepoint per offer: a bad offer is reported in the run's issues and
leaves nothing half-written, the rest imports. Only the region and the kind of offer are
sent to the agency. Offers listed again are matched by their reference number (idempotent);
places not listed by two complete runs of the same region are closed, never deleted; places
edited here after the import are kept as edited and flagged.
"""

from __future__ import annotations

import hashlib
import json
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.db import DatabaseError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from kausa.ba import audit_actions
from kausa.ba.http import BaRequestError
from kausa.ba.jobsuche import MAX_PAGES, PAGE_SIZE, JobsucheClient
from kausa.ba.mapping import MappedOffer, OfferProblem, map_offer, offer_refnr, title_key
from kausa.ba.models import ImportIssue, ImportRun, IssueReason
from kausa.companies.models import Company, CompanySource, TrainingStatus
from kausa.core.access import WriteDenied, require_configure
from kausa.core.audit import audit_log
from kausa.core.choices import CompanySize, Sector
from kausa.core.geo import Location, location_for_postal_code
from kausa.core.models import Occupation, Organisation, User
from kausa.core.search import normalize
from kausa.reference import gazetteer
from kausa.vacancies.models import Vacancy, VacancySource, VacancyStatus

logger = logging.getLogger(__name__)

MAX_RADIUS_KM = 200
MISSED_RUNS_BEFORE_CLOSING = 2
# The values an import writes; a difference from the stored hash means a manual edit.
IMPORTED_FIELDS = (
    "occupation_id",
    "seats",
    "start_date",
    "postal_code",
    "requires_driving_licence",
    "required_school_certificate",
    "status",
    "archived_at",
)
COUNTS = (
    "pages",
    "fetched",
    "duplicates",
    "created",
    "updated",
    "unchanged",
    "manual_kept",
    "closed",
    "reopened",
    "rejected",
    "companies_created",
)


def validate_query(postal_code: str, radius_km: int) -> None:
    """German messages for a bad region (the command and the page use the same rule)."""
    if gazetteer.lookup(postal_code) is None:
        raise ValidationError(_("The postal code %(code)s is unknown.") % {"code": postal_code})
    if not 0 <= radius_km <= MAX_RADIUS_KM:
        raise ValidationError(
            _("The radius must be between 0 and %(max)s km.") % {"max": MAX_RADIUS_KM}
        )


@transaction.atomic
def ba_import_start(
    *, actor: User | None, organisation: Organisation, postal_code: str, radius_km: int
) -> ImportRun:
    """Record an import run for `organisation`. `actor` None is the operator's command;
    a user must configure that organisation (team leads, administrators)."""
    if actor is not None:
        require_configure(actor)
        if actor.organisation_id != organisation.pk:
            raise WriteDenied
    validate_query(postal_code, radius_km)
    run = ImportRun.objects.create(
        organisation=organisation, started_by=actor, postal_code=postal_code, radius_km=radius_km
    )
    audit_log(actor=actor, action=audit_actions.IMPORT_STARTED, obj=run)
    return run


@transaction.atomic
def ba_import_enqueue(
    *, actor: User, organisation: Organisation, postal_code: str, radius_km: int
) -> ImportRun:
    """The team lead's button: record the run and hand it to the worker after commit."""
    from kausa.ba.tasks import ba_import_run

    run = ba_import_start(
        actor=actor, organisation=organisation, postal_code=postal_code, radius_km=radius_km
    )
    transaction.on_commit(lambda: ba_import_run.enqueue(run.pk))
    return run


@dataclass
class _Prepared:
    """One listed offer after fetching: what to write, or why not."""

    refnr: str
    existing: Vacancy | None
    offer: MappedOffer | None = None


@dataclass
class _Context:
    run: ImportRun
    client: JobsucheClient
    occupations_by_code: dict[str, int]
    occupations_by_title: dict[str, int]
    companies: dict[tuple[str, str], Company]
    locations: dict[str, Location] = field(default_factory=dict)
    seen: set[str] = field(default_factory=set)
    counts: dict[str, int] = field(default_factory=lambda: dict.fromkeys(COUNTS, 0))
    issues: list[ImportIssue] = field(default_factory=list)
    # Companies created in the current offer's savepoint: forgotten if it rolls back.
    new_companies: list[tuple[str, str]] = field(default_factory=list)

    def issue(self, refnr: str, reason: str, detail: str = "") -> None:
        self.issues.append(ImportIssue(run=self.run, refnr=refnr, reason=reason, detail=detail))

    def occupation_for(self, code: str, title: str) -> int | None:
        if code in self.occupations_by_code:
            return self.occupations_by_code[code]
        key = title_key(title)
        found = self.occupations_by_title.get(key)
        if found is None and " - " in title:  # "Elektroniker/in - Energie- und Gebäudetechnik"
            found = self.occupations_by_title.get(title_key(title.split(" - ", 1)[0]))
        return found

    def location(self, postal_code: str) -> Location:
        if postal_code not in self.locations:
            self.locations[postal_code] = location_for_postal_code(postal_code)
        return self.locations[postal_code]


def _context(run: ImportRun, client: JobsucheClient) -> _Context:
    by_code: dict[str, list[int]] = {}
    by_title: dict[str, int] = {}
    current = set(Occupation.objects.current().values_list("pk", flat=True))
    rows = Occupation.objects.order_by("pk").values_list("pk", "name", "kldb_code", "successor")
    for pk, name, code, successor in rows:
        if pk in current:
            by_code.setdefault(code, []).append(pk)
            by_title.setdefault(title_key(name), pk)
        elif successor in current:
            # an offer still under a replaced occupation's name lands on its successor
            by_title.setdefault(title_key(name), successor)
    companies = {
        (company.search_text, company.postal_code): company
        for company in Company.objects.filter(organisation=run.organisation).order_by(
            "-archived_at",
            "-pk",  # the oldest active company wins a tie
        )
    }
    return _Context(
        run=run,
        client=client,
        # A code shared by several occupations cannot choose one: the title decides.
        occupations_by_code={code: pks[0] for code, pks in by_code.items() if len(pks) == 1},
        occupations_by_title=by_title,
        companies=companies,
    )


def ba_import_execute(
    run: ImportRun,
    client: JobsucheClient,
    *,
    on_progress: Callable[[ImportRun], None] | None = None,
    page_size: int = PAGE_SIZE,
) -> ImportRun:
    """Run the import recorded as `run` (see the module's description). Never raises for bad
    data or a failing agency: the run ends DONE with its issues, or FAILED."""
    _save_run(run, state=ImportRun.State.RUNNING, progress=1)
    context = _context(run, client)
    page, total_pages, complete = 1, 1, True
    while page <= min(total_pages, MAX_PAGES):
        try:
            result = client.search_page(
                postal_code=run.postal_code, radius_km=run.radius_km, page=page, size=page_size
            )
        except BaRequestError as error:
            context.issue("", IssueReason.PAGE_FAILED, _page_detail(page, error))
            complete = False
            if page == 1:
                break
            page += 1
            continue
        total_pages = max(1, -(-result.total // page_size))
        existing = _existing(context, result.offers)
        prepared = [_prepare(context, listing, existing) for listing in result.offers]
        _write_page(context, [item for item in prepared if item is not None])
        context.counts["pages"] += 1
        _save_run(run, progress=min(95, 1 + 94 * page // total_pages), **context.counts)
        if on_progress is not None:
            on_progress(run)
        if not result.offers:
            # An empty page before the announced end: the listing is not known to be whole.
            complete = complete and page >= total_pages
            break
        page += 1
    # Offers beyond the page cap were not seen either: they must not count as gone.
    complete = complete and total_pages <= MAX_PAGES
    if complete:
        _close_missing(context)
    _finish(context, complete=complete)
    return run


def _page_detail(page: int, error: BaRequestError) -> str:
    return f"page {page}: {error}"[:200]


def _prepare(context: _Context, listing: Any, known: dict[str, Vacancy]) -> _Prepared | None:
    """Fetch what a listed offer needs (outside any transaction: no lock while waiting)."""
    context.counts["fetched"] += 1
    if not isinstance(listing, dict):
        context.issue("", IssueReason.INVALID_FIELD, "stellenangebote[]")
        context.counts["rejected"] += 1
        return None
    try:
        refnr = offer_refnr(listing)
    except OfferProblem as problem:
        context.issue("", problem.reason, problem.detail)
        context.counts["rejected"] += 1
        return None
    if refnr in context.seen:
        context.counts["duplicates"] += 1
        return None
    context.seen.add(refnr)
    existing = known.get(refnr)
    modified = listing.get("modifikationsTimestamp")
    if (
        existing is not None
        and existing.ba_modified == modified
        and not _closed_by_import(existing)
    ):
        return _Prepared(refnr=refnr, existing=existing)  # unchanged: no detail request
    try:
        details = context.client.details(refnr)
        offer = map_offer(
            listing,
            details,
            occupation_for=context.occupation_for,
            postal_code_known=lambda code: gazetteer.lookup(code) is not None,
        )
    except BaRequestError as error:
        context.issue(refnr, IssueReason.DETAILS_FAILED, str(error)[:200])
    except OfferProblem as problem:
        context.issue(refnr, problem.reason, problem.detail)
    else:
        return _Prepared(refnr=refnr, existing=existing, offer=offer)
    if existing is None:
        context.counts["rejected"] += 1
        return None
    return _Prepared(refnr=refnr, existing=existing)  # still listed: keep it open as it is


def _existing(context: _Context, listings: list[Any]) -> dict[str, Vacancy]:
    """The organisation's places imported from the offers of one result page, by refnr."""
    refnrs = [item.get("refnr") for item in listings if isinstance(item, dict)]
    places = Vacancy.objects.filter(
        company__organisation=context.run.organisation,
        ba_refnr__in=[refnr for refnr in refnrs if isinstance(refnr, str) and refnr],
    ).order_by("-pk")
    return {place.ba_refnr: place for place in places}  # the oldest wins


def _closed_by_import(vacancy: Vacancy) -> bool:
    return (
        vacancy.status == VacancyStatus.WITHDRAWN
        and vacancy.ba_missed_runs >= MISSED_RUNS_BEFORE_CLOSING
    )


def fingerprint(vacancy: Vacancy) -> str:
    values = [str(getattr(vacancy, name)) for name in IMPORTED_FIELDS]
    return hashlib.sha256(json.dumps(values).encode()).hexdigest()


def _write_page(context: _Context, prepared: list[_Prepared]) -> None:
    """One transaction per result page, a savepoint per offer."""
    run = context.run
    with transaction.atomic():
        seen_pks = []
        for item in prepared:
            if item.offer is None:
                assert item.existing is not None
                seen_pks.append(item.existing.pk)
                context.counts["unchanged"] += 1
                continue
            context.new_companies.clear()
            try:
                with transaction.atomic():
                    vacancy = _write_offer(context, item.offer, item.existing)
            except (DatabaseError, ValidationError, ValueError, ObjectDoesNotExist) as error:
                for key in context.new_companies:
                    del context.companies[key]
                    context.counts["companies_created"] -= 1
                context.issue(item.refnr, IssueReason.WRITE_FAILED, type(error).__name__)
                context.counts["rejected"] += 1
                if item.existing is not None:
                    seen_pks.append(item.existing.pk)
                continue
            seen_pks.append(vacancy.pk)
        Vacancy.objects.filter(pk__in=seen_pks).update(
            ba_missed_runs=0, ba_last_seen_run=run.pk, ba_region=run.region
        )
        ImportIssue.objects.bulk_create(context.issues)
        context.issues.clear()


def _write_offer(context: _Context, offer: MappedOffer, existing: Vacancy | None) -> Vacancy:
    if existing is not None and fingerprint(existing) != existing.ba_fingerprint:
        # Edited here since the import: the edit wins, the team lead sees the agency's change.
        existing.ba_manually_edited = True
        existing.ba_modified = offer.modified
        existing.save(update_fields=["ba_manually_edited", "ba_modified", "updated_at"])
        context.issue(offer.refnr, IssueReason.MANUAL_EDIT_KEPT)
        context.counts["manual_kept"] += 1
        return existing
    vacancy = existing or Vacancy(
        company=_company(context, offer), source=VacancySource.BA, ba_refnr=offer.refnr
    )
    reopening = existing is not None and _closed_by_import(existing)
    if reopening:
        vacancy.status = VacancyStatus.OPEN
    location = context.location(offer.postal_code)
    vacancy.occupation_id = offer.occupation_id
    vacancy.seats = offer.seats
    vacancy.start_date = offer.start_date
    vacancy.postal_code = offer.postal_code
    vacancy.place = location.place
    vacancy.district = location.district
    vacancy.latitude = location.latitude
    vacancy.longitude = location.longitude
    vacancy.requires_driving_licence = offer.requires_driving_licence
    vacancy.required_school_certificate = offer.required_school_certificate
    vacancy.ba_link = offer.link
    vacancy.ba_modified = offer.modified
    vacancy.ba_fingerprint = fingerprint(vacancy)
    vacancy.save()
    context.counts["updated" if existing is not None else "created"] += 1
    context.counts["reopened"] += int(reopening)
    return vacancy


def _company(context: _Context, offer: MappedOffer) -> Company:
    """The employer: the organisation's company of that name at that postal code, else a new
    one marked as coming from the agency."""
    key = (normalize(offer.employer_name), offer.employer_postal_code)
    company = context.companies.get(key)
    if company is not None:
        return company
    location = context.location(offer.employer_postal_code)
    occupation = Occupation.objects.get(pk=offer.occupation_id)
    company = Company(
        organisation=context.run.organisation,
        name=offer.employer_name,
        search_text=key[0],
        postal_code=offer.employer_postal_code,
        place=location.place,
        district=location.district,
        latitude=location.latitude,
        longitude=location.longitude,
        # Not published by the agency: a neutral guess a counsellor corrects on the first call.
        size=CompanySize.SMALL,
        sector=Sector.S,
        training_status=TrainingStatus.AUTHORISED,
        competent_body=occupation.competent_body,
        source=CompanySource.BA,
    )
    company.save()
    context.companies[key] = company
    context.new_companies.append(key)
    context.counts["companies_created"] += 1
    return company


def _close_missing(context: _Context) -> None:
    """After a complete run: places of this region it did not list missed one more run;
    open ones that missed two are closed (withdrawn), never deleted."""
    run = context.run
    with transaction.atomic():
        missing = Vacancy.objects.filter(
            company__organisation=run.organisation,
            source=VacancySource.BA,
            ba_region=run.region,
        ).exclude(ba_last_seen_run=run.pk)
        missing.update(ba_missed_runs=F("ba_missed_runs") + 1)
        closing = missing.filter(
            status=VacancyStatus.OPEN, ba_missed_runs__gte=MISSED_RUNS_BEFORE_CLOSING
        )
        for vacancy in closing:
            # Closing is the import's own change: the edit check must not mistake it for one.
            edited = fingerprint(vacancy) != vacancy.ba_fingerprint
            vacancy.status = VacancyStatus.WITHDRAWN
            if not edited:
                vacancy.ba_fingerprint = fingerprint(vacancy)
            vacancy.save(update_fields=["status", "ba_fingerprint", "updated_at"])
            context.counts["closed"] += 1


def _finish(context: _Context, *, complete: bool) -> None:
    run = context.run
    stats = context.client.http.stats.as_dict()
    with transaction.atomic():
        _save_run(
            run,
            state=ImportRun.State.DONE,
            progress=100,
            complete=complete,
            request_stats=stats,
            finished_at=timezone.now(),
            **context.counts,
        )
        ImportIssue.objects.bulk_create(context.issues)
        context.issues.clear()
        counted = [name for name in COUNTS if context.counts[name]]
        audit_log(actor=None, action=audit_actions.IMPORT_FINISHED, obj=run, changed_fields=counted)
    logger.info("ba import run %s: %s, requests %s", run.pk, context.counts, stats)


def ba_import_fail(run: ImportRun) -> None:
    """Mark a run that stopped on an unexpected error (logged by the caller)."""
    _save_run(run, state=ImportRun.State.FAILED, finished_at=timezone.now())


def _save_run(run: ImportRun, **fields: Any) -> None:
    """One statement per progress step, so the polling page sees it while the run goes on."""
    for name, value in fields.items():
        setattr(run, name, value)
    ImportRun.objects.filter(pk=run.pk).update(**fields)
