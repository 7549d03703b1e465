#!/usr/bin/env python3
"""Creates deploy/cloudformation.yml in moto, registers the task definitions and schedules that
`supervisor export ecs` wrote, and checks that the stack and the exported files agree.

Usage: deploy-simulated.py --endpoint URL [--environment prod|dev] [--export DIR] [--json]

  --endpoint URL     a moto server (`moto_server -H 127.0.0.1 -p 4566`, from the peers' Python)
  --environment E    the stack's EnvironmentName (default prod: staging included)
  --export DIR       the output of `supervisor export ecs DIR --app formation-E ...`; each
                     *.task-definition.json is registered (RegisterTaskDefinition) and compared
                     with the stack's task definition of the same family, each *.schedule.json
                     is put (PutRule) and given the stack's cluster as its ECS target
  --json             print one JSON summary instead of the report

What this proves: the template creates, its services and schedule exist as docs/deploy.md
describes, and the exported files register and name what the stack creates (roles, log group,
family, container, port, command, environment). It does not prove that Fargate runs them: moto
starts no task, pulls no image and enforces no IAM.

moto's CloudFormation skips resource types it does not implement. This script removes those from
the template it sends, lists them, and replaces references to them: `Ref` by the resource's
`Name` (AppConfig accepts names wherever it takes ids) or `skipped-ID`, `Fn::GetAtt` by a
placeholder ARN. moto runs a Lambda only in Docker, so the custom resource ReferenceItem is
answered by running the template's own SeedFunction code here, against moto's DynamoDB.

Runs with the peers' Python (.build/peers/bin/python3: boto3, cfn-lint's YAML reader and the same
moto as the server). Exit status: 0 when every check passes, 1 when one fails, 2 on bad usage.
"""
import argparse
import glob
import logging
import json
import os
import re
import sys
import time
import types
import urllib.request
import warnings

try:
    import boto3
    from cfnlint.decode import cfn_yaml
    from moto.cloudformation.parsing import resource_class_from_type
except ImportError as error:
    print(f"deploy-simulated: {error.name} is missing; run it with the peers' Python, .build/peers/bin/python3 (./scripts/test.sh installs it)", file=sys.stderr)
    sys.exit(2)

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
TEMPLATE = os.path.join(ROOT, "deploy", "cloudformation.yml")
REGION = "us-east-1"
ACCOUNT = "123456789012"  # moto's account
STACK = "formation"
CONNECTION = f"arn:aws:codeconnections:{REGION}:{ACCOUNT}:connection/simulated"
# The dynamic config's TableName wins over TABLE_NAME, so the exported fallback may differ from
# the stack's generated table name.
FALLBACK_ONLY = {"TABLE_NAME"}


def clients(endpoint):
    session = boto3.session.Session(aws_access_key_id="AKIDSIMULATED0000001", aws_secret_access_key="simulated", region_name=REGION)
    return lambda service: session.client(service, endpoint_url=endpoint)


# ---------------------------------------------------------------- the template moto is given

def literal(expression, parameters):
    """The text of a Name written with parameters only (`formation-${EnvironmentName}`), else None."""
    if isinstance(expression, str):
        return expression
    if isinstance(expression, dict) and list(expression) == ["Ref"]:
        return parameters.get(expression["Ref"])
    if isinstance(expression, dict) and list(expression) == ["Fn::Sub"] and isinstance(expression["Fn::Sub"], str):
        text = expression["Fn::Sub"]
        names = re.findall(r"\$\{([^}!]+)\}", text)
        if all(name in parameters for name in names):
            for name in names:
                text = text.replace("${" + name + "}", parameters[name])
            return text
    return None


def condition_holds(name, template, parameters):
    def evaluate(node):
        if isinstance(node, dict) and len(node) == 1:
            (function, argument), = node.items()
            if function == "Ref":
                return parameters.get(argument)
            if function == "Condition":
                return evaluate(template["Conditions"][argument])
            if function == "Fn::Equals":
                return evaluate(argument[0]) == evaluate(argument[1])
            if function == "Fn::Not":
                return not evaluate(argument[0])
            if function == "Fn::And":
                return all(evaluate(item) for item in argument)
            if function == "Fn::Or":
                return any(evaluate(item) for item in argument)
        return node
    return bool(evaluate(template["Conditions"][name]))


def simulated_template(template, parameters):
    """The template without the resources moto cannot create (a list of them is returned too)."""
    resources = template["Resources"]
    # moto logs and warns about every type it does not implement: this script lists them itself.
    logging.getLogger("moto").setLevel(logging.ERROR)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        unsupported = {
            logical: resource for logical, resource in resources.items()
            if not resource["Type"].startswith("Custom::") and resource_class_from_type(resource["Type"]) is None
        }
    skipped = [
        {"LogicalResourceId": logical, "ResourceType": resource["Type"]}
        for logical, resource in unsupported.items()
        if "Condition" not in resource or condition_holds(resource["Condition"], template, parameters)
    ]
    reference = {
        logical: literal(resource.get("Properties", {}).get("Name"), parameters) or f"skipped-{logical}"
        for logical, resource in unsupported.items()
    }

    def attribute(logical, name):
        return f"arn:aws:skipped:{REGION}:{ACCOUNT}:{logical}/{name}"

    def rewrite(node):
        if isinstance(node, list):
            return [rewrite(item) for item in node]
        if not isinstance(node, dict):
            return node
        if list(node) == ["Ref"] and node["Ref"] in reference:
            return reference[node["Ref"]]
        if list(node) == ["Fn::GetAtt"]:
            target = node["Fn::GetAtt"]
            logical, name = target if isinstance(target, list) else target.split(".", 1)
            if logical in reference:
                return attribute(logical, name)
        if list(node) == ["Fn::Sub"] and isinstance(node["Fn::Sub"], str):
            def replace(match):
                logical, _, name = match.group(1).partition(".")
                if logical not in reference:
                    return match.group(0)
                return attribute(logical, name) if name else reference[logical]
            return {"Fn::Sub": re.sub(r"\$\{([^}!]+)\}", replace, node["Fn::Sub"])}
        result = {key: rewrite(value) for key, value in node.items()}
        if isinstance(result.get("DependsOn"), list):
            result["DependsOn"] = [name for name in result["DependsOn"] if name not in reference]
        elif result.get("DependsOn") in reference:
            del result["DependsOn"]
        return result

    kept = dict(template)
    kept["Resources"] = {logical: rewrite(resource) for logical, resource in resources.items() if logical not in unsupported}
    kept["Outputs"] = rewrite(template.get("Outputs", {}))
    return kept, skipped


# ---------------------------------------------------------------- the custom resource

def answer_custom_resources(endpoint, template, stack_id, physical):
    """Runs the template's inline Lambda code for each pending custom resource, as Lambda would,
    with its boto3 calls sent to moto and its cfnresponse sent to moto's response URL."""
    answered = []
    for logical, resource in template["Resources"].items():
        if not resource["Type"].startswith("Custom::"):
            continue
        token = resource["Properties"]["ServiceToken"]
        function = token["Fn::GetAtt"][0] if isinstance(token, dict) and "Fn::GetAtt" in token else None
        code = template["Resources"].get(function, {}).get("Properties", {}).get("Code", {}).get("ZipFile")
        if code is None:
            raise SystemExit(f"deploy-simulated: {logical}'s ServiceToken is not an inline function of the template")
        properties = {key: resolve(value, physical) for key, value in resource["Properties"].items()}
        response_url = f"{endpoint}/cloudformation_{REGION}/cfnresponse?stack={stack_id}"
        event = {"RequestType": "Create", "ResponseURL": response_url, "StackId": stack_id, "RequestId": f"simulated-{logical}",
                 "LogicalResourceId": logical, "ResourceType": resource["Type"], "ResourceProperties": properties}
        sent = []

        def send(event, context, status, data, physical_id=None):
            body = json.dumps({"Status": status, "StackId": event["StackId"], "RequestId": event["RequestId"],
                               "LogicalResourceId": event["LogicalResourceId"], "PhysicalResourceId": physical_id or logical,
                               "Data": data}).encode()
            request = urllib.request.Request(event["ResponseURL"], data=body, method="PUT", headers={"Content-Type": ""})
            urllib.request.urlopen(request, timeout=10).read()
            sent.append((status, data))

        cfnresponse = types.ModuleType("cfnresponse")
        cfnresponse.SUCCESS, cfnresponse.FAILED, cfnresponse.send = "SUCCESS", "FAILED", send
        saved = dict(os.environ)
        os.environ.update({"AWS_ENDPOINT_URL": endpoint, "AWS_DEFAULT_REGION": REGION,
                           "AWS_ACCESS_KEY_ID": "AKIDSIMULATED0000001", "AWS_SECRET_ACCESS_KEY": "simulated"})
        sys.modules["cfnresponse"] = cfnresponse
        try:
            scope = {}
            exec(compile(code, f"{function} (inline code of {TEMPLATE})", "exec"), scope)
            scope["handler"](event, None)
        finally:
            os.environ.clear()
            os.environ.update(saved)
            del sys.modules["cfnresponse"]
        answered.append({"LogicalResourceId": logical, "Function": function, "Status": sent[0][0] if sent else "NONE",
                         "Data": sent[0][1] if sent else {}})
    return answered


def resolve(value, physical):
    """A custom resource's property with `Ref` of a created resource replaced by its physical id."""
    if isinstance(value, dict) and list(value) == ["Ref"] and value["Ref"] in physical:
        return physical[value["Ref"]]
    if isinstance(value, dict):
        return {key: resolve(item, physical) for key, item in value.items()}
    return value


# ---------------------------------------------------------------- checks

class Report:
    def __init__(self):
        self.checks, self.problems = [], []

    def expect(self, ok, what):
        (self.checks if ok else self.problems).append(what)
        return ok


def stack_value(expression, template, physical, iam):
    """A task definition's task-level property as the template sets it: moto's CloudFormation
    keeps only Family, ContainerDefinitions, Volumes and Memory of AWS::ECS::TaskDefinition."""
    if isinstance(expression, dict) and list(expression) == ["Fn::GetAtt"]:
        logical, attribute = expression["Fn::GetAtt"]
        if template["Resources"][logical]["Type"] == "AWS::IAM::Role" and attribute == "Arn":
            return iam.get_role(RoleName=physical[logical])["Role"]["Arn"]
    return expression


def check_stack(client, report, template, parameters, physical):
    environment = parameters["EnvironmentName"]
    ecs, events, dynamodb, iam, elb = client("ecs"), client("events"), client("dynamodb"), client("iam"), client("elbv2")
    cluster = physical["Cluster"]
    services = ecs.describe_services(cluster=cluster, services=ecs.list_services(cluster=cluster)["serviceArns"])["services"]
    report.expect(len(services) == 1, f"cluster {cluster}: one service (found {len(services)})")
    for service in services:
        definition = ecs.describe_task_definition(taskDefinition=service["taskDefinition"])["taskDefinition"]
        report.expect(service["desiredCount"] == int(parameters["DesiredCount"]),
                      f"service {service['serviceName']}: {service['desiredCount']} tasks (DesiredCount {parameters['DesiredCount']})")
        report.expect(definition["family"] == f"formation-{environment}-web", f"service {service['serviceName']}: family {definition['family']}")
    # moto's CloudFormation keeps only Cluster, TaskDefinition and DesiredCount of a service: the
    # launch type and load balancer are read from the template, the target group from moto.
    properties = template["Resources"]["WebService"]["Properties"]
    balancers = properties.get("LoadBalancers", [])
    group = elb.describe_target_groups(TargetGroupArns=[physical["WebTargetGroup"]])["TargetGroups"][0]
    report.expect(properties.get("LaunchType") == "FARGATE" and len(balancers) == 1
                  and (balancers[0]["ContainerName"], balancers[0]["ContainerPort"]) == ("web", 5000)
                  and balancers[0]["TargetGroupArn"] == {"Ref": "WebTargetGroup"} and (group["Port"], group["TargetType"]) == (5000, "ip"),
                  f"WebService: Fargate, the target group {group['TargetGroupName']} (port {group['Port']}, {group['TargetType']}) targets container web on port 5000")
    if environment == "prod":
        staging = physical["StagingCluster"]
        arns = ecs.list_services(cluster=staging)["serviceArns"]
        found = ecs.describe_services(cluster=staging, services=arns)["services"] if arns else []
        report.expect([s["desiredCount"] for s in found] == [1], f"staging cluster: one service of 1 task ({[s['desiredCount'] for s in found]})")

    rule = events.describe_rule(Name=physical["BackupScheduleRule"])
    report.expect(rule["ScheduleExpression"] == parameters["BackupSchedule"] and rule["State"] == "ENABLED",
                  f"rule {rule['Name']}: {rule['ScheduleExpression']}, {rule['State']}")
    targets = events.list_targets_by_rule(Rule=rule["Name"])["Targets"]
    ecs_parameters = targets[0].get("EcsParameters", {}) if len(targets) == 1 else {}
    family = ecs_parameters.get("TaskDefinitionArn", "").rsplit("/", 1)[-1].split(":")[0]
    report.expect(family == f"formation-{environment}-backup-job" and ecs_parameters.get("LaunchType") == "FARGATE"
                  and targets[0]["Arn"].endswith(f"/{cluster}"),
                  f"rule {rule['Name']}: runs {family} on Fargate in the stack's cluster")

    item = dynamodb.get_item(TableName=physical["Table"], Key={"Application": {"S": "TwelveFactorApp"}}).get("Item", {})
    report.expect(item.get("BgColor") == {"S": "teal"}, f"table {physical['Table']}: the reference item (BgColor {item.get('BgColor')})")
    for logical in ["ExecutionRole", "WebTaskRole", "BackupTaskRole"]:
        role = iam.get_role(RoleName=physical[logical])["Role"]
        report.expect(role["RoleName"].startswith(f"formation-{environment}-"), f"role {logical}: {role['Arn']}")
    for logical in ["WebTaskDefinition", "BackupTaskDefinition"]:
        properties = template["Resources"][logical]["Properties"]
        definition = ecs.describe_task_definition(taskDefinition=physical[logical])["taskDefinition"]
        report.expect(definition["family"] == literal(properties["Family"], parameters), f"{logical}: family {definition['family']}")


def container_of(definition):
    containers = definition["containerDefinitions"]
    return containers[0] if len(containers) == 1 else None


def compare(report, family, exported, stack, stack_properties):
    """The exported task definition against the stack's of the same family: its container as moto
    recorded it, its task-level keys as the template sets them."""
    mine, theirs = container_of(exported), container_of(stack)
    for key in ["executionRoleArn", "taskRoleArn", "cpu", "memory", "networkMode", "requiresCompatibilities"]:
        wanted = stack_properties.get(key[0].upper() + key[1:])
        report.expect(exported.get(key) == wanted, f"{family}: {key} {exported.get(key)} (stack: {wanted})")
    for key in ["name", "command", "stopTimeout", "readonlyRootFilesystem"]:
        report.expect(mine.get(key) == theirs.get(key), f"{family}: container {key} {mine.get(key)} (stack: {theirs.get(key)})")
    ports = lambda container: [m["containerPort"] for m in container.get("portMappings", [])]
    report.expect(ports(mine) == ports(theirs), f"{family}: container ports {ports(mine)} (stack: {ports(theirs)})")
    logs, stack_logs = mine["logConfiguration"]["options"], theirs["logConfiguration"]["options"]
    report.expect(logs["awslogs-group"] == stack_logs["awslogs-group"],
                  f"{family}: log group {logs['awslogs-group']} (stack: {stack_logs['awslogs-group']})")
    values = {pair["name"]: pair["value"] for pair in mine.get("environment", [])}
    for pair in theirs.get("environment", []):
        name, value = pair["name"], pair["value"]
        if name in FALLBACK_ONLY:
            report.expect(name in values, f"{family}: {name} is set ({values.get(name)}; stack: {value}; a fallback only)")
        else:
            report.expect(values.get(name) == value, f"{family}: {name}={values.get(name)} (stack: {value})")


def register_exports(client, report, directory, template, physical, environment):
    ecs, events, iam = client("ecs"), client("events"), client("iam")
    stack_families = {}
    for logical in ["WebTaskDefinition", "BackupTaskDefinition"]:
        definition = ecs.describe_task_definition(taskDefinition=physical[logical])["taskDefinition"]
        properties = {key: stack_value(value, template, physical, iam) for key, value in template["Resources"][logical]["Properties"].items()}
        stack_families[definition["family"]] = (definition, properties)
    registered, rules = [], []
    files = sorted(glob.glob(os.path.join(directory, "*.task-definition.json")))
    report.expect(bool(files), f"{directory}: exported task definitions")
    for path in files:
        with open(path, encoding="utf-8") as handle:
            definition = json.load(handle)
        arn = ecs.register_task_definition(**definition)["taskDefinition"]["taskDefinitionArn"]
        registered.append(arn)
        family = definition["family"]
        report.expect(True, f"{os.path.basename(path)}: registered as {arn}")
        if family in stack_families:
            compare(report, family, definition, *stack_families[family])
        else:
            report.expect(True, f"{family}: no task definition of the stack has this family (registered only)")
        values = {pair["name"]: pair["value"] for pair in definition["containerDefinitions"][0].get("environment", [])}
        for name, value in values.items():
            if value.startswith("file:"):
                report.expect(False, f"{family}: {name}={value} names a file; the image holds only its binaries and the Procfile (export with -e .env,deploy/ecs.env)")
        if values.get("STORE_URL", "").startswith("sqlite:"):
            report.expect(False, f"{family}: STORE_URL={values['STORE_URL']} is a file in the container's /tmp at best; on ECS the store is the stack's DynamoDB table (STORE_URL=dynamodb:)")
    web = f"formation-{environment}-web"
    if any(arn.split("/")[-1].startswith(web + ":") for arn in registered):
        cluster = physical["Cluster"]
        service = ecs.describe_services(cluster=cluster, services=[physical["WebService"]])["services"][0]
        exported = [arn for arn in registered if arn.split("/")[-1].startswith(web + ":")][0]
        ecs.update_service(cluster=cluster, service=service["serviceName"], taskDefinition=exported)
        now = ecs.describe_services(cluster=cluster, services=[service["serviceName"]])["services"][0]["taskDefinition"]
        report.expect(now == exported, f"service {service['serviceName']}: updated to {now}")
    for path in sorted(glob.glob(os.path.join(directory, "*.schedule.json"))):
        with open(path, encoding="utf-8") as handle:
            rule = json.load(handle)
        arn = events.put_rule(**rule)["RuleArn"]
        family = rule["Name"]
        target = ecs.describe_task_definition(taskDefinition=family)["taskDefinition"]["taskDefinitionArn"]
        stack_target = events.list_targets_by_rule(Rule=physical["BackupScheduleRule"])["Targets"][0]
        stack_target.update({"Id": family, "EcsParameters": dict(stack_target["EcsParameters"], TaskDefinitionArn=target)})
        failed = events.put_targets(Rule=family, Targets=[stack_target])["FailedEntryCount"]
        rules.append(arn)
        report.expect(failed == 0, f"{os.path.basename(path)}: rule {arn} runs {target} in the stack's cluster")
    return registered, rules


# ---------------------------------------------------------------- main

def wait_for(endpoint, seconds=30):
    """Waits for a moto server started just before (`moto_server ... &`) to answer."""
    deadline = time.monotonic() + seconds
    while True:
        try:
            urllib.request.urlopen(f"{endpoint}/moto-api/", timeout=2).read()
            return
        except OSError as error:
            if time.monotonic() > deadline:
                raise SystemExit(f"deploy-simulated: no moto server answers at {endpoint} ({error}); start one with .build/peers/bin/moto_server -H 127.0.0.1 -p 4566")
            time.sleep(0.1)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--endpoint", required=True)
    parser.add_argument("--environment", default="prod", choices=["prod", "dev"])
    parser.add_argument("--export")
    parser.add_argument("--json", action="store_true")
    arguments = parser.parse_args()
    wait_for(arguments.endpoint)
    client = clients(arguments.endpoint)
    cloudformation = client("cloudformation")

    with open(TEMPLATE, encoding="utf-8") as handle:
        template = cfn_yaml.loads(handle.read())
    parameters = {name: str(spec.get("Default", "")) for name, spec in template["Parameters"].items()}
    parameters.update({"EnvironmentName": arguments.environment, "ConnectionArn": CONNECTION})
    schedules = sorted(glob.glob(os.path.join(arguments.export, "*.schedule.json"))) if arguments.export else []
    if schedules:
        with open(schedules[0], encoding="utf-8") as handle:
            parameters["BackupSchedule"] = json.load(handle)["ScheduleExpression"]
    sent, skipped = simulated_template(template, parameters)

    started = time.monotonic()
    stack_id = cloudformation.create_stack(
        StackName=STACK, TemplateBody=json.dumps(sent), Capabilities=["CAPABILITY_NAMED_IAM"],
        Parameters=[{"ParameterKey": key, "ParameterValue": value} for key, value in parameters.items() if key in
                    {"EnvironmentName", "ConnectionArn", "BackupSchedule", "DesiredCount", "RepositoryName", "ImageTag"}])["StackId"]
    physical = {r["LogicalResourceId"]: r["PhysicalResourceId"]
                for r in cloudformation.list_stack_resources(StackName=STACK)["StackResourceSummaries"]}
    answered = answer_custom_resources(arguments.endpoint, template, stack_id, physical)
    # moto acts on SUCCESS only: after another answer the stack would stay in progress.
    failed = [item for item in answered if item["Status"] != "SUCCESS"]
    status = "CREATE_IN_PROGRESS" if not failed else f"{failed[0]['LogicalResourceId']} answered {failed[0]['Status']}: {failed[0]['Data']}"
    deadline = time.monotonic() + 60
    while status.endswith("_IN_PROGRESS") and time.monotonic() < deadline:
        status = cloudformation.describe_stacks(StackName=STACK)["Stacks"][0]["StackStatus"]
        if status.endswith("_IN_PROGRESS"):
            time.sleep(0.1)
    seconds = time.monotonic() - started
    # moto also lists a resource whose Condition is false, with no logical id.
    resources = [r for r in cloudformation.list_stack_resources(StackName=STACK)["StackResourceSummaries"] if r["LogicalResourceId"]]
    physical = {r["LogicalResourceId"]: r["PhysicalResourceId"] for r in resources}

    report = Report()
    registered, rules = [], []
    if report.expect(status == "CREATE_COMPLETE", f"stack {STACK}: {status} in {seconds:.2f} s"):
        check_stack(client, report, template, parameters, physical)
        if arguments.export:
            registered, rules = register_exports(client, report, arguments.export, template, physical, arguments.environment)

    summary = {"status": status, "seconds": round(seconds, 3), "created": len(resources), "resources": physical, "skipped": skipped,
               "customResources": answered, "registered": registered, "rules": rules,
               "checks": report.checks, "problems": report.problems}
    if arguments.json:
        print(json.dumps(summary, indent=2))
    else:
        print(f"stack {STACK} ({arguments.environment}): {status} in {seconds:.2f} s, {len(resources)} resources created in moto")
        print(f"skipped ({len(skipped)} resources moto's CloudFormation does not implement):")
        for item in skipped:
            print(f"  {item['LogicalResourceId']} ({item['ResourceType']})")
        for item in answered:
            print(f"custom resource {item['LogicalResourceId']}: {item['Function']}'s code answered {item['Status']}")
        for line in report.checks:
            print(f"ok: {line}")
        for line in report.problems:
            print(f"PROBLEM: {line}")
    return 1 if report.problems else 0


if __name__ == "__main__":
    sys.exit(main())
