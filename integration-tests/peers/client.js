/*
 * Copyright 2026 The zmtp-netty authors. Licensed under the Apache License, Version 2.0.
 *
 * A zeromq.js CLIENT with the same command line and exit codes as zmtp_client_peer.c: it connects to one
 * endpoint, sends --count single-part messages whose sizes cycle through --sizes, filled with a deterministic
 * pattern, and checks every echo byte for byte and in order, with up to --window messages in flight.
 *
 *   NODE_PATH=<zeromq.js dir>/node_modules node client.js --mechanism null --connect tcp://127.0.0.1:5555
 *       [--count 1000] [--sizes 0,1,255,256,65535,65536,1048576] [--seed 1] [--window 8] [--timeout-ms 10000]
 *       [--socket-type client]
 *   with --mechanism plain:  --plain-user NAME --plain-password PW
 *   with --mechanism curve:  --curve-server-key Z85 --curve-public-key Z85 --curve-secret-key Z85
 *
 * Exit status: 0 every echo matched (one summary line on stdout); 2 bad arguments; 3 a send or an echo timed out;
 * 4 an echo differed; 1 any other error. The reason is on stderr.
 */
"use strict";

const {
  EXIT, PeerFailure, SECURITY_DEFAULTS, SECURITY_USAGE, parseArgs, parseInteger, securityOptions, pattern, run,
} = require("./zmtp_peer_common.js");

const USAGE = "usage: client.js --mechanism null|plain|curve --connect ENDPOINT [--count N] [--sizes S1,S2,...] "
  + "[--seed N] [--window N] [--timeout-ms N] [--socket-type client] " + SECURITY_USAGE;

async function main() {
  const args = parseArgs(process.argv.slice(2), {
    mechanism: undefined, connect: undefined, count: "1000", sizes: "0,1,255,256,65535,65536,1048576",
    seed: "1", window: "8", "timeout-ms": "10000", "socket-type": "client", ...SECURITY_DEFAULTS,
  }, USAGE);
  const count = parseInteger("count", args.count, 0, 100000000);
  const seed = parseInteger("seed", args.seed, 0, 0x7fffffff);
  const window = parseInteger("window", args.window, 1, 1000);
  const timeoutMs = parseInteger("timeout-ms", args["timeout-ms"], 1, 3600000);
  const sizes = args.sizes.split(",").map((s) => parseInteger("sizes", s, 0, 256 * 1024 * 1024));
  if (args["socket-type"] !== "client") {
    // The negative DEALER cell uses the C peer; this one only needs CLIENT.
    throw new PeerFailure(EXIT.USAGE, `unknown --socket-type '${args["socket-type"]}' (expected client)`);
  }
  const security = await securityOptions(args, false);

  const zmq = require("zeromq/draft");
  const socket = new zmq.Client({ linger: 0, receiveTimeout: timeoutMs, sendTimeout: timeoutMs, ...security });
  socket.connect(args.connect);

  const sizeOf = (k) => sizes[k % sizes.length];
  let sent = 0;
  let received = 0;
  let bytes = 0;
  while (received < count) {
    if (sent < count && sent - received < window) {
      const size = sizeOf(sent);
      try {
        await socket.send(pattern(seed, sent, size));
      } catch (error) {
        if (error.code === "EAGAIN") {
          throw new PeerFailure(EXIT.TIMEOUT, `could not send message #${sent} (${size} bytes) within ${timeoutMs} ms`);
        }
        throw error;
      }
      sent++;
    } else {
      const size = sizeOf(received);
      let frames;
      try {
        frames = await socket.receive();
      } catch (error) {
        if (error.code === "EAGAIN") {
          throw new PeerFailure(EXIT.TIMEOUT, `no echo of message #${received} (${size} bytes) within ${timeoutMs} ms`);
        }
        throw error;
      }
      if (frames.length !== 1) {
        throw new PeerFailure(EXIT.MISMATCH, `the echo of message #${received} has ${frames.length} frames`);
      }
      const echo = frames[0];
      if (echo.length !== size) {
        throw new PeerFailure(EXIT.MISMATCH,
          `the echo of message #${received} has ${echo.length} bytes, expected ${size}`);
      }
      const expected = pattern(seed, received, size);
      if (!echo.equals(expected)) {
        let i = 0;
        while (echo[i] === expected[i]) i++;
        throw new PeerFailure(EXIT.MISMATCH, `the echo of message #${received} (${size} bytes) differs at offset `
          + `${i}: 0x${echo[i].toString(16)}, expected 0x${expected[i].toString(16)}`);
      }
      bytes += size;
      received++;
    }
  }
  process.stdout.write(`ok: ${received} messages, ${bytes} bytes echoed byte for byte\n`);
  socket.close();
}

run("client.js", main);
