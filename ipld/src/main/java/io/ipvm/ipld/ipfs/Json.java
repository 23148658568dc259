package io.ipvm.ipld.ipfs;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Minimal JSON reader (jackson-core streaming) into Map / List / String / Number / Boolean / null.
 */
final class Json {
  private static final JsonFactory FACTORY = new JsonFactory();

  private Json() {}

  /** Parses exactly one JSON value; trailing non-whitespace is an error. */
  static Object parse(String text) throws IOException {
    try (JsonParser p = FACTORY.createParser(text)) {
      JsonToken t = p.nextToken();
      if (t == null) {
        throw new IOException("empty response");
      }
      Object v = value(p, t);
      if (p.nextToken() != null) {
        throw new IOException("trailing data after JSON value");
      }
      return v;
    }
  }

  private static Object value(JsonParser p, JsonToken t) throws IOException {
    switch (t) {
      case START_OBJECT -> {
        Map<String, Object> m = new LinkedHashMap<>();
        while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
          String k = p.currentName();
          m.put(k, value(p, p.nextToken()));
        }
        return Collections.unmodifiableMap(m);
      }
      case START_ARRAY -> {
        List<Object> l = new ArrayList<>();
        while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
          l.add(value(p, t));
        }
        return Collections.unmodifiableList(l);
      }
      case VALUE_STRING -> {
        return p.getText();
      }
      case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> {
        return p.getNumberValue();
      }
      case VALUE_TRUE -> {
        return Boolean.TRUE;
      }
      case VALUE_FALSE -> {
        return Boolean.FALSE;
      }
      case VALUE_NULL -> {
        return null;
      }
      default -> throw new IOException("unexpected JSON token " + t);
    }
  }
}
