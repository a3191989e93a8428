"""Tests for report.py and benchtool.py on hand-written generator output (tests/fixtures).

Run: python3 -m unittest discover -s bench/peers/tests
"""
import io
import json
import os
import pathlib
import subprocess
import sys
import tempfile
import unittest
from contextlib import redirect_stdout

HERE = pathlib.Path(__file__).resolve().parent
FIXTURES = HERE / "fixtures"
sys.path.insert(0, str(HERE.parent))
sys.dont_write_bytecode = True  # keep __pycache__ out of the source tree

import benchtool  # noqa: E402
import report  # noqa: E402


def render(*extra):
    out = io.StringIO()
    with redirect_stdout(out):
        report.main(["table", "--results", str(FIXTURES / "sample-runs.jsonl"),
                     "--machine", str(FIXTURES / "sample-machine.json"),
                     "--startup", str(FIXTURES / "sample-startup.json"), *extra])
    return out.getvalue()


def row(text, section, label):
    """Returns the cells of the table row for label under the ### heading section."""
    body = text.split(f"### {section}", 1)[1].split("###", 1)[0]
    for line in body.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if cells[0] == label:
            return cells
    raise AssertionError(f"no row {label!r} under {section!r}")


class ReportTests(unittest.TestCase):
    def test_cells_show_median_with_min_and_max_of_the_rounds(self):
        cells = row(render(), "Ping-pong", "Netwright echo (handler style)")
        self.assertEqual(cells[1], "110,000 (100,000–120,000)")
        self.assertEqual(cells[5], "800 (700–900)")
        self.assertEqual(cells[-1], "3/3")

    def test_ratio_is_netwright_median_over_peer_median(self):
        cells = row(render(), "Ping-pong", "Kestrel connection handler")
        self.assertEqual(cells[2], "2.00×")   # 110,000 / 55,000 round trips/s
        self.assertEqual(cells[6], "0.53×")   # 800 / 1,500 µs p99
        self.assertEqual(row(render(), "Hold", "C epoll")[4], "32.00×")  # 2048 / 64 bytes per connection

    def test_hold_shows_the_time_to_the_milestone_titled_with_its_count(self):
        text = render()
        self.assertIn("First 10,000 open, s (lower is better)", text)
        self.assertEqual(row(text, "Hold", "C epoll")[7:9], ["0.32", "1.25×"])  # 0.4 / 0.32 s
        self.assertEqual(row(text, "Hold", "Python socketserver (threads)")[7], "—")  # never reached 10,000

    def test_failed_rounds_are_left_out_of_the_median_and_counted(self):
        cells = row(render(), "Ping-pong", "C epoll")
        self.assertEqual(cells[1], "210,000 (200,000–220,000)")
        self.assertEqual(cells[-1], "1/3")

    def test_a_server_without_any_result_gets_a_failure_row_with_the_reason(self):
        cells = row(render(), "Ping-pong", "Python socketserver (threads)")
        self.assertEqual(cells[1], "failed: server did not start: the process exited: python3 not found")
        self.assertEqual(cells[-1], "0/3")

    def test_udp_ratios_use_the_netwright_udp_server(self):
        self.assertEqual(row(render(), "UDP", "C recvmmsg/sendmmsg")[2], "0.50×")

    def test_missing_values_show_a_dash(self):
        cells = row(render(), "Hold", "Python socketserver (threads)")
        self.assertEqual(cells[3], "—")

    def test_failures_errors_and_limits_are_listed(self):
        text = render()
        self.assertIn("- C epoll, pingpong, round 2: failed — generator killed", text)
        self.assertIn("- C epoll, pingpong, round 3: errors — connection 7: reset", text)
        self.assertIn("round 1: ok — stopped at the 30 s hold limit", text)

    def test_startup_ratio_is_of_the_medians(self):
        self.assertIn("Start-up ratio netwright/hello: 1.50× (medians).", render())

    def test_header_names_machine_settings_and_notes(self):
        text = render("--settings", "3 rounds", "--note", "taskset missing")
        self.assertIn("2 CPUs, Test CPU, Linux 6.0.0-test, .NET SDK 10.0.100", text)
        self.assertIn("Settings: 3 rounds", text)
        self.assertIn("- Note: taskset missing", text)

    def test_timestamp_to_echo_ratio_is_reported_against_the_target(self):
        text = render()
        self.assertIn("**Timestamp/echo ping-pong ratio** (target ≥ 0.90×): 0.91× (meets the target): "
                      "timestamp service median 100,000 round trips/s ÷ echo service (handler style) "
                      "median 110,000", text)
        # Under the ping-pong table, before the stream one.
        self.assertLess(text.index("Timestamp/echo"), text.index("### Stream"))
        self.assertGreater(text.index("Timestamp/echo"), text.index("### Ping-pong"))

    def test_timestamp_ratio_below_the_target_says_so(self):
        runs = self.fixture_runs()
        for r in runs:
            if r["server"] == "nw-timestamp":
                r["result"]["roundTripsPerSecond"] = 55000
        self.assertIn("0.50× (below the target)", self.render_runs(runs))

    def test_timestamp_ratio_without_an_error_free_timestamp_run_is_not_measured(self):
        runs = self.fixture_runs()
        for r in runs:
            if r["server"] == "nw-timestamp":
                r["status"] = "errors"
                r["reason"] = "connection 0: reply byte at offset 0 is 0x41, expected '[' opening the timestamp"
        text = self.render_runs(runs)
        self.assertIn("not measured: no error-free run of the timestamp service.", text)

    def test_no_timestamp_line_without_timestamp_runs(self):
        runs = [r for r in self.fixture_runs() if r["server"] != "nw-timestamp"]
        self.assertNotIn("Timestamp/echo", self.render_runs(runs))

    @staticmethod
    def twocore_runs(rates):
        """One error-free two-core run per server, at the given round trips/s."""
        labels = {"nw-epoll-1r": "Netwright epoll, 1 reactor", "nw-epoll-2r": "Netwright epoll, 2 reactors",
                  "nw-sockets": "Netwright sockets engine", "kestrel": "Kestrel connection handler",
                  "epoll-2t": "C epoll, 2 threads"}
        runs = []
        for server, rate in rates.items():
            result = {"mode": "pingpong", "connections": 100, "size": 32, "durationSeconds": 5.0, "ok": True,
                      "roundTripsPerSecond": rate, "latencyMicroseconds": {"p50": 500, "p99": 900},
                      "errors": {"refused": 0, "reset": 0, "timeout": 0, "mismatch": 0, "other": 0}}
            runs.append({"server": server, "label": labels[server], "mode": "twocore", "round": 1, "exit": 0,
                         "result": result, "status": "ok"})
        return runs

    def test_two_core_table_states_that_nothing_is_pinned_and_takes_ratios_against_two_reactors(self):
        text = self.render_runs(self.twocore_runs(
            {"nw-epoll-1r": 100000, "nw-epoll-2r": 120000, "nw-sockets": 110000, "kestrel": 100000, "epoll-2t": 125000}))
        self.assertIn("### Ping-pong on two cores: every server may use both cores and the generator runs on both", text)
        self.assertIn("nothing pinned", text)
        self.assertEqual(row(text, "Ping-pong on two cores", "Netwright epoll, 1 reactor")[2], "1.20×")

    def test_two_core_targets_say_which_are_met_and_by_how_much_one_is_missed(self):
        text = self.render_runs(self.twocore_runs(
            {"nw-epoll-1r": 100000, "nw-epoll-2r": 105000, "nw-sockets": 100000, "kestrel": 105000, "epoll-2t": 125000}))
        self.assertIn("- vs Netwright epoll, 1 reactor (target at least 1.10×): 1.05× (misses the target by 5%)", text)
        self.assertIn("- vs Netwright sockets engine (target at least 1.00×): 1.05× (meets the target)", text)
        # Ahead of Kestrel means strictly more: a tie misses.
        self.assertIn("- vs Kestrel connection handler (target above 1.00×): 1.00× (misses the target by 0%)", text)
        self.assertIn("- vs C epoll, 2 threads (target at least 0.90×): 0.84× (misses the target by 7%)", text)

    def test_two_core_target_without_a_peer_run_is_not_measured(self):
        text = self.render_runs(self.twocore_runs({"nw-epoll-2r": 120000, "nw-epoll-1r": 100000}))
        self.assertIn("1.20× (meets the target)", text)
        self.assertIn("(target above 1.00×): not measured: no error-free run of kestrel.", text)

    def test_no_two_core_section_without_two_core_runs(self):
        text = self.render_runs(self.fixture_runs())
        self.assertNotIn("two cores", text)
        self.assertNotIn("Two-core targets", text)

    @staticmethod
    def fixture_runs():
        with open(FIXTURES / "sample-runs.jsonl") as f:
            return [json.loads(line) for line in f if line.strip()]

    @staticmethod
    def render_runs(runs):
        with tempfile.TemporaryDirectory() as d:
            path = os.path.join(d, "runs.jsonl")
            pathlib.Path(path).write_text("".join(json.dumps(r) + "\n" for r in runs))
            out = io.StringIO()
            with redirect_stdout(out):
                report.main(["table", "--results", path, "--machine", str(FIXTURES / "sample-machine.json")])
            return out.getvalue()

    def test_report_is_written_to_every_out_file(self):
        with tempfile.TemporaryDirectory() as d:
            a, b = os.path.join(d, "a.md"), os.path.join(d, "b.md")
            text = render("--out", a, "--out", b)
            self.assertEqual(pathlib.Path(a).read_text(), text)
            self.assertEqual(pathlib.Path(b).read_text(), text)


class RecordTests(unittest.TestCase):
    def record(self, stdout_text, stderr_text, exit_code):
        with tempfile.TemporaryDirectory() as d:
            out, err = os.path.join(d, "out"), os.path.join(d, "err")
            pathlib.Path(out).write_text(stdout_text)
            pathlib.Path(err).write_text(stderr_text)
            done = subprocess.run([sys.executable, str(HERE.parent / "benchtool.py"), "record", "--server", "epoll",
                                   "--label", "C epoll", "--mode", "pingpong", "--round", "2",
                                   "--exit", str(exit_code), "--stdout", out, "--stderr", err],
                                  capture_output=True, text=True, check=True)
            return json.loads(done.stdout), done.stderr

    def test_a_successful_run_keeps_the_generator_json(self):
        first = (FIXTURES / "sample-runs.jsonl").read_text().splitlines()[0]
        result = json.loads(first)["result"]
        entry, progress = self.record(json.dumps(result), "", 0)
        self.assertEqual(entry["status"], "ok")
        self.assertEqual(entry["result"], result)
        self.assertIn("C epoll, pingpong, round 2: ok; 100,000 round trips/s", progress)

    def test_a_run_with_errors_keeps_the_json_and_the_first_error_line(self):
        result = {"mode": "pingpong", "ok": False, "roundTripsPerSecond": 5.0, "megabytesPerSecond": 0.0}
        entry, _ = self.record(json.dumps(result), "progress\nconnection 3: reset by peer error\n", 1)
        self.assertEqual(entry["status"], "errors")
        self.assertEqual(entry["reason"], "connection 3: reset by peer error")

    def test_a_run_without_json_is_failed_with_the_reason(self):
        entry, _ = self.record("", "Unhandled exception: System.TypeLoadException: boom\n", 134)
        self.assertEqual(entry["status"], "failed")
        self.assertEqual(entry["reason"], "Unhandled exception: System.TypeLoadException: boom")

    def test_a_run_killed_at_the_limit_says_so(self):
        entry, _ = self.record("", "", 124)
        self.assertIn("time limit", entry["reason"])


class StartupTests(unittest.TestCase):
    def test_startup_times_each_command_and_reports_failures(self):
        out = io.StringIO()
        with redirect_stdout(out):
            benchtool.main(["startup", "--runs", "3", "--name", "true", "--command", "true",
                            "--name", "false", "--command", "false"])
        ok, failed = json.loads(out.getvalue())["startup"]
        self.assertEqual(ok["runs"], 3)
        self.assertLessEqual(ok["minMs"], ok["medianMs"])
        self.assertLessEqual(ok["medianMs"], ok["maxMs"])
        self.assertTrue(failed["error"].startswith("exit 1"))


if __name__ == "__main__":
    unittest.main()
