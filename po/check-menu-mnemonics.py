#!/usr/bin/python3
"""Check that no two entries of one menu page share a mnemonic, in English
and in every translation.

A GtkPopoverMenu shows a menu's sections together on one page and each
submenu on a page of its own; Alt+letter on a page picks the first entry
with that letter, so a clash makes the second entry unreachable from the
keyboard. msgfmt --check-accelerators only checks that each translation
keeps one mnemonic, not that they differ.

usage: check-menu-mnemonics.py UI_FILE [LANG.po ...]"""
import os
import sys
import xml.etree.ElementTree as ET

from po_file import read_po


def label_of(element):
    for attribute in element.findall('attribute'):
        if attribute.get('name') == 'label':
            return attribute.text or ''
    return None


def pages(menu, name):
    """(page name, [labels]) for a menu and, recursively, its submenus."""
    labels, found = [], []

    def walk(parent):
        for child in parent:
            if child.tag == 'section':
                walk(child)
            elif child.tag in ('item', 'submenu'):
                label = label_of(child)
                if label is not None:
                    labels.append(label)
                if child.tag == 'submenu':
                    found.extend(pages(child, label or '?'))

    walk(menu)
    return [(name, labels)] + found


def mnemonic(label):
    i = 0
    while i < len(label) - 1:
        if label[i] == '_':
            if label[i + 1] != '_':
                return label[i + 1].lower()
            i += 1  # "__" is a literal underscore
        i += 1
    return None


def main():
    ui_path, po_paths = sys.argv[1], sys.argv[2:]
    menus = ET.parse(ui_path).getroot().iter('menu')
    all_pages = [p for menu in menus for p in pages(menu, menu.get('id', '?'))]
    languages = [('en', {})] + [(os.path.basename(p)[:-3], read_po(p)) for p in po_paths]
    failures = checked = 0
    for lang, translations in languages:
        for page, labels in all_pages:
            seen = {}
            for label in labels:
                shown = translations.get(label, label)
                key = mnemonic(shown)
                if key is None:
                    continue
                checked += 1
                if key in seen:
                    print(f'FAIL: {lang}, menu "{page}": "{seen[key]}" and "{shown}" share the mnemonic {key!r}')
                    failures += 1
                else:
                    seen[key] = shown
    if checked == 0:
        print(f'FAIL: no mnemonics found in {ui_path}')
        return 1
    print(f'{checked} mnemonics on {len(all_pages)} menu pages in {len(languages)} languages'
          + ('' if failures else ': no clashes'))
    return 1 if failures else 0


if __name__ == '__main__':
    sys.exit(main())
