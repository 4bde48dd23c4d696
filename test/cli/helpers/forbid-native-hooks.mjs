// Module resolve hook used by forbid-native.mjs: refuses node-llama-cpp and its subpaths.
export async function resolve(specifier, context, nextResolve) {
  if (
    specifier === "node-llama-cpp" ||
    specifier.startsWith("node-llama-cpp/") ||
    specifier.startsWith("@node-llama-cpp/")
  ) {
    throw new Error(`forbidden native code: import ${specifier}`);
  }
  return nextResolve(specifier, context);
}
