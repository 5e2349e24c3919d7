"""Extension points that let feature packages plug into shared pages without editing them.

- nav items: the main menu per role; nav groups gather items under one disclosure, by
  their URL (a later "/mijn-traject/..." page lands in "Mijn traject" by itself);
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
    # The key of the NavGroup it belongs to; None lets its URL decide.
    group: str | None = None
    # Optional count shown beside the label (unread notifications), called with the user.
    badge: Callable | None = None


@dataclass(frozen=True)
class NavGroup:
    """A disclosure in the main menu holding every item of its roles whose URL starts with
    one of `prefixes` (or that names the group's `key` when it is added)."""

    key: str
    label: str
    roles: frozenset[str]
    order: int = 50
    prefixes: tuple[str, ...] = ()
    # Endpoints its items redirect to: on those pages the group is marked as "here".
    current_on: frozenset[str] = frozenset()


@dataclass(frozen=True)
class NavEntry:
    """One place in the rendered menu: a link (`item`) or a group with its links (`items`)."""

    label: str
    order: int
    item: NavItem | None = None
    group: NavGroup | None = None
    items: tuple[NavItem, ...] = ()

    def is_current(self, endpoint: str | None) -> bool:
        """Whether the page with this endpoint is (under) this entry."""
        if self.item is not None:
            return endpoint == self.item.endpoint
        return endpoint in self.group.current_on or any(i.endpoint == endpoint for i in self.items)


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
    nav_groups: list[NavGroup] = field(default_factory=list)
    home_panels: list[HomePanel] = field(default_factory=list)
    demo_seeders: list[tuple[int, str, Callable]] = field(default_factory=list)


registry = Registry()
# The group whose items the layout shows under the account name, not in the row of links.
ACCOUNT_GROUP = "account"


def add_nav(label: str, endpoint: str, roles, order: int = 50, visible=None, group: str | None = None,
            badge=None) -> None:
    if any(item.endpoint == endpoint for item in registry.nav):
        return
    registry.nav.append(NavItem(label, endpoint, frozenset(str(r) for r in roles), order, visible, group, badge))


def add_nav_group(key: str, label: str, roles, order: int = 50, prefixes=(), current_on=()) -> None:
    """A menu disclosure; items of its roles under one of the URL `prefixes` land in it."""
    if any(g.key == key and g.roles & frozenset(str(r) for r in roles) for g in registry.nav_groups):
        return
    registry.nav_groups.append(NavGroup(key, label, frozenset(str(r) for r in roles), order, tuple(prefixes),
                                        frozenset(current_on)))


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


def menu_for(user, url_for: Callable[[str], str]) -> list[NavEntry]:
    """The main menu in order: single links and groups (a group with no visible item is left out).

    `url_for(endpoint)` gives an item's path, which decides the group it lands in.
    """
    groups = [g for g in registry.nav_groups if user and user.is_authenticated and user.role in g.roles]
    members: dict[str, list[NavItem]] = {g.key: [] for g in groups}
    entries = []
    for item in nav_for(user):
        group = _group_of(item, groups, url_for)
        if group is None:
            entries.append(NavEntry(item.label, item.order, item=item))
        else:
            members[group.key].append(item)
    entries += [NavEntry(g.label, g.order, group=g, items=tuple(members[g.key])) for g in groups if members[g.key]]
    return sorted(entries, key=lambda e: e.order)


def _group_of(item: NavItem, groups: list[NavGroup], url_for: Callable[[str], str]) -> NavGroup | None:
    if item.group is not None:
        return next((g for g in groups if g.key == item.group), None)
    path = url_for(item.endpoint)
    for group in groups:
        if any(path == p or path.startswith(p.rstrip("/") + "/") for p in group.prefixes):
            return group
    return None


def panels_for(user) -> list[HomePanel]:
    return sorted((p for p in registry.home_panels if user.role in p.roles), key=lambda p: p.order)
