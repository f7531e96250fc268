/// The `--help` text.
enum Usage {
    static let text = """
    usage: spatium-script [options] [script [args]]

    Runs a Spatium experiment written in Lua 5.4 (a complete Lua shell: with no script and a
    terminal it opens a REPL; with no script and piped input it runs standard input).

    Lua options (as the standard lua interpreter):
      -e stat          execute string 'stat'
      -l mod           require library 'mod' into global 'mod'
      -l g=mod         require library 'mod' into global 'g'
      -i               enter interactive mode after running the script
      -v, --version    show version information
      -E               ignore environment variables (LUA_INIT_5_4, LUA_INIT)
      -W               turn warnings on
      --               stop handling options
      -                run standard input and stop handling options

    Spatium options (before the script name):
      --param key=value   set params.key for the script (repeatable; later keys win;
                          numbers become numbers, true/false become booleans)
      --out DIR           directory for spatium.output(name) (created if missing; default .)
      --seed N            default seed for everything random (default 1)
      --threads N         worker threads for the engine (default 0 = all cores)
      --quiet             no progress lines
      --sandbox           for scripts from other people: no os.execute, io.popen, C modules or
                          package.loadlib, binary chunks refused, files written only under --out
      --max-memory BYTES  Lua may use at most BYTES (suffixes K, M, G); beyond it scripts get
                          a "not enough memory" error
      --help              show this text

    Exit status: 0 on success, 1 on any error (message and traceback on stderr).
    Environment: LUA_INIT_5_4 or LUA_INIT is run first (a leading @ names a file).
    History of the REPL: ~/.spatium_history
    """
}
