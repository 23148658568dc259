package io.ipvm.runtime;

import io.ipvm.runtime.internal.Context;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;

/**
 * Wraps a function's handle so that it puts its instance's call count ({@link Context#callsLeft})
 * back to the value it had on entry when the call ends, normally or not: a trap unwinds guest
 * frames without their returns counting them out, and a host that catches it and calls again must
 * not find the count short. Built from method-handle combinators, so HotSpot inlines it like the
 * handle itself.
 */
final class CallDepth {
  private CallDepth() {}

  private static final MethodHandle READ;
  private static final MethodHandle RESTORE;

  static {
    try {
      MethodHandles.Lookup l = MethodHandles.lookup();
      READ = l.findStatic(CallDepth.class, "read", MethodType.methodType(int.class, Context.class));
      RESTORE =
          l.findStatic(
              CallDepth.class,
              "restore",
              MethodType.methodType(void.class, Context.class, Throwable.class, int.class));
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private static int read(Context ctx) {
    return ctx.callsLeft;
  }

  private static void restore(Context ctx, Throwable thrown, int callsLeft) {
    ctx.callsLeft = callsLeft;
  }

  /** {@code target} (of type {@code (A...)R}), restoring {@code ctx.callsLeft} when it ends. */
  static MethodHandle restoring(MethodHandle target, Context ctx) {
    MethodType mt = target.type();
    Class<?> r = mt.returnType();
    MethodHandle restore = MethodHandles.insertArguments(RESTORE, 0, ctx); // (Throwable, int)void
    MethodHandle cleanup;
    if (r == void.class) {
      cleanup = restore;
    } else {
      // (Throwable, R, int)R: restore, then pass the result through
      MethodHandle pass =
          MethodHandles.dropArguments(
              MethodHandles.dropArguments(MethodHandles.identity(r), 0, Throwable.class),
              2,
              int.class);
      cleanup = MethodHandles.foldArguments(pass, MethodHandles.dropArguments(restore, 1, r));
    }
    cleanup =
        MethodHandles.dropArguments(
            cleanup, cleanup.type().parameterCount(), mt.parameterList()); // + (A...)
    MethodHandle body = MethodHandles.dropArguments(target, 0, int.class); // (int, A...)R
    MethodHandle guarded = MethodHandles.tryFinally(body, cleanup);
    return MethodHandles.foldArguments(guarded, MethodHandles.insertArguments(READ, 0, ctx));
  }
}
