"""Many accounts against moto on loopback: prints figures, asserts nothing.

Run by scripts/bench-accounts. Two moto servers on free 127.0.0.1 ports:

- one account holding N Glue jobs (eu-west-2);
- an organization of A member accounts, each holding N / (2 A) jobs in each
  of two regions (eu-west-2, eu-west-1): N jobs between them. moto keeps each
  member's resources apart for the credentials of the role assumed into it.

Then, median of R runs each: `dsadmin get jobs -o json` against the one
account, and `dsadmin get jobs --accounts all -o json` with `[organization]
regions = [both]` against the organization, and their ratio.
"""

import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from bench_inventory import start_moto, timed  # noqa: E402

REGIONS = ["eu-west-2", "eu-west-1"]
KEYS = dict(aws_access_key_id="testing", aws_secret_access_key="testing")


def job(glue, name):
    glue.create_job(
        Name=name,
        Role="arn:aws:iam::123456789012:role/glue",
        Command={"Name": "glueetl", "ScriptLocation": f"s3://scripts/{name}.py"},
        GlueVersion="4.0",
        WorkerType="G.1X",
        NumberOfWorkers=2,
    )


def seed_one(port, n):
    import boto3

    glue = boto3.client("glue", endpoint_url=f"http://127.0.0.1:{port}", region_name=REGIONS[0], **KEYS)
    with ThreadPoolExecutor(8) as pool:
        list(pool.map(lambda i: job(glue, f"job-{i:05d}"), range(n)))


def seed_org(port, accounts, n):
    import boto3

    endpoint = f"http://127.0.0.1:{port}"
    org = boto3.client("organizations", endpoint_url=endpoint, region_name=REGIONS[0], **KEYS)
    org.create_organization(FeatureSet="ALL")
    ids = [
        org.create_account(Email=f"a{i}@example.com", AccountName=f"team-{i:02d}")["CreateAccountStatus"]["AccountId"]
        for i in range(accounts)
    ]
    sts = boto3.client("sts", endpoint_url=endpoint, region_name=REGIONS[0], **KEYS)
    per_place = n // (accounts * len(REGIONS))

    def fill(account):
        c = sts.assume_role(
            RoleArn=f"arn:aws:iam::{account}:role/OrganizationAccountAccessRole", RoleSessionName="seed"
        )["Credentials"]
        for region in REGIONS:
            glue = boto3.client(
                "glue",
                endpoint_url=endpoint,
                region_name=region,
                aws_access_key_id=c["AccessKeyId"],
                aws_secret_access_key=c["SecretAccessKey"],
                aws_session_token=c["SessionToken"],
            )
            for i in range(per_place):
                job(glue, f"{account}-{region}-{i:04d}")

    with ThreadPoolExecutor(8) as pool:
        list(pool.map(fill, ids))
    return per_place * accounts * len(REGIONS)


def main():
    venv, dsadmin, accounts, n, runs = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5])
    env = dict(
        os.environ,
        AWS_ACCESS_KEY_ID="testing",
        AWS_SECRET_ACCESS_KEY="testing",
        AWS_DEFAULT_REGION=REGIONS[0],
        AWS_REGION=REGIONS[0],
        AWS_EC2_METADATA_DISABLED="true",
    )
    env.pop("AWS_PROFILE", None)
    env.pop("DSADMIN_CONFIG", None)
    one, one_port = start_moto(venv)
    org, org_port = start_moto(venv)
    try:
        t = time.perf_counter()
        seed_one(one_port, n)
        total = seed_org(org_port, accounts, n)
        print(f"seeded {n} jobs in one account and {total} in {accounts} accounts x {len(REGIONS)} regions "
              f"in {time.perf_counter() - t:.1f} s")
        with tempfile.TemporaryDirectory() as d:
            empty = os.path.join(d, "empty.toml")
            open(empty, "w").close()
            config = os.path.join(d, "org.toml")
            with open(config, "w") as f:
                f.write(f"[organization]\nregions = {json.dumps(REGIONS)}\n")
            single = [dsadmin, "--config", empty, "--endpoint-url", f"http://127.0.0.1:{one_port}",
                      "--region", REGIONS[0], "get", "jobs", "-o", "json"]
            fanned = [dsadmin, "--config", config, "--endpoint-url", f"http://127.0.0.1:{org_port}",
                      "--region", REGIONS[0], "get", "jobs", "--accounts", "all", "-o", "json"]
            s, f_ = [], []
            for _ in range(runs):
                took, out = timed(single, env)
                s.append(took)
                rows_one = len(json.loads(out))
                took, out = timed(fanned, env)
                f_.append(took)
                records = json.loads(out)
            places = {(r["account"], r["region"]) for r in records}
            ms, mf = statistics.median(s), statistics.median(f_)
            print(f"\nlist the jobs as JSON, median of {runs}:")
            print(f"   one account ({rows_one} jobs)                      {ms:6.2f} s")
            print(f"   --accounts all ({len(records)} jobs, {len(places)} accounts x regions)  {mf:6.2f} s")
            print(f"   ratio: {mf / ms:.2f} (target: at most 1.5)")
    finally:
        one.kill()
        org.kill()


if __name__ == "__main__":
    main()
