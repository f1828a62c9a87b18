import gc
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
application = get_wsgi_application()

# Django, the apps and their modules (about 170,000 objects) live as long as the process:
# moved out of the collector's reach, a full collection no longer walks them in the middle of
# a request (it cost 20-40 ms each time, the tail of every page's latency).
gc.freeze()
