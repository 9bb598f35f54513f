/*
 * Copyright 2026 The zmtp-netty authors. Licensed under the Apache License, Version 2.0.
 *
 * What client.js and server.js share with each other and with the C peers (zmtp_peer_common.h): exit codes,
 * argument parsing, the security-mechanism switch and the deterministic payload pattern.
 * zeromq.js is found through NODE_PATH (scripts/peers/install-zeromqjs.sh prints where it is installed).
 */
"use strict";

const EXIT = Object.freeze({ OK: 0, ZMQ_ERROR: 1, USAGE: 2, TIMEOUT: 3, MISMATCH: 4 });

class PeerFailure extends Error {
  constructor(code, message) {
    super(message);
    this.code = code;
  }
}

/** Parses `--name value` pairs; unknown options are usage errors. */
function parseArgs(argv, defaults, usage) {
  const options = { ...defaults };
  for (let a = 0; a < argv.length; a += 2) {
    const name = argv[a];
    if (!name.startsWith("--") || a + 1 >= argv.length || !(name.slice(2) in defaults)) {
      throw new PeerFailure(EXIT.USAGE, usage);
    }
    options[name.slice(2)] = argv[a + 1];
  }
  for (const [name, value] of Object.entries(options)) {
    if (value === undefined) throw new PeerFailure(EXIT.USAGE, usage);
  }
  return options;
}

function parseInteger(name, value, min, max) {
  if (!/^[0-9]+$/.test(String(value)) || Number(value) < min || Number(value) > max) {
    throw new PeerFailure(EXIT.USAGE, `--${name} must be an integer in [${min}, ${max}], got '${value}'`);
  }
  return Number(value);
}

/**
 * Returns the socket options for the security mechanism. Only NULL exists today; PLAIN and CURVE get their own
 * cases (with credentials from further options) when the tests need them. Anything else is refused, so a typo
 * never silently runs NULL.
 */
function mechanismOptions(mechanism, asServer) {
  switch (mechanism) {
    case "null":
      return {};
    case "plain":
    case "curve":
      throw new PeerFailure(EXIT.USAGE, `--mechanism ${mechanism} is not implemented by this peer yet`);
    default:
      throw new PeerFailure(EXIT.USAGE, `unknown --mechanism '${mechanism}' (expected null, plain or curve)`);
  }
}

/** Byte i of message k; the same function as peer_pattern_byte() in zmtp_peer_common.h. */
function patternByte(seed, k, i) {
  return (seed + k * 131 + i * 7 + Math.floor(i / 256)) & 0xff;
}

function pattern(seed, k, size) {
  const buffer = Buffer.allocUnsafe(size);
  for (let i = 0; i < size; i++) buffer[i] = patternByte(seed, k, i);
  return buffer;
}

/** Runs `main`, maps failures to exit codes with one line on stderr, and exits. */
function run(name, main) {
  main().then(
    () => process.exit(EXIT.OK),
    (error) => {
      const code = error instanceof PeerFailure ? error.code : EXIT.ZMQ_ERROR;
      process.stderr.write(`${name}: ${error instanceof PeerFailure ? error.message : error.stack || error}\n`);
      process.exit(code);
    });
}

module.exports = { EXIT, PeerFailure, parseArgs, parseInteger, mechanismOptions, pattern, run };
