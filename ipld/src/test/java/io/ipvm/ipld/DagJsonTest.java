package io.ipvm.ipld;

import static org.junit.jupiter.api.Assertions.*;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DagJsonTest {
  private static final Cid RAW_EMPTY =
      Cid.parse("bafkreihdwdcefgh4dqkjv67uzcmw7ojee6xedzdetojuzjevtenxquvyku");

  @Test
  void encodesCanonically() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("link", RAW_EMPTY);
    m.put("b", 1);
    m.put("bytes", new byte[] {1, 2, 3});
    m.put("aa", Arrays.asList(true, null, 1.5, "x\n\"\\\u0001\u00e9", -7L, 1.0, 1e21, 1e-7));
    assertEquals(
        "{\"aa\":[true,null,1.5,\"x\\n\\\"\\\\\\u0001\u00e9\",-7,1.0,1e+21,1e-7],\"b\":1,"
            + "\"bytes\":{\"/\":{\"bytes\":\"AQID\"}},"
            + "\"link\":{\"/\":\"bafkreihdwdcefgh4dqkjv67uzcmw7ojee6xedzdetojuzjevtenxquvyku\"}}",
        DagJson.encodeToString(m));
  }

  @Test
  void floatsAreWrittenLikeJavaScript() {
    Object[][] cases = {
      {1.0, "1.0"},
      {-1.5, "-1.5"},
      {0.0, "0.0"},
      {-0.0, "-0.0"},
      {100.0, "100.0"},
      {1e20, "100000000000000000000.0"},
      {1e21, "1e+21"},
      {1.5e300, "1.5e+300"},
      {0.1, "0.1"},
      {1e-6, "0.000001"},
      {1.25e-6, "0.00000125"},
      {1e-7, "1e-7"},
      {123456.789, "123456.789"},
      {18446744073709552000.0, "18446744073709552000.0"},
      {Double.MIN_VALUE, "5e-324"},
      {Double.MAX_VALUE, "1.7976931348623157e+308"},
      {0.30000000000000004, "0.30000000000000004"},
      {-2.5e-10, "-2.5e-10"}
    };
    for (Object[] c : cases) {
      assertEquals(c[1], DagJson.encodeToString(c[0]));
      assertEquals(c[0], DagJson.decode((String) c[1]));
    }
  }

  @Test
  void keysSortBytewiseNotLengthFirst() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("b", 1);
    m.put("aa", 2);
    m.put("\uffff", 3); // ef bf bf
    m.put("\ud83d\ude00", 4); // f0 9f 98 80: after U+FFFF in UTF-8 (before it in UTF-16)
    m.put("a", 5);
    assertEquals(
        "{\"a\":5,\"aa\":2,\"b\":1,\"\uffff\":3,\"\ud83d\ude00\":4}", DagJson.encodeToString(m));
    @SuppressWarnings("unchecked")
    Map<String, Object> back = (Map<String, Object>) DagJson.decode(DagJson.encode(m));
    assertEquals(List.of("a", "aa", "b", "\uffff", "\ud83d\ude00"), new ArrayList<>(back.keySet()));
  }

  @Test
  void decodesLinksBytesAndNumbers() {
    Object v =
        DagJson.decode(
            " { \"z\" : [ 1 , 2.0, -0, 1e2 ] , \"l\": {\"/\": \"QmUNLLsPACCz1vLxQVkXqqLX5R1X345qqfHbsf67hvA3Nn\"},"
                + " \"b\": {\"/\": {\"bytes\": \"AQID\"}}, \"big\": 18446744073709551615,"
                + " \"neg\": -18446744073709551616, \"slash\": {\"/\": 1}, \"two\": {\"/\": \"x\", \"y\": 1} }");
    Map<String, Object> expected = new LinkedHashMap<>();
    expected.put("z", List.of(1L, 2.0, 0L, 100.0));
    expected.put("l", Cid.parse("QmUNLLsPACCz1vLxQVkXqqLX5R1X345qqfHbsf67hvA3Nn"));
    expected.put("b", new byte[] {1, 2, 3});
    expected.put("big", Ipld.MAX_INTEGER);
    expected.put("neg", Ipld.MIN_INTEGER);
    expected.put("slash", Map.of("/", 1L));
    expected.put("two", Map.of("/", "x", "y", 1L));
    assertTrue(Ipld.equals(expected, v), String.valueOf(v));
    @SuppressWarnings("unchecked")
    Map<String, Object> m = (Map<String, Object>) v;
    assertEquals(Long.class, ((List<?>) m.get("z")).get(0).getClass());
    assertEquals(Double.class, ((List<?>) m.get("z")).get(1).getClass());
    assertEquals(List.of("b", "big", "l", "neg", "slash", "two", "z"), new ArrayList<>(m.keySet()));
    // the same value through DAG-CBOR and back
    assertTrue(Ipld.equals(v, DagCbor.decode(DagCbor.encode(v))));
  }

  @Test
  void numbersBeyondSixtyFourBits() {
    byte[] big = "18446744073709551616".getBytes(java.nio.charset.StandardCharsets.UTF_8);
    assertTrue(
        assertThrows(IpldException.class, () -> DagJson.decode(big))
            .getMessage()
            .contains("outside the IPLD 64-bit range"));
    assertEquals(18446744073709551616.0, DagJson.decode(big, DagJson.Numbers.SERDE_JSON));
    // serde_json: u64 and i64 stay integers, anything else becomes f64
    byte[] u64 = "18446744073709551615".getBytes(java.nio.charset.StandardCharsets.UTF_8);
    assertEquals(Ipld.MAX_INTEGER, DagJson.decode(u64, DagJson.Numbers.SERDE_JSON));
    byte[] belowI64 = "-9223372036854775809".getBytes(java.nio.charset.StandardCharsets.UTF_8);
    assertEquals(-9223372036854775809.0, DagJson.decode(belowI64, DagJson.Numbers.SERDE_JSON));
    assertEquals(
        new BigInteger("-9223372036854775809"), DagJson.decode(belowI64, DagJson.Numbers.STRICT));
    // Homestar's fuel value: JS's rendering of u64::MAX, read as a float
    byte[] fuel = "18446744073709552000".getBytes(java.nio.charset.StandardCharsets.UTF_8);
    assertEquals(
        "fb43f0000000000000",
        java.util.HexFormat.of()
            .formatHex(DagCbor.encode(DagJson.decode(fuel, DagJson.Numbers.SERDE_JSON))));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '`',
      value = {
        "{\"a\":1,\"a\":2}|duplicate map key \"a\"",
        "{\"/\":\"bafzzz\"}|invalid link \"bafzzz\"",
        "{\"/\":\"xyz\"}|unknown multibase prefix 'x'",
        "{\"/\":{\"bytes\":\"AQID=\"}}|padding is not allowed",
        "{\"/\":{\"bytes\":\"AQ-D\"}}|invalid character '-'",
        "1 2|trailing content",
        "[1,]|DAG-JSON",
        "NaN|DAG-JSON",
        "1e400|number does not fit a 64-bit float",
        "\"\\ud800\"|unpaired surrogate",
        "|empty input",
        "{'a':1}|DAG-JSON",
      })
  void rejectsInvalidInput(String json, String message) {
    byte[] bytes = (json == null ? "" : json).getBytes(java.nio.charset.StandardCharsets.UTF_8);
    IpldException e = assertThrows(IpldException.class, () -> DagJson.decode(bytes));
    assertTrue(e.getMessage().contains(message), e.getMessage());
  }

  @Test
  void refusesToEncodeAmbiguousMaps() {
    assertThrows(IpldException.class, () -> DagJson.encode(Map.of("/", "bafy")));
    assertThrows(IpldException.class, () -> DagJson.encode(Map.of("/", Map.of("bytes", "AQID"))));
    assertEquals("{\"/\":1}", DagJson.encodeToString(Map.of("/", 1)));
    assertThrows(IpldException.class, () -> DagJson.encode(Double.NaN));
    assertThrows(IpldException.class, () -> DagJson.encode(Map.of(1, 1)));
  }

  @Test
  void randomRoundTrips() {
    RandomIpld gen = new RandomIpld(99);
    for (int i = 0; i < 3000; i++) {
      Object v = gen.value(0);
      byte[] json = DagJson.encode(v);
      Object back = DagJson.decode(json);
      assertTrue(Ipld.equals(v, back), () -> new String(json));
      assertArrayEquals(json, DagJson.encode(back));
      assertArrayEquals(DagCbor.encode(v), DagCbor.encode(back));
    }
  }
}
