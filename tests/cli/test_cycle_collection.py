"""The CLI and Python's cyclic garbage collector: one-shot commands run without it, the process entry point
freezes the heap as it exits, and neither leaks into a caller that runs main() in-process."""

from __future__ import annotations

from pathlib import Path

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


def test_one_shot_commands_run_without_the_cycle_collector_and_restore_it(monkeypatch):
    """recommend runs with Python's cyclic collector off (selector.collector.paused: it only
    walks the heap for nothing there) and leaves it as it found it, even when the command fails; a main() called
    with arguments (from Python, as here) freezes nothing."""
    import gc

    from selector.cli.app import main
    from selector.collector import paused

    seen = []
    for enabled in (True, False):
        (gc.enable if enabled else gc.disable)()
        try:
            with paused():
                seen.append(gc.isenabled())
                raise KeyError("boom")
        except KeyError:
            pass
        assert gc.isenabled() is enabled
    gc.enable()
    assert seen == [False, False]
    frozen = gc.get_freeze_count()
    from selector.cli import recommend_cmd

    during = []
    real = recommend_cmd._recommend
    monkeypatch.setattr(recommend_cmd, "_recommend", lambda *a: during.append(gc.isenabled()) or real(*a))
    try:
        main(["recommend", str(EXAMPLES / "generic-chat-low-volume.yaml"), "--format", "json", "--samples", "100"])
    except SystemExit as exc:
        assert exc.code in (0, None)
    assert during == [False] and gc.isenabled() and gc.get_freeze_count() == frozen


def test_the_process_entry_point_freezes_the_heap_before_exit():
    """``selector`` (main() without arguments) moves what is alive out of the collector's reach as it ends, so
    the interpreter's last full collection does not walk it (docs/benchmarks.md); an error exit does too."""
    import subprocess
    import sys

    code = ("import gc, sys\nfrom selector.cli.app import main\nsys.argv = ['selector', *sys.argv[1:]]\n"
            "try:\n    main()\nexcept SystemExit as exc:\n    print(exc.code, gc.get_freeze_count() > 1000)\n")
    for args, status in ((["--version"], "0"), (["recommend", "no-such-file.yaml"], "2")):
        out = subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True, timeout=120,
                             check=False)
        assert out.stdout.split()[-2:] == [status, "True"], (out.stdout, out.stderr)


def test_the_console_script_runs_without_the_collector_and_the_dashboard_turns_it_on(monkeypatch):
    """``selector`` (selector.cli.entry, also ``python -m selector``) switches the cyclic collector off before it
    imports the CLI, so the imports and the catalog load run without it too (docs/benchmarks.md); the dashboard,
    a long-running server, turns it back on before it builds its app."""
    import subprocess
    import sys

    code = ("import gc, sys\nsys.argv = ['selector', *sys.argv[1:]]\nimport selector.cli.entry as entry\n"
            "import builtins\nreal_import = builtins.__import__\nseen = []\n"
            "def spy(name, *a, **k):\n    if name == 'selector.cli.app' and not seen:\n"
            "        seen.append(gc.isenabled())\n        print('collector', seen[0])\n"
            "    return real_import(name, *a, **k)\n"
            "builtins.__import__ = spy\n"
            "entry.main()\n")
    out = subprocess.run([sys.executable, "-c", code, "--version"], capture_output=True, text=True, timeout=120,
                         check=False)
    assert out.returncode == 0 and "collector False" in out.stdout, (out.stdout, out.stderr[-2000:])
    script = Path(sys.executable).with_name("selector")
    if script.exists():  # the installed console script is this entry point
        assert "selector.cli.entry" in script.read_text(encoding="utf-8", errors="replace")

    import gc

    from selector.cli import dashboard_cmd

    seen = []

    def stop(*_a, **_k):
        seen.append(gc.isenabled())
        raise SystemExit(0)

    monkeypatch.setattr(dashboard_cmd, "check_port", stop)
    gc.disable()
    try:
        try:
            dashboard_cmd.dashboard(host="127.0.0.1", port=8050, catalog=[], allow_remote=False)
        except SystemExit:
            pass
        assert seen == [True]
    finally:
        gc.enable()


def test_the_console_script_ends_at_once_only_when_nothing_else_would_run_at_exit(tmp_path):
    """``selector`` ends without the interpreter's teardown once its output is flushed (selector.cli.entry._leave):
    the whole JSON answer arrives and the exit code is the command's (0, 3 for nothing qualifying, 2 for an
    input error); with an ``atexit`` callback registered (logging, temporary directories, coverage), the exit
    takes its usual course and the callback runs."""
    import json
    import subprocess
    import sys

    run = [sys.executable, "-m", "selector", "recommend"]
    out = subprocess.run([*run, str(EXAMPLES / "generic-chat-low-volume.yaml"), "--format", "json",
                          "--samples", "100"], capture_output=True, text=True, timeout=300, check=False)
    assert out.returncode == 0, out.stderr[-2000:]
    assert json.loads(out.stdout)["workloads"]  # all of it, flushed before the process ended
    infeasible = subprocess.run([*run, str(EXAMPLES / "infeasible-latency.yaml"), "--format", "json",
                                 "--samples", "100"], capture_output=True, text=True, timeout=300, check=False)
    assert infeasible.returncode == 3 and json.loads(infeasible.stdout)["status"] == "infeasible"
    missing = subprocess.run([*run, str(tmp_path / "no-such-file.yaml")], capture_output=True, text=True,
                             timeout=300, check=False)
    assert missing.returncode == 2 and "no-such-file.yaml" in missing.stderr
    code = ("import atexit, sys\natexit.register(lambda: print('atexit ran', flush=True))\n"
            "sys.argv = ['selector', '--version']\nfrom selector.cli.entry import main\nmain()\n")
    kept = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=False)
    assert kept.returncode == 0 and kept.stdout.rstrip().endswith("atexit ran"), (kept.stdout, kept.stderr)
