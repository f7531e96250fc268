/// The `--help` text.
enum Usage {
    static let text = """
    usage: spatium-script [options] [script [args]]
           spatium-script SCRIPT --grid key=v1,v2,… [--grid …] --out DIR [sweep options]

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

    Spatium options (before the script name, or after it: there anything that is not one of
    these goes to the script, and so does everything after a --):
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

    Sweeps (one process per point; each gets --out DIR/<key=value,…> and its --params):
      --grid key=v1,v2,…  run the cartesian product of every --grid (repeatable; the key
                          seed sets each point's --seed)
      --jobs N            points at once (default: the core count; each point gets
                          cores/N engine threads unless --threads is given)
      --shard I/N         run only points I, I+N, I+2N, … (1 ≤ I ≤ N) so that a job array
                          (Slurm, Kubernetes, GNU parallel) shares a sweep; shards may write
                          into one DIR
      --resume            skip points whose manifest says they succeeded
      --timeout S         stop a point after S seconds (recorded as status timeout)
    DIR/summary.csv (point, keys, status, seconds, the script's returned metrics, error) is
    rebuilt from the point directories; each point's stdout and stderr are in its output.log.

    Exit status: 0 on success, 1 on any error (message and traceback on stderr); a sweep
    exits 1 if any of its points failed, 128 + N when stopped by signal N.
    Results: a table the script returns ({mean_rate = 0.2}) goes into manifest.json.
    Environment: LUA_INIT_5_4 or LUA_INIT is run first (a leading @ names a file).
    History of the REPL: ~/.spatium_history
    """
}
