# Loa production image: gunicorn for web, the same image runs the Celery worker and beat.
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    UV_PROJECT_ENVIRONMENT=/opt/venv \
    PATH="/opt/venv/bin:$PATH"

# WeasyPrint needs Pango (fonts are embedded from static/); pg_dump/pg_restore serve backups;
# Tesseract and its Vietnamese model read scanned plan PDFs (in the worker).
RUN apt-get update \
    && apt-get install -y --no-install-recommends libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 curl postgresql-client tesseract-ocr tesseract-ocr-vie \
    && rm -rf /var/lib/apt/lists/* \
    && pip install --no-cache-dir "uv==0.13.9" \
    && useradd --create-home --uid 1000 loa

WORKDIR /app
COPY pyproject.toml uv.lock ./
RUN uv sync --frozen --no-dev --no-install-project

COPY . .
RUN DEBUG=1 python manage.py collectstatic --noinput \
    && mkdir -p /app/media /app/backups && chown -R loa:loa /app/media /app/backups

USER loa
EXPOSE 8000
CMD ["gunicorn", "-c", "config/gunicorn_conf.py", "config.wsgi", "--bind", "0.0.0.0:8000", "--workers", "3", "--timeout", "120", "--access-logfile", "-"]
