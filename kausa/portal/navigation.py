"""The portal's main navigation, in one place: (route name, label). Each sub-domain owns its
route; `test_navigation` checks that every entry resolves in every language."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

MAIN_NAVIGATION = (
    ("portal_content:training", _("Training in Germany")),
    ("portal_places:search", _("Find a place")),
    ("portal_events:list", _("Events")),
    ("portal_enquiries:create", _("Ask for advice")),
    ("portal_business:home", _("For companies")),
)
