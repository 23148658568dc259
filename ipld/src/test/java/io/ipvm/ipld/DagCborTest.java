package io.ipvm.ipld;

import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.cbor.databind.CBORMapper;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DagCborTest {
  private static String hex(byte[] b) {
    return HexFormat.of().formatHex(b);
  }

  private static byte[] unhex(String h) {
    return HexFormat.of().parseHex(h);
  }

  @Test
  void integersUseTheShortestHead() {
    Object[][] cases = {
      {0L, "00"},
      {23L, "17"},
      {24L, "1818"},
      {255L, "18ff"},
      {256L, "190100"},
      {65535L, "19ffff"},
      {65536L, "1a00010000"},
      {4294967295L, "1affffffff"},
      {4294967296L, "1b0000000100000000"},
      {Long.MAX_VALUE, "1b7fffffffffffffff"},
      {-1L, "20"},
      {-24L, "37"},
      {-25L, "3818"},
      {-256L, "38ff"},
      {-257L, "390100"},
      {Long.MIN_VALUE, "3b7fffffffffffffff"},
      {Ipld.MAX_INTEGER, "1bffffffffffffffff"},
      {Ipld.MIN_INTEGER, "3bffffffffffffffff"},
      {7, "07"},
      {(short) -300, "39012b"},
      {(byte) 100, "1864"}
    };
    for (Object[] c : cases) {
      assertEquals(c[1], hex(DagCbor.encode(c[0])), String.valueOf(c[0]));
      assertTrue(Ipld.equals(c[0], DagCbor.decode(unhex((String) c[1]))), String.valueOf(c[0]));
    }
    assertEquals(Long.class, DagCbor.decode(unhex("1b7fffffffffffffff")).getClass());
    assertEquals(BigInteger.class, DagCbor.decode(unhex("1b8000000000000000")).getClass());
    assertThrows(IpldException.class, () -> DagCbor.encode(Ipld.MAX_INTEGER.add(BigInteger.ONE)));
    assertThrows(
        IpldException.class, () -> DagCbor.encode(Ipld.MIN_INTEGER.subtract(BigInteger.ONE)));
  }

  @Test
  void otherKinds() {
    assertEquals("f6", hex(DagCbor.encode(null)));
    assertEquals("f4", hex(DagCbor.encode(false)));
    assertEquals("f5", hex(DagCbor.encode(true)));
    assertEquals("fb3ff8000000000000", hex(DagCbor.encode(1.5)));
    assertEquals("fb3ff8000000000000", hex(DagCbor.encode(1.5f)));
    assertEquals("fb0000000000000000", hex(DagCbor.encode(0.0)));
    assertEquals("fb8000000000000000", hex(DagCbor.encode(-0.0)));
    assertEquals("fb43f0000000000000", hex(DagCbor.encode(18446744073709552000.0)));
    assertEquals("60", hex(DagCbor.encode("")));
    assertEquals("6449455446", hex(DagCbor.encode("IETF")));
    assertEquals("62c3bc", hex(DagCbor.encode("\u00fc")));
    assertEquals("64f0908591", hex(DagCbor.encode("\ud800\udd51")));
    assertEquals("4401020304", hex(DagCbor.encode(new byte[] {1, 2, 3, 4})));
    assertEquals("40", hex(DagCbor.encode(new byte[0])));
    assertEquals("80", hex(DagCbor.encode(List.of())));
    assertEquals("8301820203820405", hex(DagCbor.encode(List.of(1, List.of(2, 3), List.of(4, 5)))));
    assertEquals("a0", hex(DagCbor.encode(Map.of())));
    Cid cid = Cid.parse("bafkreihdwdcefgh4dqkjv67uzcmw7ojee6xedzdetojuzjevtenxquvyku");
    assertEquals("d82a582500" + hex(cid.bytes()), hex(DagCbor.encode(cid)));
    assertEquals(cid, DagCbor.decode(DagCbor.encode(cid)));
    Cid v0 = Cid.parse("QmUNLLsPACCz1vLxQVkXqqLX5R1X345qqfHbsf67hvA3Nn");
    assertEquals("d82a582300" + hex(v0.bytes()), hex(DagCbor.encode(v0)));
    assertEquals(v0, DagCbor.decode(DagCbor.encode(v0)));
  }

  @Test
  void mapKeysAreSortedLengthFirst() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("aa", 1);
    m.put("c", 3);
    m.put("b", 2);
    m.put("\u00e9", 4); // 2 UTF-8 bytes c3 a9: after "aa" (61 61)
    m.put("", 5);
    String expected = "a5" + "6005" + "616202" + "616303" + "62616101" + "62c3a904";
    assertEquals(expected, hex(DagCbor.encode(m)));
    @SuppressWarnings("unchecked")
    Map<String, Object> back = (Map<String, Object>) DagCbor.decode(unhex(expected));
    assertEquals(List.of("", "b", "c", "aa", "\u00e9"), new ArrayList<>(back.keySet()));
    Map<String, Object> withNull = new LinkedHashMap<>();
    withNull.put("x", null);
    assertEquals("a16178f6", hex(DagCbor.encode(withNull)));
    assertTrue(Ipld.equals(withNull, DagCbor.decode(unhex("a16178f6"))));
  }

  @Test
  void unencodableValues() {
    assertTrue(
        assertThrows(IpldException.class, () -> DagCbor.encode(Double.NaN))
            .getMessage()
            .contains("NaN"));
    assertThrows(IpldException.class, () -> DagCbor.encode(Double.POSITIVE_INFINITY));
    assertTrue(
        assertThrows(IpldException.class, () -> DagCbor.encode(Map.of(1, 2)))
            .getMessage()
            .contains("map key must be a string"));
    assertTrue(
        assertThrows(IpldException.class, () -> DagCbor.encode(new Object()))
            .getMessage()
            .contains("not an IPLD data-model value"));
    assertTrue(
        assertThrows(IpldException.class, () -> DagCbor.encode("\ud800x"))
            .getMessage()
            .contains("unpaired surrogate"));
  }

  @ParameterizedTest(name = "{0}: {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "1817|non-minimal integer/length encoding",
        "190017|non-minimal integer/length encoding",
        "1900ff|non-minimal integer/length encoding",
        "1a0000ffff|non-minimal integer/length encoding",
        "1b00000000ffffffff|non-minimal integer/length encoding",
        "3817|non-minimal integer/length encoding",
        "5801aa|non-minimal integer/length encoding",
        "780161|non-minimal integer/length encoding",
        "9801 00|non-minimal integer/length encoding",
        "b8 01 6161 01|non-minimal integer/length encoding",
        "d8 2a 4a 00|truncated input",
        "5f4101ff|indefinite-length items are not allowed",
        "7f6161ff|indefinite-length items are not allowed",
        "9fff|indefinite-length items are not allowed",
        "bfff|indefinite-length items are not allowed",
        "ff|unexpected break",
        "f93c00|float16 is not allowed",
        "fa3fc00000|float32 is not allowed",
        "fb7ff8000000000000|NaN and infinities are not allowed",
        "fbfff0000000000000|NaN and infinities are not allowed",
        "f7|undefined is not allowed",
        "f0|simple value 16 is not allowed",
        "f820|simple value 24 is not allowed",
        "1c|reserved additional information 28",
        "c100|tag 1 is not allowed (only 42)",
        "c249010000000000000000|tag 2 is not allowed (only 42)",
        "d82b4100|tag 43 is not allowed (only 42)",
        "d82a6161|tag 42 must wrap a byte string",
        "d82a40|must start with the 0x00 multibase prefix",
        "d82a4101|must start with the 0x00 multibase prefix",
        "d82a4100|invalid CID in tag 42: empty CID",
        "d82a43000155|invalid CID in tag 42: truncated CID",
        "d9002a4100|non-minimal integer/length encoding",
        "a2616201616101|map keys not in canonical order (length-first, then bytewise): \"a\" after \"b\"",
        "a262616101616201|map keys not in canonical order (length-first, then bytewise): \"b\" after \"aa\"",
        "a2616101616101|duplicate map key \"a\"",
        "a10101|map key must be a string (major type 0)",
        "a1410101|map key must be a string (major type 2)",
        "a1f601|map key must be a string (major type 7)",
        "62c328|string is not valid UTF-8",
        "63eda080|string is not valid UTF-8",
        "0000|at offset 1: trailing bytes after the top-level value (1 extra)",
        "|truncated input",
        "18|truncated input",
        "4501020304|truncated input",
        "9a7fffffff|truncated input",
        "bb7fffffffffffffff|truncated input",
        "8201|truncated input",
      })
  void rejectsNonCanonicalInput(String h, String message) {
    byte[] bytes = unhex(h == null ? "" : h.replace(" ", ""));
    IpldException e = assertThrows(IpldException.class, () -> DagCbor.decode(bytes));
    assertTrue(e.getMessage().contains(message), e.getMessage());
    assertTrue(e.getMessage().startsWith("DAG-CBOR at offset "), e.getMessage());
  }

  @Test
  void deepNestingIsRefused() {
    byte[] deep = new byte[DagCbor.MAX_DEPTH + 10];
    java.util.Arrays.fill(deep, (byte) 0x81);
    deep[deep.length - 1] = 0;
    assertTrue(
        assertThrows(IpldException.class, () -> DagCbor.decode(deep))
            .getMessage()
            .contains("nesting"));
  }

  /** Random values: encode, decode, compare; re-encode byte-identically; Jackson reads the same. */
  @Test
  void randomRoundTripsAgreeWithJackson() throws Exception {
    RandomIpld gen = new RandomIpld(42);
    CBORMapper jackson = new CBORMapper();
    for (int i = 0; i < 3000; i++) {
      Object v = gen.value(0);
      byte[] enc = DagCbor.encode(v);
      Object back = DagCbor.decode(enc);
      assertTrue(Ipld.equals(v, back), () -> "value " + v);
      assertArrayEquals(enc, DagCbor.encode(back));
      JsonNode node = jackson.readTree(enc);
      assertSame(back, node, hex(enc));
    }
  }

  /** Compares a decoded value with Jackson's independent reading of the same bytes. */
  private static void assertSame(Object v, JsonNode n, String where) throws Exception {
    switch (v) {
      case null -> assertTrue(n.isNull(), where);
      case Boolean b -> assertEquals(b, n.booleanValue(), where);
      case Long l -> assertEquals(BigInteger.valueOf(l), n.bigIntegerValue(), where);
      case BigInteger b -> assertEquals(b, n.bigIntegerValue(), where);
      case Double d -> {
        assertTrue(n.isDouble(), where);
        assertEquals(Double.doubleToLongBits(d), Double.doubleToLongBits(n.doubleValue()), where);
      }
      case String s -> assertEquals(s, n.textValue(), where);
      case byte[] b -> assertArrayEquals(b, n.binaryValue(), where);
      case Cid c -> {
        byte[] expected = new byte[c.bytes().length + 1];
        System.arraycopy(c.bytes(), 0, expected, 1, expected.length - 1);
        assertArrayEquals(expected, n.binaryValue(), where);
      }
      case List<?> l -> {
        assertTrue(n.isArray(), where);
        assertEquals(l.size(), n.size(), where);
        for (int i = 0; i < l.size(); i++) assertSame(l.get(i), n.get(i), where);
      }
      case Map<?, ?> m -> {
        assertTrue(n.isObject(), where);
        List<String> names = new ArrayList<>();
        n.fieldNames().forEachRemaining(names::add);
        assertEquals(new ArrayList<>(m.keySet()), names, where); // same (canonical) order
        Iterator<String> it = names.iterator();
        while (it.hasNext()) {
          String k = it.next();
          assertSame(m.get(k), n.get(k), where);
        }
      }
      default -> fail("unexpected " + v.getClass());
    }
  }
}
