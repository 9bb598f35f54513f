/*
 * Copyright 2026 The zmtp-netty authors. Licensed under the Apache License, Version 2.0.
 *
 * What client.js and server.js share with each other and with the C peers (zmtp_peer_common.h): exit codes,
 * argument parsing, the security mechanisms (NULL, PLAIN, CURVE, with a ZAP handler for the servers that need one)
 * and the deterministic payload pattern.
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

/** The security options of both peers (values: null when not given), to merge into parseArgs' defaults. */
const SECURITY_DEFAULTS = Object.freeze({
  "plain-user": null, "plain-password": null, "curve-server-key": null, "curve-public-key": null,
  "curve-secret-key": null, "curve-allow": null,
});

const SECURITY_USAGE = "[--plain-user NAME --plain-password PW] [--curve-server-key Z85] [--curve-public-key Z85] "
  + "[--curve-secret-key Z85] [--curve-allow Z85]";

const Z85_ALPHABET = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ.-:+=^!/*?&<>()[]{}@%$#";

/** Decodes a CURVE key given as 40 Z85 characters (32 octets), or fails with a usage error. */
function decodeKey(name, z85) {
  const fail = () => new PeerFailure(EXIT.USAGE, `--${name} must be a CURVE key in Z85 (40 characters), got '${z85}'`);
  if (typeof z85 !== "string" || z85.length !== 40) throw fail();
  const key = Buffer.alloc(32);
  for (let group = 0; group < 8; group++) {
    let value = 0;
    for (let c = 0; c < 5; c++) {
      const digit = Z85_ALPHABET.indexOf(z85[group * 5 + c]);
      if (digit < 0) throw fail();
      value = value * 85 + digit;
    }
    if (value > 0xffffffff) throw fail();
    key.writeUInt32BE(value, group * 4);
  }
  return key;
}

/**
 * Returns the socket options for the security mechanism of `args` (parsed with SECURITY_DEFAULTS), the same
 * switch as peer_apply_mechanism() in zmtp_peer_common.h:
 *
 *   --mechanism null    none
 *   --mechanism plain   client: --plain-user NAME --plain-password PW
 *                       server: --plain-user NAME --plain-password PW, the only credentials its ZAP handler accepts
 *   --mechanism curve   client: --curve-server-key Z85 --curve-public-key Z85 --curve-secret-key Z85
 *                       server: --curve-secret-key Z85 [--curve-public-key Z85] [--curve-allow Z85]
 *
 * A server that needs a ZAP handler (PLAIN always, since libzmq 4.2.3 refuses every PLAIN client without one;
 * CURVE with --curve-allow) gets one started in zeromq.js's global context, the context of the peer's own socket,
 * before this returns. An option the mechanism and role do not use is a usage error, so a typo never silently changes a test.
 */
async function securityOptions(args, asServer) {
  const mechanism = args.mechanism;
  const role = asServer ? "server" : "client";
  const given = (name) => args[name] !== null && args[name] !== undefined;
  const refuse = (...names) => names.forEach((name) => {
    if (given(name)) throw new PeerFailure(EXIT.USAGE, `--${name} is not used by a --mechanism ${mechanism} ${role}`);
  });
  const need = (...names) => names.forEach((name) => {
    if (!given(name)) throw new PeerFailure(EXIT.USAGE, `a --mechanism ${mechanism} ${role} needs --${name}`);
  });
  switch (mechanism) {
    case "null":
      refuse(...Object.keys(SECURITY_DEFAULTS));
      return {};
    case "plain": {
      need("plain-user", "plain-password");
      refuse("curve-server-key", "curve-public-key", "curve-secret-key", "curve-allow");
      const user = args["plain-user"];
      const password = args["plain-password"];
      if (Buffer.byteLength(user) > 255 || Buffer.byteLength(password) > 255) {
        throw new PeerFailure(EXIT.USAGE, "--plain-user and --plain-password are at most 255 octets");
      }
      if (!asServer) return { plainUsername: user, plainPassword: password };
      const accepts = (credentials) => credentials.length === 2
        && credentials[0].equals(Buffer.from(user)) && credentials[1].equals(Buffer.from(password));
      await startZapHandler("PLAIN", (credentials) => accepts(credentials) ? null
        : `PLAIN user '${credentials.length > 0 ? credentials[0].toString() : ""}' (wrong user name or password)`,
      user);
      return { plainServer: true };
    }
    case "curve": {
      need("curve-secret-key");
      refuse("plain-user", "plain-password");
      decodeKey("curve-secret-key", args["curve-secret-key"]);
      const options = {};
      if (given("curve-public-key")) {
        decodeKey("curve-public-key", args["curve-public-key"]);
        options.curvePublicKey = args["curve-public-key"];
      }
      options.curveSecretKey = args["curve-secret-key"];
      if (asServer) {
        refuse("curve-server-key");
        if (given("curve-allow")) {
          const allowed = decodeKey("curve-allow", args["curve-allow"]);
          const accepts = (credentials) => credentials.length === 1 && credentials[0].equals(allowed);
          const shown = (credentials) => credentials.length === 1 && credentials[0].length === 32
            ? encodeKey(credentials[0]) : "(not a 32-octet key)";
          await startZapHandler("CURVE", (credentials) => accepts(credentials) ? null
            : `CURVE client key ${shown(credentials)} (not the --curve-allow key)`, "");
        }
        return { curveServer: true, ...options };
      }
      refuse("curve-allow");
      need("curve-server-key", "curve-public-key");
      decodeKey("curve-server-key", args["curve-server-key"]);
      return { curveServerKey: args["curve-server-key"], ...options };
    }
    default:
      throw new PeerFailure(EXIT.USAGE, `unknown --mechanism '${mechanism}' (expected null, plain or curve)`);
  }
}

function encodeKey(key) {
  let text = "";
  for (let offset = 0; offset < key.length; offset += 4) {
    let value = key.readUInt32BE(offset);
    const group = [];
    for (let c = 0; c < 5; c++) {
      group.unshift(Z85_ALPHABET[value % 85]);
      value = Math.floor(value / 85);
    }
    text += group.join("");
  }
  return text;
}

/**
 * Serves 27/ZAP on inproc://zeromq.zap.01 with a Reply socket in zeromq.js's global context, which the peer's own
 * socket shares (zeromq.js ships no ZAP helper). A REP socket strips the envelope: a request is version, request id,
 * domain, address, identity, mechanism, credentials; the reply is version, request id, status code, status text,
 * user id, metadata. `refusal(credentials)` returns null to accept, or the reason to report on stderr (400).
 * A failure of the handler itself ends the process with exit status 1.
 */
async function startZapHandler(mechanism, refusal, userId) {
  // REQ/REP live in "zeromq" (not "zeromq/draft"); both use the same native addon and so the same global context.
  const { Reply } = require("zeromq");
  const zap = new Reply({ linger: 0 });
  await zap.bind("inproc://zeromq.zap.01");
  (async () => {
    for await (const request of zap) {
      let status = "400";
      let text = "refused";
      let reason;
      if (request.length < 6 || request[0].toString() !== "1.0") {
        status = "500";
        text = "malformed ZAP request";
        reason = `a malformed ZAP request of ${request.length} frames`;
      } else if (request[5].toString() !== mechanism) {
        reason = `a ZAP request for mechanism '${request[5].toString()}' (expected ${mechanism})`;
      } else {
        reason = refusal(request.slice(6));
        if (reason === null) {
          status = "200";
          text = "OK";
        } else {
          text = mechanism === "PLAIN" ? "wrong user name or password" : "unknown client key";
        }
      }
      if (status !== "200") {
        process.stderr.write(`${PEER_NAME.value}: ZAP handler refused ${reason} with ${status}\n`);
      }
      await zap.send(["1.0", request.length > 1 ? request[1] : "", status, text, status === "200" ? userId : "", ""]);
    }
  })().catch((error) => {
    process.stderr.write(`${PEER_NAME.value}: ZAP handler failed: ${error.stack || error}\n`);
    process.exit(EXIT.ZMQ_ERROR);
  });
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

/** The running peer's name, for messages from outside `main` (the ZAP handler). */
const PEER_NAME = { value: "zmtp-peer" };

/** Runs `main`, maps failures to exit codes with one line on stderr, and exits. */
function run(name, main) {
  PEER_NAME.value = name;
  main().then(
    () => process.exit(EXIT.OK),
    (error) => {
      const code = error instanceof PeerFailure ? error.code : EXIT.ZMQ_ERROR;
      process.stderr.write(`${name}: ${error instanceof PeerFailure ? error.message : error.stack || error}\n`);
      process.exit(code);
    });
}

module.exports = {
  EXIT, PeerFailure, SECURITY_DEFAULTS, SECURITY_USAGE, parseArgs, parseInteger, securityOptions, pattern, run,
};
