/* RealWorldBench driver for Lua 5.4 (Debian's lua5.4 source): one unit = a fresh lua_State with
 * the standard libraries, the script given as the first argument run to completion, the state
 * closed. Remaining arguments become the script's global `arg` table (arg[1], ...).
 *   lua_driver [--iterations N | --bench WARMUP_MS ROUNDS] SCRIPT.lua [ARGS...]  (driver.h) */
#include "driver.h"
#include "lauxlib.h"
#include "lua.h"
#include "lualib.h"

void rw_out_write(const void *data, size_t len) { out_write(data, len); }

void rw_lua_throw(struct lua_State *L, int status) {
  const char *msg = lua_type(L, -1) == LUA_TSTRING ? lua_tostring(L, -1) : "(error object is not a string)";
  fflush(stdout);
  fprintf(stderr, "lua: error %d: %s\n", status, msg);
  exit(1);
}

static int run_unit(int argc, char **argv) {
  if (argc < 2) {
    fprintf(stderr, "usage: %s [--iterations N | --bench WARMUP_MS ROUNDS] SCRIPT.lua [ARGS...]\n", argv[0]);
    return 2;
  }
  lua_State *L = luaL_newstate();
  if (!L) return 1;
  luaL_openlibs(L);
  lua_createtable(L, argc - 2, 1);
  for (int i = 1; i < argc; i++) {
    lua_pushstring(L, argv[i]);
    lua_rawseti(L, -2, i - 1);
  }
  lua_setglobal(L, "arg");
  if (luaL_loadfile(L, argv[1]) != LUA_OK) rw_lua_throw(L, 1);
  lua_call(L, 0, 0);
  lua_close(L);
  return 0;
}
