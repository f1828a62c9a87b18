import gc
import os
from importlib import import_module

from django.conf import settings
from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
application = get_wsgi_application()

# Import the URLconf, and with it every view and WeasyPrint behind the document views, while
# the worker starts rather than in the first request each worker serves (seconds).
import_module(settings.ROOT_URLCONF)

# Django, the apps and their modules (about 170,000 objects) live as long as the process:
# moved out of the collector's reach, a full collection no longer walks them in the middle of
# a request (it cost 20-40 ms each time, the tail of every page's latency).
gc.freeze()
