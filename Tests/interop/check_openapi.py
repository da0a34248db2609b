"""Checks recorded API responses against the served OpenAPI 3.1 document, with a JSON Schema implementation we
did not write (jsonschema, Draft 2020-12, the dialect OpenAPI 3.1 uses), and the document itself with
openapi-spec-validator.

Usage: check_openapi.py DOCUMENT [RESPONSES.jsonl]
Each line of RESPONSES is {"method", "path", "status", "content_type", "body"} as a test saw it. Prints every
problem and the documented operations no response exercised; exits 1 on any problem, 0 otherwise.
"""
import json
import re
import sys

from jsonschema import Draft202012Validator
from openapi_spec_validator import validate as validate_document

METHODS = ("get", "put", "post", "delete", "patch")


def templates(doc):
    """(regex, template) for every path, literal-heavy templates first so /a/{x}/b beats /a/{x}."""
    found = []
    for template in doc["paths"]:
        pattern = ""
        for part in re.split(r"(\{[^}]+\})", template):
            if part.startswith("{"):
                pattern += ".+" if part == "{tile}" else "[^/]+"
            else:
                pattern += re.escape(part)
        literal = len(re.sub(r"\{[^}]+\}", "", template))
        found.append((literal, re.compile("^" + pattern + "$"), template))
    found.sort(key=lambda item: -item[0])
    return [(regex, template) for _, regex, template in found]


def check(doc, record, paths):
    method, path, status = record["method"].lower(), record["path"].split("?")[0], str(record["status"])
    where = f'{record["method"]} {record["path"]} -> {status}'
    template = next((t for regex, t in paths if regex.match(path)), None)
    if template is None:
        return None, [f"{where}: no documented path matches"]
    operation = doc["paths"][template].get(method)
    if operation is None:
        return None, [f"{where}: {template} documents no {method.upper()}"]
    key = f"{method.upper()} {template}"
    responses = operation["responses"]
    response = responses.get(status) or responses.get(status[0] + "XX") or responses.get("default")
    if response is None:
        return key, [f"{where}: status {status} is not documented for {key} (documented: {', '.join(responses)})"]
    while "$ref" in response:
        response = doc["components"]["responses"][response["$ref"].split("/")[-1]]
    content = response.get("content")
    if not content:
        if record["body"]:
            return key, [f"{where}: documented without a body, but one came"]
        return key, []
    media = (record.get("content_type") or "").split(";")[0].strip()
    if media not in content:
        return key, [f"{where}: content type '{media}' is not documented ({', '.join(content)})"]
    if media != "application/json":
        return key, []
    try:
        body = json.loads(record["body"])
    except ValueError as error:
        return key, [f"{where}: body is not JSON: {error}"]
    schema = {"components": doc["components"], "allOf": [content[media].get("schema", {})]}
    errors = sorted(Draft202012Validator(schema).iter_errors(body), key=lambda e: list(e.absolute_path))
    return key, [f"{where}: at /{'/'.join(map(str, e.absolute_path))}: {e.message[:300]}" for e in errors[:5]]


def main():
    doc = json.load(open(sys.argv[1]))
    validate_document(doc)
    print("document: valid OpenAPI", doc["openapi"])
    if len(sys.argv) < 3:
        return 0
    paths = templates(doc)
    problems, exercised, count = [], set(), 0
    for line in open(sys.argv[2]):
        if not line.strip():
            continue
        count += 1
        key, found = check(doc, json.loads(line), paths)
        if key:
            exercised.add(key)
        problems += found
    documented = {f"{m.upper()} {t}" for t, item in doc["paths"].items() for m in item if m in METHODS}
    for key in sorted(documented - exercised):
        print("not exercised:", key)
    for problem in problems:
        print("PROBLEM:", problem)
    print(f"responses: {count} checked, {len(problems)} problems; operations: {len(exercised)} of {len(documented)} exercised")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
