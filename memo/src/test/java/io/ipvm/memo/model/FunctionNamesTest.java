package io.ipvm.memo.model;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class FunctionNamesTest {
  @Test
  void variantsInTheReferenceOrder() {
    assertEquals(
        List.of("add_one", "ADD_ONE", "add-one", "addOne", "AddOne", "%add_one"),
        FunctionNames.variants("add_one"));
    assertEquals(
        List.of(
            "subtractInt",
            "SUBTRACTINT",
            "subtract-int",
            "subtract_int",
            "SubtractInt",
            "%subtractInt"),
        FunctionNames.variants("subtractInt"));
    assertEquals(
        List.of("SUBTRACT", "subtract", "Subtract", "%SUBTRACT"),
        FunctionNames.variants("SUBTRACT"));
  }

  @Test
  void findsTheExport() {
    Set<String> exports =
        Set.of("add-one", "append-string", "subtract", "subtract-int", "%join-strings", "crop");
    assertEquals("add-one", FunctionNames.resolve("add_one", exports::contains).orElseThrow());
    assertEquals("add-one", FunctionNames.resolve("addOne", exports::contains).orElseThrow());
    assertEquals("add-one", FunctionNames.resolve("AddOne", exports::contains).orElseThrow());
    assertEquals("add-one", FunctionNames.resolve("add-one", exports::contains).orElseThrow());
    assertEquals("subtract", FunctionNames.resolve("SUBTRACT", exports::contains).orElseThrow());
    assertEquals(
        "subtract-int", FunctionNames.resolve("subtractInt", exports::contains).orElseThrow());
    assertEquals(
        "%join-strings", FunctionNames.resolve("join-strings", exports::contains).orElseThrow());
    assertEquals(
        "append-string", FunctionNames.resolve("append_string", exports::contains).orElseThrow());
    assertTrue(FunctionNames.resolve("add-onez", exports::contains).isEmpty());
  }

  @Test
  void wordsSplitLikeHeck() {
    assertEquals(List.of("XML", "Http", "Request"), FunctionNames.words("XMLHttpRequest"));
    assertEquals(List.of("add", "one"), FunctionNames.words("add--one"));
    assertEquals(List.of("num2", "Str"), FunctionNames.words("num2Str"));
    assertEquals(List.of("a", "b"), FunctionNames.words("_a_b_"));
    assertEquals(List.of(), FunctionNames.words("__"));
  }
}
