#!/usr/bin/env python3
"""Writes the seed inputs of tests/fuzz/corpus/ (run by hand after a schema or route changes).

fuzz_json_schema/<schema>.seed: "<schema>\\n" + a body valid against schemas/json/<schema>.json,
  built from the schema itself (every property filled, so every mapping branch is reached) and
  checked with python3-jsonschema.
fuzz_request/<method>-<route>.seed: one raw HTTP/1.1 request per route, with a token of a role the
  route admits and, for routes with a body, that schema's valid body. Ids and tokens are the
  placeholders that tests/fuzz/seeded_system.hpp resolves.
"""
import json
import pathlib
import re
import sys

import jsonschema

ROOT = pathlib.Path(__file__).resolve().parents[2]
SCHEMAS = ROOT / "schemas" / "json"
CORPUS = ROOT / "tests" / "fuzz" / "corpus"

PATTERN_EXAMPLES = {
    "^[0-9]{4}-[0-9]{2}-01$": "2026-09-01",
    "^[0-9]{4}-[0-9]{2}-[0-9]{2}$": "2026-09-01",
    "^[0-9a-f]{64}$": "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
    "^[A-Za-z0-9._-]+$": "fuzz-1",
    "^[A-Za-z0-9_-]+$": "fuzz_1",
}

# Property names whose plausible value helps the domain rules go further than a minimal one.
NAMED_VALUES = {
    "region": "310115",
    "registered_region": "310115",
    "credit_code": "91310115MA1K4B2C3D",
    "deadline": "2026-08-01T10:00:00+08:00",
    "now": "2026-08-01T10:00:00+08:00",
    "currency": "CNY",
}


def example(schema, name=""):
    if "const" in schema:
        return schema["const"]
    if "enum" in schema:
        return schema["enum"][0]
    if "oneOf" in schema:
        return example(schema["oneOf"][0], name)
    kind = schema.get("type")
    if isinstance(kind, list):
        kind = next(k for k in kind if k != "null")
    if kind == "object":
        properties = schema.get("properties", {})
        required = schema.get("required", [])
        keys = required + [key for key in properties if key not in required]
        keys = keys[: schema.get("maxProperties", len(keys))]
        return {key: example(properties[key], key) for key in keys}
    if kind == "array":
        count = max(schema.get("minItems", 1), 1)
        return [example(schema.get("items", {}), name) for _ in range(count)]
    if kind == "integer":
        low = schema.get("minimum", 0)
        high = schema.get("maximum", low + 1000)
        return low if low > 0 else min(high, 12)
    if kind == "number":
        return schema.get("minimum", 0) + 1
    if kind == "boolean":
        return False
    if kind == "string":
        if "pattern" in schema:
            return PATTERN_EXAMPLES[schema["pattern"]]
        if name in NAMED_VALUES:
            return NAMED_VALUES[name]
        return "x" * max(schema.get("minLength", 1), 4)
    return None


def valid_bodies():
    bodies = {}
    for path in sorted(SCHEMAS.glob("*.json")):
        schema = json.loads(path.read_text())
        body = example(schema)
        try:
            jsonschema.Draft7Validator(schema).validate(body)
        except jsonschema.ValidationError as problem:
            sys.exit(f"{path.name}: the generated body is not valid: {problem.message} at {list(problem.path)}")
        bodies[path.stem] = body
    return bodies


AUDIENCE_TOKEN = {
    "anyone": None, "admins": "admin", "overseers": "auditor", "any_account": "purchaser",
    "suppliers": "supplier", "purchasers": "purchaser", "experts": "expert", "evaluating": "purchaser",
    "parties": "purchaser", "evaluators": "evaluator",
}


def routes():
    text = (ROOT / "api" / "src" / "routes.cpp").read_text()
    for entry in re.finditer(r'\{\.method = "(\w+)", \.pattern = "([^"]+)".*?\.who = (\w+)(.*?)\}', text, re.S):
        method, pattern, who, rest = entry.groups()
        schema = re.search(r'\.request_schema = "([^"]+)"', rest)
        yield method, pattern, AUDIENCE_TOKEN[who], schema.group(1) if schema else None


def fill(pattern, token):
    """Puts seeded ids into a route pattern, a made-up one where nothing is seeded."""
    def replace(match):
        collection = pattern[: match.start()].rstrip("/").rsplit("/", 1)[-1]
        if collection == "tenders":
            return "{{open_tender}}" if token == "supplier" else "{{tender}}"
        if collection == "contracts":
            return "{{contract}}"
        if collection == "organizations":
            return "{{supplier_org}}" if token == "supplier" else "{{purchaser_org}}"
        if collection == "suppliers":
            return "{{supplier_org}}"
        if collection in ("amendments", "instalments"):
            return "1"
        return "x_01"
    return re.sub(r"\{[a-z_]+\}", replace, pattern)


def request(method, target, token, body):
    lines = [f"{method} {target} HTTP/1.1", "Host: procura"]
    if token:
        lines.append(f"Authorization: Bearer {{{{{token}}}}}")
    payload = b""
    if body is not None:
        payload = json.dumps(body, ensure_ascii=False).encode()
        lines += ["Content-Type: application/json", f"Content-Length: {len(payload)}"]
    return ("\r\n".join(lines) + "\r\n\r\n").encode() + payload


def main():
    bodies = valid_bodies()
    schema_dir = CORPUS / "fuzz_json_schema"
    request_dir = CORPUS / "fuzz_request"
    for folder in (schema_dir, request_dir):
        folder.mkdir(parents=True, exist_ok=True)
        for old in folder.glob("*.seed"):
            old.unlink()
    for name, body in bodies.items():
        (schema_dir / f"{name}.seed").write_bytes(f"{name}\n".encode() + json.dumps(body, ensure_ascii=False).encode())
    for method, pattern, token, schema in routes():
        target = fill(pattern, token)
        name = re.sub(r"[^a-z0-9]+", "-", f"{method.lower()}{pattern.lower()}").strip("-")
        (request_dir / f"{name}.seed").write_bytes(request(method, target, token, bodies.get(schema)))
    # The query parameters and headers that change how reads and writes behave.
    extra = {
        "get-tenders-query": request("GET", "/api/v1/tenders?status=published&region=310115&limit=2&cursor=c14142", None, None),
        "get-audit-page": request("GET", "/api/v1/audit?limit=3", "auditor", None),
        "get-ocds-filtered": request("GET", "/api/v1/ocds/releases?from=2026-01-01T00:00:00Z&to=2027-01-01T00:00:00Z", None, None),
        "head-tender": request("HEAD", "/api/v1/tenders/{{tender}}", "purchaser", None),
        "bad-bearer": request("GET", "/api/v1/session", "nobody", None),
    }
    for name, raw in extra.items():
        (request_dir / f"{name}.seed").write_bytes(raw)
    patch = request("PATCH", "/api/v1/tenders/{{tender}}", "purchaser", {"title": "新标题", "criteria": None})
    (request_dir / "patch-tender-if-match.seed").write_bytes(
        patch.replace(b"Host: procura\r\n", b"Host: procura\r\nIf-Match: \"1\"\r\nIdempotency-Key: fuzz-1\r\n"))
    print(f"{len(bodies)} schema seeds, {len(list(request_dir.glob('*.seed')))} request seeds")


if __name__ == "__main__":
    main()
