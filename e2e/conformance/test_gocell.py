"""The Jupyter kernel conformance suite (Debian's python3-jupyter-kernel-test)
run against the installed gocell kernelspec.

Run with Debian's interpreter, after `gocell install` put the spec where
JUPYTER_PATH points:

    /usr/bin/python3 -m unittest -v e2e/conformance/test_gocell.py
"""

import unittest

import jupyter_kernel_test as jkt


class GocellKernelTests(jkt.KernelTests):
    kernel_name = "gocell"
    language_name = "go"
    file_extension = ".go"

    code_hello_world = 'fmt.Println("hello, world")'
    code_stderr = 'fmt.Fprintln(os.Stderr, "to stderr")'

    completion_samples = [
        {"text": "fmt.Sprin", "matches": {"Sprint", "Sprintf", "Sprintln"}},
        {"text": "strings.ToUp", "matches": {"ToUpper", "ToUpperSpecial"}},
    ]

    complete_code_samples = ["1 + 1", "x := 1", "func f() int { return 1 }", "%who"]
    incomplete_code_samples = ["func f() {", "xs := []int{1,", "y := 1 +"]
    invalid_code_samples = ["x := 1 }"]

    code_page_something = "%help fmt.Println"

    code_generate_error = 'panic("boom")'

    code_execute_result = [
        {"code": "1 + 2", "result": "3"},
        {"code": '"go" + "pher"', "result": '"gopher"'},
        {"code": "[]int{1, 2, 3}", "result": "[1 2 3]"},
    ]
    code_history_pattern = "1 + *"
    supported_history_operations = ("tail", "range", "search")

    code_inspect_sample = "fmt.Println"

    code_display_data = [
        {"code": 'display.HTML("<b>こんにちは</b>")', "mime": "text/html"},
        {"code": "display.Image(image.NewGray(image.Rect(0, 0, 8, 8)))", "mime": "image/png"},
        {"code": 'display.Markdown("**bold**")', "mime": "text/markdown"},
    ]
    code_clear_output = 'fmt.Println("soon gone")\ndisplay.Clear(false)'

    def test_display_updates_in_place(self):
        """A display handle shown once and updated three times gives one
        display_data and then update_display_data messages, all with the
        same display_id, as JupyterLab needs to redraw it in place."""
        self.flush_channels()
        code = (
            "h := display.NewHandle()\n"
            'h.Text("step 0")\n'
            "for i := 1; i <= 3; i++ { h.Text(fmt.Sprint(\"step \", i)) }"
        )
        reply, outputs = self.execute_helper(code)
        self.assertEqual(reply["content"]["status"], "ok")
        kinds = [m["msg_type"] for m in outputs]
        self.assertEqual(kinds, ["display_data"] + ["update_display_data"] * 3)
        ids = {m["content"]["transient"]["display_id"] for m in outputs}
        self.assertEqual(len(ids), 1, ids)
        texts = [m["content"]["data"]["text/plain"] for m in outputs]
        self.assertEqual(texts, ["step 0", "step 1", "step 2", "step 3"])

    def test_rich_result(self):
        """A gonum matrix as a cell's value is shown as an HTML table beside
        its text form."""
        self.flush_channels()
        reply, outputs = self.execute_helper("mat.NewDense(2, 2, []float64{1, 2, 3, 4})")
        self.assertEqual(reply["content"]["status"], "ok")
        results = [m for m in outputs if m["msg_type"] == "execute_result"]
        self.assertEqual(len(results), 1)
        data = results[0]["content"]["data"]
        self.assertIn("<table", data["text/html"])
        self.assertIn("text/plain", data)


if __name__ == "__main__":
    unittest.main()
