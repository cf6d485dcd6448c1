"""Executes a notebook with nbclient, as `jupyter nbconvert --execute` does,
on the kernelspec named gocell (found through JUPYTER_PATH), and writes the
result.

    /usr/bin/python3 execute.py IN.ipynb OUT.ipynb

Cells tagged raises-exception may fail; any other error stops the run with a
non-zero exit, after writing what ran.
"""

import os
import sys

import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError


def main(src, dst):
    nb = nbformat.read(src, as_version=4)
    client = NotebookClient(
        nb,
        kernel_name="gocell",
        timeout=180,
        resources={"metadata": {"path": os.path.dirname(os.path.abspath(src))}},
    )
    status = 0
    try:
        client.execute()
    except CellExecutionError as e:
        print(str(e)[:2000], file=sys.stderr)
        status = 1
    nbformat.write(nb, dst)
    return status


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2]))
