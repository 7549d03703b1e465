#!/usr/bin/env python3
"""Validates exported ECS files offline with botocore's parameter validation.

Usage: validate-ecs.py FILE...
  *.task-definition.json  as the input of ecs.register_task_definition
  *.schedule.json         as the input of events.put_rule
Prints every problem and exits 1 when there is one; exits 2 when botocore is missing.
"""
import json
import sys

try:
    import botocore.session
    from botocore.validate import ParamValidator
except ImportError:
    print("validate-ecs: botocore is missing; run it with the peers' Python, .build/peers/bin/python3 (./scripts/test.sh installs it)", file=sys.stderr)
    sys.exit(2)

OPERATIONS = {
    ".task-definition.json": ("ecs", "RegisterTaskDefinition"),
    ".schedule.json": ("events", "PutRule"),
}


def main(paths):
    session = botocore.session.get_session()
    failed = False
    for path in paths:
        match = [(suffix, op) for suffix, op in OPERATIONS.items() if path.endswith(suffix)]
        if not match:
            print(f"{path}: not an exported ECS file (expected *.task-definition.json or *.schedule.json)")
            failed = True
            continue
        service, operation = match[0][1]
        with open(path, encoding="utf-8") as handle:
            params = json.load(handle)
        shape = session.get_service_model(service).operation_model(operation).input_shape
        report = ParamValidator().validate(params, shape)
        if report.has_errors():
            print(f"{path}: {service}.{operation}: {report.generate_report()}")
            failed = True
        else:
            print(f"{path}: valid {service}.{operation} input")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
