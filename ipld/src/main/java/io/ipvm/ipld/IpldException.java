package io.ipvm.ipld;

/**
 * Malformed or non-canonical input to one of the IPLD decoders (varint, multihash, multibase, CID,
 * DAG-CBOR, DAG-JSON), or a value the encoders cannot represent. The message names what is wrong.
 */
public final class IpldException extends RuntimeException {
  public IpldException(String message) {
    super(message);
  }

  public IpldException(String message, Throwable cause) {
    super(message, cause);
  }
}
