"""Staff routes of events; each sub-domain lists its own in `urls_<sub-domain>.py`."""

from kausa.events.urls_awards import urlpatterns as award_patterns
from kausa.events.urls_calendar import urlpatterns as calendar_patterns
from kausa.events.urls_core import urlpatterns as core_patterns
from kausa.events.urls_routes import urlpatterns as route_patterns
from kausa.events.urls_speeddating import urlpatterns as speeddating_patterns

app_name = "events"
urlpatterns = [
    *core_patterns,
    *calendar_patterns,
    *route_patterns,
    *speeddating_patterns,
    *award_patterns,
]
