/* RealWorldBench driver for QuickJS (2021-03-27): one unit = JS_NewRuntime + JS_NewContext, the
 * script given as the first argument evaluated as a global script, pending jobs (promises) run,
 * runtime freed. The context gets the standard ECMAScript objects plus two host functions:
 * print(...) (arguments converted to strings, separated by spaces, then a newline) and
 * scriptArgs (the remaining arguments). quickjs-libc (std/os modules) is not used.
 *   qjs_driver [--iterations N | --bench WARMUP_MS ROUNDS] SCRIPT.js [ARGS...]  (driver.h) */
#include "driver.h"
#include "quickjs.h"

static JSValue js_print(JSContext *ctx, JSValueConst this_val, int argc, JSValueConst *argv) {
  for (int i = 0; i < argc; i++) {
    if (i) out_write(" ", 1);
    size_t len;
    const char *s = JS_ToCStringLen(ctx, &len, argv[i]);
    if (!s) return JS_EXCEPTION;
    out_write(s, len);
    JS_FreeCString(ctx, s);
  }
  out_write("\n", 1);
  return JS_UNDEFINED;
}

static void report_exception(JSContext *ctx) {
  JSValue e = JS_GetException(ctx);
  const char *s = JS_ToCString(ctx, e);
  fflush(stdout);
  fprintf(stderr, "qjs: uncaught exception: %s\n", s ? s : "(unprintable)");
  if (s) JS_FreeCString(ctx, s);
  if (JS_IsObject(e)) {
    JSValue stack = JS_GetPropertyStr(ctx, e, "stack");
    const char *st = JS_IsUndefined(stack) ? NULL : JS_ToCString(ctx, stack);
    if (st) {
      fprintf(stderr, "%s\n", st);
      JS_FreeCString(ctx, st);
    }
    JS_FreeValue(ctx, stack);
  }
  JS_FreeValue(ctx, e);
}

static char *read_file(const char *path, size_t *len) {
  FILE *f = fopen(path, "rb");
  if (!f) return NULL;
  fseek(f, 0, SEEK_END);
  long n = ftell(f);
  fseek(f, 0, SEEK_SET);
  char *buf = malloc((size_t)n + 1);
  if (!buf || fread(buf, 1, (size_t)n, f) != (size_t)n) {
    fclose(f);
    free(buf);
    return NULL;
  }
  fclose(f);
  buf[n] = 0;
  *len = (size_t)n;
  return buf;
}

static int run_unit(int argc, char **argv) {
  if (argc < 2) {
    fprintf(stderr, "usage: %s [--iterations N | --bench WARMUP_MS ROUNDS] SCRIPT.js [ARGS...]\n", argv[0]);
    return 2;
  }
  size_t len;
  char *src = read_file(argv[1], &len);
  if (!src) {
    perror(argv[1]);
    return 2;
  }
  JSRuntime *rt = JS_NewRuntime();
  JS_SetMaxStackSize(rt, 0); /* no native stack check: the wasm32 shadow stack is not the C stack */
  JSContext *ctx = JS_NewContext(rt);
  JSValue global = JS_GetGlobalObject(ctx);
  JS_SetPropertyStr(ctx, global, "print", JS_NewCFunction(ctx, js_print, "print", 1));
  JSValue args = JS_NewArray(ctx);
  for (int i = 2; i < argc; i++) JS_SetPropertyUint32(ctx, args, (uint32_t)(i - 2), JS_NewString(ctx, argv[i]));
  JS_SetPropertyStr(ctx, global, "scriptArgs", args);
  JS_FreeValue(ctx, global);

  int status = 0;
  JSValue r = JS_Eval(ctx, src, len, argv[1], JS_EVAL_TYPE_GLOBAL);
  if (JS_IsException(r)) {
    report_exception(ctx);
    status = 1;
  }
  JS_FreeValue(ctx, r);
  for (;;) {
    JSContext *jctx;
    int err = JS_ExecutePendingJob(rt, &jctx);
    if (err <= 0) {
      if (err < 0) {
        report_exception(jctx);
        status = 1;
      }
      break;
    }
  }
  JS_FreeContext(ctx);
  JS_FreeRuntime(rt);
  free(src);
  return status;
}
