/* Forced include (-include lua_config.h) for every Lua source file, natively and for wasm32-wasi.
 * wasi-libc (Debian's 2022 snapshot) has no setjmp/longjmp, so Lua cannot unwind on an error:
 * an error ends the process with the message on standard error and status 1 (the same in both
 * builds, so their behaviour stays identical). Consequences: pcall cannot catch errors, and
 * coroutine.yield from Lua code, which unwinds the C stack the same way, is not available; the
 * benchmark scripts use neither. print() goes through the driver's output (driver.h). */
#ifndef RW_LUA_CONFIG_H
#define RW_LUA_CONFIG_H
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
struct lua_State;
void rw_out_write(const void *data, size_t len);
__attribute__((noreturn)) void rw_lua_throw(struct lua_State *L, int status);
#define lua_writestring(s, l) rw_out_write((s), (l))
#define lua_writeline() rw_out_write("\n", 1)
#define LUAI_THROW(L, c) rw_lua_throw(L, (c)->status)
#define LUAI_TRY(L, c, a) { a }
#define luai_jmpbuf int
#ifdef __wasi__
/* no temporary files or shell under WASI: os.tmpname, io.tmpfile and os.execute fail */
#define LUA_TMPNAMBUFSIZE 32
#define lua_tmpnam(b, e) { (void)(b); e = 1; }
#define system(cmd) ((cmd) ? -1 : 0)
#define tmpfile() ((FILE *)0)
#endif
#endif
