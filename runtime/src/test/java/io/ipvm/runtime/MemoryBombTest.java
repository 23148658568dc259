package io.ipvm.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A guest that grows its memory until it cannot must see {@code memory.grow} fail (-1), as the spec
 * allows, not take the host down with an OutOfMemoryError: checked in a child JVM with a 96 MB
 * heap.
 */
class MemoryBombTest {

  /** Child JVM: grows memory by 256 pages (16 MiB) until grow fails, then uses the memory. */
  public static void main(String[] args) {
    WasmBuilder b = new WasmBuilder();
    int t = b.type(new int[0], new int[] {WasmBuilder.I32});
    WasmBuilder.Bytes c = new WasmBuilder.Bytes();
    c.op(0x03).op(0x40); // loop
    c.i32Const(256).op(0x40).u8(0x00); // memory.grow 256
    c.i32Const(-1).op(0x47).op(0x0D).u32(0); // grown: br_if 0 (again)
    c.op(0x0B);
    c.op(0x3F).u8(0x00); // memory.size
    b.function(t, new int[0][], c.toByteArray());
    b.memory(1);
    b.export("bomb", 0);
    Instance instance = WasmModule.compile(b.build()).instantiate();
    int pages = (Integer) instance.call("bomb")[0];
    System.out.println("pages " + pages);
  }

  @Test
  void memoryBombFailsGrowInsteadOfKillingTheHost() throws Exception {
    String java = ProcessHandle.current().info().command().orElse("java");
    Process child =
        new ProcessBuilder(
                java, "-Xmx96m", "-cp", System.getProperty("java.class.path"), getClass().getName())
            .redirectErrorStream(true)
            .start();
    assertTrue(child.waitFor(5, TimeUnit.MINUTES), "child JVM did not finish");
    String out = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertEquals(0, child.exitValue(), out);
    int pages = Integer.parseInt(out.replaceAll("(?s).*pages (\\d+).*", "$1"));
    assertTrue(pages >= 1 && pages < 1600, "grew to " + pages + " pages in a 96 MB heap: " + out);
  }
}
