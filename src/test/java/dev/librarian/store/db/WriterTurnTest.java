package dev.librarian.store.db;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static dev.librarian.testing.RunningLibrarian.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Uploads answered while indexing writes: a shared transaction of small writes (an accepted document) waiting for
 * the writer's turn goes ahead of a long one (a document's merge) that came earlier; among long ones, arrival order.
 */
class WriterTurnTest {

    @Test
    void a_shared_transaction_goes_ahead_of_long_ones_that_came_first() throws Exception {
        WriterTurn turn = new WriterTurn();
        List<String> order = new CopyOnWriteArrayList<>();
        turn.take(false);
        Thread merge1 = writer(turn, false, "merge 1", order);
        awaitWaiting(merge1);
        Thread merge2 = writer(turn, false, "merge 2", order);
        awaitWaiting(merge2);
        Thread accept = writer(turn, true, "accept", order);
        awaitWaiting(accept);

        turn.release();
        for (Thread t : List.of(merge1, merge2, accept)) {
            t.join(5000);
        }
        assertEquals(List.of("accept", "merge 1", "merge 2"), order);
    }

    private static Thread writer(WriterTurn turn, boolean shared, String name, List<String> order) {
        Thread t = new Thread(() -> {
            turn.take(shared);
            order.add(name);
            turn.release();
        }, name);
        t.start();
        return t;
    }

    private static void awaitWaiting(Thread t) {
        await(Duration.ofSeconds(5), () -> t.getState() == Thread.State.WAITING, t.getName() + " waiting for its turn");
    }
}
