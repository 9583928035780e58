#!/usr/bin/env python3
"""Write a Markdown guide to the procura API from its OpenAPI 3.1 document.

Usage: python3 scripts/api_guide.py openapi.json > docs/api.md

The guide is generated, never edited by hand: tests/api_guide_check.sh compares docs/api.md with
what this script makes of the /openapi.json that a freshly built server returns. The output
depends only on the document (tags, paths, parameters and properties are sorted), so the same
document always gives the same bytes. Standard library only.
"""

import json
import re
import sys

METHOD_ORDER = ["get", "head", "post", "put", "patch", "delete", "options", "trace"]
LOCATION_ORDER = ["path", "query", "header", "cookie"]

ERROR_STATUSES = [
    ("400", "Bad Request",
     "The request cannot be read: the body is not valid JSON (the detail names line, column and "
     "byte), it nests deeper than 32 levels, or the request target is malformed."),
    ("401", "Unauthorized",
     "The operation needs a bearer token and none was sent, or the token sent is unknown, expired "
     "or revoked (one answer for all three). A bad token is refused on public operations too."),
    ("403", "Forbidden",
     "The token is valid but its role may not call this operation, or the caller may not act on "
     "this particular object."),
    ("404", "Not Found",
     "No such resource, or one the caller may not see: another purchaser's draft, or a sealed bid "
     "of another supplier, which gets exactly the answer a bid id that never existed gets."),
    ("405", "Method Not Allowed",
     "The path exists but not with this method; the `Allow` header lists the methods it has."),
    ("409", "Conflict",
     "The object is in the wrong state for this action, e.g. a bid after the submission deadline "
     "(the server clock decides) or publishing a tender that is no longer a draft."),
    ("412", "Precondition Failed",
     "`If-Match` does not name the current version: someone changed the resource since you read "
     "it. Read it again and reapply your change."),
    ("413", "Content Too Large",
     "The body is larger than the operation accepts: 1 MiB, or 8 MiB for the salary-benchmark "
     "import. The connection is closed after this answer."),
    ("415", "Unsupported Media Type",
     "An operation with a request body got a `Content-Type` other than `application/json` (or "
     "`application/*+json`)."),
    ("422", "Unprocessable Content",
     "The body breaks its JSON Schema or a business or legal rule; `errors` names every "
     "offending field at once. Reusing an `Idempotency-Key` with a different request is also 422."),
    ("428", "Precondition Required",
     "An update was sent without `If-Match`."),
    ("429", "Too Many Requests",
     "Reserved for rate limiting: the status is in the server's error table, but no operation "
     "limits the rate of requests yet."),
]


def resolve(document, node):
    """Follows a local "$ref" ("#/components/…") until the node is not a reference."""
    seen = set()
    while isinstance(node, dict) and isinstance(node.get("$ref"), str) and node["$ref"].startswith("#/"):
        reference = node["$ref"]
        if reference in seen:
            break
        seen.add(reference)
        target = document
        for part in reference[2:].split("/"):
            part = part.replace("~1", "/").replace("~0", "~")
            if not isinstance(target, dict) or part not in target:
                return {}
            target = target[part]
        node = target
    return node if isinstance(node, dict) else {}


def reference_name(node):
    reference = node.get("$ref", "") if isinstance(node, dict) else ""
    return reference.rsplit("/", 1)[-1] if reference else ""


def cell(text):
    """Text safe inside one Markdown table cell."""
    return " ".join(str(text).split()).replace("|", "\\|")


def code_list(values):
    return ", ".join("`" + json.dumps(value, ensure_ascii=False).strip('"') + "`" for value in values)


def is_money(schema):
    properties = schema.get("properties", {})
    return schema.get("type") == "object" and sorted(properties) == ["amount", "currency"]


def type_name(document, schema):
    """A short name for a schema's type: "string", "integer or null", "array of object", "money"."""
    name = reference_name(schema)
    if name:
        return name
    schema = resolve(document, schema)
    if is_money(schema):
        return "money"
    kind = schema.get("type")
    if isinstance(kind, list):
        return " or ".join(str(k) for k in kind)
    if kind == "array":
        return "array of " + type_name(document, schema.get("items", {}))
    if kind:
        return str(kind)
    if "enum" in schema:
        return "enum"
    return "any"


def constraints(schema):
    """Enumerations and bounds of a schema, as short phrases."""
    notes = []
    if "enum" in schema:
        notes.append("one of " + code_list(schema["enum"]))
    if "const" in schema:
        notes.append("always " + code_list([schema["const"]]))
    low, high = schema.get("minimum"), schema.get("maximum")
    if low is not None and high is not None:
        notes.append("{} to {}".format(low, high))
    elif low is not None:
        notes.append("at least {}".format(low))
    elif high is not None:
        notes.append("at most {}".format(high))
    shortest, longest = schema.get("minLength"), schema.get("maxLength")
    if shortest is not None and longest is not None:
        notes.append("{} to {} characters".format(shortest, longest))
    elif longest is not None:
        notes.append("at most {} characters".format(longest))
    elif shortest is not None:
        notes.append("at least {} characters".format(shortest))
    fewest, most = schema.get("minItems"), schema.get("maxItems")
    if fewest is not None and most is not None:
        notes.append("{} to {} items".format(fewest, most))
    elif most is not None:
        notes.append("at most {} items".format(most))
    elif fewest is not None:
        notes.append("at least {} items".format(fewest))
    if "pattern" in schema:
        notes.append("pattern `{}`".format(schema["pattern"]))
    return notes


def describe(document, schema):
    schema = resolve(document, schema)
    parts = []
    if schema.get("description"):
        parts.append(schema["description"])
    if is_money(schema):
        return "; ".join(parts)  # the type says "money"; Conventions explains it
    parts.extend(constraints(schema))
    # Nested objects: name their fields, so that the table points at what to send.
    inner = schema
    if schema.get("type") == "array":
        inner = resolve(document, schema.get("items", {}))
    fields = sorted(inner.get("properties", {})) if not is_money(inner) else []
    if fields:
        parts.append(("items with fields " if inner is not schema else "fields ") + code_list(fields))
    return "; ".join(parts)


def path_parameter_order(path):
    return re.findall(r"\{([^}]+)\}", path)


def parameters_of(document, path_item, operation, path):
    """Path-level and operation-level parameters, the operation's winning; in a fixed order."""
    merged = {}
    for source in (path_item.get("parameters", []), operation.get("parameters", [])):
        for raw in source:
            parameter = resolve(document, raw)
            if "name" in parameter and "in" in parameter:
                merged[(parameter["in"], parameter["name"])] = parameter
    in_path = path_parameter_order(path)

    def key(item):
        (location, name), _ = item
        rank = LOCATION_ORDER.index(location) if location in LOCATION_ORDER else len(LOCATION_ORDER)
        if location == "path" and name in in_path:
            return (rank, in_path.index(name), name.lower(), name)
        return (rank, len(in_path), name.lower(), name)

    return [parameter for _, parameter in sorted(merged.items(), key=key)]


def is_public(document, operation):
    security = operation["security"] if "security" in operation else document.get("security", [])
    # No requirement, or an empty one among the alternatives: no token is needed.
    return security == [] or {} in security


def emit_schema_table(out, document, schema):
    schema = resolve(document, schema)
    properties = schema.get("properties", {})
    if not properties:
        if schema.get("type") == "object" and schema.get("additionalProperties") is False:
            out.append("No fields: send `{}`.")
            out.append("")
        return
    required = set(schema.get("required", []))
    out.append("| field | type | required | description |")
    out.append("|---|---|---|---|")
    for name in sorted(properties):
        prop = properties[name]
        out.append("| `{}` | {} | {} | {} |".format(
            name, cell(type_name(document, prop)), "yes" if name in required else "no",
            cell(describe(document, prop))))
    out.append("")


def emit_operation(out, document, path, method, path_item, operation):
    out.append("### {} {}".format(method.upper(), path))
    out.append("")
    summary = operation.get("summary", "").strip()
    description = operation.get("description", "").strip()
    if summary:
        out.append(summary + ("" if summary.endswith((".", "?", "!")) else "."))
        out.append("")
    if description and description != summary:
        out.append(description)
        out.append("")
    if operation.get("deprecated"):
        out.append("**Deprecated.**")
        out.append("")

    out.append("- **Who may call it:** " + ("public" if is_public(document, operation) else "bearer token"))
    parameters = parameters_of(document, path_item, operation, path)
    if parameters:
        out.append("- **Parameters:**")
        for parameter in parameters:
            schema = resolve(document, parameter.get("schema", {}))
            details = [parameter["in"], "required" if parameter.get("required") else "optional",
                       type_name(document, parameter.get("schema", {}))]
            details.extend(constraints(schema))
            line = "  - `{}` ({})".format(parameter["name"], ", ".join(details))
            if parameter.get("description"):
                line += ": " + " ".join(parameter["description"].split())
            out.append(line)
    else:
        out.append("- **Parameters:** none")

    body = resolve(document, operation.get("requestBody", {}))
    body_schema = None
    if body:
        content = body.get("content", {})
        media = sorted(content)
        chosen = "application/json" if "application/json" in content else (media[0] if media else "")
        body_schema = content.get(chosen, {}).get("schema", {}) if chosen else {}
        name = reference_name(body_schema) or type_name(document, body_schema)
        line = "- **Request body** ({}, {}): `{}`".format(
            chosen or "no media type", "required" if body.get("required") else "optional", name)
        schema_description = resolve(document, body_schema).get("description", "")
        if schema_description:
            line += ": " + " ".join(schema_description.split())
        out.append(line)
    else:
        out.append("- **Request body:** none")

    responses = operation.get("responses", {})
    successes = sorted(code for code in responses if str(code).startswith("2"))
    failures = sorted(code for code in responses if not str(code).startswith("2"))
    out.append("- **Success:** " + (", ".join("`{}`".format(code) for code in successes) or "not stated"))
    if failures:
        out.append("- **Error statuses:** " + ", ".join(failures))
    out.append("")

    if body_schema is not None:
        emit_schema_table(out, document, body_schema)


def anchor(title):
    slug = re.sub(r"[^\w\- ]", "", title.strip().lower())
    return "#" + slug.replace(" ", "-")


def guide(document):
    info = document.get("info", {})
    title = info.get("title", "API")
    out = ["# " + title, ""]
    out.append("<!-- Generated by scripts/api_guide.py from the server's /openapi.json; do not edit. -->")
    out.append("")
    facts = []
    if info.get("version"):
        facts.append("Version {}".format(info["version"]) +
                     (" (OpenAPI {})".format(document["openapi"]) if document.get("openapi") else ""))
    servers = []
    for server in document.get("servers", []):
        if server.get("url"):
            text = "`{}`".format(server["url"])
            if server.get("description"):
                text += " ({})".format(" ".join(server["description"].split()))
            servers.append(text)
    if servers:
        facts.append("server: " + ", ".join(servers))
    if facts:
        out.append("; ".join(facts) + ".")
        out.append("")
    if info.get("description"):
        out.append(" ".join(info["description"].split()))
        out.append("")

    # Operations grouped by their first tag.
    groups = {}
    for path in sorted(document.get("paths", {})):
        path_item = document["paths"][path]
        methods = [m for m in path_item if m in METHOD_ORDER]
        for method in sorted(methods, key=METHOD_ORDER.index):
            operation = path_item[method]
            tags = operation.get("tags") or ["other"]
            groups.setdefault(tags[0], []).append((path, method, path_item, operation))
    tag_names = sorted(groups)

    out.append("Contents: [Errors](#errors), [Conventions](#conventions), " +
               ", ".join("[{}]({})".format(tag, anchor(tag)) for tag in tag_names) + ".")
    out.append("")

    out.append("## Errors")
    out.append("")
    out.append("Every error is an RFC 9457 problem document, sent as `application/problem+json`: "
               "`type` (a relative URI such as `/problems/rule-violated`), `title`, `status`, "
               "`detail` (what went wrong, for people) and `request_id` (also in the `X-Request-Id` "
               "header and the server log). When particular fields are at fault, `errors` lists "
               "every one of them as `{pointer, message}`: `pointer` is a JSON Pointer (RFC 6901) "
               "into the request body, or `/query/<name>` and `/headers/<name>` for the query "
               "string and headers. A missing or unknown field is named by its own pointer "
               "(`/credit_code`), not by the object around it.")
    out.append("")
    out.append("```json")
    out.append(json.dumps({
        "type": "/problems/rule-violated",
        "title": "The request breaks a rule",
        "status": 422,
        "detail": "the tender cannot be published: it breaks the rules listed",
        "request_id": "9f0c2d4e6a8b1c3d",
        "errors": [
            {"pointer": "/criteria", "message": "criteria must sum to 100 points, not 90"},
            {"pointer": "/deadline", "message": "the deadline must be in the future"},
        ],
    }, indent=2, ensure_ascii=False))
    out.append("```")
    out.append("")
    out.append("| status | meaning |")
    out.append("|---|---|")
    for code, name, meaning in ERROR_STATUSES:
        out.append("| {} {} | {} |".format(code, name, cell(meaning)))
    out.append("")
    out.append("A 500 carries no exception text, only the `request_id` to look up in the server's "
               "standard error. A request header over 16 KiB gets 431 and the connection is closed.")
    out.append("")

    paged = []
    for path in sorted(document.get("paths", {})):
        path_item = document["paths"][path]
        for method in sorted((m for m in path_item if m in METHOD_ORDER), key=METHOD_ORDER.index):
            names = {p.get("name") for p in parameters_of(document, path_item, path_item[method], path)
                     if p.get("in") == "query"}
            if {"limit", "cursor"} <= names:
                paged.append("`{} {}`".format(method.upper(), path))

    out.append("## Conventions")
    out.append("")
    out.append('- **Money** is an object `{"amount": <integer fen>, "currency": "CNY"}`; 1 yuan = 100 '
               'fen, so `{"amount": 1234500, "currency": "CNY"}` is 12,345.00 yuan. No amount is ever '
               "a floating-point number. Rates and shares are integer basis points (fields ending "
               "in `_bp`): 10000 = 100%.")
    out.append("- **Times** are RFC 3339. The server answers in UTC to the second "
               "(`2026-11-23T08:00:00Z`) and accepts any offset (`2026-11-23T16:00:00+08:00`).")
    out.append("- **Authentication:** `Authorization: Bearer <token>`. An operation marked *public* "
               "needs no token; a token sent to it is still checked, and may let the caller see "
               "more (its own drafts, its own sealed bids).")
    out.append("- **Idempotency-Key** on creating POSTs (the operations that list the header): send a "
               "key of 1 to 255 visible ASCII characters, and a retry with the same key returns the "
               "first response (same status, body and `Location`) with `Idempotent-Replayed: true` "
               "instead of creating a second object. Keys belong to the calling account; the same "
               "key with a different method, path or body is refused with 422.")
    out.append("- **ETag and If-Match:** versioned resources answer with `ETag: \"N\"`, N being "
               "their version. Updates that list `If-Match` require it: send the ETag you read, "
               "and a concurrent change gives 412 instead of being overwritten (428 when the "
               "header is missing).")
    cursor_text = ("- **Cursor pagination:** lists that take `limit` and `cursor` answer "
                   "`{\"items\": [...], \"next_cursor\": \"…\"}`. `limit` is 1 to 500 (default 50). "
                   "To read on, pass `next_cursor` back unchanged as `cursor`; `next_cursor` is "
                   "`null` on the last page. Cursors are opaque: build none yourself.")
    if paged:
        cursor_text += " Paginated: " + ", ".join(paged) + "."
    out.append(cursor_text)
    out.append("- **Request ids:** responses carry `X-Request-Id`: the one you sent if it is 1 to 128 "
               "characters of `[A-Za-z0-9._-]`, otherwise one the server makes. Quote it when "
               "reporting a problem.")
    out.append("")

    tag_descriptions = {tag.get("name"): tag.get("description", "") for tag in document.get("tags", [])}
    for tag in tag_names:
        out.append("## " + tag)
        out.append("")
        # The generic "operations on <tag>" says nothing the heading does not.
        if tag_descriptions.get(tag) and tag_descriptions[tag] != "operations on " + tag:
            out.append(" ".join(tag_descriptions[tag].split()) + ".")
            out.append("")
        for path, method, path_item, operation in groups[tag]:
            emit_operation(out, document, path, method, path_item, operation)

    while out and out[-1] == "":
        out.pop()
    return "\n".join(out) + "\n"


def main(argv):
    if len(argv) != 2:
        sys.stderr.write("usage: api_guide.py OPENAPI.json > docs/api.md\n")
        return 2
    with open(argv[1], encoding="utf-8") as source:
        document = json.load(source)
    # UTF-8 whatever the locale, so that the bytes do not depend on the environment.
    sys.stdout.buffer.write(guide(document).encode("utf-8"))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
