#!/bin/sh
# extract-header-example.sh DAO_H DRIVER_C — prints the example at the top of
# dao.h (the indented code between "Example (" and "(End of the example.)",
# comment leaders removed) followed by DRIVER_C, as one translation unit.
set -eu
sed -n '/^ \* Example (/,/^ \* (End of the example\.)/{
s/^ \*     //p
s/^ \*$//p
}' "$1"
printf '\n#line 1 "%s"\n' "$2"
cat "$2"
