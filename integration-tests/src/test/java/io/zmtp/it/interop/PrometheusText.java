/*
 * Copyright 2026 The zmtp-netty authors. Licensed under the Apache License, Version 2.0.
 */
package io.zmtp.it.interop;

/** Reads values out of a Prometheus text exposition, as the server's {@code GET /metrics} returns it. */
final class PrometheusText {

    private PrometheusText() {
    }

    /**
     * Returns the sum of the samples of {@code metric} whose label set contains {@code labels} (e.g.
     * {@code outcome="success"}; empty: every sample), or 0 when there is none.
     */
    static double value(String exposition, String metric, String labels) {
        double sum = 0;
        for (String line : exposition.split("\n")) {
            if (line.startsWith("#") || !line.startsWith(metric)) {
                continue;
            }
            String rest = line.substring(metric.length());
            String labelSet = "";
            if (rest.startsWith("{")) {
                int end = rest.indexOf('}');
                labelSet = rest.substring(1, end);
                rest = rest.substring(end + 1);
            } else if (!rest.startsWith(" ")) {
                continue; // another metric whose name starts with this one
            }
            if (labelSet.contains(labels)) {
                sum += Double.parseDouble(rest.strip().split(" ")[0]);
            }
        }
        return sum;
    }
}
