# SPDX-License-Identifier: MIT
# For the end-to-end tests on PostgreSQL (FEEDBACK_TEST_ENGINE=postgresql, tests/cli/lib.sh):
# runs one of the programs with each SQLite file name it would be given (--db, FEEDBACK_DB, or
# ./feedback.db) replaced by a PostgreSQL database of the test's throwaway server, one database
# per file name, created empty on first use (so a "missing file" is a database without the
# schema, which the programs refuse as they refuse a missing file). The database's URI in what
# the program prints is written back as the file name, so that the tests' expected output holds.
#
#   pg_wrap.py CLUSTER_DIR PROGRAM ARGS...
import hashlib
import os
import subprocess
import sys

cluster, program, args = sys.argv[1], sys.argv[2], sys.argv[3:]


def database_for(path):
    name = "f" + hashlib.sha1(os.path.abspath(path).encode()).hexdigest()[:20]
    admin = f"postgresql:///postgres?host={cluster}&user=feedback"
    exists = subprocess.run(
        ["psql", "-qAt", admin, "-c", f"SELECT 1 FROM pg_database WHERE datname = '{name}'"],
        capture_output=True, text=True, check=True).stdout.strip()
    if exists != "1":
        subprocess.run(["psql", "-q", admin, "-c", f"CREATE DATABASE {name}"],
                       capture_output=True, check=False)
    return f"postgresql:///{name}?host={cluster}&user=feedback"


names = {}


def mapped(path):
    if path.startswith("postgres") or "=" in path:
        return path
    uri = database_for(path)
    names[uri] = path
    return uri


out_args = []
i = 0
given = False
while i < len(args):
    a = args[i]
    if a == "--db" and i + 1 < len(args):
        out_args += [a, mapped(args[i + 1])]
        given = True
        i += 2
        continue
    if a.startswith("--db="):
        out_args.append("--db=" + mapped(a[5:]))
        given = True
    else:
        out_args.append(a)
    i += 1

env = dict(os.environ)
if not given:
    env["FEEDBACK_DB"] = mapped(env.get("FEEDBACK_DB") or "feedback.db")

proc = subprocess.run([program] + out_args, env=env, capture_output=True)
out, err = proc.stdout, proc.stderr
for uri, path in names.items():
    out = out.replace(uri.encode(), path.encode())
    err = err.replace(uri.encode(), path.encode())
sys.stdout.buffer.write(out)
sys.stderr.buffer.write(err)
sys.exit(proc.returncode)
