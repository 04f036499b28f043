#!/usr/bin/env python3
"""Write the tree of one commit of a git directory into a folder.

    materialize.py GIT_DIR COMMIT DEST

Like `git archive COMMIT | tar -x`, but a blob the git directory lacks (a
snapshot may leave out its largest files) is skipped and listed on standard
error instead of aborting the copy. Symlinks are written as links; they are
never followed. Submodules (gitlinks) are skipped. python3 stdlib only.
"""
import os
import subprocess
import sys


def main():
    if len(sys.argv) != 4:
        sys.stderr.write(__doc__)
        return 2
    git_dir, commit, dest = sys.argv[1:]
    git = ["git", "--git-dir", git_dir]
    listing = subprocess.run(git + ["ls-tree", "-r", "-z", "--full-tree", commit],
                             check=True, stdout=subprocess.PIPE).stdout
    entries = []
    for rec in listing.split(b"\0"):
        if not rec:
            continue
        meta, path = rec.split(b"\t", 1)
        mode, kind, sha = meta.split(b" ")
        if kind != b"blob":
            continue  # gitlink (submodule)
        entries.append((mode.decode(), sha.decode(), path.decode("utf-8", "surrogateescape")))
    cat = subprocess.Popen(git + ["cat-file", "--batch"], stdin=subprocess.PIPE,
                           stdout=subprocess.PIPE)
    missing = []
    os.makedirs(dest, exist_ok=True)
    real_dest = os.path.realpath(dest)
    for mode, sha, path in entries:
        cat.stdin.write((sha + "\n").encode())
        cat.stdin.flush()
        header = cat.stdout.readline().split()
        if len(header) < 3 or header[1] == b"missing":
            missing.append(path)
            continue
        size = int(header[2])
        data = cat.stdout.read(size)
        cat.stdout.read(1)  # the newline after the object
        target = os.path.join(dest, path)
        if not os.path.realpath(os.path.dirname(target)).startswith(real_dest):
            continue  # never write through a link out of the copy
        os.makedirs(os.path.dirname(target), exist_ok=True)
        if os.path.lexists(target):
            os.remove(target)
        if mode == "120000":
            os.symlink(data.decode("utf-8", "surrogateescape"), target)
            continue
        with open(target, "wb") as f:
            f.write(data)
        if mode == "100755":
            os.chmod(target, 0o755)
    cat.stdin.close()
    cat.wait()
    if missing:
        sys.stderr.write("materialize: %d file(s) absent from %s, skipped: %s%s\n" % (
            len(missing), git_dir, ", ".join(missing[:5]), " …" if len(missing) > 5 else ""))
    return 0


if __name__ == "__main__":
    sys.exit(main())
