package io.ipvm.ipld.store;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class IpvmHomeTest {
  @Test
  void envWinsOverUserHome() {
    assertEquals(Path.of("/srv/ipvm"), IpvmHome.dir(Map.of("IPVM_HOME", "/srv/ipvm"), "/home/u"));
  }

  @Test
  void defaultIsDotIpvmInUserHome() {
    assertEquals(Path.of("/home/u/.ipvm"), IpvmHome.dir(Map.of(), "/home/u"));
    assertEquals(Path.of("/home/u/.ipvm"), IpvmHome.dir(Map.of("IPVM_HOME", " "), "/home/u"));
  }

  @Test
  void blocksIsUnderHome() {
    assertEquals(IpvmHome.dir().resolve("blocks"), IpvmHome.blocks());
  }
}
