/*
 * Copyright 2026 The zmtp-netty authors. Licensed under the Apache License, Version 2.0.
 *
 * A zeromq.js SERVER with the same command line and exit codes as zmtp_server_peer.c: it binds one endpoint,
 * prints the endpoint it really bound (one line on stdout, so `*` can be used for the port), then sends every
 * message back to the routing id it came from. Runs until killed, or until it has echoed --count messages.
 *
 *   NODE_PATH=<zeromq.js dir>/node_modules node server.js --mechanism null --bind 'tcp://127.0.0.1:*' [--count 0]
 *   with --mechanism plain:  --plain-user NAME --plain-password PW   (the only credentials its ZAP handler accepts)
 *   with --mechanism curve:  --curve-secret-key Z85 [--curve-public-key Z85] [--curve-allow Z85]
 *                            (without --curve-allow: no ZAP handler, any client key is accepted)
 *
 * A ZAP handler reports each refusal on stderr ("ZAP handler refused ...").
 *
 * Exit status: 0 after --count echoes; 2 bad arguments; 1 any other error. The reason is on stderr.
 */
"use strict";

const { SECURITY_DEFAULTS, SECURITY_USAGE, parseArgs, parseInteger, securityOptions, run } =
  require("./zmtp_peer_common.js");

const USAGE = "usage: server.js --mechanism null|plain|curve --bind ENDPOINT [--count N] " + SECURITY_USAGE;

async function main() {
  const args = parseArgs(process.argv.slice(2),
    { mechanism: undefined, bind: undefined, count: "0", ...SECURITY_DEFAULTS }, USAGE);
  const count = parseInteger("count", args.count, 0, 100000000); // 0: echo until killed
  // Starts the ZAP handler, when one is needed, before the socket exists.
  const security = await securityOptions(args, true);

  const zmq = require("zeromq/draft");
  // A reply that cannot be queued within 10 s means the peer is stuck; say so rather than hang.
  const socket = new zmq.Server({ linger: 0, sendTimeout: 10000, ...security });
  await socket.bind(args.bind);
  process.stdout.write(`${socket.lastEndpoint}\n`);

  for (let echoed = 0; count === 0 || echoed < count; echoed++) {
    const [message, { routingId }] = await socket.receive();
    try {
      await socket.send(message, { routingId });
    } catch (error) {
      // The peer may have left (EHOSTUNREACH): report it and keep serving the others.
      process.stderr.write(`server.js: echo of a ${message.length}-byte message to routing id ${routingId} `
        + `failed: ${error.message}\n`);
    }
  }
  socket.close();
}

run("server.js", main);
