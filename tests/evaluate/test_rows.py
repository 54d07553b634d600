"""Bad evaluation files exit 2 naming the file, line, field and what is allowed; the size limit is instant."""

from __future__ import annotations

import os
import time

import pytest
from typer.testing import CliRunner

from selector.cli.app import app
from selector.evaluate.rows import parse_rows

runner = CliRunner()
M = "gemini-2.5-flash"
HEADER = "id,model,prediction,reference\n"


def _fails(path, *expected, task="classification"):
    result = runner.invoke(app, ["evaluate", str(path), "--task", task])
    assert result.exit_code == 2, result.output
    message = result.stderr
    assert "Traceback" not in message
    for text in expected:
        assert text in message, message
    return message


def test_missing_columns(write):
    path = write("d.csv", "id,model,prediction\n1,gemini-2.5-flash,yes\n")
    _fails(path, "d.csv:1", "reference", "missing required column")


def test_missing_key_in_jsonl_names_the_line(write):
    path = write("d.jsonl", f'{{"id": 1, "model": "{M}", "prediction": "a", "reference": "a"}}\n'
                            f'{{"id": 2, "model": "{M}", "prediction": "a"}}\n')
    _fails(path, "d.jsonl:2", "reference: missing")


def test_unknown_model_id_suggests_the_nearest(write):
    path = write("d.csv", HEADER + "1,gemini-2.5-flsh,yes,yes\n")
    _fails(path, "d.csv:2", "model", "'gemini-2.5-flsh' is not a catalog id", "did you mean 'gemini-2.5-flash'")


def test_empty_prediction(write):
    path = write("d.csv", HEADER + f"1,{M},yes,yes\n2,{M},,no\n")
    _fails(path, "d.csv:3", "prediction: empty")


def test_mixed_tasks(write):
    path = write("d.jsonl", f'{{"id": 1, "model": "{M}", "prediction": "a", "reference": "a", "task": "classification"}}\n'
                            f'{{"id": 2, "model": "{M}", "prediction": "a", "reference": "b", "task": "summarization"}}\n')
    _fails(path, "d.jsonl:2", "task", "'summarization' differs from --task classification")


def test_unknown_column_and_strategy(write):
    _fails(write("a.csv", "id,model,prediction,reference,stratgy\n1,x,y,z,rag\n"), "stratgy", "did you mean 'strategy'")
    _fails(write("b.csv", "id,model,prediction,reference,strategy\n" + f"1,{M},y,y,finetune\n"),
           "b.csv:2", "strategy", "allowed: prompt_engineering")


def test_unknown_task_lists_the_allowed(write):
    _fails(write("d.csv", HEADER + f"1,{M},a,a\n"), "--task", "allowed: classification", task="chat")


def test_duplicate_rows_and_conflicting_references(write):
    _fails(write("a.csv", HEADER + f"1,{M},a,a\n1,{M},b,a\n"), "a.csv:3", "appears twice", "first on line 2")
    _fails(write("b.csv", HEADER + f"1,{M},a,a\n1,openai.gpt-oss-120b-1:0,b,b\n"), "b.csv:3", "different reference")


def test_binary_file(tmp_path):
    path = tmp_path / "d.csv"
    path.write_bytes(b"id,model,prediction,reference\n1,\x00\x01\x02,a,b\n")
    _fails(path, "binary data")


def test_not_utf8(tmp_path):
    path = tmp_path / "d.csv"
    path.write_bytes(HEADER.encode() + b"1,m,\xff\xfe,a\n")
    _fails(path, "not UTF-8", "d.csv:2")


def test_size_limit_is_refused_in_under_a_second(tmp_path):
    path = tmp_path / "big.jsonl"
    with path.open("wb") as fh:  # a sparse 100 MB + 1 byte file: nothing is written but its length
        fh.truncate(100_000_001)
    start = time.process_time()  # CPU time: the file is refused from its size, never read (wall time varies with load)
    message = _fails(path, "100,000,001 bytes", "the limit is 100,000,000 bytes")
    assert time.process_time() - start < 1.0, message


def test_only_regular_files(tmp_path):
    _fails(tmp_path, "a directory")
    fifo = tmp_path / "pipe.csv"
    os.mkfifo(fifo)
    start = time.perf_counter()  # wall time: opening the FIFO would block (waiting, not computing)
    _fails(fifo, "not a regular file")
    assert time.perf_counter() - start < 5.0


def test_unknown_suffix(write):
    _fails(write("d.txt", HEADER), "unknown file type '.txt'", "allowed: .jsonl")


def test_problems_are_all_reported_with_their_lines():
    text = HEADER + f"1,{M},,a\n2,nope,a,a\n3,{M},a,\n"
    with pytest.raises(Exception) as info:
        parse_rows(text, "csv", "classification", [M], "d.csv")
    lines = str(info.value).splitlines()
    assert [line.split(": ")[0] for line in lines] == ["d.csv:2", "d.csv:3", "d.csv:4"]
    assert [line.split(": ")[1] for line in lines] == ["prediction", "model", "reference"]


def test_jsonl_reference_lists_and_numbers():
    text = (f'{{"id": 1, "model": "{M}", "prediction": "Paris", "reference": ["Paris", "paris, France"], '
            f'"latency_ms": 812, "cost_usd": 0.0001}}\n')
    data = parse_rows(text, "jsonl", "question_answering", [M])
    row = data.rows[0]
    assert row.reference == ("Paris", "paris, France") and row.latency_ms == 812 and row.strategy == "prompt_engineering"
