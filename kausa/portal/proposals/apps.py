from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalProposalsConfig(AppConfig):
    name = "kausa.portal.proposals"
    label = "portal_proposals"
    verbose_name = _("Proposals in the company portal")
