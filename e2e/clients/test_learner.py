"""Real-client test: a learner's session through jupyter_client, the way
someone works through the lessons in notebooks/ and then tries things of
their own. Each check is a surprise found by doing so, pinned:

    /usr/bin/python3 e2e/clients/test_learner.py

- a shape mistake names both shapes; a network trained on data of another
  width says both sizes before training;
- a training cell interrupted mid-run keeps its history and error, and the
  next cell trains on;
- `var z mat.Dense; z.Mul(a, b); z` shows the matrix, not its struct fields;
- a plot made with plot.New shows a Japanese title (skipped without a CJK
  font or PIL);
- a display handle ending a cell shows its id; Japanese output, history
  search for Japanese, %who.

Go only: with GOCELL_TEST_KERNEL naming a kernel of another language it
reports nothing run and fails.
"""

import base64
import io
import os
import shutil
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from jupyter_client.manager import start_new_kernel  # noqa: E402

import harness  # noqa: E402
from test_jupyter_client import TIMEOUT, result, run, stdout  # noqa: E402


def ok(kc, code, **kw):
    """Runs code, asserts it succeeded and returns its iopub messages."""
    reply, out, _ = run(kc, code, **kw)
    assert reply["status"] == "ok", (code, reply)
    return out


def check_shape_error(kc):
    ok(kc, "net := dnn.NewTwoLayerNet(2, 10, 2, 1)")
    reply, _, _ = run(kc, "net.Predict(mat.NewDense(5, 3, nil), false)")
    assert reply["status"] == "error", reply
    assert "5×3" in reply["evalue"] and "2×10" in reply["evalue"], reply["evalue"]


def check_trainer_input_size(kc):
    out = ok(kc, "train, _ := mnist.Train()\n"
                 "tr := dnn.Trainer{Model: net, Epochs: 1}\n"
                 "_, err := tr.Train(train, nil)\n"
                 "err")
    want = "dnn: Trainer: the model takes 2 inputs per example, the training data has 784 features"
    assert result(out) == want, result(out)


def check_interrupted_training(kc, km):
    ok(kc, "big, _ := dnn.NewMultiLayerNet(dnn.MultiLayerConfig{Input: 784, Hidden: []int{50}, Output: 10})\n"
           "long := &dnn.Trainer{Model: big, Epochs: 100, OptimizerName: \"adam\"}")
    started = {}

    def interrupt_soon():
        started["t"] = time.monotonic()
        time.sleep(1.5)
        km.interrupt_kernel()

    reply, _, _ = run(kc, "hist, err := long.Train(train, nil)", on_busy=interrupt_soon)
    assert reply["status"] == "error" and reply["ename"] == "Interrupt", reply
    assert time.monotonic() - started["t"] < 10, "the interrupt took too long"
    out = ok(kc, "fmt.Println(len(hist.Loss) > 0, err)")
    text = stdout(out)
    # Stopped in a step or in the per-epoch evaluation, by the interrupt.
    assert text.startswith("true dnn: training stopped "), text
    assert text.rstrip().endswith("interrupted"), text
    # The trainer carries on from where it stopped.
    out = ok(kc, "long.Epochs = 1\nh2, err2 := long.Train(train, nil)\n"
                 "fmt.Println(len(h2.Loss), err2)")
    assert stdout(out) == "600 <nil>\n", stdout(out)


def check_matrix_value(kc):
    out = ok(kc, "A := mat.NewDense(2, 3, []float64{1, 2, 3, 4, 5, 6})\n"
                 "var At mat.Dense\nAt.Mul(A, A.T())\nAt")
    data = next(m["content"]["data"] for m in out if m["msg_type"] == "execute_result")
    assert data["text/plain"] == "2×2 mat.Dense\n14  32\n32  77", data["text/plain"]
    assert "<caption>2×2 mat.Dense</caption>" in data.get("text/html", ""), data.keys()


def dark_rows_at_top(png_b64, rows=40):
    """The number of dark pixels in the top rows of a PNG."""
    from PIL import Image
    img = Image.open(io.BytesIO(base64.b64decode(png_b64))).convert("L")
    w, _ = img.size
    return sum(1 for y in range(rows) for x in range(w) if img.getpixel((x, y)) < 128)


def check_japanese_plot_title(kc):
    try:
        import PIL  # noqa: F401
    except ImportError:
        print("  (skipped: no PIL to read the PNG)")
        return
    out = ok(kc, "fam, _ := chart.FontName()\nfam != \"\"")
    if result(out) != "true":
        print("  (skipped: no CJK font installed)")
        return
    out = ok(kc, "jp := plot.New()\njp.Title.Text = \"損失の推移\"\n"
                 "jp.X.Min, jp.X.Max, jp.Y.Min, jp.Y.Max = 0, 1, 0, 1\njp")
    data = next(m["content"]["data"] for m in out if m["msg_type"] == "execute_result")
    n = dark_rows_at_top(data["image/png"])
    assert n > 100, f"{n} dark pixels where the title goes"


def check_handle_and_japanese(kc):
    out = ok(kc, "h := display.NewHandle()\nh")
    assert result(out).startswith("display.Handle gocell-"), result(out)
    assert result(out).endswith(" (nothing shown yet)"), result(out)
    out = ok(kc, 'fmt.Println("こんにちは、世界")')
    assert stdout(out) == "こんにちは、世界\n", stdout(out)
    kc.history(hist_access_type="search", pattern="*こんにちは*", raw=True, output=False)
    reply = kc.get_shell_msg(timeout=TIMEOUT)["content"]
    assert [h[2] for h in reply["history"]] == ['fmt.Println("こんにちは、世界")'], reply
    out = ok(kc, "%who")
    for name in ("net", "train", "At"):
        assert any(line.split()[:1] == [name] for line in stdout(out).splitlines()), stdout(out)


def main():
    tally = harness.Tally(f"learner[{harness.KERNEL_NAME}]")
    if harness.cells_for(harness.KERNEL_NAME) is not harness.CELLS["go"]:
        print("the learner's cells are Go: run against gocell", flush=True)
        tally.finish()
    # A history of its own: the search below must not find other runs' cells.
    hist_dir = tempfile.mkdtemp(prefix="gocell-learner-history-")
    km, kc = start_new_kernel(kernel_name=harness.KERNEL_NAME,
                              env={**os.environ, "GOCELL_HISTORY_DIR": hist_dir})
    try:
        tally.run("a shape mistake names both shapes", check_shape_error, kc)
        tally.run("a trainer says the model and data widths differ", check_trainer_input_size, kc)
        tally.run("interrupted training keeps its history; training goes on",
                  check_interrupted_training, kc, km)
        tally.run("a mat.Dense value shows as a matrix", check_matrix_value, kc)
        tally.run("a plot.New plot shows a Japanese title", check_japanese_plot_title, kc)
        tally.run("handle, Japanese output, history search, %who", check_handle_and_japanese, kc)
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=True)
        shutil.rmtree(hist_dir, ignore_errors=True)
    tally.finish()


if __name__ == "__main__":
    main()
