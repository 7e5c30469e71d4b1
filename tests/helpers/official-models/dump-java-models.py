"""Dumps, as JSON on stdout and in the same form as dump-models.py, what Huawei's generated Java SDK declares for
the operations named on the command line, read from the SDK's published sources jar: method, path, query
parameters, body model, response model, and every model reachable from them (wire name -> type, written the way
the Python SDK writes types: str, int, float, bool, list[X], a model name). Operations the jar does not declare
are left out."""
import json
import re
import sys
import zipfile

PACKAGE = "com/huaweicloud/sdk/koophone/v1"
FIELD = re.compile(r'@JsonProperty\(value = "([^"]+)"\)\s+private ([\w.<>, ]+?) \w+( = null)?;')
SCALAR = {"String": "str", "Integer": "int", "Long": "int", "Float": "float", "Double": "float",
          "BigDecimal": "decimal.Decimal", "Boolean": "bool", "Object": "object", "OffsetDateTime": "str"}


def java_type(name, source):
    name = name.strip()
    listed = re.fullmatch(r"List<(.+)>", name)
    if listed:
        return f"list[{java_type(listed.group(1), source)}]"
    if name in SCALAR:
        return SCALAR[name]
    if name.endswith("Enum"):
        wrapped = re.search(rf"{name}\((\w+) value\)", source)
        return SCALAR.get(wrapped.group(1), "object") if wrapped else "object"
    return name


def fields_of(jar, name):
    source = jar.read(f"{PACKAGE}/model/{name}.java").decode("utf-8")
    return {wire: java_type(kind, source) for wire, kind, _ in FIELD.findall(source)}


def collect(jar, name, models):
    if name in models:
        return
    models[name] = fields_of(jar, name)
    for sdk_type in models[name].values():
        inner = re.sub(r"^list\[(.+)\]$", r"\1", sdk_type)
        if inner not in SCALAR.values() and inner != "object":
            collect(jar, inner, models)


def operation(jar, meta, name, models):
    header = re.search(
        rf"HttpRequestDef\.builder\(HttpMethod\.(\w+), {name}Request\.class, {name}Response\.class\)\s*"
        rf'\.withName\("{name}"\)\s*\.withUri\("([^"]+)"\)', meta)
    if header is None:
        return None
    request = fields_of(jar, f"{name}Request")
    block = meta[header.end():meta.find("return builder.build();", header.end())]
    located = dict(re.findall(r'withRequestField\("([^"]+)",\s*LocationType\.(\w+)', block))
    body = request.get("body")
    if body is not None:
        collect(jar, body, models)
    collect(jar, f"{name}Response", models)
    response_fields = models[f"{name}Response"]
    for header_field in [k for k in response_fields if k.lower().startswith("x-")]:
        del response_fields[header_field]
    return {
        "method": header.group(1),
        "path": header.group(2),
        "pathParams": {k: request[k] for k, where in located.items() if where == "Path"},
        "queryParams": {k: request[k] for k, where in located.items() if where == "Query"},
        "body": body,
        "response": f"{name}Response",
    }


def main(jar_path, names):
    with zipfile.ZipFile(jar_path) as jar:
        meta = jar.read(f"{PACKAGE}/KooPhoneMeta.java").decode("utf-8")
        models = {}
        operations = {}
        for name in names:
            found = operation(jar, meta, name, models)
            if found is not None:
                operations[name] = found
    version = re.search(r"-(\d[\w.]*)-sources\.jar$", jar_path)
    json.dump({"package": "huaweicloud-sdk-koophone", "version": version.group(1) if version else "",
               "operations": operations, "models": models}, sys.stdout, indent=1, sort_keys=True)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2:])
