/*
 * Copyright 2026 The zmtp-netty authors. Licensed under the Apache License, Version 2.0.
 */
package io.zmtp.socket.internal;

import io.zmtp.socket.SocketClosedException;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The receive queue every socket shares, on one thread: fairness, marks, the hold on a pipe that does not read. */
class FairQueueTest {

    private final List<String> released = new ArrayList<>();

    private FairQueue<String> queue(FairQueue.Marks marks) {
        return new FairQueue<>(marks, new ReceiveSpin(Duration.ZERO, Duration.ZERO), String::length,
                released::add, "closed");
    }

    /** A pipe whose reading the queue pauses and resumes. */
    private static final class Pipe implements FairQueue.Reading {
        boolean reading = true;

        @Override
        public void pause() {
            reading = false;
        }

        @Override
        public void resume() {
            reading = true;
        }
    }

    private static void deliver(FairQueue<String> q, Inbox<String> inbox, String... messages) {
        long size = 0;
        for (String m : messages) {
            size += m.length();
        }
        q.deliver(inbox, List.of(messages), size, true);
    }

    @Test
    void takesOneMessageFromEachPipeInTurn() throws InterruptedException {
        FairQueue<String> q = queue(FairQueue.Marks.NONE);
        Inbox<String> a = q.newInbox(new Pipe());
        Inbox<String> b = q.newInbox(new Pipe());
        deliver(q, a, "a1", "a2", "a3");
        deliver(q, b, "b1");
        List<String> taken = new ArrayList<>();
        for (String m; (m = q.take(0)) != null; ) {
            taken.add(m);
        }
        assertEquals(List.of("a1", "b1", "a2", "a3"), taken);
        assertEquals(0, q.depth());
    }

    @Test
    void aPipeStopsBeingReadAtItsMarkInMessagesOrOctetsAndResumesAtHalf() throws InterruptedException {
        FairQueue<String> q = queue(new FairQueue.Marks(4, 10, Long.MAX_VALUE));
        Pipe pipe = new Pipe();
        Inbox<String> in = q.newInbox(pipe);
        deliver(q, in, "aaaaaa", "bbbbbb");
        assertFalse(pipe.reading, "12 octets: at the mark of 10");
        assertTrue(in.isReadPaused());
        q.take(0);
        assertFalse(pipe.reading, "6 octets: above half the mark");
        q.take(0);
        assertTrue(pipe.reading, "drained: read again");
        deliver(q, in, "1", "2", "3", "4");
        assertFalse(pipe.reading, "4 messages: at the mark");
        q.take(0);
        q.take(0);
        assertTrue(pipe.reading, "2 messages: half the mark");
    }

    @Test
    void pastMaxQueuedBytesEachPipeThatDeliversPausesUntilTheQueueHalves() throws InterruptedException {
        FairQueue<String> q = queue(new FairQueue.Marks(Integer.MAX_VALUE, Long.MAX_VALUE, 10));
        Pipe first = new Pipe();
        Pipe second = new Pipe();
        Inbox<String> a = q.newInbox(first);
        Inbox<String> b = q.newInbox(second);
        deliver(q, a, "aaaaaaaa");
        assertTrue(first.reading);
        deliver(q, b, "bbb");
        assertFalse(second.reading, "11 octets in all");
        assertTrue(first.reading, "only the pipe that delivered pauses");
        assertEquals(11, q.bytes());
        q.take(0);
        assertTrue(second.reading, "3 octets left, under half of 10");
        q.take(0);
    }

    @Test
    void aPipeWhoseSendQueueIsFullIsHeldUntilItsRoomIsFreed() throws InterruptedException {
        FairQueue<String> q = queue(FairQueue.Marks.NONE);
        AtomicBoolean full = new AtomicBoolean();
        Inbox<String> slow = q.newInbox(new Pipe()).holdWhile(full::get);
        Inbox<String> other = q.newInbox(new Pipe());
        deliver(q, slow, "s1", "s2");
        assertEquals("s1", q.take(0));
        full.set(true);
        deliver(q, other, "o1");
        assertEquals("o1", q.take(0), "the slow pipe is held, the other served");
        assertNull(q.take(0));
        assertTrue(slow.isHeld());
        assertEquals(1, q.heldInboxes());
        deliver(q, slow, "s3");
        assertNull(q.take(0), "what a held pipe delivers waits too");
        full.set(false);
        assertTrue(slow.releaseHold());
        assertFalse(slow.releaseHold(), "a hold is cleared once");
        q.sendRoomFreed(slow);
        assertEquals("s2", q.take(0));
        assertEquals("s3", q.take(0));
        assertEquals(0, q.heldInboxes());
    }

    @Test
    void aHoldFoundClearedWhenItIsSetIsUndoneAtOnce() throws InterruptedException {
        FairQueue<String> q = queue(FairQueue.Marks.NONE);
        boolean[] answers = {true, false}; // full when first asked, room when asked again after the hold is set
        int[] asked = {0};
        Inbox<String> in = q.newInbox(new Pipe()).holdWhile(() -> answers[Math.min(asked[0]++, 1)]);
        deliver(q, in, "m");
        assertEquals("m", q.take(0));
        assertFalse(in.isHeld());
    }

    @Test
    void closingReleasesWhatNobodyTookAndEveryLaterDelivery() throws InterruptedException {
        FairQueue<String> q = queue(FairQueue.Marks.NONE);
        AtomicBoolean full = new AtomicBoolean(true);
        Inbox<String> a = q.newInbox(new Pipe());
        Inbox<String> held = q.newInbox(new Pipe()).holdWhile(full::get);
        deliver(q, a, "a1");
        deliver(q, held, "h1");
        assertEquals("a1", q.take(0));
        assertNull(q.take(0)); // holds the second pipe
        q.close();
        assertEquals(List.of("h1"), released);
        deliver(q, a, "late");
        assertEquals(List.of("h1", "late"), released);
        assertThrows(SocketClosedException.class, () -> q.take(-1));
        assertEquals(0, q.depth());
    }

    @Test
    void aFutureIsCompletedAtOnceWhenAMessageWaitsElseByTheDeliveryAheadOfReceivers() throws Exception {
        FairQueue<String> q = queue(FairQueue.Marks.NONE);
        Inbox<String> in = q.newInbox(new Pipe());
        deliver(q, in, "first");
        assertEquals("first", q.takeAsync().getNow(null));
        CompletableFuture<String> waiting = q.takeAsync();
        assertFalse(waiting.isDone());
        deliver(q, in, "second", "third");
        assertEquals("second", waiting.getNow(null), "the delivery completed it");
        assertEquals("third", q.take(0), "the rest stays for receivers");
        assertEquals(0, q.depth());
    }

    @Test
    void aCancelledFutureIsPassedOverAndLosesNoMessage() throws Exception {
        FairQueue<String> q = queue(FairQueue.Marks.NONE);
        Inbox<String> in = q.newInbox(new Pipe());
        CompletableFuture<String> cancelled = q.takeAsync();
        CompletableFuture<String> next = q.takeAsync();
        cancelled.cancel(false);
        deliver(q, in, "one", "two");
        assertEquals("one", next.getNow(null), "a cancelled future is passed over");
        assertEquals("two", q.take(0));
        assertNull(q.take(0));
        assertEquals(List.of(), released, "nothing lost, nothing released");
    }

    @Test
    void closingFailsWaitingFutures() {
        FairQueue<String> q = queue(FairQueue.Marks.NONE);
        CompletableFuture<String> waiting = q.takeAsync();
        q.close();
        assertTrue(waiting.isCompletedExceptionally());
        assertTrue(q.takeAsync().isCompletedExceptionally());
    }
}
