package io.ipvm.ipld;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.*;

import io.ipvm.ipld.Multibase.Base;
import java.util.Random;
import org.junit.jupiter.api.Test;

class MultibaseTest {
  @Test
  void multibaseSpecVectors() {
    // multiformats/multibase tests/test1.csv ("yes mani !")
    byte[] data = "yes mani !".getBytes(UTF_8);
    assertEquals("bpfsxgidnmfxgsibb", Multibase.encode(Base.BASE32, data));
    assertEquals("z7paNL19xttacUY", Multibase.encode(Base.BASE58BTC, data));
    assertEquals("ueWVzIG1hbmkgIQ", Multibase.encode(Base.BASE64URL, data));
    for (String s : new String[] {"bpfsxgidnmfxgsibb", "z7paNL19xttacUY", "ueWVzIG1hbmkgIQ"}) {
      assertArrayEquals(data, Multibase.decode(s), s);
    }
  }

  @Test
  void rfc4648Vectors() {
    String[][] v = {
      {"", "", ""},
      {"f", "my", "Zg"},
      {"fo", "mzxq", "Zm8"},
      {"foo", "mzxw6", "Zm9v"},
      {"foob", "mzxw6yq", "Zm9vYg"},
      {"fooba", "mzxw6ytb", "Zm9vYmE"},
      {"foobar", "mzxw6ytboi", "Zm9vYmFy"}
    };
    for (String[] t : v) {
      byte[] d = t[0].getBytes(UTF_8);
      assertEquals("b" + t[1], Multibase.encode(Base.BASE32, d));
      assertEquals("u" + t[2], Multibase.encode(Base.BASE64URL, d));
      assertArrayEquals(d, Multibase.decode("b" + t[1]));
      assertArrayEquals(d, Multibase.decode("u" + t[2]));
    }
  }

  @Test
  void base58Vectors() {
    assertEquals(
        "z2NEpo7TZRRrLZSi2U", Multibase.encode(Base.BASE58BTC, "Hello World!".getBytes(UTF_8)));
    assertEquals("z11", Multibase.encode(Base.BASE58BTC, new byte[2]));
    assertEquals("z112", Multibase.encode(Base.BASE58BTC, new byte[] {0, 0, 1}));
    assertArrayEquals(new byte[] {0, 0, 1}, Multibase.decode("z112"));
    assertArrayEquals(new byte[0], Multibase.decode("z"));
  }

  @Test
  void randomRoundTrips() {
    Random r = new Random(7);
    for (int i = 0; i < 2000; i++) {
      byte[] d = new byte[r.nextInt(70)];
      r.nextBytes(d);
      if (r.nextBoolean() && d.length > 2) {
        d[0] = 0;
        d[1] = 0;
      }
      for (Base b : Base.values()) {
        String s = Multibase.encode(b, d);
        assertEquals(b, Multibase.baseOf(s));
        assertArrayEquals(d, Multibase.decode(s), s);
      }
    }
  }

  private static String err(String s) {
    return assertThrows(IpldException.class, () -> Multibase.decode(s)).getMessage();
  }

  @Test
  void errors() {
    assertEquals("unknown multibase prefix 'x'", err("xabc"));
    assertEquals("empty multibase string", err(""));
    assertEquals("base32: invalid character 'A' at 0", err("bAB"));
    assertEquals("base32: padding is not allowed", err("bmy======"));
    assertEquals("invalid base32 length 1", err("bm"));
    assertEquals("invalid base32 length 3", err("bmzx"));
    assertEquals("base32: non-zero trailing bits", err("bmz"));
    assertEquals("base58btc: invalid character '0' at 1", err("z10"));
    assertEquals("base58btc: invalid character 'l' at 0", err("zl"));
    assertEquals("base64url: padding is not allowed", err("uZg=="));
    assertEquals("base64url: invalid character '+' at 0", err("u+A"));
    assertEquals("base64url: non-zero trailing bits", err("uZh"));
    assertEquals("base64url: invalid length 5", err("uZm9vY"));
  }
}
