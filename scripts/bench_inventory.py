"""Inventory at scale against moto on loopback: prints figures, asserts nothing.

Run by scripts/bench-inventory (which installs moto and the AWS CLI into .venv
and builds dsadmin). It starts moto server on a free 127.0.0.1 port, creates
N Glue jobs (tagged; one run each for every tenth), then measures:

1. `dsadmin get jobs -o json` against `aws glue get-jobs --output json`,
   side by side, median of R runs each, and moto's own floor (the same GetJobs
   pages fetched with raw HTTP, no client at all);
2. `dsadmin get jobs --wide -o json`: its wall time and the requests it sent,
   counted by a recording proxy in front of moto, per operation;
3. the TUI on the Jobs tab in tmux (160x45): when the first job row is on
   screen, and when every row in view has its LAST RUN filled in.
"""

import http.client
import json
import os
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

REGION = "eu-west-2"


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_moto(venv):
    port = free_port()
    log = open(os.path.join(os.environ.get("TMPDIR", "/tmp"), f"bench-moto-{port}.log"), "w")
    proc = subprocess.Popen(
        [os.path.join(venv, "bin", "moto_server"), "-H", "127.0.0.1", "-p", str(port)],
        stdout=log,
        stderr=log,
    )
    for _ in range(100):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/moto-api/", timeout=1)
            return proc, port
        except Exception:
            time.sleep(0.1)
    proc.kill()
    sys.exit("moto server did not start")


def seed(port, n):
    import boto3

    glue = boto3.client(
        "glue",
        endpoint_url=f"http://127.0.0.1:{port}",
        region_name=REGION,
        aws_access_key_id="testing",
        aws_secret_access_key="testing",
    )

    def make(i):
        name = f"job-{i:05d}"
        glue.create_job(
            Name=name,
            Role="arn:aws:iam::123456789012:role/glue",
            Command={"Name": "glueetl", "ScriptLocation": f"s3://scripts/{name}.py"},
            GlueVersion="4.0",
            WorkerType="G.1X",
            NumberOfWorkers=2,
            Tags={"TeamName": f"team-{i % 7}"},
        )
        if i % 10 == 0:
            glue.start_job_run(JobName=name)

    with ThreadPoolExecutor(8) as pool:
        list(pool.map(make, range(n)))


def timed(cmd, env):
    start = time.perf_counter()
    out = subprocess.run(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    took = time.perf_counter() - start
    if out.returncode != 0:
        sys.exit(f"{cmd[0]} failed: {out.stderr.decode(errors='replace')}")
    return took, out.stdout


def raw_get_jobs(port):
    """Every GetJobs page with plain HTTP: what moto itself takes."""
    start = time.perf_counter()
    token, count = None, 0
    while True:
        body = {"MaxResults": 1000}
        if token:
            body["NextToken"] = token
        conn = http.client.HTTPConnection("127.0.0.1", port)
        conn.request(
            "POST",
            "/",
            json.dumps(body),
            {
                "X-Amz-Target": "AWSGlue.GetJobs",
                "Content-Type": "application/x-amz-json-1.1",
                "Authorization": "AWS4-HMAC-SHA256 Credential=testing/20260101/eu-west-2/glue/aws4_request, SignedHeaders=host, Signature=0",
            },
        )
        page = json.loads(conn.getresponse().read())
        count += len(page["Jobs"])
        token = page.get("NextToken")
        if not token:
            break
    return time.perf_counter() - start, count


class Counting(BaseHTTPRequestHandler):
    """Forwards to moto and counts each request by operation."""

    upstream = 0
    counts = {}
    lock = threading.Lock()

    def log_message(self, *args):
        pass

    def do_POST(self):
        self.relay()

    def do_GET(self):
        self.relay()

    def relay(self):
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        op = self.headers.get("X-Amz-Target", "").rsplit(".", 1)[-1]
        if not op and b"Action=" in body:
            op = body.split(b"Action=", 1)[1].split(b"&", 1)[0].decode()
        op = op or f"{self.command} {self.path}"
        with Counting.lock:
            Counting.counts[op] = Counting.counts.get(op, 0) + 1
        conn = http.client.HTTPConnection("127.0.0.1", Counting.upstream)
        headers = {k: v for k, v in self.headers.items() if k.lower() != "connection"}
        conn.request(self.command, self.path, body, headers)
        answer = conn.getresponse()
        data = answer.read()
        self.send_response(answer.status)
        for k, v in answer.getheaders():
            if k.lower() not in ("connection", "transfer-encoding", "content-length"):
                self.send_header(k, v)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)


def counting_proxy(upstream):
    Counting.upstream = upstream
    server = ThreadingHTTPServer(("127.0.0.1", 0), Counting)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def tui_timings(dsadmin, endpoint, env):
    """Seconds until the first job row shows, and until every row in view
    has its LAST RUN (no `…` left in the rows on screen)."""
    session = f"bench-{os.getpid()}"
    cmd = f"{dsadmin} --endpoint-url {endpoint} --region {REGION} --read-only"
    subprocess.run(["tmux", "kill-session", "-t", session], stderr=subprocess.DEVNULL)
    # The Jobs tab opens first: start on it by its number once drawn.
    subprocess.run(
        ["tmux", "new-session", "-d", "-s", session, "-x", "160", "-y", "45", cmd],
        env=env,
        check=True,
    )
    # Timed from the process start: every tab loads its list when the app
    # opens, so the Jobs tab may be ready before it is shown.
    start = time.perf_counter()
    first_row = in_view = None
    pressed = False
    try:
        while time.perf_counter() - start < 60:
            screen = subprocess.run(
                ["tmux", "capture-pane", "-t", session, "-p"], stdout=subprocess.PIPE
            ).stdout.decode(errors="replace")
            if not pressed and "Glue Jobs" in screen:
                subprocess.run(["tmux", "send-keys", "-t", session, "3"])
                pressed = True
                continue
            rows = [l for l in screen.splitlines() if "job-0" in l and "glueetl" in l]
            now = time.perf_counter() - start
            if pressed and rows and first_row is None:
                first_row = now
            if rows and all("…" not in l.split("glueetl", 1)[1][:40] for l in rows):
                in_view = now
                break
            time.sleep(0.02)
    finally:
        subprocess.run(["tmux", "kill-session", "-t", session], stderr=subprocess.DEVNULL)
    return first_row, in_view


def main():
    venv, dsadmin, n, runs = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
    env = dict(
        os.environ,
        AWS_ACCESS_KEY_ID="testing",
        AWS_SECRET_ACCESS_KEY="testing",
        AWS_DEFAULT_REGION=REGION,
        AWS_REGION=REGION,
        AWS_EC2_METADATA_DISABLED="true",
    )
    env.pop("AWS_PROFILE", None)
    moto, port = start_moto(venv)
    try:
        t = time.perf_counter()
        seed(port, n)
        print(f"seeded {n} Glue jobs (tagged, every tenth run once) in {time.perf_counter() - t:.1f} s")
        endpoint = f"http://127.0.0.1:{port}"
        aws = [os.path.join(venv, "bin", "aws"), "--endpoint-url", endpoint, "glue", "get-jobs", "--output", "json"]
        ours = [dsadmin, "--endpoint-url", endpoint, "--region", REGION, "get", "jobs", "-o", "json"]
        a, d, floor = [], [], []
        for _ in range(runs):
            # Alternated, so both see the same machine.
            took, out = timed(aws, env)
            a.append(took)
            assert len(json.loads(out)["Jobs"]) == n
            took, out = timed(ours, env)
            d.append(took)
            assert len(json.loads(out)) == n
            floor.append(raw_get_jobs(port)[0])
        ma, md, mf = statistics.median(a), statistics.median(d), statistics.median(floor)
        print(f"\n1. list {n} jobs as JSON, median of {runs}:")
        print(f"   aws glue get-jobs --output json   {ma:6.2f} s")
        print(f"   dsadmin get jobs -o json          {md:6.2f} s   ({ma / md:.1f}x faster)")
        print(f"   moto alone (raw GetJobs pages)    {mf:6.2f} s   (the floor either client can reach)")
        print(f"   dsadmin / moto alone: {md / mf:.2f} (1.00 = all of dsadmin's time is the server's)")

        proxy = counting_proxy(port)
        via = f"http://127.0.0.1:{proxy.server_address[1]}"
        wide = [dsadmin, "--endpoint-url", via, "--region", REGION, "get", "jobs", "--wide", "-o", "json"]
        took, out = timed(wide, env)
        rows = json.loads(out)
        per_job = sum(Counting.counts.get(k, 0) for k in ("GetJobRuns", "GetTags"))
        bulk = Counting.counts.get("GetResources", 0)
        print(f"\n2. dsadmin get jobs --wide -o json: {took:.2f} s, {len(rows)} rows")
        for op, count in sorted(Counting.counts.items()):
            print(f"   {op:<22} {count:6d}")
        print(f"   per-job requests: {per_job / n:.2f} per job; tags for all in {bulk} GetResources pages")
        print(f"   rows with every wide field known: {sum(1 for r in rows if not r['unknown'])}")
        proxy.shutdown()

        first, filled = tui_timings(dsadmin, endpoint, env)
        print(f"\n3. TUI, Jobs tab over {n} jobs (tmux 160x45):")
        print(f"   first rows on screen after {first:.2f} s" if first else "   no job row seen in 60 s")
        print(f"   rows in view filled in after {filled:.2f} s" if filled else "   rows in view not filled in 60 s")
    finally:
        moto.kill()


if __name__ == "__main__":
    main()
