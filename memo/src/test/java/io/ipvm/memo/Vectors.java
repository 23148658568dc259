package io.ipvm.memo;

import static org.junit.jupiter.api.Assertions.assertNotNull;

import io.ipvm.ipld.DagJson;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Map;

/** The interop vectors copied into {@code src/test/resources/ipvm-vectors}. */
public final class Vectors {
  private Vectors() {}

  /** Every fixture file name. */
  public static final List<String> JSON_FIXTURES =
      List.of(
          "test-workflow-add-one-nonced.json",
          "test-workflow-add-one-part-one.json",
          "test-workflow-add-one-part-two.json",
          "test-workflow-add-one.json",
          "test-workflow-image-pipeline.json",
          "test-workflow-jco.json",
          "test-workflow-no-awaits1.json",
          "test-workflow-no-awaits2.json");

  public static byte[] resource(String name) {
    try (InputStream in = Vectors.class.getResourceAsStream("/ipvm-vectors/" + name)) {
      assertNotNull(in, "missing test resource " + name);
      return in.readAllBytes();
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  public static byte[] fixture(String name) {
    return resource("fixtures/" + name);
  }

  @SuppressWarnings("unchecked")
  public static Map<String, Object> vectors() {
    return (Map<String, Object>) DagJson.decode(resource("vectors.json"));
  }

  @SuppressWarnings("unchecked")
  public static Map<String, Object> map(Object o) {
    return (Map<String, Object>) o;
  }

  @SuppressWarnings("unchecked")
  public static List<Object> list(Object o) {
    return (List<Object>) o;
  }
}
