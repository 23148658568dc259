package io.ipvm.ipld.store;

import io.ipvm.ipld.Cid;
import io.ipvm.ipld.IpldException;
import io.ipvm.ipld.Multicodec;
import io.ipvm.ipld.Multihash;
import io.ipvm.ipld.ipfs.IpfsException;
import io.ipvm.ipld.ipfs.KuboClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.util.Objects;
import java.util.Optional;

/**
 * A {@link BlockStore} over an IPFS daemon's RPC API ({@code block/put}, {@code block/get}), meant
 * as the remote of a {@link LayeredBlockStore} with a {@link FileBlockStore} in front.
 *
 * <p><b>Hashes.</b> Only sha2-256 blocks can be put: js-ipfs 0.66.1 hashes with sha2-256 and
 * sha2-512 only, and sha2-512 cannot be verified here. Identity-hashed blocks never reach the
 * daemon (their content is the CID's digest). Codecs: raw, dag-pb, dag-cbor, dag-json.
 *
 * <p><b>Missing blocks.</b> A daemon asked for a block that neither it nor its peers have waits (on
 * bitswap) forever, so absence cannot be told from slowness. {@link #get} therefore returns {@link
 * Optional#empty()} when the daemon did not deliver the block within the client's request timeout
 * ({@link KuboClient#requestTimeout()}), and {@link #has} returns {@code false}; both take that
 * long for a missing block. Every other failure (daemon not reachable, HTTP error, garbage answer)
 * is a {@link BlockStoreException} carrying the client's message.
 *
 * <p>Every fetched block is verified against its CID ({@link CorruptBlockException} otherwise).
 */
public final class IpfsBlockStore implements BlockStore {
  private final KuboClient client;

  public IpfsBlockStore(KuboClient client) {
    this.client = Objects.requireNonNull(client, "client");
  }

  public KuboClient client() {
    return client;
  }

  @Override
  public void put(Cid cid, byte[] data) {
    Objects.requireNonNull(cid, "cid");
    Objects.requireNonNull(data, "data");
    long mh = cid.multihash().code();
    if (mh == Multihash.IDENTITY) {
      Blocks.checkPut(cid, data);
      return;
    }
    if (mh != Multihash.SHA2_256) {
      throw new BlockStoreException(
          cid,
          "cannot store block "
              + cid
              + " in the IPFS daemon at "
              + client.api()
              + ": its hash "
              + Multihash.name(mh)
              + " is not supported (js-ipfs hashes blocks with sha2-256 or sha2-512 only, and"
              + " only sha2-256 can be verified here)");
    }
    String codec = codecName(cid);
    Blocks.checkPut(cid, data);
    String answer;
    try {
      answer = client.blockPut(data, codec, "sha2-256");
    } catch (IpfsException e) {
      throw new BlockStoreException(cid, "cannot store block " + cid + ": " + e.getMessage(), e);
    }
    Cid got;
    try {
      got = Cid.parse(answer);
    } catch (IpldException e) {
      throw new BlockStoreException(
          cid,
          "cannot store block "
              + cid
              + ": the daemon answered a CID that does not parse: "
              + answer,
          e);
    }
    if (!got.toV1().equals(cid.toV1())) {
      throw new BlockStoreException(
          cid,
          "cannot store block "
              + cid
              + ": the IPFS daemon at "
              + client.api()
              + " stored it as "
              + got);
    }
  }

  @Override
  public Optional<byte[]> get(Cid cid) {
    Objects.requireNonNull(cid, "cid");
    if (cid.multihash().code() == Multihash.IDENTITY) {
      return Optional.of(cid.multihash().digest());
    }
    byte[] data;
    try {
      data = client.blockGet(cid.toString());
    } catch (IpfsException e) {
      if (e.getCause() instanceof HttpTimeoutException
          && !(e.getCause() instanceof HttpConnectTimeoutException)) {
        return Optional.empty();
      }
      throw new BlockStoreException(cid, "cannot get block " + cid + ": " + e.getMessage(), e);
    }
    Blocks.checkRead(cid, data, "the IPFS daemon at " + client.api());
    return Optional.of(data);
  }

  /**
   * Whether the daemon can deliver the block within the request timeout (fetches and verifies it:
   * js-ipfs's {@code block/stat} waits on bitswap too and checks nothing).
   */
  @Override
  public boolean has(Cid cid) {
    return get(cid).isPresent();
  }

  private String codecName(Cid cid) {
    long c = cid.codec();
    if (c == Multicodec.RAW) {
      return "raw";
    } else if (c == Multicodec.DAG_PB) {
      return "dag-pb";
    } else if (c == Multicodec.DAG_CBOR) {
      return "dag-cbor";
    } else if (c == Multicodec.DAG_JSON) {
      return "dag-json";
    }
    throw new BlockStoreException(
        cid,
        "cannot store block "
            + cid
            + " in the IPFS daemon: codec 0x"
            + Long.toHexString(c)
            + " is not one of raw, dag-pb, dag-cbor, dag-json");
  }
}
