#!/bin/sh
# Screens own their state (issue 15): no screen keeps mutable state at file
# scope (or in a function's static), so the same screen open twice keeps two
# records and nothing leaks from one opening into the next. Reads
# screens/*.c; needs only python3. Prints "ok - " or "not ok - " per check.
#   sh tests/e2e/test_screen_state.sh
cd "$(dirname "$0")/../.." || exit 1

# Process-wide facts that are not any screen's state, file:name each: the
# signal handler's flag and the exit handler's "terminal is in curses mode"
# (a signal or atexit handler gets no argument), and whether the terminal has
# colours (a property of the terminal, fixed at start).
PROCESS_WIDE='tui.c:stop_requested tui.c:curses_active draw.c:colors_on'

PROCESS_WIDE="$PROCESS_WIDE" python3 - screens/*.c <<'EOF'
import os, re, sys

process_wide = set(os.environ['PROCESS_WIDE'].split())
passed = failed = 0

def check(name, ok, details=()):
    global passed, failed
    print(('ok - ' if ok else 'not ok - ') + name)
    for line in details:
        print('#   ' + line)
    if ok:
        passed += 1
    else:
        failed += 1

def strip(source):
    """Comments and string/char literals blanked, line numbers kept."""
    def blank(match):
        return re.sub(r'[^\n]', ' ', match.group(0))
    return re.sub(r'/\*.*?\*/|//[^\n]*|"(?:\\.|[^"\\\n])*"|\'(?:\\.|[^\'\\\n])*\'', blank, source, flags=re.S)

def mutable_statics(path):
    """(line, name) of every static variable whose object is not const."""
    text = strip(open(path, encoding='utf-8').read())
    found = []
    for match in re.finditer(r'\bstatic\b[^;={]*', text):
        head = match.group(0)
        line = text.count('\n', 0, match.start()) + 1
        if '(' in head and not re.search(r'\(\s*\*', head):
            continue                                   # a function
        declarator = head.rsplit('*', 1)[1] if '*' in head else head
        if re.search(r'\bconst\b', declarator):
            continue                                   # the object itself is const: a table
        names = re.findall(r'([A-Za-z_]\w*)\s*(?:\[[^\]]*\]\s*)*$', head.strip())
        if text[match.end():match.end() + 1] == '{':   # static struct x { ... } name
            rest = text[match.end():]
            depth = 0
            for i, c in enumerate(rest):
                depth += c == '{'
                depth -= c == '}'
                if depth == 0:
                    names = re.findall(r'^\s*\**\s*([A-Za-z_]\w*)', rest[i + 1:]) or ['?']
                    break
        found.append((line, names[0] if names else '?'))
    return found

screens = [p for p in sys.argv[1:]]
bad = []
for path in screens:
    base = os.path.basename(path)
    statics = [(line, name) for line, name in mutable_statics(path) if f'{base}:{name}' not in process_wide]
    bad += [f'screens/{base}:{line}: static {name}' for line, name in statics]
check('screens/: no mutable static state (issue 15)', not bad, bad)
current_app = [os.path.basename(p) for p in screens if re.search(r'\bcurrent_app\b', strip(open(p).read()))]
check('no current_app: each screen gets the app and its own state as arguments', not current_app, current_app)
legacy = [p for p in screens + ['screens/ui.h'] if re.search(r'\blegacy\b', strip(open(p).read()))]
check('the loop has one kind of screen (no legacy path left)', not legacy, legacy)
print(f'{passed} passed, {failed} failed')
sys.exit(1 if failed else 0)
EOF
