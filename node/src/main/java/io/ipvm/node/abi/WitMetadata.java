package io.ipvm.node.abi;

import io.ipvm.runtime.WasmModule;
import java.util.ArrayList;
import java.util.List;

/**
 * What a core module says about its WIT interface: wit-bindgen embeds the world it was built
 * against in custom sections named {@code component-type:…} (e.g. {@code
 * component-type:wit-bindgen:0.21.0:test:encoded world}), which is how the reference node turns
 * such a module into a component. Reading those sections (a component-model binary encoding of the
 * WIT types) is the future source of every function's parameter and result types; today this class
 * only finds them, so messages can say that the types are there but not read yet.
 */
public final class WitMetadata {
  private WitMetadata() {}

  /** The prefix of the custom sections that carry a module's WIT world. */
  public static final String COMPONENT_TYPE_PREFIX = "component-type";

  /** The names of the module's {@code component-type*} custom sections, in module order. */
  public static List<String> componentTypeSections(WasmModule module) {
    List<String> out = new ArrayList<>();
    var compiled = module.compiled();
    if (compiled == null || compiled.module() == null) {
      return out; // e.g. restored from a class cache without the parsed module
    }
    for (var section : compiled.module().customSections()) {
      if (section.name().startsWith(COMPONENT_TYPE_PREFIX)) {
        out.add(section.name());
      }
    }
    return out;
  }
}
