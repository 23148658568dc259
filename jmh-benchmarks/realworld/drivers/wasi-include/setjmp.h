/* wasm32-wasi only: Debian's wasi-libc has no <setjmp.h>. Lua's ldo.c includes it unconditionally
 * but uses nothing from it with lua_config.h's LUAI_TRY/LUAI_THROW. */
#ifndef RW_WASI_SETJMP_H
#define RW_WASI_SETJMP_H
#endif
