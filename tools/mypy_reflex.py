"""mypy reads Reflex the way Reflex's own annotations mean (as pyright does), in three places.

1. `SomeState.field` (on the class, as pages use it) is a Var at run time, not the value:
   `OrdersState.error` is a StringVar, `OrdersState.rows` an ArrayVar[list[Row]], a dict or
   TypedDict an ObjectVar. Reflex types this through `rx.Field` descriptors whose overloads mypy
   cannot resolve, so plain `error: str = ""` fields are typed here the same way
   (reflex_base.vars.base.Field.__get__ says which Var each Python type becomes).
2. `@rx.event` is `EventNamespace`, whose `__new__` says it returns an `EventCallback[*args]`;
   mypy keeps the class type for a `__new__` that returns another type (and cannot read that
   annotation inside the class, where `EventCallback` is also a class attribute), so every handler
   would read as an `EventNamespace`. Here a handler is the `EventCallback` of its arguments after
   `self`, as `__new__` declares: `State.save("x")` checks "x" against `save`'s argument.
3. `row["name"]` on an ObjectVar of a TypedDict row is the Var of that key's type (Reflex types it
   so when it compiles); Reflex's overloads give `Var[object]` for any key. A key the row does not
   have is an error, as it is for Reflex.

Nothing here changes what runs: it only tells mypy what Reflex does.
"""

from __future__ import annotations

from collections.abc import Callable

from mypy import errorcodes as codes
from mypy.nodes import TypeInfo, Var
from mypy.plugin import AttributeContext, FunctionContext, MethodContext, Plugin
from mypy.types import (
    AnyType,
    CallableType,
    Instance,
    LiteralType,
    NoneType,
    ProperType,
    TupleType,
    Type,
    TypedDictType,
    TypeOfAny,
    UnionType,
    get_proper_type,
)

BASE_STATE = "reflex.state.BaseState"
EVENT_NAMESPACE = "reflex_base.event.EventNamespace"
EVENT_CALLBACK = "reflex_base.event.EventCallback"
OBJECT_GETITEM = "reflex_base.vars.object.ObjectVar.__getitem__"
VARS = "reflex_base.vars"


class ReflexPlugin(Plugin):
    def get_class_attribute_hook(self, fullname: str) -> Callable[[AttributeContext], Type] | None:
        class_name, _, attr = fullname.rpartition(".")
        if attr.startswith("_"):
            return None
        node = self.lookup_fully_qualified(class_name)
        info = node.node if node is not None else None
        if not isinstance(info, TypeInfo) or not info.has_base(BASE_STATE):
            return None
        found = info.get(attr)
        node = found.node if found is not None else None
        if not isinstance(node, Var) or node.is_classvar or node.is_inferred or node.is_property:
            return None
        return self._state_var

    def get_method_hook(self, fullname: str) -> Callable[[MethodContext], Type] | None:
        return self._row_item if fullname == OBJECT_GETITEM else None

    def _row_item(self, ctx: MethodContext) -> Type:
        """`row["name"]` on an ObjectVar of a TypedDict: the Var of that key's type, and an error
        for a key the TypedDict does not have (Reflex refuses it too, when it compiles the page)."""
        row = get_proper_type(ctx.type)
        if not isinstance(row, Instance) or not row.args:
            return ctx.default_return_type
        fields = get_proper_type(row.args[0])
        key = get_proper_type(ctx.arg_types[0][0]) if ctx.arg_types and ctx.arg_types[0] else None
        name = key.last_known_value if isinstance(key, Instance) else key
        if not isinstance(fields, TypedDictType) or not isinstance(name, LiteralType):
            return ctx.default_return_type
        if name.value not in fields.items:
            ctx.api.fail(
                f'"{fields.fallback.type.name}" has no key "{name.value}"',
                ctx.context,
                code=codes.TYPEDDICT_ITEM,
            )
            return ctx.default_return_type
        return _var_for(self._var, get_proper_type(fields.items[str(name.value)]))

    def get_function_hook(self, fullname: str) -> Callable[[FunctionContext], Type] | None:
        return self._event if fullname == EVENT_NAMESPACE else None

    def _event(self, ctx: FunctionContext) -> Type:
        """`@rx.event` makes an EventCallback of the handler's arguments after `self`;
        `rx.event(background=True)` makes a decorator, typed Any here: a decorator made by a call
        reaches no plugin hook, so those few handlers stay unchecked."""
        handler = [get_proper_type(t) for t in ctx.arg_types[0]] if ctx.arg_types else []
        if len(handler) == 1 and isinstance(handler[0], CallableType):
            return self._callback(handler[0].arg_types[1:])
        return AnyType(TypeOfAny.special_form)

    def _callback(self, args: list[Type]) -> Type:
        node = self.lookup_fully_qualified(EVENT_CALLBACK)
        assert node is not None and isinstance(node.node, TypeInfo)
        return Instance(node.node, args)

    def _var(self, name: str, args: list[Type]) -> Type:
        node = self.lookup_fully_qualified(f"{VARS}.{name}")
        assert node is not None and isinstance(node.node, TypeInfo), name
        return Instance(node.node, args)

    def _state_var(self, ctx: AttributeContext) -> Type:
        """The Var a state field is on its class (mirrors Field.__get__)."""
        if ctx.is_lvalue:
            return ctx.default_attr_type
        return _var_for(self._var, get_proper_type(ctx.default_attr_type))


def _var_for(var: Callable[[str, list[Type]], Type], value: ProperType) -> Type:
    if isinstance(value, UnionType):  # `X | None` reads as X's Var
        items = [t for t in value.items if not isinstance(get_proper_type(t), NoneType)]
        if len(items) == 1:
            value = get_proper_type(items[0])
    if isinstance(value, Instance):
        name = value.type.fullname
        if name == "builtins.bool":
            return var("number.BooleanVar", [])
        if name in ("builtins.int", "builtins.float"):
            return var("number.NumberVar", [value])
        if name == "builtins.str":
            return var("sequence.StringVar", [value])
        if name in ("builtins.list", "builtins.tuple", "builtins.set", "typing.Sequence"):
            return var("sequence.ArrayVar", [value])
        if value.type.has_base("typing.Mapping"):
            return var("object.ObjectVar", [value])
    if isinstance(value, TupleType):
        return var("sequence.ArrayVar", [value])
    if isinstance(value, TypedDictType):
        return var("object.ObjectVar", [value])
    return var("base.Var", [value])


def plugin(version: str) -> type[Plugin]:
    return ReflexPlugin
