#!/usr/bin/env python3
"""Which B-trees the last commits in a database's WAL wrote, and how many pages each.

    python3 bench/wal_pages.py DB [COMMITS]

Reads DB-wal as it is on disk (stop the server with SIGKILL during a write load, so that the
WAL is not checkpointed away on a clean close), keeps the frames of the last COMMITS commits
[200] of the current WAL generation (frames whose salts match the header), and names each
frame's page through SQLite's dbstat table. Every frame a commit writes is paid three times:
two pwrites into the WAL and a copy into the database file by the checkpoint
(docs/performance.md, round 13).
"""
import collections
import sqlite3
import struct
import sys


def wal_frames(wal_path):
    try:
        data = open(wal_path, "rb").read()
    except OSError as error:
        sys.exit(f"cannot read {wal_path}: {error.strerror}")
    if len(data) < 32:
        return []
    page_size = struct.unpack(">I", data[8:12])[0]
    salts = data[16:24]
    frames = []
    offset = 32
    while offset + 24 + page_size <= len(data):
        page_number, size_after_commit = struct.unpack(">II", data[offset:offset + 8])
        if data[offset + 8:offset + 16] != salts:
            break  # a frame of an earlier generation: the WAL ends here
        frames.append((page_number, size_after_commit != 0))
        offset += 24 + page_size
    return frames


def main():
    if len(sys.argv) not in (2, 3):
        sys.exit(__doc__)
    database = sys.argv[1]
    wanted_commits = int(sys.argv[2]) if len(sys.argv) == 3 else 200
    frames = wal_frames(database + "-wal")
    commit_ends = [i for i, (_, commits) in enumerate(frames) if commits]
    if not commit_ends:
        sys.exit("no committed frames in " + database + "-wal")
    first = commit_ends[-wanted_commits - 1] + 1 if len(commit_ends) > wanted_commits else 0
    window = frames[first:commit_ends[-1] + 1]
    commits = sum(1 for _, commits in window if commits)
    pages = {page for page, _ in window}
    owner = {}
    connection = sqlite3.connect(f"file:{database}?mode=ro", uri=True)
    for name, page, page_type in connection.execute("SELECT name, pageno, pagetype FROM dbstat"):
        if page in pages:
            owner[page] = name + (" (overflow)" if page_type == "overflow" else "")
    counts = collections.Counter(owner.get(page, "(free or past the end)") for page, _ in window)
    print(f"{len(window)} frames in {commits} commits ({len(window) / commits:.1f} a commit)")
    for name, count in counts.most_common():
        print(f"{count:8d} {count / commits:7.2f} a commit  {name}")


if __name__ == "__main__":
    main()
