#!/usr/bin/env node
// A solc-compatible command line backed by the npm `solc` package (the compiler built to WebAssembly).
//
// It answers the calls that py-solc-x, brownie and crytic-compile make of a native `solc`:
//   solc --version | --help
//   solc --standard-json [FILE]          (input JSON from FILE or stdin; only the output JSON on stdout)
//   solc --combined-json abi,bin,... FILE... | -   [--optimize] [--optimize-runs N] [--evm-version V] ...
// with --base-path, --include-path, --allow-paths and `prefix=target` remappings honoured by the
// import callback, as the native compiler does.
//
// Usage: SECTOKEN_SOLC_MODULE=/path/to/node_modules/solc node solc_shim.js ARGS...
"use strict";

const fs = require("fs");
const path = require("path");

const solcModule = process.env.SECTOKEN_SOLC_MODULE || "solc";
const solc = require(solcModule);

const COMBINED_FIELDS = [
  "abi", "asm", "ast", "bin", "bin-runtime", "devdoc", "function-debug", "function-debug-runtime",
  "generated-sources", "generated-sources-runtime", "hashes", "metadata", "opcodes", "srcmap",
  "srcmap-runtime", "storage-layout", "transient-storage-layout", "userdoc",
];

// The version as the native binary prints it: solcjs says "0.8.30+commit.73712a01.Emscripten.clang".
function nativeVersion() {
  return solc.version().replace(/\.Emscripten\.clang$/, ".Linux.g++");
}

function fail(message, code = 1) {
  process.stderr.write(message.endsWith("\n") ? message : message + "\n");
  process.exit(code);
}

function parseArgs(argv) {
  const opts = {
    mode: null, combined: null, files: [], remappings: [], basePath: null, includePaths: [],
    allowPaths: [], optimize: false, optimizeRuns: null, evmVersion: null, viaIR: false,
    metadataHash: null, outputDir: null, overwrite: false, pretty: false, indent: null,
  };
  const takesValue = new Set([
    "--combined-json", "--base-path", "--include-path", "--allow-paths", "--optimize-runs",
    "--evm-version", "--metadata-hash", "--output-dir", "-o", "--json-indent",
  ]);
  for (let i = 0; i < argv.length; i++) {
    let arg = argv[i];
    let value = null;
    if (arg.startsWith("--") && arg.includes("=") && takesValue.has(arg.split("=")[0])) {
      value = arg.slice(arg.indexOf("=") + 1);
      arg = arg.split("=")[0];
    } else if (takesValue.has(arg)) {
      if (i + 1 >= argv.length) fail(`Error: option '${arg}' requires an argument`);
      value = argv[++i];
    }
    switch (arg) {
      case "--version": case "-v": opts.mode = opts.mode || "version"; break;
      case "--help": case "-h": opts.mode = opts.mode || "help"; break;
      case "--standard-json": opts.mode = "standard-json"; break;
      case "--combined-json": opts.mode = "combined-json"; opts.combined = value; break;
      case "--base-path": opts.basePath = value; break;
      case "--include-path": opts.includePaths.push(value); break;
      case "--allow-paths": opts.allowPaths.push(...value.split(",").filter(Boolean)); break;
      case "--optimize": opts.optimize = true; break;
      case "--optimize-runs": opts.optimizeRuns = parseInt(value, 10); opts.optimize = true; break;
      case "--evm-version": opts.evmVersion = value; break;
      case "--via-ir": case "--experimental-via-ir": opts.viaIR = true; break;
      case "--metadata-hash": opts.metadataHash = value; break;
      case "--output-dir": case "-o": opts.outputDir = value; break;
      case "--overwrite": opts.overwrite = true; break;
      case "--pretty-json": opts.pretty = true; break;
      case "--json-indent": opts.indent = parseInt(value, 10); break;
      case "--no-color": case "--color": case "--error-codes": case "--no-optimize-yul":
      case "--optimize-yul": break;
      case "-": opts.files.push("-"); break;
      default:
        if (arg.startsWith("-")) fail(`unrecognised option '${arg}'`);
        if (arg.includes("=") && !fs.existsSync(arg)) opts.remappings.push(arg);
        else opts.files.push(arg);
    }
  }
  return opts;
}

function isWithin(file, dir) {
  const rel = path.relative(path.resolve(dir), path.resolve(file));
  return rel === "" || (!rel.startsWith("..") && !path.isAbsolute(rel));
}

// The import callback: the compiler asks for a source unit name (remappings already applied); find it
// under the base path or an include path, as the native file reader does, inside the allowed folders.
function makeImportCallback(opts, inputDirs) {
  const basePath = opts.basePath ? path.resolve(opts.basePath) : process.cwd();
  const roots = [basePath, ...opts.includePaths.map((p) => path.resolve(p))];
  const allowed = [...roots, ...opts.allowPaths.map((p) => path.resolve(p)), ...inputDirs];
  for (const remapping of opts.remappings) {
    const target = remapping.slice(remapping.indexOf("=") + 1);
    if (target) allowed.push(path.resolve(basePath, target));
  }
  return function findImport(unitName) {
    const candidates = path.isAbsolute(unitName) ? [unitName] : roots.map((r) => path.join(r, unitName));
    for (const candidate of candidates) {
      if (!fs.existsSync(candidate) || !fs.statSync(candidate).isFile()) continue;
      const real = fs.realpathSync(candidate);
      if (!allowed.some((dir) => isWithin(candidate, dir) || isWithin(real, dir))) {
        return { error: `File outside of allowed directories: ${unitName}` };
      }
      return { contents: fs.readFileSync(candidate, "utf8") };
    }
    return { error: `File not found. Searched the following locations: ${roots.map((r) => `"${r}"`).join(", ")}.` };
  };
}

function readStdin() {
  return fs.readFileSync(0, "utf8");
}

function writeJson(obj, opts) {
  const indent = opts.indent !== null ? opts.indent : opts.pretty ? 2 : 0;
  return JSON.stringify(obj, null, indent || undefined);
}

function standardJson(opts) {
  const inputText = opts.files.length && opts.files[0] !== "-" ? fs.readFileSync(opts.files[0], "utf8") : readStdin();
  let input;
  try {
    input = JSON.parse(inputText);
  } catch (e) {
    process.stdout.write(JSON.stringify({ errors: [{ component: "general", formattedMessage: `Error: Invalid JSON input: ${e.message}`, message: `Invalid JSON input: ${e.message}`, severity: "error", type: "JSONError" }] }) + "\n");
    return;
  }
  const callback = makeImportCallback(opts, []);
  const output = solc.compile(JSON.stringify(input), { import: callback });
  process.stdout.write(output + "\n");
}

// Map one contract's standard-json output to the native --combined-json field.
function combinedField(field, contract) {
  const evm = contract.evm || {};
  switch (field) {
    case "abi": return contract.abi;
    case "asm": return evm.legacyAssembly;
    case "bin": return evm.bytecode && evm.bytecode.object;
    case "bin-runtime": return evm.deployedBytecode && evm.deployedBytecode.object;
    case "devdoc": return contract.devdoc;
    case "userdoc": return contract.userdoc;
    case "function-debug": return evm.bytecode && evm.bytecode.functionDebugData;
    case "function-debug-runtime": return evm.deployedBytecode && evm.deployedBytecode.functionDebugData;
    case "generated-sources": return evm.bytecode && evm.bytecode.generatedSources;
    case "generated-sources-runtime": return evm.deployedBytecode && evm.deployedBytecode.generatedSources;
    case "hashes": return evm.methodIdentifiers;
    case "metadata": return contract.metadata;
    case "opcodes": return evm.bytecode && evm.bytecode.opcodes;
    case "srcmap": return evm.bytecode && evm.bytecode.sourceMap;
    case "srcmap-runtime": return evm.deployedBytecode && evm.deployedBytecode.sourceMap;
    case "storage-layout": return contract.storageLayout;
    case "transient-storage-layout": return contract.transientStorageLayout;
    default: return undefined;
  }
}

const SELECTION = {
  "abi": ["abi"], "asm": ["evm.legacyAssembly"], "bin": ["evm.bytecode.object"],
  "bin-runtime": ["evm.deployedBytecode.object"], "devdoc": ["devdoc"], "userdoc": ["userdoc"],
  "function-debug": ["evm.bytecode.functionDebugData"],
  "function-debug-runtime": ["evm.deployedBytecode.functionDebugData"],
  "generated-sources": ["evm.bytecode.generatedSources"],
  "generated-sources-runtime": ["evm.deployedBytecode.generatedSources"],
  "hashes": ["evm.methodIdentifiers"], "metadata": ["metadata"], "opcodes": ["evm.bytecode.opcodes"],
  "srcmap": ["evm.bytecode.sourceMap"], "srcmap-runtime": ["evm.deployedBytecode.sourceMap"],
  "storage-layout": ["storageLayout"], "transient-storage-layout": ["transientStorageLayout"],
};

function combinedJson(opts) {
  const fields = opts.combined.split(",").filter(Boolean);
  for (const f of fields) {
    if (f !== "ast" && !COMBINED_FIELDS.includes(f)) fail(`Invalid option to --combined-json: ${f}`);
  }
  if (!opts.files.length) fail("No input files given. If you wish to use the standard input please specify \"-\" explicitly.");
  const sources = {};
  const inputDirs = [];
  for (const file of opts.files) {
    if (file === "-") {
      sources["<stdin>"] = { content: readStdin() };
    } else {
      if (!fs.existsSync(file)) fail(`"${file}" is not found.`);
      const basePath = opts.basePath ? path.resolve(opts.basePath) : process.cwd();
      const abs = path.resolve(file);
      const unit = isWithin(abs, basePath) ? path.relative(basePath, abs) : file;
      sources[unit] = { content: fs.readFileSync(file, "utf8") };
      inputDirs.push(path.dirname(abs));
    }
  }
  const outputs = fields.filter((f) => f !== "ast").flatMap((f) => SELECTION[f]);
  const settings = {
    optimizer: { enabled: opts.optimize, runs: opts.optimizeRuns === null ? 200 : opts.optimizeRuns },
    outputSelection: { "*": { "*": outputs, "": fields.includes("ast") ? ["ast"] : [] } },
    remappings: opts.remappings,
  };
  if (opts.evmVersion) settings.evmVersion = opts.evmVersion;
  if (opts.viaIR) settings.viaIR = true;
  if (opts.metadataHash) settings.metadata = { bytecodeHash: opts.metadataHash };
  const input = { language: "Solidity", sources, settings };
  const output = JSON.parse(solc.compile(JSON.stringify(input), { import: makeImportCallback(opts, inputDirs) }));

  const errors = (output.errors || []).filter((e) => e.severity === "error");
  for (const e of output.errors || []) process.stderr.write((e.formattedMessage || e.message) + "\n");
  if (errors.length) process.exit(1);

  const result = { contracts: {}, version: nativeVersion() };
  for (const [file, contracts] of Object.entries(output.contracts || {})) {
    for (const [name, contract] of Object.entries(contracts)) {
      const entry = {};
      for (const f of fields) {
        if (f === "ast") continue;
        const v = combinedField(f, contract);
        if (v !== undefined) entry[f] = v;
      }
      result.contracts[`${file}:${name}`] = entry;
    }
  }
  if (fields.includes("ast")) {
    result.sourceList = Object.keys(output.sources || {});
    result.sources = {};
    for (const [file, src] of Object.entries(output.sources || {})) {
      result.sources[file] = { AST: src.ast, id: src.id };
    }
  }
  const text = writeJson(result, opts);
  if (opts.outputDir) {
    const target = path.join(opts.outputDir, "combined.json");
    if (fs.existsSync(target) && !opts.overwrite) {
      fail(`Refusing to overwrite existing file "${target}" (use --overwrite to force).`);
    }
    fs.mkdirSync(opts.outputDir, { recursive: true });
    fs.writeFileSync(target, text + "\n");
  } else {
    process.stdout.write(text + "\n");
  }
}

function help() {
  process.stdout.write([
    "solc, the Solidity commandline compiler (WebAssembly build behind a native-compatible shim).",
    "",
    "Usage: solc [options] [input_file...]",
    "",
    "Options:",
    "  --help               Show help message and exit.",
    "  --version            Show version and exit.",
    "  --base-path path     Use the given path as the root of the source tree.",
    "  --include-path path  Make an additional source directory available to the default import callback.",
    "  --allow-paths path(s)",
    "                       Allow a given path for imports. A list of paths can be supplied by separating them with a comma.",
    "  --standard-json      Switch to Standard JSON input / output mode.",
    "  --evm-version version",
    "  --optimize           Enable bytecode optimizer.",
    "  --optimize-runs n    The number of runs specifies roughly how often each opcode of the deployed code will be executed.",
    "  --via-ir             Use the new IR-based code generator.",
    "  -o [ --output-dir ] path",
    "  --overwrite",
    "  --combined-json " + COMBINED_FIELDS.join(","),
    "",
  ].join("\n"));
}

function main() {
  const opts = parseArgs(process.argv.slice(2));
  switch (opts.mode) {
    case "version":
      process.stdout.write(`solc, the solidity compiler commandline interface\nVersion: ${nativeVersion()}\n`);
      break;
    case "help": help(); break;
    case "standard-json": standardJson(opts); break;
    case "combined-json": combinedJson(opts); break;
    default:
      fail("This solc shim supports --version, --help, --standard-json and --combined-json; binary outputs such as --bin are not supported.");
  }
}

main();
