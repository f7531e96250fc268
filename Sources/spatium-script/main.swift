#if canImport(Glibc)
import Glibc
#endif

let status = ScriptRunner(arguments: CommandLine.arguments).run()
fflush(stdout)
exit(status)
