/*
 * Copyright 2026 The zmtp-netty authors. Licensed under the Apache License, Version 2.0.
 */
package io.zmtp.socket.internal;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * How a socket handler's received bodies reach its receive queue: in batches of {@value ReceivedBodies#DELIVER_BATCH}
 * (or the high-water mark, if smaller) during a read loop, the rest at its end, and a wake-up for parked receivers
 * when the loop's last batch was handed over before it ended.
 */
class ReceivedBodiesTest {

    /** What reached the queue, in order: "deliver N" (mid-read), "deliver N end", "wake". */
    private final List<String> events = new ArrayList<>();

    private final ReceivedBodies.Queue queue = new ReceivedBodies.Queue() {
        @Override
        public void deliver(List<ByteBuf> bodies, boolean endOfRead) {
            events.add("deliver " + bodies.size() + (endOfRead ? " end" : ""));
            bodies.forEach(ByteBuf::release);
        }

        @Override
        public void wakeReceivers() {
            events.add("wake");
        }
    };

    private final EmbeddedChannel channel = new EmbeddedChannel();

    private static ByteBuf body() {
        return Unpooled.copiedBuffer("x", StandardCharsets.US_ASCII);
    }

    @Test
    void aReadLoopIsHandedOverEveryBatchAndItsRestAtTheEnd() {
        ReceivedBodies received = new ReceivedBodies(queue, 1000);
        for (int i = 0; i < ReceivedBodies.DELIVER_BATCH * 2 + 5; i++) {
            received.accept(body());
        }
        received.endOfRead();
        assertEquals(List.of("deliver 64", "deliver 64", "deliver 5 end"), events);
    }

    @Test
    void aReadLoopWhoseLastBatchCameMidReadWakesTheReceiversAtItsEnd() {
        ReceivedBodies received = new ReceivedBodies(queue, 1000);
        for (int i = 0; i < ReceivedBodies.DELIVER_BATCH; i++) {
            received.accept(body());
        }
        received.endOfRead();
        received.endOfRead(); // an empty read loop: nothing to say
        assertEquals(List.of("deliver 64", "wake"), events);
    }

    @Test
    void aHighWaterMarkBelowTheBatchSizeIsTheBatchSize() {
        ReceivedBodies received = new ReceivedBodies(queue, 3);
        for (int i = 0; i < 7; i++) {
            received.accept(body());
        }
        received.endOfRead();
        assertEquals(List.of("deliver 3", "deliver 3", "deliver 1 end"), events);
    }

    @Test
    void closingReleasesWhatWasNotHandedOverAndWhateverComesAfter() {
        ReceivedBodies received = new ReceivedBodies(queue, 1000);
        ByteBuf held = body();
        received.accept(held);
        received.close();
        assertEquals(0, held.refCnt());
        ByteBuf late = body();
        received.accept(late);
        assertEquals(0, late.refCnt());
        assertEquals(List.of(), events);
        assertFalse(channel.finish());
    }
}
