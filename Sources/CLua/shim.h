/* CLua: Lua 5.4 for Swift.
 *
 * Swift cannot import Lua's function-like macros, and must never be crossed by a longjmp.
 * This header re-exports the macros as static inline functions and adds the small amount of
 * C that the bridge needs to keep every raising call on the C side:
 *   - spatium_pushswiftfunction: a Swift @convention(c) function called through a C trampoline;
 *     Swift returns SPATIUM_LUA_ERROR after pushing a message and the trampoline raises it.
 *   - a counting allocator with an optional limit that never fails while Swift code runs
 *     (the failure is deferred to the trampoline, which raises "not enough memory" from C).
 *   - Lua-style argument error messages pushed without raising.
 *   - Ctrl-C handling as lua.c does it (a debug hook that raises "interrupted!").
 */
#ifndef SPATIUM_CLUA_SHIM_H
#define SPATIUM_CLUA_SHIM_H

#if __has_include(<lua5.4/lua.h>)
#include <lua5.4/lua.h>
#include <lua5.4/lualib.h>
#include <lua5.4/lauxlib.h>
#else
#include <lua.h>
#include <lualib.h>
#include <lauxlib.h>
#endif

#if LUA_VERSION_NUM != 504
#error "Spatium needs Lua 5.4 (install liblua5.4-dev)"
#endif

#include <signal.h>
#include <stdlib.h>
#include <string.h>

/* ---- macro re-exports ------------------------------------------------------------------ */
static inline int spatium_upvalueindex(int i) { return lua_upvalueindex(i); }
static inline int spatium_registryindex(void) { return LUA_REGISTRYINDEX; }
static inline void spatium_pop(lua_State *L, int n) { lua_pop(L, n); }
static inline void spatium_newtable(lua_State *L) { lua_newtable(L); }
static inline const char *spatium_tostring(lua_State *L, int i) { return lua_tolstring(L, i, NULL); }
static inline lua_Number spatium_tonumber(lua_State *L, int i) { return lua_tonumberx(L, i, NULL); }
static inline int spatium_isnoneornil(lua_State *L, int i) { return lua_type(L, i) <= 0; }
static inline void spatium_remove(lua_State *L, int i) { lua_remove(L, i); }
static inline void spatium_insert(lua_State *L, int i) { lua_insert(L, i); }
static inline void spatium_replace(lua_State *L, int i) { lua_replace(L, i); }
static inline void *spatium_getextraspace(lua_State *L) { return lua_getextraspace(L); }
static inline void spatium_pushglobaltable(lua_State *L) { lua_pushglobaltable(L); }
static inline int spatium_loadbuffer(lua_State *L, const char *b, size_t n, const char *name) {
    return luaL_loadbufferx(L, b, n, name, NULL);
}
static inline void *spatium_newuserdata(lua_State *L, size_t n) { return lua_newuserdatauv(L, n, 1); }
static inline void spatium_getmetatable_named(lua_State *L, const char *n) { luaL_getmetatable(L, n); }
static inline int spatium_yield_not_allowed(lua_State *L) { return !lua_isyieldable(L); }
static inline void spatium_gc_generational(lua_State *L) { lua_gc(L, LUA_GCGEN, 0, 0); }
static inline void spatium_gc_collect(lua_State *L) { lua_gc(L, LUA_GCCOLLECT); }
static inline int spatium_gc_count_kb(lua_State *L) { return lua_gc(L, LUA_GCCOUNT); }
static inline const char *spatium_typename_at(lua_State *L, int i) { return luaL_typename(L, i); }

/* ---- allocator ------------------------------------------------------------------------- */
typedef struct spatium_alloc_state {
    size_t in_use;        /* bytes currently allocated by Lua */
    size_t peak;          /* high-water mark */
    size_t limit;         /* 0 = no limit */
    int in_swift;         /* > 0 while a Swift function runs (a failure would longjmp through it) */
    int deferred_failure; /* a refusal was deferred while in Swift: raise when Swift returns */
} spatium_alloc_state;

static inline void *spatium_alloc(void *ud, void *ptr, size_t osize, size_t nsize) {
    spatium_alloc_state *st = (spatium_alloc_state *)ud;
    size_t old = ptr ? osize : 0;
    if (nsize == 0) {
        st->in_use -= old;
        free(ptr);
        return NULL;
    }
    if (st->limit != 0 && nsize > old && st->in_use - old + nsize > st->limit) {
        if (st->in_swift > 0) {
            st->deferred_failure = 1; /* allow it now, raise at the trampoline */
        } else {
            return NULL;
        }
    }
    void *p = realloc(ptr, nsize);
    if (p == NULL) {
        if (st->in_swift > 0) { st->deferred_failure = 1; }
        return NULL; /* cannot defer a real out-of-memory */
    }
    st->in_use = st->in_use - old + nsize;
    if (st->in_use > st->peak) st->peak = st->in_use;
    return p;
}

static inline lua_State *spatium_newstate(spatium_alloc_state *st) {
    return lua_newstate(spatium_alloc, st);
}

static inline spatium_alloc_state *spatium_allocstate(lua_State *L) {
    void *ud = NULL;
    lua_getallocf(L, &ud);
    return (spatium_alloc_state *)ud;
}

/* ---- Swift functions -------------------------------------------------------------------- */
#define SPATIUM_LUA_ERROR (-2)
typedef int (*spatium_swift_function)(lua_State *L);

/* Calls a Swift function in the current C frame; raises (from C) what it reported. */
static inline int spatium_call_swift(lua_State *L, spatium_swift_function fn) {
    spatium_alloc_state *st = spatium_allocstate(L);
    st->in_swift++;
    int r = fn(L);
    st->in_swift--;
    if (st->deferred_failure && st->in_swift == 0) {
        st->deferred_failure = 0;
        lua_settop(L, 0);
        lua_pushliteral(L, "not enough memory");
        return lua_error(L);
    }
    if (r == SPATIUM_LUA_ERROR) return lua_error(L);
    return r;
}

static inline int spatium_trampoline(lua_State *L) {
    return spatium_call_swift(L, (spatium_swift_function)lua_touserdata(L, lua_upvalueindex(1)));
}

/* Pushes `fn` as a Lua function; `upvalues` values on the stack become upvalues 2…n+1. */
static inline void spatium_pushswiftfunction(lua_State *L, spatium_swift_function fn, int upvalues) {
    lua_pushlightuserdata(L, (void *)fn);
    if (upvalues > 0) lua_insert(L, -(upvalues + 1));
    lua_pushcclosure(L, spatium_trampoline, upvalues + 1);
}

/* __index for userdata that have both methods and computed keys (t[i], t.shape): upvalue 1 is
 * the methods table, looked up first without leaving C; upvalue 2 is a Swift function (light
 * userdata) called in this same frame for every other key, so its errors carry the caller's line. */
static inline int spatium_index_dispatch(lua_State *L) {
    if (lua_type(L, 2) == LUA_TSTRING) {
        lua_pushvalue(L, 2);
        if (lua_rawget(L, lua_upvalueindex(1)) != LUA_TNIL) return 1;
        lua_pop(L, 1);
    }
    return spatium_call_swift(L, (spatium_swift_function)lua_touserdata(L, lua_upvalueindex(2)));
}

/* Pushes an __index dispatcher over the methods table on top of the stack (popped) and `fn`. */
static inline void spatium_pushindexdispatch(lua_State *L, spatium_swift_function fn) {
    lua_pushlightuserdata(L, (void *)fn);
    lua_pushcclosure(L, spatium_index_dispatch, 2);
}

/* lua_pcall for Swift callers: while Lua runs, the allocator may refuse again. */
static inline int spatium_pcall(lua_State *L, int nargs, int nresults, int msgh) {
    spatium_alloc_state *st = spatium_allocstate(L);
    int saved = st->in_swift;
    st->in_swift = 0;
    int r = lua_pcallk(L, nargs, nresults, msgh, 0, NULL);
    st->in_swift = saved;
    return r;
}

/* The message handler of lua.c: adds a traceback, honours __tostring on error objects. */
static inline int spatium_msghandler(lua_State *L) {
    const char *msg = lua_tostring(L, 1);
    if (msg == NULL) {
        if (luaL_callmeta(L, 1, "__tostring") && lua_type(L, -1) == LUA_TSTRING)
            return 1;
        msg = lua_pushfstring(L, "(error object is a %s value)", luaL_typename(L, 1));
    }
    luaL_traceback(L, L, msg, 1);
    return 1;
}

/* Pushes (does not raise) the message luaL_argerror would raise. */
static inline void spatium_pushargerror(lua_State *L, int arg, const char *extramsg) {
    lua_Debug ar;
    if (!lua_getstack(L, 0, &ar)) {
        lua_pushfstring(L, "bad argument #%d (%s)", arg, extramsg);
        return;
    }
    lua_getinfo(L, "n", &ar);
    if (ar.namewhat != NULL && strcmp(ar.namewhat, "method") == 0) {
        arg--;
        if (arg == 0) {
            luaL_where(L, 1);
            lua_pushfstring(L, "calling '%s' on bad self (%s)", ar.name ? ar.name : "?", extramsg);
            lua_concat(L, 2);
            return;
        }
    }
    luaL_where(L, 1);
    lua_pushfstring(L, "bad argument #%d to '%s' (%s)", arg, ar.name ? ar.name : "?", extramsg);
    lua_concat(L, 2);
}

/* Pushes "<where>message" (the position of the calling Lua code, as luaL_error does). */
static inline void spatium_pusherror(lua_State *L, const char *message) {
    luaL_where(L, 1);
    lua_pushstring(L, message);
    lua_concat(L, 2);
}

/* ---- Ctrl-C (as lua.c) ------------------------------------------------------------------- */
static lua_State *spatium_interrupt_state = NULL;
static volatile sig_atomic_t spatium_interrupt_pending = 0;

static inline void spatium_interrupt_hook(lua_State *L, lua_Debug *ar) {
    (void)ar;
    lua_sethook(L, NULL, 0, 0);
    spatium_interrupt_pending = 0;
    luaL_error(L, "interrupted!");
}

static inline void spatium_sigint_action(int sig) {
    int flag = LUA_MASKCALL | LUA_MASKRET | LUA_MASKLINE | LUA_MASKCOUNT;
    signal(sig, SIG_DFL); /* a second Ctrl-C before the hook runs kills the process */
    spatium_interrupt_pending = 1;
    if (spatium_interrupt_state != NULL) lua_sethook(spatium_interrupt_state, spatium_interrupt_hook, flag, 1);
}

/* Arms Ctrl-C handling for the duration of a protected call on L. */
static inline void spatium_arm_interrupt(lua_State *L) {
    spatium_interrupt_state = L;
    spatium_interrupt_pending = 0;
    signal(SIGINT, spatium_sigint_action);
}

static inline void spatium_disarm_interrupt(void) {
    signal(SIGINT, SIG_DFL);
    spatium_interrupt_state = NULL;
}

/* True once Ctrl-C was pressed since arming; clears the request and the pending hook.
 * NOTE: the flag is static to this header, so every Swift file importing it has its own copy:
 * call it only through LuaInterpreter.consumeInterrupt (the file that arms the handler). */
static inline int spatium_consume_interrupt(lua_State *L) {
    if (spatium_interrupt_pending == 0) return 0;
    spatium_interrupt_pending = 0;
    lua_sethook(L, NULL, 0, 0);
    return 1;
}

#endif
