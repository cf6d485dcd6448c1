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


if __name__ == "__main__":
    unittest.main()
