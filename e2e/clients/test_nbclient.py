"""Real-client test: Debian's nbclient (what nbconvert --execute and papermill
use) runs notebooks on the installed gocell kernelspec.

    /usr/bin/python3 e2e/clients/test_nbclient.py

Covers: a notebook run top to bottom with results, streams and execution
counts written back; an error cell stops the run with CellExecutionError
naming it (and a "raises-exception" tag lets the run go on); a cell that
exceeds its timeout is interrupted (interrupt_on_timeout) and the cells
after it still see the earlier variables.
"""

import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import nbformat  # noqa: E402
from nbclient import NotebookClient  # noqa: E402
from nbclient.exceptions import CellExecutionError  # noqa: E402

import harness  # noqa: E402

TIMEOUT = int(os.environ.get("GOCELL_TEST_TIMEOUT", "60"))


def notebook(*sources, tags=None):
    """A notebook of code cells (and one markdown cell up front); tags maps a
    cell index to its tags."""
    nb = nbformat.v4.new_notebook()
    nb.cells.append(nbformat.v4.new_markdown_cell("# a lesson"))
    for i, src in enumerate(sources):
        cell = nbformat.v4.new_code_cell(src)
        if tags and i in tags:
            cell.metadata["tags"] = tags[i]
        nb.cells.append(cell)
    return nb


def text_result(cell):
    for o in cell.outputs:
        if o.output_type == "execute_result":
            return o.data.get("text/plain")
    return None


def stdout(cell):
    return "".join(o.text for o in cell.outputs
                   if o.output_type == "stream" and o.name == "stdout")


def client(nb, **kw):
    return NotebookClient(nb, kernel_name=harness.KERNEL_NAME, timeout=TIMEOUT,
                          startup_timeout=TIMEOUT, **kw)


def check_run(cells):
    nb = notebook(cells["set"], cells["expr"], cells["print"])
    client(nb).execute()
    code = nb.cells[1:]
    assert [c.execution_count for c in code] == [1, 2, 3], [c.execution_count for c in code]
    assert text_result(code[1]) == "42", code[1].outputs
    assert stdout(code[2]) == "hi\n", code[2].outputs
    nbformat.validate(nb)


def check_error_stops(cells):
    nb = notebook(cells["set"], cells["error"], cells["expr"])
    try:
        client(nb).execute()
    except CellExecutionError as e:
        assert "boom" in str(e), str(e)
    else:
        raise AssertionError("no CellExecutionError for the failing cell")
    assert not nb.cells[3].outputs, f"the cell after the error ran: {nb.cells[3].outputs}"


def check_raises_exception_tag(cells):
    nb = notebook(cells["set"], cells["error"], cells["expr"], tags={1: ["raises-exception"]})
    client(nb).execute()
    err = [o for o in nb.cells[2].outputs if o.output_type == "error"]
    assert len(err) == 1 and "boom" in err[0].evalue, nb.cells[2].outputs
    assert text_result(nb.cells[3]) == "42", nb.cells[3].outputs


def check_timeout_interrupts(cells):
    nb = notebook(cells["set"], cells["long"], cells["expr"])
    start = time.monotonic()
    client(nb, timeout_func=lambda cell: 2 if cell.source == cells["long"] else TIMEOUT,
           interrupt_on_timeout=True, allow_errors=True).execute()
    took = time.monotonic() - start
    assert took < 20, f"the run took {took:.1f}s: the long cell was not interrupted"
    assert text_result(nb.cells[3]) == "42", nb.cells[3].outputs


def main():
    tally = harness.Tally(f"nbclient[{harness.KERNEL_NAME}]")
    cells = harness.cells_for(harness.KERNEL_NAME)
    tally.run("run a notebook: results, stdout, counts", check_run, cells)
    tally.run("an error stops the run with CellExecutionError", check_error_stops, cells)
    tally.run("raises-exception tag lets the run go on", check_raises_exception_tag, cells)
    tally.run("timeout interrupts the cell, later cells run", check_timeout_interrupts, cells)
    tally.finish()


if __name__ == "__main__":
    main()
