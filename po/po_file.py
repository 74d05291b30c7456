"""Reading a .po file, for the checks in this directory (no polib on the
machines we build on: Debian's archive only)."""
import re


def po_unquote(s):
    body = s.strip()[1:-1]
    return bytes(body, 'utf-8').decode('unicode_escape').encode('latin-1').decode('utf-8')


def read_po(path):
    """msgid -> msgstr for the translated, non-fuzzy singular entries."""
    out = {}
    for block in open(path, encoding='utf-8').read().split('\n\n'):
        if '#, fuzzy' in block:
            continue
        fields = {}
        current = None
        for line in block.splitlines():
            m = re.match(r'(msgctxt|msgid_plural|msgid|msgstr(?:\[0\])?)\s+(".*")$', line)
            if m:
                current = m.group(1)
                fields[current] = po_unquote(m.group(2))
            elif line.startswith('"') and current:
                fields[current] += po_unquote(line)
        msgid = fields.get('msgid')
        msgstr = fields.get('msgstr', fields.get('msgstr[0]'))
        if msgid and msgstr and msgstr != msgid:
            out[msgid] = msgstr
    return out
