package dev.librarian.intake;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class IntakeFirstTest {

    @Test
    void thePipelineWaitsUntilTheInsertsBeingAcceptedAreAnswered() throws Exception {
        IntakeFirst intake = new IntakeFirst(Duration.ofMillis(20), Duration.ofSeconds(10));
        long start = System.nanoTime();
        intake.yieldToIntake();
        assertTrue(System.nanoTime() - start < TimeUnit.MILLISECONDS.toNanos(500), "no insert: no wait");

        intake.onExchangeBegin(null, null);
        intake.onExchangeBegin(null, null);
        CompletableFuture<Long> document = CompletableFuture.supplyAsync(() -> {
            intake.yieldToIntake();
            return System.nanoTime();
        });
        Thread.sleep(150);
        assertFalse(document.isDone(), "two inserts being accepted");
        intake.onExchangeDone(null, null);
        Thread.sleep(150);
        assertFalse(document.isDone(), "one insert still being accepted");
        long answered = System.nanoTime();
        intake.onExchangeDone(null, null);
        long started = document.get(5, TimeUnit.SECONDS);
        assertTrue(started - answered >= TimeUnit.MILLISECONDS.toNanos(20), "and a moment after the last answer");
    }

    @Test
    void insertsThatNeverStopDelayEachDocumentOnlyUpToTheLimit() {
        IntakeFirst intake = new IntakeFirst(Duration.ofMillis(20), Duration.ofMillis(300));
        intake.onExchangeBegin(null, null);
        long start = System.nanoTime();
        intake.yieldToIntake();
        long waited = System.nanoTime() - start;
        assertTrue(waited >= TimeUnit.MILLISECONDS.toNanos(300), "waited " + waited / 1_000_000 + " ms");
        assertTrue(waited < TimeUnit.SECONDS.toNanos(3), "waited " + waited / 1_000_000 + " ms");
    }
}
