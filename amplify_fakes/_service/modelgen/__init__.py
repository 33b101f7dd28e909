"""What ``amplify codegen models`` writes for a GraphQL transform schema.

:func:`generate` turns an API's TransformSchema (Amplify GraphQL SDL) into the two texts
GetBackendAPIModels answers with: ``Models``, the ``schema.js`` codegen's JavaScript target
writes (``export const schema = {...};``), and ``ModelIntrospectionSchema``, the
``model-introspection.json`` of its introspection target. It follows codegen's
appsync-modelgen-plugin with the feature flags of a new Amplify CLI project (GraphQL
transformer v2, custom primary keys respected on relations, timestamp fields added, list
nullability handled transparently).

The SDL is parsed with graphql-core and walked, never validated: Amplify's directives are
not declared in it.
"""

from __future__ import annotations

from typing import NamedTuple

from amplify_fakes._service.modelgen import auth, documents, keys, relations, sdl
from amplify_fakes._service.modelgen.errors import ModelgenError
from amplify_fakes._service.modelgen.jsjson import stringify

__all__ = ["Generated", "ModelgenError", "generate"]

# Studio reads Models by deleting every ";" before JSON.parse; a ";" inside a string is
# written as its JSON escape so the document survives that (JSON-equal to codegen's text).
_STUDIO_UNSAFE = ";"


class Generated(NamedTuple):
    """The generated texts: ``schema.js`` and the model introspection JSON."""

    models: str
    introspection: str


def generate(schema: str) -> Generated:
    """Generate the models of the transform schema ``schema``.

    Raises :class:`ModelgenError` when the SDL does not parse or codegen could not make
    models of it (an unknown type, a relation without its other side, ...).
    """
    try:
        return _generate(schema)
    except RecursionError:  # types or values nested thousands deep
        raise ModelgenError(_TOO_DEEP) from None
    except ModelgenError as exc:
        # graphql-core 3.3 stops parsing at a nesting limit, as a syntax error of its own
        if "nested too deeply" in str(exc):
            raise ModelgenError(_TOO_DEEP) from None
        raise


_TOO_DEEP = "The schema nests too deeply to generate models from"


def _generate(schema: str) -> Generated:
    parsed = sdl.read(schema)
    for model in parsed.models.values():
        model_directive = next(d for d in model.directives if d.name == "model")
        keys.prepare_model(model, model_directive)
    for model in parsed.models.values():
        keys.add_key_attributes(model)
    relations.connect(parsed.models)
    auth.fill_defaults(parsed.models)
    metadata = documents.metadata(parsed)
    introspection = documents.introspection(parsed)
    return Generated(
        models=f"export const schema = {stringify(metadata, 4, escape=_STUDIO_UNSAFE)};",
        introspection=stringify(introspection, 4),
    )
