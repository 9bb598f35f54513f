/*
 * Copyright 2026 The zmtp-netty authors. Licensed under the Apache License, Version 2.0.
 */
package io.zmtp.server.cli;

import io.zmtp.codec.mechanism.ZmtpCurveKeyPair;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

/**
 * {@code zmtp-server keygen}: prints a new CURVE key pair as two lines, {@code public: <Z85>} and
 * {@code secret: <Z85>}. The output, saved to a file, is accepted by {@code --curve-secret-key-file}.
 */
@Command(name = "keygen", mixinStandardHelpOptions = true,
        description = "Prints a new CURVE key pair: 'public: <Z85>' and 'secret: <Z85>'.")
final class KeygenCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() {
        ZmtpCurveKeyPair keys = ZmtpCurveKeyPair.generate();
        PrintWriter out = spec.commandLine().getOut();
        out.println("public: " + keys.publicKeyZ85());
        out.println("secret: " + keys.secretKeyZ85());
        out.flush();
        return 0;
    }
}
