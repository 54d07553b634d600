"""selector/catalog/profile_types.py is generated from catalog/schema/profile.yaml and must not drift from it."""

from __future__ import annotations

import copy

import pytest
from pydantic import BaseModel, ValidationError

from selector.catalog import profile_gen, profile_types, schema

CLASSES = ["Source", "FineTuning", "ContinuedPretraining", "ProvisionedThroughput", "ModelProfile"]


def _runtime_classes() -> dict[str, type[BaseModel]]:
    """The classes as built at run time from the schema data (selector.catalog.schema)."""
    model = schema.build_profile_model()
    out: dict[str, type[BaseModel]] = {"ModelProfile": model}
    for name, field in model.model_fields.items():
        for arg in getattr(field.annotation, "__args__", ()):
            if isinstance(arg, type) and issubclass(arg, BaseModel):
                out[arg.__name__] = arg
    out["Source"] = model.model_fields["sources"].annotation.__args__[1].__args__[0]
    return out


def _shown(annotation: object) -> str:
    """An annotation as text, nested classes by name (the two builds live in different modules)."""
    return repr(annotation).replace("selector.catalog.profile_types.", "").replace("selector.catalog.schema.", "")


def test_generated_file_is_current():
    assert profile_gen.TARGET.read_text(encoding="utf-8") == profile_gen.render(), (
        "catalog/schema/profile.yaml changed: run `python -m selector.catalog.profile_gen` and commit the result")


def test_a_schema_change_changes_the_generated_text(monkeypatch):
    data = copy.deepcopy(schema.schema_data())
    data["fields"].append({"name": "colour", "type": "str", "description": "A new field."})
    monkeypatch.setattr(profile_gen, "schema_data", lambda: data)
    assert "    colour: str | None = Field(default=None, description=\"A new field.\")" in profile_gen.render()


@pytest.mark.parametrize("name", CLASSES)
def test_same_fields_and_json_schema_as_the_runtime_build(name):
    runtime, generated = _runtime_classes()[name], getattr(profile_types, name)
    assert generated.model_json_schema() == runtime.model_json_schema()
    assert generated.model_config == runtime.model_config
    assert list(generated.model_fields) == list(runtime.model_fields)
    for field, info in runtime.model_fields.items():
        mine = generated.model_fields[field]
        assert _shown(mine.annotation) == _shown(info.annotation), field
        assert mine.metadata == info.metadata and mine.json_schema_extra == info.json_schema_extra, field
        assert mine.is_required() == info.is_required(), field
        if info.default_factory is not None:
            assert mine.default_factory is not None and mine.default_factory() == info.default_factory(), field  # type: ignore[call-arg]
        else:
            assert mine.default == info.default, field


def test_profile_model_is_the_generated_class():
    assert schema.profile_model() is profile_types.ModelProfile


def test_shipped_profiles_validate_alike(catalog):
    runtime = schema.build_profile_model()
    for profile in catalog.profiles:
        data = profile.model_dump()
        assert runtime.model_validate(data).model_dump() == data, profile.id


def test_bad_values_are_refused_alike():
    runtime = schema.build_profile_model()
    bad = {"id": "x", "name": "x", "provider": "p", "kind": "robot", "input_modalities": ["text"],
           "output_modalities": ["text"], "quality": {"general": 1.5}, "sources": {}}
    errors = []
    for model in (runtime, profile_types.ModelProfile):
        with pytest.raises(ValidationError) as exc:
            model.model_validate(bad)
        errors.append([(e["loc"], e["type"]) for e in exc.value.errors()])
    assert errors[0] == errors[1] and len(errors[0]) == 2  # kind not allowed, quality above 1
