"""Validates the JSON document on standard input against a JSON Schema file, with the
`jsonschema` package. Prints the errors and exits 1 when it does not conform.

    handbook check --format json | python validate_schema.py docs/check.schema.json
"""
import json
import sys

import jsonschema

schema = json.load(open(sys.argv[1]))
jsonschema.Draft202012Validator.check_schema(schema)
errors = list(jsonschema.Draft202012Validator(schema).iter_errors(json.load(sys.stdin)))
for error in errors:
    print(f"{list(error.absolute_path)}: {error.message}")
sys.exit(1 if errors else 0)
