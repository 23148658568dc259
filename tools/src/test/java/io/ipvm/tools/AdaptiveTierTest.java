package io.ipvm.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ipvm run --tier adaptive}: the same results as the default tier, past the point where the
 * hot function (called 5,000 times with its first argument fixed) gets its specialized variant;
 * with and without the class cache; clear usage errors for a bad tier and for lazy modules.
 */
class AdaptiveTierTest {
  @TempDir static Path tmp;
  static Map<String, String> env;
  static String module;

  @BeforeAll
  static void setUp() throws Exception {
    env = Map.of("IPVM_HOME", tmp.resolve("home").toString());
    module =
        Cli.wat(
                tmp,
                "scaled",
                """
                (module
                  (func $scale (param $k i32) (param $x i32) (result i32)
                    (i32.mul (local.get $x) (local.get $k)))
                  (func (export "run") (param $k i32) (param $n i32) (result i32)
                    (local $i i32) (local $acc i32)
                    (block $done
                      (loop $next
                        (br_if $done (i32.ge_s (local.get $i) (local.get $n)))
                        (local.set $acc
                          (i32.add (local.get $acc) (call $scale (local.get $k) (local.get $i))))
                        (local.set $i (i32.add (local.get $i) (i32.const 1)))
                        (br $next)))
                    (local.get $acc)))
                """)
            .toString();
  }

  @Test
  void adaptiveGivesTheSameResults() {
    for (String n : new String[] {"10", "5000"}) {
      String expected = String.valueOf(3 * Integer.parseInt(n) * (Integer.parseInt(n) - 1) / 2);
      for (String[] tier :
          new String[][] {{}, {"--tier", "aot"}, {"--tier", "adaptive"}, {"--tier=adaptive"}}) {
        for (boolean cache : new boolean[] {true, false}) {
          var args = new java.util.ArrayList<String>(java.util.List.of("run"));
          args.addAll(java.util.List.of(tier));
          if (!cache) {
            args.add("--no-cache");
          }
          args.addAll(java.util.List.of(module, "--invoke", "run", "3", n));
          Cli.Result r = Cli.run(env, args.toArray(String[]::new));
          assertEquals(0, r.status(), args + ": " + r);
          assertEquals(expected + "\n", r.text(), args.toString());
        }
      }
    }
  }

  @Test
  void verboseSaysWhichVariantsRan() {
    // $scale (function 0) is called 5,000 times with k = 3: the adaptive policy fixes it.
    Cli.Result r =
        Cli.run(
            env,
            "run",
            "--tier",
            "adaptive",
            "--verbose",
            "--no-cache",
            module,
            "--invoke",
            "run",
            "3",
            "5000");
    assertEquals(0, r.status(), r.toString());
    assertTrue(
        r.err().contains("ipvm: adaptive tier: 1 variant (function 0 {0=3}), 0 dropped"), r.err());
    r =
        Cli.run(
            env, "run", "--tier", "adaptive", "--verbose", module, "--invoke", "run", "3", "10");
    assertTrue(r.err().contains("ipvm: adaptive tier: 0 variants, 0 dropped"), r.err());
    r = Cli.run(env, "run", "--verbose", module, "--invoke", "run", "3", "5000");
    assertFalse(r.err().contains("adaptive tier"), r.err());
  }

  @Test
  void badTiersAndLazyModulesAreUsageErrors() {
    Cli.Result r = Cli.run(env, "run", "--tier", "jit", module, "--invoke", "run", "3", "4");
    assertEquals(Main.EXIT_USAGE, r.status(), r.toString());
    assertTrue(r.err().startsWith("error: --tier: expected aot or adaptive, got jit"), r.err());
    r = Cli.run(env, "run", "--tier", "adaptive", "--lazy", module, "--invoke", "run", "3", "4");
    assertEquals(Main.EXIT_USAGE, r.status(), r.toString());
    assertTrue(r.err().contains("--tier adaptive needs the module compiled"), r.err());
  }
}
