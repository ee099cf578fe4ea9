# SPDX-License-Identifier: MIT
# For the end-to-end tests on PostgreSQL (FEEDBACK_TEST_ENGINE=postgresql, tests/cli/lib.sh):
# runs one of the programs with each SQLite file name it would be given (--db, FEEDBACK_DB, or
# ./feedback.db) replaced by a PostgreSQL database of the test's throwaway server, one database
# per file name, created empty on first use (so a "missing file" is a database without the
# schema, which the programs refuse as they refuse a missing file). The database's URI in what
# the program prints is written back as the file name, so that the tests' expected output holds.
#
#   pg_wrap.py CLUSTER_DIR WORK PROGRAM ARGS...
#
# The databases made for a test are listed in WORK/pg-databases (one name a line): the test
# drops them when it ends (lib.sh), and a name listed there is not looked up again, so that a
# program call costs one python start and no psql call once its database exists.
import hashlib
import os
import stat
import subprocess
import sys

cluster, work, program, args = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4:]
listed = os.path.join(work, "pg-databases")


def known():
    try:
        with open(listed, encoding="ascii") as f:
            return set(f.read().split())
    except FileNotFoundError:
        return set()


def database_for(path):
    # The same name as lib.sh's pg_database gives.
    name = "f" + hashlib.sha1(os.path.abspath(path).encode()).hexdigest()[:20]
    if name not in known():
        admin = f"postgresql:///postgres?host={cluster}&user=feedback"
        # CREATE DATABASE fails harmlessly when it exists (made by load_state, or by a
        # program of the same test running beside this one).
        subprocess.run(["psql", "-qX", admin, "-c", f"CREATE DATABASE {name}"],
                       capture_output=True, check=False)
        with open(listed, "a", encoding="ascii") as f:
            f.write(name + "\n")
    return f"postgresql:///{name}?host={cluster}&user=feedback"


names = {}


def mapped(path):
    if path.startswith("postgres") or "=" in path:
        return path
    if os.path.exists(path) and not os.path.isfile(path):
        return path  # a device or a directory: refused as no database, as on SQLite
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


def passed_on(stream):
    """A terminal or another device (/dev/full, /dev/null) is given to the program as it is
    (the tests of what a person sees there, or of a failed write): its text is not rewritten."""
    return stat.S_ISCHR(os.fstat(stream.fileno()).st_mode)


piped = subprocess.PIPE
proc = subprocess.run([program] + out_args, env=env,
                      stdout=None if passed_on(sys.stdout) else piped,
                      stderr=None if passed_on(sys.stderr) else piped)
for stream, text in ((sys.stdout, proc.stdout), (sys.stderr, proc.stderr)):
    if text is not None:
        for uri, path in names.items():
            text = text.replace(uri.encode(), path.encode())
        stream.buffer.write(text)
sys.exit(proc.returncode)
