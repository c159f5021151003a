"""Checks of the exported templates that need Python tools (run from test/support/iacTools.ts).

  python iac_tools.py hcl2json FILE
      Parses a Terraform file with python-hcl2 and prints it as JSON: blocks as nested
      objects, strings without their quotes, heredocs as plain strings (HCL template
      escapes such as $${ are left as written: the caller undoes them).

  python iac_tools.py deploy ENDPOINT TEMPLATE_FILE STACK_NAME
      Creates a CloudFormation stack from the template on ENDPOINT (moto) with boto3,
      waits until it leaves *_IN_PROGRESS (at most 60 s), and prints
      {"status", "reason", "outputs": {key: value}} as JSON.
"""

import json
import sys
import time


def hcl2json(path: str) -> None:
    import hcl2

    options = hcl2.SerializationOptions(
        strip_string_quotes=True,
        preserve_heredocs=False,
        explicit_blocks=False,
        with_comments=False,
    )
    with open(path, encoding="utf-8") as handle:
        print(json.dumps(hcl2.loads(handle.read(), serialization_options=options)))


def deploy(endpoint: str, template_path: str, stack_name: str) -> None:
    import boto3

    client = boto3.client(
        "cloudformation",
        endpoint_url=endpoint,
        region_name="us-east-1",
        aws_access_key_id="testing",
        aws_secret_access_key="testing",
    )
    with open(template_path, encoding="utf-8") as handle:
        body = handle.read()
    client.create_stack(StackName=stack_name, TemplateBody=body, Capabilities=["CAPABILITY_NAMED_IAM"])
    deadline = time.monotonic() + 60
    while True:
        stack = client.describe_stacks(StackName=stack_name)["Stacks"][0]
        status = stack["StackStatus"]
        if not status.endswith("_IN_PROGRESS") or time.monotonic() > deadline:
            break
        time.sleep(0.2)
    outputs = {o["OutputKey"]: o["OutputValue"] for o in stack.get("Outputs", [])}
    print(json.dumps({"status": status, "reason": stack.get("StackStatusReason"), "outputs": outputs}))


if __name__ == "__main__":
    command, *args = sys.argv[1:]
    if command == "hcl2json":
        hcl2json(*args)
    elif command == "deploy":
        deploy(*args)
    else:
        sys.exit(f"unknown command {command}")
