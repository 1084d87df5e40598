# python_direct DIR: a python3 that starts the interpreter itself, first in
# PATH. Where python3 is a launcher (pyenv's shim is a bash script that runs
# pyenv, ~0.4 s a start, and the suites start python3 hundreds of times), DIR
# gets a two-line python3 that execs sys.executable: the same interpreter
# with the same modules. Elsewhere nothing changes. Sourced by run-all.sh,
# batch_lib.sh, lib.sh and test_load_faults.sh.
python_direct() {
	python_direct_found=$(command -v python3 2>/dev/null) || return 0
	python_direct_real=$(python3 -c 'import sys; print(sys.executable)' 2>/dev/null) || return 0
	case $python_direct_real in *\'*) return 0 ;; /*) ;; *) return 0 ;; esac
	[ "$(readlink -f "$python_direct_found")" = "$(readlink -f "$python_direct_real")" ] && return 0
	# Already the wrapper of an outer run (run-all.sh): nothing to add.
	[ "$(sed -n 2p "$python_direct_found" 2>/dev/null)" = "exec '$python_direct_real' \"\$@\"" ] && return 0
	mkdir -p "$1" || return 0
	printf '#!/bin/sh\nexec %s "$@"\n' "'$python_direct_real'" >"$1/python3" && chmod +x "$1/python3" &&
		PATH=$1:$PATH && export PATH
}
