"""Dumps, as JSON on stdout, what Huawei's generated Python SDK (huaweicloudsdkbss) declares for the operations
named on the command line: method, path, path/query parameters, the body model and the response model, and every
model reachable from them with its fields (wire name -> SDK type, from openapi_types and attribute_map)."""
import importlib
import json
import re
import sys

SDK = "huaweicloudsdkbss"
PRIMITIVES = {"str", "int", "float", "bool", "object", "date", "datetime", "decimal"}


def snake(name):
    return re.sub(r"(?<!^)(?=[A-Z])", "_", name).lower()


def model_class(name):
    module = importlib.import_module(f"{SDK}.v2.model.{snake(name)}")
    return getattr(module, name)


def referenced(sdk_type):
    """The model names inside a type such as 'list[OrderLineItemEntityV2]' or 'dict(str, Money)'."""
    return [word for word in re.findall(r"[A-Za-z_][A-Za-z0-9_]*", sdk_type)
            if word.lower() not in PRIMITIVES and word not in ("list", "dict")]


def fields_of(cls):
    return {cls.attribute_map[attr]: sdk_type for attr, sdk_type in cls.openapi_types.items()}


def collect(name, models):
    if name in models:
        return
    models[name] = fields_of(model_class(name))
    for sdk_type in models[name].values():
        for inner in referenced(sdk_type):
            collect(inner, models)


def operation(client_cls, name, models):
    request_cls = model_class(f"{name}Request")
    info = getattr(client_cls, f"_{snake(name)}_http_info")(request_cls())
    request_fields = fields_of(request_cls)
    body = request_fields.get("body")
    if body is not None:
        collect(body, models)
    response = f"{name}Response"
    collect(response, models)
    return {
        "method": info["method"],
        "path": info["resource_path"],
        "pathParams": {key: request_fields[key] for key in info["path_params"]},
        "queryParams": {key: request_fields[key] for key, _ in info["query_params"]},
        "body": body,
        "response": response,
    }


def main(names):
    client_cls = importlib.import_module(f"{SDK}.v2.bss_client").BssClient
    version = importlib.import_module("importlib.metadata").version(SDK)
    models = {}
    operations = {name: operation(client_cls, name, models) for name in names}
    json.dump({"package": SDK, "version": version, "operations": operations, "models": models}, sys.stdout,
              indent=1, sort_keys=True)


if __name__ == "__main__":
    main(sys.argv[1:])
