"""Tweede Spoor Online: the application factory."""

from __future__ import annotations

import os
import time
from importlib import import_module

from flask import Flask
from werkzeug.routing import IntegerConverter

from portal.config import load_config
from portal.extensions import csrf, db, login_manager, migrate

# Feature packages. Each exposes `bp` (a Blueprint) in its __init__.py and its routes in
# views.py (or the modules named in VIEW_MODULES).
FEATURES = (
    "core",
    "mail",
    "auth",
    "admin",
    "trajectory",
    "timeline",
    "plan",
    "diary",
    "learning",
    "jobs",
    "advisor",
    "employer",
    "reports",
    "progress_reports",
    "security",
    "audit",
    "privacy",
)


class IdConverter(IntegerConverter):
    """`<int:...>` in every route: a number a database id can be, else the URL is a 404.

    A forged 20-digit id would otherwise reach the database and overflow SQLite's integer.
    """

    def __init__(self, map, *args, **kwargs) -> None:  # noqa: A002 - werkzeug's signature
        kwargs.setdefault("max", 2**31 - 1)
        super().__init__(map, *args, **kwargs)


def create_app(config: dict | None = None) -> Flask:
    """Build the portal: configuration, extensions, features, error pages, commands."""
    use_portal_time_zone()
    app = Flask(__name__, instance_relative_config=False)
    app.url_map.converters["int"] = IdConverter  # before any route is registered
    load_config(app, config)
    register_extensions(app)
    register_features(app)
    register_security(app)
    register_commands(app)
    return app


def register_extensions(app: Flask) -> None:
    db.init_app(app)
    from portal.pooling import ping_when_idle
    from portal.transactions import watch_transactions

    with app.app_context():
        ping_when_idle(db.engine, app.config["PING_AFTER_IDLE"])
        watch_transactions(db.engine)
    migrate.init_app(app, db, directory=str(app.root_path + "/../migrations"), render_as_batch=True)
    csrf.init_app(app)
    login_manager.init_app(app)
    import_module("portal.models")  # every model, so Alembic and create_all see them


def register_features(app: Flask) -> None:
    """Import each feature's view modules (routes, menu items, panels, seeders), then its blueprint.

    Packages define only their blueprint, so importing any model or service never drags
    views (and import cycles) along.
    """
    for name in FEATURES:
        module = import_module(f"portal.{name}")
        for view_module in getattr(module, "VIEW_MODULES", ("views",)):
            import_module(f"portal.{name}.{view_module}")
        app.register_blueprint(module.bp)
    from portal.core.errors import register_error_handlers
    from portal.core.templating import register_templating

    register_error_handlers(app)
    register_templating(app)


def register_security(app: Flask) -> None:
    """Rate limits, session rules and headers on every request; the audit trail."""
    from portal.audit.services import init_app as init_audit
    from portal.privacy.views import purge_expired_command
    from portal.security.hooks import init_app as init_security_hooks

    init_security_hooks(app)
    init_audit(app)
    from portal.transactions import end_request_transaction

    app.teardown_request(end_request_transaction)
    app.cli.add_command(purge_expired_command)


def register_commands(app: Flask) -> None:
    from portal.cli import register_cli

    register_cli(app)


def use_portal_time_zone() -> None:
    """Run the process in Dutch time (TS_TIME_ZONE overrides), so date.today() everywhere is
    the same day as the portal's local_today(), also between midnight and 01:00/02:00 UTC."""
    os.environ["TZ"] = os.environ.get("TS_TIME_ZONE", "Europe/Amsterdam")
    time.tzset()
