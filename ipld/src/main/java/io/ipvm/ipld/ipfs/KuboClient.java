package io.ipvm.ipld.ipfs;

import io.ipvm.ipld.Cid;
import io.ipvm.ipld.IpldException;
import java.io.ByteArrayOutputStream;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A small client for the Kubo RPC API ({@code POST /api/v0/...}), tested against a real js-ipfs
 * 0.66.1 daemon (see {@code ipld/README.md}, "IPFS daemon").
 *
 * <p>Every call has a connect timeout and a request timeout (whole exchange, up to the response
 * headers and body). Failures are {@link IpfsException}s with a message for humans: the daemon is
 * not reachable ({@code IPFS daemon not reachable at http://127.0.0.1:5001: connection refused}),
 * did not answer in time, answered with an HTTP error (with the daemon's {@code Message}), or sent
 * something that is not the expected response ({@code unexpected response from ...: ...}).
 *
 * <p>CIDs are returned as strings in base32 (CIDv1, {@code cid-base=base32}); CIDv0 stays {@code
 * Qm...}. Instances are thread-safe.
 */
public final class KuboClient {
  /** Default API address of a local daemon. */
  public static final String DEFAULT_API = "http://127.0.0.1:5001";

  public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(5);
  public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(60);

  private static final SecureRandom RANDOM = new SecureRandom();
  private static final int SNIPPET = 200;

  private final String base;
  private final Duration requestTimeout;
  private final HttpClient http;

  private KuboClient(String base, Duration connectTimeout, Duration requestTimeout) {
    this.base = base;
    this.requestTimeout = requestTimeout;
    this.http =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(connectTimeout)
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
  }

  /** A client for {@code http://127.0.0.1:5001} with the default timeouts. */
  public static KuboClient create() {
    return builder().build();
  }

  /** A client for {@code api} (e.g. {@code http://127.0.0.1:5001}) with the default timeouts. */
  public static KuboClient create(String api) {
    return builder().api(api).build();
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Settings of a {@link KuboClient}. */
  public static final class Builder {
    private String api = DEFAULT_API;
    private Duration connectTimeout = DEFAULT_CONNECT_TIMEOUT;
    private Duration requestTimeout = DEFAULT_REQUEST_TIMEOUT;

    private Builder() {}

    /** Base address of the RPC API, {@code http://host:port}, with or without {@code /api/v0}. */
    public Builder api(String api) {
      this.api = Objects.requireNonNull(api, "api");
      return this;
    }

    /** Time allowed for the TCP connection to the daemon (default 5 s). */
    public Builder connectTimeout(Duration timeout) {
      this.connectTimeout = positive(timeout, "connectTimeout");
      return this;
    }

    /** Time allowed for each call until its response has been read (default 60 s). */
    public Builder requestTimeout(Duration timeout) {
      this.requestTimeout = positive(timeout, "requestTimeout");
      return this;
    }

    public KuboClient build() {
      String b = api.strip();
      while (b.endsWith("/")) {
        b = b.substring(0, b.length() - 1);
      }
      if (b.endsWith("/api/v0")) {
        b = b.substring(0, b.length() - "/api/v0".length());
      }
      URI uri;
      try {
        uri = URI.create(b);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("invalid IPFS API address: " + api, e);
      }
      if (!"http".equals(uri.getScheme()) || uri.getHost() == null) {
        throw new IllegalArgumentException(
            "invalid IPFS API address (need http://host:port): " + api);
      }
      return new KuboClient(b, connectTimeout, requestTimeout);
    }

    private static Duration positive(Duration d, String what) {
      Objects.requireNonNull(d, what);
      if (d.isNegative() || d.isZero()) {
        throw new IllegalArgumentException(what + " must be positive: " + d);
      }
      return d;
    }
  }

  /** The base address calls go to, e.g. {@code http://127.0.0.1:5001}. */
  public String api() {
    return base;
  }

  public Duration requestTimeout() {
    return requestTimeout;
  }

  // ---------------------------------------------------------------------------------------------
  // Calls

  /** {@code id}: the daemon's peer ID, agent version and listen addresses. */
  public record Id(String id, String agentVersion, List<String> addresses) {}

  /** {@code version}: the daemon's version ({@code 0.18.1} for js-ipfs 0.66.1) and repo version. */
  public record Version(String version, String repo) {}

  public Id id() {
    Map<String, Object> m = object("id", post("id", Map.of(), null));
    return new Id(
        string("id", m, "ID"), optString(m, "AgentVersion"), strings("id", m, "Addresses"));
  }

  public Version version() {
    Map<String, Object> m = object("version", post("version", Map.of(), null));
    return new Version(string("version", m, "Version"), optString(m, "Repo"));
  }

  /**
   * {@code block/put}: stores {@code data} as one block and returns its CID.
   *
   * @param cidCodec the block's codec: {@code raw}, {@code dag-cbor}, {@code dag-pb}, ... (sent as
   *     {@code format=}, which js-ipfs needs since it ignores {@code cid-codec}, and also as {@code
   *     cid-codec=} when it is {@code raw}, the combination Kubo accepts too)
   * @param mhType the hash function, e.g. {@code sha2-256} (js-ipfs: sha2-256, sha2-512)
   */
  public String blockPut(byte[] data, String cidCodec, String mhType) {
    Objects.requireNonNull(data, "data");
    Map<String, String> q = new LinkedHashMap<>();
    q.put("format", Objects.requireNonNull(cidCodec, "cidCodec"));
    if ("raw".equals(cidCodec)) {
      q.put("cid-codec", cidCodec);
    }
    q.put("mhtype", Objects.requireNonNull(mhType, "mhType"));
    q.put("cid-base", "base32");
    Map<String, Object> m = object("block/put", post("block/put", q, Body.of(data)));
    return cid("block/put", string("block/put", m, "Key"));
  }

  /** {@code block/put} of a raw block with sha2-256: {@code bafkrei...}. */
  public String blockPut(byte[] data) {
    return blockPut(data, "raw", "sha2-256");
  }

  /** {@code block/get}: the bytes of the block {@code cid}. */
  public byte[] blockGet(String cid) {
    return post("block/get", Map.of("arg", Objects.requireNonNull(cid, "cid")), null);
  }

  /**
   * {@code dag/put} of a DAG-CBOR encoded node ({@code input-codec=dag-cbor}), stored with {@code
   * storeCodec} and hashed with {@code hash}; returns the CID.
   */
  public String dagPut(byte[] dagCbor, String storeCodec, String hash, boolean pin) {
    Objects.requireNonNull(dagCbor, "dagCbor");
    Map<String, String> q = new LinkedHashMap<>();
    q.put("store-codec", Objects.requireNonNull(storeCodec, "storeCodec"));
    q.put("input-codec", "dag-cbor");
    q.put("hash", Objects.requireNonNull(hash, "hash"));
    q.put("pin", Boolean.toString(pin));
    Map<String, Object> m = object("dag/put", post("dag/put", q, Body.of(dagCbor)));
    Object link = m.get("Cid");
    if (link instanceof Map<?, ?> l && l.get("/") instanceof String s) {
      return cid("dag/put", s);
    }
    throw unexpected("dag/put", "no Cid link in " + snippet(m.toString()));
  }

  /** {@code dag/put} of DAG-CBOR bytes, stored as dag-cbor with sha2-256, not pinned. */
  public String dagPut(byte[] dagCbor) {
    return dagPut(dagCbor, "dag-cbor", "sha2-256", false);
  }

  /**
   * {@code dag/get?output-codec=dag-cbor}: the node at {@code cidOrPath} ({@code CID} or {@code
   * CID/path}) as DAG-CBOR bytes. With js-ipfs this needs {@code patch-dag-get.mjs} (applied by
   * {@code ipfs-node.sh install}); unpatched js-ipfs ignores {@code output-codec}.
   */
  public byte[] dagGet(String cidOrPath) {
    Map<String, String> q = new LinkedHashMap<>();
    q.put("arg", Objects.requireNonNull(cidOrPath, "cidOrPath"));
    q.put("output-codec", "dag-cbor");
    return post("dag/get", q, null);
  }

  /** {@code add} with {@code cid-version=1}, raw leaves: the CID of the UnixFS file. */
  public String add(byte[] data) {
    return add(Body.of(Objects.requireNonNull(data, "data")), 1, true);
  }

  /** {@code add} of a file's content (streamed), {@code cid-version=1}, raw leaves. */
  public String add(Path file) {
    return add(file, 1, true);
  }

  public String add(byte[] data, int cidVersion, boolean rawLeaves) {
    return add(Body.of(Objects.requireNonNull(data, "data")), cidVersion, rawLeaves);
  }

  public String add(Path file, int cidVersion, boolean rawLeaves) {
    Objects.requireNonNull(file, "file");
    if (!Files.isRegularFile(file)) {
      throw new IpfsException("cannot add " + file + ": not a readable file");
    }
    return add(Body.of(file), cidVersion, rawLeaves);
  }

  private String add(Body body, int cidVersion, boolean rawLeaves) {
    if (cidVersion != 0 && cidVersion != 1) {
      throw new IllegalArgumentException("cidVersion must be 0 or 1: " + cidVersion);
    }
    Map<String, String> q = new LinkedHashMap<>();
    q.put("cid-version", Integer.toString(cidVersion));
    q.put("raw-leaves", Boolean.toString(rawLeaves));
    if (cidVersion == 1) {
      q.put("cid-base", "base32"); // js-ipfs: base58btc otherwise; for CIDv0 it is an error
    }
    q.put("progress", "false");
    byte[] resp = post("add", q, body);
    // NDJSON: one object per added entry; for a single file, the last (only) line is the file.
    String text = new String(resp, StandardCharsets.UTF_8).strip();
    int nl = text.lastIndexOf('\n');
    String last = nl < 0 ? text : text.substring(nl + 1).strip();
    Map<String, Object> m = object("add", last.getBytes(StandardCharsets.UTF_8));
    return cid("add", string("add", m, "Hash"));
  }

  /** {@code cat}: the content of the UnixFS file {@code cid} (or {@code /ipfs/CID/path}). */
  public byte[] cat(String cid) {
    return post("cat", Map.of("arg", Objects.requireNonNull(cid, "cid")), null);
  }

  /** {@code pin/add} (recursive): returns the CIDs the daemon reports as pinned. */
  public List<String> pinAdd(String cid) {
    Map<String, String> q = new LinkedHashMap<>();
    q.put("arg", Objects.requireNonNull(cid, "cid"));
    if (!cid.startsWith("Qm")) {
      q.put("cid-base", "base32"); // js-ipfs cannot write a CIDv0 in base32 (Kubo converts it)
    }
    Map<String, Object> m = object("pin/add", post("pin/add", q, null));
    return strings("pin/add", m, "Pins");
  }

  /**
   * {@code swarm/connect}: connects the daemon to the peer at {@code multiaddr}, which must end in
   * {@code /p2p/PEER-ID} (e.g. an address from the other daemon's {@link #id()}); returns the
   * daemon's report lines ({@code connect ... success}).
   */
  public List<String> swarmConnect(String multiaddr) {
    Objects.requireNonNull(multiaddr, "multiaddr");
    Map<String, Object> m =
        object("swarm/connect", post("swarm/connect", Map.of("arg", multiaddr), null));
    return strings("swarm/connect", m, "Strings");
  }

  /** {@code swarm/peers}: the peer IDs the daemon is connected to (in the order it lists them). */
  public List<String> swarmPeers() {
    Map<String, Object> m = object("swarm/peers", post("swarm/peers", Map.of(), null));
    Object peers = m.get("Peers");
    if (peers == null) {
      return List.of(); // Kubo and js-ipfs write null for no peers
    }
    if (!(peers instanceof List<?> l)) {
      throw unexpected("swarm/peers", "\"Peers\" is not a list: " + snippet(peers.toString()));
    }
    List<String> out = new ArrayList<>();
    for (Object o : l) {
      if (!(o instanceof Map<?, ?> p) || !(p.get("Peer") instanceof String id)) {
        throw unexpected("swarm/peers", "a peer without \"Peer\": " + snippet(String.valueOf(o)));
      }
      out.add(id);
    }
    return List.copyOf(out);
  }

  // ---------------------------------------------------------------------------------------------
  // HTTP

  /** A multipart/form-data body with one part named {@code file}, written by hand. */
  private record Body(byte[] data, Path file) {
    static Body of(byte[] data) {
      return new Body(data, null);
    }

    static Body of(Path file) {
      return new Body(null, file);
    }

    HttpRequest.BodyPublisher publisher(String boundary) throws FileNotFoundException {
      String filename = file == null ? "data" : sanitize(String.valueOf(file.getFileName()));
      byte[] head =
          ("--"
                  + boundary
                  + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\""
                  + filename
                  + "\"\r\nContent-Type: application/octet-stream\r\n\r\n")
              .getBytes(StandardCharsets.UTF_8);
      byte[] tail = ("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8);
      if (file == null) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(head.length + data.length + 64);
        out.writeBytes(head);
        out.writeBytes(data);
        out.writeBytes(tail);
        return HttpRequest.BodyPublishers.ofByteArray(out.toByteArray());
      }
      return HttpRequest.BodyPublishers.concat(
          HttpRequest.BodyPublishers.ofByteArray(head),
          HttpRequest.BodyPublishers.ofFile(file),
          HttpRequest.BodyPublishers.ofByteArray(tail));
    }

    private static String sanitize(String name) {
      StringBuilder sb = new StringBuilder();
      for (char c : name.toCharArray()) {
        sb.append(c < 0x20 || c > 0x7e || c == '"' || c == '\\' ? '_' : c);
      }
      return sb.isEmpty() ? "data" : sb.toString();
    }
  }

  private byte[] post(String command, Map<String, String> query, Body body) {
    StringBuilder url = new StringBuilder(base).append("/api/v0/").append(command);
    char sep = '?';
    for (Map.Entry<String, String> e : query.entrySet()) {
      url.append(sep)
          .append(URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8))
          .append('=')
          .append(URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8));
      sep = '&';
    }
    HttpRequest.Builder rb =
        HttpRequest.newBuilder(URI.create(url.toString())).timeout(requestTimeout);
    HttpRequest request;
    try {
      if (body == null) {
        rb.POST(HttpRequest.BodyPublishers.noBody());
      } else {
        byte[] rnd = new byte[12];
        RANDOM.nextBytes(rnd);
        String boundary = "ipvm-" + HexFormat.of().formatHex(rnd);
        rb.header("Content-Type", "multipart/form-data; boundary=" + boundary)
            .POST(body.publisher(boundary));
      }
      request = rb.build();
    } catch (FileNotFoundException e) {
      throw new IpfsException("cannot read " + body.file() + ": " + e.getMessage(), e);
    }
    HttpResponse<byte[]> resp = null;
    // Every call here is idempotent (content addressing), so a connection that breaks without an
    // answer (e.g. a pooled keep-alive connection the daemon closed) is tried once more.
    for (int attempt = 0; resp == null; attempt++) {
      try {
        resp = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
      } catch (HttpConnectTimeoutException e) {
        throw new IpfsException("IPFS daemon not reachable at " + base + ": connect timed out", e);
      } catch (HttpTimeoutException e) {
        throw new IpfsException(
            "IPFS daemon at "
                + base
                + " did not answer "
                + command
                + " within "
                + human(requestTimeout),
            e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IpfsException("interrupted while calling " + command + " at " + base, e);
      } catch (IOException e) {
        if (hasCause(e, ConnectException.class)) {
          throw new IpfsException(
              "IPFS daemon not reachable at " + base + ": connection refused", e);
        }
        if (hasCause(e, FileNotFoundException.class) || attempt > 0) {
          String msg = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
          throw new IpfsException("IPFS daemon at " + base + ": " + command + " failed: " + msg, e);
        }
      }
    }
    int status = resp.statusCode();
    if (status != 200) {
      throw new IpfsException(
          "IPFS daemon at "
              + base
              + ": "
              + command
              + " failed (HTTP "
              + status
              + "): "
              + errorMessage(resp.body()),
          status,
          null);
    }
    return resp.body();
  }

  private static boolean hasCause(Throwable t, Class<? extends Throwable> type) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (type.isInstance(c)) {
        return true;
      }
    }
    return false;
  }

  private static String human(Duration d) {
    long ms = d.toMillis();
    return ms % 1000 == 0 ? (ms / 1000) + " s" : ms + " ms";
  }

  /** The daemon's {@code {"Message": ...}}, else the start of the body as text. */
  private static String errorMessage(byte[] body) {
    String text = new String(body, StandardCharsets.UTF_8).strip();
    try {
      if (Json.parse(text) instanceof Map<?, ?> m && m.get("Message") instanceof String s) {
        return s;
      }
    } catch (IOException | RuntimeException e) {
      // not JSON: fall through
    }
    return text.isEmpty() ? "(empty body)" : snippet(text);
  }

  private IpfsException unexpected(String command, String what) {
    return new IpfsException(
        "unexpected response from " + base + "/api/v0/" + command + ": " + what);
  }

  @SuppressWarnings("unchecked")
  private Map<String, Object> object(String command, byte[] body) {
    String text = new String(body, StandardCharsets.UTF_8);
    Object v;
    try {
      v = Json.parse(text);
    } catch (IOException | RuntimeException e) {
      throw unexpected(command, "not JSON: " + snippet(text.strip()));
    }
    if (v instanceof Map<?, ?> m) {
      return (Map<String, Object>) m;
    }
    throw unexpected(command, "not a JSON object: " + snippet(text.strip()));
  }

  private String string(String command, Map<String, Object> m, String key) {
    if (m.get(key) instanceof String s) {
      return s;
    }
    throw unexpected(command, "no string \"" + key + "\" in " + snippet(m.toString()));
  }

  private static String optString(Map<String, Object> m, String key) {
    return m.get(key) instanceof String s ? s : null;
  }

  private List<String> strings(String command, Map<String, Object> m, String key) {
    Object v = m.get(key);
    if (v == null) {
      return List.of();
    }
    if (v instanceof List<?> l) {
      List<String> out = new ArrayList<>();
      for (Object o : l) {
        if (!(o instanceof String s)) {
          throw unexpected(command, "\"" + key + "\" holds a non-string: " + snippet(l.toString()));
        }
        out.add(s);
      }
      return List.copyOf(out);
    }
    throw unexpected(command, "\"" + key + "\" is not a list: " + snippet(String.valueOf(v)));
  }

  /** Checks that the daemon returned a parseable CID. */
  private String cid(String command, String text) {
    try {
      Cid.parse(text);
    } catch (IpldException | IllegalArgumentException e) {
      throw unexpected(command, "not a CID: " + snippet(text) + " (" + e.getMessage() + ")");
    }
    return text;
  }

  /**
   * The start of an unexpected answer, on one line, for an error message. Control and format
   * characters (an ANSI escape, a bell, a bidi override) are shown as {@code \\uXXXX}: the message
   * ends up in a terminal, and whatever answered is not trusted to leave it alone.
   */
  static String snippet(String s) {
    String one = s.replaceAll("\\s+", " ");
    boolean cut = one.length() > SNIPPET;
    if (cut) {
      one = one.substring(0, SNIPPET);
    }
    StringBuilder sb = new StringBuilder(one.length() + 16);
    one.codePoints()
        .forEach(
            c -> {
              if (Character.isISOControl(c) || Character.getType(c) == Character.FORMAT) {
                sb.append(String.format("\\u%04x", c));
              } else {
                sb.appendCodePoint(c);
              }
            });
    return cut ? sb.append("...").toString() : sb.toString();
  }
}
