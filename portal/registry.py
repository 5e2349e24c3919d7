"""Extension points that let feature packages plug into shared pages without editing them.

- nav items: the main menu per role;
- home panels: blocks on each role's home page;
- demo seeders: each feature adds its part of the demo data.
Features register in their package `__init__.py`, which the app factory imports.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass(frozen=True)
class NavItem:
    label: str
    endpoint: str
    roles: frozenset[str]
    order: int = 50
    # Optional extra check, called with the current user.
    visible: Callable | None = None


@dataclass(frozen=True)
class HomePanel:
    """A partial template on a role's home page, with a function that returns its context.

    `context` takes the current user and returns a dict, or None to hide the panel.
    """

    template: str
    roles: frozenset[str]
    context: Callable[..., dict | None]
    order: int = 50


@dataclass
class Registry:
    nav: list[NavItem] = field(default_factory=list)
    home_panels: list[HomePanel] = field(default_factory=list)
    demo_seeders: list[tuple[int, str, Callable]] = field(default_factory=list)


registry = Registry()


def add_nav(label: str, endpoint: str, roles, order: int = 50, visible=None) -> None:
    if any(item.endpoint == endpoint for item in registry.nav):
        return
    registry.nav.append(NavItem(label, endpoint, frozenset(str(r) for r in roles), order, visible))


def add_home_panel(template: str, roles, context: Callable, order: int = 50) -> None:
    if any(panel.template == template for panel in registry.home_panels):
        return
    registry.home_panels.append(HomePanel(template, frozenset(str(r) for r in roles), context, order))


def add_demo_seeder(name: str, seeder: Callable, order: int = 50) -> None:
    """`seeder(ctx)` adds a feature's demo data; it must be idempotent (see portal/demo)."""
    if any(existing == name for _, existing, _ in registry.demo_seeders):
        return
    registry.demo_seeders.append((order, name, seeder))


def nav_for(user) -> list[NavItem]:
    if not (user and user.is_authenticated):
        return []
    items = [i for i in registry.nav if user.role in i.roles and (i.visible is None or i.visible(user))]
    return sorted(items, key=lambda i: i.order)


def panels_for(user) -> list[HomePanel]:
    return sorted((p for p in registry.home_panels if user.role in p.roles), key=lambda p: p.order)
