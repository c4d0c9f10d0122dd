"""``waarbij`` substitutions into worlds, and a Context's switches between worlds (#14 §4).

A :class:`World` is the world outside it plus, for the names one ``waarbij`` substitutes,
the compiled new values. :class:`WorldHooks` is a mixin of
:class:`~rulescore.reference.context.Context`: every world has its own ``memos`` (per
period and peildatum, as the world outside has), so that everything computed in it is
memoised apart, and a period switch inside it stays in it. A read of a substituted name
in a world evaluates its new value for that owner in the world outside, in the same
period and on the same peildatum. This module imports nothing of the compiler or the
Context, so both can import it.
"""

from __future__ import annotations

import attrs

_NO_VARS: dict = {}  # a new value is evaluated without the variables of the rule around it


@attrs.frozen(cache_hash=True)
class World:
    """The world of one ``waarbij`` (``site``: the id of its node), inside ``outer``."""

    outer: "World | None"
    site: int
    #: qualname → (compiled new value ``f(ctx, owner, env)``, the model's Substitution)
    substitutions: dict = attrs.field(eq=False, repr=False)

    def find(self, qual: str) -> "World | None":
        """The innermost world (this one or one outside it) that substitutes ``qual``."""
        world = self
        while world is not None:
            if qual in world.substitutions:
                return world
            world = world.outer
        return None

    def chain(self) -> list["World"]:
        """This world and those outside it, innermost first."""
        out, world = [], self
        while world is not None:
            out.append(world)
            world = world.outer
        return out


class WorldHooks:
    """What compiled ``waarbij`` expressions call on a Context (a mixin of it)."""

    def in_world(self, site: int, substitutions: dict, fn, person, env):
        """``fn`` (x) in the world of a ``waarbij`` inside the current one."""
        return self._switch(World(self.world, site, substitutions), fn, person, env)

    def outside(self, world: World, qual: str, person):
        """The new value of ``qual`` in ``world`` for ``person``: evaluated in the world
        outside it, in the current period and on the current peildatum."""
        new_value = world.substitutions[qual][0]
        return self._switch(world.outer, new_value, person, _NO_VARS)

    def _switch(self, world, fn, person, env):
        saved = (self.world, self.memos, self.memo, self.versions, self.missing_of)
        memos = self.worlds.get(world)
        if memos is None:
            memos = self.worlds[world] = {}
        self.world, self.memos = world, memos
        self._use_state(memos, self.where()[:2])
        try:
            return fn(self, person, env)
        finally:
            self.world, self.memos, self.memo, self.versions, self.missing_of = saved
            self._follow_memo()

    def _use_state(self, memos: dict, key) -> None:
        """Make ``memos[key]`` (created empty the first time) the current memo, versions
        and missing inputs: the one way every switch of period, day or world enters its
        state."""
        state = memos.get(key)
        if state is None:
            state = memos[key] = ({}, {}, {})
        self.memo, self.versions, self.missing_of = state
        self._follow_memo()

    def _follow_memo(self) -> None:
        """The untraced fast path reads the current memo."""
        if self.stack is None:
            self.fast = self.memo


def substitutable_definition(qual: str, base):
    """A compiled definition that a ``waarbij`` may substitute: in a world that does, its
    new value; else ``base``."""
    def definition(ctx, person, env):
        world = ctx.world
        if world is not None:
            found = world.find(qual)
            if found is not None:
                return ctx.outside(found, qual, person)
        return base(ctx, person, env)
    return definition


def substitutable_input(qual: str, getter):
    """An input getter that a ``waarbij`` may substitute: in a world that does, the read
    goes through the Context's memo and trace (``ctx.value``, see
    :func:`substituted_input`); else ``getter``."""
    def person_input(ctx, person, env):
        world = ctx.world
        if world is not None and world.find(qual) is not None:
            return ctx.value(qual, person)
        return getter(ctx, person, env)
    return person_input


def substituted_input(qual: str):
    """The "definition" of a substituted input inside a world that substitutes it."""
    def read(ctx, person, env):
        return ctx.outside(ctx.world.find(qual), qual, person)
    return read
