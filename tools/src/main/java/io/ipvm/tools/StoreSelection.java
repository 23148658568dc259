package io.ipvm.tools;

import io.ipvm.ipld.Cid;
import io.ipvm.ipld.DagJson;
import io.ipvm.ipld.IpldException;
import io.ipvm.ipld.ipfs.IpfsException;
import io.ipvm.ipld.ipfs.KuboClient;
import io.ipvm.ipld.store.BlockStore;
import io.ipvm.ipld.store.CorruptBlockException;
import io.ipvm.ipld.store.FileBlockStore;
import io.ipvm.ipld.store.IpfsBlockStore;
import io.ipvm.ipld.store.IpvmHome;
import io.ipvm.ipld.store.LayeredBlockStore;
import java.io.IOException;
import java.net.ConnectException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The block store a command works on: the embedded store {@code $IPVM_HOME/blocks} alone (the
 * default), or, when an IPFS daemon is configured, the embedded store in front of the daemon.
 *
 * <p>The daemon's RPC API address comes from, in this order: the {@code --ipfs-api URL} option, the
 * environment variable {@code IPVM_IPFS_API}, the {@code "ipfs_api"} field of {@code
 * $IPVM_HOME/config.json}. The first one that is set wins; an empty value (e.g. {@code
 * IPVM_IPFS_API=} or {@code --ipfs-api=}) means "no daemon" and stops the search, so a flag can
 * switch off a configured daemon for one command.
 *
 * <p>With a daemon, reads look in the embedded store first and then ask the daemon (which may get
 * the block from its peers over bitswap); what the daemon delivers is checked against the CID and
 * kept in the embedded store. Writes ({@code add}, {@code car import}) go to the embedded store and
 * also to the daemon, whose roots are then pinned, so that the daemon's peers can fetch them and
 * its garbage collector keeps them.
 */
final class StoreSelection {
  /** The environment variable naming the daemon's RPC API. */
  static final String ENV_API = "IPVM_IPFS_API";

  /** The file in {@code $IPVM_HOME} that may name the daemon. */
  static final String CONFIG_FILE = "config.json";

  /**
   * How long one call to the daemon may take. A block that neither the daemon nor its peers have is
   * only noticed as missing after this long (js-ipfs waits on bitswap forever), so it is shorter
   * than the client's default minute; {@code "ipfs_timeout"} in config.json (seconds) changes it.
   */
  static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

  /** Where the daemon's address came from; {@link #hint()} tells the user how to undo it. */
  enum Source {
    FLAG,
    ENV,
    CONFIG
  }

  private final Path home;
  private final String api;
  private final Source source;
  private final Duration timeout;
  private BlockStore local;
  private KuboClient client;

  private StoreSelection(Path home, String api, Source source, Duration timeout) {
    this.home = home;
    this.api = api;
    this.source = source;
    this.timeout = timeout;
  }

  /**
   * Works out the store for a command.
   *
   * @param flag the value of {@code --ipfs-api}, or null if it was not given
   * @throws Main.Failure for an unreadable or malformed config.json or an invalid address
   */
  static StoreSelection resolve(String flag, Map<String, String> env, String userHome)
      throws Main.Failure {
    Path home = IpvmHome.dir(env, userHome);
    Map<String, Object> config = config(home);
    Duration timeout = DEFAULT_TIMEOUT;
    Object t = config.get("ipfs_timeout");
    if (t != null) {
      if (!(t instanceof Number n) || !(n.doubleValue() > 0) || n.doubleValue() > 86_400) {
        throw Main.Failure.error(
            home.resolve(CONFIG_FILE) + ": \"ipfs_timeout\" must be a number of seconds (> 0)");
      }
      timeout = Duration.ofMillis(Math.max(1, Math.round(n.doubleValue() * 1000)));
    }
    String api;
    Source source;
    if (flag != null) {
      api = flag;
      source = Source.FLAG;
    } else if (env.get(ENV_API) != null) {
      api = env.get(ENV_API);
      source = Source.ENV;
    } else if (config.get("ipfs_api") != null) {
      if (!(config.get("ipfs_api") instanceof String s)) {
        throw Main.Failure.error(
            home.resolve(CONFIG_FILE)
                + ": \"ipfs_api\" must be a string such as \"http://127.0.0.1:5001\"");
      }
      api = s;
      source = Source.CONFIG;
    } else {
      return new StoreSelection(home, null, null, timeout);
    }
    api = api.strip();
    if (api.isEmpty()) {
      return new StoreSelection(home, null, null, timeout);
    }
    String url = normalize(api);
    if (url == null) {
      throw Main.Failure.usage(
          "invalid IPFS API address "
              + Json.quote(api)
              + " ("
              + describe(source, home)
              + "): expected http://HOST:PORT or /ip4/HOST/tcp/PORT");
    }
    return new StoreSelection(home, url, source, timeout);
  }

  private static final Pattern MULTIADDR =
      Pattern.compile("/(?:ip4|ip6|dns|dns4|dns6)/([^/]+)/tcp/([0-9]{1,5})(?:/http)?/?");

  /**
   * {@code http://host:port} (an {@code /api/v0} suffix and trailing slashes dropped), or the
   * multiaddr form Kubo writes in its config ({@code /ip4/127.0.0.1/tcp/5001}); null if neither.
   */
  static String normalize(String api) {
    Matcher m = MULTIADDR.matcher(api);
    if (m.matches()) {
      String host = m.group(1).contains(":") ? "[" + m.group(1) + "]" : m.group(1);
      return "http://" + host + ":" + m.group(2);
    }
    try {
      return KuboClient.builder().api(api).build().api();
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  /** config.json as a map; empty when there is no such file. */
  private static Map<String, Object> config(Path home) throws Main.Failure {
    Path file = home.resolve(CONFIG_FILE);
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      return Map.of();
    } catch (IOException e) {
      throw new Main.Failure(
          Main.EXIT_USAGE, "error: cannot read " + file + ": " + e.getMessage(), e);
    }
    Object v;
    try {
      v = DagJson.decode(bytes);
    } catch (IpldException e) {
      throw new Main.Failure(
          Main.EXIT_USAGE, "error: " + file + " is not valid JSON: " + e.getMessage(), e);
    }
    if (!(v instanceof Map<?, ?> m)) {
      throw Main.Failure.error(
          file + " must hold a JSON object, e.g. {\"ipfs_api\": \"http://127.0.0.1:5001\"}");
    }
    @SuppressWarnings("unchecked")
    Map<String, Object> map = (Map<String, Object>) m;
    return map;
  }

  /** The daemon's address, or null when only the embedded store is used. */
  String api() {
    return api;
  }

  /** {@code $IPVM_HOME/blocks}, the embedded store's directory. */
  Path blocksDir() {
    return home.resolve("blocks");
  }

  /** The embedded store. */
  BlockStore local() {
    if (local == null) {
      local = new FileBlockStore(blocksDir());
    }
    return local;
  }

  /** The daemon's client, or null without a daemon. */
  KuboClient client() {
    if (client == null && api != null) {
      client =
          KuboClient.builder()
              .api(api)
              .connectTimeout(Duration.ofSeconds(5))
              .requestTimeout(timeout)
              .build();
    }
    return client;
  }

  /** The store to read from: embedded, then the daemon (caching what it delivers). */
  BlockStore reading() {
    return api == null ? local() : new LayeredBlockStore(local(), new IpfsBlockStore(client()));
  }

  /** The store to write to: embedded, and also the daemon when there is one. */
  BlockStore writing() {
    return api == null
        ? local()
        : new LayeredBlockStore(local(), new IpfsBlockStore(client()), true);
  }

  /**
   * Pins {@code root} (recursively) on the daemon, if there is one, so its garbage collector keeps
   * what was just put there.
   */
  void pin(Cid root) {
    if (api != null) {
      client().pinAdd(root.toString());
    }
  }

  /** Where the store looks, for messages: the embedded directory, and the daemon if any. */
  String describe() {
    return api == null
        ? "the block store " + blocksDir()
        : "the block store " + blocksDir() + " or from the IPFS daemon at " + api;
  }

  /** The message for a block that is nowhere to be found. */
  String missing(String what) {
    if (api == null) {
      return what + " is not in the block store " + blocksDir() + " (add it with: ipvm add FILE)";
    }
    // A daemon that never answers looks, from a block request alone, exactly like one whose
    // peers lack the block (both time out): ask it something every daemon answers at once.
    String silent = unresponsive();
    if (silent != null) {
      return what + " is not in the block store " + blocksDir() + ", and " + silent;
    }
    return what
        + " is not in the block store "
        + blocksDir()
        + ", and the IPFS daemon at "
        + api
        + " did not deliver it within "
        + seconds(timeout)
        + " (no peer of the daemon seems to have it)";
  }

  /**
   * Null if the daemon answers {@code /api/v0/version} within a few seconds; else why it does not
   * seem to be a working daemon.
   */
  private String unresponsive() {
    Duration wait = timeout.compareTo(PROBE_TIMEOUT) < 0 ? timeout : PROBE_TIMEOUT;
    KuboClient probe =
        KuboClient.builder()
            .api(api)
            .connectTimeout(Duration.ofSeconds(5))
            .requestTimeout(wait)
            .build();
    try {
      probe.version();
      return null;
    } catch (IpfsException e) {
      if (has(e, HttpTimeoutException.class)) {
        return "the IPFS daemon at "
            + api
            + " does not answer: it took the connection but did not reply, not even to"
            + " /api/v0/version within "
            + seconds(wait)
            + " (is it hung, or is that address not an IPFS daemon's RPC API?); "
            + hint();
      }
      String trouble = daemonTrouble(e);
      return trouble != null ? trouble : e.getMessage();
    }
  }

  /** How long {@link #unresponsive()} waits for the daemon's version. */
  private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(3);

  /** How to stop using the daemon, depending on where its address came from. */
  String hint() {
    return switch (source) {
      case FLAG -> "start it or drop --ipfs-api";
      case ENV -> "start it or unset " + ENV_API;
      case CONFIG -> "start it or remove \"ipfs_api\" from " + home.resolve(CONFIG_FILE);
    };
  }

  private static String describe(Source source, Path home) {
    return switch (source) {
      case FLAG -> "from --ipfs-api";
      case ENV -> "from " + ENV_API;
      case CONFIG -> "from " + home.resolve(CONFIG_FILE);
    };
  }

  private static String seconds(Duration d) {
    long ms = d.toMillis();
    return ms % 1000 == 0 ? (ms / 1000) + " s" : ms + " ms";
  }

  /**
   * If {@code t} (or one of its causes) is trouble with the daemon, the one-line message for the
   * user (without {@code error: }); else null. Unreachable daemons get the address and how to
   * proceed; a daemon answering something that is not the RPC API gets what it answered.
   */
  String daemonTrouble(Throwable t) {
    if (api == null) {
      return null;
    }
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (c instanceof IpfsException ie) {
        if (has(ie, ConnectException.class)) {
          return "cannot reach the IPFS daemon at " + api + " (connection refused); " + hint();
        }
        if (has(ie, HttpConnectTimeoutException.class)) {
          return "cannot reach the IPFS daemon at " + api + " (connect timed out); " + hint();
        }
        return ie.getMessage() + " (is " + api + " the RPC API of an IPFS daemon?)";
      }
      if (c instanceof CorruptBlockException && String.valueOf(c.getMessage()).contains(api)) {
        return c.getMessage() + " (is " + api + " the RPC API of an IPFS daemon?)";
      }
    }
    return null;
  }

  private static boolean has(Throwable t, Class<? extends Throwable> type) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (type.isInstance(c)) {
        return true;
      }
    }
    return false;
  }
}
