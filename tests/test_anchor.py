"""Quote anchoring (issue 28 item 3): anchors written by `irru anchor`, resolved only in the hashed capture."""

from __future__ import annotations

import hashlib
from pathlib import Path

from hypothesis import assume, given, settings
from hypothesis import strategies as st
from pdfmake import pdf

from irru.anchor import Resolution, at, capture_text, fold, make, resolve
from irru.model import Anchor

PAGE = (
    "<html><head><title>Drones sent</title><script>var q = 'the drones were delivered in March';</script></head>"
    "<body><h1>Drones sent</h1><p>The ministry said on Friday that “the drones were delivered in March” to the"
    " front.</p><p>Officials declined to comment further. The ministry repeated: the drones were delivered in"
    " March.</p><p>Another sentence of the page stands here.</p></body></html>"
)


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def test_capture_text_is_what_a_reader_sees_folded() -> None:
    text = capture_text(PAGE.encode(), "html")
    assert text.startswith('Drones sent Drones sent The ministry said on Friday that "the drones were delivered')
    assert "var q" not in text


def test_words_found_twice_are_ambiguous_until_an_occurrence_is_given() -> None:
    text = capture_text(PAGE.encode(), "html")
    got = make(text, "the drones were delivered in March", "0" * 64)
    assert got == Resolution("ambiguous", "the quoted words occur 2 times in the capture; say which (--occurrence N)")
    second = make(text, "the drones were delivered in March", "0" * 64, occurrence=2)
    assert isinstance(second, Anchor)
    assert text[second.start : second.end] == "the drones were delivered in March"
    assert second.prefix == " comment further. The ministry repeated: "[-32:]
    assert resolve(second, "the drones were delivered in March", text, "0" * 64).status == "exact"


def test_resolution_exact_moved_ambiguous_orphan() -> None:
    text = "Alpha said one thing. Beta said the other thing. Gamma said one thing."
    sha = "a" * 64
    anchor = make(text, "Beta said the other thing.", sha)
    assert isinstance(anchor, Anchor)
    assert resolve(anchor, "Beta said the other thing.", text, sha) == Resolution("exact", "at its offsets", 22, 48)
    shifted = Anchor(anchor.exact, 3, 29, sha, anchor.prefix, anchor.suffix)
    assert resolve(shifted, "Beta said the other thing.", text, sha) == Resolution(
        "moved", "found at 22-48, not at 3-29", 22, 48
    )
    twice = Anchor("said one thing.", 0, 15, sha, "", "")
    assert resolve(twice, "said one thing.", text, sha) == Resolution(
        "ambiguous", "the anchored words occur 2 times and their context does not tell which"
    )
    assert resolve(anchor, "Gamma said one thing.", text, sha).status == "orphan"  # the quote swapped
    assert resolve(anchor, "Beta said the other thing.", text, "b" * 64) == Resolution(
        "orphan", "the capture is not the one anchored (sha256 aaaaaaaaaaaa…, this one bbbbbbbbbbbb…)"
    )
    assert resolve(anchor, "Beta said the other thing.", text.replace("Beta", "Bêta"), sha) == Resolution(
        "orphan", "the anchored words are not in the capture"
    )


def test_a_pdf_capture_is_searched_in_its_extracted_text() -> None:
    data = pdf(["The ministry said the drones were", "delivered in March.", "Another line."])
    text = capture_text(data, "pdf")
    anchor = make(text, "the drones were delivered in March.", _sha(data))
    assert isinstance(anchor, Anchor)
    assert (anchor.start, anchor.end, anchor.prefix) == (18, 53, "The ministry said ")
    assert resolve(anchor, "the drones were delivered in March.", text, _sha(data)).status == "exact"


_DOCS = st.text(alphabet="ab .,\u2019\n", min_size=1, max_size=80)


@settings(max_examples=200, deadline=None)
@given(doc=_DOCS, data=st.data())
def test_anchor_then_resolve_gives_the_same_span_and_any_change_inside_gives_orphan(
    doc: str, data: st.DataObject
) -> None:
    text = fold(doc)
    assume(text)
    start = data.draw(st.integers(0, len(text) - 1))
    end = data.draw(st.integers(start + 1, len(text)))
    quote = text[start:end]
    assume(quote == quote.strip())  # a quote as a log holds it: no white space at its ends
    anchor = at(text, start, end, "c" * 64)
    assert resolve(anchor, quote, text, "c" * 64) == Resolution("exact", "at its offsets", start, end)
    i = data.draw(st.integers(0, len(quote) - 1))
    changed = quote[:i] + data.draw(st.sampled_from("abcZ .,'-")) + quote[i + 1 :]
    assume(fold(changed) != quote)  # curly and straight quotes, runs of spaces: the same text by design
    got = resolve(anchor, changed, text, "c" * 64)
    assert (got.status, got.start) == ("orphan", None)
    edited_doc = text[:start] + changed + text[end:]
    moved = resolve(anchor, quote, edited_doc, _sha(edited_doc.encode()))
    assert (moved.status, moved.start) == ("orphan", None)  # another capture: never resolved in it


def _log(tmp_path: Path, body: bytes, ext: str = "html") -> Path:
    captures = tmp_path / "log-captures"
    captures.mkdir()
    (captures / f"wire-a.{ext}").write_bytes(body)
    log = tmp_path / "log.yaml"
    log.write_text(
        f"""schema: 2
sources:
  - id: wire-a
    title: Drones reported sent
    publisher: Example Wire
    published: 2024-03-01
    url: https://wire.example/a
    kind: wire
    grade: B
    archive: {{accessed: "2024-03-02T10:00:00Z", sha256: {_sha(body)}, capture: log-captures/wire-a.{ext}}}
events:
  - id: drones-sent
    date: 2024-03
    title: Drones reported sent
    type: delivery
    claims:
      - source: wire-a
        stance: asserts
        quoted: true
        text: Officials declined to comment further.
      - source: wire-a
        stance: asserts
        quoted: true
        text: the drones were delivered in March
""",
        encoding="utf-8",
    )
    return log


def test_anchor_writes_anchors_and_check_archive_catches_a_swapped_quote(irru, tmp_path: Path) -> None:
    log = _log(tmp_path, PAGE.encode())
    r = irru("anchor", str(log))
    assert r.exit_code == 1
    assert r.stdout.splitlines() == [
        f"{log}:17: drones-sent claim 1: anchored at 108-146 of wire-a.html",
        f"{log}:21: drones-sent claim 2: ambiguous: the quoted words occur 2 times in the capture; say which"
        " (--occurrence N)",
        f"1 anchored, 1 not anchored; wrote {log} (old file kept as {log}.bak)",
    ]
    r = irru("anchor", str(log), "--event", "drones-sent", "--occurrence", "1")
    assert r.exit_code == 0
    assert "exact: the drones were delivered in March\n" in log.read_text(encoding="utf-8")
    assert irru("check", str(log), "--archive").exit_code == 0
    # the first quote swapped for another sentence of the same page: the old check (the words are somewhere in
    # the capture) would pass; the anchor does not
    text = log.read_text(encoding="utf-8")
    log.write_text(
        text.replace("text: Officials declined to comment further.", "text: Another sentence of the page stands here."),
        encoding="utf-8",
    )
    r = irru("check", str(log), "--archive")
    assert r.exit_code == 1
    problems = [line for line in r.stderr.splitlines() if ": warning: " not in line and "warning" not in line[:4]]
    assert next(line for line in problems if not line.endswith("as problems)")) == (
        f"{log}:17:9: quote of event 'drones-sent' in 'wire-a': orphan: the claim's text is not the anchored quote:"
        " re-anchor it (irru anchor) [anchors]"
    )


def test_anchor_in_a_pdf_capture(irru, tmp_path: Path) -> None:
    body = pdf(["Officials declined to comment", "further. The drones were delivered in March."])
    log = _log(tmp_path, body, "pdf")
    r = irru("anchor", str(log), "--dry-run")
    assert r.stdout.splitlines() == [
        f"{log}:17: drones-sent claim 1: anchored at 0-38 of wire-a.pdf",
        f"{log}:21: drones-sent claim 2: orphan: the quoted words are not in the capture (case, words and"
        " punctuation count)",
        "1 anchored, 1 not anchored; nothing written (--dry-run)",
    ]
    assert "anchor:" not in log.read_text(encoding="utf-8")
