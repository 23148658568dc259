package io.ipvm.tools;

import static org.junit.jupiter.api.Assertions.*;

import io.ipvm.ipld.DagJson;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** ipvm workflow inspect|run, ipvm receipt, ipvm memo ls, over the README's example. */
class WorkflowCommandTest {
  @TempDir Path tmp;
  Map<String, String> env;
  Path repo;

  @BeforeEach
  void setUp() {
    env = Map.of("IPVM_HOME", tmp.resolve("home").toString());
    repo = Cli.fib().getParent().getParent();
  }

  String example() {
    return repo.resolve("examples/workflow-add-one.json").toString();
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> json(Cli.Result r) {
    return (Map<String, Object>) DagJson.decode(r.text().strip());
  }

  @Test
  void readmeExampleRunsThenReplays() throws Exception {
    Cli.Result add = Cli.run(env, "add", repo.resolve("examples/workflow.wasm").toString());
    assertEquals(0, add.status(), add::toString);
    String cid = add.text().strip();
    assertTrue(
        Files.readString(Path.of(example())).contains("ipfs://" + cid),
        "examples/workflow-add-one.json must name the module's CID " + cid);

    Cli.Result inspect = Cli.run(env, "workflow", "inspect", "--json", example());
    assertEquals(0, inspect.status(), inspect::toString);
    Map<String, Object> wf = json(inspect);
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> tasks = (List<Map<String, Object>>) wf.get("tasks");
    assertEquals(6, tasks.size());
    for (Map<String, Object> t : tasks) {
      assertTrue(t.get("instruction_cid").toString().startsWith("bafyrmi"));
      assertTrue(t.get("task_cid").toString().startsWith("bafyrmi"));
      assertTrue(t.get("invocation_cid").toString().startsWith("bafyrmi"));
    }

    Cli.Result first = Cli.run(env, "workflow", "run", example());
    assertEquals(0, first.status(), first::toString);
    List<String> lines = first.text().lines().toList();
    assertEquals(7, lines.size(), first::toString);
    assertTrue(
        lines.stream().anyMatch(l -> l.startsWith("tasks[2] add_one: ok 4 (ran,")),
        first::toString);
    assertTrue(
        lines.stream()
            .anyMatch(l -> l.startsWith("tasks[4] join_strings: ok \"Hello, IPVM\\nworld!\"")),
        first::toString);
    assertTrue(lines.stream().anyMatch(l -> l.contains("fuel 3 of 1000000")), first::toString);
    assertTrue(
        lines.get(6).contains("6 tasks, 6 ok, 0 failed; 6 ran, 0 replayed"), first::toString);

    Cli.Result second = Cli.run(env, "workflow", "run", "--json", example());
    assertEquals(0, second.status(), second::toString);
    Map<String, Object> run = json(second);
    assertEquals(wf.get("workflow_cid"), run.get("workflow_cid"));
    assertEquals(0L, ((Number) run.get("executed")).longValue());
    assertEquals(6L, ((Number) run.get("replayed")).longValue());
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> outcomes = (List<Map<String, Object>>) run.get("tasks");
    String receipt = (String) outcomes.get(2).get("receipt_cid");
    assertEquals(true, outcomes.get(2).get("replayed"));

    Cli.Result shown = Cli.run(env, "receipt", receipt);
    assertEquals(0, shown.status(), shown::toString);
    assertTrue(shown.text().contains("out   ok 4"), shown::toString);
    assertTrue(shown.text().contains("meta  {\"op\":\"add_one\"}"), shown::toString);
    Cli.Result shownJson = Cli.run(env, "receipt", "--json", receipt);
    assertEquals(receipt, json(shownJson).get("cid"));

    Cli.Result ls = Cli.run(env, "memo", "ls");
    assertEquals(6, ls.text().lines().count(), ls::toString);
    Cli.Result lsJson = Cli.run(env, "memo", "ls", "--json");
    assertEquals(6, ((List<?>) json(lsJson).get("entries")).size());
  }

  @Test
  void failedTaskMeansExitOneAndAnErrorLine() throws Exception {
    String cid =
        Cli.run(env, "add", repo.resolve("examples/workflow.wasm").toString()).text().strip();
    Path wf = tmp.resolve("div.json");
    Files.writeString(
        wf,
        """
        {"tasks": [
          {"cause": null, "meta": {}, "prf": [],
           "run": {"input": {"args": [1, 0], "func": "divide"}, "nnc": "", "op": "wasm/run",
                   "rsc": "ipfs://%s"}},
          {"cause": null, "meta": {}, "prf": [],
           "run": {"input": {"args": [5], "func": "add_one"}, "nnc": "", "op": "wasm/run",
                   "rsc": "ipfs://%s"}},
          {"cause": null, "meta": {}, "prf": [],
           "run": {"input": {"args": [1, 2], "func": "add_one"}, "nnc": "", "op": "wasm/run",
                   "rsc": "ipfs://%s"}}
        ]}
        """
            .formatted(cid, cid, cid));
    Cli.Result r = Cli.run(env, "workflow", "run", wf.toString());
    assertEquals(1, r.status(), r::toString);
    assertTrue(
        r.text().contains("tasks[0] divide: error: \"divide\" trapped: integer divide by zero"),
        r::toString);
    assertTrue(r.text().contains("tasks[1] add_one: ok 6"), r::toString);
    // wrong arguments: the guest is never called, so the line names no fuel
    String argLine =
        r.text().lines().filter(l -> l.startsWith("tasks[2] ")).findFirst().orElseThrow();
    assertTrue(argLine.contains("(not run, "), argLine);
    assertTrue(!argLine.contains("fuel"), argLine);
    assertTrue(r.text().contains("3 tasks, 1 ok, 2 failed"), r::toString);
  }

  @Test
  void timeLimitEndsARunawayAndLongRunsShowProgress() throws Exception {
    Path wat = tmp.resolve("spin.wat");
    Path wasm = tmp.resolve("spin.wasm");
    Files.writeString(wat, "(module (func (export \"spin\") (loop (br 0))))");
    String wat2wasm =
        Files.isExecutable(Path.of("/usr/bin/wat2wasm")) ? "/usr/bin/wat2wasm" : "wat2wasm";
    Process p = new ProcessBuilder(wat2wasm, wat.toString(), "-o", wasm.toString()).start();
    assertEquals(0, p.waitFor(), "wat2wasm (wabt) is needed");
    String cid = Cli.run(env, "add", wasm.toString()).text().strip();
    Path wf = tmp.resolve("spin.json");
    Files.writeString(
        wf,
        """
        {"tasks": [{"cause": null, "meta": {"time": 2500}, "prf": [],
          "run": {"input": {"args": [], "func": "spin"}, "nnc": "", "op": "wasm/run",
                  "rsc": "ipfs://%s"}}]}
        """
            .formatted(cid));
    Cli.Result r = Cli.run(env, "workflow", "run", wf.toString());
    assertEquals(1, r.status(), r::toString);
    assertTrue(
        r.text().contains("tasks[0] spin: error: time limit of 2500 ms exceeded (ran, "),
        r::toString);
    assertTrue(r.text().contains("not memoized"), r::toString);
    assertTrue(r.err().contains("progress: 0/1 tasks done"), r::toString);
  }

  @Test
  void badWorkflowsAreExitTwo() throws Exception {
    Path dup = tmp.resolve("dup.json");
    String task =
        """
        {"cause": null, "meta": {}, "prf": [],
         "run": {"input": {"args": [1], "func": "add_one"}, "nnc": "", "op": "wasm/run",
                 "rsc": "ipfs://bafkreiapnt2rydn6woshwo4bij3nsicesljsuqqc2eepvozwhji4k6szba"}}
        """;
    Files.writeString(dup, "{\"tasks\": [" + task + "," + task + "]}");
    Cli.Result r = Cli.run(env, "workflow", "run", dup.toString());
    assertEquals(2, r.status(), r::toString);
    assertTrue(r.err().contains("duplicate instruction"), r::toString);
    assertFalse(Files.exists(tmp.resolve("home/memo")), "nothing ran");

    Cli.Result missing = Cli.run(env, "workflow", "inspect", tmp.resolve("nope.json").toString());
    assertEquals(2, missing.status());
    assertTrue(missing.err().contains("no such file"), missing::toString);

    Files.writeString(tmp.resolve("bad.json"), "{\"tasks\": [1]}");
    Cli.Result bad = Cli.run(env, "workflow", "inspect", tmp.resolve("bad.json").toString());
    assertEquals(2, bad.status());
    assertTrue(bad.err().startsWith("error: invalid workflow"), bad::toString);

    Cli.Result noReceipt =
        Cli.run(env, "receipt", "bafyrmih5ujsrxcwwbeeqowgy434da36ie3cbar3wr5yv2vnrmzmxdylicm");
    assertEquals(2, noReceipt.status());
    assertTrue(noReceipt.err().contains("is not in the block store"), noReceipt::toString);
  }

  @Test
  void inspectGivesTheReferenceCids() throws Exception {
    Path fixtures = repo.resolve("memo/src/test/resources/ipvm-vectors/fixtures");
    Cli.Result json =
        Cli.run(
            env,
            "workflow",
            "inspect",
            "--json",
            fixtures.resolve("test-workflow-add-one.json").toString());
    assertEquals(0, json.status(), json::toString);
    Map<String, Object> wf = json(json);
    assertEquals(
        "bafyrmialnbzgwscjrq7sa3kdnw2roqdrdzp7xh2tvmo37qmgvarwrhcgre", wf.get("workflow_cid"));
    @SuppressWarnings("unchecked")
    Map<String, Object> second = ((List<Map<String, Object>>) wf.get("tasks")).get(1);
    assertEquals(
        "bafyrmigtptkfraoegchxtzn74hskd5vojaxhlqmqldlx5blvpngefa4kai",
        second.get("instruction_cid"));
    assertEquals(
        "bafyrmih5bxv5hjgahs7s5lhscemhmg4wjxrubi5y65dwohf3nqoriaw2bq",
        second.get("invocation_cid"));

    Cli.Result cbor =
        Cli.run(
            env,
            "workflow",
            "inspect",
            fixtures.resolve("test-workflow-image-pipeline.cbor").toString());
    assertEquals(0, cbor.status(), cbor::toString);
    assertTrue(
        cbor.text()
            .startsWith(
                "workflow bafyrmiatb7idqtty56hy3hrfa6ur6qkspyrhaf6n6ynmqsntjvym47mbrq \"test\": 3 tasks"),
        cbor::toString);
    assertTrue(new String(cbor.out(), StandardCharsets.UTF_8).contains("await/ok"));
  }

  /** Four tasks calling add_one(41), told apart by their nonces: a partial application. */
  @Test
  void partialApplicationsRunSpecializedUnlessTurnedOff() throws Exception {
    for (boolean off : new boolean[] {false, true}) {
      // a home per round: the second must run the tasks again, not replay them
      Map<String, String> home = Map.of("IPVM_HOME", tmp.resolve("home-" + off).toString());
      Cli.Result add = Cli.run(home, "add", repo.resolve("examples/workflow.wasm").toString());
      assertEquals(0, add.status(), add::toString);
      String cid = add.text().strip();
      StringBuilder tasks = new StringBuilder();
      for (int n = 0; n < 4; n++) {
        tasks.append(n == 0 ? "" : ",");
        tasks.append(
            "{\"run\": {\"op\": \"wasm/run\", \"rsc\": \"ipfs://"
                + cid
                + "\", \"input\": {\"func\": \"add_one\", \"args\": [41]}, \"nnc\": \""
                + (n == 0 ? "" : "0" + n + "0".repeat(18))
                + "\"}, \"meta\": {}, \"prf\": [], \"cause\": null}");
      }
      Path file = tmp.resolve("partial.json");
      Files.writeString(file, "{\"tasks\": [" + tasks + "]}");
      Cli.Result r =
          off
              ? Cli.run(home, "workflow", "run", "--json", "--no-specialize", file.toString())
              : Cli.run(home, "workflow", "run", "--json", file.toString());
      assertEquals(0, r.status(), r::toString);
      @SuppressWarnings("unchecked")
      List<Map<String, Object>> done = (List<Map<String, Object>>) json(r).get("tasks");
      assertEquals(4, done.size());
      for (Map<String, Object> t : done) {
        assertEquals(off ? "general" : "specialized", t.get("variant"), r.text());
        assertEquals(true, t.get("ok"));
      }
    }
  }
}
