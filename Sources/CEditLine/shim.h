/* CEditLine: libedit's readline-compatible interface for the REPL (BSD licence). */
#ifndef SPATIUM_CEDITLINE_SHIM_H
#define SPATIUM_CEDITLINE_SHIM_H
#include <stdio.h>
#if __has_include(<editline/readline.h>)
#include <editline/readline.h>
#else
#include <readline/readline.h>
#endif
#endif
