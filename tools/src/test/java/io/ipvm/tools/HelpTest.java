package io.ipvm.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every subcommand has its own help, reached as {@code ipvm help C} and {@code ipvm C --help}. */
class HelpTest {
  @TempDir Path home;

  private Cli.Result ipvm(String... args) {
    return Cli.run(Map.of("IPVM_HOME", home.toString()), args);
  }

  @Test
  void everyCommandHasItsOwnHelp() {
    for (String command : Help.commands()) {
      Cli.Result viaHelp = ipvm("help", command);
      assertEquals(0, viaHelp.status(), viaHelp.toString());
      assertEquals(Help.of(command), viaHelp.text());
      assertTrue(viaHelp.text().startsWith("ipvm " + command + " - "), viaHelp.text());
      assertTrue(viaHelp.text().contains("Usage:"), command);
      assertEquals("", viaHelp.err());
      if (!command.equals("help")) {
        Cli.Result viaFlag = ipvm(command, "--help");
        assertEquals(0, viaFlag.status(), viaFlag.toString());
        assertEquals(Help.of(command), viaFlag.text(), command + " --help");
        Cli.Result viaShort = ipvm(command, "-h");
        assertEquals(0, viaShort.status(), viaShort.toString());
        assertEquals(Help.of(command), viaShort.text(), command + " -h");
      }
    }
    assertEquals(Help.WORKFLOW, ipvm("workflow", "run", "--help").text());
    assertEquals(Help.CAR, ipvm("car", "export", "--help").text());
    assertEquals(Help.MEMO, ipvm("memo", "ls", "--help").text());
    assertEquals(Help.WORKFLOW, ipvm("workflow", "run", "-h").text());
    assertEquals(Help.CAR, ipvm("car", "export", "-h").text());
    // ipvm help names subcommands the same way
    assertEquals(Help.WORKFLOW, ipvm("help", "workflow", "run").text());
    assertEquals(Help.WORKFLOW, ipvm("help", "workflow", "inspect").text());
    assertEquals(Help.CAR, ipvm("help", "car", "import").text());
    assertEquals(Help.MEMO, ipvm("help", "memo", "ls").text());
    Cli.Result wrong = ipvm("help", "run", "ls");
    assertEquals(2, wrong.status(), wrong.toString());
    assertTrue(wrong.err().startsWith("error: ipvm help: no command run ls;"), wrong.err());
  }

  @Test
  void runHelpGivesTheArgumentAndLimitFormats() {
    String run = ipvm("run", "--help").text();
    for (String s :
        new String[] {
          "--fuel N", "--timeout DURATION", "500ms, 10s, 2m", "--max-memory BYTES", "64MiB",
          "i32, i64", "nan:0xPAYLOAD", "4  fuel exhausted", "5  time limit", "6  memory limit",
          "7  standard output"
        }) {
      assertTrue(run.contains(s), "ipvm run --help lacks " + s);
    }
  }

  @Test
  void workflowHelpExplainsAwaitsAndNonces() {
    String workflow = ipvm("help", "workflow").text();
    for (String s :
        new String[] {
          "await/ok", "await/error", "await/*", "nnc", "base32hex", "12 or 16", "meta"
        }) {
      assertTrue(workflow.contains(s), "ipvm help workflow lacks " + s);
    }
  }

  @Test
  void helpOfAnUnknownCommand() {
    Cli.Result r = ipvm("help", "frobnicate");
    assertEquals(2, r.status(), r.toString());
    assertTrue(
        r.err().startsWith("error: ipvm help: no command frobnicate; commands: run,"), r.err());
  }

  @Test
  void usageErrorsPointToTheCommandsOwnHelp() {
    Cli.Result run = ipvm("run", "x.wasm", "--fuel", "abc");
    assertEquals(2, run.status(), run.toString());
    assertEquals(
        "error: --fuel: expected a number of Wasm instructions such as 1000000, got \"abc\"\n"
            + "run 'ipvm help run' for the usage\n",
        run.err());
    Cli.Result workflow = ipvm("workflow", "frobnicate");
    assertEquals(2, workflow.status(), workflow.toString());
    assertTrue(workflow.err().endsWith("run 'ipvm help workflow' for the usage\n"), workflow.err());
    // no such command: the overview
    Cli.Result unknown = ipvm("frobnicate");
    assertEquals(2, unknown.status(), unknown.toString());
    assertTrue(unknown.err().endsWith("run 'ipvm help' for the usage\n"), unknown.err());
  }

  @Test
  void overviewPointsToTheCommandHelps() {
    Cli.Result r = ipvm("help");
    assertEquals(0, r.status());
    assertEquals(Main.HELP, r.text());
    assertTrue(r.text().contains("ipvm help COMMAND"), r.text());
  }
}
