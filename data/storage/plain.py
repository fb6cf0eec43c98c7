"""A model's stored rows checked by its own schema without building models (``tuki check``).

``tuki check`` needs of each of a million meetings only whether it is valid, its id and its
relationship: building a ``Meeting`` and its ``Report`` for each was a fifth of pydantic's time.
``plain_check(model)`` validates rows by the model's own core schema (every field's schema,
constraints and validators, the model's configuration) into dicts: the model as a typed dict,
and each nested model that has no validators of its own likewise; then the model's own "after"
validators are run on the validated fields, given as attributes, as pydantic runs them on the
model. A row passes only if the model would take it: any doubt (a validator refuses, or needs
what a plain object lacks) and the caller validates the rows by the model, which names the
problem. A model whose schema is of another form (a "before" validator, its own ``__init__``,
definitions) has no plain check.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass
from types import SimpleNamespace
from typing import Any

from pydantic import BaseModel, TypeAdapter
from pydantic_core import SchemaValidator, core_schema

from data.model.base import STORED

_INFO = SimpleNamespace(context=STORED)  # what a validator reads of ValidationInfo when stored
_MODEL_KEYS = {"type", "cls", "schema", "custom_init", "root_model", "config", "ref", "metadata"}
_FIELDS_KEYS = {"type", "fields", "model_name", "computed_fields", "extra_behavior"}
# (how a field is dumped does not change what it takes: a field stored only when set,
# ``data.model.base.unless_set``, or ``Meeting.until`` left out while None)
_FIELD_KEYS = {
    "type",
    "schema",
    "validation_alias",
    "serialization_alias",
    "serialization_exclude_if",
    "metadata",
}
_REFERS = {"definitions", "definition-ref"}


class Fields:
    """A validated row's fields as attributes (what the model's validators read of a model)."""


@dataclass(frozen=True)
class PlainCheck:
    validator: SchemaValidator  # of list[the model as a typed dict]
    after: tuple[tuple[Callable[..., Any], bool], ...]  # (validator, takes info), inner first

    def __call__(self, rows: list[dict[str, Any]]) -> list[Fields] | None:
        """Each row's validated fields as attributes, or None when a row may be invalid."""
        out = []
        new, after = object.__new__, self.after
        try:
            for fields in self.validator.validate_python(rows, context=STORED):
                item = new(Fields)
                item.__dict__ = fields  # (not copied: a third cheaper than SimpleNamespace)
                for function, with_info in after:
                    function(item, _INFO) if with_info else function(item)
                out.append(item)
        except Exception:  # a refusal, or what a validator needs of a model: the model decides
            return None
        return out


@functools.cache
def plain_check(model: type[BaseModel]) -> PlainCheck | None:
    schema = TypeAdapter(model).core_schema
    after: list[tuple[Callable[..., Any], bool]] = []
    while schema["type"] == "function-after":  # the model's "after" validators, outer first
        function: Any = schema["function"]
        after.append((function["function"], function["type"] == "with-info"))
        schema = schema["schema"]
    if schema["type"] != "model" or schema.get("cls") is not model or _refers(schema):
        return None
    plain = _typed_dict(schema)
    if plain is None:
        return None
    return PlainCheck(SchemaValidator(core_schema.list_schema(plain)), tuple(reversed(after)))


def _typed_dict(model: Any) -> Any:
    """A model's schema as a typed dict's with the same fields and configuration; None when it
    holds what a typed dict does not (its own ``__init__``, a root model, an unknown key)."""
    fields = model["schema"]
    if (
        set(model) - _MODEL_KEYS
        or model.get("custom_init")
        or model.get("root_model")
        or fields["type"] != "model-fields"
        or set(fields) - _FIELDS_KEYS
        or fields.get("computed_fields")
    ):
        return None
    out = {}
    for name, field in fields["fields"].items():
        schema = field["schema"]
        if set(field) - _FIELD_KEYS or (
            schema["type"] == "default"
            and "default" not in schema
            and "default_factory" not in schema
        ):
            return None
        out[name] = core_schema.typed_dict_field(
            _nested(schema),
            required=schema["type"] != "default",
            validation_alias=field.get("validation_alias"),
        )
    config: core_schema.CoreConfig = model.get("config") or core_schema.CoreConfig()
    return core_schema.typed_dict_schema(
        out,
        extra_behavior=fields.get("extra_behavior") or config.get("extra_fields_behavior"),
        config=config,
    )


def _nested(schema: Any) -> Any:
    """``schema`` with each nested model that has no validators of its own as a typed dict."""
    if isinstance(schema, list):
        return [_nested(item) for item in schema]
    if not isinstance(schema, dict):
        return schema
    if schema.get("type") == "model":
        cls = schema.get("cls")
        if isinstance(cls, type) and issubclass(cls, BaseModel) and not _validators(cls):
            plain = _typed_dict(schema)
            if plain is not None:
                return plain
        return schema
    return {
        key: value if key in ("cls", "metadata", "default", "config") else _nested(value)
        for key, value in schema.items()
    }


def _validators(cls: type[BaseModel]) -> bool:
    return bool(cls.__pydantic_decorators__.model_validators)


def _refers(schema: Any) -> bool:
    """Whether a schema holds definitions or references to them (not made plain)."""
    if isinstance(schema, list):
        return any(_refers(item) for item in schema)
    if not isinstance(schema, dict):
        return False
    if schema.get("type") in _REFERS:
        return True
    return any(
        _refers(value)
        for key, value in schema.items()
        if key not in ("cls", "metadata", "default", "config")
    )
