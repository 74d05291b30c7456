#!/usr/bin/env python3
"""Write a man page (man(7) markup) from a program's own --help, so that the
page can never say something the program does not.

    help-to-man.py --program PATH --name NAME --output FILE
                   [--commands] [--see-also PAGE]…

The help text is plain text laid out for an 80-column terminal:
  - "Usage: …" (or "Usage:" and an indented line) is the SYNOPSIS;
  - the first paragraph after it is the DESCRIPTION, and its first sentence
    the NAME line;
  - a line "Something:" opens a list ("Options:", "Commands:", "Help
    Options:" …): indented entries whose text starts in a common column,
    continued on more indented lines, become tagged paragraphs (.TP);
  - other paragraphs stay paragraphs.
With --commands, `PROGRAM help COMMAND` for each command of the "Commands:"
list gives a section per command (daoctl's manuals). The program runs with
LC_ALL=C.UTF-8 and no LANGUAGE, so the page is in English.
"""
import argparse
import collections
import os
import re
import subprocess
import sys


def run(program, *args):
    env = dict(os.environ, LC_ALL="C.UTF-8", GTK_A11Y="none",
               ASAN_OPTIONS="detect_leaks=0")  # a sanitized build: GTK keeps memory
    env.pop("LANGUAGE", None)
    env.pop("DISPLAY", None)  # --help must not need a display
    p = subprocess.run([program, *args], capture_output=True, text=True, env=env)
    if p.returncode != 0:
        sys.exit(f"{program} {' '.join(args)}: exit {p.returncode}: {p.stderr}")
    return p.stdout


def escape(text):
    """Text safe in a man page line: backslashes, hyphens (minus signs as
    typed on a keyboard, so that a search for --help finds them) and a
    leading dot or quote, which would start a request."""
    text = text.replace("\\", "\\e").replace("-", "\\-")
    # Anything beyond ASCII as a named Unicode escape: troff reads bytes.
    text = "".join(c if ord(c) < 128 else f"\\[u{ord(c):04X}]" for c in text)
    if text.startswith((".", "'")):
        text = "\\&" + text
    return text


def paragraphs(text):
    """Blocks of lines separated by blank lines."""
    block = []
    for line in text.splitlines():
        if line.strip():
            block.append(line.rstrip())
        elif block:
            yield block
            block = []
    if block:
        yield block


def indent_of(line):
    return len(line) - len(line.lstrip(" "))


def list_entries(lines):
    """(tag, description lines) for the indented entries of a list block.
    The description column is the one most entries agree on (where the text
    after a tag starts); a line indented that far continues the entry above,
    and a tag too long for its column ends at its first gap."""
    columns = collections.Counter(m.end() for m in (re.search(r"\S  +(?=\S)", l) for l in lines) if m)
    column = columns.most_common(1)[0][0] if columns else min(indent_of(l) for l in lines) + 1
    entries = []
    for line in lines:
        if indent_of(line) >= column and entries:
            entries[-1][1].append(line.strip())
            continue
        if len(line) > column and line[column - 1] == " " and line[column] != " ":
            tag, rest = line[:column], line[column:]
        else:
            m = re.search(r"\S(  +)(?=\S)", line)
            tag, rest = (line[:m.start(1) + 1], line[m.end(1):]) if m else (line, "")
        entries.append((tag.strip(), [rest.strip()] if rest.strip() else []))
    return entries


def render_help(text, out, top=True, skip=()):
    """The help text's sections, after its usage lines, in man markup: at
    the top of the page each "Heading:" is a section (.SH), inside a
    command's manual a bold line."""
    for block in paragraphs(text):
        head = block[0]
        if head.startswith("Usage:") or head in skip:
            continue
        if re.fullmatch(r"[A-Z][A-Za-z ]*:", head):
            if top:
                out.append(f".SH {escape(head[:-1].upper())}")
            else:
                out.extend([".PP", f".B {escape(head[:-1])}"])
            for tag, desc in list_entries(block[1:]) if len(block) > 1 else []:
                out.append(".TP")
                out.append(f"\\fB{escape(tag)}\\fR")
                out.extend(escape(d) for d in desc)
            continue
        if top and head.startswith("Exit status:"):
            out.append(".SH EXIT STATUS")
            block = [head[len("Exit status:"):].strip()] + block[1:]
        out.append(".PP")
        if any(line.startswith("  ") for line in block):
            out.append(".nf")
            out.extend(escape(line) for line in block)
            out.append(".fi")
        else:
            out.extend(escape(line.strip()) for line in block)


def usage_of(text):
    lines = text.splitlines()
    for i, line in enumerate(lines):
        if line.startswith("Usage:"):
            rest = line[len("Usage:"):].strip()
            return rest or lines[i + 1].strip()
    sys.exit("no Usage: line in the help")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--program", required=True)
    ap.add_argument("--name", required=True)
    ap.add_argument("--output", required=True)
    ap.add_argument("--commands", action="store_true")
    ap.add_argument("--see-also", action="append", default=[])
    a = ap.parse_args()

    overview = run(a.program, "--help")
    version = run(a.program, "--version").splitlines()[0]
    description = next(b for b in paragraphs(overview) if not b[0].startswith(("Usage:", " ")))
    summary = " ".join(l.strip() for l in description)
    summary = re.split(r"(?<=\.)\s", summary)[0].rstrip(".")
    summary = summary[0].lower() + summary[1:]

    out = [f'.TH "{a.name.upper()}" "1" "" "{escape(version)}" "User Commands"',
           ".SH NAME", f"{escape(a.name)} \\- {escape(summary)}",
           ".SH SYNOPSIS", f"\\fB{escape(a.name)}\\fR {escape(usage_of(overview).split(None, 1)[1])}",
           ".SH DESCRIPTION"]
    render_help(overview, out, skip=("Commands:",) if a.commands else ())
    if a.commands:
        # The overview's list of commands, each with its whole manual.
        commands_block = next(b for b in paragraphs(overview) if b[0] == "Commands:")
        out.append(".SH COMMANDS")
        for tag, summary in list_entries(commands_block[1:]):
            manual = run(a.program, "help", tag)
            out.append(f".SS {escape(a.name)} {escape(tag)} \\(em {escape(' '.join(summary))}")
            out.append(".PP")
            out.append(f"\\fB{escape(a.name)} {escape(tag)}\\fR "
                       f"{escape(usage_of(manual).split(None, 2)[2])}")
            render_help(manual, out, top=False)
    if a.see_also:
        out.append(".SH SEE ALSO")
        out.append(", ".join(f"\\fB{escape(p.split('(')[0])}\\fR({p.split('(')[1]}" for p in a.see_also))
    with open(a.output, "w", encoding="utf-8") as f:
        f.write("\n".join(out) + "\n")


if __name__ == "__main__":
    main()
