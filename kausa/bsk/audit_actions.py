"""Audit codes of the Azubi-BSK course finder and demand pooling (see core.audit_registry)."""

from django.utils.translation import gettext_lazy as _

from kausa.core.audit_registry import register

COURSE_STATUS_SET = register(
    "bsk.course_status.set", _("Job-language course status recorded"), "bsk.courseparticipation"
)
COURSE_SEARCH_FETCHED = register(
    "bsk.course_search.fetched", _("Course search sent to the job agency"), "bsk.coursesearch"
)
POOLING_NOTICE_PRINTED = register(
    "bsk.pooling_notice.printed", _("Pooled course request shown for printing"), "core.district"
)
POOLING_NOTICE_DOWNLOADED = register(
    "bsk.pooling_notice.downloaded", _("Pooled course request downloaded (xlsx)"), "core.district"
)
