"""`sidelines explain`: why a record exists, or why one is missing."""
from __future__ import annotations

from rich.console import Console

from sidelines.pipeline import Trace


def explain_document(trace: Trace, console: Console) -> None:
    prepared = trace.prepared
    doc = prepared.doc
    console.print(f"[bold]{doc.id}[/bold]  lang={prepared.lang}  published={doc.published}  "
                  f"source_country={doc.source_country}")
    by_sentence: dict[int, list] = {}
    for e in trace.events:
        for ev in e.evidence:
            if ev.doc_id != doc.id:
                continue
            for sa in trace.analysis.sentences:
                s = sa.sentence
                rs, re_ = prepared.text.raw_span(s.start, s.end)
                if rs == ev.start:
                    by_sentence.setdefault(s.index, []).append((e, ev))
    cands: dict[int, list] = {}
    for c in trace.reading.candidates:
        cands.setdefault(c.sentence, []).append(c)
    for sa in trace.analysis.sentences:
        s = sa.sentence
        rs, re_, text = prepared.raw(s.start, s.end)
        tag = " [furniture]" if s.furniture else (" [heading]" if s.heading else "")
        console.print(f"\n[dim]{s.index:>3} [{rs}:{re_}]{tag}[/dim] {text}", markup=True, highlight=False)
        if s.furniture:
            continue
        for p in sa.phrases:
            name = prepared.raw(*p.name)[2] if p.name else None
            console.print(f"      actor: role={p.role or ('counterpart' if p.counterpart else None)} "
                          f"parties={list(p.parties)}{' +our country' if p.our_country else ''} name={name} "
                          f"kb={p.person_id}", markup=False)
        for si, span, reason in trace.reading.rejected + trace.reading.dropped:
            if si == s.index:
                console.print(f"      [yellow]no event[/yellow] from «{prepared.raw(*span)[2]}»: {reason}", highlight=False)
        for c in cands.get(s.index, []):
            trig = prepared.raw(*c.trigger_span)[2]
            console.print(f"      candidate {c.type} ← «{trig}»  args={len(c.args)} "
                          f"date={c.date.value if c.date else None} "
                          f"occasion={'yes' if c.occasion else 'no'} notes={c.notes}", markup=False)
        for e, _ev in by_sentence.get(s.index, []):
            console.print(f"  [green]EVENT[/green] {e.type.value} {sorted(e.parties)} date={e.date}"
                          f"{'..' + e.date_end if e.date_end else ''} "
                          f"location={e.location.city if e.location else None}/{e.location.country if e.location else None} "
                          f"occasion={e.occasion.name if e.occasion else None} confidence={e.confidence}", highlight=False)
            for p in e.participants:
                console.print(f"        {p.party:<12} {p.role or '-':<22} {p.name or '-'} / {p.native_name or '-'}"
                              f"  side={p.side} actor={p.actor_id}{'  NOTE: ' + p.note if p.note else ''}",
                              markup=False)
            if e.topics:
                console.print(f"        topics: {', '.join(e.topics)}", markup=False)
            if e.explanation:
                console.print(f"        why: {'; '.join(e.explanation)}", markup=False)
