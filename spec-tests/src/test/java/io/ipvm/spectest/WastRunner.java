package io.ipvm.spectest;

import com.fasterxml.jackson.databind.JsonNode;
import io.ipvm.compiler.CompileOptions;
import io.ipvm.runtime.Imports;
import io.ipvm.runtime.Instance;
import io.ipvm.runtime.ModuleException;
import io.ipvm.runtime.TrapKind;
import io.ipvm.runtime.WasmModule;
import io.ipvm.runtime.WasmTrap;
import io.ipvm.spectest.FileResult.Failure;
import io.ipvm.spectest.FileResult.MessageMismatch;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Runs the commands of one wast2json script in order, on the calling thread (which the suite gives
 * a large stack). Each command passes, fails or (only a text-format {@code assert_malformed} /
 * {@code assert_invalid}) is skipped; an exception never stops the script.
 */
final class WastRunner implements Runnable {
  private final Path directory;
  private final String file;
  private final JsonNode commands;
  private final FileResult result;

  private SpectestHost spectest;

  /** Instances made importable by {@code register}, by the name they are registered as. */
  private final Map<String, Instance> registered = new LinkedHashMap<>();

  /** Instances of named modules ({@code (module $M ...)}). */
  private final Map<String, Instance> named = new HashMap<>();

  /** Why a named module is unavailable. */
  private final Map<String, String> namedErrors = new HashMap<>();

  /** The most recent module, or null when it failed (see {@link #currentError}). */
  private Instance current;

  private String currentError = "no module has been defined yet";

  private final CompileOptions options;

  /** The engine modules are compiled with; null: {@code WasmModule.compile} (the shared one). */
  private final io.ipvm.runtime.Engine engine;

  WastRunner(
      Path directory, String file, JsonNode commands, FileResult result, CompileOptions options) {
    this(directory, file, commands, result, options, null);
  }

  WastRunner(
      Path directory,
      String file,
      JsonNode commands,
      FileResult result,
      CompileOptions options,
      io.ipvm.runtime.Engine engine) {
    this.engine = engine;
    this.options = options;
    this.directory = directory;
    this.file = file;
    this.commands = commands;
    this.result = result;
  }

  /** A command's expectation was not met. */
  static final class Fail extends Exception {
    private static final long serialVersionUID = 1L;
    final String expected;
    final String actual;

    Fail(String message, String expected, String actual) {
      super(message, null, false, false);
      this.expected = expected;
      this.actual = actual;
    }

    Fail(String message) {
      this(message, null, null);
    }
  }

  @Override
  public void run() {
    try {
      for (JsonNode c : commands) {
        int line = c.path("line").asInt();
        String type = c.path("type").asText();
        result.begin(line);
        try {
          if (execute(c, type)) {
            result.pass();
          } else {
            result.skip();
          }
        } catch (Fail f) {
          String expected = f.expected != null ? f.expected : expected(c);
          result.fail(new Failure(file, line, type, detail(c), expected, f.actual, f.getMessage()));
        } catch (Throwable t) {
          result.fail(
              new Failure(
                  file, line, type, detail(c), expected(c), null, "unexpected " + describe(t)));
        }
      }
    } finally {
      result.close();
    }
  }

  /** Runs one command; returns false when it is skipped. */
  private boolean execute(JsonNode c, String type) throws Fail, IOException {
    if (spectest == null) {
      spectest = new SpectestHost();
    }
    switch (type) {
      case "module" -> module(c);
      case "register" -> register(c);
      case "action" -> invoke(c.get("action"));
      case "assert_return" -> assertReturn(c);
      case "assert_trap" -> {
        if (c.has("action")) {
          assertTrap(c);
        } else {
          assertUninstantiable(c);
        }
      }
      case "assert_exhaustion" -> assertExhaustion(c);
      case "assert_invalid", "assert_malformed" -> {
        if (!"binary".equals(c.path("module_type").asText("binary"))) {
          return false; // text modules need a text parser: the one allowed skip
        }
        assertRejected(c, type);
      }
      case "assert_unlinkable" -> assertUnlinkable(c);
      case "assert_uninstantiable" -> assertUninstantiable(c);
      default -> throw new Fail("unknown command type " + type);
    }
    return true;
  }

  // ---- modules -----------------------------------------------------------------------------

  private void module(JsonNode c) throws Fail, IOException {
    String name = c.has("name") ? c.get("name").asText() : null;
    String failed = "module at line " + c.path("line").asInt() + " failed";
    current = null;
    currentError = failed;
    if (name != null) {
      named.remove(name);
      namedErrors.put(name, failed);
    }
    WasmModule module = compile(c);
    String problem = ClassCheck.check(module.compiled().classes());
    Instance instance;
    try {
      instance = module.instantiate(imports());
    } catch (ModuleException | WasmTrap e) {
      throw new Fail("instantiation failed: " + describe(e));
    }
    current = instance;
    currentError = null;
    if (name != null) {
      named.put(name, instance);
      namedErrors.remove(name);
    }
    if (problem != null) {
      throw new Fail("class check failed: " + problem);
    }
  }

  private void register(JsonNode c) throws Fail {
    String as = c.get("as").asText();
    Instance instance = instance(c.has("name") ? c.get("name").asText() : null);
    registered.put(as, instance);
  }

  /** Reads and compiles the command's module; a compile error or class check problem fails. */
  private WasmModule compile(JsonNode c) throws Fail, IOException {
    byte[] bytes = Files.readAllBytes(directory.resolve(c.get("filename").asText()));
    WasmModule module;
    try {
      module = compileModule(bytes);
    } catch (ModuleException e) {
      throw new Fail("compile failed: " + describe(e));
    }
    return module;
  }

  private Imports imports() {
    Imports imports = new Imports();
    spectest.addTo(imports);
    registered.forEach(imports::addInstance);
    return imports;
  }

  private Instance instance(String name) throws Fail {
    if (name == null) {
      if (current == null) {
        throw new Fail("module not available: " + currentError);
      }
      return current;
    }
    Instance instance = named.get(name);
    if (instance == null) {
      throw new Fail(
          "module "
              + name
              + " not available: "
              + namedErrors.getOrDefault(name, "no module of that name"));
    }
    return instance;
  }

  // ---- actions -----------------------------------------------------------------------------

  private Object[] invoke(JsonNode action) throws Fail {
    Instance instance = instance(action.has("module") ? action.get("module").asText() : null);
    String field = action.get("field").asText();
    return switch (action.path("type").asText()) {
      case "invoke" -> {
        JsonNode argNodes = action.path("args");
        Object[] args = new Object[argNodes.size()];
        for (int i = 0; i < args.length; i++) {
          args[i] = SpecValues.argument(argNodes.get(i));
        }
        yield instance.function(field).call(args);
      }
      case "get" -> new Object[] {instance.global(field).get()};
      default -> throw new Fail("unknown action type " + action.path("type").asText());
    };
  }

  private void assertReturn(JsonNode c) throws Fail {
    JsonNode expected = c.path("expected");
    Object[] actual;
    try {
      actual = invoke(c.get("action"));
    } catch (WasmTrap t) {
      throw new Fail(
          "trapped: " + describe(t), SpecValues.describeExpectedAll(expected), "trap " + kind(t));
    }
    boolean ok = actual != null && actual.length == expected.size();
    for (int i = 0; ok && i < actual.length; i++) {
      ok = SpecValues.matches(expected.get(i), actual[i]);
    }
    if (!ok) {
      throw new Fail(
          "wrong result", SpecValues.describeExpectedAll(expected), SpecValues.describeAll(actual));
    }
  }

  private void assertTrap(JsonNode c) throws Fail {
    String text = c.path("text").asText();
    Object[] actual;
    try {
      actual = invoke(c.get("action"));
    } catch (WasmTrap t) {
      noteMessage(c, text, t);
      return;
    }
    throw new Fail("returned instead of trapping", text, SpecValues.describeAll(actual));
  }

  private void assertExhaustion(JsonNode c) throws Fail {
    String text = c.path("text").asText();
    Object[] actual;
    try {
      actual = invoke(c.get("action"));
    } catch (WasmTrap t) {
      if (t.kind() != TrapKind.CALL_STACK_EXHAUSTED) {
        throw new Fail("wrong trap kind: " + describe(t), text, "trap " + kind(t));
      }
      noteMessage(c, text, t);
      return;
    }
    throw new Fail(
        "returned instead of exhausting the stack", text, SpecValues.describeAll(actual));
  }

  /** Compiles with this runner's engine, or the shared one. */
  private WasmModule compileModule(byte[] bytes) {
    return engine == null ? WasmModule.compile(bytes, options) : engine.compile(bytes, options);
  }

  // ---- module assertions ----------------------------------------------------------------------

  private void assertRejected(JsonNode c, String type) throws Fail, IOException {
    String text = c.path("text").asText();
    byte[] bytes = Files.readAllBytes(directory.resolve(c.get("filename").asText()));
    try {
      compileModule(bytes);
    } catch (ModuleException.Malformed | ModuleException.Invalid e) {
      return; // either kind: Chicory's classification differs from the spec's in a few cases
    }
    throw new Fail("module compiled, expected " + type, text, "compiled");
  }

  private void assertUnlinkable(JsonNode c) throws Fail, IOException {
    String text = c.path("text").asText();
    WasmModule module = compile(c);
    String problem = ClassCheck.check(module.compiled().classes());
    try {
      module.instantiate(imports());
    } catch (ModuleException.Unlinkable e) {
      if (problem != null) {
        throw new Fail("class check failed: " + problem);
      }
      return;
    } catch (WasmTrap e) {
      throw new Fail("trapped instead of failing to link: " + describe(e), text, "trap " + kind(e));
    }
    throw new Fail("module linked, expected unlinkable", text, "instantiated");
  }

  private void assertUninstantiable(JsonNode c) throws Fail, IOException {
    String text = c.path("text").asText();
    WasmModule module = compile(c);
    String problem = ClassCheck.check(module.compiled().classes());
    try {
      module.instantiate(imports());
    } catch (WasmTrap t) {
      noteMessage(c, text, t);
      if (problem != null) {
        throw new Fail("class check failed: " + problem);
      }
      return;
    } catch (ModuleException e) {
      throw new Fail("failed to link instead of trapping: " + describe(e), text, "unlinkable");
    }
    throw new Fail("module instantiated, expected a trap", text, "instantiated");
  }

  private void noteMessage(JsonNode c, String expected, WasmTrap t) {
    String message = String.valueOf(t.getMessage());
    if (!message.contains(expected)) {
      result.mismatch(
          new MessageMismatch(
              file, c.path("line").asInt(), c.path("type").asText(), expected, message));
    }
  }

  // ---- descriptions -------------------------------------------------------------------------

  private static String kind(WasmTrap t) {
    return String.valueOf(t.kind());
  }

  /** What the command is about: the action or the module file. */
  private static String detail(JsonNode c) {
    JsonNode action = c.get("action");
    if (action != null) {
      StringBuilder sb = new StringBuilder();
      if (action.has("module")) {
        sb.append(action.get("module").asText()).append(' ');
      }
      sb.append(action.path("type").asText()).append(" \"").append(action.path("field").asText());
      sb.append('"');
      JsonNode args = action.get("args");
      if (args != null) {
        sb.append(" (");
        for (int i = 0; i < args.size(); i++) {
          sb.append(i == 0 ? "" : ", ").append(SpecValues.describeExpected(args.get(i)));
        }
        sb.append(')');
      }
      return sb.toString();
    }
    if (c.has("filename")) {
      return c.get("filename").asText() + (c.has("name") ? " " + c.get("name").asText() : "");
    }
    if (c.has("as")) {
      return "as \"" + c.get("as").asText() + "\"" + (c.has("name") ? " " + c.get("name") : "");
    }
    return null;
  }

  private static String expected(JsonNode c) {
    if (c.has("text")) {
      return c.get("text").asText();
    }
    JsonNode expected = c.get("expected");
    return expected == null || c.path("type").asText().equals("action")
        ? null
        : SpecValues.describeExpectedAll(expected);
  }

  /**
   * An exception as one line: class, message, causes; for exceptions other than traps and module
   * errors also where it was thrown (the top frames).
   */
  static String describe(Throwable t) {
    StringBuilder sb = new StringBuilder();
    if (t instanceof WasmTrap trap) {
      return "WasmTrap(" + trap.kind() + "): " + trap.getMessage();
    }
    sb.append(t.getClass().getName()).append(": ").append(t.getMessage());
    Throwable cause = t.getCause();
    for (int depth = 0; cause != null && depth < 3; depth++, cause = cause.getCause()) {
      if (cause.getMessage() != null && cause.getMessage().equals(t.getMessage())) {
        sb.append(" [caused by ").append(cause.getClass().getName()).append(']');
      } else {
        sb.append(" [caused by ")
            .append(cause.getClass().getName())
            .append(": ")
            .append(cause.getMessage())
            .append(']');
      }
    }
    if (!(t instanceof ModuleException)) {
      Throwable root = t;
      while (root.getCause() != null && root.getStackTrace().length == 0) {
        root = root.getCause();
      }
      StackTraceElement[] trace = root.getStackTrace();
      for (int i = 0; i < Math.min(4, trace.length); i++) {
        sb.append(i == 0 ? " at " : " < ").append(trace[i]);
      }
    }
    String s = sb.toString();
    return s.length() > 2000 ? s.substring(0, 2000) + "..." : s;
  }
}
