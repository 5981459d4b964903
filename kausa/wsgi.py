import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kausa.settings")
application = get_wsgi_application()

# Compile or load the matching kernels beside the first requests, not inside them.
from kausa.placements.warmup import start_in_background  # noqa: E402

warm_up_thread = start_in_background()
