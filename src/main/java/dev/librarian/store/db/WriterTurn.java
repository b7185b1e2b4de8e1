package dev.librarian.store.db;

import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The store's single writer's turn, in arrival order except that shared transactions of small writes (accepted
 * documents, status changes, cached answers: {@link GroupCommit}) go ahead of the waiting long ones (a document's
 * merge, its chunks): a burst of uploads is answered while indexing runs, instead of each upload waiting behind
 * the merges queued before it. Long transactions still get their turn whenever no shared one waits, and a shared
 * transaction holds the turn only for a moment.
 */
final class WriterTurn {

    private final ReentrantLock lock = new ReentrantLock(true);
    private final Condition released = lock.newCondition();
    private boolean taken;
    private int sharedWaiting;

    /** Waits for the turn; {@code shared}: a shared transaction of small writes, served first. */
    void take(boolean shared) {
        lock.lock();
        try {
            if (shared) {
                sharedWaiting++;
            }
            try {
                while (taken || (!shared && sharedWaiting > 0)) {
                    released.awaitUninterruptibly();
                }
            } finally {
                if (shared) {
                    sharedWaiting--;
                }
            }
            taken = true;
        } finally {
            lock.unlock();
        }
    }

    void release() {
        lock.lock();
        try {
            taken = false;
            released.signalAll();
        } finally {
            lock.unlock();
        }
    }
}
